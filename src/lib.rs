//! # tifa (提法) — tag Chinese government work reports with policy themes
//!
//! Work reports of sub-district, district and provincial offices (工作总结, 工作计划, 政府工作报告) are
//! full of policy formulations: 百千万工程, 省委“1310”具体部署, 五社联动, 河长制, 瓶改管, 第一议题 …
//! tifa reads a dictionary of such terms, grouped by theme in TOML rule files, compiles all of them
//! into one pattern set searched in a single pass, and tags every paragraph of a report with themes, the terms that
//! gave each theme, and the offsets of every match.
//!
//! The common case is one line:
//!
//! ```
//! let report = tifa::Tagger::builtin().tag("认真对照省委“1310”具体部署，全面推行河长制。");
//! let themes: Vec<&str> = report.paragraphs[0].themes.iter().map(|t| t.id.as_str()).collect();
//! assert!(themes.contains(&"higher_directives"));
//! assert!(themes.contains(&"ecology_environment"));
//! ```
//!
//! A library user depends on the crate without its default feature `cli` (the command line tool's
//! dependencies: clap, hyper, tokio …), which the library does not need:
//!
//! ```toml
//! tifa = { path = "../tifa", default-features = false }
//! ```
//!
//! The Python extension is the separate feature `python`. Build a [`Tagger`] once (about 100 ms in
//! release) and share it, as an `Arc<Tagger>` between threads (`Clone` is a deep copy);
//! `examples/tag.rs` (`cargo run --example tag`) shows the library at work.
//!
//! A bare number is not a slogan: `1310` only counts as a deployment name.
//!
//! ```
//! let report = tifa::Tagger::builtin().tag("全年办结群众诉求1310宗。");
//! assert!(report.paragraphs[0].themes.iter().all(|t| t.id != "higher_directives"));
//! ```
//!
//! ## Design
//!
//! * **Rules are data.** [`RuleSet::builtin`] holds the default rule set (`rules/*.toml`, one theme
//!   per file, embedded at build time). [`RuleSet::builder`] adds a user's files on top — to add
//!   themes, add terms to a theme, or switch themes and terms off — or replaces the defaults.
//!   Every problem in a rule file is collected with its file, line and column ([`RuleErrors`]);
//!   errors happen only when rules are built, never while tagging. Entries that can never change a
//!   match (an exclusion without a term to cancel, a `words` entry no whole-word term is cut out of)
//!   are warnings of the built set ([`RuleSet::warnings`]), not errors.
//! * **One search, longest within each theme.** All terms of all themes go into one pattern set whose
//!   search finds every occurrence, overlapping ones included; guards are checked per term, and within each
//!   theme the leftmost-longest accepted match is kept, so 百县千镇万村高质量发展工程 is one match of its
//!   theme and not 高质量发展 inside it again. A term of one theme is never lost to a longer term of
//!   another theme (nested scope = theme); `exclude` says where an inner term does not count.
//! * **Whole words.** A term of at most two characters (or one marked `whole-word`) matches only where
//!   no longer word covers it or crosses its edge: a term of another theme, or a `words` entry of the
//!   rule set (军人 is not counted inside 领军人物). The longer word counts wherever its text stands,
//!   whether or not its own guards accept it there: a guard says whether a word is evidence for its
//!   theme, not whether it is a word. A theme that should score inside such a word lists the word too.
//! * **Proximity and clause terms.** `all = ["河道", "整治"]` matches when the words stand within
//!   `within` characters of each other in any order, inside one sentence (two to
//!   [`MAX_PROXIMITY_WORDS`] words; the nearest occurrence of each word counts). A literal match of its
//!   theme that overlaps it wins, unless that literal is one of its own words (the weak term 粮食
//!   and 粮食…增产 both count; the report then holds both, one inside the other). `clause = [...]` and
//!   `work = true` make a term count only where its clause does the work.
//! * **Guards and exclusions** keep generic or numeric terms honest: `1310` needs quotation marks or
//!   a nearby 省委/部署; 安全 inside 粮食安全 can be cancelled by an exclusion phrase; a term that starts
//!   or ends with a digit never matches inside a longer number.
//! * **Normalisation keeps offsets.** Matching runs on a folded copy of each paragraph (Traditional
//!   → Simplified character for character, full-width → ASCII, whitespace, line breaks and quotation
//!   marks skipped, so 三小场所 matches “三小”场所),
//!   and every match is mapped back to the original text.
//! * **Paragraphs, sections, parts.** [`segment`] cuts pasted reports into paragraphs as their layout
//!   says (a text wrapped at a width like a PDF goes on past every full line, a web page's line is a
//!   paragraph; first-line indents start paragraphs),
//!   follows headings (一、 （一） 一是 1.) into a section path, tells the
//!   summary part from the plan part, and marks web-page boilerplate (known page furniture such as
//!   您现在的位置 anywhere, and a run of short lines such as 小程序 / 手机版 / 微信 after the last sentence).
//! * **Scores.** A theme tags a paragraph when the summed weights of its distinct matched terms reach
//!   the theme's threshold; weak terms (weight below the threshold) need other evidence.
//! * **Closing paragraphs.** The speech's closing call (各位代表！让我们……！), the thanks that close a
//!   summary (……是……的结果。在此，……表示衷心的感谢！) and a plan's one-sentence call for more
//!   (新的一年，……作出新的更大贡献！) — see [`is_closing_exhortation`]; recognised on the folded text,
//!   so 各位代表！讓我們……！ too — are framing, which gets no theme: there only a theme whose rules say
//!   `closing = true` ([`Theme::closing`]; of the defaults, `higher_directives`, for the deployments
//!   such a call names, and `party_building`, for 两个确立, 两个维护 and the like) is tagged. The other themes' matches stay in the paragraph's matches, as those
//!   of a theme under its threshold do, and [`Tagger::explain`]'s candidates still accept them.
//! * **Document titles.** A title line at the top that names a work document (…局2021年工作总结,
//!   个人述职述廉报告; see [`names_a_document`]) names its office and year, not a piece of work: it gets
//!   no theme, its matches listed as under a threshold. So does the line of an official's own report
//!   that states their portfolio (本人2016年度分管农业、林业、水务等工作。; see [`is_portfolio_statement`]).
//! * **Offsets three ways.** Every span in a [`Report`] is given in chars, UTF-8 bytes and UTF-16
//!   code units, so that Rust, Python-style tools and JavaScript can all slice the text.
//! * **No copy per match.** A [`Report`] borrows the tagged text (each match's `text` is a slice of
//!   it; [`Report::into_owned`] copies them), and names terms and themes with [`SharedStr`]s, shared
//!   with the tagger. [`Tagger::paragraphs`] tags one paragraph at a time and
//!   [`Tagger::tag_streamed`] writes a report's JSON as it tags, so a long text's report is never
//!   held whole (the command's `--format json` does this).
//!
//! Extending the defaults with a theme of one's own:
//!
//! ```
//! let rules = tifa::RuleSet::builder()
//!     .source("night_economy.toml", r#"
//! name = "夜间经济"
//! terms = ["夜间经济", "夜经济"]
//! examples = ["打造{{夜间经济}}集聚区。"]
//! counter-examples = ["夜间施工。"]
//! "#)
//!     .build()
//!     .unwrap();
//! let tagger = tifa::Tagger::new(rules);
//! assert!(tagger.check_examples().is_empty());
//! let report = tagger.tag("培育夜间经济。");
//! assert!(report.paragraphs[0].themes.iter().any(|t| t.id == "night_economy"));
//! ```

#![warn(missing_docs)]

mod buffers;
#[cfg(feature = "decode")]
pub mod decode;
#[cfg(feature = "doc")]
pub mod doc;
#[cfg(feature = "docx")]
pub mod docx;
mod error;
mod eval;
mod gaps;
#[cfg(feature = "html")]
pub mod html;
mod mine;
mod normalize;
#[cfg(feature = "pdf")]
pub mod pdf;
mod report;
mod rules;
mod scan;
mod segment;
// a heapsort for the sorts off the tagging path (the size of the wasm)
mod sort;
mod t2s;
mod tagger;
#[cfg(test)]
mod testing;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

#[cfg(feature = "python")]
mod python;

pub use error::{RuleError, RuleErrors, RuleWarning};
pub use eval::{Evaluation, GoldError, GoldRecord, LeftOut, Miss, ThemeScore, evaluate};
pub use gaps::{Gap, GapKind, gaps};
pub use mine::{
    DEMOTE_MIN_WRONG, Demotion, Effect, Excerpt, ExclusionCandidate, FUNCTION_CHARS, MAX_CHARS, MIN_CHARS, MineError,
    MineOptions, Mining, NoisyTerm, TermCandidate, ThemeMining, demotes, lone_evidence, mine, read_gold, valid_phrase,
};
pub use report::{
    Report, ReportMatch, ReportParagraph, ReportTheme, RulesInfo, SharedList, SharedStr, Span, Summary, ThemeSummary,
};
pub use rules::{
    CompactError, DEFAULT_RULES_LABEL, Example, LEVELS, LeftOutExample, MAX_PATTERN_CHARS, MAX_PROXIMITY_WORDS,
    MAX_RULES_BYTES, RuleSet, RuleSetBuilder, SubTheme, SwitchedOff, Term, Theme, toml_string,
};
pub use segment::{
    ParagraphKind, Part, Segment, is_closing_exhortation, is_portfolio_statement, names_a_document, segment,
};
pub use tagger::{Candidate, ExampleFailure, MissedGuard, Paragraphs, Rejection, StreamedReport, Tagger};

/// The version of tifa, as in Cargo.toml.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The examples of the README run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

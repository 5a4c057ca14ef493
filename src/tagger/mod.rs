//! The tagger: one search for every pattern of every term (see [`crate::scan`]), guards, scores and
//! the report.
//!
//! The rooms: this file holds [`Tagger`] and its public API (building, tagging, explaining) and
//! makes a paragraph's report; [`compile`] builds a tagger from the rules; [`pieces`] cuts the text
//! into the paragraphs the tagger takes; [`find`] searches one paragraph, checking each candidate
//! with [`guard`]; [`score`] scores a paragraph's themes; [`stream`] gives the report a paragraph at
//! a time; [`examples`] runs the rules' examples.

mod compile;
mod examples;
mod find;
mod guard;
mod pieces;
mod score;
mod stream;

use std::borrow::Cow;
use std::cell::RefCell;
use std::sync::Arc;

use serde::Serialize;

use crate::buffers::give_back;
use crate::report::{OffsetCounter, Report, ReportMatch, ReportParagraph, RulesInfo, SharedList, Span, SummaryCounts};
use crate::rules::RuleSet;
use crate::scan::Scanner;
use crate::segment::{ParagraphKind, Segment};
use compile::{Exclusions, GuardCode, GuardWord, Names, PatternHot, PatternUse, TermInfo};
pub use examples::ExampleFailure;
use find::{ByTerms, Logged, TermIds};
pub(crate) use find::{FindBuffers, RawMatch};
pub use guard::{MissedGuard, Rejection};
pub(crate) use pieces::paragraphs_of;
use score::ScoreBuffers;
pub use stream::{Paragraphs, StreamedReport};

/// Tags text with the themes of a [`RuleSet`].
///
/// Building compiles every term of every theme into one pattern set (a trie with a filter on the first
/// two characters); tagging is then a single pass over each paragraph that finds every occurrence of every term (overlapping ones included), checks
/// guards, and keeps, theme by theme, the leftmost-longest of the accepted matches. A `Tagger` is
/// immutable and can be shared between threads.
///
/// Building costs far more than tagging (in release, about 100 ms for [`RuleSet::builtin`] and 15 ms
/// for [`Tagger::new`]): build one at start-up and share it. `Clone` is a deep copy of the compiled
/// rules (about 10 ms): share a tagger between threads as an `Arc<Tagger>` (or `&Tagger` in scoped
/// threads and rayon), not by cloning it.
///
/// ```
/// use std::sync::Arc;
/// let tagger = Arc::new(tifa::Tagger::builtin());
/// let handles: Vec<_> = ["全面推行河长制。", "完成瓶改管。"]
///     .into_iter()
///     .map(|text| {
///         let tagger = Arc::clone(&tagger);
///         std::thread::spawn(move || tagger.tag(text).summary.matches)
///     })
///     .collect();
/// assert!(handles.into_iter().all(|h| h.join().unwrap() >= 1));
/// ```
#[derive(Debug, Clone)]
pub struct Tagger {
    rules: RuleSet,
    /// Every pattern: literal terms, words of proximity terms, `words` and exclusion phrases.
    scanner: Scanner,
    /// For each pattern of the scanner, in its order (byte order), what it stands for.
    patterns: Vec<PatternUse>,
    /// For each pattern, what the scan and the checks look at for every occurrence: its terms (its
    /// one term, or a run of `pattern_terms`) and what else it is. Small lists that stay in the cache: an
    /// occurrence of a pattern that is only a term never loads its [`PatternUse`].
    pattern_hot: Vec<PatternHot>,
    /// The terms of every pattern of several terms, one run after another (see [`PatternHot`]).
    pattern_terms: Vec<u32>,
    /// The context guards of the terms that have one ([`TermInfo::guard`]), their words side by side
    /// and the words' text in one string: a check reads three short lists, not a term, its guard's
    /// lists of strings and each string.
    guards: Vec<GuardCode>,
    guard_words: Vec<GuardWord>,
    guard_text: String,
    /// Length in bytes of the longest pattern (how far back a word overlapping a match can start).
    longest_pattern: usize,
    exclusions: Option<Exclusions>,
    /// The exclusion phrases that are not also terms or words: the automaton's last patterns.
    exclusion_only: Vec<String>,
    /// The names that reports give, made once and shared with every report.
    names: Arc<Names>,
    /// Per term, what the checks of a candidate need to know first (a small list that stays in the
    /// cache, where the terms themselves are large).
    term_info: Vec<TermInfo>,
}

/// Buffers of `find` larger than this are given back after the paragraph (see [`FindBuffers::trim`]).
const KEEP_BUFFER_BYTES: usize = 4 << 20;

/// One candidate found by the automaton, accepted or not, with the reasons (see [`Tagger::explain`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Candidate {
    /// Where it is in the whole text, in chars, UTF-8 bytes and UTF-16 units (in JSON its six
    /// fields stand in the candidate's object, as a match's do).
    #[serde(flatten)]
    pub span: Span,
    /// The rule's term.
    pub term: String,
    /// The original text.
    pub text: String,
    /// Themes that counted it.
    pub accepted: Vec<String>,
    /// Themes that did not, and why.
    pub rejected: Vec<(String, Rejection)>,
}

/// The theme lists of the matches accepted by several terms, made by [`Tagger::report_match`] once
/// per set of terms and report, and shared by all its matches of those terms (one theme's list is
/// the tagger's own, `Names::theme_alone`).
type ThemeLists = ByTerms<SharedList>;

impl Tagger {
    /// Compiles `rules` into a tagger.
    pub fn new(rules: RuleSet) -> Tagger {
        compile::build(rules)
    }

    /// A tagger over the embedded default rules. Each call reads and compiles them again (about
    /// 115 ms in release): keep the tagger. [`RuleSet::from_compact`] is a faster start from rules
    /// written once by [`RuleSet::to_compact`].
    pub fn builtin() -> Tagger {
        Tagger::new(RuleSet::builtin())
    }

    /// The rules this tagger was built from.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// The distinct patterns of the term automaton, in its pattern order: the folded literal terms,
    /// the folded words of proximity terms and the `words` lexicon (what `tifa terms --patterns`
    /// exports for the benchmark's peers).
    pub fn patterns(&self) -> Vec<&str> {
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        let literal = self.rules.terms.iter().flat_map(|t| {
            if t.is_proximity() {
                t.folded_all.iter().map(String::as_str).collect::<Vec<_>>()
            } else {
                vec![t.folded.as_str()]
            }
        });
        let out: Vec<&str> = literal
            .chain(self.rules.words.iter().map(String::as_str))
            .filter(|p| seen.insert(p, 0).is_none())
            .collect();
        debug_assert_eq!(out.len(), self.patterns.len() - self.exclusion_only.len());
        out
    }

    /// Every pattern of the automaton that tagging runs, in its pattern order: [`Tagger::patterns`],
    /// then the exclusion phrases that are not among them (searched in the same pass). What the
    /// benchmark compares the tagger with.
    pub fn automaton_patterns(&self) -> Vec<&str> {
        let mut out = self.patterns();
        out.extend(self.exclusion_only.iter().map(String::as_str));
        out
    }

    /// Segments `text` into paragraphs and tags each one.
    ///
    /// Each call has a fixed cost besides the text's: the report's `rules` and a `summary` of every
    /// theme (some 100 small allocations). For millions of short paragraphs, tag them as one text
    /// (one per line) through [`Tagger::paragraphs`] rather than one `tag()` each.
    ///
    /// The report borrows `text` (the `text` of every match is a slice of it); see
    /// [`Tagger::paragraphs`] to handle one paragraph at a time and [`Tagger::tag_streamed`] to write
    /// the JSON of a long text without holding its report.
    ///
    /// Never panics. A paragraph of 4 GiB or more (offsets inside a paragraph are kept in 32 bits) is
    /// cut into pieces shorter than 4 GiB, each a paragraph of the report (with the paragraph's kind,
    /// section and part): a cut falls just after the last sentence end (。！？；) or line break of the
    /// piece's last 64 KiB, else at its last char boundary; a match that would cross a cut is lost.
    /// [`Tagger::paragraphs`], [`Tagger::tag_streamed`] and [`Tagger::explain`] cut the same way.
    pub fn tag<'t>(&self, text: &'t str) -> Report<'t> {
        let mut stream = self.paragraphs(text);
        let paragraphs: Vec<ReportParagraph<'t>> = stream.by_ref().collect();
        Report { tifa: crate::VERSION, rules: RulesInfo::new(&self.rules), paragraphs, summary: stream.summary() }
    }

    /// The paragraphs of [`Tagger::tag`]'s report, tagged one at a time as the iterator is advanced;
    /// [`Paragraphs::summary`] then gives the report's summary of the paragraphs seen so far. Memory
    /// holds the paragraph list of segmentation, not the report. A paragraph of 4 GiB or more comes
    /// in pieces, as in [`Tagger::tag`].
    pub fn paragraphs<'a, 't>(&'a self, text: &'t str) -> Paragraphs<'a, 't> {
        self.paragraphs_of_segments(text, paragraphs_of(text))
    }

    /// [`Tagger::paragraphs`] over the given paragraphs of `text` (each at most
    /// [`MAX_PARAGRAPH_BYTES`](pieces::MAX_PARAGRAPH_BYTES) long).
    fn paragraphs_of_segments<'a, 't>(&'a self, text: &'t str, segments: Vec<Segment>) -> Paragraphs<'a, 't> {
        Paragraphs {
            tagger: self,
            text,
            segments: segments.into_iter().enumerate(),
            scratch: Scratch {
                find: FindBuffers::releasing_above(KEEP_BUFFER_BYTES),
                score: ScoreBuffers::default(),
                theme_ids: Vec::new(),
                counter: OffsetCounter::default(),
                raw: Vec::new(),
                counts: SummaryCounts::new(self.rules.themes.len()),
                lists: ThemeLists::default(),
            },
        }
    }

    /// The report of `text` as a value that serialises exactly as [`Tagger::tag`]'s report does
    /// (`serde_json::to_writer(out, &tagger.tag_streamed(text))`), tagging each paragraph as it is
    /// written: the report is never held whole, and its `summary`, which comes last, is counted on
    /// the way.
    ///
    /// # Errors
    ///
    /// Serialise it once: a second serialisation fails (with the serializer's custom error, "the
    /// streamed report is serialised already"), as the paragraphs are used up. A paragraph of 4 GiB
    /// or more comes in pieces, as in [`Tagger::tag`].
    pub fn tag_streamed<'a, 't>(&'a self, text: &'t str) -> StreamedReport<'a, 't> {
        StreamedReport { paragraphs: RefCell::new(self.paragraphs(text)), used: std::cell::Cell::new(false) }
    }

    /// Tags one segment (the paragraph `index` of `text`) for [`Paragraphs`]. With `build_matches`
    /// unset, the paragraph's `matches` are left empty and its accepted matches stay in `p.raw`, to be
    /// written one at a time by [`Tagger::report_match`] (the streamed report: a paragraph of millions
    /// of matches is then never held as report matches).
    fn tag_segment<'t>(
        &self,
        text: &'t str,
        index: usize,
        seg: Segment,
        p: &mut Scratch,
        build_matches: bool,
    ) -> ReportParagraph<'t> {
        // Matches lie inside the paragraph, so the counter visits paragraph start, each match, then
        // the paragraph end: the paragraph's span is put together from its two ends.
        let (start, byte_start, utf16_start) = p.counter.advance(text, seg.start);
        let mut themes = Vec::new();
        let mut matches = Vec::new();
        p.theme_ids.clear();
        give_back(&mut p.raw, KEEP_BUFFER_BYTES);
        p.raw.clear();
        let theme_of = |t: u32| self.term_info[t as usize].theme as usize;
        if seg.kind != ParagraphKind::Boilerplate {
            self.find(text, seg.start..seg.end, &seg.passed_over, &mut p.find, &mut p.raw, None);
            // a document's title line (…2023年工作总结) names the document, and a statement of one's
            // portfolio (本人分管……等工作) the areas in one's charge, not their work: no theme (asked of the
            // folded copy, which such a line, short, still holds)
            let document = !p.raw.is_empty() && crate::segment::gets_no_theme_folded(seg.kind, &p.find.norm.text);
            // the folded copy and the search's lists of a long paragraph go before its report is made
            // (`find` has asked the folded copy whether the paragraph is a closing paragraph)
            p.find.trim(KEEP_BUFFER_BYTES);
            if document {
                p.score.out.clear();
            } else {
                self.score_into(&p.raw, p.find.closing, &mut p.score);
            }
            if !p.score.out.is_empty() {
                themes.reserve_exact(p.score.out.len());
                for (i, th) in p.score.out.drain(..) {
                    p.theme_ids.push(i);
                    themes.push(th);
                }
            }
            if build_matches {
                matches.reserve_exact(p.raw.len());
                for m in &p.raw {
                    matches.push(self.report_match(text, m, &mut p.counter, &mut p.lists));
                }
            }
        }
        let (end, byte_end, utf16_end) = p.counter.advance(text, seg.end);
        p.counts.add(
            seg.kind,
            p.theme_ids.iter().copied(),
            p.raw.len(),
            p.raw.iter().flat_map(|m| m.terms.iter().map(|&t| theme_of(t))),
        );
        ReportParagraph {
            index,
            span: Span { start, end, byte_start, byte_end, utf16_start, utf16_end },
            section: seg.section,
            part: seg.part,
            kind: seg.kind,
            themes,
            matches,
        }
    }

    /// The report's match for `m`, its offsets counted by `counter` (which must not have passed it),
    /// its themes from `lists` (which holds the report's lists of several themes so far).
    fn report_match<'t>(
        &self,
        text: &'t str,
        m: &RawMatch,
        counter: &mut OffsetCounter,
        lists: &mut ThemeLists,
    ) -> ReportMatch<'t> {
        let names = &*self.names;
        let theme_of = |t: u32| self.term_info[t as usize].theme as usize;
        // the accepting terms of one pattern belong to different themes: a theme cannot list the
        // same (folded) term twice, so the ids are distinct
        let ids: SharedList = match &m.terms {
            TermIds::One(t) => names.theme_alone[theme_of(*t)].clone(),
            TermIds::Many(terms) => {
                lists.entry(terms, || terms.iter().map(|&t| names.theme_id[theme_of(t)].clone()).collect()).1.clone()
            }
        };
        ReportMatch {
            span: counter.span(text, m.span.start, m.span.end),
            term: names.term_text[m.terms[0] as usize].clone(),
            text: Cow::Borrowed(&text[m.span.clone()]),
            themes: ids,
        }
    }

    /// Every candidate the automaton finds in `text`, with the themes that counted it and the reasons
    /// the others did not (guards, exclusions, digits, longer words). Boilerplate lines are skipped as
    /// in [`Tagger::tag`], and a paragraph of 4 GiB or more is searched in the same pieces.
    pub fn explain(&self, text: &str) -> Vec<Candidate> {
        let mut buf = FindBuffers::default();
        let mut raw = Vec::new();
        let mut log = Vec::new();
        for seg in paragraphs_of(text) {
            if seg.kind == ParagraphKind::Boilerplate {
                continue;
            }
            raw.clear(); // only the log is read here
            let from = log.len();
            self.find(text, seg.start..seg.end, &seg.passed_over, &mut buf, &mut raw, Some(&mut log));
            self.near_misses(text, seg.start..seg.end, &buf.norm, &buf.prox_whole, &mut log, from);
        }
        let mut counter = OffsetCounter::default();
        log.into_iter()
            .map(|Logged { span, term, accepted, rejected }| {
                let bytes = span;
                let span = counter.span(text, bytes.start, bytes.end);
                let theme_of = |t: u32| self.rules.themes[self.rules.terms[t as usize].theme].id.clone();
                Candidate {
                    span,
                    term: self.rules.terms[term as usize].text.clone(),
                    text: text[bytes].to_string(),
                    accepted: accepted.into_iter().map(theme_of).collect(),
                    rejected: rejected.into_iter().map(|(t, r)| (theme_of(t), r)).collect(),
                }
            })
            .collect()
    }

    /// Runs every example and counter-example of the rule set; returns the failures.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        self.run_examples()
    }
}

/// The buffers and counters that tagging carries from one paragraph to the next.
struct Scratch {
    find: FindBuffers,
    score: ScoreBuffers,
    /// The themes of the paragraph, by index.
    theme_ids: Vec<usize>,
    counter: OffsetCounter,
    raw: Vec<RawMatch>,
    counts: SummaryCounts,
    lists: ThemeLists,
}

//! The rule language: TOML theme files, read into a [`RuleSet`].
//!
//! One file is one theme; its file stem is the theme id. The keys are documented in `rules/README.md`.
//! The work is done in three rooms:
//!
//! * [`read`] — the TOML reader: `toml`'s recoverable parser keeps the position of every key and
//!   value, and each file is walked by hand so that every problem (syntax, unknown key, wrong type,
//!   bad value) is collected with its line and column instead of stopping at the first. A new rule
//!   key is added there: one arm in `FileReader::read` (top level) or `FileReader::term_table`
//!   (`[[term]]`), and the field it fills in [`Guard`] or [`Term`].
//! * [`draft`] — a theme as read from one or more files, and how an overlay file merges into it
//!   (`remove` acts on the files before it; a term given again keeps its earlier definition).
//! * [`compile`] — the checks across files (unknown removed terms, sub-theme references, examples,
//!   default examples left out for a removed term) and the
//!   compiled [`RuleSet`] that [`crate::Tagger::new`] turns into an automaton.
//! * [`lint`] — the warnings of a compiled set: exclusion phrases and `words` entries that can never
//!   change a match ([`RuleSet::warnings`]).

use std::ops::Range;
use std::path::Path;

use crate::error::{RuleError, RuleErrors, RuleWarning};

mod compact;
mod compile;
mod digest;
mod draft;
mod hints;
mod info;
mod lint;
mod read;
mod syntax;

pub use compact::CompactError;
use compile::compile;
use digest::RulesDigest;
use draft::{Draft, DraftTerm, Listed};
use read::FileReader;
pub use syntax::toml_string;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The provenance levels a term may name.
pub const LEVELS: &[&str] = &["中央", "省", "市", "区", "县", "街镇"];

/// Default reach of a guard (`window`), in characters.
pub(crate) const DEFAULT_WINDOW: usize = 8;
/// The weight of a weak term (`weak = [...]`, `weak = true`).
pub(crate) const WEAK_WEIGHT: f32 = 0.5;
/// Terms of at most this many characters match only as whole words (see [`Term::whole_word`]).
pub(crate) const SHORT_TERM_CHARS: usize = 2;
/// The words that `work = true` asks for in a term's clause: verbs and results of doing the work, as
/// opposed to a place, sector or statistic named in passing.
pub const WORK_WORDS: &[&str] = &[
    "推进", "推动", "加强", "加快", "实施", "开展", "建设", "建成", "完善", "落实", "深化", "健全", "提升", "打造",
    "强化", "创建", "培育", "扩大", "促进", "完成", "新建", "改造", "整治", "治理", "保障", "优化", "规范", "启动",
    "实现", "新增", "增长", "下降", "开工", "投入", "出台", "制定", "建立", "组织", "举办", "办理", "处置", "化解",
    "排查", "整改", "帮扶", "救助", "服务", "提供", "解决", "支持", "扶持", "做好", "抓好", "狠抓", "坚持", "发展",
    "壮大", "覆盖", "提高", "增加", "降低", "攻坚", "巩固", "拓展", "加大",
];
/// Default reach of a proximity term (`all = [...]`): characters allowed between its words.
pub(crate) const DEFAULT_WITHIN: usize = 8;

/// A theme: a set of terms that together recognise one kind of work.
#[derive(Debug, Clone)]
pub struct Theme {
    /// Stable id, the rule file's stem (e.g. `gas_pipeline`).
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// English name (the id when a user's theme gives none).
    pub name_en: String,
    /// What the theme covers.
    pub description: String,
    /// Summed weight of distinct matched terms a paragraph needs to get the theme.
    pub threshold: f32,
    /// Whether the theme may tag a closing paragraph (`closing = true`; a closing call or thanks, see
    /// [`is_closing_exhortation`](crate::is_closing_exhortation)): that framing gets no theme but one
    /// that says so (the named higher-level deployments of `higher_directives`, the party-building
    /// formulas of `party_building`).
    pub closing: bool,
    /// Sub-themes, whose full ids are `theme.sub`.
    pub sub_themes: Vec<SubTheme>,
    /// The file the theme was defined in (the first one, for an extended theme); a default theme's
    /// reads `<default rules>/ID.toml` ([`DEFAULT_RULES_LABEL`]).
    pub file: String,
    pub(crate) exclude: Vec<String>,
}

/// A named group of terms inside a theme.
#[derive(Debug, Clone)]
pub struct SubTheme {
    /// Full id, `theme_id.sub_id`.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
}

/// A term of a theme, with its weight, note and provenance.
#[derive(Debug, Clone)]
pub struct Term {
    /// The term as written in the rule file.
    pub text: String,
    /// Index of its theme in [`RuleSet::themes`].
    pub theme: usize,
    /// Full id of its sub-theme, if any.
    pub sub_theme: Option<String>,
    /// Weight towards the theme's threshold.
    pub weight: f32,
    /// What the slogan means, for readers.
    pub note: Option<String>,
    /// Level that introduced it: 中央, 省, 市, 区, 县 or 街镇.
    pub level: Option<String>,
    /// Region it comes from (全国, 广东, 深圳 …).
    pub region: Option<String>,
    /// Year introduced.
    pub year: Option<i64>,
    /// Whether the term matches only as a whole word: not where a longer word of the lexicon (a term of
    /// another theme, or a `words` entry) covers it or crosses its edge. On by default for terms of at
    /// most two characters (军人 is not matched inside 领军人物, 安全 not inside 粮食安全).
    pub whole_word: bool,
    /// For a proximity term (`all = [...]`): its words, which must all occur within
    /// [`Term::within`] characters of each other, in any order, inside one sentence. Empty otherwise.
    pub all: Vec<String>,
    /// For a proximity term: the most characters allowed between its words, all gaps together.
    pub within: usize,
    pub(crate) folded: String,
    /// The folded words of a proximity term.
    pub(crate) folded_all: Vec<String>,
    pub(crate) guard: Guard,
}

impl Term {
    /// Whether this is a proximity term (`all = [...]`) rather than a literal one.
    pub fn is_proximity(&self) -> bool {
        !self.all.is_empty()
    }

    /// The term as matching sees it: folded like the text (Simplified, ASCII lower case, no spaces or
    /// quotation marks). For a proximity term, its folded words joined by `+`.
    pub fn folded(&self) -> &str {
        &self.folded
    }

    /// Whether anything but the automaton decides about a match: a context guard, an exclusion of
    /// the term, or a digit at either end (which must not touch another digit).
    pub fn is_guarded(&self) -> bool {
        let g = &self.guard;
        g.has_positive()
            || !g.not_near.is_empty()
            || !g.not_before.is_empty()
            || !g.not_after.is_empty()
            || !g.exclude.is_empty()
            || g.digit_start
            || g.digit_end
    }
}

/// Conditions on the context of a match. Positive conditions are alternatives; negative ones must all
/// hold.
#[derive(Debug, Clone, Default)]
pub(crate) struct Guard {
    pub quoted: bool,
    pub near: Vec<String>,
    pub before: Vec<String>,
    pub after: Vec<String>,
    pub not_near: Vec<String>,
    pub not_before: Vec<String>,
    pub not_after: Vec<String>,
    pub window: usize,
    pub exclude: Vec<String>,
    /// One of these words must stand in the same clause (between ， 。 ； ： ！ ？).
    pub clause: Vec<String>,
    /// `work = true`: one of [`WORK_WORDS`] in the same clause will also do (an alternative to
    /// `clause`, kept apart from its list so that `explain` can name either).
    pub work: bool,
    /// The term starts / ends with an ASCII digit: it must not touch another digit there.
    pub digit_start: bool,
    pub digit_end: bool,
}

impl Guard {
    pub(crate) fn has_positive(&self) -> bool {
        self.quoted
            || !self.near.is_empty()
            || !self.before.is_empty()
            || !self.after.is_empty()
            || !self.clause.is_empty()
            || self.work
    }

    /// The words of which one must stand in the match's clause: `clause`'s, then the work words
    /// when `work = true`.
    pub(crate) fn clause_words(&self) -> impl Iterator<Item = &str> {
        let work = if self.work { WORK_WORDS } else { &[] };
        self.clause.iter().map(String::as_str).chain(work.iter().copied())
    }
}

/// A sentence in a rule file that must (or must not) tag its theme.
#[derive(Debug, Clone)]
pub struct Example {
    /// Index of the theme in [`RuleSet::themes`].
    pub theme: usize,
    /// The sentence without the `{{ }}` marks.
    pub text: String,
    /// Byte ranges of `text` that the theme must match, exactly (positive examples).
    pub spans: Vec<Range<usize>>,
    /// True for `examples`, false for `counter-examples`.
    pub positive: bool,
    /// Rule file it comes from (`<default rules>/ID.toml` for the default rules).
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// 1-based column (chars) in that file.
    pub column: usize,
    /// The example's place (the opening quote of its string in the rule file, with the source line),
    /// to render a failure with its line and a caret. Every example has one: examples come only from
    /// rule files (a set read from the compact form has none at all), and a user cannot make one.
    pub(crate) place: RuleError,
}

/// A compiled set of themes and terms, ready for [`crate::Tagger::new`].
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) name: String,
    pub(crate) hash: String,
    pub(crate) themes: Vec<Theme>,
    pub(crate) terms: Vec<Term>,
    pub(crate) examples: Vec<Example>,
    /// Folded words of other meanings (`words = [...]` of every file): the lexicon that whole-word
    /// terms must not be cut out of, together with every term.
    pub(crate) words: Vec<String>,
    /// Entries of the rule files that can never change a match (see [`RuleSet::warnings`]).
    pub(crate) warnings: Vec<RuleWarning>,
    /// The themes that a file switched off (see [`RuleSet::switched_off`]).
    pub(crate) switched_off: Vec<SwitchedOff>,
    /// The default examples left out because they use a removed term (see [`RuleSet::examples_left_out`]).
    pub(crate) left_out: Vec<LeftOutExample>,
}

/// An example or counter-example of the default rules that is not run because it uses a term that
/// a user's rule file removed (see [`RuleSet::examples_left_out`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LeftOutExample {
    /// The default rule file of the example (`<default rules>/city_appearance.toml`).
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// 1-based column (chars) in that file.
    pub column: usize,
    /// The removed term that the example's text holds, as the default rules write it.
    pub term: String,
}

/// How the default rule files are named in every place (errors, examples, `Theme::file`): a label,
/// not a folder of the user's, since the files are embedded in the program.
pub const DEFAULT_RULES_LABEL: &str = "<default rules>";

/// A theme that a rule file switched off with `enabled = false` (see [`RuleSet::switched_off`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SwitchedOff {
    /// The theme id.
    pub id: String,
    /// The file whose `enabled = false` switched it off (the last file that set `enabled`).
    pub file: String,
}

impl RuleSet {
    /// The default rule set, embedded in the binary.
    ///
    /// # Panics
    /// Never in a released build: a test checks that the embedded files are valid.
    pub fn builtin() -> RuleSet {
        RuleSet::builder().build().expect("the embedded default rules are valid")
    }

    /// A builder for the defaults extended or replaced by a user's rule files.
    pub fn builder() -> RuleSetBuilder {
        RuleSetBuilder { defaults: true, sources: Vec::new(), read_errors: Vec::new() }
    }

    /// `default`, `default+custom` (defaults with overlays) or `custom`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The tifa version the rules were built by.
    pub fn version(&self) -> &str {
        crate::VERSION
    }

    /// `sha256:` and the first 16 hex digits of a digest of every rule file's name (without its folder)
    /// and contents, in the order the files were given: the order is part of the rules (a later file
    /// overrides an earlier one's scalars, and its `remove` acts on the files before it).
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The active themes, in id order.
    pub fn themes(&self) -> &[Theme] {
        &self.themes
    }

    /// The active terms.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// Number of active terms.
    pub fn term_count(&self) -> usize {
        self.terms.len()
    }

    /// Number of active terms of theme `theme` (an index into [`RuleSet::themes`]).
    pub fn theme_term_count(&self, theme: usize) -> usize {
        self.terms.iter().filter(|t| t.theme == theme).count()
    }

    /// The examples and counter-examples of all themes.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// Entries of the rule files that can never change a match, sorted by file, line and column:
    ///
    /// * a theme's `exclude` phrase that holds no term of the theme (for a proximity term, not all of
    ///   its words), after overlays and `remove`: it never cancels a match;
    /// * a `[[term]]`'s `exclude` phrase that does not hold the term (all the words of a proximity
    ///   term);
    /// * a `words` entry that covers no whole-word term (other than being it) and crosses the edge of
    ///   none, or that is a term already (every term is a word of the lexicon): it never stops a
    ///   match.
    /// * an overlay's term whose text is already a term of the theme in the files read before it, and
    ///   that the overlay does not `remove`: the earlier definition stays (to redefine a term, remove
    ///   it and write it again).
    ///
    /// The set builds all the same and tags as it would without those entries: `tifa check` prints
    /// them and exits 1. Empty for a set read by [`RuleSet::from_compact`] (the compact form keeps no
    /// positions) and for the default rules.
    ///
    /// ```
    /// let rules = tifa::RuleSet::builder()
    ///     .defaults(false)
    ///     .source("rules/eco.toml", "name = \"生态\"\nexclude = [\"粮食安全\"]\nterms = [\"河长制\"]\n")
    ///     .build()
    ///     .unwrap();
    /// let w = &rules.warnings()[0];
    /// assert_eq!((w.file.as_str(), w.line, w.column), ("rules/eco.toml", 2, 12));
    /// assert!(w.render().starts_with("warning: exclusion `粮食安全` of theme `eco`"));
    /// ```
    pub fn warnings(&self) -> &[RuleWarning] {
        &self.warnings
    }

    /// The themes that the rule files define but switched off (`enabled = false`), in id order, with
    /// the file that did it: they are not in [`RuleSet::themes`]. Empty for a set read by
    /// [`RuleSet::from_compact`].
    ///
    /// ```
    /// let rules = tifa::RuleSet::builder().source("my/epidemic_control.toml", "enabled = false\n").build().unwrap();
    /// assert!(rules.theme("epidemic_control").is_none());
    /// assert_eq!(rules.switched_off()[0].id, "epidemic_control");
    /// assert_eq!(rules.switched_off()[0].file, "my/epidemic_control.toml");
    /// ```
    pub fn switched_off(&self) -> &[SwitchedOff] {
        &self.switched_off
    }

    /// The examples and counter-examples of the default rules that are not in [`RuleSet::examples`]
    /// because their text holds a term that a user's file removed (`remove = [...]`; for a proximity
    /// term, all of its words): they test the default rules, which the user changed on purpose, and
    /// the user cannot edit them. In file and line order.
    ///
    /// ```
    /// let rules = tifa::RuleSet::builder().source("my/city_appearance.toml", "remove = [\"垃圾分类\"]\n").build().unwrap();
    /// let left = rules.examples_left_out();
    /// assert!(!left.is_empty() && left.iter().all(|l| l.term == "垃圾分类"));
    /// assert!(left[0].file.starts_with("<default rules>/"));
    /// ```
    pub fn examples_left_out(&self) -> &[LeftOutExample] {
        &self.left_out
    }

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The file names and contents of the embedded default rules: as written, except in the wasm build,
    /// which embeds them without comments and examples (the hash is still that of the files as written).
    pub fn builtin_sources() -> &'static [(&'static str, &'static str)] {
        BUILTIN_RULES
    }
}

/// Builds a [`RuleSet`] from the defaults and a user's rule files.
///
/// ```
/// let rules = tifa::RuleSet::builder()
///     .source("my/night_economy.toml", "name = \"夜间经济\"\nterms = [\"夜间经济\", \"夜市\"]\n")
///     .build()
///     .unwrap();
/// assert!(rules.theme("night_economy").is_some());
/// ```
#[derive(Debug, Clone)]
pub struct RuleSetBuilder {
    defaults: bool,
    sources: Vec<(String, String)>,
    /// Files of a folder that could not be read as UTF-8 text, reported by `build` with the rest.
    read_errors: Vec<RuleError>,
}

/// The most rule text a set may have, defaults included: past it `build` returns an error. It keeps
/// the automaton far below its size limits (the default rules are about 0.3 MiB).
pub const MAX_RULES_BYTES: usize = 16 << 20;

/// The longest term, word of a proximity term, guard word or exclusion phrase, in characters (after
/// folding). The search walks the patterns from every character of the text for at most this many
/// characters, so this bounds its cost per character whatever the text; the longest slogan or full
/// programme name of the default rules is about 20 characters.
pub const MAX_PATTERN_CHARS: usize = 64;

/// The most words a proximity term (`all`) may have. The search keeps which of a term's words a
/// paragraph holds in one byte, and a proximity term of more words than this would hardly ever match
/// (the default rules have at most three).
pub const MAX_PROXIMITY_WORDS: usize = 8;
const _: () = assert!(MAX_PROXIMITY_WORDS <= u8::BITS as usize, "the tagger keeps a bit per word in a byte");

impl RuleSetBuilder {
    /// Whether the embedded default rules come first (default: yes). Without them the user's files
    /// replace the defaults.
    pub fn defaults(mut self, yes: bool) -> Self {
        self.defaults = yes;
        self
    }

    /// Adds a rule file. Its stem is the theme id: an existing theme is extended, a new one added.
    /// A byte-order mark at the start is dropped.
    pub fn source(mut self, file_name: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{FEFF}') {
            text.drain(..'\u{FEFF}'.len_utf8());
        }
        self.sources.push((file_name.into(), text));
        self
    }

    /// The rule files added so far (by [`RuleSetBuilder::source`] and [`RuleSetBuilder::path`]), as
    /// `(file name, text)` in the order added, a byte-order mark dropped; the default rules are not
    /// among them. Given to `source` in this order, with the same `defaults`, they build the same
    /// rules (the same hash) without reading any file again, wherever that happens (the Python
    /// binding pickles a rule set this way). Files that could not be read are not listed: `build`
    /// reports them.
    ///
    /// ```
    /// let builder = tifa::RuleSet::builder().source("my/night.toml", "\u{FEFF}name = \"夜间经济\"\nterms = [\"夜市\"]\n");
    /// let files: Vec<(String, String)> = builder.sources().map(|(n, t)| (n.to_string(), t.to_string())).collect();
    /// assert_eq!(files, [("my/night.toml".to_string(), "name = \"夜间经济\"\nterms = [\"夜市\"]\n".to_string())]);
    /// let again = files.iter().fold(tifa::RuleSet::builder(), |b, (n, t)| b.source(n.as_str(), t.as_str()));
    /// assert_eq!(builder.build().unwrap().hash(), again.build().unwrap().hash());
    /// ```
    pub fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().map(|(name, text)| (name.as_str(), text.as_str()))
    }

    /// Adds every `*.toml` file of a folder (sorted by name; sub-folders are skipped), or one file.
    /// A file that is not UTF-8, or that cannot be read, becomes an error of [`RuleSetBuilder::build`]
    /// with its place, so that the other files are still checked; only a `path` that cannot be read
    /// at all, or a folder without any `*.toml` file (a mistyped folder, or files named `*.TOML`,
    /// would otherwise add nothing without a word), is an error here.
    pub fn path(mut self, path: &Path) -> std::io::Result<Self> {
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml") && !p.is_dir())
                .collect();
            if files.is_empty() {
                return Err(std::io::Error::new(std::io::ErrorKind::NotFound, "no rule file (*.toml) in the folder"));
            }
            files.sort();
            for f in files {
                self = self.file(&f, std::fs::read(&f));
            }
        } else {
            let bytes = std::fs::read(path)?;
            self = self.file(path, Ok(bytes));
        }
        Ok(self)
    }

    fn file(self, path: &Path, bytes: std::io::Result<Vec<u8>>) -> Self {
        let name = path.display().to_string();
        match bytes.map(String::from_utf8) {
            Ok(Ok(text)) => self.source(name, text),
            Ok(Err(e)) => self.read_error(not_utf8(&name, e.as_bytes(), e.utf8_error())),
            Err(e) => self.read_error(RuleError::whole_file(&name, format!("cannot read the file: {e}"))),
        }
    }

    fn read_error(mut self, e: RuleError) -> Self {
        self.read_errors.push(e);
        self
    }

    /// Reads every file and compiles the set; all problems are returned together.
    pub fn build(self) -> Result<RuleSet, RuleErrors> {
        let builtin: &[(&str, &str)] = if self.defaults { BUILTIN_RULES } else { &[] };
        let all: Vec<(&str, &str)> =
            builtin.iter().copied().chain(self.sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))).collect();
        let overlays = !self.sources.is_empty();

        let mut errors = self.read_errors;
        let size: usize = all.iter().map(|(_, t)| t.len()).sum();
        if size > MAX_RULES_BYTES {
            let (file, _) = all.last().copied().unwrap_or(("", ""));
            errors.push(RuleError::whole_file(
                file,
                format!(
                    "the rule files hold {} KiB of text, more than the limit of {} MiB",
                    size.div_ceil(1024),
                    MAX_RULES_BYTES >> 20
                ),
            ));
            return Err(RuleErrors::new(errors));
        }
        // files with a syntax error report nothing after it: it would mostly follow from the first
        let mut cut: Vec<RuleError> = Vec::new();
        let mut drafts: Vec<Draft> = Vec::new();
        // the default files were hashed as written by build.rs (the wasm build embeds them stripped)
        let mut hasher = RulesDigest::new(self.defaults);
        // each file's lines, indexed once at its first error or warning that needs them
        let line_index: Vec<std::cell::OnceCell<crate::error::LineIndex>> =
            all.iter().map(|_| std::cell::OnceCell::new()).collect();
        for (src, &(file, text)) in all.iter().enumerate() {
            if src >= builtin.len() {
                // the file's name, not the folder it was read from: the same rules hash the same in
                // every checkout (the stem is the theme id, so the name is part of the rules)
                let name = Path::new(file).file_name().and_then(|n| n.to_str()).unwrap_or(file);
                hasher.update(name.as_bytes());
                hasher.update(&[0]);
                hasher.update(text.as_bytes());
                hasher.update(&[0]);
            }
            let mut reader = FileReader { src, file, text, errors: &mut errors, lines: &line_index[src] };
            if let Some(mut part) = reader.read() {
                let syntax_error = part.syntax_error.take();
                match drafts.iter_mut().find(|d| d.id == part.id) {
                    Some(existing) => existing.merge(part, &all, &line_index),
                    None => {
                        // `remove` acts on the files read before: there are none of this theme
                        part.unknown_removes = std::mem::take(&mut part.remove);
                        if part.name.is_none() && syntax_error.is_none() {
                            errors.push(
                                RuleError::whole_file(file, format!("new theme `{}` needs a `name`", part.id))
                                    .with_hint(hints::new_theme(
                                        &part.id,
                                        self.defaults,
                                        drafts.iter().map(|d| d.id.as_str()),
                                    )),
                            );
                        }
                        drafts.push(part)
                    }
                }
                cut.extend(syntax_error);
            }
        }
        drafts.sort_by(|a, b| a.id.cmp(&b.id));
        let set = compile(drafts, &all, builtin.len(), &mut errors);
        // what starts at or after the syntax error, or reaches over it, follows from it
        let cascade = |e: &RuleError, c: &RuleError| {
            c.file == e.file
                && ((e.line, e.column) >= (c.line, c.column) || (e.end_line, e.end_column) > (c.line, c.column))
        };
        errors.retain(|e| !cut.iter().any(|c| cascade(e, c)));
        errors.extend(cut);
        if !errors.is_empty() {
            return Err(RuleErrors::new(errors));
        }
        let digest = hasher.finalize();
        let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        let name = match (self.defaults, overlays) {
            (true, false) => "default",
            (true, true) => "default+custom",
            (false, _) => "custom",
        };
        Ok(RuleSet { name: name.to_string(), hash: format!("sha256:{hex}"), ..set })
    }
}

/// The error for a rule file that is not UTF-8: the place of its first bad byte.
fn not_utf8(file: &str, bytes: &[u8], e: std::str::Utf8Error) -> RuleError {
    let at = e.valid_up_to();
    // the text up to the bad byte is valid: it gives the line and column, and the line to show
    let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(at + 256)]);
    let len = e.error_len().unwrap_or(bytes.len() - at).clamp(1, 4);
    let hex: Vec<String> = bytes[at..at + len].iter().map(|b| format!("0x{b:02X}")).collect();
    let e = RuleError::at(
        file,
        &shown,
        at..at,
        format!(
            "not UTF-8 text: {} {} at byte {at} (rule files must be saved as UTF-8; this file was not read)",
            if len == 1 { "byte" } else { "bytes" },
            hex.join(" ")
        ),
    );
    match hints::encoding(bytes) {
        Some(hint) => e.with_hint(hint),
        None => e,
    }
}

#[cfg(test)]
mod tests {
    use super::compile::parse_example;
    use super::*;

    fn build(files: &[(&str, &str)]) -> Result<RuleSet, RuleErrors> {
        let mut b = RuleSet::builder().defaults(false);
        for (n, t) in files {
            b = b.source(*n, *t);
        }
        b.build()
    }

    #[test]
    fn collects_every_error_with_positions() {
        let src = "name = \"测试\"\nwieght = 1\nterms = [\"河长制\", 3]\n[[term]]\ntext = \"1310\"\nlevel = \"乡\"\n";
        let errs = build(&[("t/test.toml", src)]).unwrap_err();
        let got: Vec<_> = errs.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(got, vec![(2, 1), (3, 17), (5, 8), (6, 9)], "{errs}");
    }

    #[test]
    fn a_term_that_folds_to_nothing_is_an_error_wherever_it_is_listed() {
        // zero-width characters are dropped by folding: as patterns they would match everywhere
        let src = "name = \"测试\"\nterms = [\"\u{200B}\"]\nweak = [\"\u{FEFF}\"]\n[[sub-theme]]\nid = \"s\"\nterms = [\"\u{2060}\"]\n[[term]]\ntext = \"\u{200C}\"\n";
        let errs = build(&[("t/zw.toml", src)]).unwrap_err();
        let got: Vec<_> = errs.iter().map(|e| (e.line, e.message.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (2, "a term cannot be empty"),
                (3, "a term cannot be empty"),
                (6, "a term cannot be empty"),
                (8, "a term cannot be empty")
            ],
            "{errs}"
        );
    }

    #[test]
    fn syntax_errors_have_positions() {
        let errs = build(&[("t/x.toml", "name = \"a\"\nterms = [\"a\"\n")]).unwrap_err();
        assert!(errs.iter().all(|e| e.line >= 2), "{errs}");
    }

    #[test]
    fn overlay_extends_and_switches_off() {
        let base = ("a/eco.toml", "name = \"生态\"\nterms = [\"河长制\", \"碧道\"]\n");
        let over = ("b/eco.toml", "terms = [\"林长制\"]\nremove = [\"碧道\"]\n");
        let off = ("b/other.toml", "name = \"其他\"\nenabled = false\nterms = [\"x\"]\n");
        // a later overlay of the switched-off theme that does not mention `enabled` leaves it off
        let more = ("c/other.toml", "terms = [\"y\"]\n");
        let set = build(&[base, over, off, more]).unwrap();
        let words: Vec<_> = set.terms().iter().map(|t| t.text.as_str()).collect();
        assert_eq!(words, vec!["河长制", "林长制"]);
        assert_eq!(set.themes().len(), 1);
    }

    /// The hash names the rules, not the checkout: the same files read from two folders hash the
    /// same; another file name (another theme) or another byte of text does not.
    #[test]
    fn the_hash_does_not_depend_on_the_folder() {
        let text = "name = \"生态\"\nterms = [\"河长制\"]\n";
        let hash = |files: &[(&str, &str)]| build(files).unwrap().hash().to_string();
        let here = hash(&[("rules/eco.toml", text)]);
        assert_eq!(here, hash(&[("/home/someone/checkout/rules/eco.toml", text)]));
        assert_eq!(here, hash(&[("eco.toml", text)]));
        assert_ne!(here, hash(&[("rules/eco2.toml", text)]));
        assert_ne!(here, hash(&[("rules/eco.toml", &text.replace("河长制", "湖长制"))]));
    }

    /// Every example has its place, at the example's line and column (its opening quote), with the
    /// source line to show: the default rules' examples, an overlay's, an example and a
    /// counter-example written on one line or as a multi-line array.
    #[test]
    fn every_example_has_its_place() {
        let overlay = (
            "my/eco.toml",
            "name = \"生态\"\nterms = [\"河长制\"]\nexamples = [\"推行{{河长制}}。\"]\ncounter-examples = [\n  \"河流。\",\n]\n",
        );
        let set = RuleSet::builder().source(overlay.0, overlay.1).build().unwrap();
        assert!(set.examples().len() > 100);
        for ex in set.examples() {
            let p = &ex.place;
            assert_eq!((p.file.as_str(), p.line, p.column), (ex.file.as_str(), ex.line, ex.column));
            let shown = p.render();
            let first: String = ex.text.chars().take(1).collect();
            assert!(
                shown.contains(&format!("--> {}:{}:{}", ex.file, ex.line, ex.column)) && shown.contains(&first),
                "{shown}"
            );
        }
        let mut mine: Vec<(usize, usize, bool)> =
            set.examples().iter().filter(|e| e.file == "my/eco.toml").map(|e| (e.line, e.column, e.positive)).collect();
        mine.sort_unstable();
        assert_eq!(mine, [(3, 13, true), (5, 3, false)]);
    }

    #[test]
    fn examples_are_parsed() {
        assert_eq!(parse_example("落实{{河长制}}和{{林长制}}").unwrap().1, vec![6..15, 18..27]);
        assert!(parse_example("落实{{河长制").is_err());
    }

    #[test]
    fn rule_text_has_a_limit() {
        let big = format!("name = \"大\"\nterms = [{}]\n", vec!["\"河长制\""; MAX_RULES_BYTES / 10].join(","));
        let errs = build(&[("t/big.toml", &big)]).unwrap_err();
        assert!(errs.iter().next().unwrap().message.contains("more than the limit of 16 MiB"), "{errs}");
    }

    #[test]
    fn a_bom_is_not_a_column() {
        let errs = build(&[("t/x.toml", "\u{FEFF}nmae = \"a\"\n")]).unwrap_err();
        // the unknown key at 1:1, and the missing name, which concerns the whole file (0:0)
        assert_eq!(errs.iter().map(|e| (e.line, e.column)).collect::<Vec<_>>(), [(0, 0), (1, 1)], "{errs}");
    }

    /// A folder with a file that is not UTF-8 and a sub-folder named like a rule file: the file's
    /// error has its place, and the other files' errors are all there.
    #[test]
    fn a_folder_reports_every_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.toml"), b"name = \"a\"\nterms = [\"\xB2\xE2\"]\n").unwrap();
        std::fs::create_dir(dir.path().join("x.toml")).unwrap();
        std::fs::write(dir.path().join("b.toml"), "name = \"b\"\nterms = [\"x\", 3]\n").unwrap();
        let errs = RuleSet::builder().defaults(false).path(dir.path()).unwrap().build().unwrap_err();
        let got: Vec<_> = errs
            .iter()
            .map(|e| (Path::new(&e.file).file_name().unwrap().to_str().unwrap().to_string(), e.line, e.column))
            .collect();
        assert_eq!(got, [("a.toml".to_string(), 2, 11), ("b.toml".to_string(), 2, 15)], "{errs}");
        assert!(errs.iter().next().unwrap().message.starts_with("not UTF-8 text: byte 0xB2 at byte 21"), "{errs}");
    }

    #[test]
    fn builtin_rules_are_valid() {
        if let Err(e) = RuleSet::builder().build() {
            panic!("{}", e.render());
        }
    }
}

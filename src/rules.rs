//! The rule language: TOML theme files, read into a [`RuleSet`].
//!
//! One file is one theme; its file stem is the theme id. The keys are documented in `rules/README.md`.
//! Files are read with `toml`'s recoverable parser, which keeps the position of every key and value,
//! and walked by hand so that every problem — syntax, unknown key, wrong type, bad value — is
//! collected with its line and column instead of stopping at the first.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use sha2::{Digest, Sha256};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::error::{line_col, RuleError, RuleErrors};
use crate::normalize::fold_str;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// The provenance levels a term may name.
pub const LEVELS: &[&str] = &["中央", "省", "市", "区", "县", "街镇"];

const DEFAULT_WINDOW: usize = 8;
const WEAK_WEIGHT: f32 = 0.5;

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
    /// Sub-themes, whose full ids are `theme.sub`.
    pub sub_themes: Vec<SubTheme>,
    /// The file the theme was defined in (the first one, for an extended theme).
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
    pub(crate) folded: String,
    pub(crate) guard: Guard,
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
    /// The term starts / ends with an ASCII digit: it must not touch another digit there.
    pub digit_start: bool,
    pub digit_end: bool,
}

impl Guard {
    pub(crate) fn has_positive(&self) -> bool {
        self.quoted || !self.near.is_empty() || !self.before.is_empty() || !self.after.is_empty()
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
    /// Rule file it comes from.
    pub file: String,
    /// 1-based line in that file.
    pub line: usize,
    /// 1-based column (chars) in that file.
    pub column: usize,
}

/// A compiled set of themes and terms, ready for [`crate::Tagger::new`].
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) name: String,
    pub(crate) hash: String,
    pub(crate) themes: Vec<Theme>,
    pub(crate) terms: Vec<Term>,
    pub(crate) examples: Vec<Example>,
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
        RuleSetBuilder { defaults: true, sources: Vec::new() }
    }

    /// `default`, `default+custom` (defaults with overlays) or `custom`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The tifa version the rules were built by.
    pub fn version(&self) -> &str {
        crate::VERSION
    }

    /// `sha256:` and the first 16 hex digits of a digest of every rule file's name and contents.
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

    /// The theme with this id.
    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The file names and contents of the embedded default rules.
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
}

impl RuleSetBuilder {
    /// Whether the embedded default rules come first (default: yes). Without them the user's files
    /// replace the defaults.
    pub fn defaults(mut self, yes: bool) -> Self {
        self.defaults = yes;
        self
    }

    /// Adds a rule file. Its stem is the theme id: an existing theme is extended, a new one added.
    pub fn source(mut self, file_name: impl Into<String>, text: impl Into<String>) -> Self {
        self.sources.push((file_name.into(), text.into()));
        self
    }

    /// Adds every `*.toml` file of a folder (sorted by name), or one file.
    pub fn path(mut self, path: &Path) -> std::io::Result<Self> {
        if path.is_dir() {
            let mut files: Vec<_> = std::fs::read_dir(path)?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "toml"))
                .collect();
            files.sort();
            for f in files {
                let text = std::fs::read_to_string(&f)?;
                self = self.source(f.display().to_string(), text);
            }
        } else {
            let text = std::fs::read_to_string(path)?;
            self = self.source(path.display().to_string(), text);
        }
        Ok(self)
    }

    /// Reads every file and compiles the set; all problems are returned together.
    pub fn build(self) -> Result<RuleSet, RuleErrors> {
        let builtin: &[(&str, &str)] = if self.defaults { BUILTIN_RULES } else { &[] };
        let all: Vec<(&str, &str)> =
            builtin.iter().copied().chain(self.sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))).collect();
        let overlays = !self.sources.is_empty();

        let mut errors = Vec::new();
        let mut drafts: Vec<Draft> = Vec::new();
        let mut hasher = Sha256::new();
        for (src, &(file, text)) in all.iter().enumerate() {
            hasher.update(file.as_bytes());
            hasher.update([0]);
            hasher.update(text.as_bytes());
            hasher.update([0]);
            let mut reader = FileReader { src, file, text, errors: &mut errors };
            if let Some(part) = reader.read() {
                match drafts.iter_mut().find(|d| d.id == part.id) {
                    Some(existing) => existing.merge(part),
                    None => {
                        if part.name.is_none() {
                            errors.push(RuleError::whole_file(file, text, format!("new theme `{}` needs a `name`", part.id)));
                        }
                        drafts.push(part)
                    }
                }
            }
        }
        drafts.sort_by(|a, b| a.id.cmp(&b.id));
        let set = compile(drafts, &all, &mut errors);
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

/// A theme as read from one or more files, before compilation.
#[derive(Debug, Default)]
struct Draft {
    id: String,
    file: String,
    name: Option<String>,
    name_en: Option<String>,
    description: Option<String>,
    threshold: Option<f32>,
    /// `enabled` as a file set it; a later file that does not mention it leaves it as it was.
    enabled: Option<bool>,
    exclude: Vec<String>,
    subs: Vec<(String, String, String)>,
    terms: Vec<DraftTerm>,
    /// Terms to switch off, with the index of the source file that says so.
    remove: Vec<(Spanned<String>, usize)>,
    /// Examples (true) and counter-examples (false), with their source file's index.
    examples: Vec<(Spanned<String>, bool, usize)>,
}

#[derive(Debug)]
struct DraftTerm {
    term: Term,
    sub: Option<Spanned<String>>,
    /// Index of the source file the term was read from.
    src: usize,
}

impl Draft {
    fn merge(&mut self, other: Draft) {
        if other.name.is_some() {
            self.name = other.name;
        }
        if other.name_en.is_some() {
            self.name_en = other.name_en;
        }
        if other.description.is_some() {
            self.description = other.description;
        }
        if other.threshold.is_some() {
            self.threshold = other.threshold;
        }
        if other.enabled.is_some() {
            self.enabled = other.enabled;
        }
        self.exclude.extend(other.exclude);
        self.subs.extend(other.subs);
        self.remove.extend(other.remove);
        // A term given again replaces the earlier definition.
        for t in other.terms {
            self.terms.retain(|e| e.term.folded != t.term.folded);
            self.terms.push(t);
        }
        self.examples.extend(other.examples);
    }
}

struct FileReader<'a> {
    /// Index of this file among the builder's sources.
    src: usize,
    file: &'a str,
    text: &'a str,
    errors: &'a mut Vec<RuleError>,
}

type Table<'i> = DeTable<'i>;

impl FileReader<'_> {
    fn err(&mut self, span: Range<usize>, msg: impl Into<String>) {
        self.errors.push(RuleError::at(self.file, self.text, span, msg));
    }

    fn read(&mut self) -> Option<Draft> {
        let stem = Path::new(self.file).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        if !is_id(&stem) {
            self.errors.push(RuleError::whole_file(
                self.file,
                self.text,
                format!("the file name must be a theme id in snake_case (a-z, 0-9, _), not `{stem}`"),
            ));
            return None;
        }
        let (doc, syntax) = DeTable::parse_recoverable(self.text);
        for e in syntax {
            let span = e.span().unwrap_or(0..0);
            self.err(span, format!("TOML syntax: {}", e.message().trim()));
        }
        let mut d = Draft { id: stem, file: self.file.to_string(), ..Draft::default() };
        let doc = doc.into_inner();
        for (key, value) in doc.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => d.name = self.string(value),
                "name-en" => d.name_en = self.string(value),
                "description" => d.description = self.string(value),
                "threshold" => d.threshold = self.positive_number(value),
                "enabled" => d.enabled = self.boolean(value),
                "exclude" => d.exclude = self.words(value),
                "terms" | "weak" => {
                    let weak = k == "weak";
                    for s in self.strings(value) {
                        let span = s.span();
                        let t = Self::plain_term(s.into_inner(), weak);
                        self.push_term(&mut d, t, None, span);
                    }
                }
                "remove" => {
                    for s in self.strings(value) {
                        d.remove.push((s, self.src));
                    }
                }
                "examples" | "counter-examples" => {
                    for s in self.strings(value) {
                        d.examples.push((s, k == "examples", self.src));
                    }
                }
                "term" => {
                    for t in self.tables(value, "term") {
                        self.term_table(&mut d, t);
                    }
                }
                "sub-theme" => {
                    for t in self.tables(value, "sub-theme") {
                        self.sub_theme(&mut d, t);
                    }
                }
                _ => self.err(
                    key.span(),
                    format!(
                        "unknown key `{k}`; expected one of name, name-en, description, threshold, enabled, exclude, terms, weak, remove, examples, counter-examples, [[term]], [[sub-theme]]"
                    ),
                ),
            }
        }
        Some(d)
    }

    /// Every term of a file passes here: checks that hold for all of them, and the guard flags that
    /// follow from the folded text.
    fn push_term(&mut self, d: &mut Draft, mut term: Term, sub: Option<Spanned<String>>, span: Range<usize>) {
        if term.folded.is_empty() {
            // e.g. only zero-width characters: an empty pattern would match everywhere
            self.err(span, "a term cannot be empty");
            return;
        }
        term.guard.digit_start = starts_digit(&term.folded);
        term.guard.digit_end = ends_digit(&term.folded);
        if is_bare_number(&term.folded) && !term.guard.has_positive() {
            self.err(
                span,
                format!(
                    "`{}` is a bare number: write it as a [[term]] with a guard (quoted = true, near, before or after) so that it matches only as a deployment name",
                    term.text
                ),
            );
            return;
        }
        if d.terms.iter().any(|t| t.term.folded == term.folded) {
            self.err(span, format!("term `{}` is listed twice in this theme", term.text));
            return;
        }
        d.terms.push(DraftTerm { term, sub, src: self.src });
    }

    /// A term with no options (the digit flags are set by `push_term`).
    fn plain_term(text: String, weak: bool) -> Term {
        let folded = fold_str(&text);
        Term {
            text,
            theme: 0,
            sub_theme: None,
            weight: if weak { WEAK_WEIGHT } else { 1.0 },
            note: None,
            level: None,
            region: None,
            year: None,
            folded,
            guard: Guard { window: DEFAULT_WINDOW, ..Guard::default() },
        }
    }

    fn term_table(&mut self, d: &mut Draft, table: Spanned<&Table<'_>>) {
        let tspan = table.span();
        let table = table.into_inner();
        let mut text: Option<Spanned<String>> = None;
        let mut weight = None;
        let mut weak = false;
        let mut sub = None;
        let mut note = None;
        let mut level = None;
        let mut region = None;
        let mut year = None;
        let mut g = Guard { window: DEFAULT_WINDOW, ..Guard::default() };
        for (key, value) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "text" => text = self.string(value).map(|s| Spanned::new(value.span(), s)),
                "weight" => weight = self.positive_number(value),
                "weak" => weak = self.boolean(value).unwrap_or(false),
                "sub-theme" => sub = self.string(value).map(|s| Spanned::new(value.span(), s)),
                "note" => note = self.string(value),
                "level" => {
                    if let Some(l) = self.string(value) {
                        if LEVELS.contains(&l.as_str()) {
                            level = Some(l);
                        } else {
                            self.err(value.span(), format!("`level` must be one of {}", LEVELS.join(" ")));
                        }
                    }
                }
                "region" => region = self.string(value),
                "year" => year = self.year(value),
                "quoted" => g.quoted = self.boolean(value).unwrap_or(false),
                "near" => g.near = self.words(value),
                "before" => g.before = self.words(value),
                "after" => g.after = self.words(value),
                "not-near" => g.not_near = self.words(value),
                "not-before" => g.not_before = self.words(value),
                "not-after" => g.not_after = self.words(value),
                "exclude" => g.exclude = self.words(value),
                "window" => {
                    if let Some(w) = self.integer(value) {
                        if (1..=100).contains(&w) {
                            g.window = w as usize;
                        } else {
                            self.err(value.span(), "`window` must be between 1 and 100 characters");
                        }
                    }
                }
                _ => self.err(
                    key.span(),
                    format!(
                        "unknown key `{k}` in [[term]]; expected one of text, weight, weak, sub-theme, note, level, region, year, quoted, near, before, after, not-near, not-before, not-after, window, exclude"
                    ),
                ),
            }
        }
        let Some(text) = text else {
            self.err(tspan.start..tspan.start, "[[term]] needs a `text`");
            return;
        };
        let span = text.span();
        let base = Self::plain_term(text.into_inner(), weak);
        let term = Term { weight: weight.unwrap_or(base.weight), note, level, region, year, guard: g, ..base };
        self.push_term(d, term, sub, span);
    }

    fn sub_theme(&mut self, d: &mut Draft, table: Spanned<&Table<'_>>) {
        let tspan = table.span();
        let table = table.into_inner();
        let mut id: Option<Spanned<String>> = None;
        let mut name = None;
        let mut name_en = None;
        let mut terms = Vec::new();
        for (key, value) in table.iter() {
            match key.get_ref().as_ref() {
                "id" => id = self.string(value).map(|s| Spanned::new(value.span(), s)),
                "name" => name = self.string(value),
                "name-en" => name_en = self.string(value),
                "description" => {
                    self.string(value);
                }
                "terms" => terms = self.strings(value),
                k => self.err(key.span(), format!("unknown key `{k}` in [[sub-theme]]; expected one of id, name, name-en, description, terms")),
            }
        }
        let Some(id) = id else {
            self.err(tspan.start..tspan.start, "[[sub-theme]] needs an `id`");
            return;
        };
        if !is_id(id.get_ref()) {
            self.err(id.span(), "a sub-theme id must be snake_case (a-z, 0-9, _)");
            return;
        }
        let sid = id.get_ref().clone();
        d.subs.push((sid.clone(), name.unwrap_or_else(|| sid.clone()), name_en.unwrap_or_else(|| sid.clone())));
        for s in terms {
            let span = s.span();
            let t = Self::plain_term(s.into_inner(), false);
            self.push_term(d, t, Some(Spanned::new(id.span(), sid.clone())), span);
        }
    }

    // --- typed values -------------------------------------------------------------------------

    fn string(&mut self, v: &Spanned<DeValue<'_>>) -> Option<String> {
        match v.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            other => {
                self.err(v.span(), format!("expected a string, found {}", other.type_str()));
                None
            }
        }
    }

    fn boolean(&mut self, v: &Spanned<DeValue<'_>>) -> Option<bool> {
        match v.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                self.err(v.span(), format!("expected true or false, found {}", other.type_str()));
                None
            }
        }
    }

    fn integer(&mut self, v: &Spanned<DeValue<'_>>) -> Option<i64> {
        match v.get_ref() {
            DeValue::Integer(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.err(v.span(), "integer out of range");
                    None
                }
            },
            other => {
                self.err(v.span(), format!("expected an integer, found {}", other.type_str()));
                None
            }
        }
    }

    fn year(&mut self, v: &Spanned<DeValue<'_>>) -> Option<i64> {
        let y = self.integer(v)?;
        if (1949..=2100).contains(&y) {
            Some(y)
        } else {
            self.err(v.span(), "`year` must be a year such as 2023");
            None
        }
    }

    fn positive_number(&mut self, v: &Spanned<DeValue<'_>>) -> Option<f32> {
        let n = match v.get_ref() {
            DeValue::Float(f) => f.as_str().replace('_', "").parse::<f32>().ok(),
            DeValue::Integer(_) => self.integer(v).map(|i| i as f32),
            other => {
                self.err(v.span(), format!("expected a number, found {}", other.type_str()));
                return None;
            }
        };
        match n {
            Some(x) if x.is_finite() && x > 0.0 => Some(x),
            _ => {
                self.err(v.span(), "expected a number greater than 0");
                None
            }
        }
    }

    fn strings(&mut self, v: &Spanned<DeValue<'_>>) -> Vec<Spanned<String>> {
        let DeValue::Array(items) = v.get_ref() else {
            self.err(v.span(), format!("expected a list of strings, found {}", v.get_ref().type_str()));
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(s) if !s.trim().is_empty() => out.push(Spanned::new(item.span(), s.to_string())),
                DeValue::String(_) => self.err(item.span(), "empty string in list"),
                other => self.err(item.span(), format!("expected a string, found {}", other.type_str())),
            }
        }
        out
    }

    fn words(&mut self, v: &Spanned<DeValue<'_>>) -> Vec<String> {
        self.strings(v).into_iter().map(|s| fold_str(s.get_ref())).filter(|s| !s.is_empty()).collect()
    }

    fn tables<'t, 'i>(&mut self, v: &'t Spanned<DeValue<'i>>, what: &str) -> Vec<Spanned<&'t Table<'i>>> {
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => out.push(Spanned::new(item.span(), t)),
                        other => self.err(item.span(), format!("expected a [[{what}]] table, found {}", other.type_str())),
                    }
                }
                out
            }
            DeValue::Table(t) => vec![Spanned::new(v.span(), t)],
            other => {
                self.err(v.span(), format!("expected [[{what}]] tables, found {}", other.type_str()));
                Vec::new()
            }
        }
    }
}

/// Turns the drafts into a rule set, checking references across files.
/// `sources` are the builder's `(file name, text)` files, which drafts refer to by index.
fn compile(drafts: Vec<Draft>, sources: &[(&str, &str)], errors: &mut Vec<RuleError>) -> RuleSet {
    let at = |src: usize, span: Range<usize>, msg: String| RuleError::at(sources[src].0, sources[src].1, span, msg);
    let mut themes = Vec::new();
    let mut terms = Vec::new();
    let mut examples = Vec::new();
    for d in drafts {
        let mut removed: HashSet<String> = HashSet::new();
        for (word, src) in &d.remove {
            let folded = fold_str(word.get_ref());
            if d.terms.iter().any(|t| t.term.folded == folded) {
                removed.insert(folded);
            } else {
                errors.push(at(*src, word.span(), format!("`{}` is not a term of theme `{}`", word.get_ref(), d.id)));
            }
        }
        if d.enabled == Some(false) {
            continue;
        }
        let index = themes.len();
        let sub_ids: HashSet<&str> = d.subs.iter().map(|(s, _, _)| s.as_str()).collect();
        for dt in d.terms {
            if removed.contains(&dt.term.folded) {
                continue;
            }
            let mut term = dt.term;
            term.theme = index;
            if let Some(sub) = dt.sub {
                if sub_ids.contains(sub.get_ref().as_str()) {
                    term.sub_theme = Some(format!("{}.{}", d.id, sub.get_ref()));
                } else {
                    errors.push(at(dt.src, sub.span(), format!("no [[sub-theme]] with id `{}` in theme `{}`", sub.get_ref(), d.id)));
                }
            }
            terms.push(term);
        }
        for (text, positive, src) in d.examples {
            match parse_example(text.get_ref()) {
                Ok((plain, spans)) => {
                    if positive && spans.is_empty() {
                        errors.push(at(src, text.span(), "an example must mark the expected matches with {{…}}".into()));
                        continue;
                    }
                    let (file, source) = sources[src];
                    let (line, column, _) = line_col(source, text.span().start);
                    examples.push(Example { theme: index, text: plain, spans, positive, file: file.to_string(), line, column });
                }
                Err(msg) => errors.push(at(src, text.span(), msg)),
            }
        }
        themes.push(Theme {
            name_en: d.name_en.unwrap_or_else(|| d.id.clone()),
            name: d.name.unwrap_or_else(|| d.id.clone()),
            description: d.description.unwrap_or_default(),
            threshold: d.threshold.unwrap_or(1.0),
            sub_themes: d
                .subs
                .into_iter()
                .map(|(s, n, e)| SubTheme { id: format!("{}.{}", d.id, s), name: n, name_en: e })
                .collect(),
            exclude: d.exclude,
            file: d.file,
            id: d.id,
        });
    }
    RuleSet { name: String::new(), hash: String::new(), themes, terms, examples }
}

/// Splits `可{{河长制}}见` into the plain text and the byte ranges of the marked parts.
fn parse_example(s: &str) -> Result<(String, Vec<Range<usize>>), String> {
    let mut plain = String::with_capacity(s.len());
    let mut spans = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find("{{") {
        plain.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or("unclosed `{{` in example")?;
        let inner = &after[..close];
        if inner.contains("{{") {
            return Err("nested `{{` in example".into());
        }
        if inner.is_empty() {
            return Err("empty `{{}}` in example".into());
        }
        let start = plain.len();
        plain.push_str(inner);
        spans.push(start..plain.len());
        rest = &after[close + 2..];
    }
    if rest.contains("}}") {
        return Err("`}}` without `{{` in example".into());
    }
    plain.push_str(rest);
    Ok((plain, spans))
}

fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase()) && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn starts_digit(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
}

fn ends_digit(s: &str) -> bool {
    s.ends_with(|c: char| c.is_ascii_digit())
}

/// Digits with at most `+ - . /` between them: a number, not a name.
pub(crate) fn is_bare_number(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || "+-./".contains(c))
}

#[cfg(test)]
mod tests {
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
        assert_eq!(got, vec![(2, "a term cannot be empty"), (3, "a term cannot be empty"), (6, "a term cannot be empty"), (8, "a term cannot be empty")], "{errs}");
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

    #[test]
    fn examples_are_parsed() {
        assert_eq!(parse_example("落实{{河长制}}和{{林长制}}").unwrap().1, vec![6..15, 18..27]);
        assert!(parse_example("落实{{河长制").is_err());
    }

    #[test]
    fn builtin_rules_are_valid() {
        if let Err(e) = RuleSet::builder().build() {
            panic!("{}", e.render());
        }
    }
}

//! The TOML reader: one rule file into a [`Draft`], every problem collected with its position.

use std::cell::OnceCell;
use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::lint::{Repeated, TableKeys, Windowed, repeats};
use super::{
    DEFAULT_WINDOW, DEFAULT_WITHIN, Draft, DraftTerm, Guard, LEVELS, Listed, SHORT_TERM_CHARS, Term, WEAK_WEIGHT,
};
use crate::error::{LineIndex, RuleError};
use crate::normalize::fold_str;

pub(super) struct FileReader<'a> {
    /// Index of this file among the builder's sources.
    pub(super) src: usize,
    pub(super) file: &'a str,
    pub(super) text: &'a str,
    pub(super) errors: &'a mut Vec<RuleError>,
    /// The file's lines, indexed at the first error that needs them (once per file, not per error).
    pub(super) lines: &'a OnceCell<LineIndex>,
}

type Table<'i> = DeTable<'i>;

impl FileReader<'_> {
    fn err(&mut self, span: Range<usize>, msg: impl Into<String>) {
        let e = RuleError::at_indexed(self.file, self.text, self.line_index(), span, msg);
        self.errors.push(e);
    }

    /// The file's line index, built on first use.
    fn line_index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(self.text))
    }

    /// 1-based line and column of byte offset `at` of the file.
    fn line_col(&self, at: usize) -> (usize, usize) {
        let (line, column, _) = self.line_index().line_col(self.text, at);
        (line, column)
    }

    /// An error with a hint, when there is one.
    fn err_hint(&mut self, span: Range<usize>, msg: impl Into<String>, hint: Option<String>) {
        let e = RuleError::at_indexed(self.file, self.text, self.line_index(), span, msg);
        self.errors.push(match hint {
            Some(h) => e.with_hint(h),
            None => e,
        });
    }

    pub(super) fn read(&mut self) -> Option<Draft> {
        let stem = Path::new(self.file).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
        if !is_id(&stem) {
            let name = Path::new(self.file)
                .file_name()
                .map_or_else(|| self.file.to_string(), |n| n.to_string_lossy().to_string());
            let mut e = RuleError::whole_file(
                self.file,
                format!(
                    "the file name `{name}` is not a theme id: the name before .toml is the theme's id, and must start with a letter a-z and hold only a-z, 0-9 and _ (snake_case)"
                ),
            );
            // Bad-Name → bad_name; a name of other characters (清廉) has no such rewriting
            let suggested: String =
                stem.chars().map(|c| if c == '-' || c == ' ' { '_' } else { c.to_ascii_lowercase() }).collect();
            if is_id(&suggested) {
                e = e.with_hint(format!("rename the file to `{suggested}.toml`"));
            }
            self.errors.push(e);
            return None;
        }
        let (doc, syntax) = DeTable::parse_recoverable(self.text);
        let syntax_error = super::syntax::first_error(self.file, self.text, &syntax);
        let mut d = Draft { id: stem, file: self.file.to_string(), syntax_error, ..Draft::default() };
        let doc = doc.into_inner();
        for (key, value) in doc.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "name" => d.name = self.string(value),
                "name-en" => d.name_en = self.string(value),
                "description" => d.description = self.string(value),
                "threshold" => d.threshold = self.positive_number(value),
                "closing" => d.closing = self.boolean(value),
                "enabled" => {
                    d.enabled = self.boolean(value);
                    d.enabled_by = Some(self.file.to_string());
                }
                "exclude" => d.exclude = self.listed(value),
                "words" => d.words = self.listed(value),
                "terms" | "weak" => {
                    let weak = k == "weak";
                    for s in self.strings(value) {
                        let span = s.span();
                        let t = Self::plain_term(s.into_inner(), weak);
                        self.push_term(&mut d, t, None, span, Vec::new());
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
                _ => self.err_hint(
                    key.span(),
                    format!(
                        "unknown key `{k}`; expected one of {}, [[term]], [[sub-theme]]",
                        TOP_LEVEL_KEYS.join(", ")
                    ),
                    super::hints::did_you_mean(k, TOP_LEVEL_KEYS.iter().copied()),
                ),
            }
        }
        Some(d)
    }

    /// Every term of a file passes here: checks that hold for all of them, and the guard flags that
    /// follow from the folded text.
    fn push_term(
        &mut self,
        d: &mut Draft,
        mut term: Term,
        sub: Option<Spanned<String>>,
        span: Range<usize>,
        exclude: Vec<Listed>,
    ) {
        if term.folded.is_empty() {
            // e.g. only zero-width characters: an empty pattern would match everywhere
            self.err(span, "a term cannot be empty");
            return;
        }
        if let Some(msg) = too_long(&term.folded, "a term") {
            self.err(span, msg);
            return;
        }
        term.guard.digit_start = starts_digit(&term.folded);
        term.guard.digit_end = ends_digit(&term.folded);
        if !term.is_proximity() && is_bare_number(&term.folded) && !term.guard.has_positive() {
            self.err(
                span,
                format!(
                    "`{}` is a bare number: write it as a [[term]] with a positive guard ({}) so that it matches only as a deployment name",
                    term.text,
                    POSITIVE_GUARDS
                ),
            );
            return;
        }
        // a set of the theme's folded terms, not a scan of them: a file of 200 000 terms was quadratic;
        // only a duplicate looks for the first place, to name it
        if !d.folded.insert(term.folded.clone()) {
            if let Some(other) = d.terms.iter().find(|t| t.term.folded == term.folded).map(|t| t.span.clone()) {
                self.twice(&term.text, span, other);
            }
            return;
        }
        term.guard.exclude = exclude.iter().map(|l| l.folded.clone()).collect();
        d.terms.push(DraftTerm { term, sub, src: self.src, span, exclude });
    }

    /// A term with no options (the digit flags are set by `push_term`).
    fn plain_term(text: String, weak: bool) -> Term {
        let folded = fold_str(&text);
        Term {
            whole_word: folded.chars().count() <= SHORT_TERM_CHARS,
            all: Vec::new(),
            folded_all: Vec::new(),
            within: DEFAULT_WITHIN,
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
        let mut whole_word = None;
        let mut all: Option<Spanned<Vec<Spanned<String>>>> = None;
        let mut within = None;
        let mut within_span = 0..0;
        let mut exclude = Vec::new();
        let mut keys = TableKeys::default();
        for (key, value) in table.iter() {
            let k = key.get_ref().as_ref();
            match k {
                "text" => text = self.string(value).map(|s| Spanned::new(value.span(), s)),
                "all" => all = Some(Spanned::new(value.span(), self.strings(value))),
                "within" => {
                    within_span = key.span();
                    if let Some(w) = self.integer(value) {
                        if (0..=100).contains(&w) {
                            within = Some(w as usize);
                        } else {
                            self.err(value.span(), "`within` must be between 0 and 100 characters");
                        }
                    }
                }
                "whole-word" => whole_word = self.boolean(value),
                // with `work = true` as well, a work word or one of these will do
                "clause" => g.clause.extend(self.guard_words(k, value, &mut keys)),
                "work" => g.work = self.boolean(value) == Some(true),
                "weight" => {
                    weight = self.positive_number(value);
                    keys.weight = Some(key.span());
                }
                "weak" if !matches!(value.get_ref(), DeValue::Array(_)) => {
                    weak = self.boolean(value).unwrap_or(false);
                    if weak {
                        keys.weak = Some(key.span().start..value.span().end);
                    }
                }
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
                "near" => g.near = self.windowed_words(k, value, &mut keys),
                "before" => g.before = self.windowed_words(k, value, &mut keys),
                "after" => g.after = self.windowed_words(k, value, &mut keys),
                "not-near" => g.not_near = self.windowed_words(k, value, &mut keys),
                "not-before" => g.not_before = self.windowed_words(k, value, &mut keys),
                "not-after" => g.not_after = self.windowed_words(k, value, &mut keys),
                "exclude" => exclude = self.listed_once(k, value, &mut keys),
                "window" => {
                    keys.window = Some(key.span());
                    if let Some(w) = self.integer(value) {
                        if (1..=100).contains(&w) {
                            g.window = w as usize;
                        } else {
                            self.err(value.span(), "`window` must be between 1 and 100 characters");
                        }
                    }
                }
                // `weak = [...]`, the top-level list, written after a [[term]]
                "weak" => self.err_hint(
                    value.span(),
                    format!("expected true or false, found {}", value.get_ref().type_str()),
                    Some(top_level_hint(k, "term")),
                ),
                _ => self.err_hint(
                    key.span(),
                    format!("unknown key `{k}` in [[term]]; expected one of {}", TERM_KEYS.join(", ")),
                    if TOP_LEVEL_KEYS.contains(&k) {
                        Some(top_level_hint(k, "term"))
                    } else {
                        super::hints::did_you_mean(k, TERM_KEYS.iter().copied())
                    },
                ),
            }
        }
        // a proximity term: its words, and a display text made of them unless one is given
        let mut parts = Vec::new();
        if let Some(list) = all {
            let (lspan, words) = (list.span(), list.into_inner());
            if words.len() < 2 {
                self.err(lspan, "`all` needs at least two words (a single word is an ordinary term)");
                return;
            }
            if words.len() > super::MAX_PROXIMITY_WORDS {
                self.err(
                    lspan,
                    format!(
                        "`all` has {} words: at most {} (split it into several proximity terms)",
                        words.len(),
                        super::MAX_PROXIMITY_WORDS
                    ),
                );
                return;
            }
            for w in &words {
                let f = fold_str(w.get_ref());
                if f.is_empty() {
                    self.err(w.span(), "a word of `all` cannot be empty");
                    return;
                }
                if let Some(msg) = too_long(&f, "a word of `all`") {
                    self.err(w.span(), msg);
                    return;
                }
                keys.all.push((f.clone(), w.span()));
                parts.push((w.get_ref().clone(), f));
            }
            if text.is_none() {
                let joined = parts.iter().map(|(w, _)| w.as_str()).collect::<Vec<_>>().join("…");
                text = Some(Spanned::new(lspan, joined));
            }
        } else if within.is_some() {
            self.err(within_span, "`within` goes with `all` (a proximity term)");
        }
        let Some(text) = text else {
            self.err(tspan.start..tspan.start, "[[term]] needs a `text` (or `all` for a proximity term)");
            return;
        };
        let span = text.span();
        let base = Self::plain_term(text.into_inner(), weak);
        let mut term = Term { weight: weight.unwrap_or(base.weight), note, level, region, year, guard: g, ..base };
        if !parts.is_empty() {
            // the folded text of a proximity term is its words joined by `+`: unique within a theme
            // and never a pattern of the automaton
            term.folded = parts.iter().map(|(_, f)| f.as_str()).collect::<Vec<_>>().join("+");
            term.all = parts.iter().map(|(w, _)| w.clone()).collect();
            term.folded_all = parts.into_iter().map(|(_, f)| f).collect();
            term.whole_word = false;
        }
        term.within = within.unwrap_or(DEFAULT_WITHIN);
        if let Some(w) = whole_word {
            term.whole_word = w;
        }
        d.warnings.extend(super::lint::term_table(self.file, self.text, &term, &keys));
        self.push_term(d, term, sub, span, exclude);
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
                k => self.err_hint(
                    key.span(),
                    format!("unknown key `{k}` in [[sub-theme]]; expected one of {}", SUB_THEME_KEYS.join(", ")),
                    if TOP_LEVEL_KEYS.contains(&k) {
                        Some(top_level_hint(k, "sub-theme"))
                    } else {
                        super::hints::did_you_mean(k, SUB_THEME_KEYS.iter().copied())
                    },
                ),
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
        // `d` holds this file's sub-themes only (an overlay's are merged in later): a second
        // definition here would silently merge with the first, its name lost
        if let Some(first) = d.subs.iter().find(|s| s.0 == sid).map(|s| s.3.clone()) {
            let (line, column) = self.line_col(first.start);
            self.err(
                id.span(),
                format!("sub-theme `{sid}` is defined twice in this file (first at line {line}, column {column})"),
            );
        } else {
            d.subs.push((
                sid.clone(),
                name.unwrap_or_else(|| sid.clone()),
                name_en.unwrap_or_else(|| sid.clone()),
                id.span(),
            ));
        }
        for s in terms {
            let span = s.span();
            let t = Self::plain_term(s.into_inner(), false);
            self.push_term(d, t, Some(Spanned::new(id.span(), sid.clone())), span, Vec::new());
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

    /// The words of the guard `key` of a `[[term]]` table, folded (see [`FileReader::listed`]); a word
    /// given twice in the list (folded) is noted in `keys` for a warning ([`super::lint::term_table`]).
    fn guard_words(&mut self, key: &str, v: &Spanned<DeValue<'_>>, keys: &mut TableKeys) -> Vec<String> {
        self.listed_once(key, v, keys).into_iter().map(|l| l.folded).collect()
    }

    /// The words of a guard that `window` bounds, as [`FileReader::guard_words`] reads them, each noted
    /// in `keys` with its length for the check that it fits in the window.
    fn windowed_words(&mut self, key: &str, v: &Spanned<DeValue<'_>>, keys: &mut TableKeys) -> Vec<String> {
        let listed = self.listed_once(key, v, keys);
        keys.windowed.extend(listed.iter().map(|l| Windowed {
            key: key.to_string(),
            text: l.text.clone(),
            chars: l.folded.chars().count(),
            span: l.span.clone(),
        }));
        listed.into_iter().map(|l| l.folded).collect()
    }

    /// A list of a `[[term]]` table (a guard's words or `exclude`), as [`FileReader::listed`] reads it,
    /// with each word that folds to an earlier one noted in `keys`.
    fn listed_once(&mut self, key: &str, v: &Spanned<DeValue<'_>>, keys: &mut TableKeys) -> Vec<Listed> {
        let listed = self.listed(v);
        for (first, again) in repeats(&listed) {
            keys.repeated.push(Repeated {
                key: key.to_string(),
                first: first.text.clone(),
                again: again.text.clone(),
                span: again.span.clone(),
            });
        }
        listed
    }

    /// Guard and exclusion words and `words` entries, folded, with where each is written. An empty
    /// list (which would switch a guard off) and a word that folds to nothing (which would never
    /// match) are errors.
    fn listed(&mut self, v: &Spanned<DeValue<'_>>) -> Vec<Listed> {
        if matches!(v.get_ref(), DeValue::Array(items) if items.is_empty()) {
            self.err(v.span(), "an empty list: name at least one word, or leave the key out");
        }
        let mut out = Vec::new();
        for s in self.strings(v) {
            match fold_str(s.get_ref()) {
                w if w.is_empty() => self.err(
                    s.span(),
                    "a word of invisible characters only (zero-width or control characters) can never match",
                ),
                w => match too_long(&w, "a word") {
                    Some(msg) => self.err(s.span(), msg),
                    None => {
                        let span = s.span();
                        out.push(Listed { folded: w, text: s.into_inner(), src: self.src, span });
                    }
                },
            }
        }
        out
    }

    /// A term listed twice in one file: the error stands at the later place and names the earlier.
    fn twice(&mut self, text: &str, a: Range<usize>, b: Range<usize>) {
        let (first, second) = if a.start <= b.start { (a, b) } else { (b, a) };
        let (line, column) = self.line_col(first.start);
        self.err(
            second,
            format!("term `{text}` is listed twice in this theme (first at line {line}, column {column})"),
        );
    }

    fn tables<'t, 'i>(&mut self, v: &'t Spanned<DeValue<'i>>, what: &str) -> Vec<Spanned<&'t Table<'i>>> {
        match v.get_ref() {
            DeValue::Array(items) => {
                let mut out = Vec::new();
                for item in items.iter() {
                    match item.get_ref() {
                        DeValue::Table(t) => out.push(Spanned::new(item.span(), t)),
                        other => {
                            self.err(item.span(), format!("expected a [[{what}]] table, found {}", other.type_str()))
                        }
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

/// The keys of a file's top level (`FileReader::read`).
const TOP_LEVEL_KEYS: &[&str] = &[
    "name", "name-en", "description", "threshold", "closing", "enabled", "exclude", "words", "terms", "weak", "remove",
    "examples", "counter-examples",
];

/// The positive guards, any of which lets a bare number match (`Guard::has_positive`): named in the
/// error for a bare number without one.
const POSITIVE_GUARDS: &str = "quoted = true, near, before, after, clause or work = true";

/// The keys of a `[[term]]` table (`FileReader::term_table`).
const TERM_KEYS: &[&str] = &[
    "text", "all", "within", "weight", "weak", "whole-word", "sub-theme", "note", "level", "region", "year", "quoted",
    "near", "before", "after", "clause", "work", "not-near", "not-before", "not-after", "window", "exclude",
];

/// The keys of a `[[sub-theme]]` table (`FileReader::sub_theme`).
const SUB_THEME_KEYS: &[&str] = &["id", "name", "name-en", "description", "terms"];

/// The hint for a top-level key found in a `[[table]]`: in TOML every key after a `[[term]]` line
/// belongs to that table, the pitfall of rules/README.md §7.
fn top_level_hint(key: &str, table: &str) -> String {
    format!(
        "`{key}` is a top-level key: move it above the first [[term]] / [[sub-theme]] (every key after a [[{table}]] line belongs to that table) / 顶层键 `{key}` 要写在第一个 [[term]] / [[sub-theme]] 之前"
    )
}

pub(super) fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn starts_digit(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_digit())
}

fn ends_digit(s: &str) -> bool {
    s.ends_with(|c: char| c.is_ascii_digit())
}

/// Digits with at most `+ - . /` between them: a number, not a name.
fn is_bare_number(s: &str) -> bool {
    s.chars().any(|c| c.is_ascii_digit()) && s.chars().all(|c| c.is_ascii_digit() || "+-./".contains(c))
}

/// The error for a pattern longer than [`super::MAX_PATTERN_CHARS`] characters (`what` names it).
fn too_long(folded: &str, what: &str) -> Option<String> {
    let n = folded.chars().count();
    (n > super::MAX_PATTERN_CHARS).then(|| {
        format!("{what} of {n} characters: at most {} (cut it to its distinctive part; the search walks every pattern from every character)", super::MAX_PATTERN_CHARS)
    })
}

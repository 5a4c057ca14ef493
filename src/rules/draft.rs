//! A theme as read from one or more rule files, before compilation, and how an overlay merges in.

use std::collections::HashSet;

use toml::Spanned;

use super::Term;

/// A theme as read from one or more files, before compilation.
#[derive(Debug, Default)]
pub(super) struct Draft {
    pub(super) id: String,
    pub(super) file: String,
    pub(super) name: Option<String>,
    pub(super) name_en: Option<String>,
    pub(super) description: Option<String>,
    pub(super) threshold: Option<f32>,
    /// `enabled` as a file set it; a later file that does not mention it leaves it as it was.
    pub(super) enabled: Option<bool>,
    /// The file that set `enabled` last.
    pub(super) enabled_by: Option<String>,
    /// The theme's exclusion phrases (`exclude = [...]` at the top of a file).
    pub(super) exclude: Vec<Listed>,
    /// Words of other meanings for the lexicon (`words = [...]`).
    pub(super) words: Vec<Listed>,
    /// Sub-themes: id, name, English name, and where the id is written in its own file (bytes).
    pub(super) subs: Vec<(String, String, String, std::ops::Range<usize>)>,
    pub(super) terms: Vec<DraftTerm>,
    /// The folded text of every term in `terms` (to find a term given twice without a scan).
    pub(super) folded: HashSet<String>,
    /// Terms to switch off, with the index of the source file that says so.
    pub(super) remove: Vec<(Spanned<String>, usize)>,
    /// Examples (true) and counter-examples (false), with their source file's index.
    pub(super) examples: Vec<(Spanned<String>, bool, usize)>,
    /// The file's first TOML syntax error: what it says after that is not reported (see `syntax`).
    pub(super) syntax_error: Option<crate::error::RuleError>,
    /// Warnings about a `[[term]]` as written (see `lint::term_table`).
    pub(super) warnings: Vec<crate::error::RuleWarning>,
}

#[derive(Debug)]
pub(super) struct DraftTerm {
    pub(super) term: Term,
    pub(super) sub: Option<Spanned<String>>,
    /// Index of the source file the term was read from.
    pub(super) src: usize,
    /// Where the term is written in that file (bytes).
    pub(super) span: std::ops::Range<usize>,
    /// The term's exclusion phrases where they are written (folded, they are `term.guard.exclude`).
    pub(super) exclude: Vec<Listed>,
}

/// An entry of a word list (`exclude`, `words`): folded, as written, and where (for a warning about
/// it, see `lint`).
#[derive(Debug, Clone)]
pub(super) struct Listed {
    /// As matching sees it.
    pub(super) folded: String,
    /// As written in the file.
    pub(super) text: String,
    /// Index of the source file.
    pub(super) src: usize,
    /// Where it is written in that file (bytes).
    pub(super) span: std::ops::Range<usize>,
}

impl Draft {
    pub(super) fn merge(&mut self, other: Draft) {
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
            self.enabled_by = other.enabled_by;
        }
        self.exclude.extend(other.exclude);
        self.words.extend(other.words);
        // a sub-theme an overlay defines again keeps its place; its names are the later file's
        for sub in other.subs {
            match self.subs.iter_mut().find(|s| s.0 == sub.0) {
                Some(s) => *s = sub,
                None => self.subs.push(sub),
            }
        }
        self.remove.extend(other.remove);
        // A term given again replaces the earlier definition: the earlier one is dropped and the new
        // one comes after the terms kept (one pass with a set, not one pass per new term).
        if !other.terms.is_empty() {
            self.terms.retain(|e| !other.folded.contains(&e.term.folded));
            self.folded.extend(other.folded);
            self.terms.extend(other.terms);
        }
        self.examples.extend(other.examples);
        self.warnings.extend(other.warnings);
    }
}


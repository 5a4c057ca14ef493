//! A theme as read from one or more rule files, before compilation, and how an overlay merges in.

use std::cell::OnceCell;
use std::collections::HashSet;

use toml::Spanned;

use super::Term;
use crate::error::{LineIndex, RuleWarning};
use crate::normalize::fold_str;

/// A theme as read from one or more files, before compilation.
#[derive(Debug, Default)]
pub(super) struct Draft {
    pub(super) id: String,
    pub(super) file: String,
    pub(super) name: Option<String>,
    pub(super) name_en: Option<String>,
    pub(super) description: Option<String>,
    pub(super) threshold: Option<f32>,
    /// `closing` as a file set it (a later file that does not mention it leaves it as it was).
    pub(super) closing: Option<bool>,
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
    /// The file's `remove` entries, with the index of the source file that says so: applied by
    /// [`Draft::merge`] to the terms of the files read before it.
    pub(super) remove: Vec<(Spanned<String>, usize)>,
    /// `remove` entries that name no term of the files read before theirs (an error of `compile`).
    pub(super) unknown_removes: Vec<(Spanned<String>, usize)>,
    /// The terms that a later file's `remove` took out.
    pub(super) removed: Vec<Removed>,
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

/// A term that a file's `remove` took out of the terms read before it.
#[derive(Debug, Clone)]
pub(super) struct Removed {
    /// The term as written where it was defined.
    pub(super) text: String,
    /// Its folded words: the folded term, or the words of a proximity term.
    pub(super) words: Vec<String>,
    /// Index of the source file that defined it.
    pub(super) defined_in: usize,
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
    /// Merges `other`, a later file of the same theme, into the theme as read so far. `sources` are
    /// the builder's `(file name, text)` files, which drafts refer to by index.
    pub(super) fn merge(&mut self, mut other: Draft, sources: &[(&str, &str)], lines: &[OnceCell<LineIndex>]) {
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
        if other.closing.is_some() {
            self.closing = other.closing;
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
        // `remove` acts on the terms read before this file (the defaults, earlier folders): the
        // file's own definition of the same text survives, so that remove-and-define-again is how a
        // term is changed
        let mut gone: HashSet<String> = HashSet::new();
        for (word, src) in std::mem::take(&mut other.remove) {
            match self.removal_key(word.get_ref()) {
                Some(key) => {
                    gone.insert(key);
                }
                None => self.unknown_removes.push((word, src)),
            }
        }
        if !gone.is_empty() {
            for t in self.terms.iter().filter(|t| gone.contains(&t.term.folded)) {
                let words = if t.term.is_proximity() { t.term.folded_all.clone() } else { vec![t.term.folded.clone()] };
                self.removed.push(Removed { text: t.term.text.clone(), words, defined_in: t.src });
            }
            self.terms.retain(|t| !gone.contains(&t.term.folded));
            self.folded.retain(|f| !gone.contains(f));
        }
        // A term of the earlier files given again (and not removed above) keeps its earlier
        // definition: the entry would otherwise drop the earlier guards and weight without a word.
        for t in other.terms {
            if self.folded.contains(&t.term.folded) {
                if let Some(e) = self.terms.iter().find(|e| e.term.folded == t.term.folded) {
                    let (file, text) = sources[e.src];
                    let (line, _, _) = lines[e.src].get_or_init(|| LineIndex::new(text)).line_col(text, e.span.start);
                    let message = format!(
                        "`{}` is already a term of {} ({file}:{line}); this entry changes nothing — to redefine it, also write remove = [{}]",
                        t.term.text,
                        self.id,
                        super::syntax::toml_string(&e.term.text)
                    );
                    let (file, text) = sources[t.src];
                    let index = lines[t.src].get_or_init(|| LineIndex::new(text));
                    self.warnings.push(RuleWarning::at_indexed(file, text, index, t.span.clone(), message));
                }
                continue;
            }
            self.folded.insert(t.term.folded.clone());
            self.terms.push(t);
        }
        self.unknown_removes.extend(other.unknown_removes);
        self.removed.extend(other.removed);
        self.examples.extend(other.examples);
        self.warnings.extend(other.warnings);
    }

    /// The folded text of the term that a `remove` entry names, if the theme has it: the term as
    /// written, or a proximity term by its displayed name (`道路…整治`, also `道路...整治`), by its
    /// folded form (`道路+整治`) or by its `text`.
    pub(super) fn removal_key(&self, word: &str) -> Option<String> {
        let folded = fold_str(word);
        if self.folded.contains(&folded) {
            return Some(folded);
        }
        let parts: Vec<String> = word.split(['…', '+']).flat_map(|p| p.split("...")).map(fold_str).collect();
        if parts.len() >= 2 && parts.iter().all(|p| !p.is_empty()) {
            let key = parts.join("+");
            if self.folded.contains(&key) {
                return Some(key);
            }
        }
        self.terms
            .iter()
            .find(|t| t.term.is_proximity() && fold_str(&t.term.text) == folded)
            .map(|t| t.term.folded.clone())
    }
}

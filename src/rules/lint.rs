//! The warnings of a compiled set: entries of the rule files that can never change a match (see
//! [`super::RuleSet::warnings`]). What can change one follows the tagger (`src/tagger.rs`):
//!
//! * an exclusion phrase cancels a match that lies inside one of its occurrences (`Tagger::check`):
//!   a literal term's match is its folded text, a proximity term's match runs from its first word to
//!   its last, so the phrase must hold the term, or every word of the proximity term;
//! * a whole-word literal term is rejected where an occurrence of a longer word overlaps it without
//!   lying inside it (`Tagger::inside_word`: a word equal to the term, or inside it, is no such word);
//!   the word is a term of another theme or a `words` entry. A `words` entry that is a term already
//!   changes nothing: it stops the other themes' terms as a term, and never its own theme's. The
//!   check is not applied to proximity matches, so only literal terms count.
//!
//! All comparisons are on the folded texts, as matching sees them.
//!
//! A phrase given twice in a theme's `exclude`, or a word twice in its `words`, changes nothing the
//! second time (compared folded, within one file).
//!
//! A `[[term]]` table is also looked at as written ([`term_table`]): a `window` that no guard of the
//! term reads, a word given twice in `all`, in a guard list or in `exclude`, and `weak = true` beside a
//! `weight` (the weight wins).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use super::{Listed, Term, Theme};
use crate::error::RuleWarning;

/// The warnings of the compiled `themes` and `terms`: `theme_excludes[i]` are the exclusion
/// phrases of theme `i`, `term_excludes` those of the terms (by index into `terms`) that have any,
/// `words` every `words` entry (of enabled themes or not: all of them are in the lexicon).
/// `sources` are the builder's files, which the entries refer to by index. `tables` are the warnings
/// of the `[[term]]` tables ([`term_table`]), sorted in with the others. Sorted by file, line and
/// column.
pub(super) fn warnings(
    themes: &[Theme],
    terms: &[Term],
    theme_excludes: &[Vec<Listed>],
    term_excludes: &[(usize, Vec<Listed>)],
    words: &[Listed],
    sources: &[(&str, &str)],
    tables: Vec<RuleWarning>,
) -> Vec<RuleWarning> {
    let at = |l: &Listed, msg: String| RuleWarning::at(sources[l.src].0, sources[l.src].1, l.span.clone(), msg);
    let mut out = tables;

    // a theme's exclusions: some term of the theme inside the phrase
    let mut of_theme: Vec<Vec<&Term>> = vec![Vec::new(); themes.len()];
    for t in terms {
        if !theme_excludes[t.theme].is_empty() {
            of_theme[t.theme].push(t);
        }
    }
    for (theme, phrases) in theme_excludes.iter().enumerate() {
        if phrases.is_empty() {
            continue;
        }
        let inside = TermsInside::new(&of_theme[theme]);
        for l in phrases.iter().filter(|l| !inside.any(&l.folded)) {
            let id = &themes[theme].id;
            out.push(at(
                l,
                format!(
                    "exclusion `{}` of theme `{id}` contains no term of the theme: it never cancels a match",
                    l.text
                ),
            ));
        }
    }

    // a term's exclusions: the term inside the phrase
    for (i, phrases) in term_excludes {
        let t = &terms[*i];
        for l in phrases.iter().filter(|l| !holds(&l.folded, t)) {
            let msg = if t.is_proximity() {
                format!(
                    "exclusion `{}` of term `{}` does not contain every word of the term: it never cancels a match",
                    l.text, t.text
                )
            } else {
                format!(
                    "exclusion `{}` of term `{}` does not contain the term: it never cancels a match",
                    l.text, t.text
                )
            };
            out.push(at(l, msg));
        }
    }

    // the lexicon: a whole-word literal term inside the word (and shorter) or across its edge
    if !words.is_empty() {
        let mut literal: HashMap<&str, usize> = HashMap::new();
        for t in terms.iter().filter(|t| !t.is_proximity()) {
            literal.entry(t.folded.as_str()).or_insert(t.theme);
        }
        let whole = WholeWords::new(terms);
        for l in words {
            if let Some(&theme) = literal.get(l.folded.as_str()) {
                let id = &themes[theme].id;
                out.push(at(l, format!("word `{}` is a term of theme `{id}`, and every term is a word of the lexicon already: the entry never stops a match", l.text)));
            } else if !whole.touch(&l.folded) {
                out.push(at(
                    l,
                    format!(
                        "word `{}` covers no whole-word term and crosses the edge of none: it never stops a match",
                        l.text
                    ),
                ));
            }
        }
    }

    // a phrase given twice in a theme's `exclude`, or a word twice in its `words` (folded, in the
    // same file: a later file of the theme may restate what an earlier one says)
    for (theme, phrases) in theme_excludes.iter().enumerate() {
        let id = &themes[theme].id;
        for (first, again) in repeats(phrases) {
            out.push(at(again, repeated("exclusion", &format!("`exclude` of theme `{id}`"), &first.text, &again.text)));
        }
    }
    for (first, again) in repeats(words) {
        out.push(at(again, repeated("word", "`words`", &first.text, &again.text)));
    }

    out.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    out
}

/// Where the keys of a `[[term]]` that [`term_table`] looks at are written (bytes of the file).
#[derive(Debug, Default)]
pub(super) struct TableKeys {
    /// The `window` key.
    pub(super) window: Option<Range<usize>>,
    /// The `weight` key.
    pub(super) weight: Option<Range<usize>>,
    /// The `weak` key, when it is `true`.
    pub(super) weak: Option<Range<usize>>,
    /// The words of `all`, folded, with where each is written.
    pub(super) all: Vec<(String, Range<usize>)>,
    /// The words given again in a guard list or in `exclude`.
    pub(super) repeated: Vec<Repeated>,
    /// The words of the guards that `window` bounds (`near`, `before`, `after`, `not-near`,
    /// `not-before`, `not-after`).
    pub(super) windowed: Vec<Windowed>,
}

/// A word of a guard that looks within `window` characters of the match.
#[derive(Debug)]
pub(super) struct Windowed {
    /// The list's key (`near`, `not-before` …).
    pub(super) key: String,
    /// The word as written.
    pub(super) text: String,
    /// Its length in characters, folded (as matching reads it).
    pub(super) chars: usize,
    /// Where it is written.
    pub(super) span: Range<usize>,
}

/// A word of a `[[term]]`'s guard list or `exclude` that folds to the same text as an earlier word of the list.
#[derive(Debug)]
pub(super) struct Repeated {
    /// The list's key (`near`, `clause`, `exclude` …).
    pub(super) key: String,
    /// The earlier word and this one, as written.
    pub(super) first: String,
    pub(super) again: String,
    /// Where this one is written.
    pub(super) span: Range<usize>,
}

/// The warnings of one `[[term]]` table of `file` (text `source`) as read into `t`:
///
/// * `window` set on a term that no guard reads it for: the window is the reach of `near`, `before`,
///   `after`, `not-near`, `not-before` and `not-after` (not of `quoted`, `clause`, `work` or
///   `exclude`);
/// * a word given twice in `all` (folded): the term then needs two occurrences of it, which is
///   seldom what is meant;
/// * `weak = true` together with `weight`: `weight` sets the weight, and `weak = true` (weight 0.5)
///   is ignored;
/// * a word given twice in one guard list (`near`, `clause`, `not-after` …) or in `exclude` (folded):
///   the second changes nothing, and is usually a list pasted twice or a word meant for another list.
/// * a word of `near`, `before`, `after`, `not-near`, `not-before` or `not-after` longer than the
///   window: the whole word must lie within `window` characters of the match, so it never does, and the
///   guard never sees it (a forbidden word that is never seen forbids nothing).
pub(super) fn term_table(file: &str, source: &str, t: &Term, keys: &TableKeys) -> Vec<RuleWarning> {
    let at = |span: &Range<usize>, msg: String| RuleWarning::at(file, source, span.clone(), msg);
    let mut out = Vec::new();
    let g = &t.guard;
    if let Some(span) = &keys.window {
        let used =
            [&g.near, &g.before, &g.after, &g.not_near, &g.not_before, &g.not_after].iter().any(|l| !l.is_empty());
        if !used {
            out.push(at(
                span,
                format!("`window` of term `{}` is read by no guard: it is the reach of near, before, after, not-near, not-before and not-after, and the term has none", t.text),
            ));
        }
    }
    for (i, (w, span)) in keys.all.iter().enumerate() {
        if keys.all[..i].iter().any(|(v, _)| v == w) {
            out.push(at(
                span,
                format!("word `{w}` is given twice in `all` of term `{}`: the term then matches only where it occurs twice; give it once if one occurrence is meant", t.text),
            ));
        }
    }
    for r in &keys.repeated {
        out.push(at(&r.span, repeated("word", &format!("`{}` of term `{}`", r.key, t.text), &r.first, &r.again)));
    }
    for w in keys.windowed.iter().filter(|w| w.chars > g.window) {
        let window = if keys.window.is_some() {
            format!("`window = {}`", g.window)
        } else {
            format!("the default window of {}", g.window)
        };
        out.push(at(
            &w.span,
            format!(
                "word `{}` of `{}` of term `{}` has {} characters, more than {window}: the whole word must lie within the window, so the guard never sees it; raise `window` to at least {} or shorten the word",
                w.text, w.key, t.text, w.chars, w.chars
            ),
        ));
    }
    if let (Some(weak), Some(_)) = (&keys.weak, &keys.weight) {
        out.push(at(weak, format!("term `{}` has both `weak = true` and `weight`: `weight = {}` wins, and `weak = true` (weight 0.5) is ignored; keep one", t.text, t.weight)));
    }
    out
}

/// The warning of `again`, a `noun` (word, exclusion) of the list `list` (e.g. `` `near` of term `河长制` ``)
/// that folds to `first`, an earlier entry of the list: the same text, or another spelling of it (folding
/// reads full- and half-width forms, Traditional and Simplified alike).
fn repeated(noun: &str, list: &str, first: &str, again: &str) -> String {
    if first == again {
        format!("{noun} `{again}` is given twice in {list}: the second changes nothing; give it once")
    } else {
        format!(
            "{noun} `{again}` in {list} is `{first}` again once folded, as matching reads both: it changes nothing; give one of them"
        )
    }
}

/// Each entry of `list` that folds to the text of an earlier entry of the same file, with that
/// earlier entry: linear in the list.
pub(super) fn repeats(list: &[Listed]) -> Vec<(&Listed, &Listed)> {
    let mut first: HashMap<(usize, &str), &Listed> = HashMap::with_capacity(list.len());
    let mut out = Vec::new();
    for l in list {
        let e = *first.entry((l.src, l.folded.as_str())).or_insert(l);
        if !std::ptr::eq(e, l) {
            out.push((e, l));
        }
    }
    out
}

/// Whether a match of `t` can lie inside an occurrence of `phrase` (both folded): the phrase holds
/// the term, or every word of a proximity term.
fn holds(phrase: &str, t: &Term) -> bool {
    if t.is_proximity() {
        t.folded_all.iter().all(|w| phrase.contains(w.as_str()))
    } else {
        phrase.contains(t.folded.as_str())
    }
}

/// The byte offsets of the char boundaries of `s`, its end included.
fn boundaries(s: &str) -> Vec<usize> {
    s.char_indices().map(|(i, _)| i).chain(std::iter::once(s.len())).collect()
}

/// The terms of one theme, to ask whether a phrase holds any of them: the phrase's substrings are
/// looked up (a phrase has at most [`super::MAX_PATTERN_CHARS`] characters), not every term read.
struct TermsInside<'a> {
    /// Folded texts of the literal terms.
    literal: HashSet<&'a str>,
    /// Proximity terms by the word of theirs that the fewest proximity terms of the theme share.
    proximity: HashMap<&'a str, Vec<&'a Term>>,
    /// The most characters of a literal term or a word of a proximity term.
    longest: usize,
}

impl<'a> TermsInside<'a> {
    fn new(terms: &[&'a Term]) -> Self {
        let mut literal = HashSet::new();
        let mut count: HashMap<&str, usize> = HashMap::new();
        let mut longest = 0;
        for t in terms {
            if t.is_proximity() {
                for w in &t.folded_all {
                    *count.entry(w.as_str()).or_default() += 1;
                    longest = longest.max(w.chars().count());
                }
            } else {
                literal.insert(t.folded.as_str());
                longest = longest.max(t.folded.chars().count());
            }
        }
        let mut proximity: HashMap<&str, Vec<&Term>> = HashMap::new();
        for t in terms.iter().filter(|t| t.is_proximity()) {
            if let Some(w) = t.folded_all.iter().min_by_key(|w| count[w.as_str()]) {
                proximity.entry(w.as_str()).or_default().push(t);
            }
        }
        TermsInside { literal, proximity, longest }
    }

    /// Whether `phrase` (folded) holds a literal term, or every word of a proximity term.
    fn any(&self, phrase: &str) -> bool {
        let b = boundaries(phrase);
        (0..b.len()).any(|i| {
            (i + 1..b.len().min(i + self.longest + 1)).any(|j| {
                let sub = &phrase[b[i]..b[j]];
                self.literal.contains(sub)
                    || self.proximity.get(sub).is_some_and(|ts| ts.iter().any(|t| holds(phrase, t)))
            })
        })
    }
}

/// The folded texts of the whole-word literal terms, sorted, forwards and backwards.
struct WholeWords {
    set: HashSet<String>,
    sorted: Vec<String>,
    /// Each text with its characters reversed, sorted.
    reversed: Vec<String>,
    /// The most characters of one.
    longest: usize,
}

impl WholeWords {
    fn new(terms: &[Term]) -> Self {
        let mut sorted: Vec<String> =
            terms.iter().filter(|t| t.whole_word && !t.is_proximity()).map(|t| t.folded.clone()).collect();
        sorted.sort_unstable();
        sorted.dedup();
        let mut reversed: Vec<String> = sorted.iter().map(|t| t.chars().rev().collect()).collect();
        reversed.sort_unstable();
        let longest = sorted.iter().map(|t| t.chars().count()).max().unwrap_or(0);
        WholeWords { set: sorted.iter().cloned().collect(), sorted, reversed, longest }
    }

    /// Whether a whole-word term lies inside `word` (and is shorter), or crosses its edge: a proper
    /// suffix of the word is a proper prefix of the term, or a proper prefix of the word a proper
    /// suffix of the term (the word then reaches past the term on one side, the term past the word
    /// on the other).
    fn touch(&self, word: &str) -> bool {
        let b = boundaries(word);
        let n = b.len() - 1; // characters
        let inside = (0..n)
            .any(|i| (i + 1..=n.min(i + self.longest)).any(|j| j - i < n && self.set.contains(&word[b[i]..b[j]])));
        if inside {
            return true;
        }
        let reversed: String = word.chars().rev().collect();
        let rb = boundaries(&reversed);
        (1..n).any(|k| {
            longer_with_prefix(&self.sorted, &word[b[n - k]..])
                || longer_with_prefix(&self.reversed, &reversed[rb[n - k]..])
        })
    }
}

/// Whether `sorted` (sorted, without repeats) holds a string that starts with `prefix` and is longer.
fn longer_with_prefix(sorted: &[String], prefix: &str) -> bool {
    // the strings that start with `prefix` come together, from the first one not below it; `prefix`
    // itself, if there, is the first of them
    let from = sorted.partition_point(|t| t.as_str() < prefix);
    sorted[from..].iter().take(2).any(|t| t.len() > prefix.len() && t.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(texts: &[&str]) -> WholeWords {
        let mut sorted: Vec<String> = texts.iter().map(|t| t.to_string()).collect();
        sorted.sort();
        let mut reversed: Vec<String> = sorted.iter().map(|t| t.chars().rev().collect()).collect();
        reversed.sort();
        WholeWords {
            set: sorted.iter().cloned().collect(),
            longest: sorted.iter().map(|t| t.chars().count()).max().unwrap_or(0),
            sorted,
            reversed,
        }
    }

    #[test]
    fn a_word_touches_a_term_inside_it_or_across_its_edge() {
        let w = whole(&["军人", "安全"]);
        assert!(w.touch("领军人物")); // covers it
        assert!(w.touch("退役军人")); // ends with it
        assert!(w.touch("领军")); // 领[军 人]: the word ends inside the term
        assert!(w.touch("人物")); // [军 人]物: the word starts inside the term
        assert!(!w.touch("军人")); // the term itself
        assert!(!w.touch("军")); // inside the term
        assert!(!w.touch("人")); // inside the term, at its end
        assert!(!w.touch("将军府")); // 军 inside, but 人 does not follow
        assert!(!w.touch("物人")); // its 人 would have to be the term's first character
    }

    #[test]
    fn longer_with_prefix_skips_the_prefix_itself() {
        let v: Vec<String> = ["军", "军人", "民"].iter().map(|s| s.to_string()).collect();
        assert!(longer_with_prefix(&v, "军"));
        assert!(!longer_with_prefix(&v, "军人"));
        assert!(!longer_with_prefix(&v, "民"));
        assert!(!longer_with_prefix(&v, "人"));
    }
}

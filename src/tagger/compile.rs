//! Building a tagger: one scanner over every pattern (terms, words of proximity terms, `words`,
//! exclusion phrases) and the small tables the search and the checks read for each pattern and term.

use std::ops::Range;
use std::sync::Arc;

use super::Tagger;
use super::guard::word_hashes;
use crate::report::{SharedList, SharedStr};
use crate::rules::RuleSet;
use crate::scan::Scanner;

/// What the checks of a candidate of one term need to know first.
#[derive(Debug, Clone, Copy)]
pub(super) struct TermInfo {
    pub(super) theme: u32,
    /// Nothing for [`Tagger::check`] to look at: no digit guard, no exclusion phrase of the term or
    /// its theme, no context guard (most terms): every candidate passes.
    pub(super) unguarded: bool,
    /// An exclusion phrase of the term or of its theme can exclude it.
    pub(super) excludable: bool,
    pub(super) whole_word: bool,
    /// The term starts / ends with an ASCII digit (its guard's `digit_start` / `digit_end`).
    pub(super) digit_start: bool,
    pub(super) digit_end: bool,
    /// The term's context guard (words near, before, after, in its clause, or quotes),
    /// `Tagger::guards[guard]`, or [`TermInfo::NO_GUARD`] (most terms).
    pub(super) guard: u32,
    /// The term's weight (what scoring reads of it).
    pub(super) weight: f32,
    /// A proximity term: a bit for each of its words, all set (what `find` compares with the words
    /// a paragraph holds). 0 for other terms, and for a proximity term of more words than a byte has
    /// bits, which `find` always looks at (rule files cannot have one: `MAX_PROXIMITY_WORDS`).
    pub(super) all_words: u8,
}

impl TermInfo {
    pub(super) const NO_GUARD: u32 = u32::MAX;
}

/// A term's context guard as [`Tagger::check`] reads it: the words of each list are
/// `Tagger::guard_words[lists[k]..lists[k + 1]]`, k one of the `GuardCode` list constants.
#[derive(Debug, Clone, Copy)]
pub(super) struct GuardCode {
    pub(super) window: u32,
    pub(super) quoted: bool,
    /// A proximity term's: `near` and `not-near` also look at the match itself, the words between its
    /// parts (a literal term's match is its own text, where no guard word is looked for).
    pub(super) span: bool,
    lists: [u32; 8],
}

impl GuardCode {
    pub(super) const NOT_NEAR: usize = 0;
    pub(super) const NOT_BEFORE: usize = 1;
    pub(super) const NOT_AFTER: usize = 2;
    pub(super) const NEAR: usize = 3;
    pub(super) const BEFORE: usize = 4;
    pub(super) const AFTER: usize = 5;
    pub(super) const CLAUSE: usize = 6;

    pub(super) fn list(&self, k: usize) -> Range<usize> {
        self.lists[k] as usize..self.lists[k + 1] as usize
    }

    pub(super) fn has_positive(&self) -> bool {
        self.quoted || self.lists[GuardCode::NEAR] < self.lists[GuardCode::CLAUSE + 1]
    }
}

/// A guard word: its text is `Tagger::guard_text[at..at + len]`, and `hashes` its [`word_hashes`].
#[derive(Debug, Clone, Copy)]
pub(super) struct GuardWord {
    pub(super) at: u32,
    pub(super) len: u32,
    pub(super) hashes: [u16; 4],
}

/// The part of a pattern's [`PatternUse`] that every occurrence needs, in 8 bytes.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct PatternHot {
    /// Where the pattern's terms start in [`Tagger::pattern_terms`], and how many there are; the term
    /// itself when there is one (most patterns: an occurrence then reads no list).
    terms_at: u32,
    pub(super) terms: u16,
    /// [`PatternHot::EXCLUSION`], [`PatternHot::PARTS`], [`PatternHot::WORD`].
    pub(super) flags: u8,
}

impl PatternHot {
    /// An exclusion phrase.
    pub(super) const EXCLUSION: u8 = 1;
    /// A word of a proximity term.
    pub(super) const PARTS: u8 = 2;
    /// A `words` entry.
    pub(super) const WORD: u8 = 4;
}

/// The strings of the rules that reports name, as [`SharedStr`]s: a report shares them instead of
/// copying them for every match.
#[derive(Debug)]
pub(super) struct Names {
    /// Per term: its text as written in the rules, and its sub-theme.
    pub(super) term_text: Vec<SharedStr>,
    pub(super) term_sub: Vec<Option<SharedStr>>,
    /// Per theme: its id, its name, and the list of just its id (the themes of most matches).
    pub(super) theme_id: Vec<SharedStr>,
    pub(super) theme_name: Vec<SharedStr>,
    pub(super) theme_alone: Vec<SharedList>,
}

/// The names of the embedded default rules, made by the first tagger of them in the process and
/// shared by every later one. They live as long as the process (a static), so their reports clone
/// them without counting: an atomic count per match and per theme was some 5 % of tagging with the
/// default rules (bench/README.md).
static EMBEDDED_NAMES: std::sync::OnceLock<Arc<Names>> = std::sync::OnceLock::new();

impl Names {
    /// The names of `rules`: counted strings, except for the embedded default rules (unchanged:
    /// `RuleSet::name` is `default`), whose names are made once per process.
    fn of(rules: &RuleSet) -> Arc<Names> {
        if rules.name == "default" {
            let names = EMBEDDED_NAMES.get_or_init(|| {
                Arc::new(Names::new(
                    rules,
                    |s| SharedStr::from_static(Box::leak(s.into())),
                    |l| SharedList::from_static(Box::leak(l.into_boxed_slice())),
                ))
            });
            // the same rules, as the name says (checked: a comparison per name)
            let same_terms = names.term_text.len() == rules.terms.len()
                && names
                    .term_text
                    .iter()
                    .zip(&names.term_sub)
                    .zip(&rules.terms)
                    .all(|((n, sub), t)| *n == t.text && sub.as_deref() == t.sub_theme.as_deref());
            let same_themes = names.theme_id.len() == rules.themes.len()
                && names
                    .theme_id
                    .iter()
                    .zip(&names.theme_name)
                    .zip(&rules.themes)
                    .all(|((id, name), t)| *id == t.id && *name == t.name);
            if same_terms && same_themes {
                return Arc::clone(names);
            }
        }
        Arc::new(Names::new(rules, |s| SharedStr::from(s), SharedList::from))
    }

    fn new(rules: &RuleSet, string: impl Fn(&str) -> SharedStr, list: impl Fn(Vec<SharedStr>) -> SharedList) -> Names {
        let theme_id: Vec<SharedStr> = rules.themes.iter().map(|t| string(&t.id)).collect();
        Names {
            term_text: rules.terms.iter().map(|t| string(&t.text)).collect(),
            term_sub: rules.terms.iter().map(|t| t.sub_theme.as_deref().map(&string)).collect(),
            theme_name: rules.themes.iter().map(|t| string(&t.name)).collect(),
            theme_alone: theme_id.iter().map(|id| list(vec![id.clone()])).collect(),
            theme_id,
        }
    }
}

/// What one automaton pattern stands for, as the tagger is built: literal terms (indices into
/// `rules.terms`; one per theme at most), words of proximity terms, whether it is a lexicon word, and
/// whether an exclusion phrase. The built tagger keeps the first and the third in [`PatternHot`] and
/// the others in [`PatternUse`].
#[derive(Debug, Clone, Default)]
struct PatternDraft {
    terms: Vec<u32>,
    use_: PatternUse,
    word: bool,
}

/// What a pattern stands for besides its terms and being a word (see [`PatternHot`]), read only for
/// the patterns whose [`PatternHot::flags`] say so.
#[derive(Debug, Clone, Default)]
pub(super) struct PatternUse {
    /// `(proximity term, index of the word in its `all`)`.
    pub(super) parts: Vec<(u32, u8)>,
    /// An exclusion phrase: its index in [`Exclusions::owners`].
    pub(super) exclusion: Option<u32>,
}

/// The exclusion phrases, searched by the term automaton in the same pass (they are patterns of it).
#[derive(Debug, Clone)]
pub(super) struct Exclusions {
    /// Length in bytes of the longest exclusion phrase (how far before a match one can start).
    pub(super) longest: usize,
    /// For each exclusion pattern, whom it protects.
    pub(super) owners: Vec<Vec<ExclusionOwner>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ExclusionOwner {
    Theme(usize),
    Term(u32),
}

/// One use of an automaton pattern, while the tagger is built.
enum Use {
    Term(u32),
    Part(u32, u8),
    Word,
}

/// Compiles `rules` into a tagger: the body of [`Tagger::new`].
pub(super) fn build(rules: RuleSet) -> Tagger {
    let mut patterns: Vec<&str> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    fn slot<'a>(
        index: &mut std::collections::HashMap<&'a str, usize>,
        patterns: &mut Vec<&'a str>,
        p: &'a str,
    ) -> usize {
        *index.entry(p).or_insert_with(|| {
            patterns.push(p);
            patterns.len() - 1
        })
    }
    let mut wanted: Vec<(usize, Use)> = Vec::new();
    for (i, t) in rules.terms.iter().enumerate() {
        if t.is_proximity() {
            for (k, w) in t.folded_all.iter().enumerate() {
                wanted.push((slot(&mut index, &mut patterns, w), Use::Part(i as u32, k as u8)));
            }
        } else {
            wanted.push((slot(&mut index, &mut patterns, &t.folded), Use::Term(i as u32)));
        }
    }
    for w in &rules.words {
        wanted.push((slot(&mut index, &mut patterns, w), Use::Word));
    }
    let mut uses = vec![PatternDraft::default(); patterns.len()];
    for (p, u) in wanted {
        match u {
            Use::Term(t) => uses[p].terms.push(t),
            Use::Part(t, k) => uses[p].use_.parts.push((t, k)),
            Use::Word => uses[p].word = true,
        }
    }
    let longest_pattern = patterns.iter().map(|p| p.len()).max().unwrap_or(0);

    let mut ex_patterns: Vec<String> = Vec::new();
    let mut ex_index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut owners: Vec<Vec<ExclusionOwner>> = Vec::new();
    let mut add = |phrase: &str, owner: ExclusionOwner| match ex_index.get(phrase) {
        Some(&i) => owners[i].push(owner),
        None => {
            ex_index.insert(phrase.to_string(), ex_patterns.len());
            ex_patterns.push(phrase.to_string());
            owners.push(vec![owner]);
        }
    };
    for (i, theme) in rules.themes.iter().enumerate() {
        for p in &theme.exclude {
            add(p, ExclusionOwner::Theme(i));
        }
    }
    for (i, t) in rules.terms.iter().enumerate() {
        for p in &t.guard.exclude {
            add(p, ExclusionOwner::Term(i as u32));
        }
    }
    // The exclusion phrases are patterns of the same scanner, after the terms and words: one pass
    // over the text finds both (a second automaton cost a second pass). Which one `explain` names
    // when several hold a match is the order an automaton of the phrases alone reported them in:
    // by end, longest first at one end (see `check`).
    let searched = patterns.len();
    for (i, phrase) in ex_patterns.iter().enumerate() {
        let p = slot(&mut index, &mut patterns, phrase);
        if p >= uses.len() {
            uses.push(PatternDraft::default());
        }
        uses[p].use_.exclusion = Some(i as u32);
    }
    let exclusion_only: Vec<String> = patterns[searched..].iter().map(|p| p.to_string()).collect();
    // The scanner gets the patterns in byte order (its pattern ids are positions in that order,
    // and `uses` is put in the same order): a pattern then shares its prefix with the one just
    // added, whose trie nodes are still in the cache.
    let mut order: Vec<u32> = (0..patterns.len() as u32).collect();
    crate::sort::heapsort_by(&mut order, |&a, &b| patterns[a as usize] < patterns[b as usize]);
    let mut taken = std::mem::take(&mut uses);
    uses = order.iter().map(|&i| std::mem::take(&mut taken[i as usize])).collect();
    drop(taken);
    let scanner = Scanner::new(order.iter().map(|&i| patterns[i as usize]));
    let exclusions = (!ex_patterns.is_empty())
        .then(|| Exclusions { longest: ex_patterns.iter().map(String::len).max().unwrap_or(0), owners });
    let mut pattern_terms = Vec::new();
    let (pattern_hot, uses): (Vec<PatternHot>, Vec<PatternUse>) = uses
        .into_iter()
        .map(|u| {
            let terms_at = if let [t] = u.terms[..] {
                t
            } else {
                pattern_terms.extend_from_slice(&u.terms);
                (pattern_terms.len() - u.terms.len()) as u32
            };
            let flags = if u.use_.exclusion.is_some() { PatternHot::EXCLUSION } else { 0 }
                | if u.use_.parts.is_empty() { 0 } else { PatternHot::PARTS }
                | if u.word { PatternHot::WORD } else { 0 };
            // one pattern stands for at most one term per theme
            (
                PatternHot { terms_at, terms: u16::try_from(u.terms.len()).expect("at most 65,535 themes"), flags },
                u.use_,
            )
        })
        .unzip();
    let names = Names::of(&rules);
    // a hit keeps its theme in 16 bits, an occurrence of a proximity word its term in 24
    assert!(rules.themes.len() <= 1 << 16, "more than 65,536 themes");
    assert!(rules.terms.len() <= 1 << 24, "more than 16,777,216 terms");
    let (mut guards, mut guard_words, mut guard_text) = (Vec::new(), Vec::new(), String::new());
    let term_info = rules
        .terms
        .iter()
        .map(|t| {
            let g = &t.guard;
            let excludable = !g.exclude.is_empty() || !rules.themes[t.theme].exclude.is_empty();
            let context =
                g.has_positive() || !g.not_near.is_empty() || !g.not_before.is_empty() || !g.not_after.is_empty();
            let unguarded = !g.digit_start && !g.digit_end && !excludable && !context;
            let mut guard = TermInfo::NO_GUARD;
            if context {
                guard = guards.len() as u32;
                let mut lists = [0u32; 8];
                let mut push = |w: &str, words: &mut Vec<GuardWord>| {
                    words.push(GuardWord { at: guard_text.len() as u32, len: w.len() as u32, hashes: word_hashes(w) });
                    guard_text.push_str(w);
                };
                for (k, words) in
                    [&g.not_near, &g.not_before, &g.not_after, &g.near, &g.before, &g.after].into_iter().enumerate()
                {
                    lists[k] = guard_words.len() as u32;
                    words.iter().for_each(|w| push(w, &mut guard_words));
                }
                lists[GuardCode::CLAUSE] = guard_words.len() as u32;
                g.clause_words().for_each(|w| push(w, &mut guard_words));
                lists[7] = guard_words.len() as u32;
                guards.push(GuardCode { window: g.window as u32, quoted: g.quoted, span: t.is_proximity(), lists });
            }
            let all_words = match t.folded_all.len() {
                n @ 1..=crate::MAX_PROXIMITY_WORDS => (u16::MAX >> (16 - n)) as u8,
                _ => 0,
            };
            TermInfo {
                theme: t.theme as u32,
                unguarded,
                excludable,
                whole_word: t.whole_word,
                digit_start: g.digit_start,
                digit_end: g.digit_end,
                guard,
                weight: t.weight,
                all_words,
            }
        })
        .collect();
    assert!(guard_text.len() <= u32::MAX as usize, "4 GiB of guard words");
    Tagger {
        rules,
        scanner,
        patterns: uses,
        pattern_hot,
        pattern_terms,
        guards,
        guard_words,
        guard_text,
        longest_pattern,
        exclusions,
        exclusion_only,
        names,
        term_info,
    }
}

impl Tagger {
    /// [`Tagger::automaton_patterns`] in the scanner's own order (byte order, see [`Tagger::new`]):
    /// pattern `i` of the scanner is `self.sorted_patterns()[i]`, whose use is `self.patterns[i]`.
    #[cfg(test)]
    fn sorted_patterns(&self) -> Vec<&str> {
        let mut out = self.automaton_patterns();
        out.sort_unstable();
        out
    }

    /// The terms that pattern `p` stands for.
    pub(super) fn terms_of(&self, p: u32) -> &[u32] {
        let h = &self.pattern_hot[p as usize];
        if h.terms == 1 {
            std::slice::from_ref(&h.terms_at)
        } else {
            &self.pattern_terms[h.terms_at as usize..][..h.terms as usize]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::Normalized;

    #[test]
    fn embedded_names_are_made_once_and_not_counted() {
        let (a, b) = (Tagger::builtin(), Tagger::builtin());
        assert!(Arc::ptr_eq(&a.names, &b.names), "a second tagger of the default rules shares the names of the first");
        let text = "全面推行河长制，深入打好污染防治攻坚战。";
        let report = a.tag(text);
        let m = &report.paragraphs[0].matches[0];
        assert!(m.term.is_static() && m.themes.is_static());
        let theme = &report.paragraphs[0].themes[0];
        assert!(theme.id.is_static() && theme.terms.iter().all(SharedStr::is_static));
        // other rules (here the defaults and one more file) have names of their own, counted; their
        // reports read the same
        let extended = Tagger::new(
            RuleSet::builder().source("night.toml", "name = \"夜间经济\"\nterms = [\"夜市\"]\n").build().unwrap(),
        );
        assert!(!Arc::ptr_eq(&a.names, &extended.names));
        let other = extended.tag(text);
        assert!(!other.paragraphs[0].matches[0].term.is_static());
        assert_eq!(serde_json::to_value(&other.paragraphs).unwrap(), serde_json::to_value(&report.paragraphs).unwrap());
    }

    /// The scanner over the patterns in byte order finds, on the samples (folded), exactly the
    /// occurrences that an overlapping automaton search over them in the order of the rules found, and
    /// every scanner id's use is that of its own pattern. The automaton reported the occurrences by
    /// end, longest first at one end: the order by which `check` names the exclusion phrase.
    #[test]
    fn scanner_finds_what_the_automaton_finds() {
        use aho_corasick::{AhoCorasick, MatchKind};
        let tagger = Tagger::builtin();
        let sorted = tagger.sorted_patterns();
        let in_rule_order = tagger.automaton_patterns();
        let plain = AhoCorasick::builder().match_kind(MatchKind::Standard).build(&in_rule_order).unwrap();
        for (i, pu) in tagger.patterns.iter().enumerate() {
            for &t in tagger.terms_of(i as u32) {
                assert_eq!(tagger.rules.terms[t as usize].folded, sorted[i]);
            }
            for &(t, k) in &pu.parts {
                assert_eq!(tagger.rules.terms[t as usize].folded_all[k as usize], sorted[i]);
            }
            assert_eq!(
                tagger.pattern_hot[i].flags & PatternHot::WORD != 0,
                tagger.rules.words.binary_search_by(|w| w.as_str().cmp(sorted[i])).is_ok()
            );
        }
        let samples = [
            include_str!("../../tests/fixtures/corpus/baoan-xinqiao-2024h1.txt"),
            include_str!("../../tests/fixtures/corpus/panyu-shawan-2023.txt"),
            include_str!("../../tests/fixtures/corpus/panyu-shiqiao-2023.txt"),
            include_str!("../../tests/fixtures/corpus/zhongshan-nanqu-2022.txt"),
        ];
        let mut total = 0;
        for text in samples {
            let mut norm = Normalized::default();
            norm.fold(text);
            let hay = norm.text.as_str();
            let reported: Vec<(usize, usize, &str)> = plain
                .find_overlapping_iter(hay)
                .map(|m| (m.start(), m.end(), in_rule_order[m.pattern().as_usize()]))
                .collect();
            assert!(reported.is_sorted_by_key(|o| (o.1, o.0)), "by end, longest first");
            let mut expected = reported;
            expected.sort_unstable();
            let mut found = Vec::new();
            tagger.scanner.for_each(hay, |s, e, p| found.push((s as usize, e as usize, sorted[p as usize])));
            total += expected.len();
            assert!(found == expected);
        }
        assert!(total > 1000, "{total} occurrences");
    }
}

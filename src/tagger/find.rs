//! The search of one paragraph: every occurrence of every pattern on the folded paragraph, the
//! checks of each candidate (see [`super::guard`]), proximity terms from the occurrences of their
//! words, and the leftmost-longest choice within each theme.

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use super::Tagger;
use super::compile::PatternHot;
use super::guard::{Context, Rejection, balance_quotes};
use crate::buffers::give_back;
use crate::normalize::Normalized;
use crate::rules::Term;

/// One candidate span as found by `find`, with the terms that accepted and rejected it.
pub(crate) struct Logged {
    pub(super) span: Range<usize>,
    /// The term to name it by.
    pub(super) term: u32,
    pub(super) accepted: Vec<u32>,
    pub(super) rejected: Vec<(u32, Rejection)>,
}

/// A match inside one paragraph, in bytes of the original text (relative to the whole input).
#[derive(Debug, Clone)]
pub(crate) struct RawMatch {
    pub span: Range<usize>,
    /// Terms that accepted the match (of different themes).
    pub terms: TermIds,
}

/// The terms that accepted one match: almost always one, kept without an allocation; several are a
/// list shared by every match of the same terms (see [`FindBuffers::term_sets`]).
#[derive(Debug, Clone)]
pub(crate) enum TermIds {
    One(u32),
    Many(Arc<[u32]>),
}

impl std::ops::Deref for TermIds {
    type Target = [u32];
    fn deref(&self) -> &[u32] {
        match self {
            TermIds::One(t) => std::slice::from_ref(t),
            TermIds::Many(ts) => ts,
        }
    }
}

impl<'a> IntoIterator for &'a TermIds {
    type Item = &'a u32;
    type IntoIter = std::slice::Iter<'a, u32>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// The buffers of [`Tagger::find`], kept from one paragraph to the next: the folded paragraph, and
/// the occurrences, exclusion phrases, word occurrences of proximity terms and hits found in it, with
/// offsets in the folded paragraph as `u32`.
#[derive(Debug, Default)]
pub(crate) struct FindBuffers {
    /// The folded paragraph (read by callers after `find`).
    pub norm: Normalized,
    excluded: Vec<(u32, u32, u32)>,
    occ: Vec<(u32, u32, u32)>,
    hits: Vec<Hit>,
    /// Occurrences of the words of proximity terms: `(pattern, start, end)`, one per occurrence
    /// however many proximity terms share the word.
    part_occ: Vec<(u32, u32, u32)>,
    /// Per proximity term, a bit for each of its words that the paragraph holds (all zero between
    /// paragraphs); `prox_touched` lists the terms whose bits are set.
    prox_seen: Vec<u8>,
    prox_touched: Vec<u32>,
    /// With a log (explain), the proximity terms that have every word in the paragraph, by id: the
    /// only ones [`Tagger::near_misses`] looks at.
    pub prox_whole: Vec<u32>,
    /// The runs of `part_occ` (sorted by pattern and start) that hold the words of proximity terms
    /// with all their words in the paragraph: `(term << 8 | word index, from, to)`, by term and word.
    part_runs: Vec<(u32, u32, u32)>,
    /// The occurrences of the words of one such term: `(term << 8 | word index, start, end)`.
    parts: Vec<(u32, u32, u32)>,
    /// Per accepted proximity match, `(term, start, at)`: the spans of its words are
    /// `word_spans[at..]` (as many as the term has words), by term and start.
    prox_words: Vec<(u32, u32, u32)>,
    /// Per theme, the end of its last literal match kept so far.
    last_end: Vec<u32>,
    /// The spans of the words of the accepted proximity matches (see `prox_words`).
    word_spans: Vec<(u32, u32)>,
    /// The lists of [`proximity_matches`], kept from one term and paragraph to the next.
    proximity: ProximityBuffers,
    /// Lists larger than this many bytes are given back as soon as `find` is done with them (the
    /// occurrences, exclusion phrases and words of proximity terms, once the hits are known); `None`
    /// keeps them for the next paragraph.
    release_above: Option<usize>,
    /// Whether the paragraph last searched is a closing paragraph, a call or thanks
    /// ([`crate::is_closing_exhortation`], asked of its folded text before a long paragraph's goes):
    /// asked only when it has a match, the only case where it changes the paragraph's themes; false
    /// otherwise.
    pub closing: bool,
    /// The lists of terms of the matches accepted by several terms ([`TermIds::Many`]) made so far:
    /// one list per set of terms (there are at most as many as patterns), not one per match.
    term_sets: ByTerms<()>,
    /// The terms of one such match, to look its list up.
    term_set: Vec<u32>,
}

/// Values kept per list of term ids, in a vector sorted by the list: a text has few such lists (at
/// most one per pattern accepted by several terms), a look-up is a binary search, and the wasm stays
/// smaller than with a hash map (about 1 KB gzip of hashing code).
#[derive(Debug, Clone)]
pub(super) struct ByTerms<V>(Vec<(Arc<[u32]>, V)>);

impl<V> Default for ByTerms<V> {
    fn default() -> Self {
        ByTerms(Vec::new())
    }
}

impl<V> ByTerms<V> {
    /// The shared list equal to `terms` and its value, made with `make` the first time.
    pub(super) fn entry(&mut self, terms: &[u32], make: impl FnOnce() -> V) -> &(Arc<[u32]>, V) {
        let at = match self.0.binary_search_by(|(k, _)| (**k).cmp(terms)) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (Arc::from(terms), make()));
                at
            }
        };
        &self.0[at]
    }
}

impl FindBuffers {
    /// Buffers whose lists larger than `keep` bytes are given back as soon as `find` is done with
    /// them (see `release_above`).
    pub(super) fn releasing_above(keep: usize) -> FindBuffers {
        FindBuffers { release_above: Some(keep), ..FindBuffers::default() }
    }

    /// Gives back the memory of buffers that a long paragraph made larger than `keep` bytes (so that
    /// one huge paragraph does not hold its buffers for the rest of the text).
    pub fn trim(&mut self, keep: usize) {
        self.norm.trim(keep);
        give_back(&mut self.excluded, keep);
        give_back(&mut self.occ, keep);
        give_back(&mut self.hits, keep);
        give_back(&mut self.part_occ, keep);
        give_back(&mut self.part_runs, keep);
        give_back(&mut self.parts, keep);
        give_back(&mut self.prox_words, keep);
        give_back(&mut self.word_spans, keep);
        give_back(&mut self.proximity.found, keep);
    }
}

/// The lists of [`proximity_matches`] (two allocations per proximity term and paragraph before they
/// were kept).
#[derive(Debug, Default)]
struct ProximityBuffers {
    /// The stretches found, `(start, end, at)`.
    found: Vec<(u32, u32, u32)>,
    /// Per word of the term, where its occurrences are in the term's list.
    by_word: Vec<Range<usize>>,
    /// The words of the stretch being tried.
    words: Vec<(u32, u32)>,
}

/// A term's accepted match on the folded paragraph, before the choice within its theme (16 bytes:
/// a paragraph of 100 MB has millions).
#[derive(Debug, Clone, Copy)]
struct Hit {
    s: u32,
    e: u32,
    term: u32,
    theme: u16,
    proximity: bool,
}

/// Sorts `hits` by theme, literal matches before proximity ones, start, and the longest first
/// (`by_theme`), else by start, end and theme. One comparator for both orders: in the wasm each
/// comparator is a sort's code of its own (some 4 KB before wasm-opt).
fn sort_hits(hits: &mut [Hit], by_theme: bool) {
    hits.sort_unstable_by(|a, b| {
        if by_theme {
            (a.theme, a.proximity, a.s).cmp(&(b.theme, b.proximity, b.s)).then(b.e.cmp(&a.e))
        } else {
            (a.s, a.e, a.theme).cmp(&(b.s, b.e, b.theme))
        }
    });
}

impl Tagger {
    /// Whether the literal match `k` is one of the words of the proximity match `h` (the same folded
    /// text as one of its `all`), which then does not cover `h`.
    fn is_word_of(&self, k: &Hit, h: Hit) -> bool {
        let word = &self.rules.terms[k.term as usize].folded;
        self.rules.terms[h.term as usize].folded_all.iter().any(|w| w == word)
    }

    /// The proximity terms that have every word in the paragraph `text[range]` (folded: `norm`) but
    /// no candidate in `log[from..]` (the paragraph's): each becomes a candidate rejected with
    /// [`Rejection::TooFar`] at its closest stretch, or [`Rejection::NotInOneSentence`]. Only
    /// [`Tagger::explain`] looks for them: tagging never does.
    ///
    /// `whole` is `FindBuffers::prox_whole` as `find` left it for this paragraph: the proximity terms
    /// with every word in it (the scanner reports every occurrence, overlapping ones too), by id. The
    /// others cannot be near misses, and the thousands of terms are not walked per paragraph.
    pub(super) fn near_misses(
        &self,
        text: &str,
        range: Range<usize>,
        norm: &Normalized,
        whole: &[u32],
        log: &mut Vec<Logged>,
        from: usize,
    ) {
        debug_assert!(whole.is_sorted(), "prox_whole is sorted by find only when it is given a log");
        self.near_misses_among(text, range, norm, whole.iter().copied(), log, from);
    }

    /// [`Tagger::near_misses`] among the proximity terms `terms` (by id, ascending: the order of the
    /// candidates of one span).
    fn near_misses_among(
        &self,
        text: &str,
        range: Range<usize>,
        norm: &Normalized,
        terms: impl Iterator<Item = u32>,
        log: &mut Vec<Logged>,
        from: usize,
    ) {
        let hay = norm.text.as_str();
        let para = &text[range.clone()];
        let sentence_ends: Vec<usize> = hay.match_indices(is_sentence_end).map(|(i, _)| i).collect();
        let sentence = |at: usize| sentence_ends.partition_point(|&e| e < at);
        let chars = |a: usize, b: usize| hay[a..b].chars().count();
        let mut found = Vec::new();
        for t in terms {
            let term = &self.rules.terms[t as usize];
            debug_assert!(term.is_proximity());
            let logged = log[from..]
                .iter()
                .any(|l| l.term == t || l.accepted.contains(&t) || l.rejected.iter().any(|r| r.0 == t));
            if logged || !term.folded_all.iter().all(|w| hay.contains(w.as_str())) {
                continue;
            }
            let occ: Vec<Vec<(usize, usize)>> = term
                .folded_all
                .iter()
                .map(|w| hay.match_indices(w.as_str()).map(|(i, m)| (i, i + m.len())).collect())
                .collect();
            // from each occurrence of the first word, the nearest occurrence of each other word in
            // its sentence (as the search takes them); the stretch with the smallest gap
            let mut best: Option<(usize, usize, usize)> = None; // (gap, start, end)
            for &(s0, e0) in &occ[0] {
                let mut words = vec![(s0, e0)];
                for list in &occ[1..] {
                    let near = list
                        .iter()
                        .filter(|o| sentence(o.0) == sentence(s0) && words.iter().all(|&(a, b)| o.1 <= a || b <= o.0))
                        .min_by_key(|o| if o.0 >= e0 { chars(e0, o.0) } else { chars(o.1.min(s0), s0) });
                    match near {
                        Some(&o) => words.push(o),
                        None => break,
                    }
                }
                if words.len() < occ.len() {
                    continue;
                }
                let s = words.iter().map(|w| w.0).min().unwrap_or(s0);
                let e = words.iter().map(|w| w.1).max().unwrap_or(e0);
                let gap = chars(s, e) - words.iter().map(|&(a, b)| chars(a, b)).sum::<usize>();
                if best.is_none_or(|b| gap < b.0) {
                    best = Some((gap, s, e));
                }
            }
            let (s, e, why) = match best {
                Some((gap, s, e)) if gap > term.within => (s, e, Rejection::TooFar { gap, within: term.within }),
                Some(_) => continue, // close enough: the search found it, or left it for another reason
                None => {
                    let (s, e) = occ
                        .iter()
                        .flat_map(|l| l.first().copied())
                        .fold((usize::MAX, 0), |a, o| (a.0.min(o.0), a.1.max(o.1)));
                    (s, e, Rejection::NotInOneSentence)
                }
            };
            let span = norm.original_start(s)..norm.original_end(para, e);
            let span = range.start + span.start..range.start + span.end;
            found.push(Logged { span, term: t, accepted: Vec::new(), rejected: vec![(t, why)] });
        }
        if !found.is_empty() {
            log.extend(found);
            log[from..].sort_by_key(|l| (l.span.start, std::cmp::Reverse(l.span.end)));
        }
    }

    /// Finds the accepted matches in `text[range]` (one paragraph; the ranges `skip` of `text` inside
    /// it, a page break's lines, left out as line breaks are) and appends them to `out`, in order of
    /// their start; matches of different themes may overlap, those of one theme do not.
    /// With `log`, every candidate is recorded with its accepted and rejected terms.
    ///
    /// The steps: every occurrence of every pattern on the folded paragraph (overlapping ones too);
    /// the guards of each term; whole-word terms against the longer words around them; proximity
    /// terms from the occurrences of their words; then, theme by theme, the leftmost-longest of the
    /// accepted matches (literal terms first, a proximity match only where no literal match of its
    /// theme overlaps it, except literal matches of its own words).
    pub(crate) fn find(
        &self,
        text: &str,
        range: Range<usize>,
        skip: &[Range<usize>],
        buf: &mut FindBuffers,
        out: &mut Vec<RawMatch>,
        log: Option<&mut Vec<Logged>>,
    ) {
        // The wasm builds have no `explain`: there the log is known to be absent, and the code that
        // only a log reads (reasons, named words, notes) is left out of the widget's engine.
        #[cfg(target_arch = "wasm32")]
        let log: Option<&mut Vec<Logged>> = {
            debug_assert!(log.is_none(), "explain is not in the wasm builds");
            None
        };
        let para = &text[range.clone()];
        let FindBuffers {
            norm,
            excluded,
            occ,
            hits,
            part_occ,
            prox_seen,
            prox_touched,
            prox_whole,
            part_runs,
            parts,
            prox_words,
            last_end,
            word_spans,
            proximity,
            release_above,
            closing,
            term_sets,
            term_set,
        } = buf;
        norm.fold_passing_over(para, skip, range.start);
        let hay = norm.text.as_str();
        // offsets inside one paragraph are u32 (as the offset runs of `Normalized` are): every caller
        // takes its paragraphs from `paragraphs_of`, which cuts longer ones (folding never lengthens);
        // MAX_PARAGRAPH_BYTES is u32::MAX, asked as a conversion: on wasm32 a `<=` is always true (clippy)
        assert!(
            u32::try_from(para.len()).is_ok(),
            "a paragraph longer than MAX_PARAGRAPH_BYTES (not from paragraphs_of)"
        );
        // exclusion phrases, by start and end (the scanner's order)
        excluded.clear();
        // the occurrences of terms and words (the exclusion phrases aside) around the ones being
        // checked: by start, longest first at one start
        occ.clear();
        part_occ.clear();
        prox_whole.clear();
        if prox_seen.len() < self.term_info.len() {
            prox_seen.resize(self.term_info.len(), 0);
        }
        parts.clear();
        hits.clear();
        prox_words.clear();
        // per theme, the end of its last literal match kept so far (see below)
        last_end.clear();
        last_end.resize(self.rules.themes.len(), 0);
        // (start, end, term, outcome) for explain
        let mut notes: Vec<(usize, usize, u32, Option<Rejection>)> = Vec::new();
        let ctx = Context {
            para,
            norm,
            hay,
            clause_ends: OnceCell::new(),
            straight_quotes: OnceCell::new(),
            named: log.is_some(),
        };
        // Without a log, the leftmost-longest literal match of each theme is chosen as the occurrences
        // come (by start, longest first at one start: the order of the choice below, theme by theme):
        // one that starts before the end of its theme's last kept literal match would be covered by
        // it, so it is not even checked, and the hits hold only what is kept. With a log every
        // candidate is checked, for the reasons it gives.
        let choose = log.is_none();
        // The occurrences are checked while the scan goes on, a start at a time, once every occurrence
        // that starts before their end is known (`inside_word` looks at those): the list holds only
        // the occurrences a check may still look at, not the paragraph's (a paragraph of 100 MB has
        // millions).
        let mut checked = 0; // occ[..checked] are checked; occ[group..] is the start being scanned
        let mut group = 0;
        let mut check_upto = |occ: &mut Vec<(u32, u32, u32)>,
                              excluded: &[(u32, u32, u32)],
                              checked: &mut usize,
                              group: usize,
                              known: u32,
                              notes: &mut Vec<_>| {
            while *checked < group {
                let at = occ[*checked].0;
                // the start's occurrences, longest first: the first ends last
                if occ[*checked].1 > known {
                    break;
                }
                let n = occ[*checked..group].iter().take_while(|o| o.0 == at).count();
                for k in *checked..*checked + n {
                    let (s, e, p) = occ[k];
                    for &t in self.terms_of(p) {
                        let info = self.term_info[t as usize];
                        let theme = info.theme as usize;
                        if choose && last_end[theme] > s {
                            continue; // covered by the theme's last kept literal match
                        }
                        let mut verdict =
                            if info.unguarded { Ok(()) } else { self.check(t, &ctx, excluded, s as usize, e as usize) };
                        if verdict.is_ok() && info.whole_word {
                            if let Some(w) = self.inside_word(occ, s, e, theme) {
                                verdict = Err(Rejection::InsideWord(ctx.named(&hay[w])));
                            }
                        }
                        match verdict {
                            Ok(()) => {
                                if choose {
                                    last_end[theme] = e;
                                }
                                hits.push(Hit { s, e, term: t, theme: theme as u16, proximity: false });
                            }
                            Err(r) if !choose => notes.push((s as usize, e as usize, t, Some(r))),
                            Err(_) => {}
                        }
                    }
                }
                *checked += n;
            }
            // the occurrences a later check can still look at start at most `longest_pattern` bytes
            // before its start: the others go, when they are most of the list
            if *checked > 4096 {
                let keep_from = occ.get(*checked).map_or(known, |o| o.0) as usize;
                let dead = occ[..*checked].partition_point(|o| o.0 as usize + self.longest_pattern <= keep_from);
                if dead * 2 > occ.len() {
                    occ.drain(..dead);
                    *checked -= dead;
                    return dead;
                }
            }
            0
        };
        self.scanner.for_each(hay, |s, e, p| {
            let hot = self.pattern_hot[p as usize];
            if hot.flags & (PatternHot::EXCLUSION | PatternHot::PARTS) != 0 {
                let pu = &self.patterns[p as usize];
                if let Some(x) = pu.exclusion {
                    excluded.push((s, e, x));
                }
                // the words of proximity terms go straight to their list, and each term notes which
                // of its words it has seen; `occ` holds what the checks and `inside_word` look at
                // (terms and lexicon words)
                if !pu.parts.is_empty() {
                    part_occ.push((p, s, e));
                    for &(t, k) in &pu.parts {
                        let seen = &mut prox_seen[t as usize];
                        if *seen == 0 {
                            prox_touched.push(t);
                        }
                        // (a word past the eighth sets some bit: its term is looked at anyway)
                        *seen |= 1 << (k % 8);
                    }
                }
            }
            if hot.terms > 0 || hot.flags & PatternHot::WORD != 0 {
                if occ.len() > group && occ[group].0 < s {
                    // the start before is complete: longest first (the scanner gives them shortest
                    // first), and every occurrence that ends by this start can be checked
                    occ[group..].reverse();
                    group = occ.len();
                    group -= check_upto(occ, excluded, &mut checked, group, s, &mut notes);
                }
                occ.push((s, e, p));
            }
        });
        occ[group..].reverse();
        let all = occ.len();
        check_upto(occ, excluded, &mut checked, all, u32::MAX, &mut notes);

        // the spans of the words of every accepted proximity match (see `FindBuffers::prox_words`)
        word_spans.clear();
        // Only the terms that have every word in the paragraph can match: most paragraphs hold some
        // words of proximity terms and none of them whole, and their occurrences are not sorted.
        let mut whole = false;
        for &t in prox_touched.iter() {
            let all = self.term_info[t as usize].all_words;
            let seen = &mut prox_seen[t as usize];
            if all != 0 && *seen != all {
                *seen = 0;
            } else {
                whole = true;
                if log.is_some() {
                    prox_whole.push(t);
                }
            }
        }
        if log.is_some() {
            // by id, as `near_misses` walks them; only a log (explain) reads them, so tagging never
            // sorts them (without a log the list is empty)
            prox_whole.sort_unstable();
        }
        // The occurrences of one word of one term are one run of `part_occ` sorted by pattern and
        // start; `part_runs` names the runs, `(term << 8 | word index, from, to)`, and a term's words
        // are put together in `parts` one term at a time (a list of every word of every term at once
        // was as long again as `part_occ`, and in a paragraph of 100 MB that was 30 MB at the peak).
        part_runs.clear();
        if whole {
            part_occ.sort_unstable();
            let mut from = 0;
            while let Some(&(p, _, _)) = part_occ.get(from) {
                let mut to = from + 1;
                while part_occ.get(to).is_some_and(|o| o.0 == p) {
                    to += 1;
                }
                for &(t, k) in &self.patterns[p as usize].parts {
                    if prox_seen[t as usize] != 0 {
                        part_runs.push((t << 8 | u32::from(k), from as u32, to as u32));
                    }
                }
                from = to;
            }
            part_runs.sort_unstable();
        }
        for &t in prox_touched.iter() {
            prox_seen[t as usize] = 0;
        }
        prox_touched.clear();
        for runs in part_runs.chunk_by(|a, b| a.0 >> 8 == b.0 >> 8) {
            let t = runs[0].0 >> 8;
            let term = &self.rules.terms[t as usize];
            // by word, then start: each run is sorted by start, and the runs by word
            parts.clear();
            for &(tk, from, to) in runs {
                for &(_, s, e) in &part_occ[from as usize..to as usize] {
                    parts.push((tk, s, e));
                }
            }
            proximity_matches(term, parts, hay, word_spans, proximity);
            for &(s, e, words) in &proximity.found {
                match self.check(t, &ctx, excluded, s as usize, e as usize) {
                    Ok(()) => {
                        hits.push(Hit { s, e, term: t, theme: term.theme as u16, proximity: true });
                        prox_words.push((t, s, words));
                    }
                    Err(r) if log.is_some() => notes.push((s as usize, e as usize, t, Some(r))),
                    Err(_) => {}
                }
            }
        }

        drop(ctx);
        // on the folded text, which a long paragraph's gives back just below; only where there is
        // evidence it could keep out (a match comes from a hit)
        *closing = !hits.is_empty() && crate::segment::is_closing_folded(&norm.text);
        if let Some(keep) = *release_above {
            // a long paragraph: what is left to do needs only the hits
            give_back(occ, keep);
            give_back(part_occ, keep);
            give_back(parts, keep);
            give_back(excluded, keep);
            norm.drop_text(keep);
        }

        // leftmost-longest within each theme: literal matches first, then proximity matches that no
        // literal match of their theme overlaps. The kept matches are written over the front of
        // `hits` as they are chosen (a theme's literal matches all come before its proximity ones, and
        // a kept match never lands after the one being looked at): no second list. (Without a log,
        // the literal matches were chosen already: none of them is covered here. With no proximity
        // match either, there is nothing left to choose, and the sort by theme and the loop, which
        // would keep every hit, are skipped: most paragraphs.)
        if log.is_some() || !prox_words.is_empty() {
            sort_hits(hits, true);
            let mut kept = 0;
            let mut i = 0;
            while i < hits.len() {
                let theme = hits[i].theme;
                let first = kept;
                // kept literal matches of this theme: hits[first..literals]; proximity ones after them
                let mut literals = first;
                while i < hits.len() && hits[i].theme == theme {
                    let h = hits[i];
                    let spared = |k: &Hit| {
                        // a literal inside a proximity match covers it only where it takes in a word of it
                        // (and is not that word): one in the gap between the words is evidence of its own
                        let n = self.rules.terms[h.term as usize].folded_all.len();
                        let at = prox_words.partition_point(|w| (w.0, w.1) < (h.term, h.s));
                        let words = &word_spans[prox_words[at].2 as usize..][..n];
                        self.is_word_of(k, h) || !words.iter().any(|&(a, b)| k.s < b && a < k.e)
                    };
                    let cover = covering(&hits[first..literals], &hits[literals..kept], h, spared);
                    if cover.is_none() && !h.proximity {
                        literals += 1;
                    }
                    match cover {
                        None => {
                            hits[kept] = h;
                            kept += 1;
                        }
                        Some(k) if log.is_some() => {
                            let by = self.rules.terms[k.term as usize].text.clone();
                            notes.push((h.s as usize, h.e as usize, h.term, Some(Rejection::Covered(by))));
                        }
                        Some(_) => {}
                    }
                    i += 1;
                }
            }
            hits.truncate(kept);
        }
        let kept = hits;
        sort_hits(kept, false);
        let to_original = |s: usize, e: usize| {
            let span = balance_quotes(para, norm.original_start(s)..norm.original_end(para, e));
            range.start + span.start..range.start + span.end
        };
        out.reserve(kept.len());
        for same in kept.chunk_by(|a, b| a.s == b.s && a.e == b.e) {
            let span = to_original(same[0].s as usize, same[0].e as usize);
            let terms = match same {
                [h] => TermIds::One(h.term),
                _ => {
                    term_set.clear();
                    term_set.extend(same.iter().map(|h| h.term));
                    TermIds::Many(Arc::clone(&term_sets.entry(term_set, || ()).0))
                }
            };
            out.push(RawMatch { span, terms });
        }
        if let Some(log) = log {
            for h in kept.iter() {
                notes.push((h.s as usize, h.e as usize, h.term, None));
            }
            notes.sort_by_key(|n| (n.0, std::cmp::Reverse(n.1)));
            for group in notes.chunk_by(|a, b| a.0 == b.0 && a.1 == b.1) {
                let mut entry = Logged {
                    span: to_original(group[0].0, group[0].1),
                    term: group[0].2,
                    accepted: Vec::new(),
                    rejected: Vec::new(),
                };
                for (_, _, t, r) in group {
                    match r {
                        None => entry.accepted.push(*t),
                        Some(r) => entry.rejected.push((*t, r.clone())),
                    }
                }
                if let Some(&t) = entry.accepted.first() {
                    entry.term = t;
                }
                log.push(entry);
            }
        }
    }

    /// The longer word that a whole-word match `s..e` of theme `theme` lies inside or across the edge
    /// of: an occurrence of a term of another theme, or of a `words` entry, that overlaps the match
    /// without lying inside it. `occ` is sorted by start.
    fn inside_word(&self, occ: &[(u32, u32, u32)], s: u32, e: u32, theme: usize) -> Option<Range<usize>> {
        // occurrences that start before `e`; those that also end after `s` overlap the match
        let upto = occ.partition_point(|o| o.0 < e);
        let from = occ[..upto].partition_point(|o| o.0 as usize + self.longest_pattern <= s as usize);
        for &(ws, we, p) in &occ[from..upto] {
            if we <= s || (s <= ws && we <= e) {
                continue; // no overlap, or inside the match (or the match itself)
            }
            let terms = self.terms_of(p);
            let own = terms.iter().any(|&t| self.term_info[t as usize].theme as usize == theme);
            if !own && (self.pattern_hot[p as usize].flags & PatternHot::WORD != 0 || !terms.is_empty()) {
                return Some(ws as usize..we as usize);
            }
        }
        None
    }
}

/// Characters that end a sentence: a proximity term does not reach across them.
fn is_sentence_end(c: char) -> bool {
    matches!(c, ';' | '!' | '?' | '。')
}

/// The matches of a proximity term: stretches in which every word of `term.all` occurs, in any order,
/// with at most `term.within` characters between them altogether, inside one sentence. `occ` holds the
/// occurrences of its words, `(term, word index, start, end)`, sorted. Each occurrence of the first
/// word anchors one try, with the nearest occurrence (in characters) of every other word that overlaps
/// none taken; ties go to the earlier occurrence. The stretches found do not
/// overlap. Each is `(start, end, at)`: the spans of its words are `spans[at..at + n]`, pushed there
/// for it (n words).
fn proximity_matches(
    term: &Term,
    occ: &[(u32, u32, u32)],
    hay: &str,
    spans: &mut Vec<(u32, u32)>,
    buf: &mut ProximityBuffers,
) {
    let n = term.folded_all.len();
    let ProximityBuffers { found, by_word, words } = buf;
    found.clear();
    // a generous byte reach: `within` characters of up to 4 bytes, plus the words themselves
    let reach =
        (term.within * 4 + term.folded_all.iter().map(String::len).sum::<usize>()).min(u32::MAX as usize / 2) as u32;
    // `occ` is sorted by word, then start: the occurrences of word `w` are one slice, and only those
    // starting within `reach` of an anchor can be near it (a window instead of every occurrence, which
    // was quadratic in a long paragraph)
    let word = |w: usize| {
        let from = occ.partition_point(|o| ((o.0 & 0xFF) as usize) < w);
        let to = occ.partition_point(|o| ((o.0 & 0xFF) as usize) <= w);
        from..to
    };
    by_word.clear();
    by_word.extend((0..n).map(word));
    for &(_, s0, e0) in &occ[by_word[0].clone()] {
        words.clear();
        words.push((s0, e0));
        for list in &by_word[1..] {
            let list = &occ[list.clone()];
            // the occurrences of this word that start within `reach` of the anchor
            let lo = list.partition_point(|o| u64::from(o.1) + u64::from(reach) < u64::from(s0));
            let hi = list.partition_point(|o| u64::from(o.1) <= u64::from(e0) + u64::from(reach));
            let nearest = list[lo..hi.max(lo)]
                .iter()
                .filter(|o| u64::from(o.2) <= u64::from(e0) + u64::from(reach))
                .filter(|o| words.iter().all(|&(a, b)| o.2 <= a || b <= o.1))
                // nearest in characters (not bytes: folded punctuation is narrower than a Chinese character)
                .min_by_key(|o| {
                    let (a, b) = if o.1 >= e0 { (e0, o.1) } else { (o.2.min(s0), s0) };
                    crate::report::count_units(&hay.as_bytes()[a as usize..b as usize]).0
                });
            match nearest {
                Some(o) => words.push((o.1, o.2)),
                None => break,
            }
        }
        if words.len() < n {
            continue;
        }
        let s = words.iter().map(|w| w.0).min().unwrap_or(s0);
        let e = words.iter().map(|w| w.1).max().unwrap_or(e0);
        let stretch = &hay[s as usize..e as usize];
        if stretch.contains(is_sentence_end) {
            continue;
        }
        let word_chars: usize = words.iter().map(|&(a, b)| hay[a as usize..b as usize].chars().count()).sum();
        if stretch.chars().count() - word_chars > term.within {
            continue;
        }
        if found.last().is_none_or(|&(_, pe, _)| pe <= s) {
            found.push((s, e, spans.len() as u32));
            spans.extend_from_slice(words);
        }
    }
}

/// The kept match of a theme that covers `h`: the first, in the order they were kept, that overlaps it,
/// where a literal match is covered only by a literal one. `literals` and `proximity` are the theme's
/// kept matches of each kind; each list is sorted by start and its matches do not overlap, so their
/// ends are sorted as well, and `h` starts at or after every match of its own kind. A binary search
/// (or a look at the last match) replaces the scan of every kept match, which was quadratic in the
/// matches of one theme in one paragraph.
///
/// A literal match inside a proximity match that `spared` says does not cover it is passed over: one
/// of the proximity match's own words (the term 粮食, weak, and the proximity term 粮食…增产 of the same
/// theme both count), or a literal in the gap between its words (货运 in 新增国际客货运航线 and the
/// proximity term 新增…航线 both count).
fn covering(literals: &[Hit], proximity: &[Hit], h: Hit, spared: impl Fn(&Hit) -> bool) -> Option<Hit> {
    let overlaps = |k: &Hit| k.s < h.e && h.s < k.e;
    if !h.proximity {
        // only the last literal can reach past h.s (two that did would overlap each other)
        return literals.last().copied().filter(overlaps);
    }
    // the literals from the first that ends after h.s, while they start before h.e
    let j = literals.partition_point(|k| k.e <= h.s);
    let inside = literals[j..].iter().take_while(|k| k.s < h.e);
    inside
        .copied()
        .find(|k| !(h.s <= k.s && k.e <= h.e && spared(k)))
        .or_else(|| proximity.last().copied().filter(overlaps))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::{ParagraphKind, segment};
    use crate::testing::rng;

    /// `covering` keeps the same matches, and names the same cover, as a scan of every kept match in
    /// the order they were kept.
    #[test]
    fn covering_agrees_with_a_scan() {
        let mut seed = 99u64;
        for _ in 0..3000 {
            let mut hits: Vec<Hit> = (0..rng(&mut seed) % 12)
                .map(|_| {
                    let s = (rng(&mut seed) % 30) as usize;
                    let e = s + 1 + (rng(&mut seed) % 8) as usize;
                    Hit {
                        s: s as u32,
                        e: e as u32,
                        term: (rng(&mut seed) % 5) as u32,
                        theme: 0,
                        proximity: rng(&mut seed) % 3 == 0,
                    }
                })
                .collect();
            hits.sort_unstable_by(|a, b| (a.proximity, a.s).cmp(&(b.proximity, b.s)).then(b.e.cmp(&a.e)));
            let (mut scan, mut fast) = (Vec::new(), Vec::new());
            let (mut scan_covers, mut fast_covers) = (Vec::new(), Vec::new());
            let mut literals = 0;
            for &h in &hits {
                // a literal of term 0 is "one of the words" of every proximity match
                let own = |k: &Hit| k.term == 0 && !k.proximity && h.s <= k.s && k.e <= h.e;
                let by_scan = scan
                    .iter()
                    .find(|k: &&Hit| {
                        k.s < h.e && h.s < k.e && (h.proximity || !k.proximity) && !(h.proximity && own(k))
                    })
                    .map(|k| (k.s, k.e));
                match by_scan {
                    None => scan.push(h),
                    Some(k) => scan_covers.push(k),
                }
                let by_search = covering(&fast[..literals], &fast[literals..], h, |k| k.term == 0).map(|k| (k.s, k.e));
                match by_search {
                    None => {
                        fast.push(h);
                        literals += usize::from(!h.proximity);
                    }
                    Some(k) => fast_covers.push(k),
                }
            }
            let key = |v: &[Hit]| v.iter().map(|h| (h.s, h.e, h.term, h.proximity)).collect::<Vec<_>>();
            assert_eq!(key(&fast), key(&scan), "{hits:?}");
            assert_eq!(fast_covers, scan_covers, "{hits:?}");
        }
    }

    /// Buffers given back as soon as `find` is done with them (as for a paragraph longer than
    /// `KEEP_BUFFER_BYTES`: here for every paragraph) give the same matches and explanations as
    /// buffers kept from one paragraph to the next.
    #[test]
    fn released_buffers_find_the_same() {
        let tagger = Tagger::builtin();
        let text = include_str!("../../tests/fixtures/corpus/panyu-shawan-2023.txt");
        let (mut kept, mut released) =
            (FindBuffers::default(), FindBuffers { release_above: Some(0), ..FindBuffers::default() });
        let mut n = 0;
        for seg in segment(text) {
            let (mut a, mut b, mut la, mut lb) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
            tagger.find(text, seg.start..seg.end, &seg.passed_over, &mut kept, &mut a, Some(&mut la));
            tagger.find(text, seg.start..seg.end, &seg.passed_over, &mut released, &mut b, Some(&mut lb));
            released.trim(0);
            let key = |v: &[RawMatch]| v.iter().map(|m| (m.span.clone(), m.terms.to_vec())).collect::<Vec<_>>();
            assert_eq!(key(&a), key(&b));
            let log = |v: &[Logged]| {
                v.iter().map(|l| (l.span.clone(), l.term, l.accepted.clone(), l.rejected.clone())).collect::<Vec<_>>()
            };
            assert_eq!(log(&la), log(&lb));
            n += a.len();
        }
        assert!(n > 100, "{n} matches");
    }

    /// Without a log, the literal matches are chosen as the occurrences are checked (and covered ones
    /// are not checked at all); with one, every candidate is checked and the choice comes after: the
    /// same matches, on the paragraphs of the samples and on all four samples as one paragraph, long
    /// enough for the list of occurrences to drop the ones no check can look at any more.
    #[test]
    fn choice_on_the_way_finds_the_same() {
        let tagger = Tagger::builtin();
        let samples = [
            include_str!("../../tests/fixtures/corpus/baoan-xinqiao-2024h1.txt"),
            include_str!("../../tests/fixtures/corpus/panyu-shawan-2023.txt"),
            include_str!("../../tests/fixtures/corpus/panyu-shiqiao-2023.txt"),
            include_str!("../../tests/fixtures/corpus/zhongshan-nanqu-2022.txt"),
        ];
        let line: String = samples.iter().flat_map(|s| s.lines()).collect::<Vec<_>>().join("").repeat(8);
        let key = |v: &[RawMatch]| v.iter().map(|m| (m.span.clone(), m.terms.to_vec())).collect::<Vec<_>>();
        let mut buf = FindBuffers::default();
        let mut n = 0;
        for text in samples.iter().copied().chain([line.as_str()]) {
            for seg in segment(text).into_iter().filter(|s| s.kind != ParagraphKind::Boilerplate) {
                let (mut chosen, mut logged, mut log) = (Vec::new(), Vec::new(), Vec::new());
                tagger.find(text, seg.start..seg.end, &seg.passed_over, &mut buf, &mut chosen, None);
                tagger.find(text, seg.start..seg.end, &seg.passed_over, &mut buf, &mut logged, Some(&mut log));
                assert_eq!(key(&chosen), key(&logged));
                n += chosen.len();
            }
        }
        assert!(n > 10_000, "{n} matches");
    }

    /// The near misses of `explain`, looked for only among the proximity terms that `find` saw whole
    /// in the paragraph, are those of a walk over every proximity term (as it was done before): on
    /// paragraphs made of the words of every default proximity term, too far apart in one sentence,
    /// in different sentences, close together, and on the samples.
    #[test]
    fn near_misses_agree_with_every_term() {
        let tagger = Tagger::builtin();
        let prox: Vec<u32> =
            (0..tagger.rules.terms.len() as u32).filter(|&t| tagger.rules.terms[t as usize].is_proximity()).collect();
        assert!(prox.len() > 100, "{} proximity terms", prox.len());
        let far = "，扎实推进各项工作有序开展并取得明显成效，";
        let mut texts: Vec<String> = Vec::new();
        for (i, &t) in prox.iter().enumerate() {
            let words = &tagger.rules.terms[t as usize].all;
            texts.push(format!("{}。", words.join(far))); // too far apart
            texts.push(format!("{}。", words.join("。另外，"))); // not in one sentence
            texts.push(format!("{}。", words.join("的"))); // close: found, no near miss
            // with the next term's words, the other way round, and once more close by
            let next = &tagger.rules.terms[prox[(i + 1) % prox.len()] as usize].all;
            let mut mixed: Vec<&str> = words.iter().chain(next).map(String::as_str).collect();
            mixed.reverse();
            texts.push(format!("{}。{}{}。", mixed.join(far), words.join(""), next.join("。")));
        }
        let samples = [
            include_str!("../../tests/fixtures/corpus/baoan-xinqiao-2024h1.txt"),
            include_str!("../../tests/fixtures/corpus/panyu-shawan-2023.txt"),
            include_str!("../../tests/fixtures/corpus/panyu-shiqiao-2023.txt"),
            include_str!("../../tests/fixtures/corpus/zhongshan-nanqu-2022.txt"),
        ];
        texts.push(texts.join("\n\n"));
        texts.extend(samples.iter().map(|s| s.to_string()));
        let key = |v: &[Logged]| {
            v.iter().map(|l| (l.span.clone(), l.term, l.accepted.clone(), l.rejected.clone())).collect::<Vec<_>>()
        };
        let mut buf = FindBuffers::default();
        let (mut too_far, mut apart) = (0, 0);
        for text in &texts {
            for seg in segment(text).into_iter().filter(|s| s.kind != ParagraphKind::Boilerplate) {
                let (mut raw, mut log, mut every) = (Vec::new(), Vec::new(), Vec::new());
                tagger.find(text, seg.start..seg.end, &seg.passed_over, &mut buf, &mut raw, Some(&mut log));
                tagger.near_misses(text, seg.start..seg.end, &buf.norm, &buf.prox_whole, &mut log, 0);
                tagger.find(text, seg.start..seg.end, &seg.passed_over, &mut buf, &mut raw, Some(&mut every));
                tagger.near_misses_among(text, seg.start..seg.end, &buf.norm, prox.iter().copied(), &mut every, 0);
                assert_eq!(key(&log), key(&every), "{:?}", &text[seg.start..seg.end]);
                for l in &log {
                    match l.rejected.first() {
                        Some((_, Rejection::TooFar { .. })) => too_far += 1,
                        Some((_, Rejection::NotInOneSentence)) => apart += 1,
                        _ => {}
                    }
                }
            }
        }
        assert!(too_far > 100 && apart > 100, "{too_far} too far, {apart} not in one sentence");
    }
}

//! The scores of a paragraph's themes, from its accepted matches.

use super::Tagger;
use super::find::RawMatch;
use crate::report::{ReportTheme, SharedStr};

impl Tagger {
    /// Theme scores of a paragraph's matches, kept when they reach the theme's threshold; highest score
    /// first. The evidence of a theme is counted in units: a weak match that directly follows another
    /// weak match of the theme (at most [`PHRASE_GAP`] bytes apart, one phrase) joins its unit, and a
    /// unit weighs as much as its heaviest match. A term then counts once, except that a weak term
    /// found in several units counts up to [`WEAK_REPEATS`] times. In a `closing` paragraph (a
    /// closing call or thanks, [`crate::is_closing_exhortation`]) only themes with `closing = true` are
    /// kept; the matches of the others stay in the paragraph's matches, as do those of a theme under
    /// its threshold.
    pub(super) fn score(&self, raw: &[RawMatch], closing: bool) -> Vec<(usize, ReportTheme)> {
        let mut buf = ScoreBuffers::default();
        self.score_into(raw, closing, &mut buf);
        buf.out
    }

    /// [`Tagger::score`] into `buf.out`, with the lists of `buf` kept from one paragraph to the next
    /// (a paragraph's scores took six allocations).
    pub(super) fn score_into(&self, raw: &[RawMatch], closing: bool, buf: &mut ScoreBuffers) {
        let (repeats, gap) = (WEAK_REPEATS, PHRASE_GAP);
        let ScoreBuffers { hits, units, ids, out } = buf;
        hits.clear(); // (theme, start, end, term)
        out.clear();
        for m in raw {
            for &t in &m.terms {
                hits.push((self.term_info[t as usize].theme, m.span.start, m.span.end, t));
            }
        }
        hits.sort_unstable();
        for group in hits.chunk_by(|a, b| a.0 == b.0) {
            let th = &self.rules.themes[group[0].0 as usize];
            if closing && !th.closing {
                continue;
            }
            let weak = |t: u32| self.term_info[t as usize].weight + 1e-6 < th.threshold;
            units.clear();
            let mut last: Option<(usize, bool)> = None; // end and weakness of the previous match
            let weight = |t: u32| self.term_info[t as usize].weight;
            for &(_, s, e, t) in group {
                match (last, units.last_mut()) {
                    (Some((end, true)), Some(unit)) if weak(t) && s <= end + gap => {
                        if weight(t) > weight(*unit) {
                            *unit = t;
                        }
                    }
                    _ => units.push(t),
                }
                last = Some((e.max(last.map_or(0, |l| l.0)), weak(t)));
            }
            // (a unit weighs as much as its term: sorted as plain ids, the one sort of `ids` below)
            units.sort_unstable();
            let mut score = 0.0f32;
            for same in units.chunk_by(|a, b| a == b) {
                let cap = if weak(same[0]) { repeats } else { 1 };
                score += weight(same[0]) * same.len().min(cap) as f32;
            }
            if score + 1e-6 >= th.threshold {
                ids.clear();
                ids.extend(group.iter().map(|h| h.3));
                ids.sort_unstable();
                ids.dedup();
                let names = &*self.names;
                let mut subs: Vec<SharedStr> = Vec::new();
                for &t in ids.iter() {
                    if let Some(s) = &names.term_sub[t as usize] {
                        if !subs.contains(s) {
                            subs.push(s.clone());
                        }
                    }
                }
                let terms = ids.iter().map(|&t| names.term_text[t as usize].clone()).collect();
                let theme = group[0].0 as usize;
                out.push((
                    theme,
                    ReportTheme {
                        id: names.theme_id[theme].clone(),
                        name: names.theme_name[theme].clone(),
                        score: round2(score),
                        terms,
                        sub_themes: subs,
                    },
                ));
            }
        }
        // highest score first, ties in theme order (`out` is built in theme order): an insertion sort,
        // stable, of the few themes of a paragraph (at most one per theme of the rules), without a
        // sort's code of its own in the wasm (that of `sort_unstable_by` was some 4 KB before wasm-opt)
        for i in 1..out.len() {
            let mut j = i;
            while j > 0 && out[j - 1].1.score.total_cmp(&out[j].1.score).is_lt() {
                out.swap(j - 1, j);
                j -= 1;
            }
        }
    }
}

/// The lists of [`Tagger::score_into`], kept from one paragraph to the next.
#[derive(Default)]
pub(super) struct ScoreBuffers {
    /// (theme, start, end, term) of every accepted term.
    hits: Vec<(u32, usize, usize, u32)>,
    /// The units of evidence of one theme: the heaviest term of each.
    units: Vec<u32>,
    /// The terms of one theme.
    ids: Vec<u32>,
    /// The scores: (theme, its entry in the report), highest first.
    pub(super) out: Vec<(usize, ReportTheme)>,
}

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

/// How many times a weak term found in separate places of a paragraph counts (see `Tagger::score`).
/// Measured on dev-train with the default rules (micro P/R/F1): once 0.918/0.908/0.913, up to twice
/// 0.909/0.912/0.910 — a repeated weak word is mostly the paragraph's setting, not more evidence.
const WEAK_REPEATS: usize = 1;
/// Weak matches of one theme at most this many bytes apart are one unit of evidence: weak words that
/// touch form one phrase and are not independent evidence (绿化植树 is one phrase, 绿化和植树 two).
/// Measured on dev-train (micro P/R/F1): touching words as one unit 0.917/0.908/0.912, no units
/// 0.915/0.908/0.911; a one-character gap (3 bytes) gave 0.918/0.908/0.913 but also joins words
/// listed with 和, which are separate evidence. Measured again on 2026-12-04 (rules sha256:a2141f3a2e4b43b3,
/// dev-train F1): 0 bytes 0.9461, 12 bytes 0.9456, 24 bytes 0.9450 (precision up a little, recall down more).
const PHRASE_GAP: usize = 0;

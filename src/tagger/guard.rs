//! The checks of a candidate: digits around it, exclusion phrases, context guards (words near,
//! before, after, in its clause, quotes), and why a candidate was rejected.

use std::cell::OnceCell;
use std::ops::Range;

use serde::Serialize;

use super::Tagger;
use super::compile::{ExclusionOwner, GuardCode, GuardWord, TermInfo};
use crate::normalize::Normalized;
use crate::rules::Term;
use crate::scan::char_len;

/// Why a candidate match was not counted for a theme (see [`Tagger::explain`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", content = "detail", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Rejection {
    /// An ASCII-digit term touches another digit (13105, 2021310).
    DigitNeighbour,
    /// None of the term's positive guards (quoted, near, before, after, clause, work) held: each of
    /// them, with its words and window. (Empty where no log reads it: see [`Tagger::explain`].)
    GuardNotMet(Vec<MissedGuard>),
    /// A forbidden word stands within the window.
    ForbiddenWord(String),
    /// The match lies inside an exclusion phrase.
    Excluded(String),
    /// A whole-word term lies inside, or across the edge of, a longer word of another meaning (a term
    /// of another theme or a `words` entry).
    InsideWord(String),
    /// A longer match of the same theme covers it (leftmost-longest within a theme).
    Covered(String),
    /// A proximity term whose words all stand in one sentence, but at best `gap` characters apart
    /// (all gaps together), more than its `within`. Only [`Tagger::explain`] reports it.
    TooFar {
        /// Characters between the words at their closest (the words themselves not counted).
        gap: usize,
        /// The term's `within`.
        within: usize,
    },
    /// A proximity term whose words all stand in the paragraph, but never all in one sentence (a
    /// proximity term does not reach across 。；！？). Only [`Tagger::explain`] reports it.
    NotInOneSentence,
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::DigitNeighbour => write!(f, "touches another digit (part of a number)"),
            Rejection::GuardNotMet(missed) if missed.is_empty() => write!(f, "its guard is not met"),
            Rejection::GuardNotMet(missed) => {
                let each: Vec<String> = missed.iter().map(MissedGuard::to_string).collect();
                write!(f, "its guard is not met: {}", each.join("; "))
            }
            Rejection::ForbiddenWord(w) => write!(f, "forbidden word `{w}` nearby"),
            Rejection::Excluded(p) => write!(f, "inside the exclusion phrase `{p}`"),
            Rejection::InsideWord(w) => write!(f, "part of the longer word `{w}`"),
            Rejection::Covered(t) => write!(f, "covered by the longer match `{t}` of the same theme"),
            Rejection::TooFar { gap, within } => {
                write!(f, "its words are {gap} characters apart at the closest, more than within = {within}")
            }
            Rejection::NotInOneSentence => write!(f, "its words are never all in one sentence"),
        }
    }
}

/// A positive guard of a term that did not hold for a candidate (see [`Rejection::GuardNotMet`]).
/// Words are as matching sees them (folded).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "guard", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum MissedGuard {
    /// `quoted = true`: the match is not in quotation marks.
    Quoted,
    /// `near`: none of the words within `window` characters before or after the match (or, for a
    /// proximity term, between its words).
    Near {
        /// The guard's words.
        words: Vec<String>,
        /// The term's `window`, in characters.
        window: usize,
    },
    /// `before`: none of the words within `window` characters before the match.
    Before {
        /// The guard's words.
        words: Vec<String>,
        /// The term's `window`, in characters.
        window: usize,
    },
    /// `after`: none of the words within `window` characters after the match.
    After {
        /// The guard's words.
        words: Vec<String>,
        /// The term's `window`, in characters.
        window: usize,
    },
    /// `clause`: none of the words in the match's clause (between ， 。 ； ： ！ ？).
    Clause {
        /// The guard's words (without the work words of `work = true`, which is [`MissedGuard::Work`]).
        words: Vec<String>,
    },
    /// `work = true`: none of the work words (推进, 加强, 建设 …) in the match's clause.
    Work,
}

impl MissedGuard {
    /// The positive guards of `term`, as they read when none holds.
    fn of(term: &Term) -> Vec<MissedGuard> {
        let g = &term.guard;
        let mut out = Vec::new();
        if g.quoted {
            out.push(MissedGuard::Quoted);
        }
        let window = g.window;
        if !g.near.is_empty() {
            out.push(MissedGuard::Near { words: g.near.clone(), window });
        }
        if !g.before.is_empty() {
            out.push(MissedGuard::Before { words: g.before.clone(), window });
        }
        if !g.after.is_empty() {
            out.push(MissedGuard::After { words: g.after.clone(), window });
        }
        if !g.clause.is_empty() {
            out.push(MissedGuard::Clause { words: g.clause.clone() });
        }
        if g.work {
            out.push(MissedGuard::Work);
        }
        out
    }
}

/// At most this many words of a guard are named in a reason; the others are counted.
const NAMED_WORDS: usize = 5;

/// `研发, 试飞`, or the first [`NAMED_WORDS`] words and how many more.
fn some_words(words: &[String]) -> String {
    let shown = words.iter().take(NAMED_WORDS).map(String::as_str).collect::<Vec<_>>().join(", ");
    match words.len().saturating_sub(NAMED_WORDS) {
        0 => shown,
        more => format!("{shown} … ({more} more)"),
    }
}

impl std::fmt::Display for MissedGuard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            MissedGuard::Quoted => write!(f, "not in quotation marks (quoted)"),
            MissedGuard::Near { words, window } => {
                write!(f, "none of {} within {window} characters before or after (near)", some_words(words))
            }
            MissedGuard::Before { words, window } => {
                write!(f, "none of {} within {window} characters before (before)", some_words(words))
            }
            MissedGuard::After { words, window } => {
                write!(f, "none of {} within {window} characters after (after)", some_words(words))
            }
            MissedGuard::Clause { words } => write!(f, "none of {} in its clause (clause)", some_words(words)),
            MissedGuard::Work => write!(f, "no work word such as 推进, 加强, 建设 in its clause (work)"),
        }
    }
}

impl Tagger {
    pub(super) fn check(
        &self,
        id: u32,
        ctx: &Context<'_>,
        excluded: &[(u32, u32, u32)],
        s: usize,
        e: usize,
    ) -> Result<(), Rejection> {
        // what `term_info` holds settles most candidates without reading the term
        let info = self.term_info[id as usize];
        let hay = ctx.hay;
        if info.digit_start && hay[..s].ends_with(|c: char| c.is_ascii_digit()) {
            return Err(Rejection::DigitNeighbour);
        }
        if info.digit_end && hay[e..].starts_with(|c: char| c.is_ascii_digit()) {
            return Err(Rejection::DigitNeighbour);
        }
        if info.digit_start && hay[..s].ends_with('.') && hay[..s - 1].ends_with(|c: char| c.is_ascii_digit()) {
            return Err(Rejection::DigitNeighbour);
        }
        if info.digit_end && hay[e..].starts_with('.') && hay[e + 1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Err(Rejection::DigitNeighbour);
        }
        if let Some(ex) = self.exclusions.as_ref().filter(|_| info.excludable) {
            // a phrase that holds the match starts at most `longest` bytes before it: only those are
            // looked at (linear in the paragraph, however many phrases it holds)
            let from = excluded.partition_point(|x| x.0 as usize + ex.longest < e);
            let upto = excluded.partition_point(|x| x.0 as usize <= s);
            // the one named is the first that the automaton's overlapping search used to report: the
            // first to end, and of those ending there the longest
            let first = excluded[from.min(upto)..upto]
                .iter()
                .filter(|&&(_, xe, p)| {
                    e <= xe as usize
                        && ex.owners[p as usize]
                            .iter()
                            .any(|o| *o == ExclusionOwner::Theme(info.theme as usize) || *o == ExclusionOwner::Term(id))
                })
                .min_by_key(|x| (x.1, x.0));
            if let Some(&(xs, xe, _)) = first {
                return Err(Rejection::Excluded(ctx.named(&hay[xs as usize..xe as usize])));
            }
        }
        if info.guard == TermInfo::NO_GUARD {
            // Most terms have no context guard: nothing more to look at.
            return Ok(());
        }
        let g = self.guards[info.guard as usize];
        let words = |k: usize| self.guard_words[g.list(k)].iter();
        let text = |w: &GuardWord| &self.guard_text[w.at as usize..][..w.len as usize];
        // each side's window is made when a word is first looked for there (a third of the guarded terms
        // look on one side only, and a rejection or a quote can settle it before the other side)
        let (before_window, after_window) = (OnceCell::new(), OnceCell::new());
        let before = || before_window.get_or_init(|| Window::before(hay, s, g.window as usize));
        let after = || after_window.get_or_init(|| Window::after(hay, e, g.window as usize));
        for w in words(GuardCode::NOT_NEAR).chain(words(GuardCode::NOT_BEFORE)) {
            if before().holds_word(w.hashes, text(w)) {
                return Err(Rejection::ForbiddenWord(ctx.named(text(w))));
            }
        }
        // a proximity match: what stands between its words is near them too (`GuardCode::span`)
        let inside = |w: &GuardWord| g.span && hay.get(s..e).is_some_and(|m| m.contains(text(w)));
        let not_near = g.list(GuardCode::NOT_NEAR).len();
        for (i, w) in words(GuardCode::NOT_NEAR).chain(words(GuardCode::NOT_AFTER)).enumerate() {
            if after().holds_word(w.hashes, text(w)) || (i < not_near && inside(w)) {
                return Err(Rejection::ForbiddenWord(ctx.named(text(w))));
            }
        }
        if !g.has_positive() {
            return Ok(());
        }
        let ok = (g.quoted && {
            let (os, oe) = (ctx.norm.original_start(s), ctx.norm.original_end(ctx.para, e));
            quoted_by(ctx.para, os, oe, || {
                let at =
                    ctx.straight_quotes.get_or_init(|| ctx.para.match_indices('"').map(|(i, _)| i as u32).collect());
                at.partition_point(|&i| (i as usize) < os)
            })
        }) || words(GuardCode::NEAR)
            .any(|w| before().holds_word(w.hashes, text(w)) || after().holds_word(w.hashes, text(w)) || inside(w))
            || words(GuardCode::BEFORE).any(|w| before().holds_word(w.hashes, text(w)))
            || words(GuardCode::AFTER).any(|w| after().holds_word(w.hashes, text(w)))
            || (!g.list(GuardCode::CLAUSE).is_empty() && {
                // a clause is found a short way each side of the match on the bytes; only where it runs
                // further are the paragraph's clause ends listed, once (a scan back and forth made a
                // long paragraph without clause ends quadratic)
                let c = clause_near(hay, s, e).unwrap_or_else(|| {
                    let ends = ctx
                        .clause_ends
                        .get_or_init(|| hay.match_indices(is_clause_end).map(|(i, _)| i as u32).collect());
                    clause_at(hay, ends, s, e)
                });
                // a clause has no bound: the filter only for a short one (it reads the clause once more)
                if c.len() <= Window::FILTERED_BYTES {
                    let c = Window::new(c);
                    words(GuardCode::CLAUSE).any(|w| c.holds_word(w.hashes, text(w)))
                } else {
                    words(GuardCode::CLAUSE).any(|w| c.contains(text(w)))
                }
            });
        if ok { Ok(()) } else { Err(self.guard_not_met(id, ctx)) }
    }

    /// The rejection of a candidate of term `id` whose positive guards all failed: each of them, when
    /// a log reads it (else none: no allocation while tagging).
    #[cold]
    fn guard_not_met(&self, id: u32, ctx: &Context<'_>) -> Rejection {
        // (the wasm builds have no `explain`, which alone names the guards: nor the code that does)
        Rejection::GuardNotMet(if ctx.named && cfg!(not(target_arch = "wasm32")) {
            MissedGuard::of(&self.rules.terms[id as usize])
        } else {
            Vec::new()
        })
    }
}

/// A short stretch of the folded paragraph that a guard looks for its words in, with the chars it
/// holds hashed into 512 bits: a word can stand in it only where every char of the word has its bit
/// set. Most guard words are not in the window; the filter says so in a few operations, where
/// `str::contains` sets up a substring search for every word. `str::contains` still decides whenever
/// the filter lets a word through, so the outcome is the same. (Hand-written: a filter in front of the
/// library's search, not a search of its own; bench/README.md, branch `native`. Chars, not the byte
/// pairs of before: a window of 30 chars is 30 insertions instead of some 90, made in the same pass
/// that finds the window's edge.)
struct Window<'h> {
    text: &'h str,
    chars: [u64; 8],
}

impl<'h> Window<'h> {
    /// Stretches up to this long get a filter (a window of 30 chars of three bytes is 90).
    const FILTERED_BYTES: usize = 512;

    fn new(text: &'h str) -> Window<'h> {
        Window::after(text, 0, usize::MAX)
    }

    #[inline(always)]
    fn add(chars: &mut [u64; 8], key: u32) {
        let h = key_hash(key);
        chars[h >> 6] |= 1 << (h & 63);
    }

    /// The window of the `n` chars of `hay` before byte `s` ([`window_before`]), read once: each char
    /// taken off the 4 bytes that end with it (zero before the text), not decoded: its width is the
    /// number of continuation bytes `10xxxxxx` at the top of them, plus one.
    fn before(hay: &'h str, s: usize, n: usize) -> Window<'h> {
        let bytes = hay.as_bytes();
        let mut chars = [0u64; 8];
        let (mut start, mut left) = (s, n);
        while left > 0 && start > 0 {
            let w = if start >= 4 { load4(bytes, start - 4) } else { load4(&bytes[..start], 0) << (8 * (4 - start)) };
            // bit 7 of each continuation byte (10xxxxxx), the other bits set: the leading ones of the
            // top continuation bytes, 8 a byte (valid UTF-8 has at most 3 before a lead byte)
            let continuation = (w & !(w << 1) & 0x8080_8080) | 0x7F7F_7F7F;
            let width = 1 + continuation.leading_ones() as usize / 8;
            Window::add(&mut chars, w >> (32 - 8 * width));
            start -= width;
            left -= 1;
        }
        Window { text: &hay[start..s], chars }
    }

    /// The window of the `n` chars of `hay` after byte `e` ([`window_after`]), read once: each char
    /// taken off the 4 bytes that start with it (zero after the text), not decoded: its width by its
    /// lead byte.
    fn after(hay: &'h str, e: usize, n: usize) -> Window<'h> {
        let bytes = hay.as_bytes();
        let mut chars = [0u64; 8];
        let (mut end, mut left) = (e, n);
        while left > 0 && end < bytes.len() {
            let w = load4(bytes, end);
            let width = char_len(w as u8);
            Window::add(&mut chars, w & (u32::MAX >> (32 - 8 * width)));
            end += width;
            left -= 1;
        }
        Window { text: &hay[e..end], chars }
    }

    /// Whether `word` stands in the window.
    #[cfg(test)]
    fn holds(&self, word: &str) -> bool {
        self.holds_word(word_hashes(word), word)
    }

    /// Whether `word` stands in the window, `hashes` being its [`word_hashes`]: the filter tests
    /// those, `str::contains` decides.
    fn holds_word(&self, hashes: [u16; 4], word: &str) -> bool {
        // (an empty word, which folding could leave of one made of zero-width characters, has no
        // hashes of its own and stands everywhere)
        let may = word.is_empty() || hashes.iter().all(|&h| self.chars[usize::from(h) >> 6] >> (h & 63) & 1 == 1);
        may && self.text.contains(word)
    }
}

/// The 4 bytes of `bytes` from `i` on as a little-endian `u32` (zero past the end).
#[inline(always)]
fn load4(bytes: &[u8], i: usize) -> u32 {
    match bytes.get(i..i + 4) {
        Some(four) => u32::from_le_bytes(four.try_into().unwrap_or_else(|_| panic!("4 bytes"))),
        None => bytes[i..].iter().rev().fold(0, |w, &b| w << 8 | u32::from(b)),
    }
}

/// The key of a char in a [`Window`]'s filter: its UTF-8 bytes read as a little-endian `u32` (zero
/// above them), which a window takes off the bytes without decoding them.
#[inline(always)]
fn char_key(c: char) -> u32 {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf);
    u32::from_le_bytes(buf)
}

/// A hash of a char's [`char_key`] into 0..512 (Fibonacci hashing: the top 9 bits of a multiplication).
#[inline(always)]
fn key_hash(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> 23) as usize
}

/// The [`key_hash`]es of the first four chars of `word`, the last one repeated in a shorter word:
/// what a [`Window`]'s filter tests of a guard word.
pub(super) fn word_hashes(word: &str) -> [u16; 4] {
    let mut hashes = [0u16; 4];
    let mut chars = word.chars();
    let mut last = 0;
    for slot in &mut hashes {
        last = chars.next().map_or(last, |c| key_hash(char_key(c)) as u16);
        *slot = last;
    }
    hashes
}

#[cfg(test)]
fn window_before(hay: &str, s: usize, n: usize) -> &str {
    let mut start = s;
    for (i, _) in hay[..s].char_indices().rev().take(n) {
        start = i;
    }
    &hay[start..s]
}

#[cfg(test)]
fn window_after(hay: &str, e: usize, n: usize) -> &str {
    let end = hay[e..].char_indices().nth(n).map_or(hay.len(), |(i, _)| e + i);
    &hay[e..end]
}

/// What the guards of one paragraph look at.
pub(super) struct Context<'a> {
    /// The original paragraph.
    pub(super) para: &'a str,
    pub(super) norm: &'a Normalized,
    /// The folded paragraph.
    pub(super) hay: &'a str,
    /// Where the clause ends of `hay` are (made when a clause guard first asks).
    pub(super) clause_ends: OnceCell<Vec<u32>>,
    /// Where the straight quotes `"` of `para` are (made when the quoted guard first needs them).
    pub(super) straight_quotes: OnceCell<Vec<u32>>,
    /// Whether a rejection names the word or phrase behind it: only a log (`explain`) reads it.
    pub(super) named: bool,
}

impl Context<'_> {
    /// The word or phrase a rejection names, when one is read (else an empty string: no allocation
    /// for a reason that tagging drops at once).
    pub(super) fn named(&self, word: &str) -> String {
        if self.named { word.to_string() } else { String::new() }
    }
}

/// The characters that end a clause (after folding: full-width ，；：！？ are ASCII by then): the one
/// list that [`is_clause_end`] and the byte scan of [`clause_near`] are both made from.
const CLAUSE_ENDS: [char; 6] = [',', ';', ':', '!', '?', '。'];

/// Whether `c` is one of [`CLAUSE_ENDS`].
fn is_clause_end(c: char) -> bool {
    CLAUSE_ENDS.contains(&c)
}

/// [`CLAUSE_ENDS`] in UTF-8: the bytes of each (padded with zeros) and how many they are.
const CLAUSE_END_UTF8: [([u8; 4], usize); CLAUSE_ENDS.len()] = {
    let mut out = [([0; 4], 0); CLAUSE_ENDS.len()];
    let mut i = 0;
    while i < CLAUSE_ENDS.len() {
        out[i].1 = CLAUSE_ENDS[i].encode_utf8(&mut out[i].0).len();
        i += 1;
    }
    out
};

/// The bytes that end (`.0`) and that start (`.1`) a char of [`CLAUSE_ENDS`] in UTF-8, a bit each
/// (byte `x` is bit `x % 64` of word `x / 64`): [`clause_near`] looks closer only at those.
const CLAUSE_END_EDGES: ([u64; 4], [u64; 4]) = {
    let (mut last, mut first) = ([0u64; 4], [0u64; 4]);
    let mut i = 0;
    while i < CLAUSE_END_UTF8.len() {
        let (bytes, n) = CLAUSE_END_UTF8[i];
        last[bytes[n - 1] as usize / 64] |= 1 << (bytes[n - 1] % 64);
        first[bytes[0] as usize / 64] |= 1 << (bytes[0] % 64);
        i += 1;
    }
    (last, first)
};

/// Whether the byte `x` is in the set `bits` (one of [`CLAUSE_END_EDGES`]).
fn has_byte(bits: &[u64; 4], x: u8) -> bool {
    (bits[x as usize / 64] >> (x % 64)) & 1 != 0
}

/// The clause of `hay` around `s..e`: from the clause end before it to the one after it.
#[cfg(test)]
fn clause(hay: &str, s: usize, e: usize) -> &str {
    let from = hay[..s].rfind(is_clause_end).map_or(0, |i| i + hay[i..].chars().next().map_or(0, char::len_utf8));
    let to = hay[e..].find(is_clause_end).map_or(hay.len(), |i| e + i);
    &hay[from..to]
}

/// [`clause`] with the byte offsets of every clause end of `hay` known (`ends`, increasing): two
/// binary searches instead of a scan back and forth, which made a long paragraph without clause ends
/// quadratic.
fn clause_at<'h>(hay: &'h str, ends: &[u32], s: usize, e: usize) -> &'h str {
    let i = ends.partition_point(|&p| (p as usize) < s);
    let from = if i == 0 {
        0
    } else {
        ends[i - 1] as usize + hay[ends[i - 1] as usize..].chars().next().map_or(0, char::len_utf8)
    };
    let j = ends.partition_point(|&p| (p as usize) < e);
    let to = ends.get(j).map_or(hay.len(), |&p| p as usize);
    &hay[from..to]
}

/// How far [`clause_near`] looks each side of a match, in bytes.
const CLAUSE_REACH: usize = 256;

/// [`clause`] when its ends are within [`CLAUSE_REACH`] bytes of `s` and of `e` (or are the ends of
/// `hay`), found on the bytes: the UTF-8 of a char of [`CLAUSE_ENDS`] starts with a lead byte (or is
/// one ASCII byte), so in valid UTF-8 wherever those bytes stand they are that char.
fn clause_near(hay: &str, s: usize, e: usize) -> Option<&str> {
    let b = hay.as_bytes();
    let (last, first) = &CLAUSE_END_EDGES;
    let from = {
        let low = s.saturating_sub(CLAUSE_REACH);
        let mut i = s;
        loop {
            if i == low {
                if low == 0 { break 0 } else { return None }
            }
            if has_byte(last, b[i - 1]) && CLAUSE_END_UTF8.iter().any(|(u, n)| b[..i].ends_with(&u[..*n])) {
                break i;
            }
            i -= 1;
        }
    };
    let to = {
        let high = (e + CLAUSE_REACH).min(b.len());
        let mut i = e;
        loop {
            if i == high {
                if high == b.len() { break i } else { return None }
            }
            if has_byte(first, b[i]) && CLAUSE_END_UTF8.iter().any(|(u, n)| b[i..].starts_with(&u[..*n])) {
                break i;
            }
            i += 1;
        }
    };
    Some(&hay[from..to])
}

/// A match that runs across a quotation mark takes in its partner just outside it: the term 放管服改革
/// in 深化“放管服”改革 is highlighted as “放管服”改革, not 放管服”改革.
pub(super) fn balance_quotes(para: &str, mut span: Range<usize>) -> Range<usize> {
    // every mark of OPENING and CLOSING starts with the byte E2 (U+2018..U+201D) or E3 (U+3008..U+300F):
    // a span without either has none (most matches: a look at a few bytes instead of 12 searches)
    if !para.as_bytes()[span.clone()].iter().any(|&b| b == 0xE2 || b == 0xE3) {
        return span;
    }
    for (open, close) in OPENING.iter().zip(CLOSING) {
        let inside = &para[span.clone()];
        let (opens, closes) = (inside.matches(*open).count(), inside.matches(*close).count());
        if closes > opens && para[..span.start].ends_with(*open) {
            span.start -= open.len_utf8();
        } else if opens > closes && para[span.end..].starts_with(*close) {
            span.end += close.len_utf8();
        }
    }
    span
}

const OPENING: &[char] = &['“', '「', '『', '‘', '《', '〈'];
const CLOSING: &[char] = &['”', '」', '』', '’', '》', '〉'];
const QUOTE_REACH: usize = 20;

/// Whether `hay[s..e]` stands inside quotation marks: the nearest quote mark before it (within a short
/// reach) opens, and the nearest after it closes. Straight quotes `"` count by parity.
#[cfg(test)]
fn is_quoted(hay: &str, s: usize, e: usize) -> bool {
    quoted_by(hay, s, e, || hay[..s].matches('"').count())
}

/// [`is_quoted`], with the number of straight quotes before `s` counted by `straight_before` (only
/// called when both neighbours are straight quotes).
fn quoted_by(hay: &str, s: usize, e: usize, straight_before: impl FnOnce() -> usize) -> bool {
    let before =
        hay[..s].chars().rev().take(QUOTE_REACH).find(|c| OPENING.contains(c) || CLOSING.contains(c) || *c == '"');
    let after = hay[e..].chars().take(QUOTE_REACH).find(|c| OPENING.contains(c) || CLOSING.contains(c) || *c == '"');
    match (before, after) {
        (Some('"'), Some('"')) => straight_before() % 2 == 1,
        (Some(b), Some(a)) => OPENING.contains(&b) && CLOSING.contains(&a),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::rng;

    #[test]
    fn quotes() {
        assert!(is_quoted("省委“1310”具体部署", "省委“".len(), "省委“1310".len()));
        assert!(is_quoted("\"1310\"", 1, 5));
        assert!(!is_quoted("共1310宗", 3, 7));
        assert!(!is_quoted("“好”的1310宗", "“好”的".len(), "“好”的1310".len()));
    }

    /// The clause found with the list of clause ends is the one a scan finds, at every pair of char
    /// boundaries, with clause ends of one and of three bytes (。 used to be cut inside).
    #[test]
    fn clause_at_agrees_with_a_scan() {
        let h = "好。推进河长制";
        let ends: Vec<u32> = h.match_indices(is_clause_end).map(|(i, _)| i as u32).collect();
        assert_eq!(clause_at(h, &ends, h.find("河").unwrap(), h.len()), "推进河长制");
        let alphabet: Vec<char> = "河长制推进,。;:!?ab".chars().collect();
        let mut seed = 7u64;
        for _ in 0..3000 {
            let n = rng(&mut seed) % 14;
            let hay: String = (0..n).map(|_| alphabet[rng(&mut seed) as usize % alphabet.len()]).collect();
            let ends: Vec<u32> = hay.match_indices(is_clause_end).map(|(i, _)| i as u32).collect();
            let bounds: Vec<usize> = hay.char_indices().map(|(i, _)| i).chain([hay.len()]).collect();
            for &s in &bounds {
                for &e in bounds.iter().filter(|&&e| e >= s) {
                    assert_eq!(clause_at(&hay, &ends, s, e), clause(&hay, s, e), "{hay:?} {s}..{e}");
                    assert_eq!(clause_near(&hay, s, e), Some(clause(&hay, s, e)), "{hay:?} {s}..{e}");
                }
            }
        }
    }

    /// The clause found on the bytes a short way each side is the one a scan finds, or none where an
    /// end lies further (then the list of clause ends decides): long clauses, 。 and chars that hold
    /// the bytes 80 82 or E3, at every char boundary of a sample too.
    #[test]
    fn clause_near_agrees_with_a_scan() {
        let mut seed = 11u64;
        // every clause end (a char added to CLAUSE_ENDS is tested too), and chars that share bytes with them
        let alphabet: Vec<char> =
            "河长制a\u{3000}\u{3001}\u{1002}\u{3082}\u{E3}\u{2082}\u{C2}😀".chars().chain(CLAUSE_ENDS).collect();
        let check = |hay: &str, s: usize, e: usize| match clause_near(hay, s, e) {
            Some(c) => assert_eq!(c, clause(hay, s, e), "{hay:?} {s}..{e}"),
            None => assert!(clause(hay, s, e).len() >= CLAUSE_REACH, "{hay:?} {s}..{e}"),
        };
        for _ in 0..400 {
            let n = rng(&mut seed) % 300;
            let hay: String =
                (0..n)
                    .map(|_| {
                        if rng(&mut seed) % 8 == 0 { alphabet[rng(&mut seed) as usize % alphabet.len()] } else { '河' }
                    })
                    .collect();
            let bounds: Vec<usize> = hay.char_indices().map(|(i, _)| i).chain([hay.len()]).collect();
            for _ in 0..40 {
                let (a, b) =
                    (bounds[rng(&mut seed) as usize % bounds.len()], bounds[rng(&mut seed) as usize % bounds.len()]);
                check(&hay, a.min(b), a.max(b));
            }
        }
        // the four sample reports (the texts of the gold standard, tests/gold/*.jsonl), folded as
        // tagging folds them
        let samples = [
            include_str!("../../tests/fixtures/corpus/baoan-xinqiao-2024h1.txt"),
            include_str!("../../tests/fixtures/corpus/panyu-shawan-2023.txt"),
            include_str!("../../tests/fixtures/corpus/panyu-shiqiao-2023.txt"),
            include_str!("../../tests/fixtures/corpus/zhongshan-nanqu-2022.txt"),
        ];
        for sample in samples {
            let text = crate::normalize::fold_str(sample);
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            for w in bounds.windows(4).step_by(3) {
                check(&text, w[0], w[3]);
            }
        }
    }

    /// Every quotation mark that `balance_quotes` balances starts with the byte E2 or E3 (its shortcut).
    #[test]
    fn quote_marks_start_with_e2_or_e3() {
        for c in OPENING.iter().chain(CLOSING) {
            let mut buf = [0u8; 4];
            assert!(matches!(c.encode_utf8(&mut buf).as_bytes()[0], 0xE2 | 0xE3), "{c}");
        }
        assert_eq!(
            balance_quotes("深化“放管服”改革", "深化“".len().."深化“放管服”改革".len()),
            "深化".len().."深化“放管服”改革".len()
        );
        assert_eq!(balance_quotes("放管服改革", 0.."放管服改革".len()), 0.."放管服改革".len());
    }

    #[test]
    fn clauses_end_at_wide_and_folded_punctuation() {
        let h = "修路。新建充电桩,提升";
        let s = h.find("充电桩").unwrap();
        assert_eq!(clause(h, s, s + "充电桩".len()), "新建充电桩");
        assert_eq!(clause("充电桩", 0, 9), "充电桩");
    }

    #[test]
    fn window_filter_agrees_with_contains() {
        // every window of a sample and every word cut from it or from another place: the filter never
        // says no where `str::contains` says yes
        let text = crate::normalize::fold_str(include_str!("../../tests/fixtures/corpus/panyu-shawan-2023.txt"));
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).step_by(7).collect();
        let mut seed = 7u64;
        let (mut held, mut tried) = (0, 0);
        for _ in 0..20_000 {
            let pick = |seed: &mut u64, n: usize| starts[(rng(seed) as usize) % (starts.len() - n)];
            let a = pick(&mut seed, 40);
            let len = 1 + rng(&mut seed) as usize % 40;
            let window = &text[a..text[a..].char_indices().nth(len).map_or(text.len(), |(i, _)| a + i)];
            let b = pick(&mut seed, 4);
            let n = 1 + rng(&mut seed) as usize % 3;
            let word = if rng(&mut seed) % 2 == 0 {
                &text[b..text[b..].char_indices().nth(n).map_or(text.len(), |(i, _)| b + i)]
            } else {
                // a word of the window itself
                let k = window
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(rng(&mut seed) as usize % window.chars().count())
                    .unwrap_or(0);
                &window[k..window[k..].char_indices().nth(n).map_or(window.len(), |(i, _)| k + i)]
            };
            let expected = window.contains(word);
            assert_eq!(Window::new(window).holds(word), expected, "{window:?} {word:?}");
            held += usize::from(expected);
            tried += 1;
        }
        assert!(held > tried / 4 && held < tried, "{held} of {tried}");
    }

    #[test]
    fn windows_count_chars() {
        let h = "省委“1310”具体部署";
        let s = h.find("1310").unwrap();
        assert_eq!(window_before(h, s, 2), "委“");
        assert_eq!(window_after(h, s + 4, 3), "”具体");
        // the windows that the guards use, made in one pass on the bytes, are the same stretches with
        // the filter of their chars decoded, at every char boundary and size (beyond the BMP too)
        let decoded = |text: &str| {
            let mut chars = [0u64; 8];
            text.chars().for_each(|c| Window::add(&mut chars, char_key(c)));
            chars
        };
        assert_eq!(Window::new(h).chars, decoded(h));
        let h = "a𠀀省委“1310”具体·部署,é好𝄞";
        for (at, _) in h.char_indices().chain([(h.len(), ' ')]) {
            for n in 0..12 {
                let (b, a) = (Window::before(h, at, n), Window::after(h, at, n));
                assert_eq!(b.text, window_before(h, at, n));
                assert_eq!(a.text, window_after(h, at, n));
                assert_eq!(b.chars, decoded(b.text), "{h:?} {at} {n}");
                assert_eq!(a.chars, decoded(a.text), "{h:?} {at} {n}");
            }
        }
    }
}

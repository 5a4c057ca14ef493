//! Every occurrence of a set of patterns in a text, overlapping ones too: what the term automaton's
//! overlapping search reported, found faster on text that is mostly CJK.
//!
//! A pattern can only start where the text's first two characters are the first two characters of
//! some pattern (or, for a pattern of one character, its only one). The scan looks at every character
//! start once: it takes the next two characters' UTF-8 bytes as one `u64` (at most 8 bytes), hashes
//! it into a bit set of a few kilobytes, and walks a trie of the patterns from that character only
//! where the bit is set. On Chinese text that visits each character (three bytes) with one small
//! table that stays in the L1 cache, where a DFA over the bytes takes three transitions per character
//! in a table of megabytes. The walk is bounded by the longest pattern, so the scan is linear in the
//! text.
//!
//! A walk looks up the first two characters in one table, then goes on in the trie. Patterns of one
//! character (the default rules have two, 吨 and 路) have a small bit set and a sorted list of their
//! own: they neither fill the first bit set nor send the walks back to the trie's root, where every
//! character is a look-up of its own (that took 3.6 % more instructions and 46 % more L1 read misses
//! on the default rules and 1 MB of reports, callgrind: bench/README.md).
//!
//! Patterns and text are valid UTF-8, so a pattern can only occur at a character boundary: looking at
//! character starts alone finds every occurrence a byte automaton finds.
//!
//! Hand-written, where the `aho-corasick` crate did this before (its overlapping search, which
//! `tests` here still use as the oracle): on the default rules and 100 MB of reports it took 0.56–0.64 s
//! against this scan's 0.26–0.30 s (bench/README.md, "The search rebuilt"). The price is the worst
//! case: on text that repeats the beginning of a long pattern, every character starts a walk as long
//! as the pattern. Rule files cannot hold a pattern longer than [`crate::MAX_PATTERN_CHARS`] (64)
//! characters, so that is the bound: 3 MB of one repeated character against a term of 64 of them
//! takes 0.49 s, where the automaton took 0.08 s.

/// The patterns, as a trie over characters with a filter and a table on the first two characters.
#[derive(Debug, Clone)]
pub(crate) struct Scanner {
    /// Bit set over the hashed first two characters of every pattern of two or more characters.
    filter: Vec<u64>,
    /// `64 - log2(bits of filter)`.
    filter_shift: u32,
    /// Bit set over the hashed characters of the patterns of one character ([`SINGLE_BITS`] bits;
    /// empty when there are none).
    single_filter: Vec<u64>,
    /// The patterns of one character: their bytes and the pattern, sorted by bytes.
    singles: Vec<(u64, u32)>,
    /// The first two characters of every pattern of two or more (open addressing, see [`Pair`]).
    pairs: Vec<Pair>,
    /// `64 - log2(pairs.len())`.
    pair_shift: u32,
    /// The trie's edges, `(parent << 32 | char bytes)` to child, open addressing (child 0: empty).
    edges: Vec<Edge>,
    /// `64 - log2(edges.len())`.
    edge_shift: u32,
    /// Bit set over the hashed keys of `edges` (another hash): most steps of a walk find no edge,
    /// and this says so from the L1 or L2 cache instead of a look into `edges`.
    edge_filter: Vec<u64>,
    /// `64 - log2(bits of edge_filter)`.
    edge_filter_shift: u32,
}

/// An edge of the trie, with what a walk needs of the node it leads to, so that a step reads one
/// slot: the pattern that ends there ([`NO_END`] if none) and, in bit [`FORK`], whether the node has
/// children (in the 4 bytes the alignment of `key` leaves after `child`).
#[derive(Debug, Clone, Copy, Default)]
struct Edge {
    key: u64,
    child: u32,
    end: u32,
}

/// The bit of [`Edge::end`] set when the edge's node has children.
const FORK: u32 = 1 << 31;
/// [`Edge::end`] without [`FORK`] when no pattern ends at the edge's node.
const NO_END: u32 = FORK - 1;

/// The first two characters of some pattern (`key`: their bytes), with the pattern that is just
/// these two characters (or [`NONE`]) and the trie node to go on from (0 if no pattern is longer).
/// An empty slot has neither.
#[derive(Debug, Clone, Copy)]
struct Pair {
    key: u64,
    pattern: u32,
    node: u32,
}

const EMPTY_PAIR: Pair = Pair { key: 0, pattern: NONE, node: 0 };
const NONE: u32 = u32::MAX;
const HASH: u64 = 0x9E37_79B9_7F4A_7C15;
/// The edge filter's hash (another odd constant, so that its bits do not follow the table's slots).
const EDGE_HASH: u64 = 0xD6E8_FEB8_6659_FD93;
/// Filter hits gathered before their walks run (the scan then has no branch on the filter).
const BATCH: usize = 128;
/// log2 of the bits of [`Scanner::single_filter`]: a few patterns of one character set a few of
/// them, so that other characters seldom pass.
const SINGLE_BITS: u32 = 12;

/// Length of the UTF-8 character whose first byte is `b` (1 for ASCII): a look-up by its high four
/// bits (a byte that cannot start a character of valid UTF-8 gets 1 or 4; none is ever asked about).
#[inline(always)]
pub(crate) fn char_len(b: u8) -> usize {
    const LEN: [u8; 16] = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4];
    usize::from(LEN[usize::from(b >> 4)])
}

/// The low `n` bytes (1 to 8) of `w`.
#[inline(always)]
fn low_bytes(w: u64, n: usize) -> u64 {
    w & (u64::MAX >> (64 - 8 * n))
}

/// The 8 bytes from `i` on (zero past the end).
#[inline(always)]
fn load(hay: &[u8], i: usize) -> u64 {
    match hay.get(i..i + 8) {
        Some(b) => u64::from_le_bytes(b.try_into().unwrap_or_else(|_| panic!("8 bytes"))),
        None => {
            let mut buf = [0u8; 8];
            buf[..hay.len() - i].copy_from_slice(&hay[i..]);
            u64::from_le_bytes(buf)
        }
    }
}

/// For `w`, the 8 bytes from `i` of a text of `n` bytes: the bytes of its first character and of its
/// first two (the same at the end of the text), and the two characters' lengths (0: none).
#[inline(always)]
fn keys(w: u64, i: usize, n: usize) -> (u64, u64, usize, usize) {
    let l1 = char_len(w as u8);
    let l2 = if i + l1 < n { char_len((w >> (8 * l1)) as u8) } else { 0 };
    (low_bytes(w, l1), low_bytes(w, l1 + l2), l1, l2)
}

impl Scanner {
    /// A scanner of `patterns`; pattern `i` is reported as `i`. The patterns must be distinct and not
    /// empty.
    pub fn new<'p>(patterns: impl IntoIterator<Item = &'p str>) -> Scanner {
        Scanner::of(patterns.into_iter().collect())
    }

    /// [`Scanner::new`], one copy of the code whatever the iterator (the wasm is smaller).
    #[inline(never)]
    fn of(patterns: Vec<&str>) -> Scanner {
        let chars: usize = patterns.iter().map(|p| p.chars().count()).sum();
        let edge_bits = (2 * chars.max(1)).next_power_of_two().trailing_zeros().max(4);
        let edge_filter_bits = (16 * chars.max(1)).next_power_of_two().trailing_zeros().clamp(12, 22);
        let filter_bits = (16 * patterns.len().max(1)).next_power_of_two().trailing_zeros().clamp(12, 22);
        let mut s = Scanner {
            filter: vec![0; 1 << (filter_bits - 6)],
            filter_shift: 64 - filter_bits,
            single_filter: Vec::new(),
            singles: Vec::new(),
            pairs: Vec::new(),
            pair_shift: 0,
            edges: vec![Edge::default(); 1 << edge_bits],
            edge_shift: 64 - edge_bits,
            edge_filter: vec![0; 1 << (edge_filter_bits - 6)],
            edge_filter_shift: 64 - edge_filter_bits,
        };
        // per trie node while the trie is built (node 0 the root): the pattern that ends there, or
        // [`NONE`], and whether it has children; then in the edges that lead to the nodes
        let mut ends = vec![NONE];
        let mut forks = vec![false];
        for (id, p) in patterns.iter().enumerate() {
            assert!(!p.is_empty(), "an empty pattern");
            let mut node = 0u32;
            for c in p.chars() {
                let mut buf = [0u8; 4];
                c.encode_utf8(&mut buf);
                let key = (u64::from(node) << 32) | u64::from(u32::from_le_bytes(buf));
                forks[node as usize] = true;
                node = match s.child(key) {
                    Some(child) => child,
                    None => {
                        ends.push(NONE);
                        forks.push(false);
                        s.insert(key, ends.len() as u32 - 1)
                    }
                };
            }
            debug_assert_eq!(ends[node as usize], NONE, "patterns are distinct");
            ends[node as usize] = id as u32;
            let (one, two, _, l2) = keys(load(p.as_bytes(), 0), 0, p.len());
            if l2 == 0 {
                if s.single_filter.is_empty() {
                    s.single_filter = vec![0; 1 << (SINGLE_BITS - 6)];
                }
                let bit = single_bit(one);
                set_bit(&mut s.single_filter, bit);
                s.singles.push((one, id as u32));
            } else {
                let bit = s.filter_bit(two);
                set_bit(&mut s.filter, bit);
            }
        }
        crate::sort::heapsort_by(&mut s.singles, |a, b| a < b);
        // the pairs, from the trie's nodes at depth two: as many slots as twice the distinct first two
        // characters, to a power of two (the distinct nodes at depth two where a pattern's first two
        // characters end)
        let mut first = vec![false; ends.len()];
        for p in patterns.iter().filter(|p| p.chars().nth(1).is_some()) {
            let two = p.char_indices().nth(2).map_or(p.len(), |(i, _)| i);
            first[s.node_of(&p[..two]) as usize] = true;
        }
        let firsts = first.iter().filter(|&&f| f).count();
        let pair_bits = (2 * firsts.max(1)).next_power_of_two().trailing_zeros().max(4);
        s.pairs = vec![EMPTY_PAIR; 1 << pair_bits];
        s.pair_shift = 64 - pair_bits;
        for (id, p) in patterns.iter().enumerate() {
            let (_, key, l1, l2) = keys(load(p.as_bytes(), 0), 0, p.len());
            if l2 == 0 {
                continue;
            }
            let two_len = l1 + l2;
            let node = s.node_of(&p[..two_len]);
            let at = s.pair_slot(key);
            let pair = &mut s.pairs[at];
            pair.key = key;
            if forks[node as usize] {
                pair.node = node;
            }
            if two_len == p.len() {
                pair.pattern = id as u32;
            }
        }
        // each node's pattern and fork in the edge that leads to it (a node has one)
        assert!(patterns.len() < NO_END as usize, "fewer patterns than 2^31 - 1");
        for e in s.edges.iter_mut().filter(|e| e.child != 0) {
            let end = ends[e.child as usize];
            e.end = if end == NONE { NO_END } else { end } | if forks[e.child as usize] { FORK } else { 0 };
        }
        s
    }

    /// The trie node of `prefix` (a prefix of some pattern).
    fn node_of(&self, prefix: &str) -> u32 {
        let mut node = 0u32;
        for c in prefix.chars() {
            let mut buf = [0u8; 4];
            c.encode_utf8(&mut buf);
            node = self
                .child((u64::from(node) << 32) | u64::from(u32::from_le_bytes(buf)))
                .expect("a prefix of a pattern");
        }
        node
    }

    /// The slot of pair `key`: its own, or the empty one where it would go.
    #[inline(always)]
    fn pair_slot(&self, key: u64) -> usize {
        let mask = self.pairs.len() - 1;
        let mut at = (key.wrapping_mul(HASH) >> self.pair_shift) as usize;
        loop {
            let p = self.pairs[at];
            if p.key == key || (p.pattern == NONE && p.node == 0) {
                return at;
            }
            at = (at + 1) & mask;
        }
    }

    #[inline(always)]
    fn filter_bit(&self, key: u64) -> usize {
        (key.wrapping_mul(HASH) >> self.filter_shift) as usize
    }

    #[inline(always)]
    fn filtered(&self, key: u64) -> bool {
        let bit = self.filter_bit(key);
        has_bit(&self.filter, bit)
    }

    #[inline(always)]
    fn single_filtered(&self, key: u64) -> bool {
        let bit = single_bit(key);
        has_bit(&self.single_filter, bit)
    }

    #[inline(always)]
    fn edge_bit(&self, key: u64) -> usize {
        (key.wrapping_mul(EDGE_HASH) >> self.edge_filter_shift) as usize
    }

    /// The child at edge `key` (`parent << 32 | char bytes`), if any.
    #[inline(always)]
    fn child(&self, key: u64) -> Option<u32> {
        self.edge(key).map(|e| e.child)
    }

    /// The edge `key` (`parent << 32 | char bytes`), if any: its child, and the pattern and fork of
    /// that node (set once the trie is whole: while [`Scanner::of`] builds it, only the child).
    #[inline(always)]
    fn edge(&self, key: u64) -> Option<Edge> {
        let bit = self.edge_bit(key);
        if !has_bit(&self.edge_filter, bit) {
            return None;
        }
        let mask = self.edges.len() - 1;
        let mut at = (key.wrapping_mul(HASH) >> self.edge_shift) as usize;
        loop {
            let e = self.edges[at];
            if e.child == 0 {
                return None;
            }
            if e.key == key {
                return Some(e);
            }
            at = (at + 1) & mask;
        }
    }

    /// Adds node `child` under edge `key` (not there yet).
    fn insert(&mut self, key: u64, child: u32) -> u32 {
        let mask = self.edges.len() - 1;
        let mut at = (key.wrapping_mul(HASH) >> self.edge_shift) as usize;
        while self.edges[at].child != 0 {
            at = (at + 1) & mask;
        }
        self.edges[at] = Edge { key, child, end: NO_END };
        let bit = self.edge_bit(key);
        set_bit(&mut self.edge_filter, bit);
        child
    }

    /// Calls `f(start, end, pattern)` for every occurrence of every pattern in `hay`, overlapping ones
    /// included: by start, and at one start shortest first. Offsets are bytes of `hay`.
    #[inline]
    pub fn for_each(&self, hay: &str, mut f: impl FnMut(u32, u32, u32)) {
        if !self.singles.is_empty() {
            self.scan::<true>(hay.as_bytes(), &mut f);
        } else {
            self.scan::<false>(hay.as_bytes(), &mut f);
        }
    }

    #[inline(always)]
    fn scan<const SINGLE: bool>(&self, hay: &[u8], f: &mut impl FnMut(u32, u32, u32)) {
        let mut hits = [0u32; BATCH];
        let mut i = 0;
        let mut l1 = hay.first().map_or(1, |&b| char_len(b));
        // a batch of filter hits at a time, then their walks (one place that walks: the wasm is smaller)
        loop {
            let k;
            (i, l1, k) = self.filter_batch::<SINGLE>(hay, i, l1, &mut hits);
            for &at in &hits[..k] {
                self.walk::<SINGLE>(hay, at as usize, f);
            }
            if k < BATCH {
                return;
            }
        }
    }

    /// The character starts of `hay` from `i` on (`l1`: the length of the character there) whose
    /// first two characters pass the filter (or whose first is a pattern's, with `SINGLE`), written to
    /// `hits` until it is full or the text ends: the next start, its character's length and the number
    /// of hits. Out of line and not generic over the walks' callback: one tight loop (inlined into
    /// `find`, it kept its counters on the stack). Each character's length is read once: the second
    /// of one start is the first of the next.
    #[inline(never)]
    fn filter_batch<const SINGLE: bool>(
        &self,
        hay: &[u8],
        mut i: usize,
        mut l1: usize,
        hits: &mut [u32; BATCH],
    ) -> (usize, usize, usize) {
        /// The low `n` bytes of a `u64`, by `n` (1 to 8; a look-up where `low_bytes` shifts twice).
        const LOW: [u64; 16] = {
            let mut low = [0u64; 16];
            let mut n = 1;
            while n <= 8 {
                low[n] = u64::MAX >> (64 - 8 * n);
                n += 1;
            }
            low
        };
        let (filter, shift) = (self.filter.as_slice(), self.filter_shift);
        // (of a known size: no bounds check; only read with SINGLE, when it is not empty)
        let single: &[u64; 1 << (SINGLE_BITS - 6)] =
            self.single_filter.as_slice().try_into().unwrap_or(&[0; 1 << (SINGLE_BITS - 6)]);
        let mut k = 0;
        while i + 8 <= hay.len() {
            let w = u64::from_le_bytes(hay[i..i + 8].try_into().unwrap_or_else(|_| panic!("8 bytes")));
            // l1 <= 4 < 8: the second character starts inside these bytes
            let l2 = char_len((w >> (8 * l1)) as u8);
            let two = (w & LOW[(l1 + l2) & 15]).wrapping_mul(HASH) >> shift;
            let mut hit = has_bit(filter, two as usize);
            if SINGLE {
                hit |= has_bit(single, single_bit(w & LOW[l1 & 15]));
            }
            hits[k] = i as u32;
            k += usize::from(hit);
            i += l1;
            l1 = l2;
            if k == BATCH {
                return (i, l1, k);
            }
        }
        // the last characters, where 8 bytes from one of them run past the end
        while i < hay.len() && k < BATCH {
            let (one, two, l1, _) = keys(load(hay, i), i, hay.len());
            let hit = self.filtered(two) || (SINGLE && self.single_filtered(one));
            hits[k] = i as u32;
            k += usize::from(hit);
            i += l1;
        }
        (i, l1, k)
    }

    /// The patterns that start at `start`, shortest first.
    #[inline(always)]
    fn walk<const SINGLE: bool>(&self, hay: &[u8], start: usize, f: &mut impl FnMut(u32, u32, u32)) {
        let (one, two, l1, l2) = keys(load(hay, start), start, hay.len());
        if SINGLE {
            if let Ok(at) = self.singles.binary_search_by_key(&one, |&(key, _)| key) {
                f(start as u32, (start + l1) as u32, self.singles[at].1);
            }
        }
        // the first two characters in one look-up
        if l2 == 0 {
            return;
        }
        let pair = self.pairs[self.pair_slot(two)];
        if pair.key != two {
            return;
        }
        let mut j = start + l1 + l2;
        if pair.pattern != NONE {
            f(start as u32, j as u32, pair.pattern);
        }
        if pair.node == 0 {
            return;
        }
        let mut node = pair.node;
        while j < hay.len() {
            let l = char_len(hay[j]);
            let c = low_bytes(load(hay, j), l);
            let Some(edge) = self.edge((u64::from(node) << 32) | c) else { return };
            j += l;
            let p = edge.end & NO_END;
            if p != NO_END {
                f(start as u32, j as u32, p);
            }
            if edge.end & FORK == 0 {
                return;
            }
            node = edge.child;
        }
    }
}

/// Whether bit `bit` of the bit set `set` is set.
#[inline(always)]
fn has_bit(set: &[u64], bit: usize) -> bool {
    set[bit >> 6] & (1 << (bit & 63)) != 0
}

/// Sets bit `bit` of the bit set `set`.
fn set_bit(set: &mut [u64], bit: usize) {
    set[bit >> 6] |= 1 << (bit & 63);
}

/// The bit of [`Scanner::single_filter`] for the bytes of one character.
#[inline(always)]
fn single_bit(key: u64) -> usize {
    (key.wrapping_mul(HASH) >> (64 - SINGLE_BITS)) as usize
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasick, MatchKind};

    type Occurrences = Vec<(u32, u32, u32)>;

    /// What the scanner reports, and what the overlapping automaton search reports, sorted (by start,
    /// then end).
    fn both(patterns: &[&str], hay: &str) -> (Occurrences, Occurrences) {
        let ac = AhoCorasick::builder().match_kind(MatchKind::Standard).build(patterns).unwrap();
        let mut want: Vec<(u32, u32, u32)> =
            ac.find_overlapping_iter(hay).map(|m| (m.start() as u32, m.end() as u32, m.pattern().as_u32())).collect();
        want.sort_unstable();
        let mut got = Vec::new();
        Scanner::new(patterns.iter().copied()).for_each(hay, |s, e, p| got.push((s, e, p)));
        (got, want)
    }

    #[test]
    fn edges() {
        let cases: &[(&[&str], &str)] = &[
            (&["河长制", "河长", "长制", "制"], "推行河长制和河长"),
            (&["a", "ab", "abc", "bc", "c"], "abcabc"),
            (&["𝌆𝌆", "𝌆", "😀a"], "𝌆𝌆𝌆😀a😀"),
            (&["12345", "5g", "g基站"], "12345g基站5g"),
            (&["长"], "长"),
            (&["河长"], "河"),
            (&["河长"], ""),
            (&["a\0b", "\0"], "xa\0b\0"),
            (&["粮食安全", "安全生产", "安全", "全生"], "粮食安全生产安全"),
            (&["é", "ée", "中é"], "中éée"),
            // patterns of one character beside longer ones that start with it, at the text's end too
            (&["路", "路口", "路口灯", "吨", "万吨"], "路口灯路路口万吨吨路"),
            (&["路"], "路路"),
        ];
        for (patterns, hay) in cases {
            let (got, want) = both(patterns, hay);
            assert_eq!(got, want, "{patterns:?} in {hay:?}");
        }
    }

    /// The default rules' patterns over a whole sample, folded (thousands of filter hits, so many full
    /// batches, and the last bytes after them): the same occurrences as the automaton, with the
    /// patterns of one character and without them.
    #[test]
    fn agrees_with_the_automaton_on_a_sample() {
        let tagger = crate::Tagger::builtin();
        let all = tagger.automaton_patterns();
        let hay = crate::normalize::fold_str(include_str!("../tests/fixtures/corpus/panyu-shawan-2023.txt"));
        let longer: Vec<&str> = all.iter().copied().filter(|p| p.chars().nth(1).is_some()).collect();
        assert!(longer.len() < all.len(), "the default rules have patterns of one character");
        for patterns in [&all, &longer] {
            for hay in [hay.as_str(), &hay[..hay.char_indices().nth(1001).map_or(0, |(i, _)| i)]] {
                let (got, want) = both(patterns, hay);
                assert!(got.len() > 50, "{} occurrences", got.len());
                assert_eq!(got, want);
            }
        }
    }

    /// Random patterns over a small alphabet of 1- to 4-byte characters, in random text: the same
    /// occurrences as the overlapping automaton, in start order, shortest first at one start. Half the
    /// rounds have no pattern of one character (walks start from the pair table), half may have some
    /// (walks start from the root).
    #[test]
    fn agrees_with_the_automaton() {
        let alphabet = ['河', '长', 'a', 'é', '𝌆', '制', ',', 'b'];
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || crate::testing::rng(&mut seed);
        for round in 0..4000 {
            let shortest = 1 + round % 2;
            let mut patterns: Vec<String> = (0..1 + next() % 8)
                .map(|_| {
                    (0..shortest + next() as usize % 4).map(|_| alphabet[next() as usize % alphabet.len()]).collect()
                })
                .collect();
            patterns.sort();
            patterns.dedup();
            let hay: String = (0..next() % 40).map(|_| alphabet[next() as usize % alphabet.len()]).collect();
            let refs: Vec<&str> = patterns.iter().map(String::as_str).collect();
            let (got, want) = both(&refs, &hay);
            assert_eq!(got, want, "{patterns:?} in {hay:?}");
        }
    }
}

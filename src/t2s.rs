//! Traditional → Simplified conversion, the same as `fast2s::convert`, on tables that build.rs makes
//! from `fast2s` itself.
//!
//! This hand-writes what a library provides, on purpose: `fast2s` keeps its 2,734 pairs as a bincode
//! `Vec<(char, char)>` in random order (21,880 bytes, 13 KB gzip in the wasm) and puts them in a hash
//! map at first use, which brings bincode's deserialiser and a second `hashbrown` into the wasm. Here
//! each character that `fast2s` may change already has a bit in `T2S_CHANGES` (the pre-scan table of
//! normalisation); what it becomes on its own is a `u16` difference per set bit (`T2S_TO`, found with
//! `T2S_RANK` and a popcount), about half the bytes gzip-compressed, with no code to read it. The
//! characters that `fast2s` converts by their neighbours are copied below from its source
//! (`special.rs` of fast2s 0.3.1), with its order of checks. `fast2s` stays the reference: build.rs
//! asks it what each character becomes, and a test compares the two over every character of the
//! Basic Multilingual Plane, in the words where the context matters, and on the samples.

use crate::normalize::{T2S_CHANGES, T2S_RANK, T2S_TO};

/// `fast2s`'s `T2S_EXCLUDE`: in these words the character (the first of the entry) stays as it is.
const EXCLUDE: [(char, [char; 2]); 14] = [
    ('兒', ['兒', '寬']),
    ('覆', ['答', '覆']),
    ('覆', ['批', '覆']),
    ('覆', ['回', '覆']),
    ('夥', ['甚', '夥']),
    ('藉', ['慰', '藉']),
    ('藉', ['狼', '藉']),
    ('瞭', ['瞭', '望']),
    ('麽', ['幺', '麽']),
    ('幺', ['幺', '麽']),
    ('於', ['樊', '於']),
    ('乾', ['乾', '隆']),
    ('乾', ['乾', '坤']),
    ('乾', ['乾', '卦']),
];

/// `fast2s`'s `T2S_SPECIAL_CONVERT_TYPE`: in these words the character becomes the third of the entry.
/// (Its entries for 藉 are never reached: 藉 is in `EXCLUDE`, which is looked at first, and left out.)
const SPECIAL: [(char, [char; 2], char); 10] = [
    ('著', ['看', '著'], '着'),
    ('苧', ['苧', '麻'], '苎'),
    ('闔', ['闔', '家'], '合'),
    ('鍾', ['鍾', '書'], '锺'),
    ('讎', ['校', '讎'], '雠'),
    ('讎', ['讎', '定'], '雠'),
    ('讎', ['仇', '讎'], '雠'),
    ('畫', ['計', '畫'], '划'),
    ('畫', ['企', '畫'], '划'),
    ('藉', ['藉', '口'], '借'),
];

/// `fast2s::convert`: each character of three UTF-8 bytes by `convert_char` with its neighbours in the
/// text (`'0'` before the first and after the last, as there).
pub(crate) fn convert(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    let mut prev = '0';
    while let Some(cur) = chars.next() {
        let next = chars.peek().copied().unwrap_or('0');
        out.push(if cur.len_utf8() == 3 { convert_char(prev, cur, next) } else { cur });
        prev = cur;
    }
    out
}

/// `fast2s`'s `special_convert` of a character of three UTF-8 bytes.
fn convert_char(prev: char, cur: char, next: char) -> char {
    let cp = cur as usize;
    let word = T2S_CHANGES[cp / 64];
    if word >> (cp % 64) & 1 == 0 {
        // neither in the table nor converted in some words (all of those have their bit set)
        return cur;
    }
    let (w1, w2) = ([prev, cur], [cur, next]);
    if EXCLUDE.iter().any(|&(c, _)| c == cur) {
        if EXCLUDE.iter().any(|&(c, w)| c == cur && (w == w1 || w == w2)) {
            return cur;
        }
    } else if let Some(&(.., to)) = SPECIAL
        .iter()
        .find(|&&(c, w, _)| c == cur && w == w1)
        .or_else(|| SPECIAL.iter().find(|&&(c, w, _)| c == cur && w == w2))
    {
        return to;
    }
    let i = T2S_RANK[cp / 64] as usize + (word & ((1u64 << (cp % 64)) - 1)).count_ones() as usize;
    char::from_u32((cp as u32).wrapping_add(T2S_TO[i] as i16 as i32 as u32)).unwrap_or(cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character of the BMP alone, and between characters that do or do not change; every
    /// character that `fast2s` converts by context, in each of its words and next to other characters.
    #[test]
    fn converts_as_fast2s_does() {
        let chars: Vec<char> = (0..=0xFFFFu32).filter_map(char::from_u32).collect();
        for &c in &chars {
            let one = c.to_string();
            assert_eq!(convert(&one), fast2s::convert(&one), "U+{:04X}", c as u32);
        }
        let text: String = chars.iter().filter(|c| c.len_utf8() == 3).collect();
        assert_eq!(convert(&text), fast2s::convert(&text));
        let mut context: Vec<char> = EXCLUDE.iter().flat_map(|&(c, w)| [c, w[0], w[1]]).collect();
        context.extend(SPECIAL.iter().flat_map(|&(c, w, to)| [c, w[0], w[1], to]));
        context.extend(['0', 'a', '中', '國', '家', '😀', 'é']);
        for &a in &context {
            for &b in &context {
                for &c in &context {
                    let s: String = [a, b, c].iter().collect();
                    assert_eq!(convert(&s), fast2s::convert(&s), "{s}");
                }
            }
        }
        for name in ["panyu-shiqiao-2023.txt", "baoan-xinqiao-2024h1.txt"] {
            let path = format!("{}/www/samples/{name}", env!("CARGO_MANIFEST_DIR"));
            if let Ok(text) = std::fs::read_to_string(path) {
                assert_eq!(convert(&text), fast2s::convert(&text));
            }
        }
        assert_eq!(convert(""), "");
        assert_eq!(convert("計畫 企畫 畫圖 看著 乾隆的乾兒子"), "计划 企划 画图 看着 乾隆的干儿子");
    }
}

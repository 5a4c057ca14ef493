//! Normalisation that keeps offsets on the original text.
//!
//! Matching runs on a folded copy of each paragraph: Traditional characters become Simplified ones
//! (character for character, by `fast2s`'s table, in `t2s.rs`), full-width ASCII becomes ASCII, ASCII letters
//! become lower case, and whitespace (line breaks from PDFs, ideographic spaces, zero-width spaces) and
//! quotation marks (“”‘’"'「」『』) are left out, so that a term matches across quotation marks inside
//! it: 三小场所 in “三小”场所, 百千万工程 in “百千万”工程. The stretches of the folded copy that follow the original byte for byte, with where
//! each starts in the original, turn a match on the copy into a span of the original text.

/// A folded copy of a piece of text and the way back to the original offsets.
#[derive(Debug, Default)]
pub(crate) struct Normalized {
    /// The folded text that the automaton searches.
    pub text: String,
    /// Stretches of `text` whose bytes follow the original one for one, as (start in `text`, start in
    /// the original), in increasing order; a folded character of another length than its original (full
    /// width → ASCII) ends the stretch it is in (its first byte maps to its original's first). Empty
    /// when `identity` is set.
    runs: Vec<(u32, u32)>,
    /// The folded text equals the original: offsets need no mapping.
    identity: bool,
}

impl Normalized {
    /// Folds `original` into `self`, reusing its buffers.
    pub fn fold(&mut self, original: &str) {
        self.fold_passing_over(original, &[], 0);
    }

    /// Folds `original` into `self` as [`Normalized::fold`] does, and leaves out the byte ranges
    /// `skip` of a text in which `original` starts at byte `base` as it leaves out whitespace: a
    /// paragraph's page breaks ([`crate::Segment::passed_over`]), so that a term cut in two by one is
    /// found. The ranges are sorted, each starts in `original` and at the start of a line's text,
    /// right after a line break or blank (a range that does not, at the start of a piece of a
    /// paragraph cut in pieces, is not left out, but those after it are); one that runs past the end
    /// of `original` ends it.
    pub fn fold_passing_over(&mut self, original: &str, skip: &[std::ops::Range<usize>], base: usize) {
        // one pass folds the text, unless it meets a character that Traditional → Simplified may
        // change: the text is then converted first and folded from the start
        if !self.fold_from(original, true, false, skip, base) {
            match convert_simplified(original) {
                Some(simplified) => self.fold_from(&simplified, false, true, skip, base),
                None => self.fold_from(original, false, false, skip, base),
            };
        }
    }

    /// Folds `source` (`converted`: the original converted to Simplified, else the original; `skip`
    /// and `base` as for [`Normalized::fold_passing_over`]) into `self`; with `plain`, gives up (and
    /// returns false) at the first character that Traditional → Simplified conversion may change.
    fn fold_from(
        &mut self,
        source: &str,
        plain: bool,
        converted: bool,
        mut skip: &[std::ops::Range<usize>],
        base: usize,
    ) -> bool {
        self.text.clear();
        self.runs.clear();
        // Characters that fold to themselves are copied a stretch at a time. The characters are
        // looked at on the bytes: ASCII and characters of three bytes (CJK, nearly all of a Chinese
        // text) without decoding them through `char_indices`, the others as chars. (Hand-written
        // where std's `char_indices` decoded every character: the text is valid UTF-8, so a lead
        // byte 0xE0..0xEF is followed by two continuation bytes; bench/README.md, branch `native`.)
        let bytes = source.as_bytes();
        let mut copied = 0;
        let mut folds = false;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            let c = if b < 0x80 {
                if !ascii_needs_folding(b) {
                    i += 1;
                    continue;
                }
                char::from(b)
            } else if b & 0xF0 == 0xE0 {
                // most characters are settled by one bit, looked up on the bytes: a run of those is
                // copied as it is
                let end = run_copied_as_is(bytes, i);
                if end > i {
                    i = end;
                    continue;
                }
                let cp = (u32::from(b & 0x0F) << 12)
                    | (u32::from(bytes[i + 1] & 0x3F) << 6)
                    | u32::from(bytes[i + 2] & 0x3F);
                if plain && may_change_bmp(cp) {
                    return false;
                }
                if !needs_folding_bmp(cp) {
                    i += 3;
                    continue;
                }
                char::from_u32(cp).expect("a character of three UTF-8 bytes")
            } else {
                let c = source[i..].chars().next().expect("a character starts here");
                if plain && may_change(c) {
                    return false;
                }
                if !needs_folding(c) {
                    i += c.len_utf8();
                    continue;
                }
                c
            };
            folds = true;
            if copied < i {
                self.run(copied);
                self.text.push_str(&source[copied..i]);
            }
            copied = i + c.len_utf8();
            if let Some(f) = fold_char(c) {
                self.run(i);
                self.text.push(f);
            }
            i += c.len_utf8();
            // a range to skip starts after a line break or blank (left out): it is left out too; one
            // already behind (at the very start, where nothing folded before it) no longer blocks
            // those after it
            while let [r, rest @ ..] = skip {
                if r.start < base + i {
                    skip = rest;
                } else {
                    break;
                }
            }
            if let [r, rest @ ..] = skip {
                if r.start == base + i {
                    i = r.end - base;
                    copied = i;
                    skip = rest;
                }
            }
        }
        if !folds && !converted {
            // the folded text is the original
            self.text.push_str(source);
            self.identity = true;
            return true;
        }
        self.identity = false;
        if copied < source.len() {
            self.run(copied);
            self.text.push_str(&source[copied..]);
        }
        true
    }

    /// Starts a stretch at the end of `text` that follows the original from byte `orig` on, unless
    /// the stretch before already does (a full-width comma folded to `,` continues the stretch before
    /// it: only the one after it starts anew), which halves the runs of a Chinese paragraph.
    fn run(&mut self, orig: usize) {
        let at = self.text.len();
        if let Some(&(t, o)) = self.runs.last() {
            if at - t as usize == orig - o as usize {
                return;
            }
        }
        self.runs.push((at as u32, orig as u32));
    }

    /// Gives back the buffers if they hold more than `keep` bytes.
    pub fn trim(&mut self, keep: usize) {
        if self.text.capacity() > keep {
            self.text = String::new();
        }
        crate::buffers::give_back(&mut self.runs, keep);
    }

    /// The original byte offset of the folded character starting at `at`.
    pub fn original_start(&self, at: usize) -> usize {
        if self.identity {
            return at;
        }
        let (text, orig) = self.runs[self.runs.partition_point(|&(t, _)| t as usize <= at) - 1];
        orig as usize + (at - text as usize)
    }

    /// The original byte offset just past the folded character ending at `end` (> 0): the end of the
    /// original character that holds the original of byte `end - 1` (a folded character is as long as
    /// its original and follows it byte for byte, or is one byte standing for a longer one). Reads the
    /// offsets only, not the folded text, which may be gone (see [`Normalized::drop_text`]).
    pub fn original_end(&self, original: &str, end: usize) -> usize {
        if self.identity {
            return end;
        }
        let last = self.original_start(end - 1);
        last + 1 + original.as_bytes()[last + 1..].iter().take_while(|&&b| (b as i8) < -0x40).count()
    }

    /// Gives back the folded text when it holds more than `keep` bytes; the offsets still map back.
    pub fn drop_text(&mut self, keep: usize) {
        if self.text.capacity() > keep {
            self.text = String::new();
        }
    }
}

/// Folds a term or a guard word the same way as text (no offsets needed).
pub(crate) fn fold_str(s: &str) -> String {
    let simplified = to_simplified(s);
    simplified.as_deref().unwrap_or(s).chars().filter_map(fold_char).collect()
}

include!(concat!(env!("OUT_DIR"), "/t2s_changes.rs"));

/// Whether `fast2s` may change `c` (it converts only characters of three UTF-8 bytes).
fn may_change(c: char) -> bool {
    let cp = c as usize;
    (0x800..=0xFFFF).contains(&cp) && T2S_CHANGES[cp / 64] >> (cp % 64) & 1 == 1
}

/// Traditional → Simplified, only when the text has a character that changes. `fast2s` maps one
/// character to one character of the same UTF-8 length; anything else is refused so that offsets hold.
fn to_simplified(s: &str) -> Option<String> {
    // most paragraphs are Simplified already: a table lookup per character instead of a conversion
    if s.is_ascii() || !s.chars().any(may_change) {
        return None;
    }
    convert_simplified(s)
}

/// [`to_simplified`] without the look for a character that changes.
fn convert_simplified(s: &str) -> Option<String> {
    // `fast2s::convert` on tables of our own (src/t2s.rs, tested equal to it): a fraction of its bytes in the wasm
    let converted = crate::t2s::convert(s);
    (converted.len() == s.len() && converted != s).then_some(converted)
}

/// Whether [`Normalized::fold_from`] copies the character that starts with the bytes `b0 b1 b2` as it
/// is without a closer look: a character of three bytes in U+3040..U+FEBF (CJK and punctuation blocks
/// where nothing folds, see [`needs_folding_bmp`]) that Traditional → Simplified does not change. Its
/// bit in `T2S_CHANGES` is found on the bytes: bit `b2 % 64` of word `(b0 - 0xE0) * 64 + b1 % 64`,
/// which is out of the range for any other lead byte than E0..EF (one look-up and one range test
/// instead of the code point put together, three range tests and the look-up of [`may_change_bmp`];
/// the blocks' first and last 64 characters, 、。《》「」『』 among them, are looked at as before).
#[inline(always)]
fn copied_as_is(b0: u8, b1: u8, b2: u8) -> bool {
    let word = (usize::from(b0) << 6 | usize::from(b1 & 0x3F)).wrapping_sub(0xE0 << 6);
    (0x3040 / 64..0xFEC0 / 64).contains(&word) && T2S_CHANGES[word] >> (b2 & 0x3F) & 1 == 0
}

/// The end of the run of characters copied as they are ([`copied_as_is`]) that starts at byte `i` of
/// `bytes` (at a char boundary).
#[inline(always)]
fn run_copied_as_is(bytes: &[u8], mut i: usize) -> usize {
    while let Some(&[b0, b1, b2]) = bytes.get(i..i + 3) {
        if !copied_as_is(b0, b1, b2) {
            break;
        }
        i += 3;
    }
    i
}

/// [`may_change`] of a character of three UTF-8 bytes (U+0800..U+FFFF), given as its code point.
#[inline(always)]
fn may_change_bmp(cp: u32) -> bool {
    T2S_CHANGES[cp as usize / 64] >> (cp % 64) & 1 == 1
}

/// [`needs_folding`] of an ASCII byte: controls, space, capitals and straight quotes.
#[inline(always)]
fn ascii_needs_folding(b: u8) -> bool {
    b <= b' ' || b == 0x7F || b.is_ascii_uppercase() || b == b'"' || b == b'\''
}

/// [`needs_folding`] of a character of three UTF-8 bytes, given as its code point: the CJK and
/// punctuation blocks (U+3001..U+300B and U+3010..U+FEFE; full-width ASCII, U+FF01..U+FF5E, lies
/// above them) without a look at the Unicode tables.
#[inline(always)]
fn needs_folding_bmp(cp: u32) -> bool {
    if (0x3010..0xFEFF).contains(&cp) || (0x3001..=0x300B).contains(&cp) {
        return false;
    }
    char::from_u32(cp).is_some_and(needs_folding)
}

fn needs_folding(c: char) -> bool {
    // the CJK and punctuation blocks between 【 and the byte order mark hold nothing that folds: one
    // comparison for almost every character of a Chinese text (quotes 「」『』 are below U+3010)
    if ('\u{3010}'..'\u{FEFF}').contains(&c) && !('\u{FF01}'..='\u{FF5E}').contains(&c) {
        return false;
    }
    c.is_whitespace()
        || c.is_ascii_uppercase()
        || is_invisible(c)
        || is_quote(c)
        || ('\u{FF01}'..='\u{FF5E}').contains(&c)
}

/// Quotation marks, which matching skips (the `quoted` guard reads them in the original text).
pub(crate) fn is_quote(c: char) -> bool {
    matches!(c, '“' | '”' | '‘' | '’' | '"' | '\'' | '「' | '」' | '『' | '』' | '\u{FF02}' | '\u{FF07}')
}

fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}') || c.is_control()
}

/// One character folded, or `None` for a character that matching skips.
fn fold_char(c: char) -> Option<char> {
    if c.is_whitespace() || is_invisible(c) || is_quote(c) {
        return None;
    }
    if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        let ascii = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
        return Some(ascii.to_ascii_lowercase());
    }
    Some(c.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fold(s: &str) -> Normalized {
        let mut n = Normalized::default();
        n.fold(s);
        n
    }

    /// A character that `fold_from` copies as it is on its bytes alone neither folds nor changes; the
    /// CJK blocks are copied so.
    #[test]
    fn copied_as_is_neither_folds_nor_changes() {
        let mut copied = 0;
        for c in ('\u{800}'..='\u{FFFF}').filter(|c| c.len_utf8() == 3) {
            let mut buf = [0u8; 3];
            let [b0, b1, b2] = *c.encode_utf8(&mut buf).as_bytes() else { unreachable!() };
            if copied_as_is(b0, b1, b2) {
                assert!(!may_change(c) && !needs_folding(c) && fold_char(c) == Some(c), "{c:?}");
                copied += usize::from(('\u{4E00}'..='\u{9FFF}').contains(&c));
            }
        }
        assert!(copied > 18_000, "{copied}");
        // nor are the bytes that start any other char: ASCII, a lead byte of two or four bytes, or
        // (never asked about) a continuation byte
        for b0 in (0..=0xFFu8).filter(|b| b & 0xF0 != 0xE0) {
            for b1 in 0..=0xFFu8 {
                assert!((0..64).all(|b2| !copied_as_is(b0, b1, b2)), "{b0:02X} {b1:02X}");
            }
        }
        let s = "河é长a制😀好";
        let ends: Vec<usize> = s.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        for (k, &at) in [0].iter().chain(&ends[..ends.len() - 1]).enumerate() {
            let cjk = matches!(s[at..].chars().next(), Some('河' | '长' | '制' | '好'));
            assert_eq!(run_copied_as_is(s.as_bytes(), at), if cjk { ends[k] } else { at }, "{k}");
        }
        let s = "龍马精神，河长制。";
        let ends: Vec<usize> = s.char_indices().map(|(i, c)| i + c.len_utf8()).collect();
        assert_eq!(run_copied_as_is(s.as_bytes(), 0), 0);
        assert_eq!(run_copied_as_is(s.as_bytes(), ends[0]), ends[3], "马精神 up to ，");
        assert_eq!(run_copied_as_is(s.as_bytes(), ends[4]), ends[7], "河长制 up to 。");
        assert_eq!(run_copied_as_is(&s.as_bytes()[..ends[6] - 1], ends[4]), ends[5], "a cut char is not read");
    }

    /// The pre-scan table agrees with `fast2s`: a character outside it is left as it is, alone and
    /// between characters from the table; the words where `fast2s` converts by context are caught.
    #[test]
    fn t2s_table_matches_fast2s() {
        let mut in_table = 0;
        // the whole BMP, and a few characters beyond it (fast2s leaves 4-byte characters alone)
        for cp in (0x80u32..=0xFFFF).chain([0x1F600, 0x20000, 0x2A6D6, 0x10FFFF]) {
            let Some(c) = char::from_u32(cp) else { continue };
            if may_change(c) {
                in_table += 1;
                continue;
            }
            for s in [c.to_string(), format!("國{c}國"), format!("看{c}口")] {
                assert_eq!(
                    fast2s::convert(&s).chars().nth(s.chars().position(|x| x == c).unwrap()),
                    Some(c),
                    "U+{cp:04X}"
                );
            }
        }
        assert!((2500..4000).contains(&in_table), "{in_table} characters in the table");
        for word in ["看著", "藉口", "憑藉", "苧麻", "計畫", "闔家", "乾隆", "答覆"] {
            let direct = fast2s::convert(word);
            let via_table = to_simplified(word).unwrap_or_else(|| word.to_owned());
            assert_eq!(via_table, direct, "{word}");
        }
    }

    /// The shortcut of `needs_folding` (nothing between U+3010 and U+FEFF but full-width ASCII)
    /// agrees with the full test over every character of the BMP.
    #[test]
    fn needs_folding_shortcut() {
        let full = |c: char| {
            c.is_whitespace()
                || c.is_ascii_uppercase()
                || is_invisible(c)
                || is_quote(c)
                || ('\u{FF01}'..='\u{FF5E}').contains(&c)
        };
        for c in (0..=0xFFFFu32).filter_map(char::from_u32) {
            assert_eq!(needs_folding(c), full(c), "U+{:04X}", c as u32);
            match c.len_utf8() {
                1 => assert_eq!(ascii_needs_folding(c as u8), full(c), "U+{:04X}", c as u32),
                3 => {
                    assert_eq!(needs_folding_bmp(c as u32), full(c), "U+{:04X}", c as u32);
                    assert_eq!(may_change_bmp(c as u32), may_change(c), "U+{:04X}", c as u32);
                }
                _ => {}
            }
        }
    }

    /// Folding a paragraph (`Normalized::fold`, which segmentation also uses for headings) gives the
    /// text of `fold_str`: every character of the BMP alone and between Traditional characters.
    #[test]
    fn fold_agrees_with_fold_str() {
        let mut n = Normalized::default();
        for c in (0..=0xFFFFu32).chain([0x1F600, 0x20000]).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("國{c}Ａ 國"), format!("看{c}口")] {
                n.fold(&s);
                assert_eq!(n.text, fold_str(&s), "U+{:04X}", c as u32);
            }
        }
    }

    #[test]
    fn folds_width_case_space_and_script() {
        assert_eq!(fold("１３１０").text, "1310");
        assert_eq!(fold("ＡＢＣ abc").text, "abcabc");
        assert_eq!(fold("河長制").text, "河长制");
        assert_eq!(fold("瓶\n改　管").text, "瓶改管");
        assert_eq!(fold_str("河長 制"), "河长制");
        assert_eq!(fold("“三小”场所").text, "三小场所");
        assert_eq!(fold("『百千万』工程 ＂x＂").text, "百千万工程x");
    }

    #[test]
    fn maps_back_to_original_offsets() {
        let orig = "𝌆 河\n長制";
        let n = fold(orig);
        assert_eq!(n.text, "𝌆河长制");
        let s = n.text.find("河").unwrap();
        let e = s + "河长制".len();
        let (os, oe) = (n.original_start(s), n.original_end(orig, e));
        assert_eq!(&orig[os..oe], "河\n長制");
    }

    /// Ranges passed over (a page break's lines) are left out like whitespace, whichever way the text
    /// is folded (as it is, converted to Simplified, full-width folded), and a match across one maps
    /// back to a span of the original that holds it; a range after the text comes to nothing, and one
    /// that runs past its end ends it.
    /// (A range starts at the start of a line's text, after a line break.)
    #[test]
    fn ranges_passed_over_are_left_out() {
        // text (a page break's line in 【】, a base of 100), folded, the span of 党员干部 in the original
        let cases = [
            ("全体党\n【— 6 —】\n员干部", "全体党员干部", "党\n— 6 —\n员干部"),
            ("全體黨\n【— 6 —】\n員幹部", "全体党员干部", "黨\n— 6 —\n員幹部"),
            ("ＡＢ党\n【第 6 页】\n员干部", "ab党员干部", "党\n第 6 页\n员干部"),
            ("党\n【沙湾街道】\n【- 7 -】\n员干部", "党员干部", "党\n沙湾街道\n- 7 -\n员干部"),
            // a range left out starts after a line break or blank: not at the start of the text
            ("【— 6 —】\n党员干部", "—6—党员干部", "党员干部"),
            // … and does not keep those after it from being left out
            ("【— 6 —】\n党\n【— 7 —】\n员干部", "—6—党员干部", "党\n— 7 —\n员干部"),
            // the text ends in a character that folds away: the range after the text is met there
            // (and runs past the end of the text, which ends it)
            ("全体党\n【— 6 —】\n员干部\n", "全体党员干部", "党\n— 6 —\n员干部"),
        ];
        let mut n = Normalized::default();
        for (marked, folded, span) in cases {
            let original = marked.replace(['【', '】'], "");
            let mut skip = Vec::new();
            let mut rest = marked;
            let mut at = 100;
            while let Some(open) = rest.find('【') {
                let close = rest.find('】').unwrap();
                at += open;
                skip.push(at..at + close - open - '【'.len_utf8());
                at += close - open - '【'.len_utf8();
                rest = &rest[close + '】'.len_utf8()..];
            }
            skip.push(100 + original.len()..100 + original.len() + 9);
            n.fold_passing_over(&original, &skip, 100);
            assert_eq!(n.text, folded, "{marked}");
            let s = n.text.find("党").unwrap();
            let (os, oe) = (n.original_start(s), n.original_end(&original, s + "党员干部".len()));
            assert_eq!(&original[os..oe], span, "{marked}");
        }
        // a range that starts in the text and runs past its end (a cut inside a page break) ends it
        let original = "全体党员干部\n— 6 —";
        let past_the_end = 100 + original.find('—').unwrap()..100 + original.len() + 5;
        n.fold_passing_over(original, std::slice::from_ref(&past_the_end), 100);
        assert_eq!(n.text, "全体党员干部");
        assert_eq!(n.original_end(original, n.text.len()), "全体党员干部".len());
        let original = "全體黨員幹部\n— 6 —";
        n.fold_passing_over(original, std::slice::from_ref(&past_the_end), 100);
        assert_eq!(n.text, "全体党员干部");
        assert_eq!(n.original_end(original, n.text.len()), "全體黨員幹部".len());
    }

    #[test]
    fn identity_when_nothing_changes() {
        let n = fold("河长制");
        assert!(n.identity);
        assert_eq!(n.original_end("河长制", 9), 9);
    }
}

#[cfg(test)]
mod runs_against_a_byte_map {
    use super::*;

    /// The former representation: for every byte of the folded text, the original byte offset.
    fn byte_map(original: &str) -> Option<(String, Vec<u32>)> {
        let simplified = to_simplified(original);
        let source: &str = simplified.as_deref().unwrap_or(original);
        if simplified.is_none() && !source.chars().any(needs_folding) {
            return None;
        }
        let (mut text, mut map) = (String::new(), Vec::new());
        for (i, c) in source.char_indices() {
            if let Some(f) = fold_char(c) {
                text.push(f);
                map.resize(text.len(), i as u32);
            }
        }
        Some((text, map))
    }

    /// Random short strings over characters that take every path of folding: the folded text and
    /// both offset maps agree with the byte map at every character.
    #[test]
    fn same_text_and_offsets() {
        let alphabet: Vec<char> =
            "河长制國發經ＡＢ１３，：；（）　 \n\tAbc1,.\u{200B}\u{FEFF}𝌆著乾看口“”".chars().collect();
        let mut seed = 12345u64;
        let mut n = Normalized::default();
        for _ in 0..50_000 {
            let seed = crate::testing::rng(&mut seed);
            let s: String = (0..seed % 12)
                .map(|k| alphabet[(seed.rotate_left(k as u32 * 5) >> 40) as usize % alphabet.len()])
                .collect();
            n.fold(&s);
            let Some((text, map)) = byte_map(&s) else {
                assert_eq!(n.text, s);
                continue;
            };
            assert_eq!(n.text, text, "{s:?}");
            for (at, c) in text.char_indices() {
                assert_eq!(n.original_start(at), map[at] as usize, "{s:?} {at}");
                let end = at + c.len_utf8();
                let st = map[end - 1] as usize;
                assert_eq!(
                    n.original_end(&s, end),
                    st + s[st..].chars().next().map_or(0, char::len_utf8),
                    "{s:?} {end}"
                );
            }
        }
    }
}

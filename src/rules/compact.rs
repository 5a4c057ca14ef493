//! The compact form of a compiled [`RuleSet`]: every theme, term, guard and word as the reader left
//! them (folded, validated), in a flat byte string that reads back without TOML, checks or folding.
//!
//! The lean wasm build (the web widget's default engine) embeds the default rules in this form
//! (build.rs takes it from `examples/compact_rules.rs`, which `scripts/build-wasm.sh` runs natively):
//! it then needs neither the TOML reader nor the error renderer. The examples are left out, as in the
//! stripped files of the other wasm build. The name and hash are kept as they are, so a report of the
//! read-back rules is the same byte for byte (tested on the samples and the gold texts).
//!
//! Written by hand rather than with serde and a binary format crate: the reader is a few dozen lines
//! and adds almost nothing to the wasm, where a derived deserialiser and its format would add kilobytes.
//! The layout: the magic `TIFARULES1`, then values in a fixed order; a number is an unsigned LEB128
//! varint, a string its byte length and its UTF-8 bytes, a list its length and its items, an option a
//! 0/1 byte and the value, an `f32` its four bits little-endian.

use std::fmt;

use super::{Guard, RuleSet, SubTheme, Term, Theme};

const MAGIC: &[u8] = b"TIFARULES1";

/// Why a byte string is not a rule set in compact form (see [`RuleSet::from_compact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompactError {
    /// It does not start with the magic of this version of the format.
    BadMagic,
    /// It ends in the middle of a value, at this byte offset.
    Truncated(usize),
    /// A string at this byte offset is not UTF-8.
    NotUtf8(usize),
    /// A term at this byte offset names a theme that is not in the set.
    BadTheme(usize),
    /// Bytes are left after the rule set, from this offset on.
    Trailing(usize),
}

impl fmt::Display for CompactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompactError::BadMagic => write!(f, "not a compact rule set (no TIFARULES1 magic)"),
            CompactError::Truncated(at) => write!(f, "compact rule set cut short at byte {at}"),
            CompactError::NotUtf8(at) => write!(f, "compact rule set: a string at byte {at} is not UTF-8"),
            CompactError::BadTheme(at) => write!(f, "compact rule set: a term at byte {at} names a theme that is not there"),
            CompactError::Trailing(at) => write!(f, "compact rule set: bytes left over from byte {at}"),
        }
    }
}

impl std::error::Error for CompactError {}

impl RuleSet {
    /// The rule set in compact form: everything but the examples, already folded and checked, for
    /// [`RuleSet::from_compact`]. The same rules always give the same bytes.
    pub fn to_compact(&self) -> Vec<u8> {
        let mut w = Writer(MAGIC.to_vec());
        w.str(&self.name);
        w.str(&self.hash);
        w.num(self.themes.len());
        for t in &self.themes {
            for s in [&t.id, &t.name, &t.name_en, &t.description, &t.file] {
                w.str(s);
            }
            w.f32(t.threshold);
            w.num(t.sub_themes.len());
            for s in &t.sub_themes {
                w.str(&s.id);
                w.str(&s.name);
                w.str(&s.name_en);
            }
            w.strs(&t.exclude);
        }
        w.num(self.terms.len());
        for t in &self.terms {
            w.str(&t.text);
            w.num(t.theme);
            w.opt(&t.sub_theme);
            w.f32(t.weight);
            w.opt(&t.note);
            w.opt(&t.level);
            w.opt(&t.region);
            match t.year {
                Some(y) => {
                    w.0.push(1);
                    w.num(y as u64 as usize);
                }
                None => w.0.push(0),
            }
            w.0.push(t.whole_word as u8);
            w.strs(&t.all);
            w.num(t.within);
            // most folded terms are the text itself: an empty string says so
            w.str(if t.folded == t.text { "" } else { &t.folded });
            w.strs(&t.folded_all);
            let g = &t.guard;
            w.0.push(g.quoted as u8 | (g.digit_start as u8) << 1 | (g.digit_end as u8) << 2);
            for list in [&g.near, &g.before, &g.after, &g.not_near, &g.not_before, &g.not_after, &g.exclude, &g.clause] {
                w.strs(list);
            }
            w.num(g.window);
        }
        w.strs(&self.words);
        w.0
    }

    /// Reads a rule set written by [`RuleSet::to_compact`]. Nothing is checked or folded again: the
    /// bytes must come from `to_compact` (the lean wasm build embeds the default rules this way).
    pub fn from_compact(bytes: &[u8]) -> Result<RuleSet, CompactError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(CompactError::BadMagic)?;
        let mut r = Reader { bytes, at: bytes.len() - rest.len() };
        let name = r.string()?;
        let hash = r.string()?;
        let n = r.num()?;
        let mut themes = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            let (id, name, name_en, description, file) = (r.string()?, r.string()?, r.string()?, r.string()?, r.string()?);
            let threshold = r.f32()?;
            let n = r.num()?;
            let mut sub_themes = Vec::with_capacity(n.min(bytes.len()));
            for _ in 0..n {
                sub_themes.push(SubTheme { id: r.string()?, name: r.string()?, name_en: r.string()? });
            }
            let exclude = r.strings()?;
            themes.push(Theme { id, name, name_en, description, threshold, sub_themes, file, exclude });
        }
        let n = r.num()?;
        let mut terms = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            let start = r.at;
            let text = r.string()?;
            let theme = r.num()?;
            if theme >= themes.len() {
                return Err(CompactError::BadTheme(start));
            }
            let sub_theme = r.opt()?;
            let weight = r.f32()?;
            let (note, level, region) = (r.opt()?, r.opt()?, r.opt()?);
            let year = if r.byte()? == 1 { Some(r.num()? as u64 as i64) } else { None };
            let whole_word = r.byte()? == 1;
            let all = r.strings()?;
            let within = r.num()?;
            let folded = match r.string()? {
                f if f.is_empty() => text.clone(),
                f => f,
            };
            let folded_all = r.strings()?;
            let flags = r.byte()?;
            let mut lists = Vec::with_capacity(8);
            for _ in 0..8 {
                lists.push(r.strings()?);
            }
            let mut lists = lists.into_iter();
            let mut next = || lists.next().unwrap_or_default();
            let guard = Guard {
                quoted: flags & 1 != 0,
                near: next(),
                before: next(),
                after: next(),
                not_near: next(),
                not_before: next(),
                not_after: next(),
                exclude: next(),
                clause: next(),
                window: r.num()?,
                digit_start: flags & 2 != 0,
                digit_end: flags & 4 != 0,
            };
            terms.push(Term { text, theme, sub_theme, weight, note, level, region, year, whole_word, all, within, folded, folded_all, guard });
        }
        let words = r.strings()?;
        if r.at != bytes.len() {
            return Err(CompactError::Trailing(r.at));
        }
        Ok(RuleSet { name, hash, themes, terms, examples: Vec::new(), words })
    }
}

struct Writer(Vec<u8>);

impl Writer {
    fn num(&mut self, mut n: usize) {
        loop {
            let low = (n & 0x7f) as u8;
            n >>= 7;
            if n == 0 {
                self.0.push(low);
                return;
            }
            self.0.push(low | 0x80);
        }
    }

    fn str(&mut self, s: &str) {
        self.num(s.len());
        self.0.extend_from_slice(s.as_bytes());
    }

    fn strs(&mut self, list: &[String]) {
        self.num(list.len());
        for s in list {
            self.str(s);
        }
    }

    fn opt(&mut self, s: &Option<String>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
            None => self.0.push(0),
        }
    }

    fn f32(&mut self, x: f32) {
        self.0.extend_from_slice(&x.to_bits().to_le_bytes());
    }
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], CompactError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(CompactError::Truncated(self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, CompactError> {
        Ok(self.take(1)?[0])
    }

    fn num(&mut self) -> Result<usize, CompactError> {
        let mut n = 0usize;
        for shift in (0..usize::BITS).step_by(7) {
            let b = self.byte()?;
            n |= ((b & 0x7f) as usize) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(CompactError::Truncated(self.at))
    }

    fn string(&mut self) -> Result<String, CompactError> {
        let n = self.num()?;
        let start = self.at;
        let raw = self.take(n)?;
        std::str::from_utf8(raw).map(str::to_owned).map_err(|_| CompactError::NotUtf8(start))
    }

    fn strings(&mut self) -> Result<Vec<String>, CompactError> {
        let n = self.num()?;
        let mut out = Vec::with_capacity(n.min(self.bytes.len()));
        for _ in 0..n {
            out.push(self.string()?);
        }
        Ok(out)
    }

    fn opt(&mut self) -> Result<Option<String>, CompactError> {
        Ok(if self.byte()? == 1 { Some(self.string()?) } else { None })
    }

    fn f32(&mut self) -> Result<f32, CompactError> {
        let b = self.take(4)?;
        Ok(f32::from_bits(u32::from_le_bytes([b[0], b[1], b[2], b[3]])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tagger;

    #[test]
    fn the_default_rules_read_back_the_same() {
        let rules = RuleSet::builtin();
        let bytes = rules.to_compact();
        let back = RuleSet::from_compact(&bytes).unwrap();
        assert_eq!(format!("{:?}", rules.themes), format!("{:?}", back.themes));
        assert_eq!(format!("{:?}", rules.terms), format!("{:?}", back.terms));
        assert_eq!(rules.words, back.words);
        assert_eq!((rules.name(), rules.hash()), (back.name(), back.hash()));
        assert!(back.examples.is_empty());
        // written again: the same bytes
        assert_eq!(back.to_compact(), bytes);
    }

    #[test]
    fn the_read_back_rules_tag_the_samples_and_gold_texts_the_same() {
        let full = Tagger::builtin();
        let compact = Tagger::new(RuleSet::from_compact(&RuleSet::builtin().to_compact()).unwrap());
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/corpus");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "txt") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(full.tag(&text).to_json(), compact.tag(&text).to_json(), "{}", path.display());
                n += 1;
            }
        }
        assert!(n >= 4);
        // and every paragraph of the gold files
        let root = env!("CARGO_MANIFEST_DIR");
        let mut records = 0;
        for file in ["tests/gold/panyu-shawan-2023.jsonl", "tests/gold/baoan-xinqiao-2024h1.jsonl", "tests/gold/dev/test.jsonl", "tests/gold/dev/train.jsonl"] {
            for line in std::fs::read_to_string(format!("{root}/{file}")).unwrap().lines().filter(|l| !l.trim().is_empty()) {
                let record: serde_json::Value = serde_json::from_str(line).unwrap();
                let text = record["text"].as_str().unwrap();
                assert_eq!(full.tag(text).to_json(), compact.tag(text).to_json(), "{file}: {text}");
                records += 1;
            }
        }
        assert!(records > 1000, "{records} gold paragraphs");
    }

    #[test]
    fn broken_bytes_are_errors() {
        let bytes = RuleSet::builtin().to_compact();
        assert_eq!(RuleSet::from_compact(b"nope").unwrap_err(), CompactError::BadMagic);
        assert!(matches!(RuleSet::from_compact(&bytes[..bytes.len() - 3]), Err(CompactError::Truncated(_))));
        let mut more = bytes.clone();
        more.push(0);
        assert_eq!(RuleSet::from_compact(&more).unwrap_err(), CompactError::Trailing(bytes.len()));
    }
}

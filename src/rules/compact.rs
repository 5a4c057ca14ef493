//! The compact form of a compiled [`RuleSet`]: every theme, term, guard and word as the reader left
//! them (folded, validated), in a flat byte string that reads back without TOML or checks.
//!
//! The lean wasm build (the web widget's default engine) embeds the default rules in this form, with
//! their info (build.rs takes both from `examples/compact_rules.rs`, which `scripts/build-wasm.sh` runs
//! natively): it then needs neither the TOML reader nor the error renderer. The examples are left out, as in the
//! stripped files of the other wasm build. The name and hash are kept as they are, so a report of the
//! read-back rules is the same byte for byte (tested on the samples and the gold texts).
//!
//! Written by hand rather than with serde and a binary format crate: the reader is a few dozen lines
//! and adds almost nothing to the wasm, where a derived deserialiser and its format would add kilobytes.
//! The layout: the magic `TIFARULES5`, the length of the numbers, the numbers, then the text of every
//! string one after the other, each character coded by its rank in the text's alphabet (one byte for
//! the 249 most frequent in the default rules, two for the rest; the alphabet starts the numbers; see
//! `Writer::finish`). Values come in a fixed order (the terms field by field); a number is an unsigned
//! LEB128 varint; a string is its length in UTF-8 bytes times two (a number) and its text, the first
//! time, and then its index among the distinct strings in the order first written, times two, plus one
//! (guard words, sub-theme names and folded forms come again and again, further apart than gzip's
//! window); a list is its length and its items, an option a 0/1 byte and the value, an `f32` its four
//! bits little-endian. A term's flags, which guard lists it has and whether its window is the default
//! are one number (`shape`), 0 for most terms; only the lists it has follow, each written once and
//! then named by its index, like strings (terms share guards). What follows from other values is not
//! written: a term's folded form is a code when it is the text, the text folded (the reader's one
//! call of the folding, for a few dozen terms) or a proximity term's words joined (`Folded`), the
//! words of an `exclude` that hold the term are the parts around it (`Writer::list`), and a weight
//! is an index in the table of the distinct ones.
//!
//! Measured on the default rules of 7,088 terms: 292,886 bytes and 69,430 gzip in `TIFARULES2`
//! (UTF-16 text, every guard list of every term written out), 193,527 and 62,451 in `TIFARULES3`.
//! On those of 7,852 terms: 218,938 and 72,243 in `TIFARULES4`, 192,029 and 70,271 in `TIFARULES5`
//! (folded forms, exclude words and weights derived).
//! Tried and not kept: terms sorted within each theme and front-coded (shared prefix and suffix) save
//! about 6 KB gzip of text, but restoring their order costs as much (the order matters: ids, the first
//! of namesakes in the info); front-coded in their own order they save nothing over gzip. A table of
//! the guards' words that lists name by index (most used first, or in the order first used) costs
//! 5 KB gzip more than naming each word inline as a string: the extra indexes compress badly, and
//! sorted by use the words' text loses the order gzip finds repeats in.

use std::fmt;

use crate::normalize::fold_str;

use super::{DEFAULT_WINDOW, Guard, RuleSet, SHORT_TERM_CHARS, SubTheme, Term, Theme};

const MAGIC: &[u8] = b"TIFARULES5";

/// Why a byte string is not a rule set in compact form (see [`RuleSet::from_compact`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CompactError {
    /// It does not start with the magic of this version of the format.
    BadMagic,
    /// It ends in the middle of a value, at this byte offset.
    Truncated(usize),
    /// The text at this byte offset does not decode (a character not in its alphabet, or cut short).
    BadText(usize),
    /// A term at this byte offset names a theme that is not in the set.
    BadTheme(usize),
    /// Bytes are left after the rule set, from this offset on.
    Trailing(usize),
}

impl fmt::Display for CompactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompactError::BadMagic => write!(f, "not a compact rule set (no TIFARULES5 magic)"),
            CompactError::Truncated(at) => write!(f, "compact rule set cut short at byte {at}"),
            CompactError::BadText(at) => write!(f, "compact rule set: the text at byte {at} does not decode"),
            CompactError::BadTheme(at) => {
                write!(f, "compact rule set: a term at byte {at} names a theme that is not there")
            }
            CompactError::Trailing(at) => write!(f, "compact rule set: bytes left over from byte {at}"),
        }
    }
}

impl std::error::Error for CompactError {}

impl RuleSet {
    /// The rule set in compact form: everything but the examples, already folded and checked, for
    /// [`RuleSet::from_compact`]. The same rules always give the same bytes.
    pub fn to_compact(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.str(&self.name);
        w.str(&self.hash);
        w.num(self.themes.len());
        for t in &self.themes {
            for s in [&t.id, &t.name, &t.name_en, &t.description, &t.file] {
                w.str(s);
            }
            w.f32(t.threshold);
            w.num(usize::from(t.closing));
            w.num(t.sub_themes.len());
            for s in &t.sub_themes {
                w.str(&s.id);
                w.str(&s.name);
                w.str(&s.name_en);
            }
            w.strs(&t.exclude);
        }
        // the terms column by column: runs of alike values (themes, weights, empty guard lists) compress
        // far better than the fields of one term after another
        let terms = &self.terms;
        w.num(terms.len());
        terms.iter().for_each(|t| w.str(&t.text));
        terms.iter().for_each(|t| w.num(t.theme));
        for t in terms {
            // a sub-theme is named by its index in its theme: 0 none, 1 and the id, or 2 + index
            let subs = self.themes.get(t.theme).map_or(&[][..], |th| &th.sub_themes[..]);
            match &t.sub_theme {
                None => w.num(0),
                Some(id) => match subs.iter().position(|s| &s.id == id) {
                    Some(i) => w.num(i + 2),
                    None => {
                        w.num(1);
                        w.str(id);
                    }
                },
            }
        }
        // the weights as indexes in a table of the distinct ones (two or three: 1, weak, a few set)
        let mut weights: Vec<u32> = Vec::new();
        for t in terms {
            if !weights.contains(&t.weight.to_bits()) {
                weights.push(t.weight.to_bits());
            }
        }
        w.num(weights.len());
        weights.iter().for_each(|&bits| w.f32(f32::from_bits(bits)));
        terms.iter().for_each(|t| w.num(weights.iter().position(|&b| b == t.weight.to_bits()).unwrap_or(0)));
        terms.iter().for_each(|t| w.opt(&t.note));
        terms.iter().for_each(|t| w.opt(&t.level));
        terms.iter().for_each(|t| w.opt(&t.region));
        // 0 for none, else the year + 1 (years are 1949..=2100)
        terms.iter().for_each(|t| w.num(t.year.map_or(0, |y| y as u64 as usize + 1)));
        // a proximity term's words (most have none), and their folded forms: 0 when the same
        terms.iter().for_each(|t| w.strs(&t.all));
        terms.iter().for_each(|t| w.num(t.within));
        for t in terms {
            if t.folded_all == t.all {
                w.num(0);
            } else {
                w.num(1);
                w.strs(&t.folded_all);
            }
        }
        // the folded term, as it follows from the rest (most are the text itself; see `Folded`)
        for t in terms {
            let how = Folded::of(t);
            w.num(how as usize);
            if how == Folded::Written {
                w.str(&t.folded);
            }
        }
        // a term's shape in one number, 0 for most: its flags (whole-word as it differs from the default
        // for the folded term's length), which guard lists it has, and whether its window is not the
        // default; only then come the window and the lists (most terms have no guard)
        let shapes: Vec<usize> = terms.iter().map(shape).collect();
        shapes.iter().for_each(|&shape| w.num(shape));
        let with = |bit: usize| terms.iter().zip(&shapes).filter(move |&(_, &shape)| shape & bit != 0).map(|(t, _)| t);
        with(WINDOW_SET).for_each(|t| w.num(t.guard.window));
        for (i, list) in GUARD_LISTS.iter().enumerate() {
            // the words of `exclude` are longer terms around this one: written around it (see `Writer::list`)
            with(1 << (LISTS_SHIFT + i))
                .for_each(|t| w.list(list(&t.guard), if i == EXCLUDE { &t.folded } else { "" }));
        }
        w.strs(&self.words);
        w.finish()
    }

    /// The rule set without the terms' notes and provenance (`note`, `level`, `region`, `year`) and the
    /// themes' descriptions, and those apart, as JSON `{"terms": {term: {note, level, region, year}},
    /// "themes": {id: description}}` (fields without a value left out): what [`RuleSet::info_json`] shows
    /// for each term that has any of them, and for each theme. The lean wasm build embeds the rules
    /// without them (only tooltips show them: the notes on highlights, the descriptions on the legend's
    /// buttons; together they were a seventh of the wasm, gzip-compressed), and the web widget fetches
    /// the JSON (`www/pkg/tifa-notes.json`) when a tooltip first opens or the legend is first pointed at
    /// or focused. Putting each term's fields into the info of the rules without them (into an object
    /// with every other field `null` for a term not listed there), and each description into its theme,
    /// gives the info of these rules again (tested).
    pub fn split_notes(&self) -> (RuleSet, String) {
        #[derive(serde::Serialize)]
        struct Apart<'a> {
            #[serde(skip_serializing_if = "Option::is_none")]
            note: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            level: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            region: Option<&'a str>,
            #[serde(skip_serializing_if = "Option::is_none")]
            year: Option<i64>,
        }
        // each field from the first of the term's entries that has it, as `info_json` takes them
        let mut notes: std::collections::BTreeMap<&str, Apart> = std::collections::BTreeMap::new();
        for t in &self.terms {
            if t.note.is_none() && t.level.is_none() && t.region.is_none() && t.year.is_none() {
                continue;
            }
            let a = notes.entry(t.text.as_str()).or_insert(Apart { note: None, level: None, region: None, year: None });
            a.note = a.note.or(t.note.as_deref());
            a.level = a.level.or(t.level.as_deref());
            a.region = a.region.or(t.region.as_deref());
            a.year = a.year.or(t.year);
        }
        let descriptions: std::collections::BTreeMap<&str, &str> = (self.themes.iter())
            .filter(|t| !t.description.is_empty())
            .map(|t| (t.id.as_str(), t.description.as_str()))
            .collect();
        let json = serde_json::to_string(&serde_json::json!({"terms": notes, "themes": descriptions}))
            .expect("notes serialise");
        let mut without = self.clone();
        without.examples.clear();
        for t in &mut without.themes {
            t.description.clear();
        }
        for t in &mut without.terms {
            (t.note, t.level, t.region, t.year) = (None, None, None, None);
        }
        (without, json)
    }

    /// Reads a rule set written by [`RuleSet::to_compact`]. Nothing is checked or folded again: the
    /// bytes must come from `to_compact` (the lean wasm build embeds the default rules this way).
    pub fn from_compact(bytes: &[u8]) -> Result<RuleSet, CompactError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(CompactError::BadMagic)?;
        let mut r = Reader {
            bytes,
            at: bytes.len() - rest.len(),
            text: String::new(),
            pos: 0,
            seen: Vec::new(),
            lists: Vec::new(),
        };
        let nums = r.num()?;
        let nums_end = r.at.checked_add(nums).filter(|&e| e <= bytes.len()).ok_or(CompactError::Truncated(r.at))?;
        // the text stream, decoded once with its alphabet (at the start of the numbers)
        let alphabet = read_alphabet(&mut r)?;
        r.text = decode_text(&bytes[nums_end..], &alphabet).map_err(|at| CompactError::BadText(nums_end + at))?;
        let name = r.string()?;
        let hash = r.string()?;
        let n = r.num()?;
        let mut themes = Vec::with_capacity(n.min(bytes.len()));
        for _ in 0..n {
            let (id, name, name_en, description, file) =
                (r.string()?, r.string()?, r.string()?, r.string()?, r.string()?);
            let threshold = r.f32()?;
            let closing = r.num()? != 0;
            let n = r.num()?;
            let mut sub_themes = Vec::with_capacity(n.min(bytes.len()));
            for _ in 0..n {
                sub_themes.push(SubTheme { id: r.string()?, name: r.string()?, name_en: r.string()? });
            }
            let exclude = r.strings()?;
            themes.push(Theme { id, name, name_en, description, threshold, closing, sub_themes, file, exclude });
        }
        // The terms' texts, then their other fields in three parts, each a function of its own: the
        // widget's first `new Tagger()` runs in V8's baseline code, which compiles a function that
        // runs long again, optimised, on the side (tier-up); all these loops in this function, which
        // runs once, had it (6 KB) recompiled for nothing, as wasm code is not replaced while it runs
        // (bench/README.md, "Inside the lean wasm"). Each part runs too briefly for that.
        let n = r.num()?;
        let mut terms = read_texts(&mut r, n)?;
        term_fields_a(&mut terms, &mut r, &themes)?;
        let shapes = term_fields_b(&mut terms, &mut r)?;
        term_fields_c(&mut terms, &mut r, &shapes)?;
        let words = r.strings()?;
        if r.at != nums_end {
            return Err(CompactError::Trailing(r.at));
        }
        if r.pos != r.text.len() {
            // the bytes of the characters not read
            let left: usize = r.text[r.pos..].chars().map(|c| encoded_len(&alphabet, c)).sum();
            return Err(CompactError::Trailing(bytes.len() - left));
        }
        Ok(RuleSet {
            name,
            hash,
            themes,
            terms,
            examples: Vec::new(),
            words,
            warnings: Vec::new(),
            switched_off: Vec::new(),
            left_out: Vec::new(),
        })
    }
}

/// `n` terms with their texts, the other fields empty (see `from_compact`).
#[inline(never)]
fn read_texts(r: &mut Reader, n: usize) -> Result<Vec<Term>, CompactError> {
    let mut terms = Vec::with_capacity(n.min(r.bytes.len()));
    for _ in 0..n {
        let text = r.string()?;
        terms.push(Term {
            text,
            theme: 0,
            sub_theme: None,
            weight: 1.0,
            note: None,
            level: None,
            region: None,
            year: None,
            whole_word: false,
            all: Vec::new(),
            within: 0,
            folded: String::new(),
            folded_all: Vec::new(),
            guard: Guard::default(),
        });
    }
    Ok(terms)
}

/// The terms' themes, sub-themes, weights, notes and provenance (see `from_compact`).
#[inline(never)]
fn term_fields_a(terms: &mut [Term], r: &mut Reader, themes: &[Theme]) -> Result<(), CompactError> {
    for t in terms.iter_mut() {
        let at = r.at;
        t.theme = r.num()?;
        if t.theme >= themes.len() {
            return Err(CompactError::BadTheme(at));
        }
    }
    for t in terms.iter_mut() {
        let at = r.at;
        t.sub_theme = match r.num()? {
            0 => None,
            1 => Some(r.string()?),
            i => Some(themes[t.theme].sub_themes.get(i - 2).ok_or(CompactError::BadTheme(at))?.id.clone()),
        };
    }
    let n = r.num()?;
    let mut weights = Vec::with_capacity(n.min(r.bytes.len()));
    for _ in 0..n {
        weights.push(r.f32()?);
    }
    for t in terms.iter_mut() {
        let at = r.at;
        t.weight = *weights.get(r.num()?).ok_or(CompactError::Truncated(at))?;
    }
    for t in terms.iter_mut() {
        t.note = r.opt()?;
    }
    for t in terms.iter_mut() {
        t.level = r.opt()?;
    }
    for t in terms.iter_mut() {
        t.region = r.opt()?;
    }
    for t in terms.iter_mut() {
        t.year = r.num()?.checked_sub(1).map(|y| y as u64 as i64);
    }
    Ok(())
}

/// The terms' folded forms, flags and windows; their shapes, for `term_fields_c` (see `from_compact`
/// and `shape`).
#[inline(never)]
fn term_fields_b(terms: &mut [Term], r: &mut Reader) -> Result<Vec<usize>, CompactError> {
    for t in terms.iter_mut() {
        t.all = r.strings()?;
    }
    for t in terms.iter_mut() {
        t.within = r.num()?;
    }
    for t in terms.iter_mut() {
        t.folded_all = if r.num()? == 0 { t.all.clone() } else { r.strings()? };
    }
    for t in terms.iter_mut() {
        let at = r.at;
        t.folded = match r.num()? {
            0 => t.text.clone(),
            1 => fold_str(&t.text),
            2 => t.folded_all.join("+"),
            3 => r.string()?,
            _ => return Err(CompactError::Truncated(at)),
        };
    }
    let mut shapes = Vec::with_capacity(terms.len());
    for t in terms.iter_mut() {
        let shape = r.num()?;
        t.whole_word = (shape & 1 != 0) != default_whole_word(t);
        t.guard.quoted = shape & 2 != 0;
        t.guard.digit_start = shape & 4 != 0;
        t.guard.digit_end = shape & 8 != 0;
        t.guard.work = shape & WORK != 0;
        shapes.push(shape);
    }
    for (t, shape) in terms.iter_mut().zip(&shapes) {
        t.guard.window = if shape & WINDOW_SET != 0 { r.num()? } else { DEFAULT_WINDOW };
    }
    Ok(shapes)
}

/// The terms' guard lists, proximity words and windows (see `from_compact`).
#[inline(never)]
fn term_fields_c(terms: &mut [Term], r: &mut Reader, shapes: &[usize]) -> Result<(), CompactError> {
    for (i, list) in GUARD_LISTS_MUT.iter().enumerate() {
        for (t, shape) in terms.iter_mut().zip(shapes) {
            if shape >> LISTS_SHIFT >> i & 1 == 1 {
                // a borrow of the term's folded text, not a copy (`list` takes the guard, a field apart)
                let around: &str = if i == EXCLUDE { &t.folded } else { "" };
                *list(&mut t.guard) = r.list(around)?;
            }
        }
    }
    Ok(())
}

/// In a term's shape (`shape`): the flags are bits 0–3, then a bit for each non-empty guard list (in
/// the order of `GUARD_LISTS`), then whether the window is not [`DEFAULT_WINDOW`], then `work = true`.
const LISTS_SHIFT: usize = 4;
const WINDOW_SET: usize = 1 << (LISTS_SHIFT + GUARD_LISTS.len());
/// The bit of `work = true`.
const WORK: usize = WINDOW_SET << 1;

/// A term's flags, guard lists and window in one number, 0 for most terms: bit 0 when whole-word is
/// not the default for its length, bits 1–3 quoted and the digit guards, a bit for each guard list
/// that is not empty, `WINDOW_SET` when the window is not the default, and `WORK` for `work = true`.
fn shape(t: &Term) -> usize {
    let g = &t.guard;
    let mut shape = (t.whole_word != default_whole_word(t)) as usize
        | (g.quoted as usize) << 1
        | (g.digit_start as usize) << 2
        | (g.digit_end as usize) << 3;
    for (i, list) in GUARD_LISTS.iter().enumerate() {
        shape |= (!list(g).is_empty() as usize) << (LISTS_SHIFT + i);
    }
    if g.window != DEFAULT_WINDOW {
        shape |= WINDOW_SET;
    }
    if g.work {
        shape |= WORK;
    }
    shape
}

/// How a term's folded form is written: as a code, and the text itself only when none of the others
/// gives it (a rule file's reader makes it so, `read.rs`: the text folded, or a proximity term's
/// folded words joined by `+`; written out, those were 1.2 KB of the gzip-compressed wasm).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Folded {
    /// The text itself (most terms).
    Text = 0,
    /// The text folded as the reader folds it (traditional characters, full-width forms …).
    Fold = 1,
    /// A proximity term's folded words joined by `+`.
    Joined = 2,
    /// None of these: the string follows.
    Written = 3,
}

impl Folded {
    fn of(t: &Term) -> Folded {
        if t.folded == t.text {
            Folded::Text
        } else if t.is_proximity() && t.folded == t.folded_all.join("+") {
            Folded::Joined
        } else if t.folded == fold_str(&t.text) {
            Folded::Fold
        } else {
            Folded::Written
        }
    }
}

/// Whole-word as the reader sets it when the rule does not say (a short folded term).
fn default_whole_word(t: &Term) -> bool {
    t.folded.chars().count() <= SHORT_TERM_CHARS
}

/// The word lists of a guard, in the order the compact form writes them.
const GUARD_LISTS: [fn(&Guard) -> &Vec<String>; 8] = [
    |g| &g.near,
    |g| &g.before,
    |g| &g.after,
    |g| &g.not_near,
    |g| &g.not_before,
    |g| &g.not_after,
    |g| &g.exclude,
    |g| &g.clause,
];
/// The index of `exclude` in `GUARD_LISTS`.
const EXCLUDE: usize = 6;
/// The same lists to fill in, in the same order.
const GUARD_LISTS_MUT: [fn(&mut Guard) -> &mut Vec<String>; 8] = [
    |g| &mut g.near,
    |g| &mut g.before,
    |g| &mut g.after,
    |g| &mut g.not_near,
    |g| &mut g.not_before,
    |g| &mut g.not_after,
    |g| &mut g.exclude,
    |g| &mut g.clause,
];

/// Numbers (lengths, indexes, flags) and the bytes of strings go to two streams, joined at the end:
/// the text then stands together, which compresses better than text cut by lengths.
#[derive(Default)]
struct Writer {
    nums: Vec<u8>,
    text: String,
    /// Every distinct non-empty string written so far, with its index in the order first written.
    seen: std::collections::HashMap<String, usize>,
    /// The same for the guards' lists.
    lists: std::collections::HashMap<Vec<String>, usize>,
}

impl Writer {
    fn byte(&mut self, b: u8) {
        self.nums.push(b);
    }

    fn num(&mut self, n: usize) {
        push_num(&mut self.nums, n);
    }

    /// A string: its length in UTF-8 bytes times two and its text the first time, and after that its
    /// index among the strings first written, times two, plus one.
    fn str(&mut self, s: &str) {
        if let Some(&i) = self.seen.get(s) {
            self.num(i << 1 | 1);
            return;
        }
        if !s.is_empty() {
            self.seen.insert(s.to_owned(), self.seen.len());
        }
        self.text.push_str(s);
        self.num(s.len() << 1);
    }

    fn strs(&mut self, list: &[String]) {
        self.num(list.len());
        for s in list {
            self.str(s);
        }
    }

    /// A non-empty list (of a guard): its length times two and its strings the first time, after that
    /// its index among the lists first written, times two, plus one (many terms share a guard's words).
    ///
    /// With a non-empty `around` (a term, for the words of its `exclude`), each word that holds it is
    /// its parts before and after it, after a 1, and any other word follows a 0: the longer terms an
    /// exclude names mostly hold the term (429 of 458 in the default rules), whose text then is not
    /// written again (about 1 KB of the gzip-compressed wasm).
    fn list(&mut self, list: &[String], around: &str) {
        if let Some(&i) = self.lists.get(list) {
            self.num(i << 1 | 1);
            return;
        }
        self.lists.insert(list.to_vec(), self.lists.len());
        self.num(list.len() << 1);
        for s in list {
            match s.find(around).filter(|_| !around.is_empty()) {
                Some(at) => {
                    self.num(1);
                    self.str(&s[..at]);
                    self.str(&s[at + around.len()..]);
                }
                None => {
                    if !around.is_empty() {
                        self.num(0);
                    }
                    self.str(s);
                }
            }
        }
    }

    fn opt(&mut self, s: &Option<String>) {
        match s {
            Some(s) => {
                self.byte(1);
                self.str(s);
            }
            None => self.byte(0),
        }
    }

    fn f32(&mut self, x: f32) {
        self.nums.extend_from_slice(&x.to_bits().to_le_bytes());
    }

    /// The magic, the length of the numbers, the alphabet and the numbers, the text. The text is coded
    /// by character: each is its index in an alphabet of the text's distinct characters, the most
    /// frequent first (a byte each: 249 of them in the default rules), the rest in the order of their
    /// codes (two bytes: a lead byte and the low byte of the index past the one-byte ones). A CJK
    /// character is then one or two bytes instead of three in UTF-8 or two in UTF-16, and the whole
    /// compresses by a tenth better than in UTF-16 (the wasm is served gzip-compressed).
    fn finish(self) -> Vec<u8> {
        let (head, text) = encode_text(&self.text);
        let mut out = MAGIC.to_vec();
        push_num(&mut out, head.len() + self.nums.len());
        out.extend_from_slice(&head);
        out.extend_from_slice(&self.nums);
        out.extend_from_slice(&text);
        out
    }
}

/// The alphabet of `text` (as `read_alphabet` reads it) and its codes (as `decode_text` reads them);
/// see `Writer::finish`.
fn encode_text(text: &str) -> (Vec<u8>, Vec<u8>) {
    let mut counts = std::collections::HashMap::new();
    for c in text.chars() {
        *counts.entry(c).or_insert(0usize) += 1;
    }
    let mut alphabet: Vec<char> = counts.keys().copied().collect();
    assert!(alphabet.len() <= 256 * 256, "a compact rule set holds at most 65,536 distinct characters");
    let one = one_byte_codes(alphabet.len());
    // by count (ties by code), then the rest by code
    alphabet.sort_by_key(|c| (std::cmp::Reverse(counts[c]), *c));
    let n = alphabet.len();
    alphabet[one.min(n)..].sort();
    let mut head = Vec::new();
    push_num(&mut head, alphabet.len());
    let mut prev = 0i64;
    for &c in &alphabet {
        let d = c as i64 - prev;
        push_num(&mut head, ((d << 1) ^ (d >> 63)) as usize);
        prev = c as i64;
    }
    let index: std::collections::HashMap<char, usize> = alphabet.iter().enumerate().map(|(i, &c)| (c, i)).collect();
    let mut codes = Vec::with_capacity(text.len());
    for c in text.chars() {
        let i = index[&c];
        if i < one {
            codes.push(i as u8);
        } else {
            codes.extend_from_slice(&[(one + ((i - one) >> 8)) as u8, (i - one) as u8]);
        }
    }
    (head, codes)
}

/// Appends `n` as an unsigned LEB128 varint.
fn push_num(out: &mut Vec<u8>, mut n: usize) {
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(low);
            return;
        }
        out.push(low | 0x80);
    }
}

/// Reads the two streams of [`Writer`]: numbers from `at` on; the strings from `pos` on in `text`, the
/// text stream decoded.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    text: String,
    pos: usize,
    /// Where each distinct non-empty string read so far stands in `text` (byte offset and length).
    seen: Vec<(usize, usize)>,
    /// The guards' lists read so far.
    lists: Vec<Vec<String>>,
}

/// The alphabet of the text stream (every distinct character of it, in the order of their codes): at
/// the start of the numbers, its length and then each character's code point as the difference from
/// the one before it (zigzag, so that it can go down). Characters that are not `char`s are errors.
#[inline(never)]
fn read_alphabet(r: &mut Reader) -> Result<Vec<char>, CompactError> {
    let n = r.num()?;
    let mut alphabet = Vec::with_capacity(n.min(r.bytes.len()));
    let mut prev = 0i64;
    for _ in 0..n {
        let at = r.at;
        let z = r.num()? as i64;
        prev += z >> 1 ^ -(z & 1);
        alphabet.push(u32::try_from(prev).ok().and_then(char::from_u32).ok_or(CompactError::BadText(at))?);
    }
    Ok(alphabet)
}

/// How many characters of an alphabet of `n` have a code of one byte (see `Writer::finish`): all of
/// them up to 256; past that, each lead byte `one..=255` is followed by a second byte, so the fewest
/// lead bytes that give every character a code.
fn one_byte_codes(n: usize) -> usize {
    if n <= 256 { 256 } else { 256usize.saturating_sub((n - 256).div_ceil(255)) }
}

/// The text stream to a `String`: each character is its index in the alphabet, in one byte below
/// `one_byte_codes`, else in two (`Writer::finish`). `Err` holds the byte offset of a code that is not
/// in the alphabet or is cut short. Hand-written, one loop without calls per character: the widget's
/// first `new Tagger()` runs in the wasm's baseline code, without inlining, where an iterator's calls
/// per character took about 20 ms (a profile in Node, of the UTF-16 decoding this replaced). A
/// function of its own, for the reason given in `from_compact`.
#[inline(never)]
fn decode_text(bytes: &[u8], alphabet: &[char]) -> Result<String, usize> {
    let one = one_byte_codes(alphabet.len());
    // each character's UTF-8 bytes, made once
    let utf8: Vec<([u8; 4], usize)> = alphabet
        .iter()
        .map(|c| {
            let mut b = [0; 4];
            let n = c.encode_utf8(&mut b).len();
            (b, n)
        })
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3);
    let mut i = 0;
    while i < bytes.len() {
        let at = i;
        let mut code = bytes[i] as usize;
        i += 1;
        if code >= one {
            let Some(&low) = bytes.get(i) else { return Err(at) };
            code = one + ((code - one) << 8 | low as usize);
            i += 1;
        }
        let Some((b, n)) = utf8.get(code) else { return Err(at) };
        out.extend_from_slice(&b[..*n]);
    }
    String::from_utf8(out).map_err(|_| 0)
}

/// The bytes of `c`'s code in the text stream (1 or 2).
fn encoded_len(alphabet: &[char], c: char) -> usize {
    if alphabet.iter().position(|&a| a == c).is_some_and(|i| i < one_byte_codes(alphabet.len())) { 1 } else { 2 }
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], CompactError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len()).ok_or(CompactError::Truncated(self.at))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }

    fn byte(&mut self) -> Result<u8, CompactError> {
        let b = *self.bytes.get(self.at).ok_or(CompactError::Truncated(self.at))?;
        self.at += 1;
        Ok(b)
    }

    fn num(&mut self) -> Result<usize, CompactError> {
        let mut n = 0usize;
        let mut shift = 0;
        while shift < usize::BITS {
            let b = *self.bytes.get(self.at).ok_or(CompactError::Truncated(self.at))?;
            self.at += 1;
            n |= ((b & 0x7f) as usize) << shift;
            if b & 0x80 == 0 {
                return Ok(n);
            }
            shift += 7;
        }
        Err(CompactError::Truncated(self.at))
    }

    fn string(&mut self) -> Result<String, CompactError> {
        let at = self.at;
        let n = self.num()?;
        let (start, len) = if n & 1 == 1 {
            // a string read before
            *self.seen.get(n >> 1).ok_or(CompactError::Truncated(at))?
        } else {
            let (start, len) = (self.pos, n >> 1);
            self.pos = start.checked_add(len).ok_or(CompactError::Truncated(at))?;
            if len > 0 {
                self.seen.push((start, len));
            }
            (start, len)
        };
        // the length is in UTF-8 bytes of the decoded text: it must end inside it, at a char boundary
        self.text.get(start..start + len).map(str::to_owned).ok_or(CompactError::Truncated(at))
    }

    fn strings(&mut self) -> Result<Vec<String>, CompactError> {
        let n = self.num()?;
        let mut out = Vec::with_capacity(n.min(self.bytes.len()));
        for _ in 0..n {
            out.push(self.string()?);
        }
        Ok(out)
    }

    /// A list written by `Writer::list`.
    fn list(&mut self, around: &str) -> Result<Vec<String>, CompactError> {
        let at = self.at;
        let n = self.num()?;
        if n & 1 == 1 {
            return self.lists.get(n >> 1).cloned().ok_or(CompactError::Truncated(at));
        }
        let mut out = Vec::with_capacity((n >> 1).min(self.bytes.len()));
        for _ in 0..n >> 1 {
            if !around.is_empty() && self.num()? == 1 {
                let (before, after) = (self.string()?, self.string()?);
                out.push(before + around + &after);
            } else {
                out.push(self.string()?);
            }
        }
        self.lists.push(out.clone());
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
        // written again: the same bytes; the same info for the page (notes, sub-themes, counts)
        assert_eq!(back.to_compact(), bytes);
        assert_eq!(back.info_json(), rules.info_json());
    }

    /// A term under two themes, its region in the first and its sub-theme in the second: the info shows
    /// both, with the rules whole and with the notes apart (the entry used to be the first that had
    /// anything, which differed once the notes were taken out).
    #[test]
    fn namesakes_give_each_field_from_the_first_entry_that_has_it() {
        let a = "name = \"甲\"\ndescription = \"出租房屋\"\n[[term]]\ntext = \"群租房\"\nregion = \"北京\"\nnote = \"出租房屋治理\"\n";
        let b =
            "name = \"乙\"\n[[sub-theme]]\nid = \"fire\"\nname = \"消防\"\nname-en = \"Fire\"\nterms = [\"群租房\"]\n";
        let rules = RuleSet::builder().defaults(false).source("a.toml", a).source("b.toml", b).build().unwrap();
        let full: serde_json::Value = serde_json::from_str(&rules.info_json()).unwrap();
        let want = serde_json::json!({"level": null, "note": "出租房屋治理", "region": "北京", "sub": "消防", "sub_en": "Fire", "year": null});
        assert_eq!(full["notes"]["群租房"], want);
        let (without, notes) = rules.split_notes();
        let mut lean: serde_json::Value =
            serde_json::from_str(&RuleSet::from_compact(&without.to_compact()).unwrap().info_json()).unwrap();
        let notes: serde_json::Value = serde_json::from_str(&notes).unwrap();
        let want = serde_json::json!({"terms": {"群租房": {"note": "出租房屋治理", "region": "北京"}}, "themes": {"a": "出租房屋"}});
        assert_eq!(notes, want);
        lean["themes"][0]["description"] = notes["themes"]["a"].clone();
        for (k, v) in notes["terms"]["群租房"].as_object().unwrap() {
            lean["notes"]["群租房"][k] = v.clone();
        }
        assert_eq!(lean, full);
    }

    /// The lean wasm's info (rules without notes and descriptions) with those put back as the widget
    /// does it (www/widget/tooltip.js) is the info of the full rules; tagging does not read them.
    #[test]
    fn notes_apart_put_back_give_the_same_info() {
        let rules = RuleSet::builtin();
        let (without, notes) = rules.split_notes();
        let lean = RuleSet::from_compact(&without.to_compact()).unwrap();
        let mut info: serde_json::Value = serde_json::from_str(&lean.info_json()).unwrap();
        let apart: serde_json::Value = serde_json::from_str(&notes).unwrap();
        let descriptions = apart["themes"].as_object().unwrap();
        assert_eq!(descriptions.len(), rules.themes.len());
        for theme in info["themes"].as_array_mut().unwrap() {
            assert_eq!(theme["description"], "");
            theme["description"] = descriptions[theme["id"].as_str().unwrap()].clone();
        }
        let notes = apart["terms"].as_object().unwrap().clone();
        assert!(notes.len() > 500, "{} notes", notes.len());
        for (term, fields) in notes {
            let entry = info["notes"].as_object_mut().unwrap().entry(term).or_insert_with(|| {
                serde_json::json!({ "level": null, "note": null, "region": null, "sub": null, "sub_en": null, "year": null })
            });
            for (key, value) in fields.as_object().unwrap() {
                assert!(entry[key].is_null());
                entry[key] = value.clone();
            }
        }
        let full: serde_json::Value = serde_json::from_str(&rules.info_json()).unwrap();
        assert_eq!(info, full);
        let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/samples/panyu-shiqiao-2023.txt"))
            .unwrap();
        assert_eq!(Tagger::new(lean).tag(&text).to_json(), Tagger::new(rules).tag(&text).to_json());
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
        for file in [
            "tests/gold/panyu-shawan-2023.jsonl", "tests/gold/baoan-xinqiao-2024h1.jsonl", "tests/gold/dev/test.jsonl",
            "tests/gold/dev/train.jsonl",
        ] {
            for line in
                std::fs::read_to_string(format!("{root}/{file}")).unwrap().lines().filter(|l| !l.trim().is_empty())
            {
                let record: serde_json::Value = serde_json::from_str(line).unwrap();
                let text = record["text"].as_str().unwrap();
                assert_eq!(full.tag(text).to_json(), compact.tag(text).to_json(), "{file}: {text}");
                records += 1;
            }
        }
        assert!(records > 1000, "{records} gold paragraphs");
    }

    /// Every way a term's folded form and its `exclude` words are written (`Folded`, `Writer::list`)
    /// reads back: folded text of traditional and full-width characters, a proximity term whose words
    /// fold, exclude words with the term inside and without, one list of them shared by two terms,
    /// and weights other than 1.
    #[test]
    fn derived_strings_read_back() {
        let src = r#"name = "甲"
terms = ["河長制", "ＰＰＰ模式", "河湖长制"]
weak = ["路長"]
[[term]]
all = ["垃圾", "分類"]
within = 8
[[term]]
text = "国土空间"
exclude = ["落实国土空间规划", "国土空间用途管制", "城市更新"]
weight = 0.7
[[term]]
text = "国土"
exclude = ["落实国土空间规划", "国土空间用途管制", "城市更新"]
[[term]]
text = "空间"
exclude = ["空间"]
"#;
        let rules = RuleSet::builder().defaults(false).source("a.toml", src).build().unwrap();
        let hows: Vec<Folded> = rules.terms.iter().map(Folded::of).collect();
        for how in [Folded::Text, Folded::Fold, Folded::Joined] {
            assert!(hows.contains(&how));
        }
        assert!(rules.terms.iter().any(|t| t.is_proximity() && t.folded_all != t.all));
        let bytes = rules.to_compact();
        let back = RuleSet::from_compact(&bytes).unwrap();
        assert_eq!(format!("{:?}", back.terms), format!("{:?}", rules.terms));
        assert_eq!(back.to_compact(), bytes);
        let weights: Vec<f32> = back.terms.iter().map(|t| t.weight).collect();
        assert!(weights.contains(&0.7) && weights.contains(&1.0) && weights.iter().any(|&w| w < 0.7));
    }

    /// The text's coding over alphabets of one-byte codes only, of both, of two-byte codes only, and
    /// of the most characters it allows.
    #[test]
    fn text_codes_read_back() {
        let read = |text: &str| {
            let (head, codes) = encode_text(text);
            let mut r =
                Reader { bytes: &head, at: 0, text: String::new(), pos: 0, seen: Vec::new(), lists: Vec::new() };
            let alphabet = read_alphabet(&mut r).unwrap();
            assert_eq!(r.at, head.len());
            (decode_text(&codes, &alphabet), alphabet.len(), codes.len())
        };
        let chars = |from: u32, n: usize| (from..).filter_map(char::from_u32).take(n).collect::<String>();
        for text in [
            String::new(),
            "a".into(),
            "河长制".into(),
            "é中𝌆a😀\u{10ffff}\0".into(),
            chars(0x4E00, 256),
            chars(0x4E00, 257),
            chars(0, 3000) + &chars(0x4E00, 600).repeat(3),
            chars(0xD000, 65_536),
        ] {
            let n = text.chars().collect::<std::collections::HashSet<_>>().len();
            let (back, alphabet, codes) = read(&text);
            assert_eq!(back.as_deref(), Ok(text.as_str()));
            assert_eq!(alphabet, n);
            let count = text.chars().count();
            assert_eq!(codes, 2 * count - one_byte_count(&text), "{n} characters");
            if n <= 256 {
                assert_eq!(codes, count);
            }
        }
        // a code past the alphabet, a lead byte at the end
        assert_eq!(decode_text(&[3], &['a', 'b']), Err(0));
        let big: Vec<char> = chars(0x4E00, 300).chars().collect();
        assert_eq!(decode_text(&[0, 255], &big), Err(1));
        assert_eq!(decode_text(&[255, 200], &big), Err(0));
    }

    /// Characters of `text` coded in one byte.
    fn one_byte_count(text: &str) -> usize {
        let (head, _) = encode_text(text);
        let mut r = Reader { bytes: &head, at: 0, text: String::new(), pos: 0, seen: Vec::new(), lists: Vec::new() };
        let alphabet = read_alphabet(&mut r).unwrap();
        let one = one_byte_codes(alphabet.len());
        let index: std::collections::HashMap<char, usize> = alphabet.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        text.chars().filter(|c| index[c] < one).count()
    }

    #[test]
    fn broken_bytes_are_errors() {
        let bytes = RuleSet::builtin().to_compact();
        assert_eq!(RuleSet::from_compact(b"nope").unwrap_err(), CompactError::BadMagic);
        assert!(matches!(RuleSet::from_compact(&bytes[..bytes.len() - 3]), Err(CompactError::Truncated(_))));
        let mut more = bytes.clone();
        more.push(0);
        assert_eq!(RuleSet::from_compact(&more).unwrap_err(), CompactError::Trailing(bytes.len()));
        assert!(matches!(RuleSet::from_compact(&bytes[..MAGIC.len() + 1]), Err(CompactError::Truncated(_))));
        // never a panic: cut anywhere, or with bytes changed (an error, or rules of other values)
        for cut in (0..bytes.len()).step_by(4999) {
            assert!(RuleSet::from_compact(&bytes[..cut]).is_err());
        }
        for at in (MAGIC.len()..bytes.len()).step_by(3331) {
            for b in [0x00, 0x7f, 0x80, 0xff] {
                let mut changed = bytes.clone();
                changed[at] = b;
                let _ = RuleSet::from_compact(&changed);
            }
        }
    }
}

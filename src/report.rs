//! The output contract: what [`crate::Tagger::tag`] returns, serialised as the JSON that the CLI
//! prints and the browser receives. Every span is given three ways: chars (`start`/`end`), UTF-8 bytes
//! (`byte_start`/`byte_end`) and UTF-16 code units (`utf16_start`/`utf16_end`, for JavaScript).

use std::borrow::Cow;
use std::sync::Arc;

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::rules::RuleSet;
use crate::segment::{ParagraphKind, Part};

/// The result of tagging one text.
///
/// A report borrows the text it was made from (`'t`): each match's `text` is a slice of it, and the
/// names of terms and themes are [`SharedStr`]s shared with the tagger, so that building a report
/// allocates nothing per match (see [`Report::into_owned`] to keep a report without its text). The
/// theme list of a match counted by several themes is made once per report and set of themes, and
/// shared by all its matches of those themes (`tests/allocs.rs` counts the allocations).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report<'t> {
    /// The tifa version that made the report.
    pub tifa: &'static str,
    /// Which rules were used.
    pub rules: RulesInfo,
    /// Every paragraph, boilerplate included, in text order.
    pub paragraphs: Vec<ReportParagraph<'t>>,
    /// Counts per theme.
    pub summary: Summary,
}

impl Report<'_> {
    /// The report as compact JSON.
    pub fn to_json(&self) -> String {
        // a panic of our own, not `expect`: the wasm then holds no `Debug` of serde_json's error
        serde_json::to_string(self).unwrap_or_else(|_| panic!("a report always serialises"))
    }

    /// The report as indented JSON: two spaces a level, as `serde_json::to_string_pretty` writes it.
    pub fn to_json_pretty(&self) -> String {
        indent_json(&self.to_json())
    }

    /// The same report, owning the text of its matches (one allocation per match): a report that
    /// outlives the text it was made from.
    pub fn into_owned(self) -> Report<'static> {
        Report {
            tifa: self.tifa,
            rules: self.rules,
            paragraphs: self.paragraphs.into_iter().map(ReportParagraph::into_owned).collect(),
            summary: self.summary,
        }
    }
}

/// How a [`SharedStr`] or a [`SharedList`] holds its value: borrowed for the life of the program (the
/// names of the embedded rules, made once per process by the first tagger of them), or counted.
/// Either way by one pointer, to the (fat) reference or to a box in the count, so that a name takes
/// two words where `&'static str` or `Arc<str>` in an enum took three: a report holds two in every
/// match and one in every term of a theme, 16 bytes a match less (a report of 20 MB of text holds
/// some 400,000 matches, and the memory that a report first touches is a page fault a page).
enum Shared<T: ?Sized + 'static> {
    Static(&'static &'static T),
    Counted(Arc<Box<T>>),
}

impl<T: ?Sized> Shared<T> {
    fn get(&self) -> &T {
        match self {
            Shared::Static(x) => x,
            Shared::Counted(x) => x,
        }
    }
}

impl<T: ?Sized> Clone for Shared<T> {
    fn clone(&self) -> Self {
        match self {
            Shared::Static(x) => Shared::Static(x),
            Shared::Counted(x) => Shared::Counted(Arc::clone(x)),
        }
    }
}

/// A string shared between the tagger and its reports: the name of a term, a theme or a sub-theme,
/// made once when the tagger is built and then shared, not copied. The names of the embedded
/// default rules are made once per process and live as long as it, so a report of them counts no
/// references either; those of other rules are counted (an [`Arc<str>`]). It reads as a `&str`
/// (`Deref`, `AsRef<str>`, `Borrow<str>`, `==` with `str`, `&str` and `String`) and serialises as a
/// JSON string.
#[derive(Clone)]
pub struct SharedStr(Shared<str>);

impl SharedStr {
    /// The string.
    pub fn as_str(&self) -> &str {
        self.0.get()
    }

    /// A string that lives as long as the program (no count).
    /// (The reference is put in a box that lives as long as the program too: the names of the
    /// embedded rules are made so once per process.)
    pub(crate) fn from_static(s: &'static str) -> SharedStr {
        SharedStr(Shared::Static(Box::leak(Box::new(s))))
    }

    /// Whether the string lives as long as the program (for the tagger's tests).
    #[cfg(test)]
    pub(crate) fn is_static(&self) -> bool {
        matches!(self.0, Shared::Static(_))
    }
}

impl Default for SharedStr {
    fn default() -> SharedStr {
        static EMPTY: &str = "";
        SharedStr(Shared::Static(&EMPTY))
    }
}

impl PartialEq for SharedStr {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for SharedStr {}

impl PartialOrd for SharedStr {
    fn partial_cmp(&self, other: &SharedStr) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for SharedStr {
    fn cmp(&self, other: &SharedStr) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for SharedStr {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl std::ops::Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> SharedStr {
        SharedStr(Shared::Counted(Arc::new(s.into())))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> SharedStr {
        SharedStr(Shared::Counted(Arc::new(s.into_boxed_str())))
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> String {
        s.as_str().to_string()
    }
}

/// A list of [`SharedStr`]s shared between the tagger and its reports the same way: the themes of a
/// match (one list for all the matches of the same themes). It reads as a `&[SharedStr]` (`Deref`,
/// `AsRef`, iteration by reference, `==` with slices) and serialises as a JSON array.
#[derive(Clone)]
pub struct SharedList(Shared<[SharedStr]>);

impl SharedList {
    /// The list.
    pub fn as_slice(&self) -> &[SharedStr] {
        self.0.get()
    }

    /// A list that lives as long as the program (no count).
    /// (The reference is put in a box that lives as long as the program, as for
    /// [`SharedStr::from_static`].)
    pub(crate) fn from_static(list: &'static [SharedStr]) -> SharedList {
        SharedList(Shared::Static(Box::leak(Box::new(list))))
    }

    /// Whether the list and its strings live as long as the program (for the tagger's tests).
    #[cfg(test)]
    pub(crate) fn is_static(&self) -> bool {
        matches!(self.0, Shared::Static(_)) && self.iter().all(SharedStr::is_static)
    }
}

impl std::ops::Deref for SharedList {
    type Target = [SharedStr];
    fn deref(&self) -> &[SharedStr] {
        self.as_slice()
    }
}

impl AsRef<[SharedStr]> for SharedList {
    fn as_ref(&self) -> &[SharedStr] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a SharedList {
    type Item = &'a SharedStr;
    type IntoIter = std::slice::Iter<'a, SharedStr>;
    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

impl FromIterator<SharedStr> for SharedList {
    fn from_iter<I: IntoIterator<Item = SharedStr>>(iter: I) -> SharedList {
        SharedList(Shared::Counted(Arc::new(iter.into_iter().collect())))
    }
}

impl From<Vec<SharedStr>> for SharedList {
    fn from(v: Vec<SharedStr>) -> SharedList {
        SharedList(Shared::Counted(Arc::new(v.into_boxed_slice())))
    }
}

impl PartialEq for SharedList {
    fn eq(&self, other: &SharedList) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for SharedList {}

impl PartialEq<[SharedStr]> for SharedList {
    fn eq(&self, other: &[SharedStr]) -> bool {
        self.as_slice() == other
    }
}

impl std::fmt::Debug for SharedList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_slice(), f)
    }
}

impl Serialize for SharedList {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.as_slice())
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        self.as_str() == other.as_str()
    }
}

impl std::fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for SharedStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for SharedStr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Identifies the rule set behind a report.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct RulesInfo {
    /// `default`, `default+custom` or `custom`.
    pub name: String,
    /// tifa version.
    pub version: String,
    /// Digest of the rule files (`sha256:` + 16 hex digits).
    pub hash: String,
    /// Active themes.
    pub themes: usize,
    /// Active terms.
    pub terms: usize,
}

impl RulesInfo {
    pub(crate) fn new(rules: &RuleSet) -> RulesInfo {
        RulesInfo {
            name: rules.name().to_string(),
            version: rules.version().to_string(),
            hash: rules.hash().to_string(),
            themes: rules.themes().len(),
            terms: rules.term_count(),
        }
    }
}

/// A stretch of the input in the three units of the contract; `end` offsets are exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub struct Span {
    /// Char offset of the start.
    pub start: usize,
    /// Char offset of the end.
    pub end: usize,
    /// UTF-8 byte offset of the start.
    pub byte_start: usize,
    /// UTF-8 byte offset of the end.
    pub byte_end: usize,
    /// UTF-16 code-unit offset of the start (a JavaScript string index).
    pub utf16_start: usize,
    /// UTF-16 code-unit offset of the end.
    pub utf16_end: usize,
}

/// One paragraph with its themes and matches.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReportParagraph<'t> {
    /// 0-based position among all paragraphs.
    pub index: usize,
    /// Where the paragraph is (leading and trailing whitespace left out).
    #[serde(flatten)]
    pub span: Span,
    /// Heading path, outermost first.
    pub section: Vec<String>,
    /// `summary`, `plan` or null.
    pub part: Option<Part>,
    /// `text`, `heading`, `title` or `boilerplate`.
    pub kind: ParagraphKind,
    /// Themes that reached their threshold, highest score first.
    pub themes: Vec<ReportTheme>,
    /// Accepted matches in text order.
    pub matches: Vec<ReportMatch<'t>>,
}

impl ReportParagraph<'_> {
    /// The same paragraph, owning the text of its matches.
    pub fn into_owned(self) -> ReportParagraph<'static> {
        ReportParagraph {
            index: self.index,
            span: self.span,
            section: self.section,
            part: self.part,
            kind: self.kind,
            themes: self.themes,
            matches: self
                .matches
                .into_iter()
                .map(|m| ReportMatch { text: Cow::Owned(m.text.into_owned()), ..m })
                .collect(),
        }
    }
}

/// A theme given to a paragraph.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReportTheme {
    /// Theme id.
    pub id: SharedStr,
    /// Chinese name.
    pub name: SharedStr,
    /// Summed weight of the distinct terms matched.
    pub score: f32,
    /// The distinct terms (as written in the rules) that gave the score.
    pub terms: Vec<SharedStr>,
    /// Full ids of the sub-themes of those terms.
    pub sub_themes: Vec<SharedStr>,
}

/// One matched term.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReportMatch<'t> {
    /// Where the match is in the whole text.
    #[serde(flatten)]
    pub span: Span,
    /// The term as written in the rules.
    pub term: SharedStr,
    /// The original text of the match (may be Traditional, full-width or broken by a line break): a
    /// slice of the tagged text (owned after [`Report::into_owned`]).
    pub text: Cow<'t, str>,
    /// Themes that counted the match (one list shared by all the matches of the same themes).
    pub themes: SharedList,
}

/// Counts over the whole report; boilerplate paragraphs are left out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Summary {
    /// All paragraphs, boilerplate included.
    pub paragraphs: usize,
    /// Paragraphs that are not boilerplate.
    pub content_paragraphs: usize,
    /// Paragraphs with at least one theme.
    pub tagged_paragraphs: usize,
    /// Accepted matches.
    pub matches: usize,
    /// Per theme id, in rule order: every active theme, also those with no paragraph.
    #[serde(serialize_with = "as_map")]
    pub themes: Vec<(String, ThemeSummary)>,
}

/// Counts for one theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ThemeSummary {
    /// Chinese name.
    pub name: String,
    /// English name.
    pub name_en: String,
    /// Paragraphs tagged with the theme.
    pub paragraphs: usize,
    /// Matches counted for the theme.
    pub matches: usize,
    /// `paragraphs` / the report's `tagged_paragraphs` (0 when none is tagged), rounded to 4 places.
    pub share: f64,
}

fn as_map<S: Serializer>(v: &[(String, ThemeSummary)], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(v.len()))?;
    for (k, t) in v {
        m.serialize_entry(k, t)?;
    }
    m.end()
}

/// The counts of a [`Summary`], gathered paragraph by paragraph as they are tagged (by theme index:
/// no look-up of theme ids).
#[derive(Debug, Clone, Default)]
pub(crate) struct SummaryCounts {
    paragraphs: usize,
    content: usize,
    tagged: usize,
    matches: usize,
    /// Per theme index: (paragraphs, matches).
    themes: Vec<(usize, usize)>,
}

impl SummaryCounts {
    pub fn new(themes: usize) -> SummaryCounts {
        SummaryCounts { themes: vec![(0, 0); themes], ..SummaryCounts::default() }
    }

    /// Counts one paragraph: its kind, the theme indices it was tagged with, its number of matches,
    /// and the theme index of every (match, theme) pair.
    pub fn add(
        &mut self,
        kind: ParagraphKind,
        themes: impl Iterator<Item = usize>,
        matches: usize,
        match_themes: impl Iterator<Item = usize>,
    ) {
        self.paragraphs += 1;
        if kind == ParagraphKind::Boilerplate {
            return;
        }
        self.content += 1;
        let mut any = false;
        for t in themes {
            any = true;
            self.themes[t].0 += 1;
        }
        self.tagged += usize::from(any);
        self.matches += matches;
        for t in match_themes {
            self.themes[t].1 += 1;
        }
    }

    pub fn summary(&self, rules: &RuleSet) -> Summary {
        let tagged = self.tagged;
        let themes = rules
            .themes()
            .iter()
            .zip(&self.themes)
            .map(|(t, &(paragraphs, matches))| {
                let share =
                    if tagged == 0 { 0.0 } else { (paragraphs as f64 / tagged as f64 * 10_000.0).round() / 10_000.0 };
                (
                    t.id.clone(),
                    ThemeSummary { name: t.name.clone(), name_en: t.name_en.clone(), paragraphs, matches, share },
                )
            })
            .collect();
        Summary {
            paragraphs: self.paragraphs,
            content_paragraphs: self.content,
            tagged_paragraphs: tagged,
            matches: self.matches,
            themes,
        }
    }
}

/// Converts increasing byte offsets of one text into char and UTF-16 offsets in a single pass.
#[derive(Debug, Default)]
pub(crate) struct OffsetCounter {
    byte: usize,
    chars: usize,
    utf16: usize,
}

impl OffsetCounter {
    /// A counter standing at the start of `span` (to count inside one paragraph of a report).
    pub fn at_start_of(span: &Span) -> OffsetCounter {
        OffsetCounter { byte: span.byte_start, chars: span.start, utf16: span.utf16_start }
    }

    /// The [`Span`] of the byte range `start..end`, which must not start before the last call ended.
    pub fn span(&mut self, text: &str, start: usize, end: usize) -> Span {
        let (start, byte_start, utf16_start) = self.advance(text, start);
        let (end, byte_end, utf16_end) = self.advance(text, end);
        Span { start, end, byte_start, byte_end, utf16_start, utf16_end }
    }

    /// `(char, byte, utf16)` offsets of byte offset `to`, counted from the previous call's offset
    /// (forwards, or backwards for `explain`, whose candidates may start inside the one before).
    pub fn advance(&mut self, text: &str, to: usize) -> (usize, usize, usize) {
        if to < self.byte {
            // a candidate of `explain` that starts inside the one before: step back, not from the start
            let (chars, utf16) = count_units(&text.as_bytes()[to..self.byte]);
            self.chars -= chars;
            self.utf16 -= utf16;
        } else {
            let (chars, utf16) = count_units(&text.as_bytes()[self.byte..to]);
            self.chars += chars;
            self.utf16 += utf16;
        }
        self.byte = to;
        (self.chars, self.byte, self.utf16)
    }
}

/// Chars and UTF-16 code units of a run of whole UTF-8 characters, counted on the bytes: every byte
/// but a continuation byte (`10xxxxxx`) starts a char, and a char of four bytes (lead byte `11110xxx`)
/// is two UTF-16 units. A loop without branches, which the compiler vectorises: counted in bytes over
/// pieces of 255 bytes (a byte lane per input byte; counts in `usize` lanes took 8 times as many).
pub(crate) fn count_units(bytes: &[u8]) -> (usize, usize) {
    let (chars, wide) = count_chars_and(bytes, |b| b >= 0xF0);
    (chars, chars + wide)
}

/// The chars of a run of whole UTF-8 characters and the bytes of it that `also` counts, on the bytes:
/// every byte but a continuation byte (`10xxxxxx`) starts a char. The one loop of [`count_units`] and
/// of a line's widths in segmentation (`also`: the lead bytes of 4-byte chars here, ASCII bytes there):
/// without branches, counted in bytes over pieces of 255 bytes (a byte lane per input byte), which the
/// compiler vectorises 16 bytes at a time. Inlined, so that `also` is inlined in the loop.
#[inline(always)]
pub(crate) fn count_chars_and(bytes: &[u8], also: impl Fn(u8) -> bool) -> (usize, usize) {
    let (mut chars, mut other) = (0usize, 0usize);
    for piece in bytes.chunks(255) {
        let (mut c, mut o) = (0u8, 0u8);
        for &b in piece {
            c = c.wrapping_add(u8::from((b as i8) >= -0x40));
            o = o.wrapping_add(u8::from(also(b)));
        }
        chars += usize::from(c);
        other += usize::from(o);
    }
    (chars, other)
}

/// A paragraph's kind as its JSON name (`text`, `heading`, `title`, `boilerplate`).
impl std::fmt::Display for ParagraphKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ParagraphKind::Text => "text",
            ParagraphKind::Heading => "heading",
            ParagraphKind::Title => "title",
            ParagraphKind::Boilerplate => "boilerplate",
        })
    }
}

/// Indents compact JSON exactly as serde_json's pretty printer does: a line for each value of an array
/// or object, two spaces a level, `": "` after a key, `[]` and `{}` when empty; strings are copied as
/// they are. Hand-written (serde_json's `PrettyFormatter` does this) so that the report's serialiser is
/// compiled once, not once for each formatter: 1.2 KB gzip less in the widget's wasm. The tests check it
/// against `serde_json::to_string_pretty`.
fn indent_json(compact: &str) -> String {
    fn new_line(out: &mut Vec<u8>, depth: usize) {
        out.push(b'\n');
        out.resize(out.len() + 2 * depth, b' ');
    }
    let bytes = compact.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 2);
    let (mut depth, mut in_string, mut escaped) = (0, false, false);
    let mut i = 0;
    while let Some(&c) = bytes.get(i) {
        i += 1;
        if in_string {
            in_string = escaped || c != b'"';
            escaped = !escaped && c == b'\\';
            out.push(c);
            continue;
        }
        match c {
            b'[' | b'{' if matches!(bytes.get(i), Some(b']' | b'}')) => {
                out.extend_from_slice(&bytes[i - 1..=i]);
                i += 1;
            }
            b'[' | b'{' => {
                out.push(c);
                depth += 1;
                new_line(&mut out, depth);
            }
            b']' | b'}' => {
                depth -= 1;
                new_line(&mut out, depth);
                out.push(c);
            }
            b',' => {
                out.push(c);
                new_line(&mut out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => {
                in_string = c == b'"';
                out.push(c);
            }
        }
    }
    // only ASCII was added, between whole characters of valid UTF-8
    String::from_utf8(out).unwrap_or_else(|_| unreachable!("indenting keeps UTF-8 whole"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Any JSON value: strings with quotes, backslashes, brackets, control and astral characters.
    fn json_value() -> impl proptest::strategy::Strategy<Value = serde_json::Value> {
        use proptest::prelude::*;
        use serde_json::Value;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
            "[\"\\\\\\[\\]{}:, \n\t\u{1}a河😀]{0,8}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[\":,{}a河]{0,4}", inner), 0..6)
                    .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// `Report::to_json_pretty` indents the compact JSON: byte for byte what serde_json's pretty
        /// printer writes, for any value.
        #[test]
        fn json_is_indented_as_serde_json_indents_it(value in json_value()) {
            let compact = serde_json::to_string(&value).unwrap();
            proptest::prop_assert_eq!(indent_json(&compact), serde_json::to_string_pretty(&value).unwrap());
        }
    }

    /// A paragraph kind displays as its JSON name; kinds and parts hash (as map keys); reports
    /// compare; rule errors serialise as the array of their errors.
    #[test]
    fn traits_of_the_public_types() {
        use std::collections::HashSet;
        let kinds = [ParagraphKind::Text, ParagraphKind::Heading, ParagraphKind::Title, ParagraphKind::Boilerplate];
        for kind in kinds {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_json::Value::String(kind.to_string()));
        }
        assert_eq!(kinds.iter().collect::<HashSet<_>>().len(), 4);
        assert_eq!([Part::Summary, Part::Plan, Part::Summary].iter().collect::<HashSet<_>>().len(), 2);
        let tagger = crate::Tagger::builtin();
        let text = "全面推行河长制，整治村容村貌。";
        assert_eq!(tagger.tag(text), tagger.tag(text));
        assert_ne!(tagger.tag(text), tagger.tag("完成瓶改管。"));
        let errors = crate::RuleSet::builder().defaults(false).source("a.toml", "name = 1\n").build().unwrap_err();
        let json = serde_json::to_value(&errors).unwrap();
        assert_eq!(json.as_array().map(Vec::len), Some(errors.len()), "{json}");
        assert_eq!(json[0]["file"], "a.toml");
        // what a batch job moves between threads
        fn send_sync<T: Send + Sync>() {}
        fn send<T: Send>() {}
        send_sync::<crate::Tagger>();
        send_sync::<Report<'static>>();
        send_sync::<crate::RuleErrors>();
        send::<crate::Paragraphs<'static, 'static>>();
        send::<crate::StreamedReport<'static, 'static>>();
    }

    #[test]
    fn shared_strings_read_the_same_however_held() {
        let (counted, fixed) = (SharedStr::from("河长制"), SharedStr::from_static("河长制"));
        assert_eq!(counted, fixed);
        assert_eq!(counted.cmp(&fixed), std::cmp::Ordering::Equal);
        assert_eq!(fixed, "河长制");
        assert_eq!(serde_json::to_string(&fixed).unwrap(), serde_json::to_string(&counted).unwrap());
        // hashed and compared as the string: either finds the other in a set
        let set = std::collections::HashSet::from([counted.clone()]);
        assert!(set.contains(&fixed) && set.contains("河长制"));
        assert_eq!(SharedStr::default(), "");

        static IDS: [SharedStr; 0] = [];
        let ids = vec![SharedStr::from("ecology_environment"), fixed.clone()];
        let (counted, fixed) =
            (SharedList::from(ids.clone()), SharedList::from_static(Box::leak(ids.clone().into_boxed_slice())));
        assert_eq!(counted, fixed);
        assert_eq!(*fixed, ids[..]);
        assert_eq!(fixed.iter().map(SharedStr::as_str).collect::<Vec<_>>(), ["ecology_environment", "河长制"]);
        assert_eq!(serde_json::to_string(&fixed).unwrap(), r#"["ecology_environment","河长制"]"#);
        assert_eq!(serde_json::to_string(&counted).unwrap(), serde_json::to_string(&fixed).unwrap());
        assert_eq!(format!("{fixed:?}"), format!("{ids:?}"));
        assert!(SharedList::from_static(&IDS).is_empty());
        assert_eq!(ids.into_iter().collect::<SharedList>(), counted);
    }

    /// A name and a list of names are one pointer and which kind it is (see `Shared`): a match is 104
    /// bytes on a 64-bit target.
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn names_take_two_words() {
        assert_eq!(std::mem::size_of::<SharedStr>(), 16);
        assert_eq!(std::mem::size_of::<SharedList>(), 16);
        assert_eq!(std::mem::size_of::<ReportMatch<'_>>(), 104);
    }

    /// The byte count gives the chars and UTF-16 units that `chars()` and `encode_utf16` give.
    #[test]
    fn count_units_agrees_with_chars() {
        let long = "𝌆河a".repeat(300);
        for s in [
            "",
            "a",
            "河长制",
            "𝌆 河\n長制 ＡＢ “三小”场所",
            "é\u{200B}\u{FEFF}😀😀x",
            &long,
            &"a".repeat(255),
            &"a".repeat(256),
            &"😀".repeat(200),
        ] {
            assert_eq!(count_units(s.as_bytes()), (s.chars().count(), s.encode_utf16().count()), "{s:?}");
        }
    }
}

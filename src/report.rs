//! The output contract: what [`crate::Tagger::tag`] returns, serialised as the JSON that the CLI
//! prints and the browser receives. Every span is given three ways: chars (`start`/`end`), UTF-8 bytes
//! (`byte_start`/`byte_end`) and UTF-16 code units (`utf16_start`/`utf16_end`, for JavaScript).

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use crate::rules::RuleSet;
use crate::segment::{ParagraphKind, Part};

/// The result of tagging one text.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The tifa version that made the report.
    pub tifa: &'static str,
    /// Which rules were used.
    pub rules: RulesInfo,
    /// Every paragraph, boilerplate included, in text order.
    pub paragraphs: Vec<ReportParagraph>,
    /// Counts per theme.
    pub summary: Summary,
}

impl Report {
    /// The report as compact JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a report always serialises")
    }

    /// The report as indented JSON.
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).expect("a report always serialises")
    }
}

/// Identifies the rule set behind a report.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
pub struct ReportParagraph {
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
    pub matches: Vec<ReportMatch>,
}

/// A theme given to a paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct ReportTheme {
    /// Theme id.
    pub id: String,
    /// Chinese name.
    pub name: String,
    /// Summed weight of the distinct terms matched.
    pub score: f32,
    /// The distinct terms (as written in the rules) that gave the score.
    pub terms: Vec<String>,
    /// Full ids of the sub-themes of those terms.
    pub sub_themes: Vec<String>,
}

/// One matched term.
#[derive(Debug, Clone, Serialize)]
pub struct ReportMatch {
    /// Where the match is in the whole text.
    #[serde(flatten)]
    pub span: Span,
    /// The term as written in the rules.
    pub term: String,
    /// The original text of the match (may be Traditional, full-width or broken by a line break).
    pub text: String,
    /// Themes that counted the match.
    pub themes: Vec<String>,
}

/// Counts over the whole report; boilerplate paragraphs are left out.
#[derive(Debug, Clone, Serialize)]
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
#[derive(Debug, Clone, Serialize)]
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

impl Summary {
    pub(crate) fn new(rules: &RuleSet, paragraphs: &[ReportParagraph]) -> Summary {
        let mut themes: Vec<(String, ThemeSummary)> = rules
            .themes()
            .iter()
            .map(|t| (t.id.clone(), ThemeSummary { name: t.name.clone(), name_en: t.name_en.clone(), paragraphs: 0, matches: 0, share: 0.0 }))
            .collect();
        let position = |id: &str| rules.themes().iter().position(|t| t.id == id);
        let mut content = 0;
        let mut tagged = 0;
        let mut matches = 0;
        for p in paragraphs {
            if p.kind == ParagraphKind::Boilerplate {
                continue;
            }
            content += 1;
            if !p.themes.is_empty() {
                tagged += 1;
            }
            matches += p.matches.len();
            for t in &p.themes {
                if let Some(i) = position(&t.id) {
                    themes[i].1.paragraphs += 1;
                }
            }
            for m in &p.matches {
                for id in &m.themes {
                    if let Some(i) = position(id) {
                        themes[i].1.matches += 1;
                    }
                }
            }
        }
        for (_, t) in &mut themes {
            t.share = if tagged == 0 { 0.0 } else { (t.paragraphs as f64 / tagged as f64 * 10_000.0).round() / 10_000.0 };
        }
        Summary { paragraphs: paragraphs.len(), content_paragraphs: content, tagged_paragraphs: tagged, matches, themes }
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
/// is two UTF-16 units. A loop without branches, which the compiler vectorises.
pub(crate) fn count_units(bytes: &[u8]) -> (usize, usize) {
    let (mut chars, mut wide) = (0usize, 0usize);
    for &b in bytes {
        chars += usize::from((b as i8) >= -0x40);
        wide += usize::from(b >= 0xF0);
    }
    (chars, chars + wide)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte count gives the chars and UTF-16 units that `chars()` and `encode_utf16` give.
    #[test]
    fn count_units_agrees_with_chars() {
        for s in ["", "a", "河长制", "𝌆 河\n長制 ＡＢ “三小”场所", "é\u{200B}\u{FEFF}😀😀x"] {
            assert_eq!(count_units(s.as_bytes()), (s.chars().count(), s.encode_utf16().count()), "{s:?}");
        }
    }
}

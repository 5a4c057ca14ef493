//! What the rules miss: phrases shaped like policy slogans that no accepted match covers.
//!
//! New campaigns reach reports before they reach the rules. Their names have recognisable shapes,
//! and [`gaps`] lists the phrases of those shapes that the rules did not tag, so that a rule
//! maintainer reading a batch of new reports sees the candidates for new terms:
//!
//! * [`GapKind::Quoted`]: a short phrase in quotation marks (“四个一”, 「三旧」, "1+6+N"), the way
//!   reports introduce slogans;
//! * [`GapKind::Numbered`]: numbered pairs and series (一楼一档, 三会一课, 三查三改);
//! * [`GapKind::Formula`]: number formulas (1+1+9, 1+N, 1+6+N).
//!
//! A phrase counts as covered when an accepted match of the report overlaps it, so a quoted
//! “民生微实事” that the rules tag is not listed. Boilerplate paragraphs are skipped.
//!
//! ```
//! let text = "落实“四个一”工作机制，推行“民生微实事”，建立一楼一档。";
//! let report = tifa::Tagger::builtin().tag(text);
//! let gaps: Vec<String> = tifa::gaps(text, &report).into_iter().map(|g| g.text).collect();
//! assert!(gaps.contains(&"四个一".to_string()));
//! assert!(gaps.contains(&"一楼一档".to_string()));
//! assert!(!gaps.contains(&"民生微实事".to_string())); // a term of the default rules
//! ```

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::report::{OffsetCounter, count_units};
use crate::{ParagraphKind, Report, Span};

/// The shape that made a phrase a candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum GapKind {
    /// A short phrase in quotation marks.
    Quoted,
    /// A numbered pair or series: 一老一小, 三会一课.
    Numbered,
    /// A number formula: 1+1+9, 1+N.
    Formula,
}

/// A slogan-shaped phrase that no accepted match overlaps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Gap {
    /// Where the phrase is (without its quotation marks).
    #[serde(flatten)]
    pub span: Span,
    /// Index of its paragraph in [`Report::paragraphs`].
    pub paragraph: usize,
    /// The phrase (without its quotation marks).
    pub text: String,
    /// Why it is a candidate.
    pub kind: GapKind,
}

/// Quotation marks, curly, corner or straight, around a phrase of at most 24 chars without sentence
/// punctuation (longer quotations are sentences, not slogans).
static QUOTED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"[“「『"]([^“”「」『』"\n。，；：！？、,;:!?《》]{1,24})[”」』"]"#).expect("valid pattern")
});

/// Chinese numerals that start a group of a numbered slogan.
const NUMERALS: &str = "一二三四五六七八九十两";

/// Two or three groups, each a Chinese numeral and one non-numeral Chinese character (two in the
/// last group): 一老一小, 三会一课, 三清三拆三整治. Counting words (个 次 年 …) are not bodies.
static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    let body = r"[\p{Han}--[一二三四五六七八九十两百千万零第个是次年月日天]]";
    Regex::new(&format!("(?:[{NUMERALS}]{body}){{1,2}}[{NUMERALS}]{body}{{1,2}}")).expect("valid pattern")
});

/// Whether a numbered match names different things in its groups (一老一小), not the same one
/// twice (一件一件, 一步一步), which is ordinary prose.
fn distinct_groups(phrase: &str) -> bool {
    let firsts: Vec<char> = phrase
        .char_indices()
        .filter(|&(_, c)| NUMERALS.contains(c))
        .filter_map(|(i, c)| phrase[i + c.len_utf8()..].chars().next())
        .collect();
    firsts.iter().enumerate().all(|(i, c)| !firsts[..i].contains(c))
}

/// Whether a quoted phrase is only a number that names nothing: one or two digits (“1”, “2”, list
/// items and footnote marks), a year (“2024”) or a month and day (“0315”). Numbered slogans such as
/// “1310” stay candidates.
fn bare_number(phrase: &str) -> bool {
    let digit = |c: char| c.to_digit(10).or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32));
    let digits: Vec<u32> = phrase.chars().map(digit).collect::<Option<_>>().unwrap_or_default();
    if digits.len() != phrase.chars().count() || digits.is_empty() {
        return false;
    }
    let value = |ds: &[u32]| ds.iter().fold(0, |v, d| v * 10 + d);
    match digits.len() {
        1 | 2 => true,
        4 => {
            let (month, day) = (value(&digits[..2]), value(&digits[2..]));
            let year = value(&digits);
            (1..=12).contains(&month) && (1..=31).contains(&day) || (1900..=2100).contains(&year)
        }
        _ => false,
    }
}

/// A number followed by one or more `+number` or `+N` (ASCII or full-width).
static FORMULA: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9０-９]+(?:[+＋](?:[0-9０-９]+|[NnＮ]))+").expect("valid pattern"));

/// Every slogan-shaped phrase of the report's non-boilerplate paragraphs that no accepted match of
/// `report` overlaps, in text order.
///
/// `report` must be the report of `text` (from [`crate::Tagger::tag`], or its paragraphs from
/// [`crate::Tagger::paragraphs`]). A report that does not fit `text` — a paragraph's span out of the
/// text, not on char boundaries, or of another length in chars or UTF-16 units than the text there —
/// gives no gaps (an empty list), never a panic. The check is cheap (the paragraphs' characters are
/// counted once) but not a proof: a report of another text with the same paragraph layout passes it.
///
/// ```
/// let tagger = tifa::Tagger::builtin();
/// let report = tagger.tag("落实“四个一”工作机制。");
/// assert_eq!(tifa::gaps("落实“四个一”工作机制。", &report).len(), 1);
/// assert!(tifa::gaps("short", &report).is_empty()); // the report of another text
/// ```
pub fn gaps(text: &str, report: &Report) -> Vec<Gap> {
    if !fits(text, report) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut spans: Vec<(usize, usize, GapKind)> = Vec::new();
    for (index, p) in report.paragraphs.iter().enumerate() {
        if p.kind == ParagraphKind::Boilerplate {
            continue;
        }
        let base = p.span.byte_start;
        let para = &text[base..p.span.byte_end];
        spans.clear();
        for c in QUOTED.captures_iter(para) {
            let inner = c.get(1).expect("group 1 always takes part");
            let phrase = inner.as_str();
            if phrase.chars().any(|ch| ch.is_alphanumeric()) && !bare_number(phrase) {
                spans.push((inner.start(), inner.end(), GapKind::Quoted));
            }
        }
        // FORMULA has no literal to search for first: skip paragraphs without a plus sign
        let formulas = para.contains(['+', '＋']);
        for (re, kind) in [(&*NUMBERED, GapKind::Numbered), (&*FORMULA, GapKind::Formula)] {
            if kind == GapKind::Formula && !formulas {
                continue;
            }
            for m in re.find_iter(para) {
                let inside_quoted = spans.iter().any(|&(s, e, k)| k == GapKind::Quoted && s < m.end() && m.start() < e);
                // 十届二中 of 二十届二中全会: a numbered match right after a numeral is a piece of a
                // longer number, not a slogan
                let before = para[..m.start()].chars().next_back();
                let after_numeral = before.is_some_and(|c| NUMERALS.contains(c) || "第百千万零".contains(c));
                let numbered_ok = kind != GapKind::Numbered || (distinct_groups(m.as_str()) && !after_numeral);
                if !inside_quoted && numbered_ok {
                    spans.push((m.start(), m.end(), kind));
                }
            }
        }
        spans.sort_unstable();
        let mut offsets = OffsetCounter::at_start_of(&p.span);
        for &(start, end, kind) in &spans {
            let (start, end) = (base + start, base + end);
            let covered = p.matches.iter().any(|m| m.span.byte_start < end && start < m.span.byte_end);
            if !covered {
                found.push(Gap {
                    span: offsets.span(text, start, end),
                    paragraph: index,
                    text: text[start..end].to_string(),
                    kind,
                });
            }
        }
    }
    found
}

/// Whether every non-boilerplate paragraph of `report` (those [`gaps`] slices) lies inside `text`, on
/// char boundaries, with as many chars and UTF-16 units as its span says.
fn fits(text: &str, report: &Report) -> bool {
    report.paragraphs.iter().filter(|p| p.kind != ParagraphKind::Boilerplate).all(|p| {
        let s = &p.span;
        s.start <= s.end
            && s.utf16_start <= s.utf16_end
            && text
                .get(s.byte_start..s.byte_end)
                .is_some_and(|para| count_units(para.as_bytes()) == (s.end - s.start, s.utf16_end - s.utf16_start))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Tagger;

    fn found(text: &str) -> Vec<(String, GapKind)> {
        let report = Tagger::builtin().tag(text);
        gaps(text, &report).into_iter().map(|g| (g.text, g.kind)).collect()
    }

    fn gap(text: &str, kind: GapKind) -> (String, GapKind) {
        (text.to_string(), kind)
    }

    #[test]
    fn shapes_that_are_found() {
        use GapKind::*;
        let cases: &[(&str, &[(&str, GapKind)])] = &[
            ("落实“四个一”工作机制。", &[("四个一", Quoted)]),
            ("推行「五个一」中的“七彩童年”。", &[("五个一", Quoted), ("七彩童年", Quoted)]),
            ("推行\"桥长制\"。", &[("桥长制", Quoted)]),
            ("建立一楼一档，推进一街一品。", &[("一楼一档", Numbered), ("一街一品", Numbered)]),
            ("开展三查三改三提升。", &[("三查三改三提升", Numbered)]),
            ("构建1+6+N工作体系和１＋Ｎ模式。", &[("1+6+N", Formula), ("１＋Ｎ", Formula)]),
            // a formula inside quotation marks is listed once, as quoted
            ("构建“1+6+N”工作体系。", &[("1+6+N", Quoted)]),
            // a quoted number that is no date stays a candidate
            ("落实“2345”工作思路。", &[("2345", Quoted)]),
        ];
        for (text, expected) in cases {
            let expected: Vec<_> = expected.iter().map(|&(t, k)| gap(t, k)).collect();
            assert_eq!(found(text), expected, "{text}");
        }
    }

    #[test]
    fn what_is_not_a_gap() {
        for text in [
            // covered by a term of the default rules
            "推行“民生微实事”。",
            "落实省委“1310”具体部署。",
            "全面推行河长制，关爱“一老一小”。",
            // quoted sentences, punctuation, titles, ordinary numbers and ordinals
            "他说：“要把群众的事当成自己的事来办，一件一件抓落实，让群众满意。”",
            "“”和“……”不算。",
            "学习《关于加强基层治理体系和治理能力现代化建设的意见》。",
            "全年办结1310宗，第一年一次性完成，三年来一直坚持。",
            "一是加强领导，二是完善机制。",
            // bare numbers in quotation marks: list items, years, dates
            "见附件“1”和“2”，于“2024”年“0315”当天发布。",
            // a piece of a longer formula or number
            "召开区二十届二中会议。",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }

    /// A report of another text gives no gaps, never a panic (the spans of its paragraphs fall out of
    /// the text, inside a char, or on other characters), nor a list made of the wrong offsets.
    #[test]
    fn a_report_of_another_text_gives_no_gaps() {
        let tagger = Tagger::builtin();
        let reported = "落实“四个一”工作机制，建立一楼一档。\n\n推行“三清三拆”。";
        let report = tagger.tag(reported);
        assert_eq!(gaps(reported, &report).len(), 2);
        for text in [
            "",
            "short",
            // as long, but the paragraph ends inside a char
            "a落实“四个一”工作机制，建立一楼一档。\n\n推行“三清三拆”",
            // on char boundaries, but other characters (ASCII where the report counted CJK)
            &"x".repeat(reported.len()),
        ] {
            assert!(gaps(text, &report).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn offsets_in_three_units_and_boilerplate_skipped() {
        let text = "您现在的位置：首页 > “四个一”专题\n\n𠀀落实“四个一”机制。";
        let report = Tagger::builtin().tag(text);
        let found = gaps(text, &report);
        assert_eq!(found.len(), 1, "{found:?}");
        let g = &found[0];
        assert_eq!(&text[g.span.byte_start..g.span.byte_end], "四个一");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(chars[g.span.start..g.span.end].iter().collect::<String>(), "四个一");
        let utf16: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16(&utf16[g.span.utf16_start..g.span.utf16_end]).unwrap(), "四个一");
        assert_eq!(g.span.utf16_start, g.span.start + 1, "the char outside the BMP is two UTF-16 units");
        assert_eq!(report.paragraphs[g.paragraph].kind, ParagraphKind::Text);
    }
}

//! TOML syntax: errors, one per file, at the place that needs the fix; and [`toml_string`], a string
//! written the way a rule file reads it.
//!
//! After a syntax error `toml`'s recovering parser goes on, and what it then finds mostly follows
//! from the first error: one missing `]` gave six errors, the first of them on the next line. So a
//! file reports its first syntax error only, and nothing that lies after it (see
//! `RuleSetBuilder::build`). When that error stands at the start of a line, the fault is usually an
//! array, inline table or string left open on the lines before: the text up to there is parsed on its
//! own, and its error at the end (`unclosed array, expected ]`) is the one reported.

use std::ops::Range;

use toml::de::DeTable;

use crate::error::RuleError;

/// The first syntax error of `text`, if any, moved to the end of an array, table or string left open
/// before it.
pub(super) fn first_error(file: &str, text: &str, errors: &[toml::de::Error]) -> Option<RuleError> {
    let (span, message) =
        errors.iter().map(|e| (e.span().unwrap_or(0..0), e.message())).min_by_key(|(s, _)| s.start)?;
    let at = span.start;
    let moved = if message.starts_with(MISSING_COMMA) && starts_item(&text[at.min(text.len())..]) {
        // the item of a multi-line array before this one has no comma after it: the fix goes at the
        // end of that item's line, where the one-line case points too
        end_of_line_before(text, at).map(|end| (end..end, message.to_string()))
    } else {
        left_open_before(text, at)
    };
    let (span, message) = moved.unwrap_or((span, message.to_string()));
    let e = RuleError::at(file, text, span, format!("TOML syntax: {}", message.trim()));
    Some(match colon_hint(text, at).or_else(|| full_width_hint(text, at)).or_else(|| quote_hint(text, at)) {
        Some(hint) => e.with_hint(hint),
        None => e,
    })
}

/// The character at byte `at` of `text` and the one before it (blanks between skipped).
fn here_and_before(text: &str, at: usize) -> (Option<char>, Option<char>) {
    let at = at.min(text.len());
    (text[at..].chars().next(), text[..at].trim_end_matches([' ', '\t']).chars().next_back())
}

/// The hint for a key followed by a colon, ASCII or full-width (`terms: [...]`, `terms：[...]`), as
/// in JSON or YAML: TOML writes `=` between a key and its value.
fn colon_hint(text: &str, at: usize) -> Option<String> {
    let at = at.min(text.len());
    let (here, before) = here_and_before(text, at);
    let colon = |c: Option<char>| matches!(c, Some(':' | '：'));
    let key_end = if colon(here) {
        at
    } else if colon(before) {
        text[..at].trim_end_matches([' ', '\t']).len() - before.map_or(0, char::len_utf8)
    } else {
        return None;
    };
    // only after a key at the start of its line: `name = "08:30"` or a colon in a word is not this
    let line_start = text[..key_end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let key = text[line_start..key_end].trim();
    let bare = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_' || ('\u{FF01}'..='\u{FF5E}').contains(&c);
    let quoted =
        key.len() >= 2 && (key.starts_with('"') && key.ends_with('"') || key.starts_with('\'') && key.ends_with('\''));
    (!key.is_empty() && (key.chars().all(bare) || quoted)).then(|| {
        "键和值之间用半角 = / write `=` between a key and its value (`terms = [\"…\"]`), not a colon".to_string()
    })
}

/// The hint for a straight quotation mark written inside a string (`"推进"百千万工程"建设"`): it ends
/// the string there, and what follows is taken for TOML. Quotation marks need not be in terms at all
/// (matching skips them, rules/README.md §5); curly ones may be.
fn quote_hint(text: &str, at: usize) -> Option<String> {
    let (here, before) = here_and_before(text, at);
    let closes = matches!(before, Some('"' | '\''));
    let goes_on = here.is_some_and(|c| {
        !matches!(c, '"' | '\'' | ',' | ']' | '}' | '#' | '\n' | '\r' | '=') && !c.is_ascii_whitespace()
    });
    (closes && goes_on).then(|| {
        format!(
            "a `{q}` ends the string: leave quotation marks out of terms (they are skipped when matching) or write “ ” / 引号 {q} 会结束字符串：提法里的引号不用写（匹配时会跳过），要写就用中文引号 “ ”",
            q = before.unwrap_or('"')
        )
    })
}

/// Whether a line (from the error on) starts with an array item, a string not followed by `=`: the
/// next item of a multi-line array. `toml` says `missing comma` too where an array left open is
/// followed by a `key = …` line, which is an unclosed array, not a missing comma.
fn starts_item(rest: &str) -> bool {
    let line = rest.split(['\n', '\r']).next().unwrap_or("");
    let Some(quote) = line.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
        return false;
    };
    let after = line[1..].find(quote).map_or("", |i| &line[1 + i + 1..]);
    !after.trim_start().starts_with('=')
}

/// How `toml` starts its message for two items of an array without a comma between them (on one
/// line or on two).
const MISSING_COMMA: &str = "missing comma between array elements";

/// The hint for a full-width form of a TOML character (＝ ， ［ ］ ＂ “ ” ｛ ｝ ＃, full-width
/// letters and digits, the ideographic space) at byte `at` of `text`, or just before it (blanks
/// between): Chinese input methods type them, and they look like the ASCII ones.
fn full_width_hint(text: &str, at: usize) -> Option<String> {
    let (here, before) = here_and_before(text, at);
    let (c, ascii) = here.into_iter().chain(before).find_map(|c| ascii_of(c).map(|a| (c, a)))?;
    let shown = if ascii == ' ' { "空格 / a space".to_string() } else { ascii.to_string() };
    Some(if c == '\u{3000}' {
        "全角空格：请改用半角空格 / a full-width (ideographic) space: write an ASCII space".to_string()
    } else {
        format!("全角符号 {c}：请改用半角 {ascii} / full-width `{c}`: write the ASCII `{shown}`")
    })
}

/// The ASCII character that a full-width form (or a curly quote) stands for in TOML.
fn ascii_of(c: char) -> Option<char> {
    match c {
        '“' | '”' => Some('"'),
        '‘' | '’' => Some('\''),
        '\u{3000}' => Some(' '),
        // the full-width block FF01–FF5E is ASCII 21–7E moved by FEE0
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
        _ => None,
    }
}

/// The end of the last line before the line of `at` that holds more than blanks or a comment, when
/// `at` is the first non-blank character of its line.
fn end_of_line_before(text: &str, at: usize) -> Option<usize> {
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if line_start == 0 || !text[line_start..at].trim().is_empty() {
        return None;
    }
    let mut end = line_start;
    loop {
        let before = text[..end].trim_end_matches(['\n', '\r']);
        let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = before[start..].trim();
        if !line.is_empty() && !line.starts_with('#') {
            return Some(start + before[start..].trim_end().len());
        }
        if start == 0 {
            return None;
        }
        end = start;
    }
}

/// When `at` is the first non-blank character of a line: the error that the text before that line
/// has at its end, if it has one (an array, inline table or string still open there).
fn left_open_before(text: &str, at: usize) -> Option<(Range<usize>, String)> {
    let end = end_of_line_before(text, at)?;
    let (_, errors) = DeTable::parse_recoverable(&text[..end]);
    errors
        .iter()
        .filter_map(|e| Some((e.span()?, e.message().to_string())))
        .find(|(s, _)| s.start >= end)
        .map(|(_, m)| (end..end, m))
}

/// `s` as a TOML basic string.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Option<(usize, usize, String)> {
        let (_, errors) = DeTable::parse_recoverable(text);
        first_error("x.toml", text, &errors).map(|e| (e.line, e.column, e.message))
    }

    #[test]
    fn an_array_left_open_is_reported_where_it_ends() {
        let text = "name = \"t\"\nterms = [\"河长制\", \"湖长制\"\n\n# 注释\nexamples = [\"全面推行{{河长制}}。\"]\n";
        assert_eq!(first(text), Some((2, 22, "TOML syntax: unclosed array, expected `]`".into())));
        let crlf = text.replace('\n', "\r\n");
        assert_eq!(first(&crlf), Some((2, 22, "TOML syntax: unclosed array, expected `]`".into())));
    }

    /// A missing comma at the end of a line of a multi-line array is said as on one line, at the
    /// end of the item before; an array left open before a `key = …` line stays an unclosed array.
    #[test]
    fn a_missing_comma_between_lines_is_a_missing_comma() {
        let comma = "TOML syntax: missing comma between array elements, expected `,`";
        let unclosed = "TOML syntax: unclosed array, expected `]`";
        let rows: &[(&str, (usize, usize, &str))] = &[
            ("terms = [\n  \"河长制\",\n  \"湖长制\"\n  \"林长制\",\n]\n", (3, 8, comma)),
            ("terms = [\n  \"河长制\"\n  # 注释\n\n  '湖长制',\n]\n", (2, 8, comma)),
            ("terms = [\"河长制\" \"湖长制\"]\n", (1, 16, comma)),
            ("terms = [\"河长制\"\nname = \"t\"\n", (1, 15, unclosed)),
            ("terms = [\"河长制\"\n\"quoted key\" = 1\n", (1, 15, unclosed)),
        ];
        for (text, (line, column, message)) in rows {
            assert_eq!(first(text), Some((*line, *column, message.to_string())), "{text}");
        }
    }

    #[test]
    fn full_width_characters_get_a_hint() {
        let hint = |text: &str| {
            let (_, errors) = DeTable::parse_recoverable(text);
            first_error("x.toml", text, &errors).and_then(|e| e.hint)
        };
        assert_eq!(
            hint("name ＝ \"t\"\n").as_deref(),
            Some("全角符号 ＝：请改用半角 = / full-width `＝`: write the ASCII `=`")
        );
        assert!(hint("terms = [\"a\"，\"b\"]\n").unwrap().starts_with("全角符号 ，"));
        assert!(hint("terms = ［\"a\"］\n").unwrap().starts_with("全角符号 ［"));
        assert!(hint("ｔｅｒｍｓ = [\"a\"]\n").unwrap().starts_with("全角符号 ｔ"));
        assert!(hint("terms = [“河长制”]\n").unwrap().starts_with("全角符号 “"));
        assert!(hint("name = \"t\" ＃ 注释\n").unwrap().starts_with("全角符号 ＃"));
        assert!(hint("terms = {\"a\"｝\n").is_some());
        assert_eq!(hint("name = \"t\"\nthreshold = 1.2.3\n"), None);
    }

    /// A colon between a key and its value (ASCII or full-width) and a straight quote inside a
    /// string get a hint that names the fix (defects 7 and 20 of the maintainer's test).
    #[test]
    fn colons_and_inner_quotes_get_a_hint() {
        let hint = |text: &str| {
            let (_, errors) = DeTable::parse_recoverable(text);
            first_error("x.toml", text, &errors).and_then(|e| e.hint)
        };
        let colon = "键和值之间用半角 =";
        let quote = "ends the string: leave quotation marks out of terms";
        let rows: &[(&str, Option<&str>)] = &[
            ("name = \"x\"\nterms：[\"甲乙丙\"]\n", Some(colon)),
            ("name = \"x\"\nterms: [\"甲乙丙\"]\n", Some(colon)),
            ("name = \"x\"\n  terms : [\"甲\"]\n", Some(colon)),
            ("name: \"x\"\n", Some(colon)),
            ("\"name\": \"x\"\n", Some(colon)),
            ("name = \"x\"\nterms = [\"推进\"百千万工程\"建设\"]\n", Some(quote)),
            ("name = \"x\"\nterms = [\n  \"推进\"百千万工程\"建设\",\n]\n", Some(quote)),
            ("name = \"推进\"百千万\"工程\"\n", Some(quote)),
            ("name = \"x\"\nterms = ['推进'百千万'建设']\n", Some("a `'` ends the string")),
            // other mistakes keep their own hint, or none
            ("name ＝ \"t\"\n", Some("全角符号 ＝")),
            ("terms = [\"a\"，\"b\"]\n", Some("全角符号 ，")),
            ("terms = [\"a\" \"b\"]\n", None),
            ("name = \"t\"\nthreshold = 1.2.3\n", None),
        ];
        for (text, expected) in rows {
            let got = hint(text);
            match expected {
                Some(h) => assert!(got.as_deref().is_some_and(|g| g.contains(h)), "{text:?}: {got:?}"),
                None => assert_eq!(got, None, "{text:?}"),
            }
        }
    }

    #[test]
    fn other_errors_stay_where_they_are() {
        assert_eq!(first("name = \"t\"\nthreshold = 1.2.3\n").map(|e| (e.0, e.1)), Some((2, 16)));
        assert_eq!(first("name = \"t\"\n").map(|e| e.0), None);
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }
}

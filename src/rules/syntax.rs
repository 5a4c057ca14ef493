//! TOML syntax errors, one per file, at the place that needs the fix.
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
    let (span, message) = errors.iter().map(|e| (e.span().unwrap_or(0..0), e.message())).min_by_key(|(s, _)| s.start)?;
    let (span, message) = left_open_before(text, span.start).unwrap_or((span, message.to_string()));
    Some(RuleError::at(file, text, span, format!("TOML syntax: {}", message.trim())))
}

/// When `at` is the first non-blank character of a line: the error that the text before that line
/// has at its end, if it has one (an array, inline table or string still open there).
fn left_open_before(text: &str, at: usize) -> Option<(Range<usize>, String)> {
    let line_start = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if line_start == 0 || !text[line_start..at].trim().is_empty() {
        return None;
    }
    // the end of the last line before it that holds more than blanks or a comment
    let mut end = line_start;
    loop {
        let before = text[..end].trim_end_matches(['\n', '\r']);
        let start = before.rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let line = before[start..].trim();
        if !line.is_empty() && !line.starts_with('#') {
            end = start + before[start..].trim_end().len();
            break;
        }
        if start == 0 {
            return None;
        }
        end = start;
    }
    let (_, errors) = DeTable::parse_recoverable(&text[..end]);
    errors
        .iter()
        .filter_map(|e| Some((e.span()?, e.message().to_string())))
        .find(|(s, _)| s.start >= end)
        .map(|(_, m)| (end..end, m))
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

    #[test]
    fn other_errors_stay_where_they_are() {
        assert_eq!(first("name = \"t\"\nthreshold = 1.2.3\n").map(|e| (e.0, e.1)), Some((2, 16)));
        assert_eq!(first("name = \"t\"\n").map(|e| e.0), None);
    }
}

//! Errors in rule files: every one carries the file, a 1-based line and column (columns count
//! characters, not bytes) and the source line, so that it can be shown with a caret under the fault.
//! An error about a file as a whole (its name, a `name` it lacks, a file that cannot be read) has
//! line and column 0 and is shown without a source line. Where a mistake has a likely cause, the
//! error carries a hint, shown under the caret as `= help: …`.

use std::fmt;
use std::ops::Range;

use annotate_snippets::{AnnotationKind, Level, Origin, Renderer, Snippet};

/// One problem in a rule file, with its position.
///
/// Its `Debug` output (what `.unwrap()` prints) shows the source line cut around the fault, as
/// [`RuleError::render`] does, not a whole line of a file written on one line.
#[derive(Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleError {
    /// The rule file's name as given to the builder (e.g. `rules/gas_pipeline.toml`).
    pub file: String,
    /// 1-based line of the start of the faulty span; 0 for an error about the whole file.
    pub line: usize,
    /// 1-based column of the start, in characters; 0 for an error about the whole file.
    pub column: usize,
    /// 1-based line of the end of the faulty span (inclusive); 0 for an error about the whole file.
    pub end_line: usize,
    /// 1-based column just past the end, in characters (on `end_line`); 0 for an error about the
    /// whole file.
    pub end_column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What most likely causes it and how to fix it, when that is known (a full-width `＝`, a
    /// top-level key written after the first `[[term]]` …). Left out of the JSON when there is none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The text of line `line`, without its line break.
    #[serde(skip)]
    source_line: String,
    /// The faulty span within `source_line`, in bytes.
    #[serde(skip)]
    line_span: Range<usize>,
}

impl RuleError {
    /// An error at the byte range `span` of `source`, the text of the file `file`.
    pub(crate) fn at(file: &str, source: &str, span: Range<usize>, message: impl Into<String>) -> RuleError {
        RuleError::at_indexed(file, source, &LineIndex::new(source), span, message)
    }

    /// [`RuleError::at`] with the file's lines already indexed: for the many places of one file (every
    /// example of the rules has one), where indexing the lines again for each would be quadratic.
    pub(crate) fn at_indexed(
        file: &str,
        source: &str,
        lines: &LineIndex,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> RuleError {
        let start = before_crlf(source, floor_char_boundary(source, span.start.min(source.len())));
        let end = before_crlf(source, floor_char_boundary(source, span.end.clamp(start, source.len()))).max(start);
        let (line, column, line_start) = lines.line_col(source, start);
        let (end_line, end_column, _) = lines.line_col(source, end);
        let line_end = source[line_start..].find('\n').map_or(source.len(), |i| line_start + i);
        let source_line = source[line_start..line_end].trim_end_matches('\r').to_string();
        let local_start = (start - line_start).min(source_line.len());
        let local_end = (end.min(line_end) - line_start).clamp(local_start, source_line.len());
        RuleError {
            file: file.to_string(),
            line,
            column,
            end_line,
            end_column,
            message: message.into(),
            hint: None,
            source_line,
            line_span: local_start..local_end,
        }
    }

    /// An error about a whole file, at no line of it: line, column, end line and end column are 0,
    /// and it is shown with the file's path only, no source line or caret (a caret under the first
    /// line would point at a key that is not at fault).
    pub(crate) fn whole_file(file: &str, message: impl Into<String>) -> RuleError {
        RuleError {
            file: file.to_string(),
            line: 0,
            column: 0,
            end_line: 0,
            end_column: 0,
            message: message.into(),
            hint: None,
            source_line: String::new(),
            line_span: 0..0,
        }
    }

    /// The error with a hint (see [`RuleError::hint`]).
    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> RuleError {
        self.hint = Some(hint.into());
        self
    }

    /// Whether the error is about the file as a whole (line and column 0: its size, its encoding, a
    /// `name` it lacks …), shown with the file's path only.
    pub fn is_whole_file(&self) -> bool {
        self.line == 0
    }

    /// The text of the line the error is on.
    pub fn source_line(&self) -> &str {
        &self.source_line
    }

    /// The error as plain text: `error: message`, then `--> file:line:col`, the source line and a
    /// caret under the fault (aligned for wide characters).
    pub fn render(&self) -> String {
        self.render_with(&Renderer::plain())
    }

    /// The error rendered with ANSI colours, for a terminal.
    pub fn render_styled(&self) -> String {
        self.render_with(&Renderer::styled())
    }

    fn render_with(&self, renderer: &Renderer) -> String {
        self.render_as(Level::ERROR, renderer)
    }

    /// `name: message` (an error's level with another name), then the place as for an error: for a
    /// failed example (`crate::ExampleFailure::render`).
    pub(crate) fn render_named(&self, name: &'static str, message: &str, styled: bool) -> String {
        let e = RuleError { message: message.to_string(), ..self.clone() };
        e.render_as(Level::ERROR.with_name(name), &if styled { Renderer::styled() } else { Renderer::plain() })
    }

    /// `level: message`, then `--> file:line:col`, the source line and a caret under the span (an
    /// error, or a [`RuleWarning`]).
    fn render_as(&self, level: Level<'_>, renderer: &Renderer) -> String {
        let title = level.primary_title(&self.message);
        let mut group = if self.is_whole_file() {
            // the path only: no line of the file is at fault
            title.element(Origin::path(&self.file))
        } else {
            let mut span = self.line_span.clone();
            if span.is_empty() {
                // Point at one character (or the line end) so that a caret is drawn.
                let next = self.source_line[span.start..].chars().next().map_or(0, char::len_utf8);
                span.end = span.start + next;
            }
            // annotate-snippets prints the column of the span start; it counts characters as we do.
            title.element(
                Snippet::source(&self.source_line)
                    .line_start(self.line)
                    .path(&self.file)
                    .annotation(AnnotationKind::Primary.span(span)),
            )
        };
        if let Some(hint) = &self.hint {
            group = group.element(Level::HELP.message(hint));
        }
        renderer.render(&[group]).to_string()
    }
}

/// One entry of a rule file that can never change a match (see [`crate::RuleSet::warnings`]): an
/// exclusion phrase that holds no term it could cancel, or a `words` entry that no whole-word term
/// could be cut out of. Not an error: the rules build and tag as they would without the entry (an
/// overlay that removes a term can leave a default file's exclusion without one, and must still
/// build), but the entry is most likely written into the wrong theme or left behind.
///
/// The position is that of the entry in its file, as for a [`RuleError`]; it renders the same way,
/// with `warning` in place of `error`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct RuleWarning(RuleError);

/// The warning's place and message are those of a [`RuleError`]: `file`, `line`, `column`,
/// `end_line`, `end_column`, `message` and [`RuleError::source_line`] read through to it.
impl std::ops::Deref for RuleWarning {
    type Target = RuleError;

    fn deref(&self) -> &RuleError {
        &self.0
    }
}

impl RuleWarning {
    /// A warning at the byte range `span` of `source`, the text of the file `file`.
    pub(crate) fn at(file: &str, source: &str, span: Range<usize>, message: impl Into<String>) -> RuleWarning {
        RuleWarning(RuleError::at(file, source, span, message))
    }

    /// [`RuleWarning::at`] with the file's lines already indexed.
    pub(crate) fn at_indexed(
        file: &str,
        source: &str,
        lines: &LineIndex,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> RuleWarning {
        RuleWarning(RuleError::at_indexed(file, source, lines, span, message))
    }

    /// The warning as plain text: `warning: message`, then `--> file:line:col`, the source line and a
    /// caret under the entry.
    pub fn render(&self) -> String {
        self.render_with(&Renderer::plain())
    }

    /// The warning rendered with ANSI colours, for a terminal.
    pub fn render_styled(&self) -> String {
        self.render_with(&Renderer::styled())
    }

    fn render_with(&self, renderer: &Renderer) -> String {
        self.0.render_as(Level::WARNING, renderer)
    }
}

impl fmt::Display for RuleWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: warning: {}", self.file, self.line, self.column, self.message)
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_whole_file() {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
        }
    }
}

impl std::error::Error for RuleError {}

/// How many bytes of the source line `Debug` shows on each side of the fault, at most.
const DEBUG_CONTEXT_BYTES: usize = 60;

impl fmt::Debug for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = &self.source_line;
        let span = &self.line_span;
        let source_line: std::borrow::Cow<'_, str> = if line.len() <= 3 * DEBUG_CONTEXT_BYTES {
            line.into()
        } else {
            // the fault with some context each side (a long fault shown by its start), cut on chars
            let start = floor_char_boundary(line, span.start.saturating_sub(DEBUG_CONTEXT_BYTES));
            let mut end = (span.end.min(span.start + DEBUG_CONTEXT_BYTES) + DEBUG_CONTEXT_BYTES).min(line.len());
            while !line.is_char_boundary(end) {
                end += 1;
            }
            let (before, after) = (if start > 0 { "..." } else { "" }, if end < line.len() { "..." } else { "" });
            format!("{before}{}{after}", &line[start..end]).into()
        };
        f.debug_struct("RuleError")
            .field("file", &self.file)
            .field("line", &self.line)
            .field("column", &self.column)
            .field("end_line", &self.end_line)
            .field("end_column", &self.end_column)
            .field("message", &self.message)
            .field("hint", &self.hint)
            .field("source_line", &source_line)
            .finish_non_exhaustive()
    }
}

/// All the problems found in a set of rule files (never empty when returned as an error). Serialises
/// as the JSON array of its errors.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct RuleErrors {
    errors: Vec<RuleError>,
}

impl RuleErrors {
    pub(crate) fn new(mut errors: Vec<RuleError>) -> RuleErrors {
        errors.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        errors.dedup();
        RuleErrors { errors }
    }

    /// The errors, sorted by file, line and column.
    pub fn iter(&self) -> std::slice::Iter<'_, RuleError> {
        self.errors.iter()
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Always false for a returned error; here for completeness.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// Every error rendered with its source line and caret, separated by blank lines, followed by a
    /// count.
    pub fn render(&self) -> String {
        self.render_all(RuleError::render)
    }

    /// Like [`RuleErrors::render`], with ANSI colours.
    pub fn render_styled(&self) -> String {
        self.render_all(RuleError::render_styled)
    }

    fn render_all(&self, one: fn(&RuleError) -> String) -> String {
        let mut out = String::new();
        for e in &self.errors {
            out.push_str(&one(e));
            out.push_str("\n\n");
        }
        out.push_str(&self.count_line());
        out.push('\n');
        out
    }

    fn count_line(&self) -> String {
        let n = self.errors.len();
        format!("{n} error{} in rule files", if n == 1 { "" } else { "s" })
    }
}

impl IntoIterator for RuleErrors {
    type Item = RuleError;
    type IntoIter = std::vec::IntoIter<RuleError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl<'a> IntoIterator for &'a RuleErrors {
    type Item = &'a RuleError;
    type IntoIter = std::slice::Iter<'a, RuleError>;
    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl fmt::Display for RuleErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.errors {
            writeln!(f, "{e}")?;
        }
        write!(f, "{}", self.count_line())
    }
}

impl std::error::Error for RuleErrors {}

/// Where each line of one text starts, to give the line and column of its offsets (1-based, columns in
/// characters): the one way rule errors and messages place an offset, O(log n) each once indexed.
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line: 0, then one after each `\n`.
    starts: Vec<usize>,
}

impl LineIndex {
    /// The index of `source`'s lines.
    pub(crate) fn new(source: &str) -> LineIndex {
        LineIndex { starts: std::iter::once(0).chain(source.match_indices('\n').map(|(i, _)| i + 1)).collect() }
    }

    /// 1-based line and char column of byte offset `at` of `source` (the text the index was made of),
    /// and the byte offset where that line starts.
    pub(crate) fn line_col(&self, source: &str, at: usize) -> (usize, usize, usize) {
        // the lines that start at or before `at`: at least the first, which starts at 0
        let line = self.starts.partition_point(|&s| s <= at);
        let line_start = self.starts[line - 1];
        (line, source[line_start..at].chars().count() + 1, line_start)
    }
}

/// An offset on the `\n` of a `\r\n` line end moves to the `\r`: the column is then the one after the
/// line's last character, as the rendered line (without its `\r`) shows it.
fn before_crlf(s: &str, i: usize) -> usize {
    if i > 0 && s[i..].starts_with('\n') && s[..i].ends_with('\r') { i - 1 } else { i }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    /// The line index gives the same line, column and line start as counting, at every offset of a
    /// text with empty lines, `\r\n` ends, a character beyond the BMP and no final line break.
    #[test]
    fn line_index_agrees_with_counting() {
        for text in ["", "\n", "a", "𠮷\n\n一二\r\nx = \"𠮷\"\n\n末", "terms = []\n"] {
            let index = super::LineIndex::new(text);
            for at in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                let before = &text[..at];
                let line_start = before.rfind('\n').map_or(0, |i| i + 1);
                let counted = (before.matches('\n').count() + 1, text[line_start..at].chars().count() + 1, line_start);
                assert_eq!(index.line_col(text, at), counted, "{text:?} at {at}");
            }
        }
    }

    /// `Debug` (what `.unwrap()` prints) shows a long source line cut around the fault, with `...`
    /// where it is cut, and a short one whole.
    #[test]
    fn debug_cuts_a_long_source_line() {
        let long = format!("terms = [{}\"坏\" 1]", "\"夜间经济\", ".repeat(20_000));
        let cases: &[(&str, &str, usize, &[&str])] = &[
            // (source, fault, the most bytes of Debug, what it shows)
            ("name = 1\n", "1", 400, &["source_line: \"name = 1\""]),
            (&long, "1]", 600, &["source_line: \"...", " 1]\", .."]),
            (&long, "terms", 600, &["source_line: \"terms = [", "...\", .."]),
        ];
        for &(source, fault, most, shows) in cases {
            let at = source.find(fault).unwrap();
            let e = super::RuleError::at("a.toml", source, at..at + fault.len(), "bad");
            let debug = format!("{e:?}");
            assert!(debug.len() <= most, "{} bytes: {}", debug.len(), &debug[..300.min(debug.len())]);
            for s in shows {
                assert!(debug.contains(s), "{s} in {debug}");
            }
            let errors = super::RuleErrors::new(vec![e]);
            assert!(format!("{errors:?}").len() <= most + 40);
        }
    }

    use super::*;

    #[test]
    fn positions_count_characters() {
        let src = "name = \"河长\"\nwieght = 1\n";
        let at = src.find("wieght").unwrap();
        let e = RuleError::at("x.toml", src, at..at + 6, "unknown key `wieght`");
        assert_eq!((e.line, e.column, e.end_line, e.end_column), (2, 1, 2, 7));
        let at = src.find('长').unwrap();
        let e = RuleError::at("x.toml", src, at..at + 3, "m");
        assert_eq!((e.line, e.column, e.end_column), (1, 10, 11));
    }

    #[test]
    fn crlf_line_ends_count_as_in_the_rendering() {
        // toml points at the \n of a \r\n: the column is the one past the line's last character
        let src = "terms = [\"a\"\r\nname = 1\r\n";
        let at = src.find('\n').unwrap();
        let e = RuleError::at("x.toml", src, at..at, "unclosed array");
        assert_eq!((e.line, e.column), (1, 13));
        assert!(e.render().contains("x.toml:1:13"), "{}", e.render());
    }

    #[test]
    fn render_has_path_line_and_caret() {
        let src = "terms = [\"河长制\", 3]\n";
        let at = src.find('3').unwrap();
        let e = RuleError::at("rules/x.toml", src, at..at + 1, "a term must be a string");
        let r = e.render();
        assert!(r.contains("rules/x.toml:1:17"), "{r}");
        assert!(r.contains('^'), "{r}");
    }
}

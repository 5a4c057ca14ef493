//! The examples and counter-examples of the rules, run against the tagger.

use std::ops::Range;

use serde::Serialize;

use super::Tagger;
use super::find::FindBuffers;

impl Tagger {
    /// Runs every example and counter-example of the rule set; returns the failures: the body of
    /// [`Tagger::check_examples`].
    pub(super) fn run_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        let mut buf = FindBuffers::default();
        let mut raw = Vec::new();
        for ex in &self.rules.examples {
            raw.clear();
            self.find(&ex.text, 0..ex.text.len(), &[], &mut buf, &mut raw, None);
            let tagged = self.score(&raw, buf.closing).iter().any(|t| t.0 == ex.theme);
            let mut spans: Vec<Range<usize>> = raw
                .iter()
                .filter(|m| m.terms.iter().any(|&t| self.rules.terms[t as usize].theme == ex.theme))
                .map(|m| m.span.clone())
                .collect();
            // `{{…}}` marks the outermost matches: a word of a proximity match inside it is not marked
            spans.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
            spans.dedup_by(|inner, outer| inner.end <= outer.end);
            let problem = if ex.positive {
                if !tagged {
                    Some(format!(
                        "should tag `{}` but does not (matched: {})",
                        self.rules.themes[ex.theme].id,
                        mark(&ex.text, &spans)
                    ))
                } else if spans != ex.spans {
                    Some(format!(
                        "matched {} but the example marks {}",
                        mark(&ex.text, &spans),
                        mark(&ex.text, &ex.spans)
                    ))
                } else {
                    None
                }
            } else if tagged {
                Some(format!(
                    "should not tag `{}` but does (matched: {})",
                    self.rules.themes[ex.theme].id,
                    mark(&ex.text, &spans)
                ))
            } else {
                None
            };
            if let Some(message) = problem {
                failures.push(ExampleFailure {
                    file: ex.file.clone(),
                    line: ex.line,
                    column: ex.column,
                    theme: self.rules.themes[ex.theme].id.clone(),
                    positive: ex.positive,
                    text: ex.text.clone(),
                    message,
                    place: ex.place.clone(),
                });
            }
        }
        // in the order of the files (a file's examples and counter-examples come by key)
        failures.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
        failures
    }
}

/// An example or counter-example that does not hold.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ExampleFailure {
    /// Rule file.
    pub file: String,
    /// 1-based line of the example.
    pub line: usize,
    /// 1-based column (chars).
    pub column: usize,
    /// Theme id.
    pub theme: String,
    /// An example (true) or a counter-example (false).
    pub positive: bool,
    /// The sentence.
    pub text: String,
    /// What went wrong, with the matches marked `{{…}}`.
    pub message: String,
    /// Where the example is written, to show its line (every example has its place: see
    /// [`crate::Example`]).
    #[serde(skip)]
    place: crate::RuleError,
}

impl ExampleFailure {
    /// The failure as plain text, rendered as a rule error is: `failed: example of `theme`: …`, then
    /// `--> file:line:col`, the example's line and a caret under the start of the example string
    /// (every failure has them: examples come from rule files). [`std::fmt::Display`] gives the
    /// one-line form, `file:line:col: example of `theme`: …`.
    pub fn render(&self) -> String {
        self.render_with(false)
    }

    /// Like [`ExampleFailure::render`], with ANSI colours.
    pub fn render_styled(&self) -> String {
        self.render_with(true)
    }

    fn render_with(&self, styled: bool) -> String {
        let kind = if self.positive { "example" } else { "counter-example" };
        self.place.render_named("failed", &format!("{kind} of `{}`: {}", self.theme, self.message), styled)
    }
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = if self.positive { "example" } else { "counter-example" };
        write!(f, "{}:{}:{}: {kind} of `{}`: {}", self.file, self.line, self.column, self.theme, self.message)
    }
}

fn mark(text: &str, spans: &[Range<usize>]) -> String {
    if spans.is_empty() {
        return "nothing".into();
    }
    let mut out = String::new();
    let mut last = 0;
    for s in spans {
        out.push_str(&text[last..s.start]);
        out.push_str("{{");
        out.push_str(&text[s.clone()]);
        out.push_str("}}");
        last = s.end;
    }
    out.push_str(&text[last..]);
    out
}

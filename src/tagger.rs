//! The tagger: one Aho-Corasick automaton over every term, guards, scores and the report.

use std::ops::Range;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Input, MatchKind};
use serde::Serialize;

use crate::normalize::Normalized;
use crate::report::{OffsetCounter, Report, ReportMatch, ReportParagraph, ReportTheme, RulesInfo, Span, Summary};
use crate::rules::{Guard, RuleSet, Term};
use crate::segment::{segment, ParagraphKind};

/// Tags text with the themes of a [`RuleSet`].
///
/// Building compiles every term of every theme into one automaton; tagging is then a single pass
/// over each paragraph. A `Tagger` is immutable and can be shared between threads.
#[derive(Debug, Clone)]
pub struct Tagger {
    rules: RuleSet,
    automaton: AhoCorasick,
    /// For each automaton pattern, the terms (indices into `rules.terms`) with that folded text.
    pattern_terms: Vec<Vec<u32>>,
    exclusions: Option<Exclusions>,
}

#[derive(Debug, Clone)]
struct Exclusions {
    automaton: AhoCorasick,
    /// For each exclusion pattern, whom it protects.
    owners: Vec<Vec<ExclusionOwner>>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum ExclusionOwner {
    Theme(usize),
    Term(u32),
}

/// Why a candidate match was not counted for a theme (see [`Tagger::explain`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", content = "detail", rename_all = "kebab-case")]
pub enum Rejection {
    /// An ASCII-digit term touches another digit (13105, 2021310).
    DigitNeighbour,
    /// None of the term's positive guards (quoted, near, before, after) held.
    GuardNotMet,
    /// A forbidden word stands within the window.
    ForbiddenWord(String),
    /// The match lies inside an exclusion phrase.
    Excluded(String),
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Rejection::DigitNeighbour => write!(f, "touches another digit (part of a number)"),
            Rejection::GuardNotMet => write!(f, "its guard is not met (not quoted and no required word nearby)"),
            Rejection::ForbiddenWord(w) => write!(f, "forbidden word `{w}` nearby"),
            Rejection::Excluded(p) => write!(f, "inside the exclusion phrase `{p}`"),
        }
    }
}

/// One candidate found by the automaton, accepted or not, with the reasons (see [`Tagger::explain`]).
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    /// Char offset of the start in the whole text.
    pub start: usize,
    /// Char offset of the end.
    pub end: usize,
    /// The rule's term.
    pub term: String,
    /// The original text.
    pub text: String,
    /// Themes that counted it.
    pub accepted: Vec<String>,
    /// Themes that did not, and why.
    pub rejected: Vec<(String, Rejection)>,
}

/// One automaton candidate as found by `find`, with the terms that accepted and rejected it.
pub(crate) struct Logged {
    span: Range<usize>,
    pattern: usize,
    accepted: Vec<u32>,
    rejected: Vec<(u32, Rejection)>,
}

/// A match inside one paragraph, in bytes of the original text (relative to the whole input).
#[derive(Debug, Clone)]
pub(crate) struct RawMatch {
    pub span: Range<usize>,
    /// Terms that accepted the match.
    pub terms: Vec<u32>,
}

impl Tagger {
    /// Compiles `rules` into a tagger.
    pub fn new(rules: RuleSet) -> Tagger {
        let mut patterns: Vec<&str> = Vec::new();
        let mut pattern_terms: Vec<Vec<u32>> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for (i, t) in rules.terms.iter().enumerate() {
            let p = *index.entry(t.folded.as_str()).or_insert_with(|| {
                patterns.push(t.folded.as_str());
                pattern_terms.push(Vec::new());
                patterns.len() - 1
            });
            pattern_terms[p].push(i as u32);
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .expect("term automaton fits in memory");

        let mut ex_patterns: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<ExclusionOwner>> = Vec::new();
        let mut add = |phrase: &str, owner: ExclusionOwner| match ex_patterns.iter().position(|p| p == phrase) {
            Some(i) => owners[i].push(owner),
            None => {
                ex_patterns.push(phrase.to_string());
                owners.push(vec![owner]);
            }
        };
        for (i, theme) in rules.themes.iter().enumerate() {
            for p in &theme.exclude {
                add(p, ExclusionOwner::Theme(i));
            }
        }
        for (i, t) in rules.terms.iter().enumerate() {
            for p in &t.guard.exclude {
                add(p, ExclusionOwner::Term(i as u32));
            }
        }
        let exclusions = (!ex_patterns.is_empty()).then(|| Exclusions {
            automaton: AhoCorasickBuilder::new()
                .match_kind(MatchKind::Standard)
                .build(&ex_patterns)
                .expect("exclusion automaton fits in memory"),
            owners,
        });
        Tagger { rules, automaton, pattern_terms, exclusions }
    }

    /// A tagger over the embedded default rules.
    pub fn builtin() -> Tagger {
        Tagger::new(RuleSet::builtin())
    }

    /// The rules this tagger was built from.
    pub fn rules(&self) -> &RuleSet {
        &self.rules
    }

    /// Segments `text` into paragraphs and tags each one.
    pub fn tag(&self, text: &str) -> Report {
        let mut norm = Normalized::default();
        let mut counter = OffsetCounter::default();
        let mut paragraphs = Vec::new();
        let mut raw = Vec::new();
        for (index, seg) in segment(text).into_iter().enumerate() {
            // Matches lie inside the paragraph, so the counter visits paragraph start, each match, then
            // the paragraph end: the paragraph's span is put together from its two ends.
            let (start, byte_start, utf16_start) = counter.advance(text, seg.start);
            let mut themes = Vec::new();
            let mut matches = Vec::new();
            raw.clear();
            if seg.kind != ParagraphKind::Boilerplate {
                self.find(text, seg.start..seg.end, &mut norm, &mut raw, None);
                themes = self.score(&raw);
                for m in &raw {
                    // the accepting terms of one pattern belong to different themes: a theme cannot
                    // list the same (folded) term twice, so the ids are distinct
                    let ids: Vec<String> =
                        m.terms.iter().map(|&t| self.rules.themes[self.rules.terms[t as usize].theme].id.clone()).collect();
                    matches.push(ReportMatch {
                        span: counter.span(text, m.span.start, m.span.end),
                        term: self.rules.terms[m.terms[0] as usize].text.clone(),
                        text: text[m.span.clone()].to_string(),
                        themes: ids,
                    });
                }
            }
            let (end, byte_end, utf16_end) = counter.advance(text, seg.end);
            paragraphs.push(ReportParagraph {
                index,
                span: Span { start, end, byte_start, byte_end, utf16_start, utf16_end },
                section: seg.section,
                part: seg.part,
                kind: seg.kind,
                themes,
                matches,
            });
        }
        let summary = Summary::new(&self.rules, &paragraphs);
        Report { tifa: crate::VERSION, rules: RulesInfo::new(&self.rules), paragraphs, summary }
    }

    /// Every candidate the automaton finds in `text`, with the themes that counted it and the reasons
    /// the others did not (guards, exclusions, digits). Boilerplate lines are skipped as in [`Tagger::tag`].
    pub fn explain(&self, text: &str) -> Vec<Candidate> {
        let mut norm = Normalized::default();
        let mut raw = Vec::new();
        let mut log = Vec::new();
        for seg in segment(text) {
            if seg.kind == ParagraphKind::Boilerplate {
                continue;
            }
            raw.clear(); // only the log is read here
            self.find(text, seg.start..seg.end, &mut norm, &mut raw, Some(&mut log));
        }
        let mut counter = OffsetCounter::default();
        log.into_iter()
            .map(|Logged { span, pattern, accepted, rejected }| {
                let Span { start, end, .. } = counter.span(text, span.start, span.end);
                let theme_of = |t: u32| self.rules.themes[self.rules.terms[t as usize].theme].id.clone();
                Candidate {
                    start,
                    end,
                    term: self.rules.terms[self.pattern_terms[pattern][0] as usize].text.clone(),
                    text: text[span].to_string(),
                    accepted: accepted.into_iter().map(theme_of).collect(),
                    rejected: rejected.into_iter().map(|(t, r)| (theme_of(t), r)).collect(),
                }
            })
            .collect()
    }

    /// Finds the accepted matches in `text[range]` (one paragraph) and appends them to `out`.
    /// With `log`, every candidate is recorded with its accepted and rejected terms.
    pub(crate) fn find(
        &self,
        text: &str,
        range: Range<usize>,
        norm: &mut Normalized,
        out: &mut Vec<RawMatch>,
        mut log: Option<&mut Vec<Logged>>,
    ) {
        let para = &text[range.clone()];
        norm.fold(para);
        let hay = norm.text.as_str();
        let excluded: Vec<(usize, usize, usize)> = match &self.exclusions {
            Some(ex) => ex.automaton.find_overlapping_iter(hay).map(|m| (m.start(), m.end(), m.pattern().as_usize())).collect(),
            None => Vec::new(),
        };
        let mut pos = 0;
        while pos < hay.len() {
            let Some(m) = self.automaton.find(Input::new(hay).range(pos..)) else { break };
            let (s, e) = (m.start(), m.end());
            let mut accepted = Vec::new();
            let mut rejected = Vec::new();
            for &t in &self.pattern_terms[m.pattern().as_usize()] {
                let term = &self.rules.terms[t as usize];
                match self.check(term, t, hay, s, e, &excluded) {
                    Ok(()) => accepted.push(t),
                    // Reasons are kept only for `explain`.
                    Err(r) if log.is_some() => rejected.push((t, r)),
                    Err(_) => {}
                }
            }
            let span = range.start + norm.original_start(s)..range.start + norm.original_end(para, e);
            if let Some(log) = log.as_deref_mut() {
                log.push(Logged { span: span.clone(), pattern: m.pattern().as_usize(), accepted: accepted.clone(), rejected });
            }
            if accepted.is_empty() {
                // Let a term that starts inside the rejected one match.
                pos = s + hay[s..].chars().next().map_or(1, char::len_utf8);
            } else {
                out.push(RawMatch { span, terms: accepted });
                pos = e;
            }
        }
    }

    fn check(&self, term: &Term, id: u32, hay: &str, s: usize, e: usize, excluded: &[(usize, usize, usize)]) -> Result<(), Rejection> {
        let g: &Guard = &term.guard;
        if g.digit_start && hay[..s].ends_with(|c: char| c.is_ascii_digit()) {
            return Err(Rejection::DigitNeighbour);
        }
        if g.digit_end && hay[e..].starts_with(|c: char| c.is_ascii_digit()) {
            return Err(Rejection::DigitNeighbour);
        }
        if g.digit_start && hay[..s].ends_with('.') && hay[..s - 1].ends_with(|c: char| c.is_ascii_digit()) {
            return Err(Rejection::DigitNeighbour);
        }
        if g.digit_end && hay[e..].starts_with('.') && hay[e + 1..].starts_with(|c: char| c.is_ascii_digit()) {
            return Err(Rejection::DigitNeighbour);
        }
        if let Some(ex) = &self.exclusions {
            for &(xs, xe, p) in excluded {
                if xs <= s && e <= xe {
                    let owns = ex.owners[p].iter().any(|o| *o == ExclusionOwner::Theme(term.theme) || *o == ExclusionOwner::Term(id));
                    if owns {
                        return Err(Rejection::Excluded(hay[xs..xe].to_string()));
                    }
                }
            }
        }
        if !g.has_positive() && g.not_near.is_empty() && g.not_before.is_empty() && g.not_after.is_empty() {
            // Most terms have no context guard: nothing more to look at.
            return Ok(());
        }
        let before = window_before(hay, s, g.window);
        let after = window_after(hay, e, g.window);
        for w in g.not_near.iter().chain(&g.not_before) {
            if before.contains(w.as_str()) {
                return Err(Rejection::ForbiddenWord(w.clone()));
            }
        }
        for w in g.not_near.iter().chain(&g.not_after) {
            if after.contains(w.as_str()) {
                return Err(Rejection::ForbiddenWord(w.clone()));
            }
        }
        if !g.has_positive() {
            return Ok(());
        }
        let ok = (g.quoted && is_quoted(hay, s, e))
            || g.near.iter().any(|w| before.contains(w.as_str()) || after.contains(w.as_str()))
            || g.before.iter().any(|w| before.contains(w.as_str()))
            || g.after.iter().any(|w| after.contains(w.as_str()));
        if ok { Ok(()) } else { Err(Rejection::GuardNotMet) }
    }

    /// Theme scores of a paragraph's matches: the summed weights of distinct terms, kept when they reach
    /// the theme's threshold; highest score first.
    fn score(&self, raw: &[RawMatch]) -> Vec<ReportTheme> {
        let mut hits: Vec<(usize, u32)> = Vec::new(); // (theme, term)
        for m in raw {
            for &t in &m.terms {
                hits.push((self.rules.terms[t as usize].theme, t));
            }
        }
        hits.sort_unstable();
        hits.dedup();
        let mut out: Vec<ReportTheme> = Vec::new();
        let mut i = 0;
        while i < hits.len() {
            let theme = hits[i].0;
            let mut score = 0.0f32;
            let mut terms = Vec::new();
            let mut subs: Vec<String> = Vec::new();
            while i < hits.len() && hits[i].0 == theme {
                let term = &self.rules.terms[hits[i].1 as usize];
                score += term.weight;
                terms.push(term.text.clone());
                if let Some(s) = &term.sub_theme {
                    if !subs.contains(s) {
                        subs.push(s.clone());
                    }
                }
                i += 1;
            }
            let th = &self.rules.themes[theme];
            if score + 1e-6 >= th.threshold {
                out.push(ReportTheme { id: th.id.clone(), name: th.name.clone(), score: round2(score), terms, sub_themes: subs });
            }
        }
        out.sort_by(|a, b| b.score.total_cmp(&a.score));
        out
    }

    /// Runs every example and counter-example of the rule set; returns the failures.
    pub fn check_examples(&self) -> Vec<ExampleFailure> {
        let mut failures = Vec::new();
        let mut norm = Normalized::default();
        let mut raw = Vec::new();
        for ex in &self.rules.examples {
            raw.clear();
            self.find(&ex.text, 0..ex.text.len(), &mut norm, &mut raw, None);
            let tagged = self.score(&raw).iter().any(|t| t.id == self.rules.themes[ex.theme].id);
            let spans: Vec<Range<usize>> = raw
                .iter()
                .filter(|m| m.terms.iter().any(|&t| self.rules.terms[t as usize].theme == ex.theme))
                .map(|m| m.span.clone())
                .collect();
            let problem = if ex.positive {
                if !tagged {
                    Some(format!("should tag `{}` but does not (matched: {})", self.rules.themes[ex.theme].id, mark(&ex.text, &spans)))
                } else if spans != ex.spans {
                    Some(format!("matched {} but the example marks {}", mark(&ex.text, &spans), mark(&ex.text, &ex.spans)))
                } else {
                    None
                }
            } else if tagged {
                Some(format!("should not tag `{}` but does (matched: {})", self.rules.themes[ex.theme].id, mark(&ex.text, &spans)))
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
                });
            }
        }
        failures
    }
}

/// An example or counter-example that does not hold.
#[derive(Debug, Clone, Serialize)]
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

fn round2(x: f32) -> f32 {
    (x * 100.0).round() / 100.0
}

fn window_before(hay: &str, s: usize, n: usize) -> &str {
    let mut start = s;
    for (i, _) in hay[..s].char_indices().rev().take(n) {
        start = i;
    }
    &hay[start..s]
}

fn window_after(hay: &str, e: usize, n: usize) -> &str {
    let end = hay[e..].char_indices().nth(n).map_or(hay.len(), |(i, _)| e + i);
    &hay[e..end]
}

const OPENING: &[char] = &['“', '「', '『', '‘', '《', '〈'];
const CLOSING: &[char] = &['”', '」', '』', '’', '》', '〉'];
const QUOTE_REACH: usize = 20;

/// Whether `hay[s..e]` stands inside quotation marks: the nearest quote mark before it (within a short
/// reach) opens, and the nearest after it closes. Straight quotes `"` count by parity.
fn is_quoted(hay: &str, s: usize, e: usize) -> bool {
    let before = hay[..s].chars().rev().take(QUOTE_REACH).find(|c| OPENING.contains(c) || CLOSING.contains(c) || *c == '"');
    let after = hay[e..].chars().take(QUOTE_REACH).find(|c| OPENING.contains(c) || CLOSING.contains(c) || *c == '"');
    match (before, after) {
        (Some('"'), Some('"')) => hay[..s].matches('"').count() % 2 == 1,
        (Some(b), Some(a)) => OPENING.contains(&b) && CLOSING.contains(&a),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes() {
        assert!(is_quoted("省委“1310”具体部署", "省委“".len(), "省委“1310".len()));
        assert!(is_quoted("\"1310\"", 1, 5));
        assert!(!is_quoted("共1310宗", 3, 7));
        assert!(!is_quoted("“好”的1310宗", "“好”的".len(), "“好”的1310".len()));
    }

    #[test]
    fn windows_count_chars() {
        let h = "省委“1310”具体部署";
        let s = h.find("1310").unwrap();
        assert_eq!(window_before(h, s, 2), "委“");
        assert_eq!(window_after(h, s + 4, 3), "”具体");
    }
}

//! Evaluation against hand-labelled paragraphs: per-theme precision, recall and F1, and the false
//! positives and false negatives with the terms involved.
//!
//! The gold format is JSON Lines, one paragraph per line: `{"id": "…", "text": "…", "themes": ["…"]}`.
//! `themes` is the complete set of themes a reader gives the paragraph (empty when none applies). The
//! id may be any JSON scalar, as a record's of `tifa tag --jsonl`: a number (`1`) is read as the
//! string of its JSON text (`"1"`).

use serde::{Deserialize, Serialize};

use crate::Tagger;
use crate::segment::ParagraphKind;
use crate::tagger::FindBuffers;
use crate::tagger::paragraphs_of;

/// One labelled paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoldRecord {
    /// Any identifier (e.g. `report-stem:0012`); in JSON any scalar, a number or boolean read as its
    /// JSON text.
    #[serde(deserialize_with = "scalar_id")]
    pub id: String,
    /// The paragraph text.
    pub text: String,
    /// The theme ids a reader gives it.
    pub themes: Vec<String>,
}

/// A gold id: a string, or another JSON scalar as its JSON text (`1` → `"1"`).
fn scalar_id<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) => Ok(s),
        serde_json::Value::Array(_) => {
            Err(D::Error::custom("field `id` must be a string or another JSON scalar (got an array)"))
        }
        serde_json::Value::Object(_) => {
            Err(D::Error::custom("field `id` must be a string or another JSON scalar (got an object)"))
        }
        scalar => Ok(scalar.to_string()),
    }
}

/// A line of a gold file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldError {
    /// 1-based line in the gold file.
    pub line: usize,
    /// 1-based column (in characters) of the line where the error is.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for GoldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, column {}: {}", self.line, self.column, self.message)
    }
}

impl GoldError {
    /// The error of serde on `text`, line `line` of a gold file: its message without serde's place,
    /// and its column in characters.
    fn of(line: usize, text: &str, e: &serde_json::Error) -> GoldError {
        let full = e.to_string();
        let message = full.rsplit_once(" at line ").map_or(full.as_str(), |(m, _)| m).to_string();
        let mut byte = if e.classify() == serde_json::error::Category::Eof {
            text.len()
        } else {
            e.column().saturating_sub(1).min(text.len())
        };
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        GoldError { line, column: text[..byte].chars().count() + 1, message }
    }
}

impl std::error::Error for GoldError {}

impl GoldRecord {
    /// Reads a JSON Lines gold file, keeping the good records and reporting every bad line (blank
    /// lines are skipped), so that one bad record does not stop the others.
    pub fn read_jsonl(text: &str) -> (Vec<GoldRecord>, Vec<GoldError>) {
        let mut records = Vec::new();
        let mut errors = Vec::new();
        for (i, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<GoldRecord>(line) {
                Ok(r) => records.push(r),
                Err(e) => errors.push(GoldError::of(i + 1, line, &e)),
            }
        }
        (records, errors)
    }

    /// Reads a JSON Lines gold file; blank lines are skipped. All bad lines are reported.
    pub fn parse_jsonl(text: &str) -> Result<Vec<GoldRecord>, Vec<GoldError>> {
        let (records, errors) = GoldRecord::read_jsonl(text);
        if errors.is_empty() { Ok(records) } else { Err(errors) }
    }
}

/// Scores of one theme.
#[derive(Debug, Clone, Serialize)]
pub struct ThemeScore {
    /// Theme id.
    pub id: String,
    /// Paragraphs labelled with the theme.
    pub gold: usize,
    /// Paragraphs the rules tag with it.
    pub predicted: usize,
    /// Both.
    pub true_positives: usize,
    /// Tagged, not labelled.
    pub false_positives: usize,
    /// Labelled, not tagged.
    pub false_negatives: usize,
    /// tp / predicted; `None` (JSON `null`) when nothing is predicted, where it is undefined.
    pub precision: Option<f64>,
    /// tp / gold; `None` (JSON `null`) when nothing is labelled, where it is undefined.
    pub recall: Option<f64>,
    /// Harmonic mean of precision and recall, 2·tp / (2·tp + fp + fn): 0 for a theme with only false
    /// positives or only false negatives; `None` (JSON `null`) when the theme is neither labelled nor
    /// predicted.
    pub f1: Option<f64>,
}

/// Gold labels of a theme that the rules switched off (`enabled = false`): left out of the scores
/// (see [`Evaluation::switched_off`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeftOut {
    /// Theme id.
    pub theme: String,
    /// The rule file that switched it off.
    pub file: String,
    /// How many gold records name it.
    pub labels: usize,
}

/// A disagreement between the rules and the labels.
#[derive(Debug, Clone, Serialize)]
pub struct Miss {
    /// Gold record id.
    pub id: String,
    /// Theme id.
    pub theme: String,
    /// `false-positive` or `false-negative`.
    pub kind: &'static str,
    /// For a false positive the terms that gave the theme; for a false negative the terms of the theme
    /// that matched without reaching the threshold (often none).
    pub terms: Vec<String>,
    /// The paragraph text.
    pub text: String,
}

/// The result of [`evaluate`].
#[derive(Debug, Clone, Serialize)]
pub struct Evaluation {
    /// Records evaluated.
    pub records: usize,
    /// Per theme, in rule order (themes of the rules, then any other labelled ids).
    pub themes: Vec<ThemeScore>,
    /// Micro-averaged precision over all (record, theme) pairs: tp / predicted pairs; `None` (JSON
    /// `null`) when no pair is predicted (no records, or none tagged), where it is undefined.
    pub micro_precision: Option<f64>,
    /// Micro-averaged recall: tp / labelled pairs; `None` (JSON `null`) when no pair is labelled.
    pub micro_recall: Option<f64>,
    /// Micro-averaged F1, 2·tp / (2·tp + fp + fn) over all pairs; `None` (JSON `null`) when no pair is
    /// labelled or predicted (no records, say): a perfect score for nothing would be a lie.
    pub micro_f1: Option<f64>,
    /// Mean F1 over themes with at least one gold paragraph; `None` (JSON `null`) when no theme has one.
    pub macro_f1: Option<f64>,
    /// Every false positive and false negative.
    pub misses: Vec<Miss>,
    /// Gold themes that the rules define but switch off ([`crate::RuleSet::switched_off`]): their
    /// labels are not scored, here or in the averages. In the order of the rules' list.
    pub switched_off: Vec<LeftOut>,
}

/// Tags each record's text and compares the union of its paragraphs' themes with the labels. Labels
/// of a theme that the rules switched off are left out ([`Evaluation::switched_off`]); labels of a
/// theme the rules do not define at all are scored (as false negatives).
pub fn evaluate(tagger: &Tagger, records: &[GoldRecord]) -> Evaluation {
    let rules = tagger.rules();
    let mut ids: Vec<String> = rules.themes().iter().map(|t| t.id.clone()).collect();
    let mut switched_off: Vec<LeftOut> = Vec::new();
    for r in records {
        for t in &r.themes {
            if let Some(off) = rules.switched_off().iter().find(|o| &o.id == t) {
                match switched_off.iter_mut().find(|l| &l.theme == t) {
                    Some(l) => l.labels += 1,
                    None => switched_off.push(LeftOut { theme: t.clone(), file: off.file.clone(), labels: 1 }),
                }
            } else if !ids.contains(t) {
                ids.push(t.clone());
            }
        }
    }
    switched_off.sort_by_key(|l| rules.switched_off().iter().position(|o| o.id == l.theme));
    let mut counts = vec![(0usize, 0usize, 0usize); ids.len()]; // tp, fp, fn
    let mut misses = Vec::new();
    let mut buf = FindBuffers::default();
    let mut raw = Vec::new();
    for r in records {
        let report = tagger.tag(&r.text);
        let mut predicted: Vec<(&str, Vec<String>)> = Vec::new();
        for p in &report.paragraphs {
            for t in &p.themes {
                match predicted.iter_mut().find(|(id, _)| *id == t.id) {
                    Some((_, terms)) => terms.extend(t.terms.iter().map(|x| x.to_string())),
                    None => predicted.push((t.id.as_str(), t.terms.iter().map(|x| x.to_string()).collect())),
                }
            }
        }
        for (i, id) in ids.iter().enumerate() {
            let gold = r.themes.contains(id);
            let pred = predicted.iter().find(|(p, _)| p == id);
            match (gold, pred) {
                (true, Some(_)) => counts[i].0 += 1,
                (false, Some((_, terms))) => {
                    counts[i].1 += 1;
                    misses.push(Miss {
                        id: r.id.clone(),
                        theme: id.clone(),
                        kind: "false-positive",
                        terms: terms.clone(),
                        text: r.text.clone(),
                    });
                }
                (true, None) => {
                    counts[i].2 += 1;
                    let weak = below_threshold_terms(tagger, &r.text, id, &mut buf, &mut raw);
                    misses.push(Miss {
                        id: r.id.clone(),
                        theme: id.clone(),
                        kind: "false-negative",
                        terms: weak,
                        text: r.text.clone(),
                    });
                }
                (false, None) => {}
            }
        }
    }
    // a ratio over nothing is undefined (`None`), for a theme as for the averages
    let defined = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
    let themes: Vec<ThemeScore> = ids
        .iter()
        .zip(&counts)
        .map(|(id, &(tp, fp, fn_))| {
            let precision = defined(tp, tp + fp);
            let recall = defined(tp, tp + fn_);
            ThemeScore {
                id: id.clone(),
                gold: tp + fn_,
                predicted: tp + fp,
                true_positives: tp,
                false_positives: fp,
                false_negatives: fn_,
                precision,
                recall,
                f1: defined(2 * tp, 2 * tp + fp + fn_),
            }
        })
        .collect();
    let (tp, fp, fn_) = counts.iter().fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    // a theme with gold paragraphs has an F1
    let supported: Vec<f64> = themes.iter().filter(|t| t.gold > 0).filter_map(|t| t.f1).collect();
    let macro_f1 = (!supported.is_empty()).then(|| supported.iter().sum::<f64>() / supported.len() as f64);
    let (micro_precision, micro_recall) = (defined(tp, tp + fp), defined(tp, tp + fn_));
    // the harmonic mean of the two, which is 2·tp / (2·tp + fp + fn) (0 when one of them is undefined:
    // then tp is 0, and fp or fn is not)
    let micro_f1 = match (micro_precision, micro_recall) {
        (None, None) => None,
        (Some(p), Some(r)) if p + r > 0.0 => Some(2.0 * p * r / (p + r)),
        _ => Some(0.0),
    };
    Evaluation {
        records: records.len(),
        themes,
        micro_precision,
        micro_recall,
        micro_f1,
        macro_f1,
        misses,
        switched_off,
    }
}

/// Terms of `theme` that matched in `text` without giving it the theme.
fn below_threshold_terms(
    tagger: &Tagger,
    text: &str,
    theme: &str,
    buf: &mut FindBuffers,
    raw: &mut Vec<crate::tagger::RawMatch>,
) -> Vec<String> {
    let rules = tagger.rules();
    let mut out = Vec::new();
    for seg in paragraphs_of(text) {
        if seg.kind == ParagraphKind::Boilerplate {
            continue;
        }
        raw.clear();
        tagger.find(text, seg.start..seg.end, &seg.passed_over, buf, raw, None);
        for m in raw.iter() {
            for &t in &m.terms {
                let term = &rules.terms()[t as usize];
                if rules.themes()[term.theme].id == theme && !out.contains(&term.text) {
                    out.push(term.text.clone());
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The averages are undefined (`None`, shown as `—`) where they would divide by nothing, as the
    /// per-theme figures are: no records is no perfect score.
    #[test]
    fn averages_over_nothing_are_undefined() {
        let tagger = Tagger::builtin();
        let record = |text: &str, themes: &[&str]| GoldRecord {
            id: "1".into(),
            text: text.into(),
            themes: themes.iter().map(|t| t.to_string()).collect(),
        };
        // records; micro precision, recall, F1; macro F1
        type Figures = (Option<f64>, Option<f64>, Option<f64>, Option<f64>);
        let cases: &[(Vec<GoldRecord>, Figures)] = &[
            (vec![], (None, None, None, None)),
            // nothing labelled, nothing tagged
            (vec![record("天气晴朗。", &[])], (None, None, None, None)),
            // tagged, not labelled: precision 0, recall undefined, no theme with gold paragraphs
            (vec![record("全面推行河长制。", &[])], (Some(0.0), None, Some(0.0), None)),
            // labelled, not tagged
            (vec![record("天气晴朗。", &["ecology_environment"])], (None, Some(0.0), Some(0.0), Some(0.0))),
            (vec![record("全面推行河长制。", &["ecology_environment"])], (Some(1.0), Some(1.0), Some(1.0), Some(1.0))),
        ];
        for (records, expected) in cases {
            let e = evaluate(&tagger, records);
            assert_eq!((e.micro_precision, e.micro_recall, e.micro_f1, e.macro_f1), *expected, "{records:?}");
        }
    }

    /// Gold lines: an id may be any JSON scalar; a bad line is an error with its line and column (in
    /// characters), and the other lines are read.
    #[test]
    fn gold_lines() {
        // a line, and its id or its error's column and message
        type Expected<'a> = Result<&'a str, (usize, &'a str)>;
        let cases: &[(&str, Expected)] = &[
            (r#"{"id":"a:1","text":"河长制","themes":[]}"#, Ok("a:1")),
            (r#"{"id":1,"text":"河长制","themes":["x"]}"#, Ok("1")),
            (r#"{"id":1.5,"text":"河长制","themes":[]}"#, Ok("1.5")),
            (r#"{"id":true,"text":"河长制","themes":[]}"#, Ok("true")),
            (r#"{"id":null,"text":"河长制","themes":[]}"#, Ok("null")),
            (
                r#"{"id":[1],"text":"河长制","themes":[]}"#,
                Err((9, "field `id` must be a string or another JSON scalar (got an array)")),
            ),
            (
                r#"{"id":"a","text":"河长制","themes":"x"}"#,
                Err((35, "invalid type: string \"x\", expected a sequence")),
            ),
            (r#"{"id":"a","text":5,"themes":[]}"#, Err((18, "invalid type: integer `5`, expected a string"))),
            (
                r#"{"id":"河长制","text":"河长制","themes":[],"theme":[]}"#,
                Err((44, "unknown field `theme`, expected one of `id`, `text`, `themes`")),
            ),
            (r#"{"id":"a","text":"河长制""#, Err((23, "EOF while parsing an object"))),
        ];
        for (line, expected) in cases {
            let text = format!("\n{line}\n{{\"id\":\"ok\",\"text\":\"\",\"themes\":[]}}\n");
            let (records, errors) = GoldRecord::read_jsonl(&text);
            match expected {
                Ok(id) => {
                    assert!(errors.is_empty(), "{line}: {errors:?}");
                    assert_eq!(records[0].id, *id);
                }
                Err((column, message)) => {
                    assert_eq!(records.len(), 1, "{line}");
                    assert_eq!(
                        errors,
                        [GoldError { line: 2, column: *column, message: message.to_string() }],
                        "{line}"
                    );
                }
            }
        }
    }
}

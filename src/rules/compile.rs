//! Compilation: the checks across files (removed terms, sub-theme references, examples) and the
//! compiled [`RuleSet`].

use std::cell::OnceCell;
use std::collections::HashSet;
use std::ops::Range;

use super::draft::Removed;
use super::{Draft, Example, LeftOutExample, Listed, RuleSet, SubTheme, SwitchedOff, Theme, lint};
use crate::error::{LineIndex, RuleError};
use crate::normalize::fold_str;

/// Turns the drafts into a rule set, checking references across files.
/// `sources` are the builder's `(file name, text)` files, which drafts refer to by index; the first
/// `builtin` of them are the default rules.
pub(super) fn compile(
    drafts: Vec<Draft>,
    sources: &[(&str, &str)],
    builtin: usize,
    errors: &mut Vec<RuleError>,
) -> RuleSet {
    let at = |src: usize, span: Range<usize>, msg: String| RuleError::at(sources[src].0, sources[src].1, span, msg);
    let mut themes = Vec::new();
    let mut terms = Vec::new();
    let mut examples = Vec::new();
    let mut words: Vec<Listed> = Vec::new();
    // the exclusion phrases where they are written, for the warnings: by theme, and by term
    let mut theme_excludes: Vec<Vec<Listed>> = Vec::new();
    let mut term_excludes: Vec<(usize, Vec<Listed>)> = Vec::new();
    let mut table_warnings = Vec::new();
    let mut switched_off = Vec::new();
    // the terms that overlays took out of the default rules, for the default examples
    let removals: Vec<Removed> =
        drafts.iter().flat_map(|d| d.removed.iter().filter(|r| r.defined_in < builtin).cloned()).collect();
    let mut left_out = Vec::new();
    // each file's lines, indexed when its first example is placed
    let line_index: Vec<OnceCell<LineIndex>> = sources.iter().map(|_| OnceCell::new()).collect();
    for mut d in drafts {
        table_warnings.append(&mut d.warnings);
        words.append(&mut d.words);
        for (word, src) in &d.unknown_removes {
            let (file, text) = sources[*src];
            let e = match d.removal_key(word.get_ref()) {
                // defined in the same file (or a later one): `remove` does not reach it
                Some(_) => RuleError::at(file, text, word.span(), format!("`{}` is not a term of theme `{}` in the rules read before this file", word.get_ref(), d.id))
                    .with_hint("`remove` takes terms out of the default rules and of folders given before this one; to drop a term of this file, delete its entry"),
                None => RuleError::at(file, text, word.span(), format!("`{}` is not a term of theme `{}`", word.get_ref(), d.id)),
            };
            errors.push(e);
        }
        if d.enabled == Some(false) {
            switched_off.push(SwitchedOff { id: d.id, file: d.enabled_by.unwrap_or(d.file) });
            continue;
        }
        let index = themes.len();
        let sub_ids: HashSet<&str> = d.subs.iter().map(|(s, _, _, _)| s.as_str()).collect();
        for dt in d.terms {
            let mut term = dt.term;
            term.theme = index;
            if let Some(sub) = dt.sub {
                if sub_ids.contains(sub.get_ref().as_str()) {
                    term.sub_theme = Some(format!("{}.{}", d.id, sub.get_ref()));
                } else {
                    errors.push(at(
                        dt.src,
                        sub.span(),
                        format!("no [[sub-theme]] with id `{}` in theme `{}`", sub.get_ref(), d.id),
                    ));
                }
            }
            if !dt.exclude.is_empty() {
                term_excludes.push((terms.len(), dt.exclude));
            }
            terms.push(term);
        }
        for (text, positive, src) in d.examples {
            match parse_example(text.get_ref()) {
                Ok((plain, spans)) => {
                    if positive && spans.is_empty() {
                        errors.push(at(
                            src,
                            text.span(),
                            "an example must mark the expected matches with {{…}}".into(),
                        ));
                        continue;
                    }
                    let (file, source) = sources[src];
                    let start = text.span().start;
                    let lines = line_index[src].get_or_init(|| LineIndex::new(source));
                    let place = RuleError::at_indexed(file, source, lines, start..start, String::new());
                    let (line, column) = (place.line, place.column);
                    // a default example that uses a term an overlay removed tests what the defaults
                    // were, not what the user's rules are: it is left out (and counted)
                    if src < builtin && !removals.is_empty() {
                        let folded = fold_str(&plain);
                        if let Some(r) = removals.iter().find(|r| r.words.iter().all(|w| folded.contains(w.as_str()))) {
                            left_out.push(LeftOutExample {
                                file: file.to_string(),
                                line,
                                column,
                                term: r.text.clone(),
                            });
                            continue;
                        }
                    }
                    examples.push(Example {
                        theme: index,
                        text: plain,
                        spans,
                        positive,
                        file: file.to_string(),
                        line,
                        column,
                        place,
                    });
                }
                Err(msg) => errors.push(at(src, text.span(), msg)),
            }
        }
        themes.push(Theme {
            name_en: d.name_en.unwrap_or_else(|| d.id.clone()),
            name: d.name.unwrap_or_else(|| d.id.clone()),
            description: d.description.unwrap_or_default(),
            threshold: d.threshold.unwrap_or(1.0),
            closing: d.closing.unwrap_or(false),
            sub_themes: d
                .subs
                .into_iter()
                .map(|(s, n, e, _)| SubTheme { id: format!("{}.{}", d.id, s), name: n, name_en: e })
                .collect(),
            exclude: d.exclude.iter().map(|l| l.folded.clone()).collect(),
            file: d.file,
            id: d.id,
        });
        theme_excludes.push(d.exclude);
    }
    // warnings of rules that build (with errors they would mostly follow from those)
    let warnings = if errors.is_empty() {
        lint::warnings(&themes, &terms, &theme_excludes, &term_excludes, &words, sources, table_warnings)
    } else {
        Vec::new()
    };
    let mut words: Vec<String> = words.into_iter().map(|l| l.folded).collect();
    words.sort();
    words.dedup();
    RuleSet {
        name: String::new(),
        hash: String::new(),
        themes,
        terms,
        examples,
        words,
        warnings,
        switched_off,
        left_out,
    }
}

/// Splits `可{{河长制}}见` into the plain text and the byte ranges of the marked parts.
pub(super) fn parse_example(s: &str) -> Result<(String, Vec<Range<usize>>), String> {
    let mut plain = String::with_capacity(s.len());
    let mut spans = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find("{{") {
        plain.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or("unclosed `{{` in example")?;
        let inner = &after[..close];
        if inner.contains("{{") {
            return Err("nested `{{` in example".into());
        }
        if inner.is_empty() {
            return Err("empty `{{}}` in example".into());
        }
        let start = plain.len();
        plain.push_str(inner);
        spans.push(start..plain.len());
        rest = &after[close + 2..];
    }
    if rest.contains("}}") {
        return Err("`}}` without `{{` in example".into());
    }
    plain.push_str(rest);
    Ok((plain, spans))
}

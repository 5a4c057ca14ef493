//! `tifa diff`: how a change of rules changes the tagging of a batch of reports — the paragraphs whose
//! themes differ between the base rules and the new ones, with the terms behind each theme gained or
//! lost.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use tifa::{ReportParagraph, ReportTheme, RulesInfo, Span};

use super::{Failure, InputEncoding, Outcome, RuleArgs, exit, load_tagger, read_input};

#[derive(Args)]
pub(crate) struct DiffArgs {
    /// Report files (UTF-8, UTF-16 with BOM, or GBK/GB18030; Word .docx; PDF; HTML pages) or folders
    /// (their *.txt, *.text, *.md, *.doc, *.docx, *.pdf, *.htm and *.html files, as `tifa tag` reads them). Standard input when none.
    files: Vec<PathBuf>,
    /// The base rules: a rule file or folder on top of the defaults (repeatable). Without it (and
    /// without --base-no-default-rules) the base is the default rules.
    #[arg(long = "base-rules", value_name = "PATH")]
    base_rules: Vec<PathBuf>,
    /// The base uses only the files given with --base-rules, without the default rules.
    #[arg(long)]
    base_no_default_rules: bool,
    /// Output as JSON.
    #[arg(long)]
    json: bool,
    /// Text output: show at most N changed paragraphs (0: all); the counts cover all of them.
    #[arg(long, value_name = "N", default_value_t = 0)]
    limit: usize,
    /// Text encoding of the input.
    #[arg(long, value_enum, default_value_t = InputEncoding::Auto)]
    encoding: InputEncoding,
    /// The new rules (--rules, --no-default-rules), as for `tifa tag`.
    #[command(flatten)]
    rules: RuleArgs,
}

/// A theme gained or lost by a paragraph, with the terms that tag it (in the new rules for a theme
/// gained, in the base rules for one lost).
#[derive(Serialize)]
struct ThemeChange {
    theme: String,
    name: String,
    terms: Vec<String>,
    /// `new theme` (gained, not in the base rules) or `switched off` (lost, not in the new rules).
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'static str>,
}

/// A paragraph whose themes differ.
#[derive(Serialize)]
struct Changed {
    file: String,
    /// 1-based line where the paragraph starts.
    line: usize,
    /// 0-based paragraph index, as `¶N` in `tifa tag`.
    paragraph: usize,
    /// Where the paragraph is: char, byte and UTF-16 offsets, as in `tifa tag`'s JSON.
    #[serde(flatten)]
    span: Span,
    added: Vec<ThemeChange>,
    removed: Vec<ThemeChange>,
    /// The start of the paragraph, on one line.
    text: String,
}

/// How many paragraphs gained and lost one theme.
#[derive(Serialize, Default)]
struct ThemeCount {
    theme: String,
    added: usize,
    removed: usize,
}

#[derive(Serialize)]
struct Diff {
    base: RulesInfo,
    new: RulesInfo,
    files: usize,
    /// Paragraphs that are not boilerplate, in all files.
    content_paragraphs: usize,
    changed: Vec<Changed>,
    /// Per theme, paragraphs that gained or lost it (themes with a change only, by id).
    themes: Vec<ThemeCount>,
}

/// Chars of a paragraph shown under its change.
const EXCERPT: usize = 40;

pub(crate) fn diff(args: DiffArgs) -> Outcome {
    let base_args = RuleArgs { rules: args.base_rules.clone(), no_default_rules: args.base_no_default_rules };
    if base_args.rules == args.rules.rules && base_args.no_default_rules == args.rules.no_default_rules {
        return Err(Failure::new(
            exit::USAGE,
            "error: the base and the new rules are the same: give the new rules with --rules (and the old ones with --base-rules, when they are not the default rules)",
        ));
    }
    if args.base_no_default_rules && args.base_rules.is_empty() {
        return Err(Failure::new(exit::USAGE, "error: --base-no-default-rules needs at least one --base-rules PATH"));
    }
    let base = load_tagger(&base_args)?;
    let new = load_tagger(&args.rules)?;
    let inputs = super::sources::sources(&args.files, None, false, true)?.list;
    let total = inputs.len();
    let mut changed = Vec::new();
    let mut content_paragraphs = 0;
    let mut failed: Vec<u8> = Vec::new();
    let (mut base_info, mut new_info) = (None, None);
    for input in inputs {
        let read = match input {
            super::sources::Source::Input(path) => read_input(path.as_ref(), args.encoding, super::BadBytes::Refuse),
            super::sources::Source::Unlisted(_, f) => Err(f),
        };
        let (name, text) = match read {
            Ok(read) => read,
            Err(f) => {
                let _ = writeln!(anstream::stderr(), "{}", f.message);
                failed.push(f.code);
                continue;
            }
        };
        let (before, after) = (base.tag(&text), new.tag(&text));
        content_paragraphs += after.summary.content_paragraphs;
        let line_starts = super::gaps::line_starts(&text);
        // paragraphs do not depend on the rules: the two reports have the same ones
        for (b, a) in before.paragraphs.iter().zip(&after.paragraphs) {
            debug_assert_eq!(b.span, a.span);
            let (mut added, mut removed) = (gained(a, b), gained(b, a));
            for t in &mut added {
                t.note = base.rules().theme(&t.theme).is_none().then_some("new theme");
            }
            for t in &mut removed {
                t.note = new.rules().theme(&t.theme).is_none().then_some("switched off");
            }
            if added.is_empty() && removed.is_empty() {
                continue;
            }
            let para = &text[a.span.byte_start..a.span.byte_end];
            let excerpt: String = para.chars().take(EXCERPT).collect();
            let more = if excerpt.len() < para.len() { "…" } else { "" };
            changed.push(Changed {
                file: name.clone(),
                line: line_starts.partition_point(|&s| s <= a.span.byte_start),
                paragraph: a.index,
                span: a.span,
                added,
                removed,
                text: format!("{}{more}", excerpt.split_whitespace().collect::<Vec<_>>().join(" ")),
            });
        }
        base_info.get_or_insert(before.rules);
        new_info.get_or_insert(after.rules);
    }
    let (Some(base_info), Some(new_info)) = (base_info, new_info) else {
        return Err(Failure::new(
            failed[0],
            format!("error: {} of {} inputs could not be read; no comparison", failed.len(), total),
        ));
    };
    let mut counts: BTreeMap<&str, ThemeCount> = BTreeMap::new();
    for c in &changed {
        for t in &c.added {
            counts
                .entry(&t.theme)
                .or_insert_with(|| ThemeCount { theme: t.theme.clone(), ..ThemeCount::default() })
                .added += 1;
        }
        for t in &c.removed {
            counts
                .entry(&t.theme)
                .or_insert_with(|| ThemeCount { theme: t.theme.clone(), ..ThemeCount::default() })
                .removed += 1;
        }
    }
    let themes = counts.into_values().collect();
    let found =
        Diff { base: base_info, new: new_info, files: total - failed.len(), content_paragraphs, changed, themes };
    super::write_report(args.json, &found, |out, found| text_output(out, found, args.limit))?;
    match failed.first() {
        Some(&code) => {
            Err(Failure::new(code, format!("error: {} of {} inputs could not be read", failed.len(), total)))
        }
        None if found.changed.is_empty() => Ok(exit::OK),
        None => Ok(exit::FINDINGS),
    }
}

/// The themes of `p` that `other` (the same paragraph tagged with the other rules) does not have.
fn gained(p: &ReportParagraph, other: &ReportParagraph) -> Vec<ThemeChange> {
    let has = |t: &ReportTheme| other.themes.iter().any(|o| o.id == t.id);
    let mut v: Vec<ThemeChange> = p
        .themes
        .iter()
        .filter(|t| !has(t))
        .map(|t| ThemeChange {
            theme: t.id.to_string(),
            name: t.name.to_string(),
            terms: t.terms.iter().map(|s| s.to_string()).collect(),
            note: None,
        })
        .collect();
    v.sort_by(|a, b| a.theme.cmp(&b.theme));
    v
}

fn text_output(out: &mut dyn Write, d: &Diff, limit: usize) -> io::Result<()> {
    let limit = if limit == 0 { usize::MAX } else { limit };
    writeln!(out, "== base rules {} {} ({} themes, {} terms)", d.base.name, d.base.hash, d.base.themes, d.base.terms)?;
    writeln!(out, "== new rules  {} {} ({} themes, {} terms)", d.new.name, d.new.hash, d.new.themes, d.new.terms)?;
    for c in d.changed.iter().take(limit) {
        writeln!(out, "\n{}:{} ¶{}", c.file, c.line, c.paragraph)?;
        for (sign, list) in [('+', &c.added), ('-', &c.removed)] {
            for t in list {
                let note = t.note.map_or(String::new(), |n| format!("  [{n}]"));
                writeln!(out, "  {sign} {} {}  ({}){note}", t.theme, t.name, t.terms.join(", "))?;
            }
        }
        writeln!(out, "    {}", c.text)?;
    }
    if d.changed.len() > limit {
        writeln!(out, "\n… {} more (--limit 0 shows all)", d.changed.len() - limit)?;
    }
    let files = if d.files == 1 { "1 file".to_string() } else { format!("{} files", d.files) };
    writeln!(out, "\n{} of {} content paragraphs in {files} changed themes", d.changed.len(), d.content_paragraphs)?;
    for t in &d.themes {
        writeln!(out, "  {:<26} +{} -{}", t.theme, t.added, t.removed)?;
    }
    Ok(())
}

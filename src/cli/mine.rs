//! `tifa mine`: candidate terms, exclusions and demotions to weak terms per theme from a labelled training
//! split, as TOML snippets with the evidence in comments (or JSON).

use super::plural;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Args;
use serde::Serialize;
use tifa::{Demotion, Effect, Excerpt, MineError, MineOptions, Mining, TermCandidate, ThemeMining};

use super::{Failure, Outcome, RuleArgs, exit, load_tagger};

#[derive(Args)]
pub(crate) struct MineArgs {
    /// Gold files to mine (JSON Lines: {"id", "text", "themes"}). Mine a training split, never the
    /// split whose figures you report.
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Output as JSON instead of TOML snippets.
    #[arg(long)]
    json: bool,
    /// Mine only this theme (repeatable; default: every theme).
    #[arg(long = "theme", value_name = "ID")]
    themes: Vec<String>,
    /// Candidates shown per theme and list: terms, weak terms, noisy terms, demotions (0: all).
    #[arg(long, value_name = "N", default_value_t = 10)]
    limit: usize,
    /// A candidate term must occur in at least N paragraphs labelled with the theme.
    #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u64).range(1..))]
    min_count: u64,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Serialize)]
struct Output<'a> {
    files: Vec<String>,
    rules: &'a str,
    rules_hash: &'a str,
    #[serde(flatten)]
    mining: &'a Mining,
}

pub(crate) fn mine(args: MineArgs) -> Outcome {
    let tagger = load_tagger(&args.rules)?;
    let (records, failed) = super::read_gold_files(&args.gold, "mined");
    let options = MineOptions {
        themes: args.themes.clone(),
        limit: if args.limit == 0 { usize::MAX } else { args.limit },
        min_count: args.min_count as usize,
    };
    let mining = tifa::mine(tagger, &records, &options).map_err(|e| {
        let (code, theme) = match &e {
            MineError::UnknownTheme(t) => (exit::USAGE, t),
            MineError::UnknownLabel { theme, .. } => (exit::DATAERR, theme),
        };
        let near = tagger.rules().closest_theme(theme).map_or(String::new(), |t| format!(" (did you mean `{t}`?)"));
        Failure::new(code, format!("error: {e}{near}"))
    })?;
    let files: Vec<String> = args.gold.iter().map(|p| p.display().to_string()).collect();
    let rules = tagger.rules();
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        let output = Output { files, rules: rules.name(), rules_hash: rules.hash(), mining: &mining };
        serde_json::to_writer_pretty(&mut out, &output).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        snippets(&mut out, &files, rules.name(), rules.hash(), &mining, &args.rules.rules)?;
    }
    out.flush()?;
    match failed {
        Some(f) => Err(f),
        None => Ok(exit::OK),
    }
}

/// The TOML snippets: a header, then one section per theme with something to propose, each a valid
/// TOML document (an overlay file for that theme), the evidence in comments.
/// `overlays` are the `--rules` paths: they decide where a section is to be pasted ([`paste_target`]).
fn snippets(
    out: &mut impl Write,
    files: &[String],
    rules: &str,
    hash: &str,
    m: &Mining,
    overlays: &[PathBuf],
) -> io::Result<()> {
    writeln!(
        out,
        "# tifa mine: {} paragraphs of {} documents ({}); rules {rules} {hash}; micro F1 {}",
        m.records,
        m.documents,
        files.join(", "),
        super::format::figure(m.micro_f1)
    )?;
    writeln!(
        out,
        "# Candidates come from these files only: mine a training split, never the split you report figures on."
    )?;
    writeln!(
        out,
        "# ΔF1: change of the theme's F1 on these paragraphs when that one line is added alone (micro: all themes);"
    )?;
    writeln!(out, "# TP/FP: paragraphs it newly tags that are / are not labelled with the theme. Vet every line.")?;
    writeln!(out, "# Each section is a TOML overlay for one theme: save it as DIR/<theme>.toml and run")?;
    writeln!(out, "# `tifa eval --rules DIR GOLD…`, then merge what you keep into the theme's rule file.")?;
    let mut idle = Vec::new();
    for t in &m.themes {
        if t.terms.is_empty() && t.weak.is_empty() && t.noisy.is_empty() && t.demote.is_empty() {
            idle.push(t.id.as_str());
            continue;
        }
        section(out, t, &paste_target(t, overlays))?;
    }
    if !idle.is_empty() {
        writeln!(out, "\n# nothing to propose (no false positive, no candidate that raises F1): {}", idle.join(", "))?;
    }
    Ok(())
}

/// Where the maintainer pastes a theme's section. Without `--rules` (`overlays` empty), the theme's
/// rule file (`rules/<theme>.toml`: the maintainer of the default rules). With `--rules`, never a
/// default file, which an overlay maintainer does not edit: the overlay file that defines or extends
/// the theme, when there is one, else a new file named after the theme in the (first) rules folder,
/// which then extends the default theme.
fn paste_target(t: &ThemeMining, overlays: &[PathBuf]) -> String {
    if overlays.is_empty() {
        // the default rules are placed as `<default rules>/…` in messages; their maintainer edits rules/
        return match t.file.strip_prefix(tifa::DEFAULT_RULES_LABEL) {
            Some(rest) => format!("rules{rest}"),
            None => t.file.clone(),
        };
    }
    if overlays.iter().any(|o| Path::new(&t.file).starts_with(o)) {
        return t.file.clone();
    }
    let name = format!("{}.toml", t.id);
    let existing = overlays.iter().find_map(|o| {
        let f = if o.is_dir() { o.join(&name) } else { o.clone() };
        (f.is_file() && f.file_name().is_some_and(|n| n == name.as_str())).then_some(f)
    });
    if let Some(f) = existing {
        return f.display().to_string();
    }
    match overlays.iter().find(|o| o.is_dir()) {
        Some(dir) => {
            format!("{name}, a new file in your rules folder ({}) that extends the default theme", dir.display())
        }
        None => format!("{name}, a new file in your rules folder that extends the default theme"),
    }
}

fn section(out: &mut impl Write, t: &ThemeMining, target: &str) -> io::Result<()> {
    let exclusions: usize = t.noisy.iter().map(|n| n.exclusions.len()).sum();
    writeln!(out)?;
    writeln!(
        out,
        "# ── {} {} · F1 {} ({} labelled: {} TP, {} FP, {} FN) · {}, {}, {}, {} ──",
        t.id,
        t.name,
        super::format::figure(t.f1),
        t.gold,
        t.true_positives,
        t.false_positives,
        t.false_negatives,
        plural(t.terms.len(), "term", "terms"),
        plural(t.weak.len(), "weak term", "weak terms"),
        plural(exclusions, "exclusion", "exclusions"),
        plural(t.demote.len(), "demotion", "demotions"),
    )?;
    // the paste line is for the top-level lists; a section of demotions only has its own instructions
    if !t.terms.is_empty() || !t.weak.is_empty() || exclusions > 0 {
        writeln!(out, "# paste into {target}: merge into its top-level lists, before the first [[term]]")?;
    }
    if !t.terms.is_empty() {
        writeln!(out, "terms = [")?;
        for c in &t.terms {
            candidate(out, c)?;
        }
        writeln!(out, "]")?;
    }
    if !t.weak.is_empty() {
        writeln!(
            out,
            "weak = [  # weight 0.5: alone they would tag more wrongly than rightly; beside other evidence they help"
        )?;
        for c in &t.weak {
            candidate(out, c)?;
        }
        writeln!(out, "]")?;
    }
    if exclusions > 0 {
        writeln!(out, "exclude = [")?;
        for n in &t.noisy {
            for x in &n.exclusions {
                writeln!(
                    out,
                    "  {},  # against {} ({} FP now): {} · {}{}",
                    tifa::toml_string(&x.phrase),
                    n.term,
                    n.false_positives,
                    deltas(&x.effect),
                    counts(&x.effect),
                    documents(" · in", x.paragraphs, "FP paragraph", "FP paragraphs", x.documents),
                )?;
                for e in &x.fixed {
                    excerpt(out, "  #   fixes", e)?;
                }
            }
        }
        writeln!(out, "]")?;
    }
    let bare: Vec<_> = t.noisy.iter().filter(|n| n.exclusions.is_empty()).collect();
    if !bare.is_empty() {
        writeln!(
            out,
            "# false positives with no exclusion phrase that helps (try not-near, a weak term, or a narrower term):"
        )?;
        for n in bare {
            writeln!(out, "#   {} gives {}", n.term, plural(n.false_positives, "FP", "FP"))?;
            for e in &n.examples {
                excerpt(out, "#     FP", e)?;
            }
        }
    }
    if !t.demote.is_empty() {
        demotions(out, &t.demote)?;
    }
    Ok(())
}

/// The candidate demotions, last in a section: a `remove` list and each term defined again as weak
/// (`[[term]]` tables, which must follow every top-level key), as an overlay changes a term defined
/// before it; a comment says what to do in the file that defines the term instead.
fn demotions(out: &mut impl Write, demote: &[Demotion]) -> io::Result<()> {
    writeln!(
        out,
        "# demote to weak terms (weight 0.5: then they need other evidence of the theme): where each is the theme's"
    )?;
    writeln!(
        out,
        "# only term in a paragraph, it tags wrongly at least twice and rightly no more often (criterion of 2026-12-02)."
    )?;
    writeln!(
        out,
        "# To try it, or in an overlay: the remove below and the [[term]] after it (the term again, weak, guards kept)."
    )?;
    writeln!(
        out,
        "# In the file that defines the term, make it weak there instead: move it from terms to weak, or add"
    )?;
    writeln!(out, "# weak = true to its [[term]] (a term defined twice in one file is an error).")?;
    writeln!(out, "remove = [")?;
    for d in demote {
        writeln!(
            out,
            "  {},  # {} · {} · alone: {} right, {} wrong{}",
            tifa::toml_string(&d.term),
            deltas(&d.effect),
            counts(&d.effect),
            d.alone_right,
            d.alone_wrong,
            documents(" · wrong in", d.alone_wrong, "paragraph", "paragraphs", d.documents),
        )?;
        for e in &d.false_positives {
            excerpt(out, "  #   FP", e)?;
        }
    }
    writeln!(out, "]")?;
    for d in demote {
        writeln!(out)?;
        write!(out, "{}", d.definition)?;
    }
    Ok(())
}

fn candidate(out: &mut impl Write, c: &TermCandidate) -> io::Result<()> {
    writeln!(
        out,
        "  {},  # {} · {}{}",
        tifa::toml_string(&c.phrase),
        deltas(&c.effect),
        counts(&c.effect),
        documents(
            " · in",
            c.paragraphs,
            &format!("labelled paragraph ({} elsewhere)", c.elsewhere),
            &format!("labelled paragraphs ({} elsewhere)", c.elsewhere),
            c.documents
        ),
    )?;
    if !c.alternatives.is_empty() {
        writeln!(out, "  #   same paragraphs: {}", c.alternatives.join(", "))?;
    }
    for e in &c.false_positives {
        excerpt(out, "  #   FP", e)?;
    }
    Ok(())
}

fn deltas(e: &Effect) -> String {
    format!("ΔF1 {:+.3}, micro {:+.3}", e.delta_f1, e.delta_micro_f1)
}

/// `+5 TP, +1 FP`, and what is lost or removed when anything is.
fn counts(e: &Effect) -> String {
    let mut parts = Vec::new();
    if e.new_true_positives > 0 || e.removed_false_positives == 0 {
        parts.push(format!("+{} TP", e.new_true_positives));
    }
    if e.new_false_positives > 0 || e.removed_false_positives == 0 {
        parts.push(format!("+{} FP", e.new_false_positives));
    }
    if e.lost_true_positives > 0 {
        parts.push(format!("−{} TP", e.lost_true_positives));
    }
    if e.removed_false_positives > 0 {
        parts.push(format!("−{} FP", e.removed_false_positives));
    }
    parts.join(", ")
}

/// ` · in 6 labelled paragraphs of 3 documents`, with a warning when the evidence is one document.
fn documents(lead: &str, paragraphs: usize, one: &str, many: &str, docs: usize) -> String {
    let warn = if docs == 1 { " ⚠ one document only" } else { "" };
    format!("{lead} {} of {}{warn}", plural(paragraphs, one, many), plural(docs, "document", "documents"))
}

/// `  #   FP id …excerpt…` (inside a list) or `#     FP id …` (at the top level).
fn excerpt(out: &mut impl Write, label: &str, e: &Excerpt) -> io::Result<()> {
    // a TOML comment may not hold control characters
    let text: String = e.text.chars().filter(|c| !c.is_control()).collect();
    writeln!(out, "{label} {} {text}", e.id)
}

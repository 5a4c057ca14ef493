//! `tifa gaps`: what the rules miss in a batch of reports — slogan-shaped phrases no accepted match covers,
//! counted over all files, and text paragraphs that got no theme.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::Args;
use serde::Serialize;
use tifa::{GapKind, ParagraphKind, Span, Tagger};

use super::{BadBytes, InputEncoding, Outcome, RuleArgs, exit, load_tagger, read_input};

#[derive(Args)]
pub(crate) struct GapsArgs {
    /// Report files (UTF-8, UTF-16 with BOM, or GBK/GB18030; Word .docx; PDF; HTML pages) or folders
    /// (their *.txt, *.text, *.md, *.doc, *.docx, *.pdf, *.htm and *.html files, as `tifa tag` reads them). Standard input when none.
    files: Vec<PathBuf>,
    /// Output as JSON: every phrase with every place it was found, and every untagged paragraph,
    /// whatever --limit says, each with char, byte and UTF-16 offsets.
    #[arg(long)]
    json: bool,
    /// List only phrases found at least this many times.
    #[arg(long, value_name = "N", default_value_t = 1)]
    min_count: usize,
    /// Text output: show at most N phrases and N untagged paragraphs (0: all).
    #[arg(long, value_name = "N", default_value_t = 50)]
    limit: usize,
    /// Text encoding of the input.
    #[arg(long, value_enum, default_value_t = InputEncoding::Auto)]
    encoding: InputEncoding,
    /// What to do with bytes that cannot be decoded (as `tifa tag --bad-bytes`).
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = BadBytes::Refuse)]
    bad_bytes: BadBytes,
    #[command(flatten)]
    rules: RuleArgs,
}

/// Whether the rejected candidate `c` (char offsets from the start of its paragraph) has matched text
/// in the phrase at `start..end` (`phrase`), beyond merely reaching over it. A literal term that
/// overlaps the phrase does. A proximity term that `explain` lists because its words are too far
/// apart, or never in one sentence, spans from its first word to its last, often a whole paragraph:
/// it counts only where one of its words lies in the phrase (at an edge of its span, or named in
/// the phrase's text), not where the phrase merely lies between its words.
fn touches(tagger: &Tagger, c: &tifa::Candidate, start: usize, end: usize, phrase: &str) -> bool {
    let far = |r: &tifa::Rejection| matches!(r, tifa::Rejection::TooFar { .. } | tifa::Rejection::NotInOneSentence);
    if c.rejected.is_empty() || !c.rejected.iter().all(|(_, r)| far(r)) {
        return true;
    }
    // the span of a near miss starts with a word and ends with one
    let edge_inside = (start..end).contains(&c.span.start) || (start < c.span.end && c.span.end <= end);
    let rules = tagger.rules();
    edge_inside
        || rules
            .terms()
            .iter()
            .filter(|t| t.is_proximity() && t.text == c.term)
            .any(|t| t.all.iter().any(|w| phrase.contains(w.as_str())))
}

/// Where something is in an input file: 1-based line and column (columns count chars).
#[derive(Serialize)]
struct Place {
    file: String,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct Example {
    #[serde(flatten)]
    place: Place,
    /// Where the phrase is in the file's text (without its quotation marks).
    #[serde(flatten)]
    span: Span,
    /// The phrase with a few chars around it, from its paragraph.
    context: String,
    /// Terms that matched here but that every theme rejected, with the reason: "百千万工程:
    /// rural_revitalization: forbidden word `音乐会` nearby".
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rejected: Vec<String>,
}

/// One phrase, counted over all inputs.
#[derive(Serialize)]
struct Phrase {
    text: String,
    kind: GapKind,
    count: usize,
    files: usize,
    /// Every place it was found, in input and text order (the text output shows the first three).
    examples: Vec<Example>,
    /// The input last counted in `files` (inputs are read in order).
    #[serde(skip)]
    last_file: usize,
}

#[derive(Serialize)]
struct Untagged {
    #[serde(flatten)]
    place: Place,
    /// Where the whole paragraph is.
    #[serde(flatten)]
    span: Span,
    paragraph: usize,
    /// The paragraph's first 40 chars, on one line.
    text: String,
}

#[derive(Serialize)]
struct Gaps {
    files: usize,
    /// Paragraphs that are not boilerplate.
    content_paragraphs: usize,
    phrases: Vec<Phrase>,
    /// Text paragraphs (not headings or titles, at least 15 chars) that got no theme.
    untagged: Vec<Untagged>,
}

/// Text paragraphs shorter than this are not listed as untagged: short lines (a lone 微信 or 手机版 the
/// boilerplate filter left, dates, signatures, captions) hold no policy content to miss.
const MIN_UNTAGGED_CHARS: usize = 15;
/// Places shown per phrase in the text output (the JSON has them all).
const EXAMPLES: usize = 3;
/// Chars of context on each side of a phrase.
const CONTEXT: usize = 12;

/// The byte offsets where the lines of `text` start: lines end at \n, \r\n or a lone \r, as
/// paragraphs do.
pub(super) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(
            text.match_indices(['\n', '\r'])
                .filter(|&(i, c)| !(c == "\r" && text[i + 1..].starts_with('\n')))
                .map(|(i, _)| i + 1),
        )
        .collect()
}

/// 1-based line and char column of byte offset `at`, given the byte offsets where lines start.
fn place(file: &str, text: &str, line_starts: &[usize], at: usize) -> Place {
    let line = line_starts.partition_point(|&s| s <= at);
    let column = text[line_starts[line - 1]..at].chars().count() + 1;
    Place { file: file.to_string(), line, column }
}

/// Up to `CONTEXT` chars of `para` on each side of `start..end` (byte offsets in `para`), on one line.
fn context(para: &str, start: usize, end: usize) -> String {
    let before: Vec<char> = para[..start].chars().rev().take(CONTEXT + 1).collect();
    let after: Vec<char> = para[end..].chars().take(CONTEXT + 1).collect();
    let mut s = String::new();
    if before.len() > CONTEXT {
        s.push('…');
    }
    s.extend(before.iter().take(CONTEXT).rev());
    s.push_str(&para[start..end]);
    s.extend(after.iter().take(CONTEXT));
    if after.len() > CONTEXT {
        s.push('…');
    }
    one_line(&s)
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) fn gaps(args: GapsArgs) -> Outcome {
    let tagger = load_tagger(&args.rules)?;
    let inputs = super::sources::sources(&args.files, None, false, true)?.list;
    let total = inputs.len();
    let mut phrases: Vec<Phrase> = Vec::new();
    let mut index: HashMap<(String, GapKind), usize> = HashMap::new();
    let mut untagged = Vec::new();
    let mut content_paragraphs = 0;
    let mut failed: Vec<u8> = Vec::new();
    for (file_no, input) in inputs.into_iter().enumerate() {
        // a bad file is reported and the others are still read; the first failure gives the exit code
        let read = match input {
            super::sources::Source::Input(path) => read_input(path.as_ref(), args.encoding, args.bad_bytes),
            super::sources::Source::Unlisted(_, f) => Err(f),
        };
        let (name, text) = match read {
            Ok(x) => x,
            Err(f) => {
                let _ = writeln!(anstream::stderr(), "{}", f.message);
                failed.push(f.code);
                continue;
            }
        };
        let report = tagger.tag(&text);
        let line_starts = line_starts(&text);
        content_paragraphs += report.summary.content_paragraphs;
        for (i, p) in report.paragraphs.iter().enumerate() {
            let para = &text[p.span.byte_start..p.span.byte_end];
            if p.kind == ParagraphKind::Text
                && p.themes.is_empty()
                && para.chars().nth(MIN_UNTAGGED_CHARS - 1).is_some()
            {
                let preview: String = para.chars().take(40).collect();
                let more = if preview.len() < para.len() { "…" } else { "" };
                untagged.push(Untagged {
                    place: place(&name, &text, &line_starts, p.span.byte_start),
                    span: p.span,
                    paragraph: i,
                    text: one_line(&format!("{preview}{more}")),
                });
            }
        }
        // per paragraph with an example: the candidates that guards rejected, to say why a phrase that
        // holds a term is still listed (explained only where needed, not the whole file again)
        let mut explained: HashMap<usize, Vec<tifa::Candidate>> = HashMap::new();
        for gap in tifa::gaps(&text, &report) {
            let slot = *index.entry((gap.text.clone(), gap.kind)).or_insert_with(|| {
                phrases.push(Phrase {
                    text: gap.text.clone(),
                    kind: gap.kind,
                    count: 0,
                    files: 0,
                    examples: Vec::new(),
                    last_file: usize::MAX,
                });
                phrases.len() - 1
            });
            let phrase = &mut phrases[slot];
            phrase.count += 1;
            if phrase.last_file != file_no {
                phrase.last_file = file_no;
                phrase.files += 1;
            }
            if args.json || phrase.examples.len() < EXAMPLES {
                let p = &report.paragraphs[gap.paragraph].span;
                let para = &text[p.byte_start..p.byte_end];
                let (start, end) = (gap.span.byte_start - p.byte_start, gap.span.byte_end - p.byte_start);
                // candidate offsets count chars from the start of the paragraph
                let (char_start, char_end) = (gap.span.start - p.start, gap.span.end - p.start);
                let rejected = explained
                    .entry(gap.paragraph)
                    .or_insert_with(|| tagger.explain(para))
                    .iter()
                    .filter(|c| {
                        c.accepted.is_empty()
                            && c.span.start < char_end
                            && char_start < c.span.end
                            && touches(tagger, c, char_start, char_end, &text[gap.span.byte_start..gap.span.byte_end])
                    })
                    .flat_map(|c| c.rejected.iter().map(move |(theme, why)| format!("{}: {theme}: {why}", c.term)))
                    .collect();
                phrase.examples.push(Example {
                    place: place(&name, &text, &line_starts, gap.span.byte_start),
                    span: gap.span,
                    context: context(para, start, end),
                    rejected,
                });
            }
        }
    }
    phrases.retain(|p| p.count >= args.min_count);
    phrases.sort_by(|a, b| {
        b.count.cmp(&a.count).then(b.files.cmp(&a.files)).then(a.kind.cmp(&b.kind)).then(a.text.cmp(&b.text))
    });
    // nothing read: no report (an empty one would look like a file with no gaps)
    if failed.len() == total {
        return Err(super::Failure::new(
            failed[0],
            format!("error: {} of {} inputs could not be read; no report", failed.len(), total),
        ));
    }
    let found = Gaps { files: total - failed.len(), content_paragraphs, phrases, untagged };
    super::write_report(args.json, &found, |out, found| text_output(out, found, args.limit))?;
    match failed.first() {
        None => Ok(exit::OK),
        Some(&code) => {
            Err(super::Failure::new(code, format!("error: {} of {} inputs could not be read", failed.len(), total)))
        }
    }
}

fn text_output(out: &mut dyn Write, g: &Gaps, limit: usize) -> io::Result<()> {
    let limit = if limit == 0 { usize::MAX } else { limit };
    let plural = super::plural;
    writeln!(
        out,
        "== {}: {}, {} with no theme; {} no match covers",
        plural(g.files, "file", "files"),
        plural(g.content_paragraphs, "content paragraph", "content paragraphs"),
        plural(g.untagged.len(), "text paragraph", "text paragraphs"),
        plural(g.phrases.len(), "slogan-shaped phrase", "slogan-shaped phrases")
    )?;
    if !g.phrases.is_empty() {
        writeln!(out, "\nPhrases no accepted match covers (most frequent first):")?;
        for p in g.phrases.iter().take(limit) {
            let shown = if p.kind == GapKind::Quoted { format!("“{}”", p.text) } else { p.text.clone() };
            let kind = super::format::contract_name(p.kind);
            let in_files = if p.files == 1 { "1 file".to_string() } else { format!("{} files", p.files) };
            writeln!(out, "  {shown}  {kind}, {}× in {in_files}", p.count)?;
            for e in p.examples.iter().take(EXAMPLES) {
                writeln!(out, "      {}:{}:{}  {}", e.place.file, e.place.line, e.place.column, e.context)?;
                for r in &e.rejected {
                    writeln!(out, "          rejected: {r}")?;
                }
            }
            if p.count > EXAMPLES {
                let more = p.count - EXAMPLES;
                writeln!(
                    out,
                    "      … {more} more {} (--json lists every place)",
                    if more == 1 { "place" } else { "places" }
                )?;
            }
        }
        if g.phrases.len() > limit {
            writeln!(out, "  … {} more (--limit 0 shows all)", g.phrases.len() - limit)?;
        }
    }
    if !g.untagged.is_empty() {
        writeln!(out, "\nText paragraphs with no theme:")?;
        for u in g.untagged.iter().take(limit) {
            writeln!(out, "  {}:{}  {}", u.place.file, u.place.line, u.text)?;
        }
        if g.untagged.len() > limit {
            writeln!(out, "  … {} more (--limit 0 shows all)", g.untagged.len() - limit)?;
        }
    }
    if !g.phrases.is_empty() || !g.untagged.is_empty() {
        writeln!(out, "\n`tifa explain \"SENTENCE\"` shows which terms are near and why guards rejected them.")?;
    }
    Ok(())
}

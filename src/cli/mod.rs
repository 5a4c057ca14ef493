//! Command-line definition and glue: arguments (clap), input decoding, rule loading, exit codes.

mod format;
mod gaps;
mod input;
mod jobs;
mod mine;
mod serve;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use tifa::{GoldRecord, RuleSet, Tagger};

/// Exit codes (BSD sysexits where one fits).
pub(crate) mod exit {
    /// Everything fine.
    pub const OK: u8 = 0;
    /// Findings: failing rule examples, or rule entries that never change a match (warnings).
    pub const FINDINGS: u8 = 1;
    /// Bad command-line usage (clap uses 2 as well).
    pub const USAGE: u8 = 2;
    /// Input data that cannot be read (bad encoding, bad JSON line, bad gold file).
    pub const DATAERR: u8 = 65;
    /// Invalid rule files.
    pub const CONFIG: u8 = 78;
}

#[derive(Parser)]
#[command(name = "tifa", version, about = "Tag Chinese government work reports with policy themes (提法)", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tag reports: files, or standard input when none is given.
    Tag(TagArgs),
    /// Validate rule files, run the examples inside them, and warn of entries that change nothing.
    Check(CheckArgs),
    /// Show every candidate match in TEXT: which themes counted it, and why others did not.
    Explain(ExplainArgs),
    /// Score the rules against hand-labelled paragraphs (JSON Lines: id, text, themes).
    Eval(EvalArgs),
    /// Show what the rules miss: slogan-shaped phrases no term covers, and paragraphs with no theme.
    Gaps(gaps::GapsArgs),
    /// Propose terms and exclusions per theme from labelled paragraphs (a training split), ranked by ΔF1.
    Mine(mine::MineArgs),
    /// List the active themes with their term counts.
    Themes(RuleArgs),
    /// Export the active terms (tab-separated), or the automaton's patterns (for benchmarks).
    Terms(TermsArgs),
    /// Serve the web page (www/) on localhost.
    Serve(serve::ServeArgs),
}

#[derive(Args)]
pub(crate) struct RuleArgs {
    /// Extra rule file or folder on top of the defaults (repeatable): adds themes, extends or switches
    /// off existing ones.
    #[arg(long = "rules", value_name = "PATH")]
    rules: Vec<PathBuf>,
    /// Use only the files given with --rules, without the default rules.
    #[arg(long)]
    no_default_rules: bool,
}

#[derive(Args)]
struct TagArgs {
    /// Report files (UTF-8, UTF-16 with BOM, or GBK/GB18030). Standard input when none.
    files: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Batch mode: read one JSON object per line from standard input, `{"id": …, "text": …}`, and
    /// write one result per line with the same id, in input order.
    #[arg(long, conflicts_with_all = ["files", "format"])]
    jsonl: bool,
    /// Threads for --jsonl and for several files (default: every core); output keeps input order.
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Text encoding of the input.
    #[arg(long, value_enum, default_value_t = InputEncoding::Auto)]
    encoding: InputEncoding,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Readable text with highlighted terms and a summary.
    Text,
    /// The JSON contract (see the README).
    Json,
    /// One row per paragraph.
    Csv,
    /// One self-contained HTML file: highlighted text and a chart of themes.
    Html,
}

#[derive(Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum InputEncoding {
    /// A BOM decides; otherwise UTF-8 when valid, else GB18030.
    Auto,
    /// UTF-8.
    Utf8,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// UTF-16, little-endian (Windows' "Unicode"), with or without a BOM.
    Utf16le,
    /// UTF-16, big-endian, with or without a BOM.
    Utf16be,
}

#[derive(Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    /// Colour when writing to a terminal.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Args)]
struct TermsArgs {
    /// One distinct folded pattern of the term automaton per line, instead of the term table.
    #[arg(long)]
    patterns: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Args)]
struct CheckArgs {
    /// Rule files or folders to check on top of the defaults (none: check the defaults).
    paths: Vec<PathBuf>,
    /// Check only the given files, without the default rules.
    #[arg(long)]
    no_default_rules: bool,
}

#[derive(Args)]
struct ExplainArgs {
    /// The text to explain; `-` reads standard input.
    text: String,
    /// Output as JSON.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Args)]
struct EvalArgs {
    /// Gold files (JSON Lines: {"id", "text", "themes"}).
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Output as JSON.
    #[arg(long)]
    json: bool,
    /// Also list every false positive and false negative with the terms involved.
    #[arg(long)]
    misses: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

/// Parses the arguments, runs the command and maps failures to exit codes.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { exit::USAGE } else { exit::OK };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let result = match cli.command {
        Command::Tag(a) => tag(a),
        Command::Check(a) => check(a),
        Command::Explain(a) => explain(a),
        Command::Eval(a) => eval(a),
        Command::Gaps(a) => gaps::gaps(a),
        Command::Mine(a) => mine::mine(a),
        Command::Themes(a) => themes(a),
        Command::Terms(a) => terms(a),
        Command::Serve(a) => serve::serve(a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Failure { code, message }) => {
            if !message.is_empty() {
                let mut err = anstream::stderr();
                let _ = writeln!(err, "{message}");
            }
            ExitCode::from(code)
        }
    }
}

/// A failed command: the exit code and what to print on standard error.
pub(crate) struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    pub(crate) fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure { code, message: message.into() }
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Failure::new(exit::OK, "");
        }
        // Reading arguments' files is checked where they are opened; what is left is writing output.
        Failure::new(exit::USAGE, format!("error: {e}"))
    }
}

pub(crate) type Outcome = Result<u8, Failure>;

fn stderr_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stderr().is_terminal()
}

/// Builds the rule set from the defaults and `--rules`; invalid rules → exit 78 with every error.
pub(crate) fn load_rules(args: &RuleArgs) -> Result<RuleSet, Failure> {
    let mut builder = RuleSet::builder().defaults(!args.no_default_rules);
    if args.no_default_rules && args.rules.is_empty() {
        return Err(Failure::new(exit::USAGE, "error: --no-default-rules needs at least one --rules PATH"));
    }
    for p in &args.rules {
        builder = builder.path(p).map_err(|e| Failure::new(exit::CONFIG, format!("error: cannot read rules {}: {e}", p.display())))?;
    }
    builder.build().map_err(|errors| {
        let text = if stderr_is_terminal() { errors.render_styled() } else { errors.render() };
        Failure::new(exit::CONFIG, text.trim_end().to_string())
    })
}

pub(crate) use input::read_input;

fn tag(args: TagArgs) -> Outcome {
    let tagger = Tagger::new(load_rules(&args.rules)?);
    let jobs = jobs::count(args.jobs);
    if args.jsonl {
        return tag_jsonl(&tagger, jobs);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            use std::io::IsTerminal;
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let inputs: Vec<Option<&PathBuf>> = if args.files.is_empty() { vec![None] } else { args.files.iter().map(Some).collect() };
    let many = inputs.len() > 1;
    // a bad file is reported and the others are still tagged; the first failure gives the exit code
    let mut failed: Vec<u8> = Vec::new();
    let mut out = io::BufWriter::new(io::stdout());
    fn report(out: &mut io::BufWriter<io::Stdout>, failed: &mut Vec<u8>, f: Failure) -> io::Result<()> {
        out.flush()?;
        let _ = writeln!(anstream::stderr(), "{}", f.message);
        failed.push(f.code);
        Ok(())
    }
    // (CSV goes in order on one thread: its header belongs to the first file that could be read)
    if many && jobs > 1 && !matches!(args.format, Format::Csv) {
        // several files at once: each one's output is made in memory and written in file order
        let files = inputs.iter().copied().enumerate().map(Ok::<_, Failure>);
        let work = |(index, input): (usize, Option<&PathBuf>)| -> Result<Vec<u8>, Failure> {
            let mut buf = Vec::new();
            tag_one(&tagger, &args, color, many, index == 0, input, &mut buf)?;
            Ok(buf)
        };
        jobs::ordered(jobs, files, work, |buf: Result<Vec<u8>, Failure>| {
            match buf {
                Ok(b) => out.write_all(&b)?,
                Err(f) => report(&mut out, &mut failed, f)?,
            }
            Ok(())
        })?;
    } else {
        for (index, input) in inputs.into_iter().enumerate() {
            // the CSV header comes with the first file that could be read
            let first = failed.len() == index;
            if let Err(f) = tag_one(&tagger, &args, color, many, first, input, &mut out) {
                report(&mut out, &mut failed, f)?;
            }
        }
    }
    out.flush()?;
    match failed.first() {
        None => Ok(exit::OK),
        Some(&code) if many => Err(Failure::new(code, format!("error: {} of {} inputs could not be tagged", failed.len(), args.files.len()))),
        Some(&code) => Err(Failure::new(code, "")),
    }
}

/// Tags one input file (or standard input) and writes it in the chosen format; `first` says whether a
/// CSV header is due.
fn tag_one(tagger: &Tagger, args: &TagArgs, color: bool, many: bool, first: bool, input: Option<&PathBuf>, out: &mut impl Write) -> Result<(), Failure> {
    let (name, text) = read_input(input, args.encoding)?;
    if let Format::Json = args.format {
        // JSON is written paragraph by paragraph as each is tagged: the report is never held whole
        let report = tagger.tag_streamed(&text);
        if many {
            #[derive(serde::Serialize)]
            struct WithFile<'a, 'r> {
                file: &'a str,
                #[serde(flatten)]
                report: &'a tifa::StreamedReport<'r, 'a>,
            }
            serde_json::to_writer(&mut *out, &WithFile { file: &name, report: &report }).map_err(io::Error::from)?;
        } else {
            serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
        }
        writeln!(out)?;
        return Ok(());
    }
    let report = tagger.tag(&text);
    match args.format {
        Format::Json => unreachable!("written above"),
        Format::Text => format::text(out, &name, &text, &report, color)?,
        Format::Csv => format::csv(out, &name, &text, &report, first)?,
        Format::Html => format::html(out, &name, &text, &report)?,
    }
    Ok(())
}

/// Streams `{"id", "text"}` lines to result lines, in input order, on `jobs` threads; memory stays flat
/// whatever the number of records. Every bad record (not UTF-8, too long, not the JSON expected) is
/// reported with its line and column, and the records around it are tagged.
fn tag_jsonl(tagger: &Tagger, jobs: usize) -> Outcome {
    #[derive(serde::Deserialize)]
    struct Input {
        id: serde_json::Value,
        text: String,
    }
    #[derive(serde::Serialize)]
    struct Output<'a, 'r> {
        id: &'a serde_json::Value,
        #[serde(flatten)]
        report: &'a tifa::StreamedReport<'r, 'a>,
    }
    let mut reader = io::stdin().lock();
    let mut number = 0usize;
    // Records with their line numbers (or the message of a bad one), a few at a time for several
    // workers (one hand-over per record cost a tenth of the work in thread wake-ups), one at a time
    // for one.
    let (most, most_bytes) = if jobs > 1 { (32, 1 << 18) } else { (1, 0) };
    let mut failed: Option<Failure> = None;
    let mut ended = false;
    type Line = (usize, Result<String, String>);
    let batches = std::iter::from_fn(|| {
        let mut batch: Vec<Line> = Vec::new();
        let mut bytes = 0;
        while !ended && failed.is_none() && batch.len() < most && (bytes < most_bytes || batch.is_empty()) {
            match input::next_record(&mut reader) {
                Ok(None) => ended = true,
                Ok(Some(record)) => {
                    number += 1;
                    let bad = |what: String| (number, Err(format!("error: stdin line {number}, {what}")));
                    let mut line = match record {
                        input::Record::Line(line) => line,
                        input::Record::TooLong => {
                            batch.push(bad(format!("column 1: the record is larger than {}, the most tifa reads at once", input::MAX_INPUT_TEXT)));
                            continue;
                        }
                    };
                    if number == 1 && line.starts_with(b"\xEF\xBB\xBF") {
                        line.drain(..3);
                    }
                    match input::utf8_record(&line) {
                        Ok(text) if text.trim().is_empty() => {}
                        Ok(text) => {
                            bytes += text.len();
                            batch.push((number, Ok(text.to_owned())));
                        }
                        Err(what) => {
                            let hint = if number == 1 && (line.starts_with(b"\xFF\xFE") || line.starts_with(b"\xFE\xFF")) { " (the stream is UTF-16: JSON Lines must be UTF-8)" } else { "" };
                            batch.push(bad(format!("{what}{hint}")));
                        }
                    }
                }
                Err(e) => failed = Some(Failure::from(e)),
            }
        }
        // the lines read before a reading error are tagged first
        if batch.is_empty() { failed.take().map(Err) } else { Some(Ok(batch)) }
    });
    let work = |batch: Vec<Line>| -> Vec<Result<Vec<u8>, String>> {
        let one = |(number, line): Line| {
            let line = line?;
            match serde_json::from_str::<Input>(&line) {
                Ok(input) => {
                    let report = tagger.tag_streamed(&input.text);
                    let mut json = serde_json::to_vec(&Output { id: &input.id, report: &report }).expect("a report always serialises");
                    json.push(b'\n');
                    Ok(json)
                }
                Err(e) => Err(format!("error: stdin line {number}, {}", json_error(&line, &e))),
            }
        };
        batch.into_iter().map(one).collect()
    };
    let mut out = io::BufWriter::new(io::stdout());
    let mut bad = 0usize;
    jobs::ordered(jobs, batches, work, |results| {
        for result in results {
            match result {
                Ok(json) => out.write_all(&json)?,
                Err(message) => {
                    bad += 1;
                    out.flush()?;
                    let _ = writeln!(anstream::stderr(), "{message}");
                }
            }
        }
        Ok(())
    })?;
    out.flush()?;
    if bad > 0 {
        return Err(Failure::new(exit::DATAERR, format!("error: {bad} input line(s) could not be read")));
    }
    Ok(exit::OK)
}

/// `column 12: expected `:``: serde's message with the column in characters of the record's line
/// (serde counts the lines and bytes of the one record it was given).
fn json_error(line: &str, e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = match full.rsplit_once(" at line ") {
        Some((m, _)) => m,
        None => &full,
    };
    // serde points at the last byte it read; at the end of the record, point past it
    let mut byte = if e.classify() == serde_json::error::Category::Eof { line.len() } else { e.column().saturating_sub(1).min(line.len()) };
    while !line.is_char_boundary(byte) {
        byte -= 1;
    }
    format!("column {}: {message}", line[..byte].chars().count() + 1)
}

fn check(args: CheckArgs) -> Outcome {
    let rule_args = RuleArgs { rules: args.paths, no_default_rules: args.no_default_rules };
    let rules = load_rules(&rule_args)?;
    let themes = rules.themes().len();
    let terms = rules.term_count();
    let examples = rules.examples().len();
    let tagger = Tagger::new(rules);
    let failures = tagger.check_examples();
    let warnings = tagger.rules().warnings();
    let mut out = anstream::stdout();
    for f in &failures {
        writeln!(out, "{}\n", f.render_styled())?;
    }
    // styled: anstream drops the colours when stdout is not a terminal (or NO_COLOR is set)
    for w in warnings {
        writeln!(out, "{}\n", w.render_styled())?;
    }
    let passed = examples - failures.len();
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut summary =
        format!("{}, {}; examples: {passed} passed, {} failed", plural(themes, "theme", "themes"), plural(terms, "term", "terms"), failures.len());
    if !warnings.is_empty() {
        summary.push_str(&format!("; {} warning{}", warnings.len(), if warnings.len() == 1 { "" } else { "s" }));
    }
    writeln!(out, "{summary}")?;
    Ok(if failures.is_empty() && warnings.is_empty() { exit::OK } else { exit::FINDINGS })
}

fn explain(args: ExplainArgs) -> Outcome {
    let tagger = Tagger::new(load_rules(&args.rules)?);
    let text = if args.text == "-" { read_input(None, InputEncoding::Auto)?.1 } else { args.text };
    let candidates = tagger.explain(&text);
    let report = tagger.tag(&text);
    let mut out = io::stdout().lock();
    if args.json {
        #[derive(serde::Serialize)]
        struct Explained<'a> {
            candidates: &'a [tifa::Candidate],
            report: &'a tifa::Report<'a>,
        }
        serde_json::to_writer_pretty(&mut out, &Explained { candidates: &candidates, report: &report }).map_err(io::Error::from)?;
        writeln!(out)?;
        return Ok(exit::OK);
    }
    format::explain(&mut out, &candidates, &report)?;
    Ok(exit::OK)
}

fn eval(args: EvalArgs) -> Outcome {
    let tagger = Tagger::new(load_rules(&args.rules)?);
    let mut records = Vec::new();
    for path in &args.gold {
        // UTF-8 (a BOM is dropped); bad bytes are reported with their place, exit 65
        let (_, text) = read_input(Some(path), InputEncoding::Utf8)?;
        match GoldRecord::parse_jsonl(&text) {
            Ok(r) => records.extend(r),
            Err(errors) => {
                let msg: Vec<String> = errors.iter().map(|e| format!("error: {}:{}", path.display(), e)).collect();
                return Err(Failure::new(exit::DATAERR, msg.join("\n")));
            }
        }
    }
    // a theme the rules switched off is left out of the scores (said below); one they never had is
    // most likely a typo in the gold
    let rules = tagger.rules();
    let unknown: Vec<String> = records
        .iter()
        .flat_map(|r| {
            r.themes
                .iter()
                .filter(|t| rules.theme(t).is_none() && !rules.switched_off().iter().any(|o| &o.id == *t))
                .map(move |t| format!("{} ({})", t, r.id))
        })
        .collect();
    if !unknown.is_empty() {
        return Err(Failure::new(exit::DATAERR, format!("error: gold labels name themes the rules do not have: {}", unknown.join(", "))));
    }
    let evaluation = tifa::evaluate(&tagger, &records);
    for l in &evaluation.switched_off {
        eprintln!(
            "note: {} gold label{} of theme `{}` left out of the scores: the theme is switched off (enabled = false) by {}",
            l.labels,
            if l.labels == 1 { "" } else { "s" },
            l.theme,
            l.file
        );
    }
    let mut out = io::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &evaluation).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        format::evaluation(&mut out, &tagger, &evaluation, args.misses)?;
    }
    Ok(exit::OK)
}

fn themes(args: RuleArgs) -> Outcome {
    let rules = load_rules(&args)?;
    let mut out = io::stdout().lock();
    for (i, t) in rules.themes().iter().enumerate() {
        writeln!(out, "{:<26} {:>4} terms  {}  {}", t.id, rules.theme_term_count(i), t.name, t.name_en)?;
    }
    writeln!(out, "{} themes, {} terms, rules {} {}", rules.themes().len(), rules.term_count(), rules.name(), rules.hash())?;
    Ok(exit::OK)
}

/// `tifa terms`: every active term as `theme, text, folded, weight, flags` (tab-separated; flags
/// among `guarded`, `whole-word`, `proximity`, or `-`); with `--patterns`, the automaton's patterns.
fn terms(args: TermsArgs) -> Outcome {
    let tagger = Tagger::new(load_rules(&args.rules)?);
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.patterns {
        for p in tagger.patterns() {
            writeln!(out, "{p}")?;
        }
    } else {
        let rules = tagger.rules();
        writeln!(out, "theme\tterm\tfolded\tweight\tflags")?;
        for t in rules.terms() {
            let flags: Vec<&str> = [(t.is_guarded(), "guarded"), (t.whole_word, "whole-word"), (t.is_proximity(), "proximity")]
                .into_iter()
                .filter_map(|(on, name)| on.then_some(name))
                .collect();
            let flags = if flags.is_empty() { "-".to_string() } else { flags.join(",") };
            writeln!(out, "{}\t{}\t{}\t{}\t{flags}", rules.themes()[t.theme].id, t.text, t.folded(), t.weight)?;
        }
    }
    out.flush()?;
    Ok(exit::OK)
}

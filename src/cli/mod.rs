//! Command-line definition and glue: arguments (clap), input decoding, rule loading, exit codes.

mod diff;
mod format;
mod gaps;
mod input;
mod jobs;
mod jsonl;
mod mine;
mod serve;
mod sources;

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
    /// Output that cannot be written (a full disk, a closed file); a closed pipe is not one (exit 0).
    pub const IOERR: u8 = 74;
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
    /// Compare the tagging of reports under two rule sets: the paragraphs whose themes changed
    /// (exit 1 when there are any).
    Diff(diff::DiffArgs),
    /// Propose terms, exclusions and terms to make weak per theme from labelled paragraphs (a training
    /// split), ranked by ΔF1.
    Mine(mine::MineArgs),
    /// List the active themes with their term counts.
    Themes(RuleArgs),
    /// Export the active terms (tab-separated, with the level, region, year and note the rules give
    /// them), or the automaton's patterns (for benchmarks).
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
    /// Report files (UTF-8, UTF-16 with BOM, or GBK/GB18030; Word .docx and .doc; PDF with a text
    /// layer; HTML pages, read as their text) or folders: a folder gives every *.txt, *.text, *.md,
    /// *.doc, *.docx, *.pdf, *.htm and *.html file under
    /// it (any depth, sorted by path; hidden names, Word's ~$ lock files and a saved page's X_files
    /// folder passed over). RTF files and other formats are refused with what to do. Standard
    /// input when none; `-` is standard input too. With --jsonl, JSON Lines files, each read as a
    /// stream in turn. A note on standard error names an empty input, and a file name that is not
    /// UTF-8 (its bytes as bash writes them).
    files: Vec<PathBuf>,
    /// Also read the files named in FILE (`-`: standard input), one per line; with -0, separated by NUL
    /// bytes (as `find -print0` writes them). Output as for several files, however many it names.
    #[arg(long, value_name = "FILE")]
    files_from: Option<PathBuf>,
    /// The --files-from list is separated by NUL bytes, not line breaks.
    #[arg(short = '0', long = "null", requires = "files_from")]
    null: bool,
    /// Output format [default: text; with --jsonl, json]
    #[arg(long, short, value_enum)]
    format: Option<Format>,
    /// Batch mode: read one JSON object per line, `{"id": …, "text": …}`, from standard input or from
    /// each file given in turn, and write one result per line with the same id, in input order (JSON
    /// Lines: --format json or jsonl, or none). UTF-8, or UTF-16 (a byte-order mark or the first bytes
    /// tell), or the --encoding given.
    #[arg(long)]
    jsonl: bool,
    /// Threads for --jsonl and for several files (default: every core; at most 4 per core and, for
    /// files, one per file); output keeps input order. When the system cannot start that many, fewer
    /// (or none: the calling thread does the work).
    #[arg(long, short, value_name = "N")]
    jobs: Option<usize>,
    /// Text encoding of the input (of the files, standard input or --jsonl streams).
    #[arg(long, value_enum, default_value_t = InputEncoding::Auto)]
    encoding: InputEncoding,
    /// What to do with bytes that cannot be decoded (a damaged or truncated file, a bad --jsonl record).
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = BadBytes::Refuse)]
    bad_bytes: BadBytes,
    /// Colour in text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// CSV (csv, summary-csv, terms-csv): start the output with a UTF-8 byte-order mark, so that Excel reads it as UTF-8 (without
    /// one it reads a CSV in the system's code page, GBK on Chinese Windows, and garbles the text).
    #[arg(long)]
    bom: bool,
    /// CSV (csv, summary-csv, terms-csv): write text cells as in the text, without the formula guard. By
    /// default a text cell (file, section, term(s), text) that starts with =, +, -, @, a tab or a CR
    /// gets a leading ' so that a spreadsheet does not run it as a formula; pandas and other programs
    /// may want the cells unchanged (see also --no-cell-limit).
    #[arg(long)]
    no_formula_guard: bool,
    /// CSV (--format csv only; summary-csv and terms-csv have no section or text cell): write a section or text cell whole however long it is. By
    /// default one longer than Excel's 32,767 characters (UTF-16 units) is cut to fit, marked
    /// …[cut: N characters], with a warning; pandas and other programs may want it whole.
    #[arg(long)]
    no_cell_limit: bool,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Readable text with highlighted terms and a summary.
    Text,
    /// The JSON contract (see the README); several files (or a folder, or --files-from): JSON Lines,
    /// one object per file with "file" and "encoding".
    Json,
    /// JSON Lines, one compact object per file with "file" and "encoding" first, however many files
    /// (for scripts that run tifa on batches of files, as xargs does).
    Jsonl,
    /// One row per paragraph (boilerplate left out; columns in the README).
    Csv,
    /// One row per file and theme: paragraphs tagged, matches, share, the file's counts, its encoding
    /// and the rules hash (the JSON's "summary" as a table).
    SummaryCsv,
    /// One row per file, theme and term that matched: the term's matches, the paragraphs it is in, and
    /// those where it counted for the theme's tag (term counts per file and theme, for a pivot table).
    TermsCsv,
    /// One self-contained HTML page: highlighted text and a chart of themes; several files make one
    /// page with a list of the files and a section for each.
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

/// What to do with bytes of an input that cannot be decoded.
#[derive(Copy, Clone, PartialEq, Eq, ValueEnum)]
pub(crate) enum BadBytes {
    /// The input is an error (exit 65) that says where the bad bytes are; the other inputs are read.
    Refuse,
    /// Read each bad sequence as U+FFFD, with a warning per input (how many bytes, the first place),
    /// when the input is in the --encoding named or mostly in the one recognised.
    Replace,
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
    /// Rule files or folders to check on top of the defaults (none: check the defaults), in the
    /// order they are loaded.
    paths: Vec<PathBuf>,
    /// The same as the PATHS arguments, as the other commands take them (repeatable). Not together
    /// with PATHS: the order of the folders matters, and the two could not say it.
    #[arg(long = "rules", value_name = "PATH", conflicts_with = "paths")]
    rules: Vec<PathBuf>,
    /// Check only the given files, without the default rules.
    #[arg(long)]
    no_default_rules: bool,
}

#[derive(Args)]
struct ExplainArgs {
    /// The text to explain; `-` reads standard input. An argument that names an existing file is that
    /// file, whatever its characters (read like `tifa tag`'s files, with a note on standard error). One
    /// that names no file but looks like a path is an error (exit 2): it ends in .txt, .text, .md,
    /// .docx, .pdf, .json, .jsonl, .csv, .htm or .html, or it contains / or \ after an existing folder, and it has
    /// no line break and none of ，。；：！？、. To explain such a name as text, pipe it in with `-`.
    text: String,
    /// Output as JSON.
    #[arg(long)]
    json: bool,
    /// Text encoding of a file or of standard input (as `tifa tag --encoding`).
    #[arg(long, value_enum, default_value_t = InputEncoding::Auto)]
    encoding: InputEncoding,
    /// What to do with bytes that cannot be decoded (as `tifa tag --bad-bytes`).
    #[arg(long, value_enum, value_name = "WHAT", default_value_t = BadBytes::Refuse)]
    bad_bytes: BadBytes,
    #[command(flatten)]
    rules: RuleArgs,
}

#[derive(Args)]
struct EvalArgs {
    /// Gold files (JSON Lines: {"id", "text", "themes"}).
    #[arg(required = true)]
    gold: Vec<PathBuf>,
    /// Output as JSON (the misses only with --misses).
    #[arg(long)]
    json: bool,
    /// Also list every false positive and false negative with the terms involved and the text (so
    /// leave it off for a held-out set that must be scored, never read).
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
        Command::Diff(a) => diff::diff(a),
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

/// An error writing standard output: exit 74 (EX_IOERR), or quietly 0 when the reader has gone
/// (`tifa tag … | head`). Reading errors are turned into failures where the input is read; every other
/// I/O error that reaches `?` is one of writing the output.
impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return Failure::new(exit::OK, "");
        }
        Failure::new(exit::IOERR, format!("error: cannot write standard output: {e}"))
    }
}

pub(crate) type Outcome = Result<u8, Failure>;

/// `1 term`, `2 terms`: a count and the word that goes with it.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Writes a maintainer's report to standard output: pretty JSON with `--json`, else its text form.
pub(crate) fn write_report<T: serde::Serialize>(
    json: bool,
    found: &T,
    text: impl FnOnce(&mut dyn Write, &T) -> io::Result<()>,
) -> io::Result<()> {
    let mut out = io::BufWriter::new(io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, found).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        text(&mut out, found)?;
    }
    out.flush()
}

fn stderr_is_terminal() -> bool {
    use std::io::IsTerminal;
    io::stderr().is_terminal()
}

/// The command's tagger over the rules of `args` (see [`load_rules`]), kept to the end of the process.
pub(crate) fn load_tagger(args: &RuleArgs) -> Result<&'static Tagger, Failure> {
    Ok(kept(Tagger::new(load_rules(args)?)))
}

/// `value` kept to the end of the process, never dropped: the tagger and rule set a command builds at
/// its start live as long as the process anyway, and freeing their many small allocations at exit
/// (the automata, every term and example) is work no one needs, about 5 % of the instructions of a
/// `tifa tag` of a small file (bench/README.md, issue 11); the system takes the memory back at exit.
/// Only these: the writers of the output are dropped as before, after the command has flushed them.
/// Each stays reachable through [`KEPT`] to the end, so memory checkers (valgrind memcheck, LSan)
/// report it as "still reachable", not as leaked.
pub(crate) fn kept<T: std::any::Any + Send + Sync>(value: T) -> &'static T {
    let value: &'static T = Box::leak(Box::new(value));
    KEPT.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(value);
    value
}

/// What [`kept`] keeps: a pointer to each value held by a static, so that it is reachable at exit.
static KEPT: std::sync::Mutex<Vec<&'static (dyn std::any::Any + Send + Sync)>> = std::sync::Mutex::new(Vec::new());

/// Builds the rule set from the defaults and `--rules` (or `check`'s paths). A path that cannot be
/// read at all (it does not exist, or is not readable) is a usage error (exit 2), like an input file
/// that cannot be read; rule files that exist and are invalid → exit 78 with every error.
pub(crate) fn load_rules(args: &RuleArgs) -> Result<RuleSet, Failure> {
    let mut builder = RuleSet::builder().defaults(!args.no_default_rules);
    if args.no_default_rules && args.rules.is_empty() {
        return Err(Failure::new(exit::USAGE, "error: --no-default-rules needs at least one --rules PATH"));
    }
    for p in &args.rules {
        builder = builder
            .path(p)
            .map_err(|e| Failure::new(exit::USAGE, format!("error: cannot read rules {}: {e}", p.display())))?;
    }
    builder.build().map_err(|errors| {
        let text = if stderr_is_terminal() { errors.render_styled() } else { errors.render() };
        Failure::new(exit::CONFIG, text.trim_end().to_string())
    })
}

pub(crate) use input::read_input;

fn tag(args: TagArgs) -> Outcome {
    if args.jsonl && !matches!(args.format, None | Some(Format::Json | Format::Jsonl)) {
        let name =
            args.format.and_then(|f| f.to_possible_value()).map(|v| v.get_name().to_string()).unwrap_or_default();
        return Err(Failure::new(
            exit::USAGE,
            format!(
                "error: --jsonl writes JSON Lines (one result object per record, with its id); --format {name} cannot be used with it"
            ),
        ));
    }
    let format = args.format.unwrap_or(if args.jsonl { Format::Jsonl } else { Format::Text });
    if (args.bom || args.no_formula_guard || args.no_cell_limit)
        && !matches!(format, Format::Csv | Format::SummaryCsv | Format::TermsCsv)
    {
        let option = if args.bom {
            "--bom"
        } else if args.no_formula_guard {
            "--no-formula-guard"
        } else {
            "--no-cell-limit"
        };
        return Err(Failure::new(
            exit::USAGE,
            format!("error: {option} is an option of CSV output (--format csv, summary-csv or terms-csv)"),
        ));
    }
    if args.no_cell_limit && format != Format::Csv {
        return Err(Failure::new(
            exit::USAGE,
            "error: --no-cell-limit is an option of --format csv only (summary-csv and terms-csv have no section or text cell to cut)",
        ));
    }
    let sources = sources::sources(&args.files, args.files_from.as_deref(), args.null, !args.jsonl)?;
    let tagger = load_tagger(&args.rules)?;
    if args.jsonl {
        let jobs = jobs::count(args.jobs, None);
        let files: Vec<PathBuf> = match args.files_from {
            None => args.files,
            Some(_) => sources
                .list
                .into_iter()
                .filter_map(|s| if let sources::Source::Input(p) = s { p } else { None })
                .collect(),
        };
        if files.is_empty() && args.files_from.is_some() {
            return Ok(exit::OK); // an empty list: nothing to read (not standard input)
        }
        return jsonl::tag_jsonl(tagger, &files, args.encoding, args.bad_bytes, jobs);
    }
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            use std::io::IsTerminal;
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    };
    let inputs = sources.list;
    let many = sources.several;
    let jobs = jobs::count(args.jobs, Some(inputs.len()));
    let run = Run { tagger, args: &args, format, color, many };
    // a bad file is reported and the others are still tagged; the first failure gives the exit code
    let mut failed: Vec<u8> = Vec::new();
    let mut out = io::BufWriter::new(io::stdout());
    if args.bom {
        out.write_all("\u{FEFF}".as_bytes())?;
    }
    fn report(
        out: &mut io::BufWriter<io::Stdout>,
        failed: &mut Vec<u8>,
        notes: &[String],
        f: Option<Failure>,
    ) -> io::Result<()> {
        if notes.is_empty() && f.is_none() {
            return Ok(());
        }
        out.flush()?;
        let mut err = anstream::stderr();
        for n in notes {
            let _ = writeln!(err, "{n}");
        }
        if let Some(f) = f {
            let _ = writeln!(err, "{}", f.message);
            failed.push(f.code);
        }
        Ok(())
    }
    // several files in HTML: one page, a section per file
    let page = many && format == Format::Html;
    if page {
        let names: Vec<String> = inputs.iter().map(sources::Source::name).collect();
        format::html_start(&mut out, &names, tagger.rules().themes().len())?;
    }
    let total = inputs.len();
    let csv = match format {
        Format::Csv => Some(format::CsvKind::Paragraphs),
        Format::SummaryCsv => Some(format::CsvKind::Summary),
        Format::TermsCsv => Some(format::CsvKind::Terms),
        _ => None,
    };
    if many && jobs > 1 {
        // several files at once: each one's output is made in memory and written in file order; a
        // CSV file's rows are made without the header, which the writer puts before the first file
        // that could be read (as on one thread)
        let files = inputs.into_iter().enumerate().map(Ok::<_, Failure>);
        let work = |(index, input): (usize, sources::Source)| -> (Vec<u8>, Vec<String>, Option<Failure>) {
            let mut buf = Vec::new();
            let mut notes = Vec::new();
            let failure = run
                .input(index == 0 && csv.is_none(), index, input, &mut notes, &mut buf)
                .expect("writing to memory does not fail");
            (buf, notes, failure)
        };
        let mut header = csv;
        jobs::ordered(jobs, files, work, |(buf, notes, failure): (Vec<u8>, Vec<String>, Option<Failure>)| {
            if let (Some(kind), None) = (header, &failure) {
                format::csv_header(&mut out, kind)?;
                header = None;
            }
            report(&mut out, &mut failed, &notes, failure)?;
            out.write_all(&buf)?;
            Ok(())
        })?;
    } else {
        let mut header = true;
        for (index, input) in inputs.into_iter().enumerate() {
            let mut notes = Vec::new();
            // a failure to write ends the command (exit 74); a file that cannot be read does not
            let failure = run.input(header, index, input, &mut notes, &mut out)?;
            // the CSV header comes with the first file that could be read
            header &= failure.is_some();
            report(&mut out, &mut failed, &notes, failure)?;
        }
    }
    if page {
        format::html_end(&mut out)?;
    }
    out.flush()?;
    match failed.first() {
        None => Ok(exit::OK),
        Some(&code) if many => {
            Err(Failure::new(code, format!("error: {} of {} inputs could not be tagged", failed.len(), total)))
        }
        Some(&code) => Err(Failure::new(code, "")),
    }
}

/// What every input of one `tifa tag` run shares.
struct Run<'a> {
    tagger: &'a Tagger,
    args: &'a TagArgs,
    format: Format,
    color: bool,
    /// Several inputs: JSON is JSON Lines with "file", HTML one page with a section each.
    many: bool,
}

impl Run<'_> {
    /// Reads input `index` (standard input for `None`), tags it and writes it in the chosen format;
    /// `first` says whether a CSV header is due. Notes about the input (an empty file, a file name that
    /// is not UTF-8) go to `notes`. An input that cannot be read comes back as a failure (in an HTML
    /// page of several files, its section says why); an error writing `out` is the `Err`.
    fn input(
        &self,
        first: bool,
        index: usize,
        input: sources::Source,
        notes: &mut Vec<String>,
        out: &mut impl Write,
    ) -> io::Result<Option<Failure>> {
        let name = input.name();
        let read = match input {
            sources::Source::Input(path) => {
                if let Some(escaped) = path.as_deref().and_then(sources::escaped_name) {
                    notes.push(format!(
                        "note: the file name {name} is not UTF-8 (shown with U+FFFD); in bash it is {escaped}"
                    ));
                }
                input::read_input_decoded(path.as_ref(), self.args.encoding, self.args.bad_bytes, notes)
            }
            sources::Source::Unlisted(_, f) => Err(f),
        };
        match read {
            Ok((name, text, encoding)) => {
                if text.trim().is_empty() {
                    notes.push(format!("note: {name} is empty: no paragraphs"));
                }
                let warnings = self.write_one(first, index, &name, encoding, &text, out)?;
                notes.extend(warnings);
                Ok(None)
            }
            Err(f) => {
                if self.many && self.format == Format::Html {
                    format::html_unread(out, index + 1, &name, &f.message)?;
                }
                Ok(Some(f))
            }
        }
    }

    /// Tags one input (read as `name`, decoded from `encoding` to `text`, input `index`) and writes it
    /// in the chosen format; gives the warnings about the output (a CSV cell cut to fit).
    fn write_one(
        &self,
        first: bool,
        index: usize,
        name: &str,
        encoding: &str,
        text: &str,
        out: &mut impl Write,
    ) -> io::Result<Vec<String>> {
        let tagger = self.tagger;
        if let Format::Json | Format::Jsonl = self.format {
            // JSON is written paragraph by paragraph as each is tagged: the report is never held whole
            let report = tagger.tag_streamed(text);
            if self.many || self.format == Format::Jsonl {
                #[derive(serde::Serialize)]
                struct WithFile<'a, 'r> {
                    file: &'a str,
                    encoding: &'a str,
                    #[serde(flatten)]
                    report: &'a tifa::StreamedReport<'r, 'a>,
                }
                serde_json::to_writer(&mut *out, &WithFile { file: name, encoding, report: &report })
                    .map_err(io::Error::from)?;
            } else {
                // one input: the report with what its text was decoded from first, as in JSON Lines
                // (where "file" comes before it); the rest is the library's report, key for key
                #[derive(serde::Serialize)]
                struct WithEncoding<'a, 'r> {
                    encoding: &'a str,
                    #[serde(flatten)]
                    report: &'a tifa::StreamedReport<'r, 'a>,
                }
                serde_json::to_writer_pretty(&mut *out, &WithEncoding { encoding, report: &report })
                    .map_err(io::Error::from)?;
            }
            writeln!(out)?;
            return Ok(Vec::new());
        }
        let report = tagger.tag(text);
        let mut warnings = Vec::new();
        match self.format {
            Format::Json | Format::Jsonl => unreachable!("written above"),
            Format::Text => format::text(out, name, text, &report, tagger.rules(), self.color),
            Format::Csv => format::csv(
                out,
                name,
                text,
                &report,
                first,
                format::CsvCells { guard: !self.args.no_formula_guard, limit: !self.args.no_cell_limit },
                &mut warnings,
            ),
            Format::SummaryCsv => format::summary_csv(out, name, encoding, &report, first, !self.args.no_formula_guard),
            Format::TermsCsv => {
                format::terms_csv(out, name, &report, tagger.rules(), first, !self.args.no_formula_guard)
            }
            Format::Html if self.many => format::html_section(out, index + 1, name, text, &report),
            Format::Html => format::html(out, name, text, &report),
        }?;
        Ok(warnings)
    }
}

fn check(args: CheckArgs) -> Outcome {
    let paths = if args.rules.is_empty() { args.paths } else { args.rules };
    let rule_args = RuleArgs { rules: paths, no_default_rules: args.no_default_rules };
    let rules = load_rules(&rule_args)?;
    let hash = format!("rules {} {}", rules.name(), rules.hash());
    let left_out = left_out_note(rules.examples_left_out());
    let themes = rules.themes().len();
    let terms = rules.term_count();
    let examples = rules.examples().len();
    let tagger = kept(Tagger::new(rules));
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
    if let Some(note) = left_out {
        writeln!(out, "{note}")?;
    }
    writeln!(out, "{hash}")?;
    let passed = examples - failures.len();
    let mut summary = format!(
        "{}, {}; examples: {passed} passed, {} failed",
        plural(themes, "theme", "themes"),
        plural(terms, "term", "terms"),
        failures.len()
    );
    if !warnings.is_empty() {
        summary.push_str(&format!("; {}", plural(warnings.len(), "warning", "warnings")));
    }
    writeln!(out, "{summary}")?;
    Ok(if failures.is_empty() && warnings.is_empty() { exit::OK } else { exit::FINDINGS })
}

/// The note of `check` about default examples left out because they use removed terms: how many,
/// and the first few of those terms.
fn left_out_note(left: &[tifa::LeftOutExample]) -> Option<String> {
    if left.is_empty() {
        return None;
    }
    let mut terms: Vec<&str> = Vec::new();
    for l in left {
        if !terms.contains(&l.term.as_str()) {
            terms.push(&l.term);
        }
    }
    const SHOWN: usize = 5;
    let more = if terms.len() > SHOWN { " …" } else { "" };
    terms.truncate(SHOWN);
    let n = left.len();
    Some(format!(
        "note: {} of the default rules left out: {} terms your rules remove ({}{more})",
        plural(n, "example", "examples"),
        if n == 1 { "it uses" } else { "they use" },
        terms.join(" ")
    ))
}

fn explain(args: ExplainArgs) -> Outcome {
    let tagger = load_tagger(&args.rules)?;
    let text = match explain_arg(&args.text) {
        ExplainArg::Stdin => read_input(None, args.encoding, args.bad_bytes)?.1,
        ExplainArg::File => {
            let path = PathBuf::from(&args.text);
            let _ = writeln!(
                anstream::stderr(),
                "note: explaining the text of the file {} (`-` reads text from standard input)",
                path.display()
            );
            read_input(Some(&path), args.encoding, args.bad_bytes)?.1
        }
        ExplainArg::Folder => {
            return Err(Failure::new(
                exit::USAGE,
                format!("error: {} is a folder; tifa explain reads one file (tifa tag reads folders)", args.text),
            ));
        }
        ExplainArg::Missing => {
            return Err(Failure::new(
                exit::USAGE,
                format!(
                    "error: no such file: {0}; to explain this as text, pipe it in: echo '{0}' | tifa explain -",
                    args.text
                ),
            ));
        }
        ExplainArg::Text => args.text,
    };
    let candidates = tagger.explain(&text);
    let report = tagger.tag(&text);
    // buffered: standard output writes a line at a time, and the JSON of a report is long
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        #[derive(serde::Serialize)]
        struct Explained<'a> {
            candidates: &'a [tifa::Candidate],
            report: &'a tifa::Report<'a>,
        }
        serde_json::to_writer_pretty(&mut out, &Explained { candidates: &candidates, report: &report })
            .map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        format::explain(&mut out, &candidates, &report, &text, tagger.rules())?;
    }
    out.flush()?;
    Ok(exit::OK)
}

/// What the argument of `tifa explain` is.
#[derive(Debug, PartialEq, Eq)]
enum ExplainArg {
    /// `-`: standard input.
    Stdin,
    /// An existing file, whatever its characters (Chinese folder and file names are common).
    File,
    /// An existing folder.
    Folder,
    /// No such file, but the argument looks like a path (a typo in a file name): an error rather than
    /// a confident "no candidate matches" for the name.
    Missing,
    /// Text to explain.
    Text,
}

/// Which `ExplainArg` ARG is. A path that does not exist: it ends in a file extension of reports or
/// batches, or it has a path separator after a folder that exists; and it has no line break and no
/// sentence punctuation (a sentence to explain has some; a path rarely does).
fn explain_arg(arg: &str) -> ExplainArg {
    let path = std::path::Path::new(arg);
    if arg == "-" {
        return ExplainArg::Stdin;
    }
    if arg.is_empty() || arg.contains(['\n', '\r']) {
        return ExplainArg::Text;
    }
    if path.is_file() {
        return ExplainArg::File;
    }
    if path.is_dir() {
        return ExplainArg::Folder;
    }
    if arg.contains(['，', '。', '；', '：', '！', '？', '、']) {
        return ExplainArg::Text;
    }
    const EXTENSIONS: [&str; 10] = ["txt", "text", "md", "docx", "pdf", "json", "jsonl", "csv", "htm", "html"];
    let extension =
        path.extension().and_then(|e| e.to_str()).is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)));
    let folder = arg.contains(['/', '\\']) && path.parent().is_some_and(|p| !p.as_os_str().is_empty() && p.is_dir());
    if extension || folder { ExplainArg::Missing } else { ExplainArg::Text }
}

fn eval(args: EvalArgs) -> Outcome {
    let tagger = load_tagger(&args.rules)?;
    let (records, failed) = read_gold_files(&args.gold, "scored");
    // a theme the rules switched off is left out of the scores (said below); one they never had is
    // most likely a typo in the gold
    let rules = tagger.rules();
    let unknown: Vec<String> = records
        .iter()
        .flat_map(|r| {
            r.themes
                .iter()
                .filter(|t| rules.theme(t).is_none() && !rules.switched_off().iter().any(|o| &o.id == *t))
                .map(move |t| match rules.closest_theme(t) {
                    Some(near) => format!("{} ({}; did you mean `{near}`?)", t, r.id),
                    None => format!("{} ({})", t, r.id),
                })
        })
        .collect();
    if !unknown.is_empty() {
        return Err(Failure::new(
            exit::DATAERR,
            format!("error: gold labels name themes the rules do not have: {}", unknown.join(", ")),
        ));
    }
    let evaluation = tifa::evaluate(tagger, &records);
    for l in &evaluation.switched_off {
        eprintln!(
            "note: {} of theme `{}` left out of the scores: the theme is switched off (enabled = false) by {}",
            plural(l.labels, "gold label", "gold labels"),
            l.theme,
            l.file
        );
    }
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.json {
        // The misses carry the gold texts: like the text output, the JSON lists them only when
        // asked, so that reading a held-out set's scores does not show its cases.
        let mut value = serde_json::to_value(&evaluation).map_err(io::Error::from)?;
        if !args.misses {
            if let Some(fields) = value.as_object_mut() {
                fields.remove("misses");
            }
        }
        serde_json::to_writer_pretty(&mut out, &value).map_err(io::Error::from)?;
        writeln!(out)?;
    } else {
        format::evaluation(&mut out, tagger, &evaluation, args.misses)?;
    }
    out.flush()?;
    match failed {
        Some(f) => Err(f),
        None => Ok(exit::OK),
    }
}

/// Reads gold files (UTF-8, a BOM dropped): the records of every line that can be read. A bad line
/// is reported on standard error with its file, line and column, as a bad record of `tag --jsonl`, and
/// a file that cannot be read or decoded is reported; the others are read, and the failure to return
/// at the end (exit code of the first) says how many were lost, and that the rest was `done`.
pub(crate) fn read_gold_files(paths: &[PathBuf], done: &str) -> (Vec<GoldRecord>, Option<Failure>) {
    let mut records = Vec::new();
    let (mut bad_lines, mut bad_files, mut code) = (0usize, 0usize, None);
    let mut err = anstream::stderr();
    for path in paths {
        let text = match input::read_text_file(path, InputEncoding::Utf8) {
            Ok(text) => text,
            Err(f) => {
                let _ = writeln!(err, "{}", f.message);
                bad_files += 1;
                code.get_or_insert(f.code);
                continue;
            }
        };
        let (good, errors) = GoldRecord::read_jsonl(&text);
        for e in &errors {
            let _ = writeln!(err, "error: {} {e}", path.display());
        }
        if !errors.is_empty() {
            bad_lines += errors.len();
            code.get_or_insert(exit::DATAERR);
        }
        records.extend(good);
    }
    let failure = code.map(|code| {
        let mut lost = Vec::new();
        if bad_lines > 0 {
            lost.push(format!("{bad_lines} gold line(s) could not be read"));
        }
        if bad_files > 0 {
            lost.push(format!("{bad_files} of {} gold files could not be read", paths.len()));
        }
        Failure::new(code, format!("error: {}; the other records were {done}", lost.join(", ")))
    });
    (records, failure)
}

fn themes(args: RuleArgs) -> Outcome {
    let rules = kept(load_rules(&args)?);
    let mut out = io::stdout().lock();
    for (i, t) in rules.themes().iter().enumerate() {
        writeln!(out, "{:<26} {:>4} terms  {}  {}", t.id, rules.theme_term_count(i), t.name, t.name_en)?;
    }
    writeln!(
        out,
        "{} themes, {} terms, rules {} {}",
        rules.themes().len(),
        rules.term_count(),
        rules.name(),
        rules.hash()
    )?;
    Ok(exit::OK)
}

/// `tifa terms`: every active term as `theme, text, folded, weight, flags` (tab-separated; flags
/// among `guarded`, `whole-word`, `proximity`, or `-`), then what the rule file says of its origin:
/// `sub_theme, level, region, year, note` (empty when not given; tabs and line breaks of a note
/// written as spaces); with `--patterns`, the automaton's patterns.
fn terms(args: TermsArgs) -> Outcome {
    let tagger = load_tagger(&args.rules)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    if args.patterns {
        for p in tagger.patterns() {
            writeln!(out, "{p}")?;
        }
    } else {
        let rules = tagger.rules();
        writeln!(out, "theme\tterm\tfolded\tweight\tflags\tsub_theme\tlevel\tregion\tyear\tnote")?;
        // a cell on one line, without tabs
        let cell = |s: &Option<String>| {
            s.as_deref().unwrap_or_default().split(['\t', '\n', '\r']).collect::<Vec<_>>().join(" ")
        };
        for t in rules.terms() {
            let flags: Vec<&str> =
                [(t.is_guarded(), "guarded"), (t.whole_word, "whole-word"), (t.is_proximity(), "proximity")]
                    .into_iter()
                    .filter_map(|(on, name)| on.then_some(name))
                    .collect();
            let flags = if flags.is_empty() { "-".to_string() } else { flags.join(",") };
            let year = t.year.map(|y| y.to_string()).unwrap_or_default();
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{flags}\t{}\t{}\t{}\t{year}\t{}",
                rules.themes()[t.theme].id,
                t.text,
                t.folded(),
                t.weight,
                cell(&t.sub_theme),
                cell(&t.level),
                cell(&t.region),
                cell(&t.note)
            )?;
        }
    }
    out.flush()?;
    Ok(exit::OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `tifa explain ARG` reads, for paths with Chinese names, missing files and sentences.
    #[test]
    fn explain_arguments() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().display().to_string();
        std::fs::create_dir(dir.path().join("省级")).unwrap();
        std::fs::write(dir.path().join("省级/023_天津.txt"), "推行河长制。").unwrap();
        std::fs::write(dir.path().join("报告"), "推行河长制。").unwrap();
        let table: [(String, ExplainArg); 16] = [
            ("-".into(), ExplainArg::Stdin),
            (format!("{d}/省级/023_天津.txt"), ExplainArg::File),
            // a file without an extension, Chinese name
            (format!("{d}/报告"), ExplainArg::File),
            (format!("{d}/省级"), ExplainArg::Folder),
            // typos in a file name
            (format!("{d}/省级/023_天津.tx"), ExplainArg::Missing),
            (format!("{d}/省级/missing"), ExplainArg::Missing),
            ("missing_report.txt".into(), ExplainArg::Missing),
            ("工作报告.TXT".into(), ExplainArg::Missing),
            ("no/such/folder/报告.md".into(), ExplainArg::Missing),
            // sentences, slashes in them included
            ("认真对照省委“1310”具体部署".into(), ExplainArg::Text),
            ("推进河长制/湖长制".into(), ExplainArg::Text),
            ("全年办结1310宗。".into(), ExplainArg::Text),
            ("详见附件：报告.txt".into(), ExplainArg::Text),
            ("河长制\n报告.txt".into(), ExplainArg::Text),
            ("1.5".into(), ExplainArg::Text),
            ("".into(), ExplainArg::Text),
        ];
        for (arg, want) in table {
            assert_eq!(explain_arg(&arg), want, "{arg:?}");
        }
    }
}

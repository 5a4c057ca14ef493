//! `tifa tag --jsonl`: JSON Lines streams (standard input, or each file given) of `{"id", "text"}`
//! records to result lines, in input order, on several threads, in flat memory. A stream may be UTF-8,
//! UTF-16 (with a byte-order mark, or recognised by its first bytes) or, named with `--encoding`,
//! GB18030. Every bad record is reported once with its stream, line and column, saying what is wrong
//! (which bytes, which field); the records around it are tagged. A lone surrogate escape is read as
//! U+FFFD with a warning.

use std::io::{self, BufRead, Read, Write};
use std::path::PathBuf;
use std::sync::Arc;

use serde_json::Value;
use tifa::Tagger;
use tifa::decode::{Encoding, decode_line, decode_line_lossy};

use super::input::{self, Record};
use super::{BadBytes, Failure, InputEncoding, Outcome, exit, jobs};

/// How a stream's records are cut and decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum StreamEncoding {
    Utf8,
    Gb18030,
    Utf16 { be: bool },
}

impl StreamEncoding {
    fn encoding(self) -> Encoding {
        match self {
            StreamEncoding::Utf8 => Encoding::Utf8,
            StreamEncoding::Gb18030 => Encoding::Gb18030,
            StreamEncoding::Utf16 { be: false } => Encoding::Utf16le,
            StreamEncoding::Utf16 { be: true } => Encoding::Utf16be,
        }
    }
}

/// One JSON Lines stream being read.
struct Stream {
    /// `stdin` or the path, as messages name it.
    label: Arc<str>,
    reader: Box<dyn BufRead>,
    encoding: StreamEncoding,
    /// The encoding was recognised, not named: a record that is not UTF-8 may say how to name it.
    auto: bool,
    /// Lines read so far.
    number: usize,
    /// Whether a record has said that `--encoding gb18030` may read the stream.
    hinted: bool,
    /// `--bad-bytes replace`: a record's bad bytes are read as U+FFFD, with a warning.
    replace: bool,
}

/// What the reader hands to the workers.
enum Item {
    /// A record's text, with its stream and line, and a warning to print before its result.
    Record { label: Arc<str>, number: usize, text: String, warning: Option<String> },
    /// A record or stream that could not be read: the exit code and the message.
    Bad { code: u8, message: String },
    /// Printed in its place in the output (standard error), nothing else.
    Note(String),
}

/// What a worker gives back for one item: a result line, messages to print before it, and the exit
/// code of a failure.
struct Done {
    json: Option<Vec<u8>>,
    messages: Vec<String>,
    failure: Option<u8>,
}

/// Opens a stream and recognises its encoding: a byte-order mark decides, and a stream whose first
/// bytes are an ASCII character and a NUL (or the reverse) is UTF-16 (the way RFC 4627 tells JSON's
/// encodings apart); `--encoding` names one.
fn open(
    label: Arc<str>,
    reader: Box<dyn BufRead>,
    named: InputEncoding,
    bad_bytes: BadBytes,
) -> io::Result<(Stream, Option<String>)> {
    let mut reader = reader;
    let mut head = [0u8; 4];
    let mut got = 0;
    while got < head.len() {
        match reader.read(&mut head[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    let head = &head[..got];
    let mut note = None;
    let (encoding, skip) = match named {
        InputEncoding::Utf8 => (StreamEncoding::Utf8, 0),
        InputEncoding::Gb18030 => (StreamEncoding::Gb18030, 0),
        InputEncoding::Utf16le => (StreamEncoding::Utf16 { be: false }, 0),
        InputEncoding::Utf16be => (StreamEncoding::Utf16 { be: true }, 0),
        InputEncoding::Auto => match head {
            [0xFF, 0xFE, ..] => (StreamEncoding::Utf16 { be: false }, 2),
            [0xFE, 0xFF, ..] => (StreamEncoding::Utf16 { be: true }, 2),
            [a, 0, ..] if *a != 0 && a.is_ascii() => {
                note = Some(format!(
                    "note: {label} has no byte-order mark; read as UTF-16LE (--encoding utf16le says so)"
                ));
                (StreamEncoding::Utf16 { be: false }, 0)
            }
            [0, b, ..] if *b != 0 && b.is_ascii() => {
                note = Some(format!(
                    "note: {label} has no byte-order mark; read as UTF-16BE (--encoding utf16be says so)"
                ));
                (StreamEncoding::Utf16 { be: true }, 0)
            }
            _ => (StreamEncoding::Utf8, 0),
        },
    };
    let prefix = io::Cursor::new(head[skip..].to_vec());
    let reader: Box<dyn BufRead> = Box::new(prefix.chain(reader));
    let auto = named == InputEncoding::Auto;
    Ok((
        Stream { label, reader, encoding, auto, number: 0, hinted: false, replace: bad_bytes == BadBytes::Replace },
        note,
    ))
}

impl Stream {
    /// The next record of the stream (blank lines are passed over), `None` at its end.
    fn next(&mut self) -> io::Result<Option<Item>> {
        loop {
            let record = match self.encoding {
                StreamEncoding::Utf16 { be } => input::next_record_utf16(&mut self.reader, be)?,
                _ => input::next_record(&mut self.reader)?,
            };
            let Some(record) = record else { return Ok(None) };
            self.number += 1;
            let number = self.number;
            let label = self.label.clone();
            let bad = |what: String| Item::Bad {
                code: exit::DATAERR,
                message: format!("error: {label} line {number}, {what}"),
            };
            let line = match record {
                Record::Line(line) => line,
                Record::TooLong => {
                    return Ok(Some(bad(format!(
                        "column 1: the record is larger than {}, the most tifa reads at once",
                        input::MAX_INPUT_TEXT
                    ))));
                }
            };
            let mut warning = None;
            let decoded = match self.encoding {
                // --bad-bytes replace: bad bytes are U+FFFD, said in a warning
                enc if self.replace => {
                    // valid UTF-8 (nearly every record) is taken as it is, without the decoder's copy
                    let valid = if matches!(enc, StreamEncoding::Utf8) {
                        String::from_utf8(line).map_err(|e| e.into_bytes())
                    } else {
                        Err(line)
                    };
                    valid.or_else(|line| {
                        let (text, replaced) = decode_line_lossy(&line, enc.encoding());
                        warning = replaced.map(|what| format!("warning: {label} line {number}, {what}"));
                        Ok(text)
                    })
                }
                StreamEncoding::Utf8 => String::from_utf8(line).or_else(|e| {
                    // (checked once: a valid record is not read again) a stream of GB18030 records is
                    // said once how to read it
                    let line = e.into_bytes();
                    let gb18030 = self.auto && !self.hinted && decode_line(line.clone(), Encoding::Gb18030).is_ok();
                    decode_line(line, Encoding::Utf8).map_err(|e| {
                        let mut what = e.to_string();
                        if gb18030 {
                            self.hinted = true;
                            what.push_str(" (if the stream is GB18030, --encoding gb18030 reads it)");
                        }
                        what
                    })
                }),
                other => decode_line(line, other.encoding()).map_err(|e| e.to_string()),
            };
            let mut text = match decoded {
                Ok(text) => text,
                Err(what) => return Ok(Some(bad(what))),
            };
            if number == 1 && text.starts_with('\u{FEFF}') {
                text.drain(..'\u{FEFF}'.len_utf8());
            }
            if text.trim().is_empty() {
                continue;
            }
            return Ok(Some(Item::Record { label, number, text, warning }));
        }
    }
}

/// The input record.
#[derive(serde::Deserialize)]
struct Input {
    id: Value,
    text: String,
}

/// A result line: the input's id, then the report.
#[derive(serde::Serialize)]
struct Output<'a, 'r> {
    id: &'a Value,
    #[serde(flatten)]
    report: &'a tifa::StreamedReport<'r, 'a>,
}

/// Streams `{"id", "text"}` lines of standard input (no `files`) or of each file, in order, to result
/// lines, on `jobs` threads.
pub(crate) fn tag_jsonl(
    tagger: &Tagger,
    files: &[PathBuf],
    encoding: InputEncoding,
    bad_bytes: BadBytes,
    jobs: usize,
) -> Outcome {
    let stdin_only = [None];
    let named: Vec<Option<&PathBuf>> = files.iter().map(Some).collect();
    let sources: &[Option<&PathBuf>] = if files.is_empty() { &stdin_only } else { &named };
    let mut sources = sources.iter().copied();
    let mut stream: Option<Stream> = None;
    // Records (or the message of a bad one), a few at a time for several workers (one hand-over per
    // record cost a tenth of the work in thread wake-ups), one at a time for one.
    let (most, most_bytes) = if jobs > 1 { (32, 1 << 18) } else { (1, 0) };
    let mut ended = false;
    let batches = std::iter::from_fn(|| {
        let mut batch: Vec<Item> = Vec::new();
        let mut bytes = 0;
        while !ended && batch.len() < most && (bytes < most_bytes || batch.is_empty()) {
            let Some(s) = stream.as_mut() else {
                // the next stream
                let Some(source) = sources.next() else {
                    ended = true;
                    break;
                };
                let (label, reader): (Arc<str>, io::Result<Box<dyn BufRead>>) = match source {
                    Some(p) if p.as_os_str() != "-" => (
                        p.display().to_string().into(),
                        std::fs::File::open(p)
                            .map(|f| Box::new(io::BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>),
                    ),
                    _ => ("stdin".into(), Ok(Box::new(io::stdin().lock()) as Box<dyn BufRead>)),
                };
                match reader.and_then(|r| open(label.clone(), r, encoding, bad_bytes)) {
                    Ok((s, note)) => {
                        stream = Some(s);
                        batch.extend(note.map(Item::Note));
                    }
                    Err(e) => batch.push(unreadable(&label, e)),
                }
                continue;
            };
            match s.next() {
                Ok(Some(item)) => {
                    if let Item::Record { text, .. } = &item {
                        bytes += text.len();
                    }
                    batch.push(item);
                }
                Ok(None) => stream = None,
                Err(e) => {
                    batch.push(unreadable(&s.label, e));
                    stream = None;
                }
            }
        }
        (!batch.is_empty()).then_some(Ok::<_, Failure>(batch))
    });
    let work = |batch: Vec<Item>| -> Vec<Done> { batch.into_iter().map(|item| tag_item(tagger, item)).collect() };
    let mut out = io::BufWriter::new(io::stdout());
    let (mut bad_records, mut bad_streams) = (0usize, 0usize);
    let mut first_failure: Option<u8> = None;
    jobs::ordered(jobs, batches, work, |results| {
        for done in results {
            if !done.messages.is_empty() {
                out.flush()?;
                let mut err = anstream::stderr();
                for m in &done.messages {
                    let _ = writeln!(err, "{m}");
                }
            }
            if let Some(json) = &done.json {
                out.write_all(json)?;
            }
            if let Some(code) = done.failure {
                first_failure.get_or_insert(code);
                if code == exit::DATAERR { bad_records += 1 } else { bad_streams += 1 }
            }
        }
        Ok(())
    })?;
    out.flush()?;
    let Some(code) = first_failure else { return Ok(exit::OK) };
    let mut summary = Vec::new();
    if bad_records > 0 {
        summary.push(format!("error: {bad_records} input line(s) could not be read"));
    }
    if bad_streams > 0 {
        summary.push(format!("error: {bad_streams} of {} inputs could not be read", files.len().max(1)));
    }
    Err(Failure::new(code, summary.join("\n")))
}

/// A stream that cannot be opened or read on: a usage error like an input file that cannot be read.
fn unreadable(label: &str, e: io::Error) -> Item {
    let name = if label == "stdin" { "standard input" } else { label };
    Item::Bad { code: exit::USAGE, message: format!("error: cannot read {name}: {e}") }
}

/// Tags one record, or says why it cannot be.
fn tag_item(tagger: &Tagger, item: Item) -> Done {
    let (label, number, text, warning) = match item {
        Item::Record { label, number, text, warning } => (label, number, text, warning),
        Item::Bad { code, message } => return Done { json: None, messages: vec![message], failure: Some(code) },
        Item::Note(note) => return Done { json: None, messages: vec![note], failure: None },
    };
    let mut messages: Vec<String> = warning.into_iter().collect();
    let input = match parse(&text) {
        Ok(input) => input,
        Err(what) => {
            // a lone surrogate escape is read as U+FFFD, with a warning; when the record is bad
            // anyway, its other error is the one to report (`\ufffd` is as long as the escape it
            // replaces: the columns hold)
            let outcome = match replace_lone_surrogates(&text) {
                None => Err(what),
                Some((fixed, lone)) => parse(&fixed).map(|input| (input, lone)),
            };
            match outcome {
                Ok((input, lone)) => {
                    for (column, escape) in lone {
                        messages.push(format!("warning: {label} line {number}, column {column}: lone surrogate {escape} (not valid Unicode), read as U+FFFD"));
                    }
                    input
                }
                Err(what) => {
                    messages.push(format!("error: {label} line {number}, {what}"));
                    return Done { json: None, messages, failure: Some(exit::DATAERR) };
                }
            }
        }
    };
    let report = tagger.tag_streamed(&input.text);
    let mut json = serde_json::to_vec(&Output { id: &input.id, report: &report }).expect("a report always serialises");
    json.push(b'\n');
    Done { json: Some(json), messages, failure: None }
}

/// `line` with every lone surrogate escape (`\ud800` not followed by a low one, or a low one alone:
/// text cut inside an emoji by a tool that counts UTF-16 units) made `\ufffd`, and where each was (its
/// column, as written); `None` when there is none. U+FFFD is one UTF-16 unit like the surrogate, so
/// the UTF-16 offsets of the report stay those of the original text.
fn replace_lone_surrogates(line: &str) -> Option<(String, Vec<(usize, String)>)> {
    let b = line.as_bytes();
    let hex = |at: usize| -> Option<u16> { u16::from_str_radix(line.get(at..at + 4)?, 16).ok() };
    let (mut fixed, mut lone, mut last, mut i) = (String::new(), Vec::new(), 0, 0);
    while let Some(off) = memchr::memchr(b'\\', &b[i..]) {
        let at = i + off;
        // an escape other than \u, or a \u without four hex digits (serde reports it): passed over
        let Some(unit) = b.get(at + 1).filter(|&&c| c == b'u').and_then(|_| hex(at + 2)) else {
            i = at + 2;
            if i >= b.len() {
                break;
            }
            continue;
        };
        let high = (0xD800..0xDC00).contains(&unit);
        let paired = high
            && b.get(at + 6) == Some(&b'\\')
            && b.get(at + 7) == Some(&b'u')
            && hex(at + 8).is_some_and(|u| (0xDC00..0xE000).contains(&u));
        if paired {
            i = at + 12;
        } else if high || (0xDC00..0xE000).contains(&unit) {
            fixed.push_str(&line[last..at]);
            fixed.push_str("\\ufffd");
            last = at + 6;
            lone.push((line[..at].chars().count() + 1, line[at..at + 6].to_string()));
            i = at + 6;
        } else {
            i = at + 6;
        }
        if i >= b.len() {
            break;
        }
    }
    if lone.is_empty() {
        return None;
    }
    fixed.push_str(&line[last..]);
    Some((fixed, lone))
}

/// Reads one record; the error says where (`column N: …`) and what is wrong with it.
fn parse(line: &str) -> Result<Input, String> {
    const SHAPE: &str = "a JSON object with \"id\" and \"text\"";
    let start = line.len() - line.trim_start().len();
    let column_of = |byte: usize| line[..byte].chars().count() + 1;
    // serde would read an array as the fields in order: a record is an object
    if !line[start..].starts_with('{') {
        return match serde_json::from_str::<Value>(line) {
            Ok(v) => Err(format!("column {}: a record must be {SHAPE} (got {})", column_of(start), kind(&v))),
            Err(e) => Err(json_error(line, &e)),
        };
    }
    let e = match serde_json::from_str::<Input>(line) {
        Ok(input) => return Ok(input),
        Err(e) => e,
    };
    if e.classify() == serde_json::error::Category::Data {
        let message = e.to_string();
        if let Some(field) = message.strip_prefix("missing field `").and_then(|m| m.split('`').next()) {
            return Err(format!("column {}: field `{field}` is missing (a record is {SHAPE})", error_column(line, &e)));
        }
        // `id` takes any value: a wrong type is the text's
        if message.starts_with("invalid type") {
            if let Ok(v) = serde_json::from_str::<Value>(line) {
                let column = value_start(line, "text").map_or_else(|| error_column(line, &e), column_of);
                return Err(format!("column {column}: field `text` must be a string (got {})", kind(&v["text"])));
            }
        }
    }
    Err(json_error(line, &e))
}

/// The byte where the value of `key` starts in `line`, a valid JSON object: the first member of that
/// name at the top level, its name written without escapes.
fn value_start(line: &str, key: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => depth += 1,
            b'}' | b']' => depth = depth.saturating_sub(1),
            b'"' => {
                // a string: to its closing quote (a backslash escapes the next byte)
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let name = line.get(start..i.min(line.len()))?;
                let rest = line.get(i + 1..)?.trim_start();
                if depth == 1 && name == key && rest.starts_with(':') {
                    let value = rest[1..].trim_start();
                    return Some(line.len() - value.len());
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// `a number`, `null`, `an array` …: what a JSON value is, for messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The column (in characters of the record's line) serde's error points at; past the end of the
/// record at its end.
fn error_column(line: &str, e: &serde_json::Error) -> usize {
    let mut byte = if e.classify() == serde_json::error::Category::Eof {
        line.len()
    } else {
        e.column().saturating_sub(1).min(line.len())
    };
    while !line.is_char_boundary(byte) {
        byte -= 1;
    }
    line[..byte].chars().count() + 1
}

/// `column 12: expected `:``: serde's message with the column in characters of the record's line
/// (serde counts the lines and bytes of the one record it was given).
fn json_error(line: &str, e: &serde_json::Error) -> String {
    let full = e.to_string();
    let message = match full.rsplit_once(" at line ") {
        Some((m, _)) => m,
        None => &full,
    };
    format!("column {}: {message}", error_column(line, e))
}

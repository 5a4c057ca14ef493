//! Reading reports: the size limit, and decoding with the exact place of the first byte that cannot
//! be decoded (byte offset, line and column), so that a bad input is reported and nothing else is lost.

use super::plural;
use std::io::{self, BufRead, Read};
use std::path::PathBuf;

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use super::{exit, BadBytes, Failure, InputEncoding};

/// The largest input the command reads: one file, standard input, or one JSON Lines record.
/// Past it the input is refused (exit 65) and the others are still tagged.
pub(crate) const MAX_INPUT_BYTES: usize = 256 << 20;

/// The limit as people write it.
pub(crate) const MAX_INPUT_TEXT: &str = "256 MiB";

/// The name an input goes by in the output: the path as given, `<stdin>` for `None` and `-`.
pub(crate) fn display_name(path: Option<&PathBuf>) -> String {
    match path {
        Some(p) if p.as_os_str() != "-" => p.display().to_string(),
        _ => "<stdin>".to_string(),
    }
}

/// The hint for a folder of rule files given where reports are read (`tifa tag city_rules/ t1.txt`,
/// `--rules` forgotten): `\nhelp: …` when `path` is a folder that holds `*.toml` files, else `None`.
/// (A command that reads folders of reports can call it when a folder has no report in it.)
pub(crate) fn rules_folder_hint(path: &std::path::Path) -> Option<String> {
    let toml = std::fs::read_dir(path).ok()?.filter_map(Result::ok).any(|e| e.path().extension().is_some_and(|x| x == "toml") && e.path().is_file());
    toml.then(|| rules_hint(path))
}

/// `\nhelp: DIR holds rule files …`: the hint of [`rules_folder_hint`], for a folder known to hold them.
pub(crate) fn rules_hint(path: &std::path::Path) -> String {
    format!("\nhelp: {0} holds rule files (*.toml): to use them as rules, write --rules {0} / 规则文件夹要用 --rules 给出", path.display())
}

/// Reads a report file, or standard input for `None` and `-`, and decodes it; with `BadBytes::Replace`,
/// bytes that cannot be decoded are read as U+FFFD, with a warning on standard error.
pub(crate) fn read_input(path: Option<&PathBuf>, encoding: InputEncoding, bad_bytes: BadBytes) -> Result<(String, String), Failure> {
    let mut notes = Vec::new();
    let read = read_input_decoded(path, encoding, bad_bytes, &mut notes);
    for note in notes {
        eprintln!("{note}");
    }
    read.map(|(name, text, _)| (name, text))
}

/// [`read_input`], and the encoding the text was decoded from, as `--encoding` names it (`utf8`,
/// `gb18030`, `utf16le`, `utf16be`); the notes and warnings about the input (an encoding recognised
/// without a BOM, bad bytes replaced) are added to `notes` instead of printed: files read on several
/// threads print theirs in order.
pub(crate) fn read_input_decoded(path: Option<&PathBuf>, encoding: InputEncoding, bad_bytes: BadBytes, notes: &mut Vec<String>) -> Result<(String, String, &'static str), Failure> {
    let (name, bytes) = match path {
        Some(p) if p.as_os_str() != "-" => {
            let name = display_name(path);
            let cannot = |e: io::Error| Failure::new(exit::USAGE, format!("error: cannot read {name}: {e}{}", rules_folder_hint(p).unwrap_or_default()));
            let file = std::fs::File::open(p).map_err(cannot)?;
            let bytes = read_limited(file, &name).map_err(|e| match e {
                Limited::Io(e) => cannot(e),
                Limited::TooLarge => too_large(&name),
            })?;
            (name, bytes)
        }
        _ => {
            let name = "<stdin>".to_string();
            let bytes = read_limited(io::stdin().lock(), &name).map_err(|e| match e {
                Limited::Io(e) => Failure::new(exit::USAGE, format!("error: cannot read standard input: {e}")),
                Limited::TooLarge => too_large(&name),
            })?;
            (name, bytes)
        }
    };
    // UTF-8 without a byte-order mark (the usual input) becomes the text without a copy: the bytes
    // and a decoded copy of a 100 MB file were 2x its size in memory at once
    let utf8 = matches!(encoding, InputEncoding::Auto | InputEncoding::Utf8) && !bytes.starts_with(b"\xEF\xBB\xBF");
    let (text, enc) = if utf8 {
        match String::from_utf8(bytes) {
            Ok(text) => (text, UTF_8),
            Err(e) => decode_named(e.as_bytes(), encoding, bad_bytes, &name, notes)?,
        }
    } else {
        decode_named(&bytes, encoding, bad_bytes, &name, notes)?
    };
    Ok((name, text, encoding_value(enc)))
}

fn too_large(name: &str) -> Failure {
    Failure::new(exit::DATAERR, format!("error: {name} is larger than {MAX_INPUT_TEXT}, the most tifa reads at once: split it"))
}

enum Limited {
    Io(io::Error),
    TooLarge,
}

/// Reads at most `MAX_INPUT_BYTES`; one byte more means the input is too large.
fn read_limited(r: impl Read, _name: &str) -> Result<Vec<u8>, Limited> {
    let mut bytes = Vec::new();
    r.take(MAX_INPUT_BYTES as u64 + 1).read_to_end(&mut bytes).map_err(Limited::Io)?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(Limited::TooLarge);
    }
    Ok(bytes)
}

/// One line of a JSON Lines stream.
pub(crate) enum Record {
    /// The line, without its line break.
    Line(Vec<u8>),
    /// The line was longer than `MAX_INPUT_BYTES`; it was skipped up to its line break.
    TooLong,
}

/// Reads the next line of `reader` into memory, at most `MAX_INPUT_BYTES` of it; `None` at the end.
pub(crate) fn next_record(reader: &mut impl BufRead) -> io::Result<Option<Record>> {
    let mut line = Vec::new();
    let n = reader.by_ref().take(MAX_INPUT_BYTES as u64 + 1).read_until(b'\n', &mut line)?;
    if n == 0 {
        return Ok(None);
    }
    if line.len() > MAX_INPUT_BYTES {
        if line.last() != Some(&b'\n') {
            reader.skip_until(b'\n')?;
        }
        return Ok(Some(Record::TooLong));
    }
    while matches!(line.last(), Some(b'\n' | b'\r')) {
        line.pop();
    }
    Ok(Some(Record::Line(line)))
}

/// Where decoding stopped: the byte range of the bad sequence and the text decoded before it.
struct Malformed {
    start: usize,
    end: usize,
    decoded: String,
}

/// Decodes all of `body` with `enc`, without replacement characters.
fn decode_strict(enc: &'static Encoding, body: &[u8]) -> Result<String, Malformed> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(body.len()));
    let mut pos = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(&body[pos..], &mut out, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(body.len() - pos + 16),
            DecoderResult::Malformed(bad, after) => {
                let end = pos - after as usize;
                return Err(Malformed { start: end - bad as usize, end, decoded: out });
            }
        }
    }
}

/// The most bad bytes a message shows.
const SHOWN: usize = 8;

/// `byte 0xFF`, `bytes 0xE6 0xFF 0xA8`: the bytes that cannot be decoded, the first `SHOWN` of them.
fn show_bytes(bad: &[u8]) -> String {
    let shown: Vec<String> = bad.iter().take(SHOWN).map(|b| format!("0x{b:02X}")).collect();
    let more = if bad.len() > SHOWN { format!(" … ({} bytes)", bad.len()) } else { String::new() };
    format!("{} {}{more}", if bad.len() == 1 { "byte" } else { "bytes" }, shown.join(" "))
}

/// The length of the run of bytes from `at` that cannot be decoded as UTF-8: every invalid sequence
/// up to the next character that decodes (`e6 ff a8`: a character cut short by `ff`, then `a8`, which
/// continues nothing).
fn utf8_bad_run(bytes: &[u8], at: usize) -> usize {
    let mut len = 0;
    for chunk in bytes[at..].utf8_chunks() {
        if !chunk.valid().is_empty() || chunk.invalid().is_empty() {
            break;
        }
        len += chunk.invalid().len();
    }
    len
}

/// 1-based line and column (in chars) of the end of `text`; lines end at \n, \r\n or a lone \r, as
/// paragraphs do.
fn line_column(text: &str) -> (usize, usize) {
    let line = text.matches('\n').count() + text.matches('\r').count() - text.matches("\r\n").count() + 1;
    let line_start = text.rfind(['\n', '\r']).map_or(0, |i| i + 1);
    (line, text[line_start..].chars().count() + 1)
}

/// `bytes 0xD4 0xF1 at byte 2 (line 1, column 2)` for where UTF-8 decoding stopped: every undecodable
/// byte of the run that starts there.
fn place(bytes: &[u8], m: &Malformed) -> String {
    let end = m.start + utf8_bad_run(bytes, m.start).max(1);
    let (line, column) = line_column(&m.decoded);
    format!("{} at byte {} (line {line}, column {column})", show_bytes(&bytes[m.start..end]), m.start)
}

/// A place that cannot be decoded: the byte range of a run of bad sequences (next to each other), and
/// the length of the text decoded before it (each bad sequence before it read as one U+FFFD).
struct BadPlace {
    start: usize,
    end: usize,
    decoded: usize,
}

/// Decodes all of `body` with `enc`, each bad sequence as U+FFFD (as `String::from_utf8_lossy` does),
/// and every place that could not be decoded.
fn decode_lossy(enc: &'static Encoding, body: &[u8]) -> (String, Vec<BadPlace>) {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(body.len()));
    let mut places: Vec<BadPlace> = Vec::new();
    let mut pos = 0;
    loop {
        let (result, read) = decoder.decode_to_string_without_replacement(&body[pos..], &mut out, true);
        pos += read;
        match result {
            DecoderResult::InputEmpty => return (out, places),
            DecoderResult::OutputFull => out.reserve(body.len() - pos + 16),
            DecoderResult::Malformed(bad, after) => {
                let mut end = pos - after as usize;
                let start = end - bad as usize;
                if enc == UTF_8 {
                    // every undecodable byte of the run (a character cut short at the end of the
                    // input is one sequence of all its bytes)
                    end = end.max(start + utf8_bad_run(body, start));
                }
                match places.last_mut() {
                    Some(last) if last.end >= start => last.end = last.end.max(end),
                    _ => places.push(BadPlace { start, end, decoded: out.len() }),
                }
                out.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
}

/// `bytes 0xE6 0xFF 0xA8 at byte 1234 (line 5, column 3)`: a bad place of `body` (which starts
/// `offset` bytes into the input) in `text`, what was decoded of it.
fn describe(body: &[u8], offset: usize, text: &str, bad: &BadPlace) -> String {
    let (line, column) = line_column(&text[..bad.decoded]);
    format!("{} at byte {} (line {line}, column {column})", show_bytes(&body[bad.start..bad.end]), offset + bad.start)
}

/// Whether `bad`, at the very end of the input, is the start of a character in `enc` that the input
/// ends inside of (a file cut short).
fn cut_short(enc: &'static Encoding, body: &[u8], bad: &BadPlace) -> bool {
    if bad.end != body.len() {
        return false;
    }
    let first = body[bad.start];
    if enc == UTF_8 {
        (0xC2..=0xF4).contains(&first)
    } else if enc == GB18030 {
        (0x81..=0xFE).contains(&first)
    } else {
        // UTF-16: half a unit, or a high surrogate without its low one
        true
    }
}

/// What follows the first bad place of a text in `enc` with a few damaged places: that the rest
/// decodes, or that the file ends inside a character, or how many damaged places there are and where
/// the next one is.
fn damage(enc: &'static Encoding, body: &[u8], offset: usize, text: &str, places: &[BadPlace]) -> String {
    let name = enc.name();
    match places {
        [only] if cut_short(enc, body, only) => " (the file ends inside a character: truncated?)".to_string(),
        [_] => format!(" (the rest of the file is {name}: it is damaged there)"),
        [_, next, ..] => {
            let (line, column) = line_column(&text[..next.decoded]);
            let at = offset + next.start;
            format!(" (the file is {name} damaged in {} places; the next is at byte {at}, line {line}, column {column})", places.len())
        }
        [] => String::new(),
    }
}

/// Whether a text decoded with `places` that cannot be is mostly that encoding (a damaged file): at
/// least ten good non-ASCII characters for every bad byte.
fn mostly(text: &str, places: &[BadPlace]) -> bool {
    let bad: usize = places.iter().map(|p| p.end - p.start).sum();
    let good = text.chars().filter(|&c| !c.is_ascii() && c != char::REPLACEMENT_CHARACTER).count();
    bad > 0 && good >= bad * 10
}

/// The hint of an error about a file that is mostly decodable.
const REPLACE_HINT: &str = "; --bad-bytes replace reads the bad bytes as U+FFFD";

/// The warning for a file read with `--bad-bytes replace`: how many bad bytes, in how many places, and
/// where the first is.
fn replaced(name: &str, enc: &'static Encoding, body: &[u8], offset: usize, text: &str, places: &[BadPlace]) -> String {
    let bytes: usize = places.iter().map(|p| p.end - p.start).sum();
    format!(
        "warning: {name}: {} in {} read as U+FFFD ({} text; the first: {}){}",
        plural(bytes, "bad byte", "bad bytes"),
        plural(places.len(), "place", "places"),
        enc.name(),
        describe(body, offset, text, &places[0]),
        if cut_short(enc, body, places.last().expect("a bad place")) { "; the file ends inside a character: truncated?" } else { "" }
    )
}

/// The share of characters a report in this text would have: CJK ideographs and punctuation,
/// full-width forms and ASCII. Text decoded with the wrong encoding has far fewer.
fn plausible(text: &str) -> bool {
    let mut total = 0usize;
    let mut good = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3000}'..='\u{303F}').contains(&c) || ('\u{FF00}'..='\u{FF60}').contains(&c) || "“”‘’…—·".contains(c) {
            good += 1;
        }
    }
    total >= 4 && good * 10 >= total * 9
}

/// UTF-16 without a byte-order mark: decodes without error to a plausible text with a line feed.
fn utf16_without_bom(bytes: &[u8]) -> Option<(&'static Encoding, String)> {
    if bytes.len() % 2 != 0 {
        return None;
    }
    [UTF_16LE, UTF_16BE].into_iter().find_map(|enc| {
        let text = decode_strict(enc, bytes).ok()?;
        (text.contains('\n') && plausible(&text)).then_some((enc, text))
    })
}

/// A UTF-8 text with a few bad bytes (a damaged file, not GB18030): at least ten good non-ASCII
/// characters for every bad byte.
fn damaged_utf8(bytes: &[u8]) -> bool {
    let (mut good, mut bad) = (0usize, 0usize);
    for chunk in bytes.utf8_chunks() {
        good += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        bad += chunk.invalid().len();
    }
    bad > 0 && good >= bad * 10
}

/// The `--encoding` value that names `enc`.
fn encoding_value(enc: &'static Encoding) -> &'static str {
    match enc {
        e if e == UTF_16BE => "utf16be",
        e if e == UTF_16LE => "utf16le",
        e if e == GB18030 => "gb18030",
        _ => "utf8",
    }
}

/// Decodes report bytes. Auto: a BOM decides; else UTF-8 when valid (an error at its first bad
/// byte when the text is UTF-8 with a few damaged bytes); else UTF-16 without BOM when the text is
/// plainly that; else GB18030 (an error at its first bad byte when the text is GB18030 with a few
/// damaged bytes). A forced encoding ignores a BOM of its own. With `BadBytes::Replace`, a text in the
/// encoding named, or mostly in the one recognised, is read with U+FFFD for every bad sequence and a
/// warning on standard error.
/// Notes and warnings (BOM-less UTF-16, bad bytes replaced) are added to `notes`.
fn decode_named(bytes: &[u8], encoding: InputEncoding, bad_bytes: BadBytes, name: &str, notes: &mut Vec<String>) -> Result<(String, &'static Encoding), Failure> {
    let forced = match encoding {
        InputEncoding::Auto => None,
        InputEncoding::Utf8 => Some(UTF_8),
        InputEncoding::Gb18030 => Some(GB18030),
        InputEncoding::Utf16le => Some(UTF_16LE),
        InputEncoding::Utf16be => Some(UTF_16BE),
    };
    let replace = bad_bytes == BadBytes::Replace;
    // a text in `enc` (from `offset`) that has bad places: read with U+FFFD, or an error at the first
    // place (`also` is said after what is wrong; `hint` when replacing would read it)
    let mut damaged = |enc: &'static Encoding, offset: usize, also: &str, hint: bool| -> Result<(String, &'static Encoding), Failure> {
        let body = &bytes[offset..];
        let (text, places) = decode_lossy(enc, body);
        if places.is_empty() {
            return Ok((text, enc));
        }
        if replace {
            notes.push(replaced(name, enc, body, offset, &text, &places));
            return Ok((text, enc));
        }
        Err(Failure::new(
            exit::DATAERR,
            format!(
                "error: {name} is not valid {} text: {}{}{also}{}",
                enc.name(),
                describe(body, offset, &text, &places[0]),
                damage(enc, body, offset, &text, &places),
                if hint { REPLACE_HINT } else { "" }
            ),
        ))
    };
    if let Some(enc) = forced {
        let bom = Encoding::for_bom(bytes).filter(|(e, _)| *e == enc).map_or(0, |(_, n)| n);
        return match decode_strict(enc, &bytes[bom..]) {
            Ok(text) => Ok((text, enc)),
            Err(_) => damaged(enc, bom, "", false),
        };
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return match decode_strict(enc, &bytes[bom..]) {
            Ok(text) => Ok((text, enc)),
            Err(_) => damaged(enc, bom, " (after its byte-order mark)", false),
        };
    }
    let as_utf8 = match decode_strict(UTF_8, bytes) {
        Ok(text) => return Ok((text, UTF_8)),
        Err(m) => m,
    };
    if damaged_utf8(bytes) {
        return damaged(UTF_8, 0, "", true);
    }
    if let Some((enc, text)) = utf16_without_bom(bytes) {
        notes.push(format!("note: {name} has no byte-order mark; read as {} (--encoding {} says so)", enc.name(), encoding_value(enc)));
        return Ok((text, enc));
    }
    let as_gb18030 = match decode_strict(GB18030, bytes) {
        Ok(text) => return Ok((text, GB18030)),
        Err(m) => m,
    };
    // GB18030 with a few damaged places (a GBK file cut short, a stray byte): its own place, where
    // UTF-8 failed at once
    if as_gb18030.start > as_utf8.start {
        let (text, places) = decode_lossy(GB18030, bytes);
        if mostly(&text, &places) {
            let utf8_start = as_utf8.start;
            return damaged(GB18030, 0, &format!("; it is not UTF-8 either (from byte {utf8_start})"), true);
        }
    }
    let hint = if replace { "; --bad-bytes replace reads only a file mostly in one encoding: name it with --encoding" } else { "" };
    Err(Failure::new(
        exit::DATAERR,
        format!(
            "error: {name} is neither UTF-8 nor GB18030 text: as UTF-8, {} cannot be decoded; convert it to UTF-8, or name its encoding with --encoding (utf8, gb18030, utf16le, utf16be){hint}",
            place(bytes, &as_utf8)
        ),
    ))
}

/// [`decode_named`] without the encoding (the tests' shorthand).
#[cfg(test)]
pub(crate) fn decode(bytes: &[u8], encoding: InputEncoding, bad_bytes: BadBytes, name: &str, notes: &mut Vec<String>) -> Result<String, Failure> {
    decode_named(bytes, encoding, bad_bytes, name, notes).map(|(text, _)| text)
}

/// A JSON Lines record as text: `column 12: not valid UTF-8: bytes 0xE6 0xFF at byte 11 of the line`
/// when it is not UTF-8.
pub(crate) fn utf8_record(line: Vec<u8>) -> Result<String, String> {
    String::from_utf8(line).map_err(|e| {
        let line = e.as_bytes();
        let at = e.utf8_error().valid_up_to();
        let column = String::from_utf8_lossy(&line[..at]).chars().count() + 1;
        let len = utf8_bad_run(line, at).max(1);
        format!("column {column}: not valid UTF-8: {} at byte {at} of the line", show_bytes(&line[at..at + len]))
    })
}

/// A JSON Lines record in `enc` (GB18030, UTF-16) as text, or where it cannot be decoded: `column 3:
/// not valid gb18030: byte 0x81 at byte 4 of the line`.
pub(crate) fn record_in(enc: &'static Encoding, line: &[u8]) -> Result<String, String> {
    decode_strict(enc, line).map_err(|m| {
        let column = m.decoded.chars().count() + 1;
        format!("column {column}: not valid {}: {} at byte {} of the line", enc.name(), show_bytes(&line[m.start..m.end]), m.start)
    })
}

/// A JSON Lines record in `enc` read with U+FFFD for every bad sequence (`--bad-bytes replace`), and
/// what was replaced when something was: `column 4: 2 bad bytes in 1 place read as U+FFFD (the first:
/// bytes 0xE6 0xFF at byte 3 of the line)`.
pub(crate) fn record_lossy(enc: &'static Encoding, line: &[u8]) -> (String, Option<String>) {
    let (text, places) = decode_lossy(enc, line);
    let Some(first) = places.first() else { return (text, None) };
    let bytes: usize = places.iter().map(|p| p.end - p.start).sum();
    let column = text[..first.decoded].chars().count() + 1;
    let what = format!(
        "column {column}: {} in {} read as U+FFFD ({} text; the first: {} at byte {} of the line)",
        plural(bytes, "bad byte", "bad bytes"),
        plural(places.len(), "place", "places"),
        enc.name(),
        show_bytes(&line[first.start..first.end]),
        first.start
    );
    (text, Some(what))
}

/// Reads the next line of a UTF-16 stream (`be`: big-endian) into memory, at most `MAX_INPUT_BYTES` of
/// it; `None` at the end. A line ends at a line feed unit (a 0x0A byte elsewhere is half of another
/// character, as in 上 U+4E0A); the line feed and carriage returns before it are dropped.
pub(crate) fn next_record_utf16(reader: &mut impl BufRead, be: bool) -> io::Result<Option<Record>> {
    // the line feed unit's bytes in stream order
    let (first, second) = if be { (0u8, b'\n') } else { (b'\n', 0u8) };
    let mut line = Vec::new();
    // bytes of the line read (kept or, past the limit, not), and the last of them
    let (mut len, mut last) = (0usize, 0u8);
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        // a unit's second byte is at an odd offset of the line
        let mut i = if len % 2 == 0 { 1 } else { 0 };
        let mut end = None;
        while i < buf.len() {
            let before = if i == 0 { last } else { buf[i - 1] };
            if buf[i] == second && before == first {
                end = Some(i + 1);
                break;
            }
            i += 2;
        }
        let take = end.unwrap_or(buf.len());
        if len <= MAX_INPUT_BYTES {
            line.extend_from_slice(&buf[..take.min(MAX_INPUT_BYTES + 1 - len)]);
        }
        len += take;
        last = buf[take - 1];
        reader.consume(take);
        if end.is_some() {
            break;
        }
    }
    if len == 0 {
        return Ok(None);
    }
    if len > MAX_INPUT_BYTES {
        return Ok(Some(Record::TooLong));
    }
    while line.len() >= 2 && line.len() % 2 == 0 {
        let unit = &line[line.len() - 2..];
        let unit = if be { u16::from_be_bytes([unit[0], unit[1]]) } else { u16::from_le_bytes([unit[0], unit[1]]) };
        if unit != 0x0A && unit != 0x0D {
            break;
        }
        line.truncate(line.len() - 2);
    }
    Ok(Some(Record::Line(line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 600 bytes of xorshift noise (a file of random bytes).
    fn noise() -> Vec<u8> {
        let mut x = 0x2545_F491_4F6C_DD1Du64;
        (0..600)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                (x >> 32) as u8
            })
            .collect()
    }

    fn msg(bytes: &[u8], enc: InputEncoding) -> String {
        match decode(bytes, enc, BadBytes::Refuse, "x.txt", &mut Vec::new()) {
            Ok(t) => format!("ok {t:?}"),
            Err(f) => f.message,
        }
    }

    #[test]
    fn bad_bytes_are_placed() {
        // invalid everywhere: a lone continuation byte after two lines
        let m = msg(b"ab\ncd\r\nx\xFFy", InputEncoding::Utf8);
        assert_eq!(m, "error: x.txt is not valid UTF-8 text: byte 0xFF at byte 8 (line 3, column 2) (the rest of the file is UTF-8: it is damaged there)");
        // lone CR ends a line too
        let m = msg(b"a\rb\r\xFF", InputEncoding::Utf8);
        assert!(m.contains("(line 3, column 1)"), "{m}");
        let m = msg(b"ab\r\n\x81\x20", InputEncoding::Gb18030);
        assert_eq!(m, "error: x.txt is not valid gb18030 text: byte 0x81 at byte 4 (line 2, column 1) (the rest of the file is gb18030: it is damaged there)");
    }

    #[test]
    fn damaged_utf8_is_not_read_as_gb18030() {
        let mut bytes = "全面推行河长制，完成瓶改管。".repeat(3).into_bytes();
        bytes.insert(9, 0xFF);
        let m = msg(&bytes, InputEncoding::Auto);
        assert_eq!(m, "error: x.txt is not valid UTF-8 text: byte 0xFF at byte 9 (line 1, column 4) (the rest of the file is UTF-8: it is damaged there); --bad-bytes replace reads the bad bytes as U+FFFD");
        // GB18030 itself still decodes
        let (gb, _, _) = GB18030.encode("全面推行河长制，完成瓶改管。");
        assert_eq!(msg(&gb, InputEncoding::Auto), "ok \"全面推行河长制，完成瓶改管。\"");
    }

    #[test]
    fn a_damaged_place_shows_all_its_bad_bytes() {
        let mut bytes = "全面推行河长制，完成瓶改管。".repeat(10).into_bytes();
        // the middle byte of 推 (e6 8e a8): e6 is cut short, a8 continues nothing
        bytes[7] = 0xFF;
        let m = msg(&bytes, InputEncoding::Auto);
        assert_eq!(m, "error: x.txt is not valid UTF-8 text: bytes 0xE6 0xFF 0xA8 at byte 6 (line 1, column 3) (the rest of the file is UTF-8: it is damaged there); --bad-bytes replace reads the bad bytes as U+FFFD");
        // two more places (one at the very end, cut short): counted, the next one placed (columns
        // before it count each bad sequence of the first place as one character, as U+FFFD)
        bytes[42] = 0xC0;
        bytes.extend(b"\n\xE6\x8E");
        let m = msg(&bytes, InputEncoding::Auto);
        assert!(m.ends_with("(the file is UTF-8 damaged in 3 places; the next is at byte 42, line 1, column 17); --bad-bytes replace reads the bad bytes as U+FFFD"), "{m}");
        // a long run is cut
        assert_eq!(show_bytes(&[0xFF; 10]), "bytes 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF … (10 bytes)");
    }

    /// A GBK file with a few damaged places (a stray byte, cut short inside its last character), whose
    /// encoding is recognised: the error is at the GB18030 place, not where UTF-8 failed at once.
    #[test]
    fn damaged_gb18030_is_placed() {
        let line = "全面推行河长制，完成瓶改管工作，推进垃圾分类。\n";
        let text = line.repeat(20);
        let (gb, _, _) = GB18030.encode(&text);
        // 全 is two bytes in GBK: a line is 2 * 23 + 1 bytes
        let line_bytes = 2 * 23 + 1;
        assert_eq!(gb.len(), 20 * line_bytes);
        let stray = |at: usize| [&gb[..at], b"\xFF", &gb[at..]].concat();
        let cut = |n: usize| gb[..gb.len() - n].to_vec();
        let hint = "; it is not UTF-8 either (from byte 2); --bad-bytes replace reads the bad bytes as U+FFFD";
        let cases: Vec<(Vec<u8>, String)> = vec![
            // a stray byte on line 3, before its 5th character
            (
                stray(2 * line_bytes + 8),
                format!("error: x.txt is not valid gb18030 text: byte 0xFF at byte {} (line 3, column 5) (the rest of the file is gb18030: it is damaged there){hint}", 2 * line_bytes + 8),
            ),
            // two stray bytes: counted, the next one placed (the first counts as one character)
            (
                [&stray(8)[..2 * line_bytes + 9], b"\xFF", &stray(8)[2 * line_bytes + 9..]].concat(),
                format!("error: x.txt is not valid gb18030 text: byte 0xFF at byte 8 (line 1, column 5) (the file is gb18030 damaged in 2 places; the next is at byte {}, line 3, column 5){hint}", 2 * line_bytes + 9),
            ),
            // cut short inside the last character (the line feed and the second byte of 。 are gone)
            (
                cut(2),
                format!("error: x.txt is not valid gb18030 text: byte 0xA1 at byte {} (line 20, column 23) (the file ends inside a character: truncated?){hint}", gb.len() - 3),
            ),
        ];
        for (bytes, expected) in &cases {
            assert_eq!(&msg(bytes, InputEncoding::Auto), expected);
        }
        // named, the same place (without the word on UTF-8)
        let m = msg(&cases[0].0, InputEncoding::Gb18030);
        assert!(m.starts_with("error: x.txt is not valid gb18030 text: byte 0xFF at byte 102 (line 3, column 5)"), "{m}");
        // bytes that are no encoding at all are still said to be neither
        let noise = noise();
        assert!(msg(&noise, InputEncoding::Auto).contains("is neither UTF-8 nor GB18030 text"));
    }

    /// `--bad-bytes replace`: a damaged file is read with U+FFFD for each bad sequence (one per place
    /// of a lone byte); noise is refused all the same.
    #[test]
    fn bad_bytes_replaced() {
        let replace = |bytes: &[u8], enc| decode(bytes, enc, BadBytes::Replace, "x.txt", &mut Vec::new()).map_err(|f| f.message);
        let text = "全面推行河长制，完成瓶改管。\n".repeat(5);
        let mut utf8 = text.clone().into_bytes();
        utf8.insert(9, 0xFF);
        let (gb, _, _) = GB18030.encode(&text);
        let gb_stray = [&gb[..8], b"\xFF", &gb[8..]].concat();
        let cases: Vec<(Vec<u8>, InputEncoding, String)> = vec![
            (utf8.clone(), InputEncoding::Auto, text.replacen("行", "\u{FFFD}行", 1)),
            // cut inside its last character
            (text.as_bytes()[..text.len() - 2].to_vec(), InputEncoding::Auto, format!("{}\u{FFFD}", &text[..text.len() - 4])),
            (gb_stray.clone(), InputEncoding::Auto, text.replacen("河", "\u{FFFD}河", 1)),
            (gb[..gb.len() - 2].to_vec(), InputEncoding::Auto, format!("{}\u{FFFD}", &text[..text.len() - 4])),
            // named: whatever the share of bad bytes
            (b"ab\xFF\xFEcd".to_vec(), InputEncoding::Utf8, "ab\u{FFFD}\u{FFFD}cd".to_string()),
        ];
        for (bytes, enc, expected) in &cases {
            assert_eq!(replace(bytes, *enc).as_deref(), Ok(expected.as_str()));
        }
        let noise = noise();
        let m = replace(&noise, InputEncoding::Auto).unwrap_err();
        assert!(m.contains("is neither UTF-8 nor GB18030") && m.ends_with("name it with --encoding"), "{m}");
        // the warning: count, places, first place, and a file cut short
        let (decoded, places) = decode_lossy(UTF_8, &utf8);
        assert_eq!(
            replaced("x.txt", UTF_8, &utf8, 0, &decoded, &places),
            "warning: x.txt: 1 bad byte in 1 place read as U+FFFD (UTF-8 text; the first: byte 0xFF at byte 9 (line 1, column 4))"
        );
        let cut = &text.as_bytes()[..text.len() - 2];
        let (decoded, places) = decode_lossy(UTF_8, cut);
        assert!(replaced("x.txt", UTF_8, cut, 0, &decoded, &places).ends_with("; the file ends inside a character: truncated?"));
        // a UTF-8 file cut short is said so when refused too; a stray byte at the end is not cut short
        assert!(msg(cut, InputEncoding::Auto).contains("(the file ends inside a character: truncated?)"));
        let stray_end = [text.as_bytes(), b"\xFF"].concat();
        assert!(msg(&stray_end, InputEncoding::Auto).contains("(the rest of the file is UTF-8: it is damaged there)"));
        // records
        assert_eq!(record_lossy(UTF_8, "河长制".as_bytes()), ("河长制".to_string(), None));
        assert_eq!(
            record_lossy(UTF_8, b"{\"a\xE6\xFF\""),
            ("{\"a\u{FFFD}\u{FFFD}\"".to_string(), Some("column 4: 2 bad bytes in 1 place read as U+FFFD (UTF-8 text; the first: bytes 0xE6 0xFF at byte 3 of the line)".to_string()))
        );
    }

    #[test]
    fn utf16_without_bom_is_named() {
        let text = "全面推行河长制。\n完成瓶改管。\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let decode = |bytes: &[u8], enc| super::decode(bytes, enc, BadBytes::Refuse, "x", &mut Vec::new());
        assert_eq!(decode(&le, InputEncoding::Auto).ok().as_deref(), Some(text));
        assert_eq!(decode(&be, InputEncoding::Auto).ok().as_deref(), Some(text));
        assert_eq!(decode(&le, InputEncoding::Utf16le).ok().as_deref(), Some(text));
        // a forced encoding drops its own BOM
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&le);
        assert_eq!(decode(&with_bom, InputEncoding::Utf16le).ok().as_deref(), Some(text));
        // undecodable as anything: the hint names every value of --encoding
        let m = msg(b"\x81\x20\xFF", InputEncoding::Auto);
        assert!(m.contains("byte 0x81 at byte 0 (line 1, column 1)") && m.contains("utf16le, utf16be"), "{m}");
    }

    /// UTF-16 lines end at line feed units only, whatever the buffer's size; CRs before them go, an
    /// overlong line is skipped to its end.
    #[test]
    fn utf16_records() {
        let text = "上\r\n\n\u{A0A}a\n上";
        for be in [false, true] {
            let bytes: Vec<u8> = text.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect();
            for capacity in [1, 2, 3, 5, 64] {
                let mut r = io::BufReader::with_capacity(capacity, &bytes[..]);
                let mut lines = Vec::new();
                while let Some(Record::Line(l)) = next_record_utf16(&mut r, be).unwrap() {
                    let units: Vec<u16> = l.chunks(2).map(|c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) }).collect();
                    lines.push(String::from_utf16(&units).unwrap());
                }
                assert_eq!(lines, ["上", "", "\u{A0A}a", "上"], "be {be}, capacity {capacity}");
            }
        }
        // an odd byte at the end stays (the decoder reports it)
        let mut r = io::Cursor::new(b"a\0\n\0b".to_vec());
        assert!(matches!(next_record_utf16(&mut r, false).unwrap(), Some(Record::Line(l)) if l == b"a\0"));
        assert!(matches!(next_record_utf16(&mut r, false).unwrap(), Some(Record::Line(l)) if l == b"b"));
        assert!(next_record_utf16(&mut r, false).unwrap().is_none());
    }

    #[test]
    fn records() {
        assert_eq!(utf8_record("河长制".into()).as_deref(), Ok("河长制"));
        assert_eq!(utf8_record(b"{\"a\xFF".to_vec()).unwrap_err(), "column 4: not valid UTF-8: byte 0xFF at byte 3 of the line");
        let (gb, _, _) = GB18030.encode("河长制");
        assert_eq!(record_in(GB18030, &[&gb[..], b"\x81 "].concat()).unwrap_err(), "column 4: not valid gb18030: byte 0x81 at byte 6 of the line");
        let mut r = io::Cursor::new(b"a\r\n\nb".to_vec());
        let mut lines = Vec::new();
        while let Some(Record::Line(l)) = next_record(&mut r).unwrap() {
            lines.push(l);
        }
        assert_eq!(lines, vec![b"a".to_vec(), b"".to_vec(), b"b".to_vec()]);
    }
}

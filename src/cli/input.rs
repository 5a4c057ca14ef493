//! Reading reports: the size limit, and decoding with the exact place of the first byte that cannot
//! be decoded (byte offset, line and column), so that a bad input is reported and nothing else is lost.

use std::io::{self, BufRead, Read};
use std::path::PathBuf;

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use super::{exit, Failure, InputEncoding};

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

/// Reads a report file, or standard input for `None` and `-`, and decodes it.
pub(crate) fn read_input(path: Option<&PathBuf>, encoding: InputEncoding) -> Result<(String, String), Failure> {
    read_input_decoded(path, encoding).map(|(name, text, _)| (name, text))
}

/// `read_input`, and the encoding the text was decoded from, as `--encoding` names it (`utf8`,
/// `gb18030`, `utf16le`, `utf16be`).
pub(crate) fn read_input_decoded(path: Option<&PathBuf>, encoding: InputEncoding) -> Result<(String, String, &'static str), Failure> {
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
            Err(e) => decode_named(e.as_bytes(), encoding, &name)?,
        }
    } else {
        decode_named(&bytes, encoding, &name)?
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

/// `byte 0x81 at byte 1234 (line 5, column 3)` for a bad sequence `offset` bytes into the input; in
/// UTF-8, every undecodable byte of the run that starts there.
fn place(bytes: &[u8], m: &Malformed, offset: usize, enc: &'static Encoding) -> String {
    let start = offset + m.start;
    let end = if enc == UTF_8 { start + utf8_bad_run(bytes, start).max(1) } else { offset + m.end };
    let (line, column) = line_column(&m.decoded);
    format!("{} at byte {start} (line {line}, column {column})", show_bytes(&bytes[start..end]))
}

/// What follows the first bad run of a UTF-8 file that is UTF-8 with a few damaged bytes: that the
/// rest decodes, or how many damaged places there are and where the next one is.
fn utf8_damage(bytes: &[u8], first: usize) -> String {
    let mut at = first + utf8_bad_run(bytes, first);
    let (mut places, mut next) = (1, None);
    while at < bytes.len() {
        let valid = match std::str::from_utf8(&bytes[at..]) {
            Ok(_) => break,
            Err(e) => e.valid_up_to(),
        };
        let bad = at + valid;
        places += 1;
        next.get_or_insert(bad);
        at = bad + utf8_bad_run(bytes, bad).max(1);
    }
    match next {
        None => " (the rest of the file is UTF-8: it is damaged there)".to_string(),
        Some(next) => {
            // (a bad sequence before it counts as one character, U+FFFD)
            let (line, column) = line_column(&String::from_utf8_lossy(&bytes[..next]));
            format!(" (the file is UTF-8 damaged in {places} places; the next is at byte {next}, line {line}, column {column})")
        }
    }
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
/// plainly that; else GB18030. A forced encoding ignores a BOM of its own.
/// Returns the text and the encoding it was decoded from.
fn decode_named(bytes: &[u8], encoding: InputEncoding, name: &str) -> Result<(String, &'static Encoding), Failure> {
    let forced = match encoding {
        InputEncoding::Auto => None,
        InputEncoding::Utf8 => Some(UTF_8),
        InputEncoding::Gb18030 => Some(GB18030),
        InputEncoding::Utf16le => Some(UTF_16LE),
        InputEncoding::Utf16be => Some(UTF_16BE),
    };
    let bad = |enc: &'static Encoding, m: &Malformed, offset: usize, hint: &str| {
        Failure::new(exit::DATAERR, format!("error: {name} is not valid {} text: {}{hint}", enc.name(), place(bytes, m, offset, enc)))
    };
    if let Some(enc) = forced {
        let bom = Encoding::for_bom(bytes).filter(|(e, _)| *e == enc).map_or(0, |(_, n)| n);
        return decode_strict(enc, &bytes[bom..]).map(|t| (t, enc)).map_err(|m| bad(enc, &m, bom, ""));
    }
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        return decode_strict(enc, &bytes[bom..]).map(|t| (t, enc)).map_err(|m| bad(enc, &m, bom, " (after its byte-order mark)"));
    }
    let as_utf8 = match decode_strict(UTF_8, bytes) {
        Ok(text) => return Ok((text, UTF_8)),
        Err(m) => m,
    };
    if damaged_utf8(bytes) {
        return Err(bad(UTF_8, &as_utf8, 0, &utf8_damage(bytes, as_utf8.start)));
    }
    if let Some((enc, text)) = utf16_without_bom(bytes) {
        eprintln!("note: {name} has no byte-order mark; read as {} (--encoding {} says so)", enc.name(), encoding_value(enc));
        return Ok((text, enc));
    }
    decode_strict(GB18030, bytes).map(|t| (t, GB18030)).map_err(|_| {
        Failure::new(
            exit::DATAERR,
            format!(
                "error: {name} is neither UTF-8 nor GB18030 text: as UTF-8, {} cannot be decoded; convert it to UTF-8, or name its encoding with --encoding (utf8, gb18030, utf16le, utf16be)",
                place(bytes, &as_utf8, 0, UTF_8)
            ),
        )
    })
}

/// `decode_named` without the encoding (the tests' shorthand).
#[cfg(test)]
pub(crate) fn decode(bytes: &[u8], encoding: InputEncoding, name: &str) -> Result<String, Failure> {
    decode_named(bytes, encoding, name).map(|(text, _)| text)
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

    fn msg(bytes: &[u8], enc: InputEncoding) -> String {
        match decode(bytes, enc, "x.txt") {
            Ok(t) => format!("ok {t:?}"),
            Err(f) => f.message,
        }
    }

    #[test]
    fn bad_bytes_are_placed() {
        // invalid everywhere: a lone continuation byte after two lines
        let m = msg(b"ab\ncd\r\nx\xFFy", InputEncoding::Utf8);
        assert_eq!(m, "error: x.txt is not valid UTF-8 text: byte 0xFF at byte 8 (line 3, column 2)");
        // lone CR ends a line too
        let m = msg(b"a\rb\r\xFF", InputEncoding::Utf8);
        assert!(m.contains("(line 3, column 1)"), "{m}");
        let m = msg(b"ab\r\n\x81\x20", InputEncoding::Gb18030);
        assert_eq!(m, "error: x.txt is not valid gb18030 text: byte 0x81 at byte 4 (line 2, column 1)");
    }

    #[test]
    fn damaged_utf8_is_not_read_as_gb18030() {
        let mut bytes = "全面推行河长制，完成瓶改管。".repeat(3).into_bytes();
        bytes.insert(9, 0xFF);
        let m = msg(&bytes, InputEncoding::Auto);
        assert_eq!(m, "error: x.txt is not valid UTF-8 text: byte 0xFF at byte 9 (line 1, column 4) (the rest of the file is UTF-8: it is damaged there)");
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
        assert_eq!(m, "error: x.txt is not valid UTF-8 text: bytes 0xE6 0xFF 0xA8 at byte 6 (line 1, column 3) (the rest of the file is UTF-8: it is damaged there)");
        // two more places (one at the very end, cut short): counted, the next one placed (columns
        // before it count each bad sequence of the first place as one character, as U+FFFD)
        bytes[42] = 0xC0;
        bytes.extend(b"\n\xE6\x8E");
        let m = msg(&bytes, InputEncoding::Auto);
        assert!(m.ends_with("(the file is UTF-8 damaged in 3 places; the next is at byte 42, line 1, column 17)"), "{m}");
        // a long run is cut
        assert_eq!(show_bytes(&[0xFF; 10]), "bytes 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF … (10 bytes)");
    }

    #[test]
    fn utf16_without_bom_is_named() {
        let text = "全面推行河长制。\n完成瓶改管。\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&le, InputEncoding::Auto, "x").ok().as_deref(), Some(text));
        assert_eq!(decode(&be, InputEncoding::Auto, "x").ok().as_deref(), Some(text));
        assert_eq!(decode(&le, InputEncoding::Utf16le, "x").ok().as_deref(), Some(text));
        // a forced encoding drops its own BOM
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&le);
        assert_eq!(decode(&with_bom, InputEncoding::Utf16le, "x").ok().as_deref(), Some(text));
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

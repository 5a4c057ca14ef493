//! Reading reports: the size limit, and decoding (the library's [`tifa::decode`], which places the
//! first byte that cannot be decoded: byte offset, line and column), so that a bad input is reported
//! and nothing else is lost.

use std::io::{self, BufRead, Read};
use std::path::PathBuf;

use tifa::decode::{self, DecodeErrorKind, Decoded, Encoding};

use super::{BadBytes, Failure, InputEncoding, exit};

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
    let toml = std::fs::read_dir(path)
        .ok()?
        .filter_map(Result::ok)
        .any(|e| e.path().extension().is_some_and(|x| x == "toml") && e.path().is_file());
    toml.then(|| rules_hint(path))
}

/// `\nhelp: DIR holds rule files …`: the hint of [`rules_folder_hint`], for a folder known to hold them.
pub(crate) fn rules_hint(path: &std::path::Path) -> String {
    format!(
        "\nhelp: {0} holds rule files (*.toml): to use them as rules, write --rules {0} / 规则文件夹要用 --rules 给出",
        path.display()
    )
}

/// Reads a report file, or standard input for `None` and `-`, and decodes it; with `BadBytes::Replace`,
/// bytes that cannot be decoded are read as U+FFFD, with a warning on standard error.
pub(crate) fn read_input(
    path: Option<&PathBuf>,
    encoding: InputEncoding,
    bad_bytes: BadBytes,
) -> Result<(String, String), Failure> {
    let mut notes = Vec::new();
    let read = read_input_decoded(path, encoding, bad_bytes, &mut notes);
    for note in notes {
        eprintln!("{note}");
    }
    read.map(|(name, text, _)| (name, text))
}

/// [`read_input`], and the encoding the text was decoded from, as `--encoding` names it (`utf8`,
/// `gb18030`, `utf16le`, `utf16be`), or `docx` for a Word document (its bytes are a zip archive:
/// [`tifa::docx`]), or `doc` for a Word 97-2003 document ([`tifa::doc`]), or `pdf` for a PDF file's text layer ([`tifa::pdf`]), or `html+` that for an HTML page, read as its text ([`tifa::html`]); the notes and warnings about the input (an encoding recognised
/// without a BOM, bad bytes replaced) are added to `notes` instead of printed: files read on several
/// threads print theirs in order.
pub(crate) fn read_input_decoded(
    path: Option<&PathBuf>,
    encoding: InputEncoding,
    bad_bytes: BadBytes,
    notes: &mut Vec<String>,
) -> Result<(String, String, &'static str), Failure> {
    let (name, bytes) = read_bytes(path)?;
    // documents that are not text, told by their first bytes, each read by its own reader
    let document: Option<(&'static str, &str, ReadDocument)> = if tifa::docx::is_docx(&bytes) {
        Some(("docx", "a Word document (.docx)", |b| tifa::docx::text(b).map_err(|e| e.to_string())))
    } else if tifa::pdf::is_pdf(&bytes) {
        Some(("pdf", "a PDF file", |b| tifa::pdf::text(b).map_err(|e| e.to_string())))
    } else if tifa::doc::is_ole(&bytes) {
        Some(("doc", "a Word 97-2003 document (.doc)", |b| tifa::doc::text(b).map_err(|e| e.to_string())))
    } else {
        None
    };
    if let Some((format, what, read)) = document {
        let text = read(&bytes).map_err(|e| Failure::new(exit::DATAERR, format!("error: {name} is {e}")))?;
        if text.len() > MAX_INPUT_BYTES {
            return Err(too_large(&name));
        }
        if encoding != InputEncoding::Auto {
            notes.push(format!("note: {name} is {what}, read as such: --encoding does not apply to it"));
        }
        return Ok((name, text, format));
    }
    if let Some(what) = decode::unread_format(&bytes) {
        return Err(Failure::new(exit::DATAERR, format!("error: {name} is {what}")));
    }
    let decoded = decode_input(bytes, encoding, bad_bytes, &name, notes)?;
    if tifa::html::is_html(&decoded.text) {
        return Ok((name, tifa::html::text(&decoded.text), html_encoding(decoded.encoding)));
    }
    Ok((name, decoded.text, decoded.encoding.value()))
}

/// A reader of a document that is not text: its text, or why not.
type ReadDocument = fn(&[u8]) -> Result<String, String>;

/// The `encoding` of an HTML page's text: `html+` and what the page was decoded from.
pub(crate) fn html_encoding(encoding: Encoding) -> &'static str {
    match encoding {
        Encoding::Utf8 => "html+utf8",
        Encoding::Gb18030 => "html+gb18030",
        Encoding::Utf16le => "html+utf16le",
        Encoding::Utf16be => "html+utf16be",
    }
}

/// A text file's text (gold files, which are JSON Lines, not reports): decoded as a report file is,
/// never read as a Word document.
pub(crate) fn read_text_file(path: &PathBuf, encoding: InputEncoding) -> Result<String, Failure> {
    let (name, bytes) = read_bytes(Some(path))?;
    let mut notes = Vec::new();
    let text = decode_input(bytes, encoding, BadBytes::Refuse, &name, &mut notes).map(|d| d.text);
    for note in notes {
        eprintln!("{note}");
    }
    text
}

/// The bytes of a file, or of standard input for `None` and `-`, and the name the input goes by.
fn read_bytes(path: Option<&PathBuf>) -> Result<(String, Vec<u8>), Failure> {
    Ok(match path {
        Some(p) if p.as_os_str() != "-" => {
            let name = display_name(path);
            let cannot = |e: io::Error| {
                Failure::new(
                    exit::USAGE,
                    format!("error: cannot read {name}: {e}{}", rules_folder_hint(p).unwrap_or_default()),
                )
            };
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
    })
}

fn too_large(name: &str) -> Failure {
    Failure::new(
        exit::DATAERR,
        format!("error: {name} is larger than {MAX_INPUT_TEXT}, the most tifa reads at once: split it"),
    )
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

/// The library's name of an `--encoding` value (`None`: auto).
fn library_encoding(encoding: InputEncoding) -> Option<Encoding> {
    match encoding {
        InputEncoding::Auto => None,
        InputEncoding::Utf8 => Some(Encoding::Utf8),
        InputEncoding::Gb18030 => Some(Encoding::Gb18030),
        InputEncoding::Utf16le => Some(Encoding::Utf16le),
        InputEncoding::Utf16be => Some(Encoding::Utf16be),
    }
}

/// The library's `--bad-bytes`.
fn library_bad_bytes(bad_bytes: BadBytes) -> decode::BadBytes {
    match bad_bytes {
        BadBytes::Refuse => decode::BadBytes::Refuse,
        BadBytes::Replace => decode::BadBytes::Replace,
    }
}

/// The hint of an error about a file that is mostly decodable.
const REPLACE_HINT: &str = "; --bad-bytes replace reads the bad bytes as U+FFFD";

/// Decodes report bytes with [`tifa::decode::decode_vec`]; the notes and warnings about them (UTF-16
/// without a byte-order mark, bad bytes replaced) are added to `notes`, an error is the command's
/// message (exit 65) with what to do about it.
fn decode_input(
    bytes: Vec<u8>,
    encoding: InputEncoding,
    bad_bytes: BadBytes,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<Decoded, Failure> {
    match decode::decode_vec(bytes, library_encoding(encoding), library_bad_bytes(bad_bytes)) {
        Ok(decoded) => {
            if decoded.utf16_without_bom {
                let enc = decoded.encoding;
                notes.push(format!(
                    "note: {name} has no byte-order mark; read as {} (--encoding {} says so)",
                    enc.name(),
                    enc.value()
                ));
            }
            if let Some(replaced) = &decoded.replaced {
                notes.push(format!("warning: {name}: {replaced}"));
            }
            Ok(decoded)
        }
        Err(e) => {
            let hint = match e.kind() {
                DecodeErrorKind::Damaged if e.recognised() => REPLACE_HINT,
                DecodeErrorKind::Damaged => "",
                _ => {
                    let replace = if bad_bytes == BadBytes::Replace {
                        "; --bad-bytes replace reads only a file mostly in one encoding: name it with --encoding"
                    } else {
                        ""
                    };
                    return Err(Failure::new(
                        exit::DATAERR,
                        format!(
                            "error: {name} is {e}; convert it to UTF-8, or name its encoding with --encoding (utf8, gb18030, utf16le, utf16be){replace}"
                        ),
                    ));
                }
            };
            Err(Failure::new(exit::DATAERR, format!("error: {name} is {e}{hint}")))
        }
    }
}

/// [`decode_input`] of a copy of the bytes, the text only (the tests' shorthand).
#[cfg(test)]
pub(crate) fn decode(
    bytes: &[u8],
    encoding: InputEncoding,
    bad_bytes: BadBytes,
    name: &str,
    notes: &mut Vec<String>,
) -> Result<String, Failure> {
    decode_input(bytes.to_vec(), encoding, bad_bytes, name, notes).map(|d| d.text)
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
    use tifa::decode::{decode_line, decode_line_lossy};

    const GB18030: &encoding_rs::Encoding = encoding_rs::GB18030;

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
        assert_eq!(
            m,
            "error: x.txt is not valid UTF-8 text: byte 0xFF at byte 8 (line 3, column 2) (the rest of the file is UTF-8: it is damaged there)"
        );
        // lone CR ends a line too
        let m = msg(b"a\rb\r\xFF", InputEncoding::Utf8);
        assert!(m.contains("(line 3, column 1)"), "{m}");
        let m = msg(b"ab\r\n\x81\x20", InputEncoding::Gb18030);
        assert_eq!(
            m,
            "error: x.txt is not valid gb18030 text: byte 0x81 at byte 4 (line 2, column 1) (the rest of the file is gb18030: it is damaged there)"
        );
    }

    #[test]
    fn damaged_utf8_is_not_read_as_gb18030() {
        let mut bytes = "全面推行河长制，完成瓶改管。".repeat(3).into_bytes();
        bytes.insert(9, 0xFF);
        let m = msg(&bytes, InputEncoding::Auto);
        assert_eq!(
            m,
            "error: x.txt is not valid UTF-8 text: byte 0xFF at byte 9 (line 1, column 4) (the rest of the file is UTF-8: it is damaged there); --bad-bytes replace reads the bad bytes as U+FFFD"
        );
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
        assert_eq!(
            m,
            "error: x.txt is not valid UTF-8 text: bytes 0xE6 0xFF 0xA8 at byte 6 (line 1, column 3) (the rest of the file is UTF-8: it is damaged there); --bad-bytes replace reads the bad bytes as U+FFFD"
        );
        // two more places (one at the very end, cut short): counted, the next one placed (columns
        // before it count each bad sequence of the first place as one character, as U+FFFD)
        bytes[42] = 0xC0;
        bytes.extend(b"\n\xE6\x8E");
        let m = msg(&bytes, InputEncoding::Auto);
        assert!(m.ends_with("(the file is UTF-8 damaged in 3 places; the next is at byte 42, line 1, column 17); --bad-bytes replace reads the bad bytes as U+FFFD"), "{m}");
        // a long run is cut
        let m = msg(&[&b"ab"[..], &[0xFF; 10], b"cd"].concat(), InputEncoding::Utf8);
        assert!(m.contains("bytes 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF 0xFF … (10 bytes) at byte 2"), "{m}");
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
                format!(
                    "error: x.txt is not valid gb18030 text: byte 0xFF at byte {} (line 3, column 5) (the rest of the file is gb18030: it is damaged there){hint}",
                    2 * line_bytes + 8
                ),
            ),
            // two stray bytes: counted, the next one placed (the first counts as one character)
            (
                [&stray(8)[..2 * line_bytes + 9], b"\xFF", &stray(8)[2 * line_bytes + 9..]].concat(),
                format!(
                    "error: x.txt is not valid gb18030 text: byte 0xFF at byte 8 (line 1, column 5) (the file is gb18030 damaged in 2 places; the next is at byte {}, line 3, column 5){hint}",
                    2 * line_bytes + 9
                ),
            ),
            // cut short inside the last character (the line feed and the second byte of 。 are gone)
            (
                cut(2),
                format!(
                    "error: x.txt is not valid gb18030 text: byte 0xA1 at byte {} (line 20, column 23) (the file ends inside a character: truncated?){hint}",
                    gb.len() - 3
                ),
            ),
        ];
        for (bytes, expected) in &cases {
            assert_eq!(&msg(bytes, InputEncoding::Auto), expected);
        }
        // named, the same place (without the word on UTF-8)
        let m = msg(&cases[0].0, InputEncoding::Gb18030);
        assert!(
            m.starts_with("error: x.txt is not valid gb18030 text: byte 0xFF at byte 102 (line 3, column 5)"),
            "{m}"
        );
        // bytes that are no encoding at all are still said to be neither
        let noise = noise();
        assert!(msg(&noise, InputEncoding::Auto).contains("is neither UTF-8 nor GB18030 text"));
    }

    /// `--bad-bytes replace`: a damaged file is read with U+FFFD for each bad sequence (one per place
    /// of a lone byte); noise is refused all the same.
    #[test]
    fn bad_bytes_replaced() {
        let replace =
            |bytes: &[u8], enc| decode(bytes, enc, BadBytes::Replace, "x.txt", &mut Vec::new()).map_err(|f| f.message);
        let text = "全面推行河长制，完成瓶改管。\n".repeat(5);
        let mut utf8 = text.clone().into_bytes();
        utf8.insert(9, 0xFF);
        let (gb, _, _) = GB18030.encode(&text);
        let gb_stray = [&gb[..8], b"\xFF", &gb[8..]].concat();
        let cases: Vec<(Vec<u8>, InputEncoding, String)> = vec![
            (utf8.clone(), InputEncoding::Auto, text.replacen("行", "\u{FFFD}行", 1)),
            // cut inside its last character
            (
                text.as_bytes()[..text.len() - 2].to_vec(),
                InputEncoding::Auto,
                format!("{}\u{FFFD}", &text[..text.len() - 4]),
            ),
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
        let warning = |bytes: &[u8]| {
            let mut notes = Vec::new();
            assert!(decode(bytes, InputEncoding::Auto, BadBytes::Replace, "x.txt", &mut notes).is_ok());
            notes.concat()
        };
        assert_eq!(
            warning(&utf8),
            "warning: x.txt: 1 bad byte in 1 place read as U+FFFD (UTF-8 text; the first: byte 0xFF at byte 9 (line 1, column 4))"
        );
        let cut = &text.as_bytes()[..text.len() - 2];
        assert!(warning(cut).ends_with("; the file ends inside a character: truncated?"));
        // a UTF-8 file cut short is said so when refused too; a stray byte at the end is not cut short
        assert!(msg(cut, InputEncoding::Auto).contains("(the file ends inside a character: truncated?)"));
        let stray_end = [text.as_bytes(), b"\xFF"].concat();
        assert!(msg(&stray_end, InputEncoding::Auto).contains("(the rest of the file is UTF-8: it is damaged there)"));
        // records
        assert_eq!(decode_line_lossy("河长制".as_bytes(), Encoding::Utf8), ("河长制".to_string(), None));
        assert_eq!(
            decode_line_lossy(b"{\"a\xE6\xFF\"", Encoding::Utf8),
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
            let bytes: Vec<u8> =
                text.encode_utf16().flat_map(|u| if be { u.to_be_bytes() } else { u.to_le_bytes() }).collect();
            for capacity in [1, 2, 3, 5, 64] {
                let mut r = io::BufReader::with_capacity(capacity, &bytes[..]);
                let mut lines = Vec::new();
                while let Some(Record::Line(l)) = next_record_utf16(&mut r, be).unwrap() {
                    let units: Vec<u16> = l
                        .chunks(2)
                        .map(|c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) })
                        .collect();
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
        assert_eq!(decode_line("河长制".into(), Encoding::Utf8).as_deref(), Ok("河长制"));
        assert_eq!(
            decode_line(b"{\"a\xFF".to_vec(), Encoding::Utf8).unwrap_err().to_string(),
            "column 4: not valid UTF-8: byte 0xFF at byte 3 of the line"
        );
        let (gb, _, _) = GB18030.encode("河长制");
        assert_eq!(
            decode_line([&gb[..], b"\x81 "].concat(), Encoding::Gb18030).unwrap_err().to_string(),
            "column 4: not valid gb18030: byte 0x81 at byte 6 of the line"
        );
        let mut r = io::Cursor::new(b"a\r\n\nb".to_vec());
        let mut lines = Vec::new();
        while let Some(Record::Line(l)) = next_record(&mut r).unwrap() {
            lines.push(l);
        }
        assert_eq!(lines, vec![b"a".to_vec(), b"".to_vec(), b"b".to_vec()]);
    }
}

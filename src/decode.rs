//! Decoding a report file's bytes as `tifa tag` does (`--encoding`, `--bad-bytes`): a byte-order mark,
//! UTF-8, UTF-16 without a byte-order mark, GB18030 (GBK, GB2312), and the exact place of the first
//! byte that cannot be decoded (byte offset, line and column), so that a bad input is reported and
//! nothing else is lost. The command and the Python package's `read_text` both call [`decode`], so
//! they read every file alike. Compiled with the `decode` feature (which `cli` and `python` enable;
//! not in the wasm build, which is given text).
//!
//! ```
//! use tifa::decode::{decode, BadBytes, Encoding};
//! let (gbk, _, _) = encoding_rs::GB18030.encode("全面推行河长制。");
//! let decoded = decode(&gbk, None, BadBytes::Refuse).unwrap();
//! assert_eq!(decoded.text, "全面推行河长制。");
//! assert_eq!(decoded.encoding, Encoding::Gb18030);
//! ```

use std::fmt;

use encoding_rs::{DecoderResult, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// What a file in a format that tifa does not read is, with what to do about it, told by its first
/// bytes: a PDF, a Word 97–2003 `.doc` (or another OLE file), an RTF document; `None` for anything
/// else. The command and the Python package's `read_text` refuse such a file with this message
/// (`x.pdf is a PDF file, which …`) rather than as text that cannot be decoded. A `.docx` is read: see
/// `tifa::docx` (the `docx` feature); so are a PDF and a `.doc`, by the command and `read_text`,
/// which ask `tifa::pdf` and `tifa::doc` (the `pdf` and `doc` features) first: these messages are
/// for a build without them.
///
/// ```
/// assert!(tifa::decode::unread_format(b"%PDF-1.7\n").unwrap().starts_with("a PDF file, which tifa does not read"));
/// assert_eq!(tifa::decode::unread_format("%PDF 是一种格式".as_bytes()), None);
/// ```
pub fn unread_format(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some(
            "a PDF file, which tifa does not read: extract its text first (for example `pdftotext -layout`), or save it as text or .docx",
        )
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some(
            "a Word 97-2003 document (.doc) or another OLE file (an .xls, a password-protected .docx), which tifa does not read: save it as .docx or as text",
        )
    } else if bytes.starts_with(b"{\\rtf") {
        Some("an RTF document, which tifa does not read: save it as .docx or as text")
    } else {
        None
    }
}

/// An encoding a report can be in: what `--encoding` names (`None` for `auto` in [`decode`]).
///
/// ```
/// use tifa::decode::Encoding;
/// assert_eq!(Encoding::Utf16le.name(), "UTF-16LE");
/// assert_eq!(Encoding::Utf16le.value(), "utf16le");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// GB18030 (a superset of GBK and GB2312).
    Gb18030,
    /// UTF-16, little-endian (Windows' "Unicode").
    Utf16le,
    /// UTF-16, big-endian.
    Utf16be,
}

impl Encoding {
    /// The encoding's name in messages (the WHATWG name): `UTF-8`, `gb18030`, `UTF-16LE`, `UTF-16BE`.
    ///
    /// ```
    /// assert_eq!(tifa::decode::Encoding::Gb18030.name(), "gb18030");
    /// ```
    pub fn name(self) -> &'static str {
        self.encoding().name()
    }

    /// The value of `--encoding` that names it: `utf8`, `gb18030`, `utf16le`, `utf16be`.
    ///
    /// ```
    /// assert_eq!(tifa::decode::Encoding::Utf8.value(), "utf8");
    /// ```
    pub fn value(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf8",
            Encoding::Gb18030 => "gb18030",
            Encoding::Utf16le => "utf16le",
            Encoding::Utf16be => "utf16be",
        }
    }

    fn encoding(self) -> &'static encoding_rs::Encoding {
        match self {
            Encoding::Utf8 => UTF_8,
            Encoding::Gb18030 => GB18030,
            Encoding::Utf16le => UTF_16LE,
            Encoding::Utf16be => UTF_16BE,
        }
    }

    fn of(enc: &'static encoding_rs::Encoding) -> Encoding {
        match enc {
            e if e == UTF_16BE => Encoding::Utf16be,
            e if e == UTF_16LE => Encoding::Utf16le,
            e if e == GB18030 => Encoding::Gb18030,
            _ => Encoding::Utf8,
        }
    }
}

/// What to do with bytes that cannot be decoded.
///
/// ```
/// use tifa::decode::{decode, BadBytes, Encoding};
/// assert!(decode(b"ab\xFFcd", Some(Encoding::Utf8), BadBytes::Refuse).is_err());
/// assert_eq!(decode(b"ab\xFFcd", Some(Encoding::Utf8), BadBytes::Replace).unwrap().text, "ab\u{FFFD}cd");
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum BadBytes {
    /// The input is an error ([`DecodeError`]) that says where the bad bytes are.
    Refuse,
    /// Each bad sequence is read as U+FFFD ([`Decoded::replaced`] says how many and where), when the
    /// input is in the encoding named or mostly in the one recognised.
    Replace,
}

/// A decoded text, the encoding it was decoded from, and what is worth saying about it.
///
/// ```
/// use tifa::decode::{decode, BadBytes, Encoding};
/// let le: Vec<u8> = "全面推行河长制。\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
/// let decoded = decode(&le, None, BadBytes::Refuse).unwrap();
/// assert_eq!((decoded.encoding, decoded.utf16_without_bom), (Encoding::Utf16le, true));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Decoded {
    /// The text (without a byte-order mark; line ends as they are).
    pub text: String,
    /// The encoding it was decoded from.
    pub encoding: Encoding,
    /// The text was recognised as UTF-16 without a byte-order mark (`auto` only).
    pub utf16_without_bom: bool,
    /// With [`BadBytes::Replace`]: the bad bytes read as U+FFFD, when there were any.
    pub replaced: Option<Replaced>,
}

/// The bad bytes of an input read as U+FFFD ([`BadBytes::Replace`]). Its `Display` says how many, in how
/// many places, and where the first is: `1 bad byte in 1 place read as U+FFFD (UTF-8 text; the first:
/// byte 0xFF at byte 2 (line 1, column 3))`.
///
/// ```
/// use tifa::decode::{decode, BadBytes, Encoding};
/// let decoded = decode(b"ab\xFFcd", Some(Encoding::Utf8), BadBytes::Replace).unwrap();
/// let replaced = decoded.replaced.unwrap();
/// assert_eq!((replaced.bad_bytes(), replaced.places(), replaced.start()), (1, 1, 2));
/// assert_eq!(replaced.to_string(), "1 bad byte in 1 place read as U+FFFD (UTF-8 text; the first: byte 0xFF at byte 2 (line 1, column 3))");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replaced {
    bytes: usize,
    places: usize,
    start: usize,
    truncated: bool,
    message: String,
}

impl Replaced {
    /// How many bytes were read as U+FFFD.
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, Encoding};
    /// let d = decode(b"a\xFF\xFEb", Some(Encoding::Utf8), BadBytes::Replace).unwrap();
    /// assert_eq!(d.replaced.unwrap().bad_bytes(), 2);
    /// ```
    pub fn bad_bytes(&self) -> usize {
        self.bytes
    }

    /// In how many places (runs of bad bytes next to each other).
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, Encoding};
    /// let d = decode(b"a\xFFb\xFFc", Some(Encoding::Utf8), BadBytes::Replace).unwrap();
    /// assert_eq!(d.replaced.unwrap().places(), 2);
    /// ```
    pub fn places(&self) -> usize {
        self.places
    }

    /// The byte offset (in the input) of the first bad byte.
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, Encoding};
    /// let d = decode(b"a\xFFb", Some(Encoding::Utf8), BadBytes::Replace).unwrap();
    /// assert_eq!(d.replaced.unwrap().start(), 1);
    /// ```
    pub fn start(&self) -> usize {
        self.start
    }

    /// Whether the input ends inside a character (a file cut short).
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, Encoding};
    /// let d = decode("河长制".as_bytes().split_last().unwrap().1, Some(Encoding::Utf8), BadBytes::Replace).unwrap();
    /// assert!(d.replaced.unwrap().truncated());
    /// ```
    pub fn truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Display for Replaced {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// What kind of input a [`DecodeError`] is about.
///
/// ```
/// use tifa::decode::{decode, BadBytes, DecodeErrorKind};
/// let e = decode(b"\x81\x20\xFF", None, BadBytes::Refuse).unwrap_err();
/// assert_eq!(e.kind(), DecodeErrorKind::Unrecognised);
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// A text in [`DecodeError::encoding`] (named, said by a byte-order mark, or recognised) with bytes
    /// that cannot be decoded.
    Damaged,
    /// `auto`: the bytes are neither UTF-8 nor GB18030 (nor plainly UTF-16); the place is where UTF-8
    /// decoding stopped.
    Unrecognised,
}

/// Bytes that cannot be decoded, and where: the encoding, the byte range of the first bad place, its
/// line and column (1-based; lines end at `\n`, `\r\n` or a lone `\r`, columns count characters).
/// `Display` says it in a sentence to put after "FILE is ": `not valid UTF-8 text: byte 0xFF at byte 8
/// (line 3, column 2) (the rest of the file is UTF-8: it is damaged there)`, or `neither UTF-8 nor
/// GB18030 text: as UTF-8, byte 0x81 at byte 0 (line 1, column 1) cannot be decoded`.
///
/// ```
/// use tifa::decode::{decode, BadBytes, Encoding};
/// let e = decode(b"ab\ncd\r\nx\xFFy", Some(Encoding::Utf8), BadBytes::Refuse).unwrap_err();
/// assert_eq!((e.encoding(), e.start(), e.end(), e.line(), e.column()), (Encoding::Utf8, 8, 9, 3, 2));
/// assert_eq!(e.to_string(), "not valid UTF-8 text: byte 0xFF at byte 8 (line 3, column 2) (the rest of the file is UTF-8: it is damaged there)");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    encoding: Encoding,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    recognised: bool,
    message: String,
}

impl DecodeError {
    /// Damaged text or unrecognised bytes.
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, DecodeErrorKind, Encoding};
    /// let e = decode(b"a\xFF", Some(Encoding::Utf8), BadBytes::Refuse).unwrap_err();
    /// assert_eq!(e.kind(), DecodeErrorKind::Damaged);
    /// ```
    pub fn kind(&self) -> DecodeErrorKind {
        self.kind
    }

    /// The encoding the bytes are not valid in (UTF-8 for [`DecodeErrorKind::Unrecognised`]).
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, Encoding};
    /// let e = decode(b"ab\x81\x20", Some(Encoding::Gb18030), BadBytes::Refuse).unwrap_err();
    /// assert_eq!(e.encoding(), Encoding::Gb18030);
    /// ```
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// The byte offset (in the input) of the first bad byte.
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, Encoding};
    /// assert_eq!(decode(b"ab\xFF", Some(Encoding::Utf8), BadBytes::Refuse).unwrap_err().start(), 2);
    /// ```
    pub fn start(&self) -> usize {
        self.start
    }

    /// The byte offset just past the first run of bad bytes.
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, Encoding};
    /// assert_eq!(decode(b"ab\xFF\xFEc", Some(Encoding::Utf8), BadBytes::Refuse).unwrap_err().end(), 4);
    /// ```
    pub fn end(&self) -> usize {
        self.end
    }

    /// The 1-based line of the first bad byte.
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, Encoding};
    /// assert_eq!(decode(b"a\nb\xFF", Some(Encoding::Utf8), BadBytes::Refuse).unwrap_err().line(), 2);
    /// ```
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column (in characters) of the first bad byte.
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes, Encoding};
    /// assert_eq!(decode(b"a\nb\xFF", Some(Encoding::Utf8), BadBytes::Refuse).unwrap_err().column(), 2);
    /// ```
    pub fn column(&self) -> usize {
        self.column
    }

    /// Whether the encoding was recognised in a text mostly in it (`auto`, no byte-order mark), so that
    /// [`BadBytes::Replace`] would read it.
    ///
    /// ```
    /// # use tifa::decode::{decode, BadBytes};
    /// let mut bytes = "全面推行河长制，完成瓶改管。".repeat(3).into_bytes();
    /// bytes.insert(9, 0xFF);
    /// assert!(decode(&bytes, None, BadBytes::Refuse).unwrap_err().recognised());
    /// assert!(decode(&bytes, None, BadBytes::Replace).is_ok());
    /// ```
    pub fn recognised(&self) -> bool {
        self.recognised
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}

/// Decodes a report's bytes. `encoding` `None` (`--encoding auto`): a byte-order mark decides; else
/// UTF-8 when valid (an error at its first bad byte when the text is UTF-8 with a few damaged bytes);
/// else UTF-16 without a byte-order mark when the text is plainly that; else GB18030 (an error at its
/// first bad byte when the text is GB18030 with a few damaged places). A named encoding ignores a
/// byte-order mark of its own. With [`BadBytes::Replace`], a text in the encoding named, or mostly in
/// the one recognised, is read with U+FFFD for every bad sequence ([`Decoded::replaced`]).
///
/// ```
/// use tifa::decode::{decode, BadBytes, Encoding};
/// let d = decode(b"\xEF\xBB\xBF\xE6\xB2\xB3", None, BadBytes::Refuse).unwrap();
/// assert_eq!((d.text.as_str(), d.encoding), ("河", Encoding::Utf8));
/// ```
pub fn decode(bytes: &[u8], encoding: Option<Encoding>, bad_bytes: BadBytes) -> Result<Decoded, DecodeError> {
    decode_named(bytes, encoding, bad_bytes)
}

/// [`decode`] of bytes it may keep: UTF-8 without a byte-order mark (the usual input) becomes the
/// text without a copy (the bytes and a decoded copy of a 100 MB file were twice its size in memory).
///
/// ```
/// use tifa::decode::{decode_vec, BadBytes};
/// assert_eq!(decode_vec("河长制".into(), None, BadBytes::Refuse).unwrap().text, "河长制");
/// ```
pub fn decode_vec(bytes: Vec<u8>, encoding: Option<Encoding>, bad_bytes: BadBytes) -> Result<Decoded, DecodeError> {
    let utf8 = matches!(encoding, None | Some(Encoding::Utf8)) && !bytes.starts_with(b"\xEF\xBB\xBF");
    if utf8 {
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Decoded { text, encoding: Encoding::Utf8, utf16_without_bom: false, replaced: None }),
            Err(e) => decode_named(e.as_bytes(), encoding, bad_bytes),
        }
    } else {
        decode_named(&bytes, encoding, bad_bytes)
    }
}

/// A line of a JSON Lines stream (one record) that cannot be decoded. `Display`: `column 4: not valid
/// UTF-8: byte 0xFF at byte 3 of the line`.
///
/// ```
/// use tifa::decode::{decode_line, Encoding};
/// let e = decode_line(b"{\"a\xFF".to_vec(), Encoding::Utf8).unwrap_err();
/// assert_eq!((e.column(), e.start()), (4, 3));
/// assert_eq!(e.to_string(), "column 4: not valid UTF-8: byte 0xFF at byte 3 of the line");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    column: usize,
    start: usize,
    message: String,
}

impl LineError {
    /// The 1-based column (in characters) of the first bad byte.
    ///
    /// ```
    /// # use tifa::decode::{decode_line, Encoding};
    /// assert_eq!(decode_line(b"ab\xFF".to_vec(), Encoding::Utf8).unwrap_err().column(), 3);
    /// ```
    pub fn column(&self) -> usize {
        self.column
    }

    /// The byte offset (in the line) of the first bad byte.
    ///
    /// ```
    /// # use tifa::decode::{decode_line, Encoding};
    /// assert_eq!(decode_line(b"ab\xFF".to_vec(), Encoding::Utf8).unwrap_err().start(), 2);
    /// ```
    pub fn start(&self) -> usize {
        self.start
    }
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LineError {}

/// Decodes one line (a JSON Lines record) in `encoding`, without a byte-order mark's handling; valid
/// UTF-8 is taken without a copy.
///
/// ```
/// use tifa::decode::{decode_line, Encoding};
/// let (gb, _, _) = encoding_rs::GB18030.encode("河长制");
/// assert_eq!(decode_line(gb.into_owned(), Encoding::Gb18030).unwrap(), "河长制");
/// ```
pub fn decode_line(line: Vec<u8>, encoding: Encoding) -> Result<String, LineError> {
    if encoding == Encoding::Utf8 {
        return String::from_utf8(line).map_err(|e| {
            let line = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            let column = String::from_utf8_lossy(&line[..at]).chars().count() + 1;
            let len = utf8_bad_run(line, at).max(1);
            let message = format!(
                "column {column}: not valid UTF-8: {} at byte {at} of the line",
                show_bytes(&line[at..at + len])
            );
            LineError { column, start: at, message }
        });
    }
    let enc = encoding.encoding();
    decode_strict(enc, &line).map_err(|m| {
        let column = m.decoded.chars().count() + 1;
        let message = format!(
            "column {column}: not valid {}: {} at byte {} of the line",
            enc.name(),
            show_bytes(&line[m.start..m.end]),
            m.start
        );
        LineError { column, start: m.start, message }
    })
}

/// Decodes one line (a JSON Lines record) in `encoding` with U+FFFD for every bad sequence, and what was
/// replaced when something was: `column 4: 2 bad bytes in 1 place read as U+FFFD (UTF-8 text; the
/// first: bytes 0xE6 0xFF at byte 3 of the line)`.
///
/// ```
/// use tifa::decode::{decode_line_lossy, Encoding};
/// assert_eq!(decode_line_lossy("河长制".as_bytes(), Encoding::Utf8), ("河长制".to_string(), None));
/// let (text, replaced) = decode_line_lossy(b"a\xFF", Encoding::Utf8);
/// assert_eq!(text, "a\u{FFFD}");
/// assert!(replaced.unwrap().starts_with("column 2: 1 bad byte in 1 place"));
/// ```
pub fn decode_line_lossy(line: &[u8], encoding: Encoding) -> (String, Option<String>) {
    let enc = encoding.encoding();
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

/// `1 file`, `2 files`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Where decoding stopped: the byte range of the bad sequence and the text decoded before it.
struct Malformed {
    start: usize,
    end: usize,
    decoded: String,
}

/// Decodes all of `body` with `enc`, without replacement characters.
fn decode_strict(enc: &'static encoding_rs::Encoding, body: &[u8]) -> Result<String, Malformed> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out =
        String::with_capacity(decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(body.len()));
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

/// A place that cannot be decoded: the byte range of a run of bad sequences (next to each other), and
/// the length of the text decoded before it (each bad sequence before it read as one U+FFFD).
struct BadPlace {
    start: usize,
    end: usize,
    decoded: usize,
}

/// Decodes all of `body` with `enc`, each bad sequence as U+FFFD (as `String::from_utf8_lossy` does),
/// and every place that could not be decoded.
fn decode_lossy(enc: &'static encoding_rs::Encoding, body: &[u8]) -> (String, Vec<BadPlace>) {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out =
        String::with_capacity(decoder.max_utf8_buffer_length_without_replacement(body.len()).unwrap_or(body.len()));
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
fn cut_short(enc: &'static encoding_rs::Encoding, body: &[u8], bad: &BadPlace) -> bool {
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
fn damage(enc: &'static encoding_rs::Encoding, body: &[u8], offset: usize, text: &str, places: &[BadPlace]) -> String {
    let name = enc.name();
    match places {
        [only] if cut_short(enc, body, only) => " (the file ends inside a character: truncated?)".to_string(),
        [_] => format!(" (the rest of the file is {name}: it is damaged there)"),
        [_, next, ..] => {
            let (line, column) = line_column(&text[..next.decoded]);
            let at = offset + next.start;
            format!(
                " (the file is {name} damaged in {} places; the next is at byte {at}, line {line}, column {column})",
                places.len()
            )
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

/// What was read as U+FFFD: how many bad bytes, in how many places, and where the first is.
fn replaced(
    enc: &'static encoding_rs::Encoding,
    body: &[u8],
    offset: usize,
    text: &str,
    places: &[BadPlace],
) -> Replaced {
    let bytes: usize = places.iter().map(|p| p.end - p.start).sum();
    let truncated = cut_short(enc, body, places.last().expect("a bad place"));
    let message = format!(
        "{} in {} read as U+FFFD ({} text; the first: {}){}",
        plural(bytes, "bad byte", "bad bytes"),
        plural(places.len(), "place", "places"),
        enc.name(),
        describe(body, offset, text, &places[0]),
        if truncated { "; the file ends inside a character: truncated?" } else { "" }
    );
    Replaced { bytes, places: places.len(), start: offset + places[0].start, truncated, message }
}

/// The share of characters a report in this text would have: CJK ideographs and punctuation,
/// full-width forms and ASCII. Text decoded with the wrong encoding has far fewer.
fn plausible(text: &str) -> bool {
    let mut total = 0usize;
    let mut good = 0usize;
    for c in text.chars() {
        total += 1;
        if c.is_ascii()
            || ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || ('\u{3000}'..='\u{303F}').contains(&c)
            || ('\u{FF00}'..='\u{FF60}').contains(&c)
            || "“”‘’…—·".contains(c)
        {
            good += 1;
        }
    }
    total >= 4 && good * 10 >= total * 9
}

/// UTF-16 without a byte-order mark: decodes without error to a plausible text with a line feed.
fn utf16_without_bom(bytes: &[u8]) -> Option<(&'static encoding_rs::Encoding, String)> {
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

fn ok(text: String, enc: &'static encoding_rs::Encoding) -> Result<Decoded, DecodeError> {
    Ok(Decoded { text, encoding: Encoding::of(enc), utf16_without_bom: false, replaced: None })
}

/// [`decode`].
fn decode_named(bytes: &[u8], encoding: Option<Encoding>, bad_bytes: BadBytes) -> Result<Decoded, DecodeError> {
    let forced = encoding.map(Encoding::encoding);
    let replace = bad_bytes == BadBytes::Replace;
    // a text in `enc` (from `offset`) that has bad places: read with U+FFFD, or an error at the first
    // place (`also` is said after what is wrong; `recognised` when replacing would read it)
    let damaged = |enc: &'static encoding_rs::Encoding,
                   offset: usize,
                   also: &str,
                   recognised: bool|
     -> Result<Decoded, DecodeError> {
        let body = &bytes[offset..];
        let (text, places) = decode_lossy(enc, body);
        if places.is_empty() {
            return ok(text, enc);
        }
        if replace {
            let replaced = replaced(enc, body, offset, &text, &places);
            return Ok(Decoded {
                text,
                encoding: Encoding::of(enc),
                utf16_without_bom: false,
                replaced: Some(replaced),
            });
        }
        let first = &places[0];
        let (line, column) = line_column(&text[..first.decoded]);
        Err(DecodeError {
            kind: DecodeErrorKind::Damaged,
            encoding: Encoding::of(enc),
            start: offset + first.start,
            end: offset + first.end,
            line,
            column,
            recognised,
            message: format!(
                "not valid {} text: {}{}{also}",
                enc.name(),
                describe(body, offset, &text, first),
                damage(enc, body, offset, &text, &places)
            ),
        })
    };
    if let Some(enc) = forced {
        let bom = encoding_rs::Encoding::for_bom(bytes).filter(|(e, _)| *e == enc).map_or(0, |(_, n)| n);
        return match decode_strict(enc, &bytes[bom..]) {
            Ok(text) => ok(text, enc),
            Err(_) => damaged(enc, bom, "", false),
        };
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return match decode_strict(enc, &bytes[bom..]) {
            Ok(text) => ok(text, enc),
            Err(_) => damaged(enc, bom, " (after its byte-order mark)", false),
        };
    }
    let as_utf8 = match decode_strict(UTF_8, bytes) {
        Ok(text) => return ok(text, UTF_8),
        Err(m) => m,
    };
    if damaged_utf8(bytes) {
        return damaged(UTF_8, 0, "", true);
    }
    if let Some((enc, text)) = utf16_without_bom(bytes) {
        return Ok(Decoded { text, encoding: Encoding::of(enc), utf16_without_bom: true, replaced: None });
    }
    let as_gb18030 = match decode_strict(GB18030, bytes) {
        Ok(text) => return ok(text, GB18030),
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
    // every undecodable byte of the run that starts where UTF-8 decoding stopped
    let end = as_utf8.start + utf8_bad_run(bytes, as_utf8.start).max(1);
    let (line, column) = line_column(&as_utf8.decoded);
    let place =
        format!("{} at byte {} (line {line}, column {column})", show_bytes(&bytes[as_utf8.start..end]), as_utf8.start);
    Err(DecodeError {
        kind: DecodeErrorKind::Unrecognised,
        encoding: Encoding::Utf8,
        start: as_utf8.start,
        end,
        line,
        column,
        recognised: false,
        message: format!("neither UTF-8 nor GB18030 text: as UTF-8, {place} cannot be decoded"),
    })
}

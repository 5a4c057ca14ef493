//! The text of a Word 97–2003 document (`.doc`, the binary format of [MS-DOC]), so that a report
//! published as `.doc`, as many portals still do, is read like the same report saved as text: one
//! line per paragraph, in the order of the document. The command (`tifa tag`, `explain`, `gaps`) and
//! the Python package's `read_text` read a file so when it is an OLE compound file ([`is_ole`]) with
//! a `WordDocument` stream. Compiled with the `doc` feature (which `cli` and `python` enable; not in
//! the wasm build).
//!
//! The compound file is read by the `cfb` crate. The text is put together here, by hand (about a
//! hundred lines), as [MS-DOC] §2.4.1 lays it out: the File Information Block at the start of the
//! `WordDocument` stream says where the piece table is (in the `0Table` or `1Table` stream) and how
//! many characters the main document has; the piece table says where each stretch of those
//! characters is stored, as UTF-16 or as 8-bit Windows-1252. What is read:
//! * the main document's characters (not the footnotes, headers, comments, text boxes that follow
//!   them), each paragraph (ended by a paragraph mark) on a line; each cell of a table on a line;
//! * a tab as a tab, a line break or a page or section break as a line feed, a non-breaking hyphen
//!   as `-`, an optional hyphen left out;
//! * of a field, the result it shows, not its code (`PAGE`, `HYPERLINK "…"`);
//! * with tracked changes, the text as it reads now: characters whose formatting marks them deleted
//!   (`sprmCFRMarkDel`, from the character formatting's pages), moved-away text too, are left out;
//! * pictures and objects anchored in the text are left out.
//!
//! Not read: the numbers Word draws for numbered paragraphs (list formatting, not text: a heading
//! numbered by its style loses its 一、); text boxes, headers, footers, footnotes and comments. A document saved by Word 6 or 95, and one encrypted with a password, are errors saying to
//! save it as `.docx`.
//!
//! ```
//! assert!(tifa::doc::is_ole(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00"));
//! assert!(matches!(tifa::doc::text(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 cut short"), Err(tifa::doc::DocError::Damaged(_))));
//! ```
//!
//! [MS-DOC]: https://learn.microsoft.com/en-us/openspecs/office_file_formats/ms-doc/

use std::fmt;
use std::io::{Cursor, Read};

/// The first bytes of an OLE compound file (a `.doc`, `.xls`, `.ppt`, an encrypted `.docx` …).
const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Whether `bytes` start as an OLE compound file does: a Word 97–2003 document, or another file
/// of that container ([`text`] tells them apart).
///
/// ```
/// assert!(!tifa::doc::is_ole("河长制".as_bytes()));
/// ```
pub fn is_ole(bytes: &[u8]) -> bool {
    bytes.starts_with(OLE_MAGIC)
}

/// Why an OLE compound file could not be read as a Word 97–2003 document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocError {
    /// Not a compound file that can be read, or a Word document whose structures are damaged or cut
    /// short: what went wrong.
    Damaged(String),
    /// A compound file that is not a Word document: what it looks like (a spreadsheet, a
    /// presentation, an encrypted Office Open XML file …).
    NotWord(&'static str),
    /// A Word document encrypted with a password (or obfuscated).
    Encrypted,
    /// A Word document of a version before Word 97 (Word 6, Word 95).
    OldVersion,
}

impl fmt::Display for DocError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocError::Damaged(reason) => write!(
                f,
                "a damaged Word 97-2003 document (.doc) ({reason}): open it in Word or WPS and save it again, or save it as .docx or as text"
            ),
            DocError::NotWord(what) => write!(
                f,
                "an OLE file but not a Word document ({what}), which tifa does not read: save the report as .docx or as text"
            ),
            DocError::Encrypted => write!(
                f,
                "a Word 97-2003 document (.doc) that needs a password: open it, and save it without a password, as .docx or as text"
            ),
            DocError::OldVersion => write!(
                f,
                "a document of Word 6 or Word 95, which tifa does not read: open it in Word or WPS and save it as .docx or as text"
            ),
        }
    }
}

impl std::error::Error for DocError {}

/// The text of the Word 97–2003 document in `bytes`: each paragraph on a line of its own, ended by a
/// line feed (see the [module](self) for what is read).
pub fn text(bytes: &[u8]) -> Result<String, DocError> {
    let damaged = |e: std::io::Error| DocError::Damaged(e.to_string());
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(damaged)?;
    if !file.is_stream("/WordDocument") {
        return Err(DocError::NotWord(if file.is_stream("/EncryptedPackage") {
            "a password-protected Office Open XML file, such as an encrypted .docx"
        } else if file.is_stream("/Workbook") || file.is_stream("/Book") {
            "an Excel workbook"
        } else if file.is_stream("/PowerPoint Document") {
            "a PowerPoint presentation"
        } else {
            "no WordDocument stream in it"
        }));
    }
    let mut read = |name: &str| -> Result<Vec<u8>, DocError> {
        let mut data = Vec::new();
        file.open_stream(name).and_then(|mut s| s.read_to_end(&mut data)).map_err(damaged)?;
        Ok(data)
    };
    let word = read("/WordDocument")?;
    let fib = Fib::read(&word)?;
    let table = read(if fib.table_1 { "/1Table" } else { "/0Table" })?;
    let clx = table.get(fib.fc_clx..fib.fc_clx.saturating_add(fib.lcb_clx)).ok_or_else(|| cut("the piece table"))?;
    let bte = table
        .get(fib.fc_bte_chpx..fib.fc_bte_chpx.saturating_add(fib.lcb_bte_chpx))
        .ok_or_else(|| cut("the character formatting"))?;
    let deleted = deleted_runs(&word, bte)?;
    let is_deleted = |fc: usize| {
        let i = deleted.partition_point(|&(_, end)| end <= fc);
        deleted.get(i).is_some_and(|&(start, _)| start <= fc)
    };
    let mut chars = Vec::with_capacity(fib.ccp_text.min(word.len()));
    for piece in pieces(clx)? {
        if piece.cp_start >= fib.ccp_text {
            break;
        }
        let count = piece.cp_end.min(fib.ccp_text) - piece.cp_start;
        if piece.compressed {
            let data =
                word.get(piece.fc..piece.fc.saturating_add(count)).ok_or_else(|| cut("a piece of 8-bit text"))?;
            chars.extend(data.iter().enumerate().filter(|&(i, _)| !is_deleted(piece.fc + i)).map(|(_, &b)| cp1252(b)));
        } else {
            let data =
                word.get(piece.fc..piece.fc.saturating_add(count * 2)).ok_or_else(|| cut("a piece of UTF-16 text"))?;
            chars.extend(
                data.chunks_exact(2)
                    .enumerate()
                    .filter(|&(i, _)| !is_deleted(piece.fc + 2 * i))
                    .map(|(_, c)| u16::from_le_bytes([c[0], c[1]])),
            );
        }
    }
    Ok(lines(&chars))
}

fn cut(what: &str) -> DocError {
    DocError::Damaged(format!("{what} runs past the end of its stream"))
}

/// What is read of the File Information Block ([MS-DOC] §2.5.1).
struct Fib {
    /// The piece table is in `1Table` (else `0Table`).
    table_1: bool,
    /// How many characters the main document has (`ccpText`).
    ccp_text: usize,
    /// Where the CLX (the piece table) is in the table stream, and its length.
    fc_clx: usize,
    lcb_clx: usize,
    /// Where the character formatting's table of pages (`PlcBteChpx`) is, and its length.
    fc_bte_chpx: usize,
    lcb_bte_chpx: usize,
}

impl Fib {
    fn read(word: &[u8]) -> Result<Fib, DocError> {
        let u16_at = |at: usize| word.get(at..at + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        let u32_at = |at: usize| word.get(at..at + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
        let short = || DocError::Damaged("the WordDocument stream is too short for its header".to_string());
        if u16_at(0).ok_or_else(short)? != 0xA5EC {
            return Err(DocError::Damaged("the WordDocument stream does not start as Word's does".to_string()));
        }
        // nFib: Word 97 and later write 0x00C1 here (a later version's own number is further on)
        if u16_at(2).ok_or_else(short)? < 0x00C1 {
            return Err(DocError::OldVersion);
        }
        let flags = u16_at(0x0A).ok_or_else(short)?;
        if flags & 0x0100 != 0 || flags & 0x8000 != 0 {
            return Err(DocError::Encrypted);
        }
        // FibBase (32 bytes), then csw and fibRgW, cslw and fibRgLw (ccpText is its fourth value),
        // cbRgFcLcb and fibRgFcLcbBlob (fcClx and lcbClx are its 34th pair)
        let csw = u16_at(32).ok_or_else(short)? as usize;
        let rg_lw = 34 + csw * 2;
        let cslw = u16_at(rg_lw).ok_or_else(short)? as usize;
        let ccp_text = u32_at(rg_lw + 2 + 12).ok_or_else(short)?;
        let rg_fc_lcb = rg_lw + 2 + cslw * 4;
        if u16_at(rg_fc_lcb).ok_or_else(short)? < 34 {
            return Err(DocError::Damaged("the header names no piece table".to_string()));
        }
        let clx = rg_fc_lcb + 2 + 33 * 8;
        let bte = rg_fc_lcb + 2 + 12 * 8;
        Ok(Fib {
            table_1: flags & 0x0200 != 0,
            ccp_text,
            fc_clx: u32_at(clx).ok_or_else(short)?,
            lcb_clx: u32_at(clx + 4).ok_or_else(short)?,
            fc_bte_chpx: u32_at(bte).ok_or_else(short)?,
            lcb_bte_chpx: u32_at(bte + 4).ok_or_else(short)?,
        })
    }
}

/// One piece of the text: characters `cp_start..cp_end`, stored from byte `fc` of the WordDocument
/// stream, as 8-bit text (`compressed`) or UTF-16.
struct Piece {
    cp_start: usize,
    cp_end: usize,
    fc: usize,
    compressed: bool,
}

/// The pieces of the CLX ([MS-DOC] §2.9.38): formatting entries (`Prc`, 0x01) first, then the
/// piece table (`Pcdt`, 0x02): n + 1 character positions, then n descriptors of 8 bytes.
fn pieces(clx: &[u8]) -> Result<Vec<Piece>, DocError> {
    let bad = |what: &str| DocError::Damaged(format!("the piece table: {what}"));
    let mut at = 0;
    while clx.get(at) == Some(&0x01) {
        let size = clx.get(at + 1..at + 3).ok_or_else(|| bad("cut short"))?;
        at += 3 + u16::from_le_bytes([size[0], size[1]]) as usize;
    }
    if clx.get(at) != Some(&0x02) {
        return Err(bad("not where the header says"));
    }
    let len = clx.get(at + 1..at + 5).ok_or_else(|| bad("cut short"))?;
    let len = u32::from_le_bytes([len[0], len[1], len[2], len[3]]) as usize;
    let plc = clx
        .get(at + 5..at + 5 + len)
        .filter(|p| p.len() >= 4 && (p.len() - 4) % 12 == 0)
        .ok_or_else(|| bad("cut short"))?;
    let n = (plc.len() - 4) / 12;
    let u32_at = |at: usize| u32::from_le_bytes([plc[at], plc[at + 1], plc[at + 2], plc[at + 3]]);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let (cp_start, cp_end) = (u32_at(i * 4) as usize, u32_at(i * 4 + 4) as usize);
        if cp_end < cp_start {
            return Err(bad("pieces out of order"));
        }
        let fc = u32_at((n + 1) * 4 + i * 8 + 2);
        let compressed = fc & 0x4000_0000 != 0;
        let fc = (fc & 0x3FFF_FFFF) as usize;
        out.push(Piece { cp_start, cp_end, fc: if compressed { fc / 2 } else { fc }, compressed });
    }
    Ok(out)
}

/// The stretches of the WordDocument stream (byte ranges, sorted) whose characters are marked deleted
/// by tracked changes (`sprmCFRMarkDel` set in their formatting): the character formatting's pages
/// ([MS-DOC] §2.8.6 `PlcBteChpx`, §2.9.43 `ChpxFkp`), each of 512 bytes: crun + 1 stream offsets, then
/// for each run the place of its formatting (`Chpx`: a length, then `Prl`s: a sprm and its operand).
fn deleted_runs(word: &[u8], bte: &[u8]) -> Result<Vec<(usize, usize)>, DocError> {
    let bad = |what: &str| DocError::Damaged(format!("the character formatting: {what}"));
    if bte.len() < 4 || (bte.len() - 4) % 8 != 0 {
        return Err(bad("cut short"));
    }
    let n = (bte.len() - 4) / 8;
    let u32_in = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]) as usize;
    let mut runs = Vec::new();
    for i in 0..n {
        let page = (u32_in(bte, (n + 1) * 4 + i * 4) & 0x003F_FFFF) * 512;
        let fkp = word.get(page..page + 512).ok_or_else(|| bad("a page runs past the end of the stream"))?;
        let crun = fkp[511] as usize;
        if (crun + 1) * 4 + crun > 511 {
            return Err(bad("a page holds too many runs"));
        }
        for r in 0..crun {
            let (start, end) = (u32_in(fkp, r * 4), u32_in(fkp, r * 4 + 4));
            let at = fkp[(crun + 1) * 4 + r] as usize * 2;
            // 0: the run has no formatting of its own
            if at == 0 || start >= end {
                continue;
            }
            let len = *fkp.get(at).ok_or_else(|| bad("a run's formatting is off the page"))? as usize;
            let grpprl = fkp.get(at + 1..at + 1 + len).ok_or_else(|| bad("a run's formatting is off the page"))?;
            if marked_deleted(grpprl) {
                runs.push((start, end));
            }
        }
    }
    runs.sort_unstable();
    Ok(runs)
}

/// Whether a run's properties (`Prl`s) set `sprmCFRMarkDel` (0x0800): the run is a tracked deletion.
fn marked_deleted(mut grpprl: &[u8]) -> bool {
    let mut deleted = false;
    while grpprl.len() >= 2 {
        let sprm = u16::from_le_bytes([grpprl[0], grpprl[1]]);
        let rest = &grpprl[2..];
        // the operand's size by the sprm's `spra` (its top three bits)
        let size = match sprm >> 13 {
            0 | 1 => 1,
            2 | 4 | 5 => 2,
            3 => 4,
            7 => 3,
            _ => match rest.first() {
                Some(&n) => 1 + n as usize,
                None => return deleted,
            },
        };
        if rest.len() < size {
            return deleted;
        }
        if sprm == 0x0800 {
            deleted = rest[0] & 1 == 1;
        }
        grpprl = &rest[size..];
    }
    deleted
}

/// A byte of 8-bit text as Word reads it: Windows-1252 (0x80–0x9F are its own), else Latin-1.
fn cp1252(b: u8) -> u16 {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D,
        0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x009D, 0x017E, 0x0178,
    ];
    if (0x80..0xA0).contains(&b) { HIGH[(b - 0x80) as usize] } else { b as u16 }
}

/// The document's characters as lines: a paragraph mark or a cell's end ends a line, a field's code
/// is left out and its result kept, Word's other control characters become what they stand for or
/// nothing.
fn lines(chars: &[u16]) -> String {
    let mut text = String::with_capacity(chars.len() * 3);
    // for each field open at this point: whether its result has begun (after the separator)
    let mut fields: Vec<bool> = Vec::new();
    let mut units = Vec::new();
    let flush = |units: &mut Vec<u16>, text: &mut String| {
        text.extend(char::decode_utf16(units.drain(..)).map(|c| c.unwrap_or('\u{FFFD}')));
    };
    for &c in chars {
        match c {
            0x13 => fields.push(false),
            0x14 => {
                if let Some(result) = fields.last_mut() {
                    *result = true;
                }
            }
            0x15 => {
                fields.pop();
            }
            // in a field's code: nothing of it
            _ if fields.last() == Some(&false) => {}
            // paragraph mark, cell or row end, line break, page or section break
            0x0D | 0x07 | 0x0B | 0x0C => {
                flush(&mut units, &mut text);
                text.push('\n');
            }
            0x1E => units.push(u16::from(b'-')),
            // optional hyphen; a picture, a drawn object, a footnote or comment mark, other controls
            0x1F | 0x00..=0x08 | 0x0E..=0x12 | 0x16..=0x1D => {}
            _ => units.push(c),
        }
    }
    flush(&mut units, &mut text);
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    /// Fields, breaks, cells and Word's control characters, table-driven.
    #[test]
    fn characters_become_lines() {
        for (chars, expected) in [
            ("全面推行河长制。\r瓶改管\r", "全面推行河长制。\n瓶改管\n"),
            // a field: its code left out, its result kept; nested fields too; a field without result
            ("第\u{13} PAGE \u{14}3\u{15}页\r", "第3页\n"),
            ("\u{13} HYPERLINK \"x\" \u{14}见\u{13} REF a \u{14}附件\u{15}\u{15}。\r", "见附件。\n"),
            ("a\u{13} TOC \u{15}b\r", "ab\n"),
            // cells and rows, a line break, a page break, a tab, hyphens, a picture
            ("五社联动\u{7}12\u{7}\u{7}\r", "五社联动\n12\n\n\n"),
            ("一行\u{b}二行\u{c}三\t四\r", "一行\n二行\n三\t四\n"),
            ("非\u{1e}断\u{1f}字\u{1}\u{8}\r", "非-断字\n"),
            // beyond the BMP: a surrogate pair stays one character
            ("\u{20000}河长制", "\u{20000}河长制\n"),
            ("", ""),
        ] {
            assert_eq!(lines(&utf16(chars)), expected, "{chars:?}");
        }
        // an unpaired surrogate is a replacement character, not a panic
        assert_eq!(lines(&[0xD800, 0x6CB3, 0x0D]), "\u{FFFD}河\n");
    }

    /// A run's properties: sprmCFRMarkDel (0x0800) set or not, among sprms of every operand size.
    #[test]
    fn deletions_are_told_by_their_formatting() {
        for (grpprl, deleted) in [
            (&[0x00, 0x08, 0x01][..], true),
            (&[0x00, 0x08, 0x00][..], false),
            // bold (1 byte), a font (2), a size in a variable operand, then the mark
            (&[0x35, 0x08, 0x01, 0x4F, 0x4A, 0x05, 0x00, 0x21, 0xC6, 0x02, 0xAA, 0xBB, 0x00, 0x08, 0x81][..], true),
            // a 4-byte operand whose bytes look like the mark are not read as one
            (&[0x03, 0x68, 0x00, 0x08, 0x01, 0x00][..], false),
            // cut short: what was read holds
            (&[0x00, 0x08, 0x01, 0x03, 0x68, 0x00][..], true),
            (&[][..], false),
        ] {
            assert_eq!(marked_deleted(grpprl), deleted, "{grpprl:?}");
        }
    }

    #[test]
    fn eight_bit_text_is_windows_1252() {
        assert_eq!(cp1252(b'A'), 0x41);
        assert_eq!(cp1252(0x93), 0x201C);
        assert_eq!(cp1252(0xE9), 0xE9);
    }

    /// Pieces in any order of the stream, 8-bit and UTF-16, after formatting entries.
    #[test]
    fn pieces_map_characters_to_bytes() {
        let mut plc = Vec::new();
        for cp in [0u32, 3, 10] {
            plc.extend(cp.to_le_bytes());
        }
        for fc in [0x4000_0000u32 | 200, 50] {
            plc.extend([0, 0]);
            plc.extend(fc.to_le_bytes());
            plc.extend([0, 0]);
        }
        let mut clx = vec![0x01, 2, 0, 0xAA, 0xBB, 0x02];
        clx.extend((plc.len() as u32).to_le_bytes());
        clx.extend(&plc);
        let pieces = pieces(&clx).unwrap();
        assert_eq!(
            pieces.iter().map(|p| (p.cp_start, p.cp_end, p.fc, p.compressed)).collect::<Vec<_>>(),
            [(0, 3, 100, true), (3, 10, 50, false)]
        );
        assert!(matches!(super::pieces(&clx[..clx.len() - 1]), Err(DocError::Damaged(_))));
        assert!(matches!(super::pieces(&[0x03]), Err(DocError::Damaged(_))));
    }

    /// Whatever the bytes, an error or text, never a panic.
    #[test]
    fn damaged_data_is_an_error_not_a_panic() {
        let doc = std::fs::read("tests/fixtures/doc/panyu-shawan-2023.doc").unwrap();
        for cut in (0..doc.len()).step_by(509) {
            let _ = text(&doc[..cut]);
        }
        let mut flipped = doc.clone();
        for i in (512..doc.len()).step_by(97) {
            flipped[i] ^= 0x5A;
            let _ = text(&flipped);
        }
    }
}

//! The text of a PDF file's text layer, so that a report published as PDF (as most offices publish
//! them, exported from Word or WPS) is read like the same report saved as text: one line per
//! paragraph. The command (`tifa tag`, `explain`, `gaps`) and the Python package's `read_text` read a
//! file as PDF when its bytes start with `%PDF-` ([`is_pdf`]). Compiled with the `pdf` feature (which
//! `cli` and `python` enable; not in the wasm build, which is given text).
//!
//! A PDF holds no paragraphs, only characters drawn at places on pages. The characters and their places
//! come from the `pdf-extract` crate (which decodes the fonts' encodings and `ToUnicode` maps); this
//! module puts them back into lines and paragraphs ([`text`]):
//! * **lines**: characters on one baseline, left to right (whatever order the file draws them in);
//!   a gap wider than a quarter of the font size becomes a space between Latin letters or digits and
//!   nothing between Chinese characters (justified text spreads them), a gap of two characters or
//!   more (a table's columns far apart) a tab; white space drawn as characters (indents typed as
//!   full-width spaces, a title spaced out as 政 府 工 作 报 告) counts as gap only; text drawn at an
//!   angle (a watermark, a stamp) and the second copy of a character drawn over itself less than a
//!   tenth of its size away (a bold face faked so) are left out;
//! * **page numbers**: the first or last line of a page that holds nothing but a page number
//!   (`— 3 —`, `-3-`, `第3页`, `第 3 页 共 12 页`, `3/12`) is left out;
//! * **paragraphs**: a line goes on the paragraph of the line before it when that line runs to the
//!   right edge of the text, this one starts at the left edge (not indented), both are of one font
//!   size, and the gap between them is a line's (or the page turns between them). In left-aligned
//!   text a line runs to the right edge when the next line's first unbreakable piece (a number, a
//!   word, a character with the punctuation after it, what quotation marks hold on to) would not
//!   have fitted after it. A line that ends a sentence and one that opens as a section heading (三、
//!   （三）) are two paragraphs whatever their layout. A centred line in a font larger than the
//!   body's goes on the centred line of its size before it (a title too long for one line). So a
//!   paragraph whose first line is indented, as official documents write them, a heading, a centred
//!   title, a short last line all end or start paragraphs where the document does. The edges are
//!   those most lines of the document share.
//!
//! Measured on the 42 reports of the development corpus laid out as A4 official documents
//! (2026-12-03, `bench/pdf-layout.py`): printed by Chromium, and written in Word's way and exported
//! by LibreOffice Writer, justified with first-line indents, all 42 came back paragraph for
//! paragraph (4,554 of 4,554), white space next to Chinese characters aside (a PDF does not tell a
//! typed space there from justification); left-aligned without indents and 8 pt between
//! paragraphs, 4,503 of 4,554 paragraphs (98.9%) did, 25 of 42 documents whole (the rest: a
//! paragraph that ends a page on a full line is joined to the next page's first).
//!
//! Not read: text that is an image (a scanned report: [`PdfError::NoText`]; run OCR on it first),
//! characters a font does not map to Unicode ([`PdfError::Undecodable`] when most are so), a
//! document that needs a password to open ([`PdfError::Encrypted`]; one that only restricts
//! printing or copying is read). Annotations and form fields are not read. Columns side by side are
//! read line by line across the page.
//!
//! `pdf-extract` panics on some damaged files; [`text`] catches that and returns
//! [`PdfError::Damaged`]. While it reads, a panic on its own thread prints nothing: the first call
//! wraps the process's panic hook in one that stays quiet there and then, and otherwise calls the hook
//! that was set before.
//!
//! ```
//! assert!(tifa::pdf::is_pdf(b"%PDF-1.7\n"));
//! assert!(matches!(tifa::pdf::text(b"%PDF-1.7\ncut short"), Err(tifa::pdf::PdfError::Damaged(_))));
//! ```

use std::cell::Cell;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// Whether `bytes` start as a PDF file does (`%PDF-`).
///
/// ```
/// assert!(tifa::pdf::is_pdf(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3"));
/// assert!(!tifa::pdf::is_pdf("%PDF 是一种格式".as_bytes()));
/// ```
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// Why a PDF file's text could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PdfError {
    /// The file cannot be read as PDF (damaged, cut short, or beyond what the reader follows).
    Damaged(String),
    /// The file is encrypted and cannot be opened without a password (or is encrypted in a way the
    /// reader does not follow: 40-bit RC4).
    Encrypted,
    /// The pages draw no characters: the text is an image (a scanned document).
    NoText,
    /// Most characters are drawn in fonts that do not say which characters they are.
    Undecodable {
        /// How many characters were drawn.
        drawn: usize,
        /// How many of them no font maps to Unicode.
        unmapped: usize,
    },
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Damaged(reason) => write!(f, "a PDF file that cannot be read ({reason})"),
            PdfError::Encrypted => write!(
                f,
                "an encrypted PDF file that cannot be opened without a password: open it, and save or print it as a PDF without a password, or as text or .docx"
            ),
            PdfError::NoText => write!(
                f,
                "a PDF file without a text layer (a scanned document?), which tifa cannot read: run OCR on it first (for example `ocrmypdf -l chi_sim`), or get the report as text or .docx"
            ),
            PdfError::Undecodable { drawn, unmapped } => write!(
                f,
                "a PDF file whose fonts do not say which characters they draw ({unmapped} of {drawn} characters): get the report as text or .docx, or run OCR on it"
            ),
        }
    }
}

impl std::error::Error for PdfError {}

/// The text of the PDF file in `bytes`: each paragraph on a line of its own, ended by a line feed (see
/// the [module](self) for how lines and paragraphs are found).
///
/// ```
/// use tifa::pdf::{text, PdfError};
/// assert!(matches!(text(b"not a PDF"), Err(PdfError::Damaged(_))));
/// ```
pub fn text(bytes: &[u8]) -> Result<String, PdfError> {
    let pages = quietly(|| glyphs(bytes)).map_err(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the reader stopped".to_string());
        PdfError::Damaged(reason)
    })??;
    let drawn: usize = pages.iter().map(|p| p.glyphs.len() + p.unmapped).sum();
    let unmapped: usize = pages.iter().map(|p| p.unmapped).sum();
    if drawn == 0 {
        return Err(PdfError::NoText);
    }
    if unmapped * 2 > drawn {
        return Err(PdfError::Undecodable { drawn, unmapped });
    }
    Ok(layout(pages.into_iter().map(|p| p.glyphs).collect()))
}

/// One character as a page draws it: where its baseline starts (`x` from the left, `y` from the top
/// of the page, in points), how far it advances and how large its font is (in points, as drawn).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Glyph {
    pub(crate) x: f64,
    pub(crate) y: f64,
    pub(crate) advance: f64,
    pub(crate) size: f64,
    pub(crate) text: String,
}

/// The characters of one page, in the order the page draws them, and how many it drew that no font
/// maps to Unicode.
#[derive(Default)]
struct Page {
    glyphs: Vec<Glyph>,
    unmapped: usize,
}

/// Reads every page's characters (`pdf-extract` may panic on a damaged file: see [`quietly`]).
fn glyphs(bytes: &[u8]) -> Result<Vec<Page>, PdfError> {
    // the reader opens an encrypted file itself when its user password is empty (a file that only
    // restricts printing or copying, as many offices publish); another needs a password
    let document = lopdf::Document::load_mem(bytes).map_err(|e| match e {
        lopdf::Error::Decryption(_) => PdfError::Encrypted,
        e => PdfError::Damaged(e.to_string()),
    })?;
    if document.is_encrypted() && document.encryption_state.is_none() {
        return Err(PdfError::Encrypted);
    }
    let mut document = document;
    spell_out_widths(&mut document);
    let mut collector = Collector { pages: Vec::new(), top: 0.0 };
    pdf_extract::output_doc(&document, &mut collector).map_err(|e| match e {
        OutputError::PdfError(e) => PdfError::Damaged(e.to_string()),
        other => PdfError::Damaged(other.to_string()),
    })?;
    Ok(collector.pages)
}

/// Writes every range of a composite font's widths (`/W [first last width]`) as the list form
/// (`/W [first [width width …]]`), which means the same. `pdf-extract` (0.10 to 0.12) reads the range
/// form wrongly (as no widths at all), so every character in such a range would advance by the default
/// width, and the characters after it in a string would be drawn further right than they are: digits
/// and Latin letters, which most fonts give ranges of half widths, came out of order. A `W` array that
/// is not well formed is cut where it stops being so.
fn spell_out_widths(document: &mut lopdf::Document) {
    use lopdf::Object;
    let fonts: Vec<lopdf::ObjectId> = document
        .objects
        .iter()
        .filter(|(_, object)| {
            object.as_dict().is_ok_and(|d| {
                d.get(b"Subtype").and_then(Object::as_name).is_ok_and(|s| s == b"CIDFontType0" || s == b"CIDFontType2")
            })
        })
        .map(|(id, _)| *id)
        .collect();
    for id in fonts {
        let widths = match document.get_dictionary(id).and_then(|d| d.get(b"W")) {
            Ok(Object::Reference(r)) => document.get_object(*r).and_then(Object::as_array).cloned(),
            Ok(Object::Array(a)) => Ok(a.clone()),
            _ => continue,
        };
        let Ok(widths) = widths else { continue };
        let number = |o: &Object| match o {
            Object::Integer(i) => Some(*i as f64),
            Object::Real(r) => Some(f64::from(*r)),
            _ => None,
        };
        let mut spelled = Vec::with_capacity(widths.len());
        let mut i = 0;
        while i + 1 < widths.len() {
            let Object::Integer(first) = widths[i] else { break };
            if let Object::Array(list) = &widths[i + 1] {
                spelled.push(Object::Integer(first));
                spelled
                    .push(Object::Array(list.iter().map(|w| Object::Real(number(w).unwrap_or(0.0) as f32)).collect()));
                i += 2;
                continue;
            }
            let (Some(last), Some(width)) = (number(&widths[i + 1]), widths.get(i + 2).and_then(number)) else { break };
            let count = last as i64 - first + 1;
            if !(1..=65536).contains(&count) {
                break;
            }
            spelled.push(Object::Integer(first));
            spelled.push(Object::Array(vec![Object::Real(width as f32); count as usize]));
            i += 3;
        }
        if let Ok(font) = document.get_dictionary_mut(id) {
            font.set("W", Object::Array(spelled));
        }
    }
}

/// The output device that collects the characters `pdf-extract` draws.
struct Collector {
    pages: Vec<Page>,
    /// The top of the current page's media box: y is measured down from it.
    top: f64,
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.pages.push(Page::default());
        self.top = media_box.ury.max(media_box.lly);
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let Some(page) = self.pages.last_mut() else { return Ok(()) };
        if text.is_empty() {
            page.unmapped += 1;
            return Ok(());
        }
        let (sx, sy) = (trm.m11.hypot(trm.m12), trm.m21.hypot(trm.m22));
        // text at an angle (a watermark, a stamp, vertical text) is not part of the lines
        let upright = trm.m11 > 0.0 && trm.m22 != 0.0 && trm.m12.abs() <= 0.02 * sx && trm.m21.abs() <= 0.02 * sy;
        let size = font_size.abs() * sy;
        if !upright || !size.is_finite() || size < 0.5 || !trm.m31.is_finite() || !trm.m32.is_finite() {
            return Ok(());
        }
        page.glyphs.push(Glyph {
            x: trm.m31,
            y: self.top - trm.m32,
            advance: (width * font_size.abs() * sx).max(0.0),
            size,
            text: text.to_string(),
        });
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

thread_local! {
    /// Set while this thread reads a PDF: a panic then prints nothing (it becomes a [`PdfError`]).
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Runs `f`, catching a panic in it without printing it (see the [module](self)).
fn quietly<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let before = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                before(info);
            }
        }));
    });
    QUIET.with(|quiet| quiet.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|quiet| quiet.set(false));
    result
}

/// A line of a page: its text, where it starts and ends, its baseline and font size.
#[derive(Clone, Debug)]
struct Line {
    text: String,
    start: f64,
    end: f64,
    y: f64,
    size: f64,
    /// How wide its first unbreakable piece is: a Chinese character with the punctuation that may
    /// not start a line after it (动。), a number or a Latin word (2.4%), opening quotes with what
    /// they open (“6+1”).
    lead: f64,
    /// Whether it is the last line of its page (after page numbers are left out).
    last_on_page: bool,
}

/// Pages of characters to paragraphs, each ended by a line feed (see the [module](self)).
pub(crate) fn layout(pages: Vec<Vec<Glyph>>) -> String {
    let mut lines: Vec<Line> = Vec::new();
    for glyphs in pages {
        let mut page = page_lines(glyphs);
        drop_page_numbers(&mut page);
        if let Some(last) = page.last_mut() {
            last.last_on_page = true;
        }
        lines.extend(page);
    }
    // the edges most lines share; in a short text, its outermost lines'
    let left = mode(lines.iter().map(|l| l.start)).or_else(|| lines.iter().map(|l| l.start).reduce(f64::min));
    let right = mode(lines.iter().map(|l| l.end)).or_else(|| lines.iter().map(|l| l.end).reduce(f64::max));
    // the distance from one line to the next within a paragraph
    let pitch = mode(lines.windows(2).filter(|w| !w[0].last_on_page).map(|w| w[1].y - w[0].y).filter(|d| *d > 0.0));
    let frame = left.zip(right).map(|(left, right)| Frame {
        left,
        right,
        pitch,
        body_size: mode(lines.iter().map(|l| l.size)),
    });
    let mut out = String::new();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            let before = &lines[i - 1];
            if frame.as_ref().is_some_and(|frame| goes_on(before, line, frame)) {
                if before.text.ends_with(|c: char| c.is_ascii_alphanumeric())
                    && line.text.starts_with(|c: char| c.is_ascii_alphanumeric())
                {
                    out.push(' ');
                }
            } else {
                out.push('\n');
            }
        }
        out.push_str(&line.text);
    }
    if !out.is_empty() {
        out.push('\n');
    }
    out
}

/// What most lines of a document share: the left and right edges of its text, the distance from one
/// line to the next within a paragraph, the body's font size.
struct Frame {
    left: f64,
    right: f64,
    pitch: Option<f64>,
    body_size: Option<f64>,
}

/// Whether `line` continues the paragraph of `before` (see the [module](self)): a body line that
/// runs to the right edge goes on on a line that starts at the left edge; a centred line in a font
/// larger than the body's (a title too long for one line) goes on on the next centred line of its
/// size.
fn goes_on(before: &Line, line: &Line, frame: &Frame) -> bool {
    let em = before.size.max(line.size);
    if (before.size - line.size).abs() > 0.1 * em {
        return false;
    }
    let gap = line.y - before.y;
    let close = |most: f64| before.last_on_page || (gap > 0.0 && gap <= most);
    let centred = |l: &Line| ((l.start + l.end) / 2.0 - (frame.left + frame.right) / 2.0).abs() <= 0.75 * em;
    let large = frame.body_size.is_some_and(|body| line.size > 1.1 * body);
    if large && centred(before) && centred(line) && (line.start - frame.left).abs() > 0.6 * em {
        return close(2.0 * em);
    }
    // the line before ran to the right edge: it reaches it (justified), or the first piece of this
    // line would not have fitted after it (left-aligned: 元、 or 2.4% wrapped whole)
    let full = before.end >= frame.right - 1.2 * em || before.end + line.lead > frame.right - 0.05 * em;
    // a sentence that ends at the end of a line, and a section heading after it (三、 （三）):
    // two paragraphs, whatever the layout (a paragraph that fills its last line, a page turn that
    // hides the space between paragraphs)
    if crate::segment::sentence_then_heading(&before.text, &line.text) {
        return false;
    }
    let flush_left = (line.start - frame.left).abs() <= 0.6 * em;
    // lines within a paragraph stand the pitch apart, give or take a larger character's push; a space
    // between paragraphs (6 pt after each, say) is more
    full && flush_left && close(frame.pitch.map_or(2.0 * em, |p| p + (0.2 * em).max(2.0)).max(em))
}

/// The value most of `values` share, within a point either way, when at least three do (the smaller
/// of equally common ones); `None` when none is shared so.
fn mode(values: impl Iterator<Item = f64>) -> Option<f64> {
    let mut values: Vec<f64> = values.filter(|v| v.is_finite()).collect();
    values.sort_by(f64::total_cmp);
    let (mut best, mut count, mut high) = (None, 0, 0);
    for (low, &v) in values.iter().enumerate() {
        high = high.max(low);
        while high + 1 < values.len() && values[high + 1] <= v + 2.0 {
            high += 1;
        }
        if high + 1 - low > count {
            (best, count) = (Some(v + (values[high] - v) / 2.0), high + 1 - low);
        }
    }
    best.filter(|_| count >= 3)
}

/// Whether `c` is written without spaces between words (Chinese, Japanese, full-width punctuation).
fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
        || matches!(c, '—' | '…' | '“' | '”' | '‘' | '’' | '·')
}

/// One page's characters to its lines, top to bottom.
fn page_lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.retain(|g| g.x.is_finite() && g.y.is_finite() && g.advance.is_finite() && g.size.is_finite());
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    // baselines within a third of the font size of the line's first are one line (a superscript, a
    // slightly raised character)
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    for glyph in glyphs {
        match rows.last_mut() {
            Some(row) if (glyph.y - row[0].y).abs() <= row[0].size.max(glyph.size) / 3.0 => row.push(glyph),
            _ => rows.push(vec![glyph]),
        }
    }
    rows.into_iter().filter_map(line_of).collect()
}

/// The line that one baseline's characters make, or `None` when they are all white space.
fn line_of(mut row: Vec<Glyph>) -> Option<Line> {
    row.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut text = String::new();
    let mut start = None;
    let mut end = f64::NEG_INFINITY;
    let mut previous: Option<&Glyph> = None;
    let mut sizes: Vec<f64> = Vec::new();
    let mut kept: Vec<&Glyph> = Vec::new();
    for glyph in &row {
        if glyph.text.chars().all(char::is_whitespace) {
            continue;
        }
        if let Some(p) = previous {
            // a character drawn again over itself (faked bold, a shadow)
            if p.text == glyph.text && (glyph.x - p.x).abs() < (0.1 * glyph.size).min(0.5 * p.advance) {
                continue;
            }
            let gap = glyph.x - end;
            let em = glyph.size.max(p.size);
            if gap >= 2.0 * em {
                text.push('\t');
            } else if gap >= 0.25 * em {
                let last = text.chars().next_back().unwrap_or(' ');
                let next = glyph.text.chars().next().unwrap_or(' ');
                if !is_wide(last) && !is_wide(next) {
                    text.push(' ');
                }
            }
        }
        start.get_or_insert(glyph.x);
        text.push_str(&glyph.text);
        end = end.max(glyph.x + glyph.advance);
        sizes.push(glyph.size);
        kept.push(glyph);
        previous = Some(glyph);
    }
    let start = start?;
    sizes.sort_by(f64::total_cmp);
    let lead = lead(&kept) - start;
    Some(Line { text, start, end, y: row[0].y, size: sizes[sizes.len() / 2], lead, last_on_page: false })
}

/// Where the first unbreakable piece of a line's characters ends (see [`Line::lead`]), as the most
/// careful line breaker (Unicode's, which LibreOffice uses) cuts: not after opening brackets, not
/// before closing punctuation, not inside a number or a Latin word, not between punctuation and the
/// figure after it (so not inside a list of figures, 17.7%、17.4%), and not on either side of a
/// quotation mark (“ ” are ambiguous there).
fn lead(glyphs: &[&Glyph]) -> f64 {
    let first = |i: usize| glyphs[i].text.chars().next().unwrap_or(' ');
    let opening = |c: char| "（《〈「『【〔([{".contains(c);
    let closing = |c: char| "。，、；：！？）》〉」』】〕…·%％‰℃)]}.,;:!?".contains(c);
    let quote = |c: char| "“”‘’\"'".contains(c);
    let glued = |i: usize| {
        let (a, b) = (glyphs[i], glyphs[i + 1]);
        b.x - (a.x + a.advance) < 0.25 * a.size
    };
    let mut i = 0;
    loop {
        let c = first(i);
        let Some(next) = (i + 1 < glyphs.len()).then(|| first(i + 1)) else { break };
        let latin = !is_wide(c) && !is_wide(next) && !quote(c) && !quote(next) && glued(i);
        // a figure after punctuation stays with it (，86%, 、2025年), so a list of figures
        // (17.7%、17.4%、68%) is one piece
        let figures = closing(c) && next.is_ascii_digit();
        if opening(c) || quote(c) || closing(next) || quote(next) || latin || figures {
            i += 1;
        } else {
            break;
        }
    }
    glyphs[i].x + glyphs[i].advance
}

/// Leaves out the first and the last line of a page when it holds only a page number.
fn drop_page_numbers(lines: &mut Vec<Line>) {
    if lines.last().is_some_and(|l| is_page_number(&l.text)) {
        lines.pop();
    }
    if lines.first().is_some_and(|l| is_page_number(&l.text)) {
        lines.remove(0);
    }
}

/// Whether a line is a page number: digits with nothing but dashes, dots in the middle, 第 页 共,
/// brackets, a slash and spaces (not a figure such as 2.5, a table's last line).
fn is_page_number(text: &str) -> bool {
    let digits = text.chars().filter(char::is_ascii_digit).count();
    (1..=8).contains(&digits)
        && text.chars().all(|c| c.is_ascii_digit() || c.is_whitespace() || "-—–－─_·第页共/()（）".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line of characters from `x`, one em apart, on baseline `y`, in a font of `size`.
    fn line(x: f64, y: f64, size: f64, text: &str) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| Glyph { x: x + i as f64 * size, y, advance: size, size, text: c.to_string() })
            .collect()
    }

    /// A page of an official document: text from x 80 to 80 + 20 em (16 pt), lines 28 pt apart.
    fn page(lines: &[(f64, &str)]) -> Vec<Glyph> {
        lines
            .iter()
            .enumerate()
            .flat_map(|(i, (indent, text))| line(80.0 + indent * 16.0, 100.0 + i as f64 * 28.0, 16.0, text))
            .collect()
    }

    #[test]
    fn paragraphs_are_joined_back() {
        let cases: &[(&str, Vec<Vec<Glyph>>, &str)] = &[
            (
                "an indented first line starts a paragraph, full lines go on",
                vec![page(&[
                    (2.0, "一是推动经济发展稳中向好。前三季度全"),
                    (0.0, "街实现生产总值99.12亿元，可比增长4"),
                    (0.0, ".6%。珠宝产业建设取得新进展。"),
                    (2.0, "二是全面推行河长制。"),
                ])],
                "一是推动经济发展稳中向好。前三季度全街实现生产总值99.12亿元，可比增长4.6%。珠宝产业建设取得新进展。\n二是全面推行河长制。\n",
            ),
            (
                "a centred title and a short heading stand alone",
                vec![page(&[
                    (4.0, "沙湾街道2023年工作总结"),
                    (2.0, "一、2023年工作总结"),
                    (2.0, "全面推行河长制，完成瓶改管工作任务，"),
                    (0.0, "推进百千万工程。"),
                ])],
                "沙湾街道2023年工作总结\n一、2023年工作总结\n全面推行河长制，完成瓶改管工作任务，推进百千万工程。\n",
            ),
            (
                "a paragraph goes on over a page turn; page numbers are left out",
                vec![
                    page(&[
                        (2.0, "全面推行河长制，完成瓶改管工作任务，"),
                        (0.0, "推进百千万工程，持续推进五社联动，深化第"),
                        (9.0, "— 1 —"),
                    ]),
                    page(&[(0.0, "一议题制度。"), (2.0, "下一步工作计划。"), (9.0, "-2-")]),
                ],
                "全面推行河长制，完成瓶改管工作任务，推进百千万工程，持续推进五社联动，深化第一议题制度。\n下一步工作计划。\n",
            ),
            (
                "a title in a larger font, too long for one line, goes on on its next centred line",
                {
                    // 22 pt, centred on the text's axis (80 + 400) / 2 = 240; the body 16 pt
                    let mut glyphs = line(86.0, 20.0, 22.0, "沙湾街道二〇二三年工作总结和");
                    glyphs.extend(line(141.0, 56.0, 22.0, "二〇二四年工作计划"));
                    glyphs.extend(page(&[
                        (2.0, "全面推行河长制，完成瓶改管工作任务，"),
                        (0.0, "推进百千万工程。"),
                        (2.0, "落实第一议题制度。"),
                    ]));
                    vec![glyphs]
                },
                "沙湾街道二〇二三年工作总结和二〇二四年工作计划\n全面推行河长制，完成瓶改管工作任务，推进百千万工程。\n落实第一议题制度。\n",
            ),
            (
                "left-aligned: a line ends short where the next line's first piece (a number) would not have fitted",
                vec![page(&[
                    (0.0, "全面推行河长制，完成瓶改管工作任务，推进百"),
                    (0.0, "千万工程，持续推进五社联动，全年投资"),
                    (0.0, "2024万元，完成瓶改管。"),
                    (0.0, "落实第一议题制度。"),
                ])],
                "全面推行河长制，完成瓶改管工作任务，推进百千万工程，持续推进五社联动，全年投资2024万元，完成瓶改管。\n落实第一议题制度。\n",
            ),
            (
                "left-aligned: no line break on either side of a quotation mark",
                vec![page(&[
                    (0.0, "全面推行河长制，完成瓶改管工作任务，推进百"),
                    (0.0, "千万工程，持续推进五社联动，深化治"),
                    (0.0, "理、“12345”热线。"),
                    (0.0, "落实第一议题制度。"),
                ])],
                "全面推行河长制，完成瓶改管工作任务，推进百千万工程，持续推进五社联动，深化治理、“12345”热线。\n落实第一议题制度。\n",
            ),
            (
                "a sentence that ends a full page and a section heading that opens the next: two paragraphs",
                vec![
                    page(&[
                        (2.0, "全面推行河长制，完成瓶改管工作任务，"),
                        (0.0, "推进百千万工程，持续推进五社联动等工作。"),
                    ]),
                    page(&[(0.0, "（二）深化第一议题制度。")]),
                ],
                "全面推行河长制，完成瓶改管工作任务，推进百千万工程，持续推进五社联动等工作。\n（二）深化第一议题制度。\n",
            ),
            (
                "but an item numbered (1) after it goes on the paragraph, as inside one",
                vec![
                    page(&[
                        (2.0, "全面推行河长制，完成瓶改管工作任务，"),
                        (0.0, "推进百千万工程，持续推进五社联动等工作。"),
                    ]),
                    page(&[(0.0, "（1）深化第一议题制度。")]),
                ],
                "全面推行河长制，完成瓶改管工作任务，推进百千万工程，持续推进五社联动等工作。（1）深化第一议题制度。\n",
            ),
            (
                "a wider gap between lines parts paragraphs that are not indented",
                {
                    let mut glyphs = line(80.0, 100.0, 16.0, "全面推行河长制，完成瓶改管工作任务，推进");
                    glyphs.extend(line(80.0, 128.0, 16.0, "百千万工程，持续推进五社联动，深化第一议"));
                    glyphs.extend(line(80.0, 156.0, 16.0, "题制度，推行河长制，完成瓶改管工作任务。"));
                    glyphs.extend(line(80.0, 200.0, 16.0, "专精特新"));
                    vec![glyphs]
                },
                "全面推行河长制，完成瓶改管工作任务，推进百千万工程，持续推进五社联动，深化第一议题制度，推行河长制，完成瓶改管工作任务。\n专精特新\n",
            ),
        ];
        for (what, pages, expected) in cases {
            assert_eq!(layout(pages.clone()), *expected, "{what}");
        }
    }

    #[test]
    fn lines_are_read_left_to_right_with_the_spaces_the_gaps_make() {
        let mut glyphs = line(210.0, 100.0, 10.0, "GDP");
        glyphs.extend(line(100.0, 100.0, 10.0, "全市"));
        // 增长 and 5.2% half an em apart (no space after a Chinese character), a table's next column
        // two ems on
        glyphs.extend(line(120.0, 100.0, 10.0, "增长"));
        glyphs.extend(line(145.0, 100.0, 10.0, "5.2%"));
        // 政 府 spaced out, with the space characters drawn (indented: a paragraph of its own)
        glyphs.extend(line(130.0, 130.0, 10.0, "政 府"));
        // a superscript on the first line, a character drawn twice (bold faked) on the second
        glyphs.push(Glyph { x: 240.0, y: 97.0, advance: 5.0, size: 6.0, text: "2".into() });
        glyphs.push(Glyph { x: 130.5, y: 130.0, advance: 10.0, size: 10.0, text: "政".into() });
        assert_eq!(layout(vec![glyphs]), "全市增长5.2%\tGDP2\n政府\n");
    }

    #[test]
    fn page_numbers_are_known() {
        for number in ["— 3 —", "-3-", "第3页", "第 3 页 共 12 页", "3/12", "12", "（3）"] {
            assert!(is_page_number(number), "{number}");
        }
        for text in ["2023年", "一、", "第三章", "", "—", "99.12亿元", "2.5"] {
            assert!(!is_page_number(text), "{text}");
        }
    }

    #[test]
    fn characters_beyond_the_bmp_and_empty_pages() {
        assert_eq!(layout(vec![Vec::new(), line(80.0, 100.0, 16.0, "𠀀河长制")]), "𠀀河长制\n");
        assert_eq!(layout(vec![Vec::new()]), "");
    }
}

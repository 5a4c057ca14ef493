//! The text of a Word document (`.docx`, Office Open XML), so that a report saved from Word is read
//! like the same report saved as text: one line per paragraph, in the order of the document body.
//! The command (`tifa tag`, `explain`, `gaps`) and the Python package's `read_text` read a file as a
//! Word document when its bytes are a zip archive ([`is_docx`]). Compiled with the `docx` feature
//! (which `cli` and `python` enable; not in the wasm build, which is given text).
//!
//! What is read, from the main document part ([`text`]):
//! * every paragraph (`w:p`) of the body, of table cells (a cell's paragraphs one by one, row by row)
//!   and of text boxes, each ended by a line feed; Word splits a paragraph's text into runs wherever
//!   the formatting, the spell checker or an edit changes, so a term is whole again here
//!   (百千万 and 工程 in two runs are 百千万工程);
//! * a tab (`w:tab` in a run) as a tab, a line break (`w:br`, `w:cr`) as a line feed, a
//!   non-breaking hyphen as `-`;
//! * with tracked changes, the text as it reads now: deleted text (`w:delText`) and moved-away text
//!   (`w:moveFrom`) are left out, inserted text is in;
//! * a drawing's text once: the fallback copy that Word writes for older readers (`mc:Fallback`) is
//!   left out;
//! * the numbers Word draws for numbered paragraphs, which are not in the text (a heading style tied
//!   to a multilevel list: 一、 （一） 1.; a numbered list: ① ②), counted as Word counts them and
//!   written at the start of the paragraph, from the numbering and styles parts that the document's
//!   relationships name (bullets left out; see `numbering.rs` for what is followed).
//!
//! Not read: headers, footers, footnotes and comments (other parts of the archive), and field codes
//! (`w:instrText`; a field's shown result is read).
//!
//! ```
//! let text = tifa::docx::text(&tifa::docx::tests_support::minimal(&["全面推行河长制。", "瓶改管"])).unwrap();
//! assert_eq!(text, "全面推行河长制。\n瓶改管\n");
//! ```

use std::fmt;
use std::io::{Cursor, Read};

use quick_xml::NsReader;
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;

mod numbering;
use numbering::Numbering;

/// The namespaces of WordprocessingML: transitional (what Word writes) and strict.
const W: [&[u8]; 2] = [
    b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    b"http://purl.oclc.org/ooxml/wordprocessingml/main",
];
/// Markup compatibility: `mc:AlternateContent`'s `mc:Fallback`.
const MC: &[u8] = b"http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The content types of a main document part: a document, a template, either with macros.
const MAIN_TYPES: [&str; 4] = [
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
];

/// The most XML read from one part (1 GiB): a zip archive of a few KB can inflate without end.
pub const MAX_PART_BYTES: u64 = 1 << 30;

/// Whether `bytes` start as a zip archive does (a local file header, `PK\x03\x04`), as a `.docx`
/// file does. No text file starts so (byte 3 is a control character), so the command tells a Word
/// document by its bytes, whatever its name.
///
/// ```
/// assert!(tifa::docx::is_docx(b"PK\x03\x04\x14\x00"));
/// assert!(!tifa::docx::is_docx("河长制".as_bytes()));
/// ```
pub fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Why a zip archive could not be read as a Word document.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DocxError {
    /// Not a zip archive that can be read (damaged, cut short, or a method other than deflate).
    Zip(String),
    /// A zip archive without a Word document in it (a spreadsheet, a presentation, an OpenDocument
    /// file …); the content type of its main part when it names one.
    NotWord(Option<String>),
    /// The part could not be inflated (damaged data, a wrong checksum).
    Damaged {
        /// The part's name in the archive (`word/document.xml`).
        part: String,
        /// What went wrong.
        reason: String,
    },
    /// The part inflates to more than [`MAX_PART_BYTES`].
    TooLarge {
        /// The part's name in the archive.
        part: String,
    },
    /// The part is not well-formed XML (or not UTF-8).
    Xml {
        /// The part's name in the archive.
        part: String,
        /// The byte offset in the inflated part where reading stopped.
        offset: u64,
        /// What the XML reader found.
        reason: String,
    },
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::Zip(reason) => write!(f, "not a zip archive that can be read ({reason})"),
            DocxError::NotWord(Some(kind)) => {
                write!(f, "a zip archive but not a Word document (its main part is {kind})")
            }
            DocxError::NotWord(None) => write!(f, "a zip archive but not a Word document (no word/document.xml in it)"),
            DocxError::Damaged { part, reason } => {
                write!(f, "a damaged Word document: {part} cannot be inflated ({reason})")
            }
            DocxError::TooLarge { part } => write!(f, "a Word document whose {part} inflates to more than 1 GiB"),
            DocxError::Xml { part, offset, reason } => {
                write!(f, "a damaged Word document: {part} is not well-formed XML at byte {offset} ({reason})")
            }
        }
    }
}

impl std::error::Error for DocxError {}

/// The text of the Word document in `bytes` (a `.docx`, `.docm`, `.dotx` file's bytes): each paragraph
/// on a line of its own, ended by a line feed (see the [module](self) for what is read).
///
/// ```
/// use tifa::docx::{text, DocxError};
/// assert!(matches!(text(b"PK\x03\x04 cut short"), Err(DocxError::Zip(_))));
/// ```
pub fn text(bytes: &[u8]) -> Result<String, DocxError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::Zip(e.to_string()))?;
    let part = main_part(&mut archive)?;
    let xml = read_part(&mut archive, &part)?;
    // the numbers of numbered paragraphs: from the parts the document names, when they can be read
    let related = related_parts(&mut archive, &part);
    let mut optional = |kind: &str| related.get(kind).and_then(|name| read_part(&mut archive, name).ok());
    let (numbering, styles) = (optional("numbering"), optional("styles"));
    let mut numbering = Numbering::read(numbering.as_deref(), styles.as_deref());
    body_text(&xml, &mut numbering).map_err(|(offset, reason)| DocxError::Xml { part, offset, reason })
}

/// The parts the main part names by kind (`numbering`, `styles` …: the end of the relationship's type),
/// from its relationships (`word/_rels/document.xml.rels`); else `numbering.xml` and `styles.xml` beside it.
fn related_parts(
    archive: &mut zip::ZipArchive<Cursor<&[u8]>>,
    part: &str,
) -> std::collections::HashMap<String, String> {
    let (folder, file) = part.rsplit_once('/').unwrap_or(("", part));
    let join = |target: &str| match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if folder.is_empty() => target.to_string(),
        None => format!("{folder}/{target}"),
    };
    let mut related: std::collections::HashMap<String, String> =
        [("numbering", "numbering.xml"), ("styles", "styles.xml")]
            .iter()
            .map(|(k, v)| (k.to_string(), join(v)))
            .collect();
    let rels = if folder.is_empty() { format!("_rels/{file}.rels") } else { format!("{folder}/_rels/{file}.rels") };
    let Ok(xml) = read_part(archive, &rels) else { return related };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut buf = Vec::new();
    while let Ok(event) = reader.read_event_into(&mut buf) {
        match event {
            Event::Empty(e) | Event::Start(e) if e.local_name().as_ref() == b"Relationship" => {
                let attr = |key: &[u8]| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                let external = attr(b"TargetMode").as_deref() == Some("External");
                if let (Some(kind), Some(target), false) = (attr(b"Type"), attr(b"Target"), external) {
                    if let Some(kind) = kind.rsplit('/').next() {
                        related.insert(kind.to_string(), join(&target));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    related
}

/// The name of the main document part: the part whose content type ([Content_Types].xml) is a Word
/// document's, else `word/document.xml` when the archive has it.
fn main_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>) -> Result<String, DocxError> {
    let mut other = None;
    if archive.index_for_name("[Content_Types].xml").is_some() {
        let types = read_part(archive, "[Content_Types].xml")?;
        let mut reader = quick_xml::Reader::from_reader(types.as_slice());
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Empty(e) | Event::Start(e)) if e.local_name().as_ref() == b"Override" => {
                    let attr = |key: &[u8]| {
                        e.attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == key)
                            .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                    };
                    if let (Some(name), Some(kind)) = (attr(b"PartName"), attr(b"ContentType")) {
                        if MAIN_TYPES.contains(&kind.as_str()) {
                            let name = name.trim_start_matches('/').to_string();
                            if archive.index_for_name(&name).is_some() {
                                return Ok(name);
                            }
                        } else if kind.ends_with(".main+xml") || kind.contains("opendocument") {
                            other.get_or_insert(kind);
                        }
                    }
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
            buf.clear();
        }
    }
    if archive.index_for_name("word/document.xml").is_some() {
        return Ok("word/document.xml".to_string());
    }
    if other.is_none() && archive.index_for_name("mimetype").is_some() {
        // an OpenDocument file names its kind in its first part
        other = String::from_utf8(read_part(archive, "mimetype")?).ok().map(|m| m.trim().to_string());
    }
    Err(DocxError::NotWord(other))
}

/// A part's bytes, inflated, at most [`MAX_PART_BYTES`].
fn read_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Vec<u8>, DocxError> {
    let damaged = |reason: String| DocxError::Damaged { part: name.to_string(), reason };
    let file = archive.by_name(name).map_err(|e| damaged(e.to_string()))?;
    let mut bytes = Vec::with_capacity(file.size().min(64 << 20) as usize);
    file.take(MAX_PART_BYTES + 1).read_to_end(&mut bytes).map_err(|e| damaged(e.to_string()))?;
    if bytes.len() as u64 > MAX_PART_BYTES {
        return Err(DocxError::TooLarge { part: name.to_string() });
    }
    Ok(bytes)
}

/// The text of a main document part's XML, numbered paragraphs with their numbers; an error is the
/// byte offset where reading stopped and why.
fn body_text(xml: &[u8], numbering: &mut Numbering) -> Result<String, (u64, String)> {
    let mut reader = NsReader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = String::new();
    // inside a w:t (text is read), inside a w:r (a tab or break is the text's), inside a subtree left out
    let (mut in_text, mut runs, mut skip) = (0usize, 0usize, 0usize);
    // the paragraph properties being read: style, list, level
    let mut props: Option<(Option<String>, Option<String>, Option<usize>)> = None;
    loop {
        let position = reader.buffer_position();
        let event = reader.read_resolved_event_into(&mut buf).map_err(|e| (position, e.to_string()))?;
        match event {
            (ns, Event::Start(e)) => {
                let local = e.local_name();
                if skip > 0 || left_out(&ns, local.as_ref()) {
                    skip += 1;
                } else if is_w(&ns) {
                    match local.as_ref() {
                        b"t" => in_text += 1,
                        b"r" => runs += 1,
                        b"pPr" => props = Some((None, None, None)),
                        _ => {}
                    }
                }
            }
            (ns, Event::Empty(e)) if skip == 0 && is_w(&ns) && props.is_some() => {
                let val = || {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == b"val")
                        .and_then(|a| a.unescape_value().ok().map(|v| v.into_owned()))
                };
                if let Some((style, num, level)) = &mut props {
                    match e.local_name().as_ref() {
                        b"pStyle" => *style = val(),
                        b"numId" => *num = val(),
                        b"ilvl" => *level = val().and_then(|v| v.trim().parse().ok()).filter(|&l: &usize| l < 9),
                        _ => {}
                    }
                }
            }
            (ns, Event::Empty(e)) if skip == 0 && is_w(&ns) => match e.local_name().as_ref() {
                b"tab" | b"ptab" if runs > 0 => out.push('\t'),
                b"br" | b"cr" if runs > 0 => out.push('\n'),
                b"noBreakHyphen" if runs > 0 => out.push('-'),
                b"p" => out.push('\n'),
                _ => {}
            },
            (ns, Event::End(e)) => {
                let local = e.local_name();
                if skip > 0 {
                    skip -= 1;
                } else if is_w(&ns) {
                    match local.as_ref() {
                        b"t" => in_text = in_text.saturating_sub(1),
                        b"r" => runs = runs.saturating_sub(1),
                        b"p" => out.push('\n'),
                        b"pPr" => {
                            if let Some((style, num, level)) = props.take() {
                                if let Some(label) = numbering.label(style.as_deref(), (num.as_deref(), level)) {
                                    out.push_str(&label);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            (_, Event::Text(t)) if in_text > 0 && skip == 0 => {
                out.push_str(&t.unescape().map_err(|e| (reader.buffer_position(), e.to_string()))?);
            }
            (_, Event::CData(t)) if in_text > 0 && skip == 0 => {
                out.push_str(std::str::from_utf8(&t).map_err(|e| (reader.buffer_position(), e.to_string()))?);
            }
            (_, Event::Eof) => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

fn is_w(ns: &ResolveResult<'_>) -> bool {
    matches!(ns, ResolveResult::Bound(n) if W.contains(&n.as_ref()))
}

/// A subtree whose text is not the document's as it reads now: a drawing's fallback copy, text moved
/// away, deleted text and field codes (these two are in their own elements, never in a `w:t`, but a
/// `w:tab` in a deleted run is deleted too).
fn left_out(ns: &ResolveResult<'_>, local: &[u8]) -> bool {
    match ns {
        ResolveResult::Bound(n) if n.as_ref() == MC => local == b"Fallback",
        // (pPrChange holds the paragraph's properties before a tracked change)
        ResolveResult::Bound(_) if is_w(ns) => {
            matches!(local, b"moveFrom" | b"del" | b"delText" | b"instrText" | b"pPrChange")
        }
        _ => false,
    }
}

/// Word documents made in memory for examples and tests: what Word writes, reduced to the parts a
/// reader needs.
#[doc(hidden)]
pub mod tests_support {
    use std::io::Write;

    /// A `.docx` whose body is `body` (WordprocessingML inside `<w:body>`, prefix `w`, `mc` bound).
    pub fn with_body(body: &str) -> Vec<u8> {
        with_parts(body, &[])
    }

    /// A `.docx` whose body is `body`, with more parts (name, whole XML): `word/numbering.xml`,
    /// `word/styles.xml` ….
    pub fn with_parts(body: &str, more: &[(&str, &str)]) -> Vec<u8> {
        let document = format!(
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" "#,
                r#"xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>{}</w:body></w:document>"#
            ),
            body
        );
        let parts = [
            (
                "[Content_Types].xml",
                concat!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                    r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
                    r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
                    r#"<Default Extension="xml" ContentType="application/xml"/>"#,
                    r#"<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>"#,
                    r#"</Types>"#
                )
                .to_string(),
            ),
            (
                "_rels/.rels",
                concat!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                    r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
                    r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>"#,
                    r#"</Relationships>"#
                )
                .to_string(),
            ),
            ("word/document.xml", document),
        ];
        let more = more.iter().map(|(name, xml)| (*name, xml.to_string()));
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in parts.into_iter().chain(more) {
            zip.start_file(name, options).expect("a part starts");
            zip.write_all(content.as_bytes()).expect("a part is written");
        }
        zip.finish().expect("the archive is written").into_inner()
    }

    /// A `.docx` of one plain paragraph per item (`&` and `<` escaped).
    pub fn minimal(paragraphs: &[&str]) -> Vec<u8> {
        let body: String = paragraphs
            .iter()
            .map(|p| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", p.replace('&', "&amp;").replace('<', "&lt;")))
            .collect();
        with_body(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::tests_support::{minimal, with_body, with_parts};
    use super::*;

    #[test]
    fn what_is_read() {
        let cases: &[(&str, &str, &str)] = &[
            ("one paragraph", "<w:p><w:r><w:t>全面推行河长制。</w:t></w:r></w:p>", "全面推行河长制。\n"),
            (
                "runs join",
                "<w:p><w:r><w:t>百千万</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>工程</w:t></w:r></w:p>",
                "百千万工程\n",
            ),
            ("empty paragraph", "<w:p/><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr></w:p>", "\n\n"),
            ("space kept", "<w:p><w:r><w:t xml:space=\"preserve\"> 一、 </w:t></w:r></w:p>", " 一、 \n"),
            (
                "tab and break in a run",
                "<w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/><w:t>丙</w:t></w:r></w:p>",
                "甲\t乙\n丙\n",
            ),
            (
                "tab stops are not tabs",
                "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs></w:pPr><w:r><w:t>甲</w:t></w:r></w:p>",
                "甲\n",
            ),
            ("entities", "<w:p><w:r><w:t>A&amp;B &lt;1&gt; &#x6CB3;</w:t></w:r></w:p>", "A&B <1> 河\n"),
            (
                "deleted text out",
                "<w:p><w:r><w:t>河长</w:t></w:r><w:del w:id=\"1\"><w:r><w:delText>旧</w:delText><w:tab/></w:r></w:del><w:ins w:id=\"2\"><w:r><w:t>制</w:t></w:r></w:ins></w:p>",
                "河长制\n",
            ),
            (
                "moved text once",
                "<w:p><w:moveFrom w:id=\"3\"><w:r><w:t>瓶改管</w:t></w:r></w:moveFrom></w:p><w:p><w:moveTo w:id=\"4\"><w:r><w:t>瓶改管</w:t></w:r></w:moveTo></w:p>",
                "\n瓶改管\n",
            ),
            (
                "field code out, result in",
                "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>",
                "3\n",
            ),
            (
                "table cells",
                "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>河长制</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>12</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
                "河长制\n12\n",
            ),
            (
                "a text box once",
                "<w:p><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent><w:p><w:r><w:t>五社联动</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>五社联动</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>",
                "五社联动\n\n",
            ),
            ("beyond the BMP", "<w:p><w:r><w:t>𠀀河长制</w:t></w:r></w:p>", "𠀀河长制\n"),
        ];
        for (what, body, expected) in cases {
            assert_eq!(text(&with_body(body)).as_deref(), Ok(*expected), "{what}");
        }
    }

    /// A numbering part in WordprocessingML's namespace.
    fn numbering(inner: &str) -> String {
        format!(
            r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{inner}</w:numbering>"#
        )
    }

    fn level(ilvl: u8, start: u32, format: &str, text: &str, more: &str) -> String {
        format!(
            r#"<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/>{more}</w:lvl>"#
        )
    }

    fn para(props: &str, text: &str) -> String {
        format!("<w:p><w:pPr>{props}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    #[test]
    fn numbered_paragraphs_get_their_numbers() {
        // a multilevel list of headings (一、 （一） 1.), tied to heading styles, and lists of their own
        let outline = numbering(&format!(
            concat!(
                r#"<w:abstractNum w:abstractNumId="0">{}{}{}</w:abstractNum>"#,
                r#"<w:abstractNum w:abstractNumId="1">{}</w:abstractNum>"#,
                r#"<w:abstractNum w:abstractNumId="2">{}</w:abstractNum>"#,
                r#"<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>"#,
                r#"<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>"#,
                r#"<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>"#,
                r#"<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>"#
            ),
            level(0, 1, "chineseCounting", "%1、", r#"<w:pStyle w:val="Heading1"/><w:suff w:val="nothing"/>"#),
            level(1, 1, "chineseCounting", "（%2）", r#"<w:pStyle w:val="Heading2"/><w:suff w:val="nothing"/>"#),
            level(2, 1, "decimal", "%3.", r#"<w:suff w:val="space"/>"#),
            level(0, 1, "decimalEnclosedCircle", "%1", r#"<w:suff w:val="nothing"/>"#),
            level(0, 1, "bullet", "\u{F0B7}", ""),
        ));
        let styles = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
            <w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
            <w:style w:type="paragraph" w:styleId="MyHeading2"><w:basedOn w:val="Heading2"/></w:style>
        </w:styles>"#;
        let h1 = r#"<w:pStyle w:val="Heading1"/>"#;
        let h2 = r#"<w:pStyle w:val="MyHeading2"/>"#;
        let list =
            |num: u8, ilvl: u8| format!(r#"<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>"#);
        let body = [
            para(h1, "工作回顾"),
            para(h2, "经济运行"),
            para(&list(1, 2), "生产总值"),
            para(&list(1, 2), "固定资产投资"),
            para(h2, "乡村振兴"),
            para(&list(1, 2), "百千万工程"),
            para(&list(2, 0), "河长制"),
            para(&list(2, 0), "林长制"),
            para("", "正文"),
            para(&list(4, 0), "要点"),
            // a paragraph that leaves the list (numId 0), a list instance that restarts
            para(&format!("{h1}{}", list(0, 0)), "无编号"),
            para(&list(3, 0), "湖长制"),
            para(h1, "工作计划"),
            para(h2, "扩大内需"),
            // the properties before a tracked change are not the paragraph's
            para(
                r#"<w:pPrChange w:id="9"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:pPrChange>"#,
                "改过",
            ),
        ]
        .concat();
        let doc = with_parts(&body, &[("word/numbering.xml", &outline), ("word/styles.xml", styles)]);
        assert_eq!(
            text(&doc).unwrap(),
            "一、工作回顾\n（一）经济运行\n1. 生产总值\n2. 固定资产投资\n（二）乡村振兴\n1. 百千万工程\n①河长制\n②林长制\n正文\n要点\n无编号\n①湖长制\n二、工作计划\n（一）扩大内需\n改过\n"
        );
        // without the numbering part, the paragraphs without their numbers
        let doc = with_parts(&body, &[("word/styles.xml", styles)]);
        assert!(text(&doc).unwrap().starts_with("工作回顾\n经济运行\n生产总值\n"));
    }

    #[test]
    fn another_prefix_is_the_same_namespace() {
        let doc = with_body(
            "<w:p><x:r xmlns:x=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><x:t>河长制</x:t></x:r></w:p>",
        );
        assert_eq!(text(&doc).as_deref(), Ok("河长制\n"));
        // a t of another namespace (DrawingML's a:t in a chart or shape) is not a Word run's text
        let doc = with_body(
            "<w:p><w:r><a:t xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">图</a:t></w:r></w:p>",
        );
        assert_eq!(text(&doc).as_deref(), Ok("\n"));
    }

    #[test]
    fn what_is_not_a_word_document() {
        assert!(matches!(text(b"PK\x03\x04"), Err(DocxError::Zip(_))));
        assert!(matches!(text(b"not a zip"), Err(DocxError::Zip(_))));
        // a zip without a document part
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("xl/workbook.xml", zip::write::SimpleFileOptions::default()).unwrap();
        let xlsx = zip.finish().unwrap().into_inner();
        assert_eq!(text(&xlsx), Err(DocxError::NotWord(None)));
        assert_eq!(
            DocxError::NotWord(None).to_string(),
            "a zip archive but not a Word document (no word/document.xml in it)"
        );
        // badly formed XML: the place is given
        let err = text(&with_body("<w:p><w:r><w:t>河长制</w:r></w:p>")).unwrap_err();
        assert!(matches!(&err, DocxError::Xml { part, .. } if part == "word/document.xml"), "{err:?}");
        assert!(
            err.to_string().starts_with("a damaged Word document: word/document.xml is not well-formed XML at byte "),
            "{err}"
        );
    }

    #[test]
    fn damaged_data_is_an_error_not_a_panic() {
        let doc = minimal(&["全面推行河长制，完成瓶改管。"; 20]);
        for i in (0..doc.len()).step_by(7) {
            let mut bad = doc.clone();
            bad[i] ^= 0x5A;
            let _ = text(&bad);
            let _ = text(&doc[..i]);
        }
    }
}

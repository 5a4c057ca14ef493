//! Files that are not plain text, as the command reads them. Word documents (.docx): the same report as
//! the text (a sample report saved by python-docx, its paragraphs cut into runs; a small document with a
//! table, tracked changes, a field and a text box: `tests/fixtures/docx/make.py`), in folders beside
//! text files (Word's lock files passed over), from standard input, and the errors for a damaged
//! document, a PDF and a .doc, which lose nothing else of a batch. Word 97-2003 documents (.doc): the
//! sample report saved by LibreOffice Writer reads as its text (`tests/fixtures/doc/make.sh`); other
//! OLE files, older Word versions and password-protected documents say what they are. HTML pages: a sample report as a
//! portal serves it in GBK (`tests/fixtures/html/make.py`) reads as the text a reader copying the page
//! gets; a saved page's `_files` folder is passed over; a fragment is text. PDF files: the sample report
//! printed to PDF as an office lays a report out, by Chromium and by LibreOffice Writer
//! (`tests/fixtures/pdf/make.py`) reads as its text, one
//! that only forbids copying is read, one that needs a password or has no text layer is an error that
//! loses nothing else.

mod common;

use common::tifa;
use serde_json::Value;

const DOCX: &str = "tests/fixtures/docx/panyu-shawan-2023.docx";
const TXT: &str = "tests/fixtures/corpus/panyu-shawan-2023.txt";

/// The term of every match of a JSON report, in order.
fn matched_terms(report: &Value) -> Vec<&str> {
    report["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["matches"].as_array().unwrap())
        .map(|m| m["term"].as_str().unwrap())
        .collect()
}

/// The sample report's text as the document holds it: its lines, each ended by a line feed.
fn txt_with_line_feed() -> Vec<u8> {
    let mut text = std::fs::read(TXT).unwrap();
    text.push(b'\n');
    text
}

#[test]
fn a_word_document_is_tagged_as_its_text() {
    let docx = tifa(&["tag", "--format", "json", DOCX], b"");
    assert_eq!(docx.code, 0, "{}", docx.stderr);
    let text = tifa(&["tag", "--format", "json"], &txt_with_line_feed());
    assert_eq!(text.code, 0, "{}", text.stderr);
    // byte for byte the same report, but for the input's format
    assert_eq!(docx.stdout.replacen("\"encoding\": \"docx\"", "\"encoding\": \"utf8\"", 1), text.stdout);
    let report: Value = serde_json::from_str(&docx.stdout).unwrap();
    assert_eq!(report["encoding"], "docx");
    assert!(report["summary"]["themes"].as_object().unwrap().len() > 10, "the sample has many themes");
    // from standard input as well, and in the other commands that read reports
    let stdin = tifa(&["tag", "--format", "json"], &std::fs::read(DOCX).unwrap());
    assert_eq!(stdin.stdout, docx.stdout);
    for args in [&["explain", DOCX][..], &["gaps", DOCX][..]] {
        let other = tifa(args, b"");
        let reference: Vec<&str> = args.iter().map(|a| if *a == DOCX { "-" } else { *a }).collect();
        let reference = tifa(&reference, &txt_with_line_feed());
        // the same places (line and column: a paragraph is a line), named by the file
        assert_eq!(
            (other.code, other.stdout.replace(DOCX, "<stdin>")),
            (reference.code, reference.stdout),
            "{args:?}: {}",
            other.stderr
        );
    }
    // --encoding does not apply to it: a note says so
    let named = tifa(&["tag", "--format", "json", "--encoding", "gb18030", DOCX], b"");
    assert_eq!(named.stdout, docx.stdout);
    assert!(
        named.stderr.contains(&format!(
            "note: {DOCX} is a Word document (.docx), read as such: --encoding does not apply to it"
        )),
        "{}",
        named.stderr
    );
}

#[test]
fn tables_tracked_changes_fields_and_text_boxes() {
    let docx = tifa(&["tag", "--format", "json", "tests/fixtures/docx/features.docx"], b"");
    assert_eq!(docx.code, 0, "{}", docx.stderr);
    let text = tifa(&["tag", "--format", "json"], &std::fs::read("tests/fixtures/docx/features.txt").unwrap());
    assert_eq!(docx.stdout.replacen("\"encoding\": \"docx\"", "\"encoding\": \"utf8\"", 1), text.stdout);
    // the terms cut into runs, inserted or moved are found; the deleted one (湖长制) and the fallback copy are not
    let report: Value = serde_json::from_str(&docx.stdout).unwrap();
    let terms = matched_terms(&report);
    for term in ["河长制", "林长制", "五社联动", "百千万工程", "瓶改管"] {
        assert!(terms.contains(&term), "{term}: {terms:?}");
    }
    assert!(!terms.contains(&"湖长制"), "{terms:?}");
    assert_eq!(terms.iter().filter(|t| **t == "百千万工程").count(), 1, "{terms:?}");
}

const DOC: &str = "tests/fixtures/doc/panyu-shawan-2023.doc";

/// A Word 97-2003 document (.doc, saved by LibreOffice Writer: tests/fixtures/doc/make.sh) is read as
/// the same report's .docx is; what a .doc gives of tables, fields, tracked changes and text boxes is
/// tests/fixtures/doc/features.expected.txt.
#[test]
fn a_word_97_document_is_tagged_as_its_text() {
    let doc = tifa(&["tag", "--format", "json", DOC], b"");
    assert_eq!(doc.code, 0, "{}", doc.stderr);
    let text = tifa(&["tag", "--format", "json"], &txt_with_line_feed());
    assert_eq!(doc.stdout.replacen("\"encoding\": \"doc\"", "\"encoding\": \"utf8\"", 1), text.stdout);
    let stdin = tifa(&["tag", "--format", "json"], &std::fs::read(DOC).unwrap());
    assert_eq!(stdin.stdout, doc.stdout);
    let named = tifa(&["tag", "--format", "json", "--encoding", "gb18030", DOC], b"");
    assert_eq!(named.stdout, doc.stdout);
    assert!(
        named.stderr.contains(&format!(
            "note: {DOC} is a Word 97-2003 document (.doc), read as such: --encoding does not apply to it"
        )),
        "{}",
        named.stderr
    );
    let features = tifa(&["tag", "--format", "json", "tests/fixtures/doc/features.doc"], b"");
    let text = tifa(&["tag", "--format", "json"], &std::fs::read("tests/fixtures/doc/features.expected.txt").unwrap());
    assert_eq!(
        features.stdout.replacen("\"encoding\": \"doc\"", "\"encoding\": \"utf8\"", 1),
        text.stdout,
        "{}",
        features.stderr
    );
    // a table's cells, one a line; a field's result, not its code (PAGE); a supplementary character
    let expected = String::from_utf8(std::fs::read("tests/fixtures/doc/features.expected.txt").unwrap()).unwrap();
    for line in ["五社联动\n12\t个\n", "\n第1页\n", "\n𠀀&<河长制>\n"] {
        assert!(expected.contains(line), "{line:?}");
    }
    // a tracked deletion (和湖长制) left out by its formatting, as in the .docx
    assert!(expected.contains("全面推行河长制、林长制。\n") && !expected.contains("湖长制"), "{expected}");
}

/// OLE compound files that are not Word 97-2003 documents, and Word documents tifa does not read,
/// each say what they are and what to do; the rest of a batch is tagged.
#[test]
fn ole_files_that_cannot_be_read_say_what_they_are() {
    use std::io::{Cursor, Seek, SeekFrom, Write};
    let ole = |streams: &[(&str, &[u8])]| {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for (name, data) in streams {
            file.create_stream(name).unwrap().write_all(data).unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    };
    // the sample .doc with two bytes of its header changed
    let patched = |at: u64, bytes: [u8; 2]| {
        let mut file = cfb::CompoundFile::open(Cursor::new(std::fs::read(DOC).unwrap())).unwrap();
        let mut stream = file.open_stream("/WordDocument").unwrap();
        stream.seek(SeekFrom::Start(at)).unwrap();
        stream.write_all(&bytes).unwrap();
        drop(stream);
        file.flush().unwrap();
        file.into_inner().into_inner()
    };
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "推行河长制。").unwrap();
    std::fs::write(root.join("book.xls"), ole(&[("/Workbook", b"\x09\x08")])).unwrap();
    std::fs::write(root.join("locked.docx"), ole(&[("/EncryptionInfo", b"\x04\x00"), ("/EncryptedPackage", b"\x00")]))
        .unwrap();
    std::fs::write(root.join("old.doc"), patched(2, [0x65, 0x00])).unwrap();
    std::fs::write(root.join("secret.doc"), patched(0x0A, [0x00, 0x01])).unwrap();
    let doc = std::fs::read(DOC).unwrap();
    std::fs::write(root.join("cut.doc"), &doc[..doc.len() / 3]).unwrap();
    std::fs::write(root.join("z.doc"), &doc).unwrap();
    let d = root.display().to_string();
    let r = tifa(&["tag", "--format", "jsonl", &d, &format!("{d}/book.xls"), &format!("{d}/locked.docx")], b"");
    assert_eq!(r.code, 65, "{}", r.stderr);
    let files: Vec<String> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, [format!("{d}/a.txt"), format!("{d}/z.doc")], "{}", r.stderr);
    for expected in [
        format!(
            "error: {d}/book.xls is an OLE file but not a Word document (an Excel workbook), which tifa does not read: save the report as .docx or as text"
        ),
        format!(
            "error: {d}/locked.docx is an OLE file but not a Word document (a password-protected Office Open XML file, such as an encrypted .docx)"
        ),
        format!(
            "error: {d}/old.doc is a document of Word 6 or Word 95, which tifa does not read: open it in Word or WPS and save it as .docx or as text"
        ),
        format!("error: {d}/secret.doc is a Word 97-2003 document (.doc) that needs a password"),
        format!("error: {d}/cut.doc is a damaged Word 97-2003 document (.doc) ("),
    ] {
        assert!(r.stderr.contains(&expected), "{expected}\n{}", r.stderr);
    }
}

#[test]
fn folders_hold_word_documents_and_bad_files_lose_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let docx = std::fs::read(DOCX).unwrap();
    std::fs::write(root.join("a.txt"), "推行河长制。").unwrap();
    std::fs::write(root.join("b.DOCX"), &docx).unwrap();
    // the lock file Word keeps beside an open document: a few bytes that are no document
    std::fs::write(root.join("~$b.DOCX"), b"\x0cowner\x00\x00").unwrap();
    std::fs::copy("tests/fixtures/pdf/restricted.pdf", root.join("c.pdf")).unwrap();
    let d = root.display().to_string();
    let r = tifa(&["tag", "--format", "jsonl", &d], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let files: Vec<(String, String)> = r
        .stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (v["file"].as_str().unwrap().to_string(), v["encoding"].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        files,
        [
            (format!("{d}/a.txt"), "utf8".to_string()),
            (format!("{d}/b.DOCX"), "docx".to_string()),
            (format!("{d}/c.pdf"), "pdf".to_string())
        ]
    );

    // a damaged document, a damaged PDF and a .doc among good files: each an error (65), the others tagged
    std::fs::write(root.join("cut.docx"), &docx[..docx.len() / 2]).unwrap();
    std::fs::write(root.join("c.pdf"), b"%PDF-1.7\n").unwrap();
    std::fs::write(root.join("old.doc"), b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00\x00").unwrap();
    let mut zip_not_word = docx.clone();
    // the same archive with its main part renamed: a zip that holds no Word document
    for name in [&b"word/document.xml"[..], b"[Content_Types].xml"] {
        let renamed: Vec<u8> = name.iter().map(|b| if *b == b'o' { b'0' } else { *b }).collect();
        let mut i = 0;
        while let Some(at) = zip_not_word[i..].windows(name.len()).position(|w| w == name) {
            zip_not_word[i + at..i + at + name.len()].copy_from_slice(&renamed);
            i += at + name.len();
        }
    }
    std::fs::write(root.join("sheet.docx"), &zip_not_word).unwrap();
    let args = [
        "tag",
        "--format",
        "jsonl",
        &format!("{d}/a.txt"),
        &format!("{d}/cut.docx"),
        &format!("{d}/c.pdf"),
        &format!("{d}/old.doc"),
        &format!("{d}/sheet.docx"),
        &format!("{d}/b.DOCX"),
    ];
    let r = tifa(&args, b"");
    assert_eq!(r.code, 65, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 2, "a.txt and b.DOCX are tagged: {}", r.stderr);
    for expected in [
        format!("error: {d}/cut.docx is not a zip archive that can be read ("),
        format!("error: {d}/c.pdf is a PDF file that cannot be read ("),
        format!("error: {d}/old.doc is a damaged Word 97-2003 document (.doc) ("),
        format!("error: {d}/sheet.docx is a zip archive but not a Word document (no word/document.xml in it)"),
    ] {
        assert!(r.stderr.contains(&expected), "{expected}\n{}", r.stderr);
    }
}

const PAGE: &str = "tests/fixtures/html/panyu-shawan-2023.html";

#[test]
fn an_html_page_is_tagged_as_its_text() {
    let page = tifa(&["tag", "--format", "json", PAGE], b"");
    assert_eq!(page.code, 0, "{}", page.stderr);
    let text = tifa(
        &["tag", "--format", "json"],
        &std::fs::read("tests/fixtures/html/panyu-shawan-2023.expected.txt").unwrap(),
    );
    // the same report as the page's text: no markup, no script (which names 河长制), the terms cut by
    // inline markup whole, the character references decoded, the page read as GBK
    assert_eq!(page.stdout.replacen("\"encoding\": \"html+gb18030\"", "\"encoding\": \"utf8\"", 1), text.stdout);
    let report: Value = serde_json::from_str(&page.stdout).unwrap();
    let terms = matched_terms(&report);
    assert!(terms.contains(&"百千万工程") && terms.contains(&"营商环境"), "{terms:?}");
    // from standard input too (told by its first bytes, not its name)
    let stdin = tifa(&["tag", "--format", "json"], &std::fs::read(PAGE).unwrap());
    assert_eq!(stdin.stdout, page.stdout);
}

#[test]
fn a_folder_gives_its_pages_but_not_their_saved_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let page = std::fs::read(PAGE).unwrap();
    for (name, bytes) in [
        ("a.html", &page[..]),
        ("a_files/frame.html", b"<!DOCTYPE html><p>\xe5\xb9\xbf\xe5\x91\x8a</p>"),
        ("b.HTM", b"<html><body><p>\xe6\x8e\xa8\xe8\xa1\x8c\xe6\xb2\xb3\xe9\x95\xbf\xe5\x88\xb6\xe3\x80\x82</p></body></html>"),
        // a folder named so without its page is an ordinary folder
        ("c_files/c.txt", "推行河长制。".as_bytes()),
        // a fragment is text: its markup is the report's characters
        ("d.txt", "<p>推行河长制。</p>".as_bytes()),
    ] {
        std::fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
        std::fs::write(root.join(name), bytes).unwrap();
    }
    let d = root.display().to_string();
    let r = tifa(&["tag", "--format", "jsonl", &d], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    // each file, its encoding and where its first match is (in the text as read: a page's markup is gone)
    let files: Vec<(String, String, Value)> = r
        .stdout
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            let first = v["paragraphs"]
                .as_array()
                .unwrap()
                .iter()
                .flat_map(|p| p["matches"].as_array().unwrap())
                .next()
                .map(|m| m["start"].clone());
            (
                v["file"].as_str().unwrap().to_string(),
                v["encoding"].as_str().unwrap().to_string(),
                first.unwrap_or(Value::Null),
            )
        })
        .collect();
    let at = |n: u64| Value::from(n);
    assert_eq!(files.len(), 4, "{files:?}");
    assert_eq!((files[0].0.as_str(), files[0].1.as_str()), (format!("{d}/a.html").as_str(), "html+gb18030"));
    assert_eq!(files[1], (format!("{d}/b.HTM"), "html+utf8".to_string(), at(2)));
    assert_eq!(files[2], (format!("{d}/c_files/c.txt"), "utf8".to_string(), at(2)));
    assert_eq!(files[3], (format!("{d}/d.txt"), "utf8".to_string(), at(5)));
}

const PDF: &str = "tests/fixtures/pdf/panyu-shawan-2023.pdf";

#[test]
fn a_pdf_is_tagged_as_its_text() {
    let pdf = tifa(&["tag", "--format", "json", PDF], b"");
    assert_eq!(pdf.code, 0, "{}", pdf.stderr);
    let expected = std::fs::read("tests/fixtures/pdf/panyu-shawan-2023.expected.txt").unwrap();
    let text = tifa(&["tag", "--format", "json"], &expected);
    // the lines of its pages joined back into the report's paragraphs; the page numbers (— 1 —) and
    // the watermark drawn at an angle on every page (内部资料) are not in it
    assert_eq!(pdf.stdout.replacen("\"encoding\": \"pdf\"", "\"encoding\": \"utf8\"", 1), text.stdout);
    let report: Value = serde_json::from_str(&pdf.stdout).unwrap();
    assert_eq!(report["encoding"], "pdf");
    assert!(report["summary"]["themes"].as_object().unwrap().len() > 10, "the sample has many themes");
    assert!(!String::from_utf8(expected.clone()).unwrap().contains("内部资料"));
    // from standard input, and in the other commands that read reports
    let stdin = tifa(&["tag", "--format", "json"], &std::fs::read(PDF).unwrap());
    assert_eq!(stdin.stdout, pdf.stdout);
    for args in [&["explain", PDF][..], &["gaps", PDF][..]] {
        let other = tifa(args, b"");
        let reference: Vec<&str> = args.iter().map(|a| if *a == PDF { "-" } else { *a }).collect();
        let reference = tifa(&reference, &expected);
        assert_eq!(
            (other.code, other.stdout.replace(PDF, "<stdin>")),
            (reference.code, reference.stdout),
            "{args:?}: {}",
            other.stderr
        );
    }
    let named = tifa(&["tag", "--format", "json", "--encoding", "gb18030", PDF], b"");
    assert_eq!(named.stdout, pdf.stdout);
    assert!(
        named.stderr.contains(&format!("note: {PDF} is a PDF file, read as such: --encoding does not apply to it")),
        "{}",
        named.stderr
    );
    // the same report written in Word's way and exported by LibreOffice Writer (its title on two lines)
    let writer = tifa(&["tag", "--format", "json", "tests/fixtures/pdf/panyu-shawan-2023.writer.pdf"], b"");
    assert_eq!(
        writer.stdout,
        pdf.stdout.replace(PDF, "tests/fixtures/pdf/panyu-shawan-2023.writer.pdf"),
        "{}",
        writer.stderr
    );
    // encrypted with an empty user password and copying forbidden (object streams, AES-256): read
    let restricted = tifa(&["tag", "--format", "json", "tests/fixtures/pdf/restricted.pdf"], b"");
    let text =
        tifa(&["tag", "--format", "json"], &std::fs::read("tests/fixtures/pdf/restricted.expected.txt").unwrap());
    assert_eq!(
        restricted.stdout.replacen("\"encoding\": \"pdf\"", "\"encoding\": \"utf8\"", 1),
        text.stdout,
        "{}",
        restricted.stderr
    );
}

#[test]
fn a_pdf_that_cannot_be_read_loses_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("a.txt"), "推行河长制。").unwrap();
    let restricted = std::fs::read("tests/fixtures/pdf/restricted.pdf").unwrap();
    std::fs::write(root.join("cut.pdf"), &restricted[..restricted.len() / 3]).unwrap();
    std::fs::copy("tests/fixtures/pdf/locked.pdf", root.join("locked.pdf")).unwrap();
    std::fs::copy("tests/fixtures/pdf/scan.pdf", root.join("scan.pdf")).unwrap();
    std::fs::write(root.join("z.pdf"), &restricted).unwrap();
    let d = root.display().to_string();
    let r = tifa(&["tag", "--format", "jsonl", &d], b"");
    assert_eq!(r.code, 65, "{}", r.stderr);
    let files: Vec<String> = r
        .stdout
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, [format!("{d}/a.txt"), format!("{d}/z.pdf")], "{}", r.stderr);
    for expected in [
        format!("error: {d}/cut.pdf is a PDF file that cannot be read ("),
        format!(
            "error: {d}/locked.pdf is an encrypted PDF file that cannot be opened without a password: open it, and save or print it as a PDF without a password, or as text or .docx"
        ),
        format!(
            "error: {d}/scan.pdf is a PDF file without a text layer (a scanned document?), which tifa cannot read: run OCR on it first"
        ),
    ] {
        assert!(r.stderr.contains(&expected), "{expected}\n{}", r.stderr);
    }
    // the reader's own complaints (a panic on a damaged file) are not printed
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

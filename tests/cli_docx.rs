//! Word documents (.docx) as the command reads them: the same report as the text (a sample report
//! saved by python-docx, its paragraphs cut into runs; a small document with a table, tracked
//! changes, a field and a text box: `tests/fixtures/docx/make.py`), in folders
//! beside text files (Word's lock files passed over), from standard input, and the errors for a
//! damaged document, a PDF and a .doc, which lose nothing else of a batch.

mod common;

use common::tifa;
use serde_json::Value;

const DOCX: &str = "tests/fixtures/docx/panyu-shawan-2023.docx";
const TXT: &str = "tests/fixtures/corpus/panyu-shawan-2023.txt";

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
        assert_eq!((other.code, other.stdout.replace(DOCX, "<stdin>")), (reference.code, reference.stdout), "{args:?}: {}", other.stderr);
    }
    // --encoding does not apply to it: a note says so
    let named = tifa(&["tag", "--format", "json", "--encoding", "gb18030", DOCX], b"");
    assert_eq!(named.stdout, docx.stdout);
    assert!(named.stderr.contains(&format!("note: {DOCX} is a Word document (.docx), read as such: --encoding does not apply to it")), "{}", named.stderr);
}

#[test]
fn tables_tracked_changes_fields_and_text_boxes() {
    let docx = tifa(&["tag", "--format", "json", "tests/fixtures/docx/features.docx"], b"");
    assert_eq!(docx.code, 0, "{}", docx.stderr);
    let text = tifa(&["tag", "--format", "json"], &std::fs::read("tests/fixtures/docx/features.txt").unwrap());
    assert_eq!(docx.stdout.replacen("\"encoding\": \"docx\"", "\"encoding\": \"utf8\"", 1), text.stdout);
    // the terms cut into runs, inserted or moved are found; the deleted one (湖长制) and the fallback copy are not
    let report: Value = serde_json::from_str(&docx.stdout).unwrap();
    let terms: Vec<&str> = report["paragraphs"].as_array().unwrap().iter().flat_map(|p| p["matches"].as_array().unwrap()).map(|m| m["term"].as_str().unwrap()).collect();
    for term in ["河长制", "林长制", "五社联动", "百千万工程", "瓶改管"] {
        assert!(terms.contains(&term), "{term}: {terms:?}");
    }
    assert!(!terms.contains(&"湖长制"), "{terms:?}");
    assert_eq!(terms.iter().filter(|t| **t == "百千万工程").count(), 1, "{terms:?}");
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
    std::fs::write(root.join("c.pdf"), b"%PDF-1.7\n").unwrap();
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
    assert_eq!(files, [(format!("{d}/a.txt"), "utf8".to_string()), (format!("{d}/b.DOCX"), "docx".to_string())]);

    // a damaged document, a PDF and a .doc among good files: each an error (65), the others tagged
    std::fs::write(root.join("cut.docx"), &docx[..docx.len() / 2]).unwrap();
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
    let args = ["tag", "--format", "jsonl", &format!("{d}/a.txt"), &format!("{d}/cut.docx"), &format!("{d}/c.pdf"), &format!("{d}/old.doc"), &format!("{d}/sheet.docx"), &format!("{d}/b.DOCX")];
    let r = tifa(&args, b"");
    assert_eq!(r.code, 65, "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 2, "a.txt and b.DOCX are tagged: {}", r.stderr);
    for expected in [
        format!("error: {d}/cut.docx is not a zip archive that can be read ("),
        format!("error: {d}/c.pdf is a PDF file, which tifa does not read: extract its text first (for example `pdftotext -layout`), or save it as text or .docx"),
        format!("error: {d}/old.doc is a Word 97-2003 document (.doc) or another OLE file (an .xls, a password-protected .docx), which tifa does not read: save it as .docx or as text"),
        format!("error: {d}/sheet.docx is a zip archive but not a Word document (no word/document.xml in it)"),
    ] {
        assert!(r.stderr.contains(&expected), "{expected}\n{}", r.stderr);
    }
}

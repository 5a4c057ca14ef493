//! What `tifa tag` reads: folders (walked, sorted), `--files-from` lists, the JSON Lines output that
//! names its files however many there are, `--jsonl` with `--format`, notes about empty files and
//! file names that are not UTF-8.

mod common;

use common::tifa;
use serde_json::Value;

fn files_of(stdout: &str) -> Vec<String> {
    stdout.lines().map(|l| serde_json::from_str::<Value>(l).unwrap()["file"].as_str().unwrap().to_string()).collect()
}

/// A folder of reports: nested, mixed case, hidden entries and other files.
fn archive() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (name, text) in [
        ("b/2.txt", "推行河长制。"),
        ("a/1.TXT", "完成瓶改管。"),
        ("a/.hidden.txt", "推行河长制。"),
        (".git/x.txt", "推行河长制。"),
        ("c.md", "推行河长制。"),
        ("d.text", "推行河长制。"),
        ("notes.rtf", "推行河长制。"),
        ("rules.toml", "x"),
        ("one/only.txt", "推行河长制。"),
        ("rules/r.toml", "x"),
    ] {
        std::fs::create_dir_all(root.join(name).parent().unwrap()).unwrap();
        std::fs::write(root.join(name), text).unwrap();
    }
    dir
}

#[test]
fn a_folder_gives_its_report_files_in_path_order() {
    let dir = archive();
    let d = dir.path().display().to_string();
    let r = tifa(&["tag", "--format", "json", &d], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        files_of(&r.stdout),
        [
            format!("{d}/a/1.TXT"),
            format!("{d}/b/2.txt"),
            format!("{d}/c.md"),
            format!("{d}/d.text"),
            format!("{d}/one/only.txt")
        ]
    );
    // a folder with one file is still "several": JSON Lines with "file"
    let r = tifa(&["tag", "--format", "json", &format!("{d}/one")], b"");
    assert_eq!(files_of(&r.stdout), [format!("{d}/one/only.txt")]);
    // the same on several threads, and in CSV (one header)
    let one = tifa(&["tag", "--format", "csv", "--jobs", "1", &d], b"");
    assert_eq!(one.stdout.matches("file,paragraph").count(), 1);
    assert_eq!(one.stdout.lines().count(), 6);
    for format in ["json", "text", "html"] {
        let one = tifa(&["tag", "--format", format, "--jobs", "1", &d], b"");
        let many = tifa(&["tag", "--format", format, "--jobs", "3", &d], b"");
        assert_eq!((one.code, &one.stdout), (many.code, &many.stdout), "{format}");
    }
    // a folder without report files is an input that cannot be read (2); rule files get a hint
    let r = tifa(&["tag", &format!("{d}/rules"), &format!("{d}/c.md")], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(&format!("error: {d}/rules holds no report files (*.txt, *.text, *.md, *.doc, *.docx, *.pdf, *.htm, *.html)\nhelp: {d}/rules holds rule files (*.toml): to use them as rules, write --rules {d}/rules")), "{}", r.stderr);
    assert!(r.stdout.contains("== "), "the other file is tagged");
}

#[test]
fn files_from_lists_files_by_line_or_nul() {
    let dir = archive();
    let d = dir.path().display().to_string();
    let want = [format!("{d}/c.md"), format!("{d}/b/2.txt")];
    let list = dir.path().join("list.txt");
    std::fs::write(&list, format!("{}\r\n\n{}\n", want[0], want[1])).unwrap();
    let r = tifa(&["tag", "--format", "json", "--files-from", list.to_str().unwrap()], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(files_of(&r.stdout), want);
    // NUL-separated on standard input; one file is still JSON Lines
    let r = tifa(&["tag", "--format", "json", "-0", "--files-from", "-"], format!("{}\0", want[0]).as_bytes());
    assert_eq!(files_of(&r.stdout), want[..1]);
    let r = tifa(
        &["tag", "--null", "--files-from", "-", "--format", "json"],
        format!("{}\0{}", want[0], want[1]).as_bytes(),
    );
    assert_eq!(files_of(&r.stdout), want);
    // a list that cannot be read
    let r = tifa(&["tag", "--files-from", "no/such/list"], b"");
    assert_eq!(r.code, 2);
    assert!(r.stderr.starts_with("error: cannot read the list of files no/such/list"), "{}", r.stderr);
    // -0 without a list is a usage error
    assert_eq!(tifa(&["tag", "-0", &want[0]], b"").code, 2);
}

#[test]
fn format_jsonl_names_the_file_however_many() {
    let dir = archive();
    let c = format!("{}/c.md", dir.path().display());
    let r = tifa(&["tag", "--format", "jsonl", &c], b"");
    assert_eq!(r.code, 0);
    assert_eq!(files_of(&r.stdout), [c.as_str()]);
    let r = tifa(&["tag", "--format", "jsonl"], "推行河长制。".as_bytes());
    assert_eq!(files_of(&r.stdout), ["<stdin>"]);
    // and the object is the JSON of one file with "file" first
    let pretty: Value = serde_json::from_str(&tifa(&["tag", "--format", "json", &c], b"").stdout).unwrap();
    let mut line: Value = serde_json::from_str(&tifa(&["tag", "--format", "jsonl", &c], b"").stdout).unwrap();
    line.as_object_mut().unwrap().remove("file");
    assert_eq!(line, pretty, "the JSON of one file has \"encoding\" too");
}

#[test]
fn jsonl_takes_format_json_and_refuses_other_formats() {
    let record = "{\"id\": 1, \"text\": \"推行河长制。\"}\n";
    let plain = tifa(&["tag", "--jsonl"], record.as_bytes());
    for format in ["json", "jsonl"] {
        let r = tifa(&["tag", "--jsonl", "--format", format], record.as_bytes());
        assert_eq!((r.code, &r.stdout), (0, &plain.stdout), "{format}: {}", r.stderr);
    }
    for format in ["csv", "text", "html"] {
        // (no standard input: tifa ends before it would read it)
        let r = tifa(&["tag", "--jsonl", "--format", format], b"");
        assert_eq!(r.code, 2);
        assert_eq!(
            r.stderr.trim_end(),
            format!(
                "error: --jsonl writes JSON Lines (one result object per record, with its id); --format {format} cannot be used with it"
            )
        );
    }
    // the usage line does not make files look required
    let help = tifa(&["tag", "--help"], b"").stdout;
    assert!(help.contains("Usage: tifa tag [OPTIONS] [FILES]..."), "{help}");
}

#[test]
fn an_empty_file_gets_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let (empty, blank, full) =
        (dir.path().join("empty.txt"), dir.path().join("blank.txt"), dir.path().join("full.txt"));
    std::fs::write(&empty, "").unwrap();
    std::fs::write(&blank, " \r\n\u{3000}\n").unwrap();
    std::fs::write(&full, "推行河长制。").unwrap();
    let r = tifa(
        &["tag", "--format", "csv", empty.to_str().unwrap(), blank.to_str().unwrap(), full.to_str().unwrap()],
        b"",
    );
    assert_eq!(r.code, 0);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            format!("note: {} is empty: no paragraphs", empty.display()),
            format!("note: {} is empty: no paragraphs", blank.display())
        ]
    );
    assert_eq!(r.stdout.lines().count(), 2, "{}", r.stdout);
}

/// A file name that is not UTF-8 keeps its lossy display in the output, and a note says how to type it.
#[test]
#[cfg(target_os = "linux")]
fn a_file_name_that_is_not_utf8_is_named_in_a_note() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    // 沙湾 in GBK
    let path = dir.path().join(std::ffi::OsStr::from_bytes(b"\xC9\xB3\xCD\xE5.txt"));
    std::fs::write(&path, "推行河长制。").unwrap();
    let d = dir.path().display().to_string();
    let r = tifa(&["tag", "--format", "json", &d], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lossy = format!("{d}/{}", String::from_utf8_lossy(b"\xC9\xB3\xCD\xE5.txt"));
    assert!(lossy.contains('\u{FFFD}'));
    assert_eq!(files_of(&r.stdout), [lossy.as_str()]);
    assert_eq!(
        r.stderr.trim_end(),
        format!(
            "note: the file name {lossy} is not UTF-8 (shown with U+FFFD); in bash it is $'{d}/\\xC9\\xB3\\xCD\\xE5.txt'"
        )
    );
}

/// Each JSON Lines object, and the JSON of one input, names the encoding its text was decoded from (as
/// `--encoding` names it); the offsets are into the decoded text, the byte-order mark left out.
#[test]
fn json_and_json_lines_name_the_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let text = "全面推行河长制，完成瓶改管。\n";
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> =
        [&[0xFE, 0xFF][..], &text.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<_>>()].concat();
    let gbk: Vec<u8> =
        vec![0xC8, 0xAB, 0xC3, 0xE6, 0xCD, 0xC6, 0xD0, 0xD0, 0xBA, 0xD3, 0xB3, 0xA4, 0xD6, 0xC6, 0xA1, 0xA3]; // 全面推行河长制。
    let cases: [(&str, Vec<u8>, &str); 5] = [
        ("utf8.txt", text.as_bytes().to_vec(), "utf8"),
        ("bom.txt", [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(), "utf8"),
        ("gbk.txt", gbk, "gb18030"),
        ("le.txt", utf16le, "utf16le"),
        ("be.txt", utf16be, "utf16be"),
    ];
    for (name, bytes, want) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let r = tifa(&["tag", "--format", "jsonl", path.to_str().unwrap()], b"");
        assert_eq!(r.code, 0, "{name}: {}", r.stderr);
        let v: Value = serde_json::from_str(&r.stdout).unwrap();
        assert_eq!(v["encoding"], want, "{name}");
        // 河长制 at chars 4..7, bytes 12..21 of the decoded text, whatever the file's bytes
        let m = &v["paragraphs"][0]["matches"][0];
        assert_eq!(
            (m["text"].as_str(), m["start"].as_u64(), m["byte_start"].as_u64()),
            (Some("河长制"), Some(4), Some(12)),
            "{name}"
        );
        // the JSON of one file says it too, first; the rest is the JSON Lines object's
        let one = tifa(&["tag", "--format", "json", path.to_str().unwrap()], b"");
        assert_eq!(one.code, 0, "{name}: {}", one.stderr);
        assert!(
            one.stdout.starts_with(&format!("{{\n  \"encoding\": \"{want}\",\n  \"tifa\": ")),
            "{name}: {}",
            one.stdout
        );
        let mut one: Value = serde_json::from_str(&one.stdout).unwrap();
        let mut line = v.clone();
        line.as_object_mut().unwrap().remove("file");
        assert_eq!(one, line, "{name}");
        one.as_object_mut().unwrap().remove("encoding");
        assert_eq!(one["paragraphs"][0]["matches"][0], *m, "{name}");
    }
    // standard input too, as JSON Lines and as JSON: UTF-8, and GB18030 (GBK) recognised or named
    let (gb18030, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    for (bytes, args, want) in [
        (text.as_bytes(), &[][..], "utf8"),
        (&gb18030[..], &[][..], "gb18030"),
        (&gb18030[..], &["--encoding", "gb18030"][..], "gb18030"),
    ] {
        for format in ["jsonl", "json"] {
            let r = tifa(&[&["tag", "--format", format][..], args].concat(), bytes);
            assert_eq!(r.code, 0, "{format} {args:?}: {}", r.stderr);
            let v: Value = serde_json::from_str(&r.stdout).unwrap();
            assert_eq!(v["encoding"], want, "{format} {args:?}");
            assert_eq!(v["paragraphs"][0]["matches"][0]["text"], "河长制", "{format} {args:?}");
        }
    }
}

/// `tifa gaps FOLDER` reads the folder's reports as `tifa tag` does.
#[test]
fn gaps_reads_folders() {
    let dir = archive();
    let d = dir.path().display().to_string();
    let r = tifa(&["gaps", "--json", &d], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["files"], 5);
}

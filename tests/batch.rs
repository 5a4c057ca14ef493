//! Batches lose nothing: a bad record or a bad file is reported with its place and the rest is still
//! tagged; error messages say where the bad bytes are; CSV output cannot run as a spreadsheet formula.

mod common;

use common::tifa;

fn ids(stdout: &str) -> Vec<serde_json::Value> {
    stdout.lines().map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].clone()).collect()
}

/// A line with invalid UTF-8 is reported like a malformed JSON line (line, column, exit 65), and the
/// records after it are still tagged.
#[test]
fn jsonl_invalid_utf8_is_one_bad_record() {
    let input = b"{\"id\": 1, \"text\": \"\xE6\x8E\xA8\xE8\xA1\x8C\"}\n{\"id\": 2, \"text\": \"\xFF\xFE\"}\n{\"id\": 3, \"text\": \"\xE5\xAE\x8C\"}\n";
    let r = tifa(&["tag", "--jsonl"], input);
    assert_eq!(r.code, 65, "{}", r.stderr);
    assert_eq!(ids(&r.stdout), [1, 3]);
    assert!(
        r.stderr.contains("error: stdin line 2, column 20: not valid UTF-8: bytes 0xFF 0xFE at byte 19 of the line"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("1 input line(s) could not be read"), "{}", r.stderr);
}

/// A stream that starts with a UTF-8 byte-order mark keeps its first record.
#[test]
fn jsonl_bom_keeps_the_first_record() {
    let r = tifa(
        &["tag", "--jsonl"],
        "\u{FEFF}{\"id\": \"a\", \"text\": \"推行河长制。\"}\n{\"id\": \"b\", \"text\": \"\"}\n".as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(ids(&r.stdout), ["a", "b"]);
}

/// JSON errors name the input line and a column in characters, not serde's line of the one record.
#[test]
fn jsonl_errors_name_the_input_line() {
    let input = "{\"id\": 1, \"text\": \"河长制\"}\n\n{\"id\": 2, \"text\": \"河长制\"\n{\"id\": 3 \"text\": \"x\"}\n{\"id\": 4, \"text\": \"x\"}\n";
    let r = tifa(&["tag", "--jsonl"], input.as_bytes());
    assert_eq!(r.code, 65);
    assert_eq!(ids(&r.stdout), [1, 4]);
    let errors: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(
        errors,
        [
            "error: stdin line 3, column 24: EOF while parsing an object",
            "error: stdin line 4, column 10: expected `,` or `}`",
            "error: 2 input line(s) could not be read"
        ]
    );
}

/// `tifa tag a.txt bad.txt c.txt`: the bad file is reported and c.txt is still tagged.
#[test]
fn a_bad_file_does_not_stop_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let bad = dir.path().join("bad.txt");
    let c = dir.path().join("c.txt");
    std::fs::write(&a, "推行河长制。").unwrap();
    std::fs::write(&bad, b"\x81\x20\xFF").unwrap();
    std::fs::write(&c, "完成瓶改管。").unwrap();
    let missing = dir.path().join("missing.txt");
    let (a, bad, c, missing) =
        (a.to_str().unwrap(), bad.to_str().unwrap(), c.to_str().unwrap(), missing.to_str().unwrap());
    for format in ["json", "csv", "text", "html"] {
        let r = tifa(&["tag", "--format", format, a, bad, c], b"");
        assert_eq!(r.code, 65, "{format}: {}", r.stderr);
        assert!(r.stdout.contains("河长制") && r.stdout.contains("瓶改管"), "{format}: {}", r.stdout);
        assert!(
            r.stderr.contains(&format!(
                "error: {bad} is neither UTF-8 nor GB18030 text: as UTF-8, byte 0x81 at byte 0 (line 1, column 1)"
            )),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("1 of 3 inputs could not be tagged"), "{}", r.stderr);
    }
    // an unreadable file keeps its exit code (2) and the rest is tagged too
    let r = tifa(&["tag", "--format", "csv", missing, c], b"");
    assert_eq!(r.code, 2);
    assert!(r.stdout.contains("瓶改管"));
    // the same in tifa gaps
    let r = tifa(&["gaps", a, bad, c], b"");
    assert_eq!(r.code, 65, "{}", r.stderr);
    assert!(r.stdout.starts_with("== 2 files"), "{}", r.stdout);
}

/// Invalid input names the byte, its offset, line and column; UTF-16 has --encoding values.
#[test]
fn bad_bytes_are_placed_exactly() {
    let r = tifa(&["tag", "--encoding", "utf8"], b"\xE6\x8E\xA8\xE8\xA1\x8C\n\xE6\xB2\xB3\xFF\n");
    assert_eq!(r.code, 65);
    assert_eq!(
        r.stderr.trim(),
        "error: <stdin> is not valid UTF-8 text: byte 0xFF at byte 10 (line 2, column 2) (the rest of the file is UTF-8: it is damaged there)"
    );
    // a UTF-8 report with one damaged byte is not read as GB18030 mojibake
    let mut damaged = "全面推行河长制，完成瓶改管。\n".repeat(4).into_bytes();
    damaged[49] = 0xFF;
    let r = tifa(&["tag"], &damaged);
    assert_eq!(r.code, 65, "{}", r.stdout);
    assert!(
        r.stderr.contains("not valid UTF-8 text: bytes 0xFF 0x8E 0xA8 at byte 49 (line 2, column 3)"),
        "{}",
        r.stderr
    );
    // UTF-16 without a byte-order mark: the values exist, and auto mode recognises it
    let text = "全面推行河长制。\n完成瓶改管。\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let clean = tifa(&["tag", "--format", "json"], text.as_bytes());
    for args in [&["tag", "--format", "json", "--encoding", "utf16le"][..], &["tag", "--format", "json"][..]] {
        let r = tifa(args, &le);
        assert_eq!(r.code, 0, "{}", r.stderr);
        // the same report, read from UTF-16 (which the JSON's "encoding" says)
        assert!(clean.stdout.starts_with("{\n  \"encoding\": \"utf8\",\n"), "{}", clean.stdout);
        assert_eq!(r.stdout, clean.stdout.replacen("\"utf8\"", "\"utf16le\"", 1));
    }
    assert!(tifa(&["tag", "--help"], b"").stdout.contains("utf16le"));
}

/// Old Mac line ends: a report with lone CRs has as many paragraphs as with LF.
#[test]
fn lone_cr_line_ends_make_paragraphs() {
    let text = "一、抓党建\n全面落实第一议题制度，全年学习12次。\n二、谋发展\n推行河长制，完成瓶改管。\n";
    let lf = tifa(&["tag", "--format", "csv"], text.as_bytes());
    let cr = tifa(&["tag", "--format", "csv"], text.replace('\n', "\r").as_bytes());
    let rows = |s: &str| {
        s.lines()
            .map(|l| l.split(',').take(2).chain(l.split(',').skip(4)).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>()
    };
    assert_eq!(lf.stdout.lines().count(), 5);
    assert_eq!(rows(&cr.stdout), rows(&lf.stdout));
}

/// CSV cells that a spreadsheet would run as a formula start with `'`.
#[test]
fn csv_cells_are_not_formulas() {
    let text = "=HYPERLINK(\"http://example.org\")推行河长制。\n\n+1 推行河长制。\n\n-1 推行河长制。\n\n@SUM(1) 推行河长制。\n\n全面推行河长制。\n";
    let r = tifa(&["tag", "--format", "csv"], text.as_bytes());
    assert_eq!(r.code, 0);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let cells: Vec<String> = reader.records().map(|r| r.unwrap()[9].to_string()).collect();
    assert_eq!(
        cells,
        [
            "'=HYPERLINK(\"http://example.org\")推行河长制。",
            "'+1 推行河长制。",
            "'-1 推行河长制。",
            "'@SUM(1) 推行河长制。",
            "全面推行河长制。"
        ]
    );
    // the file name too
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("=cmd.txt");
    std::fs::write(&f, "推行河长制。").unwrap();
    let r = tifa(&["tag", "--format", "csv", f.to_str().unwrap()], b"");
    assert!(!r.stdout.lines().nth(1).unwrap().starts_with('='), "{}", r.stdout);
}

/// Past the input limit an input is refused with exit 65, and a batch goes on.
#[test]
fn inputs_past_the_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    // a sparse file: no disk used
    std::fs::File::create(&big).unwrap().set_len((256 << 20) + 1).unwrap();
    let c = dir.path().join("c.txt");
    std::fs::write(&c, "完成瓶改管。").unwrap();
    let r = tifa(&["tag", "--format", "csv", big.to_str().unwrap(), c.to_str().unwrap()], b"");
    assert_eq!(r.code, 65);
    assert!(r.stderr.contains("is larger than 256 MiB, the most tifa reads at once"), "{}", r.stderr);
    assert!(r.stdout.contains("瓶改管"));
}

/// Gold files: a BOM is dropped, bad bytes are placed (exit 65).
#[test]
fn gold_files_are_decoded_like_reports() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("g.jsonl");
    std::fs::write(
        &good,
        "\u{FEFF}{\"id\": \"1\", \"text\": \"推行河长制。\", \"themes\": [\"ecology_environment\"]}\n",
    )
    .unwrap();
    let r = tifa(&["eval", good.to_str().unwrap(), "--json"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let bad = dir.path().join("b.jsonl");
    std::fs::write(&bad, b"{\"id\": \"1\", \"text\": \"x\", \"themes\": []}\n{\"id\": \"\xFF\"}\n").unwrap();
    let r = tifa(&["eval", bad.to_str().unwrap()], b"");
    assert_eq!(r.code, 65);
    assert!(r.stderr.contains("is not valid UTF-8 text: byte 0xFF at byte 47 (line 2, column 9)"), "{}", r.stderr);
}

//! The command's edges with the outside: write failures, paths that cannot be read, the shape of JSON
//! output for one or several files, damaged input files, `explain` given a file, `gaps` with nothing
//! read.

mod common;

use std::process::{Command, Stdio};

use common::tifa;

/// Runs `tifa` with its standard output sent to `stdout`.
fn tifa_to(args: &[&str], stdout: Stdio) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tifa"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .expect("tifa runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stderr).into())
}

/// The README with its lines joined (a phrase may wrap).
fn readme() -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const SAMPLE: &str = "tests/fixtures/corpus/panyu-shawan-2023.txt";

/// A full disk is an I/O error (74, EX_IOERR) that says what could not be written, not a usage error.
#[test]
#[cfg(target_os = "linux")]
fn a_write_failure_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("r.jsonl");
    std::fs::write(&records, "{\"id\": 1, \"text\": \"推行河长制。\"}\n").unwrap();
    let records = records.to_str().unwrap();
    let runs: [&[&str]; 7] = [
        &["tag", SAMPLE],
        &["tag", "--format", "html", SAMPLE],
        &["tag", "--format", "json", SAMPLE],
        &["tag", "--format", "csv", SAMPLE, SAMPLE],
        &["tag", "--jsonl", records],
        &["themes"],
        &["explain", "全面推行河长制。"],
    ];
    for args in runs {
        let full = std::fs::OpenOptions::new().write(true).open("/dev/full").unwrap();
        let (code, stderr) = tifa_to(args, Stdio::from(full));
        assert_eq!(code, 74, "{args:?}: {stderr}");
        assert_eq!(
            stderr.lines().collect::<Vec<_>>(),
            ["error: cannot write standard output: No space left on device (os error 28)"],
            "{args:?}"
        );
    }
}

/// A reader that goes away (`tifa tag … | head`) ends the command quietly, exit 0.
#[test]
fn a_closed_pipe_is_quiet() {
    for args in [
        &["tag", "--format", "json", SAMPLE, SAMPLE, SAMPLE][..],
        &["tag", SAMPLE, SAMPLE, SAMPLE],
        &["tag", "--format", "csv", SAMPLE, SAMPLE, SAMPLE],
        &["tag", "--format", "csv", SAMPLE],
        &["tag", "--format", "html", SAMPLE, SAMPLE, SAMPLE],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_tifa"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // the output is larger than a pipe's buffer: tifa is blocked or not yet writing when the pipe closes
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    }
}

/// A `--rules` path (or a `check` path) that does not exist is a usage error like a missing input
/// file (2); a rule file that exists and is bad stays 78.
#[test]
fn a_rules_path_that_cannot_be_read_is_a_usage_error() {
    // (no standard input: tifa ends before it would read it)
    let r = tifa(&["tag", "--rules", "does/not/exist.toml"], b"");
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.starts_with("error: cannot read rules does/not/exist.toml: "), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    for args in [
        &["check", "does/not/exist"][..],
        &["themes", "--rules", "does/not/exist"],
        &["eval", "--rules", "nope/", "x.jsonl"],
    ] {
        assert_eq!(tifa(args, b"").code, 2, "{args:?}");
    }
    assert_eq!(tifa(&["tag", "--rules", "tests/golden/errors/unknown_keys.toml"], b"").code, 78);
    // the README says so
    let readme = readme();
    assert!(readme.contains("`2` usage (bad arguments, an input file or `--rules` path that cannot be read, a `--rules` folder without any `*.toml` file)"), "README exit codes");
}

/// `--format json`: one file argument gives the pretty contract object; several give one compact
/// object per line with `"file"`, however many of them could be read.
#[test]
fn json_shape_follows_the_file_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    std::fs::write(&a, "推行河长制。").unwrap();
    let missing = dir.path().join("missing.txt");
    let (a, missing) = (a.to_str().unwrap(), missing.to_str().unwrap());

    let one = tifa(&["tag", "--format", "json", a], b"");
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stdout.starts_with("{\n  \"encoding\": \"utf8\",\n  \"tifa\""), "{}", one.stdout);
    let v: serde_json::Value = serde_json::from_str(&one.stdout).unwrap();
    assert!(v.get("file").is_none(), "the single-file object is the contract object with its encoding");

    // two arguments, one readable: still JSON Lines
    let r = tifa(&["tag", "--format", "json", a, missing], b"");
    assert_eq!(r.code, 2);
    let lines: Vec<serde_json::Value> = r.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1, "{}", r.stdout);
    assert_eq!(lines[0]["file"], a);
    assert_eq!(lines[0]["encoding"], "utf8");
    let mut without = lines[0].clone();
    without.as_object_mut().unwrap().remove("file");
    assert_eq!(without, v);
    // "file" comes first, like "id" in --jsonl, then "encoding"
    assert!(
        r.stdout.starts_with(&format!("{{\"file\":{},\"encoding\":\"utf8\",\"tifa\"", serde_json::json!(a))),
        "{}",
        r.stdout
    );
    // the README documents the shape
    let readme = readme();
    assert!(readme.contains("one compact object per line with `\"file\"`"), "README JSON contract");
}

/// A UTF-8 file with a damaged byte: the error shows every undecodable byte there, and says the rest
/// is UTF-8 only when it is.
#[test]
fn damaged_utf8_is_reported_exactly() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.txt");
    let clean = "全面推行河长制，完成瓶改管。\n".repeat(40).into_bytes();
    // the middle byte of 推 (e6 8e a8 at 49..52, line 2, column 3)
    let mut once = clean.clone();
    once[50] = 0xFF;
    std::fs::write(&path, &once).unwrap();
    let r = tifa(&["tag", path.to_str().unwrap()], b"");
    assert_eq!(r.code, 65);
    assert_eq!(
        r.stderr.trim_end(),
        format!(
            "error: {} is not valid UTF-8 text: bytes 0xE6 0xFF 0xA8 at byte 49 (line 2, column 3) (the rest of the file is UTF-8: it is damaged there); --bad-bytes replace reads the bad bytes as U+FFFD",
            path.display()
        )
    );
    // a second damaged place further on: not "the rest is UTF-8"
    let mut twice = once.clone();
    twice[43 * 30 + 3] = 0xC0;
    std::fs::write(&path, &twice).unwrap();
    let r = tifa(&["tag", path.to_str().unwrap()], b"");
    assert_eq!(r.code, 65);
    assert_eq!(
        r.stderr.trim_end(),
        format!(
            "error: {} is not valid UTF-8 text: bytes 0xE6 0xFF 0xA8 at byte 49 (line 2, column 3) (the file is UTF-8 damaged in 2 places; the next is at byte 1293, line 31, column 2); --bad-bytes replace reads the bad bytes as U+FFFD",
            path.display()
        )
    );
    // --encoding utf8 names the whole bad sequence too
    let r = tifa(&["tag", "--encoding", "utf8"], &once);
    assert!(r.stderr.contains("bytes 0xE6 0xFF 0xA8 at byte 49 (line 2, column 3)"), "{}", r.stderr);
    // cut short inside its last character: not "the rest of the file"
    std::fs::write(&path, &clean[..clean.len() - 2]).unwrap();
    let r = tifa(&["tag", path.to_str().unwrap()], b"");
    assert_eq!(r.code, 65);
    assert!(
        r.stderr.contains(
            "bytes 0xE3 0x80 at byte 1716 (line 40, column 14) (the file ends inside a character: truncated?)"
        ),
        "{}",
        r.stderr
    );
}

/// `--bad-bytes replace` reads bad bytes as U+FFFD with one warning per file, in `tag`, `explain`,
/// `gaps` and `tag --jsonl`; a GBK file with a stray byte is placed where GB18030 fails.
#[test]
fn bad_bytes_replaced_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let clean = "全面推行河长制，完成瓶改管。\n".repeat(40);
    let utf8 = dir.path().join("damaged.txt");
    let mut once = clean.clone().into_bytes();
    once[50] = 0xFF;
    std::fs::write(&utf8, &once).unwrap();
    let (gbk, _, _) = encoding_rs::GB18030.encode(&clean);
    let gbk_path = dir.path().join("gbk.txt");
    std::fs::write(&gbk_path, [&gbk[..60], b"\xFF", &gbk[60..]].concat()).unwrap();
    let (u, g) = (utf8.to_str().unwrap(), gbk_path.to_str().unwrap());
    // (the warnings come in file order, whatever thread read each file)
    // refused: the GB18030 file at its own bad byte (line 3, column 2), not where UTF-8 failed
    let r = tifa(&["tag", g], b"");
    assert_eq!(r.code, 65);
    assert!(
        r.stderr.starts_with(&format!("error: {g} is not valid gb18030 text: byte 0xFF at byte 60 (line 3, column 2)")),
        "{}",
        r.stderr
    );
    for args in
        [vec!["tag", "--jobs", "2", "--bad-bytes", "replace", u, g], vec!["gaps", "--bad-bytes", "replace", u, g]]
    {
        let r = tifa(&args, b"");
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert_eq!(
            r.stderr.lines().collect::<Vec<_>>(),
            [
                format!(
                    "warning: {u}: 3 bad bytes in 1 place read as U+FFFD (UTF-8 text; the first: bytes 0xE6 0xFF 0xA8 at byte 49 (line 2, column 3))"
                ),
                format!(
                    "warning: {g}: 1 bad byte in 1 place read as U+FFFD (gb18030 text; the first: byte 0xFF at byte 60 (line 3, column 2))"
                ),
            ],
            "{args:?}"
        );
    }
    let r = tifa(&["tag", "--format", "csv", "--bad-bytes", "replace", u], b"");
    assert!(r.stdout.contains("全面\u{FFFD}\u{FFFD}\u{FFFD}行河长制"), "{}", r.stdout);
    // explain reads a file with --encoding and --bad-bytes as tag does
    let r = tifa(&["explain", "--bad-bytes", "replace", g], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("1 bad byte in 1 place read as U+FFFD"), "{}", r.stderr);
    let r = tifa(&["explain", "--encoding", "gb18030", "-"], &gbk);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("河长制"), "{}", r.stdout);
    // a --jsonl record: tagged, with a warning at its line
    let mut jsonl = b"{\"id\":1,\"text\":\"\xE6\xB2\xB3\xFF\xE9\x95\xBF\xE5\x88\xB6\"}\n".to_vec();
    jsonl.extend("{\"id\":2,\"text\":\"河长制\"}\n".as_bytes());
    let r = tifa(&["tag", "--jsonl"], &jsonl);
    assert_eq!((r.code, r.stdout.lines().count()), (65, 1), "{}", r.stderr);
    let r = tifa(&["tag", "--jsonl", "--bad-bytes", "replace"], &jsonl);
    assert_eq!((r.code, r.stdout.lines().count()), (0, 2), "{}", r.stderr);
    assert_eq!(
        r.stderr.trim_end(),
        "warning: stdin line 1, column 18: 1 bad byte in 1 place read as U+FFFD (UTF-8 text; the first: byte 0xFF at byte 19 of the line)"
    );
}

/// `tifa explain FILE`: an argument that names an existing file is that file, whatever its
/// characters; one that looks like a path and names nothing is an error, not text.
#[test]
fn explain_reads_a_file_it_is_given() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["sw.txt", "沙湾街道 2023 年工作总结.txt"] {
        let path = dir.path().join(name);
        std::fs::write(&path, "全年办结1310宗。").unwrap();
        let r = tifa(&["explain", path.to_str().unwrap()], b"");
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(r.stdout.contains("✗ higher_directives"), "{}", r.stdout);
        assert!(
            r.stderr.contains(&format!("note: explaining the text of the file {}", path.display())),
            "{}",
            r.stderr
        );
    }
    // a path that names nothing: exit 2, and how to explain it as text
    for arg in ["missing_report.txt".to_string(), dir.path().join("沙湾街道2023.txt").display().to_string()] {
        let r = tifa(&["explain", &arg], b"");
        assert_eq!(r.code, 2, "{arg}: {}", r.stdout);
        assert!(r.stdout.is_empty());
        assert_eq!(
            r.stderr.trim_end(),
            format!("error: no such file: {arg}; to explain this as text, pipe it in: echo '{arg}' | tifa explain -")
        );
    }
    // Chinese text is text
    let r = tifa(&["explain", "全年办结1310宗。"], b"");
    assert!(r.stdout.contains("✗ higher_directives") && r.stderr.is_empty(), "{}", r.stderr);
    // the help and the README say so
    let help = tifa(&["explain", "--help"], b"").stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(help.contains("names an existing file is that file, whatever its characters"), "{help}");
    assert!(readme().contains("names no file but looks like a path"), "README");
}

/// `tifa gaps` with no readable input prints no (empty) report.
#[test]
fn gaps_with_nothing_read_prints_no_report() {
    for args in [&["gaps", "does/not/exist.txt"][..], &["gaps", "--json", "does/not/exist.txt", "nor/this.txt"]] {
        let r = tifa(args, b"");
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stdout.is_empty(), "{args:?}: {}", r.stdout);
        assert!(r.stderr.contains("error: cannot read does/not/exist.txt"), "{}", r.stderr);
    }
}

/// A folder of rule files given as a report (`--rules` forgotten) gets a hint to pass it with
/// `--rules` (defect 21 of the maintainer's test); another folder, or a missing file, does not.
#[test]
fn a_rules_folder_given_as_input_gets_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("city_rules");
    let texts = dir.path().join("texts");
    std::fs::create_dir(&rules).unwrap();
    std::fs::create_dir(&texts).unwrap();
    std::fs::write(rules.join("youth_city.toml"), "name = \"青年\"\nterms = [\"青年驿站\"]\n").unwrap();
    std::fs::write(texts.join("a.txt"), "建成青年驿站。\n").unwrap();
    let missing = dir.path().join("missing.txt");
    let (rules, texts, missing) = (rules.to_str().unwrap(), texts.to_str().unwrap(), missing.to_str().unwrap());
    let hint = format!("help: {rules} holds rule files (*.toml): to use them as rules, write --rules {rules}");
    // a folder of reports is read (tag reads folders of *.txt, *.text, *.md)
    let cases: &[(&[&str], i32, bool)] = &[
        (&["tag", rules], 2, true),
        (&["gaps", rules], 2, true),
        (&["tag", texts], 0, false),
        (&["tag", missing], 2, false),
    ];
    for (args, code, hinted) in cases {
        let r = tifa(args, b"");
        assert_eq!(r.code, *code, "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.contains(&hint), *hinted, "{args:?}: {}", r.stderr);
    }
}

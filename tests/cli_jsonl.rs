//! `tifa tag --jsonl`: streams in other encodings, files as streams, and errors that say what is wrong
//! with a record (which field, which escape), each once, with its line and column.

mod common;

use common::tifa;
use serde_json::Value;

fn lines(stdout: &str) -> Vec<Value> {
    stdout.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

fn themes(v: &Value) -> Vec<&str> {
    v["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["themes"].as_array().unwrap().iter().map(|t| t["id"].as_str().unwrap()))
        .collect()
}

fn utf16(text: &str, le: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    for unit in std::iter::once(0xFEFF).filter(|_| bom).chain(text.encode_utf16()) {
        out.extend(if le { unit.to_le_bytes() } else { unit.to_be_bytes() });
    }
    out
}

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/jsonl");

/// `--encoding gb18030` decodes the stream (a GBK export from a Windows tool); a bad record is still
/// one error with its line and column.
#[test]
fn a_gb18030_stream_is_decoded_with_encoding() {
    let gbk = std::fs::read(format!("{FIXTURES}/gbk.jsonl")).unwrap();
    let r = tifa(&["tag", "--jsonl", "--encoding", "gb18030"], &gbk);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let out = lines(&r.stdout);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["id"], 1);
    assert_eq!(themes(&out[0]), ["ecology_environment"]);
    // without it: not UTF-8, and the error says how to read it
    let r = tifa(&["tag", "--jsonl"], &gbk);
    assert_eq!(r.code, 65);
    assert!(
        r.stderr.contains("stdin line 1, column 18: not valid UTF-8") && r.stderr.contains("--encoding gb18030"),
        "{}",
        r.stderr
    );
    // a record that is not GB18030 either, between two good ones
    let mut stream = encoding_rs::GB18030.encode("{\"id\": 1, \"text\": \"推行河长制\"}\n").0.into_owned();
    stream.extend(b"{\"id\": 2, \"text\": \"\x81\x20\"}\n");
    stream.extend(encoding_rs::GB18030.encode("{\"id\": 3, \"text\": \"完成瓶改管\"}\n").0.iter());
    let r = tifa(&["tag", "--jsonl", "--encoding", "gb18030", "--jobs", "2"], &stream);
    assert_eq!(r.code, 65);
    let ids: Vec<Value> = lines(&r.stdout).iter().map(|v| v["id"].clone()).collect();
    assert_eq!(ids, [1, 3]);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "error: stdin line 2, column 20: not valid gb18030: byte 0x81 at byte 19 of the line",
            "error: 1 input line(s) could not be read"
        ]
    );
}

/// A UTF-16 stream is read as one stream: with a byte-order mark, without one (recognised, or named
/// with --encoding), big- or little-endian; no spurious error for the line feed's second byte.
#[test]
fn a_utf16_stream_is_one_stream() {
    let u16 = std::fs::read(format!("{FIXTURES}/u16.jsonl")).unwrap();
    let r = tifa(&["tag", "--jsonl"], &u16);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.is_empty(), "{}", r.stderr);
    let out = lines(&r.stdout);
    assert_eq!((out.len(), &out[0]["id"]), (1, &Value::from(1)));
    assert_eq!(themes(&out[0]), ["ecology_environment"]);

    // 上 is 0x4E0A: a 0x0A byte that is no line feed; CRLF line ends
    let text = "{\"id\": \"a\", \"text\": \"上级推行河长制\"}\r\n\r\n{\"id\": \"b\", \"text\": \"完成瓶改管\"}\r\n";
    for (le, bom, args) in [
        (true, true, &[][..]),
        (false, true, &[]),
        (true, false, &[]),
        (false, false, &[]),
        (true, false, &["--encoding", "utf16le"]),
        (false, false, &["--encoding", "utf16be"]),
    ] {
        let mut all = vec!["tag", "--jsonl"];
        all.extend(args);
        let r = tifa(&all, &utf16(text, le, bom));
        assert_eq!(r.code, 0, "le {le} bom {bom}: {}", r.stderr);
        let out = lines(&r.stdout);
        assert_eq!(out.iter().map(|v| v["id"].as_str().unwrap()).collect::<Vec<_>>(), ["a", "b"], "le {le} bom {bom}");
        assert_eq!(themes(&out[1]), ["gas_pipeline"]);
        if !bom && args.is_empty() {
            assert!(r.stderr.contains("note: stdin has no byte-order mark; read as UTF-16"), "{}", r.stderr);
        } else {
            assert!(r.stderr.is_empty(), "{}", r.stderr);
        }
    }
    // a lone surrogate unit in the second record (raw UTF-16, not an escape): one error, the third is tagged
    let mut stream = utf16("{\"id\": 1, \"text\": \"河长制\"}\n{\"id\": 2, \"text\": \"", true, true);
    stream.extend([0x00, 0xD8]);
    stream.extend(utf16("\"}\n{\"id\": 3, \"text\": \"瓶改管\"}\n", true, false));
    let r = tifa(&["tag", "--jsonl"], &stream);
    assert_eq!(r.code, 65);
    assert_eq!(lines(&r.stdout).len(), 2);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "error: stdin line 2, column 20: not valid UTF-16LE: bytes 0x00 0xD8 at byte 38 of the line",
            "error: 1 input line(s) could not be read"
        ]
    );
}

/// Record errors say which field is wrong and what it was, with line and column.
#[test]
fn record_errors_name_the_field() {
    let input = concat!(
        "{\"id\":1,\"text\":\"推行河长制\"}\n",
        "{\"id\":4,\"text\":12345}\n",
        "{\"id\":\"x\",\"text\":null}\n",
        "[1,2,3]\n",
        "[1,\"推行河长制\"]\n",
        "{\"id\":5}\n",
        "{\"text\":\"a\"}\n",
        "  \"str\"\n",
        "{\"id\":6,\"text\":[\"a\"]}\n",
        "{\"id\":{\"text\":1}, \"text\" :  {}}\n",
        "{\"id\":7,\"text\":\"a\"\n",
    );
    let r = tifa(&["tag", "--jsonl"], input.as_bytes());
    assert_eq!(r.code, 65);
    assert_eq!(lines(&r.stdout).len(), 1);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "error: stdin line 2, column 16: field `text` must be a string (got a number)",
            "error: stdin line 3, column 18: field `text` must be a string (got null)",
            "error: stdin line 4, column 1: a record must be a JSON object with \"id\" and \"text\" (got an array)",
            "error: stdin line 5, column 1: a record must be a JSON object with \"id\" and \"text\" (got an array)",
            "error: stdin line 6, column 8: field `text` is missing (a record is a JSON object with \"id\" and \"text\")",
            "error: stdin line 7, column 12: field `id` is missing (a record is a JSON object with \"id\" and \"text\")",
            "error: stdin line 8, column 3: a record must be a JSON object with \"id\" and \"text\" (got a string)",
            "error: stdin line 9, column 16: field `text` must be a string (got an array)",
            "error: stdin line 10, column 29: field `text` must be a string (got an object)",
            "error: stdin line 11, column 19: EOF while parsing an object",
            "error: 10 input line(s) could not be read",
        ]
    );
}

/// A lone surrogate escape (`\ud800`, left by text cut inside an emoji) becomes U+FFFD with a warning;
/// the record is tagged, and UTF-16 offsets stay those of the original.
#[test]
fn a_lone_surrogate_escape_is_replaced_with_a_warning() {
    let input = "{\"id\":1,\"text\":\"x\\ud800推行河长制\"}\n{\"id\":2,\"text\":\"\\\\ud800 \\udc00\\ud83d\\ude00河长制\\ud83d\"}\n";
    let r = tifa(&["tag", "--jsonl"], input.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        r.stderr.lines().collect::<Vec<_>>(),
        [
            "warning: stdin line 1, column 18: lone surrogate \\ud800 (not valid Unicode), read as U+FFFD",
            "warning: stdin line 2, column 25: lone surrogate \\udc00 (not valid Unicode), read as U+FFFD",
            "warning: stdin line 2, column 46: lone surrogate \\ud83d (not valid Unicode), read as U+FFFD",
        ]
    );
    let out = lines(&r.stdout);
    assert_eq!(out.len(), 2);
    // a record bad for another reason too is one error, that one
    let r = tifa(&["tag", "--jsonl"], b"{\"id\":1,\"text\":\"x\\ud800y\"\n");
    assert_eq!(r.code, 65);
    assert_eq!(r.stderr.lines().next(), Some("error: stdin line 1, column 26: EOF while parsing an object"));
    let m = &out[0]["paragraphs"][0]["matches"][0];
    assert_eq!(
        (m["term"].as_str(), m["utf16_start"].as_u64(), m["start"].as_u64()),
        (Some("河长制"), Some(4), Some(4))
    );
    let m = &out[1]["paragraphs"][0]["matches"][0];
    // `\ud800 ` (escaped backslash: text), U+FFFD, 😀 (two units), then 河长制
    assert_eq!((m["utf16_start"].as_u64(), m["start"].as_u64()), (Some(10), Some(9)));
}

/// `tifa tag --jsonl FILE…` reads each file as a stream, in order; a file that cannot be read is
/// reported (exit 2) and the others are tagged; errors name the file.
#[test]
fn jsonl_files_are_streams() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.jsonl");
    let b = dir.path().join("b.jsonl");
    std::fs::write(&a, "{\"id\": \"a1\", \"text\": \"推行河长制。\"}\n{\"id\": \"a2\", \"text\": \"\"}\n").unwrap();
    std::fs::write(&b, utf16("{\"id\": \"b1\", \"text\": \"完成瓶改管。\"}\nnot json\n", true, true)).unwrap();
    let missing = dir.path().join("missing.jsonl");
    let (a, b, missing) = (a.to_str().unwrap(), b.to_str().unwrap(), missing.to_str().unwrap());
    for jobs in ["1", "3"] {
        let r = tifa(
            &["tag", "--jsonl", "--jobs", jobs, a, missing, b, "-"],
            "{\"id\": \"s1\", \"text\": \"x\"}\n".as_bytes(),
        );
        assert_eq!(r.code, 2, "{}", r.stderr);
        let ids: Vec<Value> = lines(&r.stdout).iter().map(|v| v["id"].clone()).collect();
        assert_eq!(ids, ["a1", "a2", "b1", "s1"]);
        let errors: Vec<&str> = r.stderr.lines().collect();
        assert!(errors[0].starts_with(&format!("error: cannot read {missing}: ")), "{errors:?}");
        assert_eq!(
            errors[1..],
            [
                format!("error: {b} line 2, column 2: expected ident"),
                "error: 1 input line(s) could not be read".into(),
                "error: 1 of 4 inputs could not be read".into()
            ]
        );
    }
    let r = tifa(&["tag", "--jsonl", a], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(lines(&r.stdout).len(), 2);
    // the usage line and the help agree
    assert!(tifa(&["tag", "--help"], b"").stdout.contains("--jsonl"));
    assert_eq!(tifa(&["tag", "--jsonl", "--format", "csv"], b"").code, 2);
}

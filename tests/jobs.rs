//! `tifa tag --jobs N`: several threads give the output of one, byte for byte and in input order,
//! for `--jsonl` batches (bad lines included) and for several files.

mod common;

use std::process::{Command, Stdio};

use common::{tifa, Run};

/// Runs `tifa` with standard input read from a file: a batch larger than a pipe's buffer would
/// block the writing test while tifa blocks on its full output.
fn tifa_file_stdin(args: &[&str], stdin: &str) -> Run {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, stdin).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_tifa"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::from(std::fs::File::open(&path).unwrap()))
        .output()
        .expect("tifa runs");
    Run { code: out.status.code().unwrap_or(-1), stdout: String::from_utf8_lossy(&out.stdout).into(), stderr: String::from_utf8_lossy(&out.stderr).into() }
}

/// Records of very different sizes, so that later ones often finish before earlier ones.
fn batch() -> String {
    let sample = include_str!("fixtures/corpus/panyu-shawan-2023.txt");
    let paragraphs: Vec<&str> = sample.lines().filter(|l| !l.trim().is_empty()).collect();
    let mut out = String::new();
    for i in 0..300 {
        let n = if i % 10 == 0 { paragraphs.len() } else { 1 + i % 3 };
        let text: Vec<&str> = paragraphs.iter().cycle().skip(i).take(n).copied().collect();
        out.push_str(&serde_json::json!({"id": i, "text": text.join("\n")}).to_string());
        out.push('\n');
        if i == 150 {
            out.push_str("not json\n\n");
        }
    }
    out
}

#[test]
fn jsonl_jobs_keep_order_and_errors() {
    let input = batch();
    let one = tifa_file_stdin(&["tag", "--jsonl", "--jobs", "1"], &input);
    assert_eq!(one.code, 65, "{}", one.stderr);
    assert_eq!(one.stdout.lines().count(), 300);
    assert!(one.stderr.contains("stdin line 152"), "{}", one.stderr);
    for jobs in ["2", "3", "8"] {
        let many = tifa_file_stdin(&["tag", "--jsonl", "--jobs", jobs], &input);
        assert_eq!(many.code, one.code);
        assert!(many.stdout == one.stdout, "--jobs {jobs} changed the output");
        assert_eq!(many.stderr, one.stderr);
    }
}

#[test]
fn files_jobs_keep_order() {
    let files: Vec<String> = std::fs::read_dir("tests/fixtures/corpus")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| p.display().to_string())
        .collect();
    let mut args: Vec<&str> = vec!["tag"];
    // each file three times, and one that cannot be read near the end
    for _ in 0..3 {
        args.extend(files.iter().map(String::as_str));
    }
    for format in ["csv", "json", "text"] {
        let mut a = args.clone();
        a.extend(["--format", format]);
        let one = tifa(&[&a[..], &["--jobs", "1"]].concat(), b"");
        assert_eq!(one.code, 0, "{}", one.stderr);
        let many = tifa(&[&a[..], &["--jobs", "3"]].concat(), b"");
        assert!(many.stdout == one.stdout, "--jobs 3 changed the {format} output");
    }
    let mut a = args.clone();
    a.insert(a.len() - 2, "no/such/file.txt");
    let one = tifa(&[&a[..], &["--format", "csv", "--jobs", "1"]].concat(), b"");
    let many = tifa(&[&a[..], &["--format", "csv", "--jobs", "3"]].concat(), b"");
    assert_eq!(one.code, 2);
    assert_eq!((many.code, &many.stdout, &many.stderr), (one.code, &one.stdout, &one.stderr));
}

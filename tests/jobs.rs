//! `tifa tag --jobs N`: several threads give the output of one, byte for byte and in input order,
//! for `--jsonl` batches (bad lines included) and for several files.

mod common;

use std::process::{Command, Stdio};

use common::{Run, tifa};

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
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
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

/// CSV and summary CSV over a folder of several files on several threads: the output of one thread,
/// byte for byte — one header (with `--bom` the mark once), before the first file that could be read,
/// here after a damaged one — the same notes and errors, the same exit code.
#[test]
fn csv_over_a_folder_on_several_threads() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus");
    let mut damaged = std::fs::read(corpus.join("panyu-shawan-2023.txt")).unwrap();
    damaged[50] = 0xFF;
    std::fs::write(dir.path().join("0-damaged.txt"), damaged).unwrap();
    for (i, e) in std::fs::read_dir(&corpus).unwrap().enumerate() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "txt") {
            for copy in 0..3 {
                std::fs::copy(
                    &path,
                    dir.path().join(format!("{copy}-{i}-{}", path.file_name().unwrap().to_str().unwrap())),
                )
                .unwrap();
            }
        }
    }
    std::fs::write(dir.path().join("1-empty.txt"), "").unwrap();
    let folder = dir.path().to_str().unwrap();
    for format in [
        &["--format", "csv"][..],
        &["--format", "summary-csv"],
        &["--format", "csv", "--bom"],
        &["--format", "summary-csv", "--no-formula-guard"],
        &["--format", "terms-csv", "--bom"],
    ] {
        let args = [&["tag", folder][..], format].concat();
        let one = tifa(&[&args[..], &["--jobs", "1"]].concat(), b"");
        assert_eq!(one.code, 65, "{format:?}: {}", one.stderr);
        assert!(
            one.stderr.contains("0-damaged.txt is not valid UTF-8") && one.stderr.contains("1-empty.txt is empty"),
            "{}",
            one.stderr
        );
        let header = if format[1] == "csv" { "file,paragraph," } else { "file,theme," };
        assert_eq!(one.stdout.matches(header).count(), 1, "{format:?}");
        assert!(one.stdout.trim_start_matches('\u{FEFF}').starts_with(header), "{format:?}");
        assert!(one.stdout.lines().count() > 100, "{format:?}");
        for jobs in ["2", "3"] {
            let many = tifa(&[&args[..], &["--jobs", jobs]].concat(), b"");
            assert!(many.stdout == one.stdout, "--jobs {jobs} changed the {format:?} output");
            assert_eq!((many.code, &many.stderr), (one.code, &one.stderr), "--jobs {jobs} {format:?}");
        }
    }
}

/// `--jobs` far past what the machine can run is capped (4 per core, and for files the number of
/// files), and when the system starts no thread at all the work is done on the calling thread: the
/// output of one job, never a panic. (A minimum stack larger than the address space makes every
/// thread fail to start.)
#[test]
fn jobs_past_what_can_be_started_do_not_panic() {
    let input = batch();
    let one = tifa_file_stdin(&["tag", "--jsonl", "--jobs", "1"], &input);
    let sample = "tests/fixtures/corpus/panyu-shawan-2023.txt";
    let files_one = tifa(&["tag", "--format", "json", "--jobs", "1", sample, sample, sample], b"");
    let dir = tempfile::tempdir().unwrap();
    let records = dir.path().join("in.jsonl");
    std::fs::write(&records, &input).unwrap();
    for jobs in ["20000", "100000", "18446744073709551615"] {
        let many = tifa_file_stdin(&["tag", "--jsonl", "--jobs", jobs], &input);
        assert_eq!(many.code, one.code, "--jobs {jobs}: {}", many.stderr);
        assert!(many.stdout == one.stdout, "--jobs {jobs} changed the output");
        let files = tifa(&["tag", "--format", "json", "--jobs", jobs, sample, sample, sample], b"");
        assert_eq!((files.code, &files.stdout), (0, &files_one.stdout), "--jobs {jobs}: {}", files.stderr);
    }
    for args in
        [&["tag", "--jsonl", "--jobs", "4"][..], &["tag", "--format", "json", "--jobs", "4", sample, sample, sample]]
    {
        let out = Command::new(env!("CARGO_BIN_EXE_tifa"))
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("RUST_MIN_STACK", (1u64 << 50).to_string())
            .stdin(Stdio::from(std::fs::File::open(&records).unwrap()))
            .output()
            .unwrap();
        let want = if args.contains(&"--jsonl") { &one } else { &files_one };
        assert_eq!(out.status.code(), Some(want.code), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        assert!(out.stdout == want.stdout.as_bytes(), "{args:?}: no thread started changed the output");
    }
}

//! Golden files: the output of the `tifa` command on the sample reports and on bad rule files, kept as
//! readable files under `tests/golden/`. A change in output fails the test with a diff-like message;
//! when the change is intended, re-bless the files and review them with `git diff`:
//!
//! ```text
//! TIFA_BLESS=1 cargo test --test golden
//! ```

mod common;

use std::path::{Path, PathBuf};

use common::tifa;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the golden file, or writes it when blessing (the shared helper).
fn golden(path: &Path, actual: &str) -> Option<String> {
    common::golden(path, actual, "golden")
}

/// The files of `dir` (relative to the package root) ending in `.ext`, sorted.
fn files(dir: &str, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(root().join(dir))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

fn samples() -> Vec<PathBuf> {
    let v = files("tests/fixtures/corpus", "txt");
    assert_eq!(v.len(), 4, "the four sample reports");
    v
}

#[test]
fn tag_sample_reports() {
    let mut failures = Vec::new();
    for sample in samples() {
        let stem = sample.file_stem().unwrap().to_str().unwrap();
        let rel = format!("tests/fixtures/corpus/{stem}.txt");
        let text = tifa(&["tag", "--color", "never", &rel], b"");
        assert_eq!(text.code, 0, "{}", text.stderr);
        failures.extend(golden(&root().join(format!("tests/golden/{stem}.txt")), &text.stdout));
        let json = tifa(&["tag", "--format", "json", &rel], b"");
        assert_eq!(json.code, 0, "{}", json.stderr);
        failures.extend(golden(&root().join(format!("tests/golden/{stem}.json")), &json.stdout));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn bad_rule_files() {
    let mut failures = Vec::new();
    let cases = files("tests/golden/errors", "toml");
    assert!(cases.len() >= 4);
    for case in cases {
        let stem = case.file_stem().unwrap().to_str().unwrap();
        let rel = format!("tests/golden/errors/{stem}.toml");
        let run = tifa(&["check", "--no-default-rules", &rel], b"");
        let actual = format!("exit code: {}\n--- stdout\n{}--- stderr\n{}", run.code, run.stdout, run.stderr);
        failures.extend(golden(&root().join(format!("tests/golden/errors/{stem}.out")), &actual));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `tifa diff`: the sample reports under the default rules and under an overlay that adds a theme,
/// switches one off and removes a term; text and JSON.
#[test]
fn diff_sample_reports() {
    let mut failures = Vec::new();
    let mut args = vec!["diff", "--rules", "tests/golden/diff/rules"];
    let samples: Vec<String> = samples()
        .iter()
        .map(|p| format!("tests/fixtures/corpus/{}", p.file_name().unwrap().to_str().unwrap()))
        .collect();
    args.extend(samples.iter().map(String::as_str));
    let text = tifa(&args, b"");
    assert_eq!(text.code, 1, "paragraphs changed: {}", text.stderr);
    failures.extend(golden(&root().join("tests/golden/diff/samples.txt"), &text.stdout));
    args.push("--json");
    let json = tifa(&args, b"");
    assert_eq!(json.code, 1, "{}", json.stderr);
    failures.extend(golden(&root().join("tests/golden/diff/samples.json"), &json.stdout));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

//! The bad-rule catalogue: every file of `tests/bad-rules/` is a rule file with one kind of mistake
//! (or several), and `tests/bad-rules/NAME.txt` is what `tifa check` says about it — every error with
//! file, line and column (characters, after tabs, wide characters, a BOM or CRLF line ends), the
//! source line and a caret, exit code 78. A folder case is checked as one `--rules` folder. When
//! the output changes on purpose, re-bless the files and review them with `git diff`:
//!
//! ```text
//! TIFA_BLESS=1 cargo test --test bad_rules
//! ```

mod common;

use std::path::{Path, PathBuf};

use common::{golden, tifa};

const DIR: &str = "tests/bad-rules";

/// The cases: `*.toml` files and folders, by name.
fn cases() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(DIR))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "toml"))
        .collect();
    v.sort();
    v
}

fn check(rel: &str) -> common::Run {
    tifa(&["check", "--no-default-rules", rel], b"")
}

/// `N errors in rule files`: the N.
fn count(stderr: &str) -> usize {
    let last = stderr.lines().last().unwrap_or("");
    last.split(' ').next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("no count line in:\n{stderr}"))
}

#[test]
fn each_case_has_its_golden_errors() {
    let cases = cases();
    assert!(cases.len() >= 30, "{} cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_str().unwrap();
        let rel = format!("{DIR}/{name}");
        let run = check(&rel);
        assert_eq!(run.code, 78, "{rel}: exit code\n{}{}", run.stdout, run.stderr);
        assert!(run.stdout.is_empty(), "{rel}: {}", run.stdout);
        assert!(!run.stderr.contains("panicked"), "{rel}: {}", run.stderr);
        let stem = name.strip_suffix(".toml").unwrap_or(name);
        let actual = format!("$ tifa check --no-default-rules {rel}\nexit code: {}\n{}", run.code, run.stderr);
        failures.extend(golden(&Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("{DIR}/{stem}.txt")), &actual, "bad_rules"));
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// All the files in one run: every error of every file is reported together, none hidden by another
/// file's (a non-UTF-8 file, a folder named `x.toml`), in file order.
#[test]
fn one_run_reports_every_error_of_every_file() {
    let files: Vec<PathBuf> = cases().into_iter().filter(|p| p.is_file()).collect();
    let run = check(DIR);
    assert_eq!(run.code, 78);
    let mut expected = 0;
    for f in &files {
        let one = check(&format!("{DIR}/{}", f.file_name().unwrap().to_str().unwrap()));
        expected += count(&one.stderr);
        // each error block of the file's own run is in the joint run
        for block in one.stderr.split("\n\n").filter(|b| b.starts_with("error")) {
            assert!(run.stderr.contains(block), "missing from the joint run:\n{block}");
        }
    }
    assert_eq!(count(&run.stderr), expected, "{}", run.stderr);
}

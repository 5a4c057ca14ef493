//! Helpers shared by the integration tests (each test file that needs them declares `mod common;`).
#![allow(dead_code)] // every test file uses only some of them

use std::io::Write;
use std::process::{Command, Stdio};

use tifa::{RuleSet, Tagger};

/// What a run of the `tifa` command gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the `tifa` binary in the project root with `stdin` as its input, colours off.
pub fn tifa(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tifa"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tifa starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
}

/// A tagger from the given `(file name, TOML)` rule files alone, without the default rules.
pub fn tagger(rules: &[(&str, &str)]) -> Tagger {
    let mut b = RuleSet::builder().defaults(false);
    for (name, text) in rules {
        b = b.source(*name, *text);
    }
    Tagger::new(b.build().unwrap_or_else(|e| panic!("{}", e.render())))
}

/// Compares `actual` with the golden file `path`, or writes the file when `TIFA_BLESS` is set (then
/// review the change with `git diff`). Returns a failure message naming the first differing line.
pub fn golden(path: &std::path::Path, actual: &str, test: &str) -> Option<String> {
    if std::env::var_os("TIFA_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, actual).unwrap();
        return None;
    }
    let expected = std::fs::read_to_string(path).unwrap_or_default();
    if expected == actual {
        return None;
    }
    let (e, a): (Vec<_>, Vec<_>) = (expected.lines().collect(), actual.lines().collect());
    let first = e.iter().zip(&a).position(|(x, y)| x != y).unwrap_or(e.len().min(a.len()));
    Some(format!(
        "{} differs from the output at line {} (re-bless with TIFA_BLESS=1 cargo test --test {test}):\n  expected: {}\n  actual:   {}",
        path.display(),
        first + 1,
        e.get(first).unwrap_or(&"<end of file>"),
        a.get(first).unwrap_or(&"<end of output>")
    ))
}

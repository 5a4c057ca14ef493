//! The command's edges with the outside: write failures, paths that cannot be read, the shape of JSON
//! output for one or several files, damaged input files, `explain` given a file, `gaps` with nothing
//! read.

mod common;

use common::tifa;

/// The README with its lines joined (a phrase may wrap).
fn readme() -> String {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `--rules` path (or a `check` path) that does not exist is a usage error like a missing input
/// file (2); a rule file that exists and is bad stays 78.
#[test]
fn a_rules_path_that_cannot_be_read_is_a_usage_error() {
    let r = tifa(&["tag", "--rules", "does/not/exist.toml"], "推行河长制。".as_bytes());
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.starts_with("error: cannot read rules does/not/exist.toml: "), "{}", r.stderr);
    assert!(r.stdout.is_empty());
    for args in [&["check", "does/not/exist"][..], &["themes", "--rules", "does/not/exist"], &["eval", "--rules", "nope/", "x.jsonl"]] {
        assert_eq!(tifa(args, b"").code, 2, "{args:?}");
    }
    assert_eq!(tifa(&["tag", "--rules", "tests/golden/errors/unknown_keys.toml"], "推行河长制。".as_bytes()).code, 78);
    // the README says so
    let readme = readme();
    assert!(readme.contains("`2` usage (bad arguments, an input file or `--rules` path that cannot be read)"), "README exit codes");
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

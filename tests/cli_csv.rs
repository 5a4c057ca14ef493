//! CSV output for spreadsheets and for programs: the byte-order mark Excel needs, and the formula
//! guard that can be switched off.

mod common;

use common::tifa;

const TEXT: &str = "=HYPERLINK(\"http://example.org\")推行河长制。\n\n-1 推行河长制。\n\n全面推行河长制。\n";

fn cells(csv_text: &str, column: usize) -> Vec<String> {
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    reader.records().map(|r| r.unwrap()[column].to_string()).collect()
}

#[test]
fn bom_for_excel() {
    let plain = tifa(&["tag", "--format", "csv"], TEXT.as_bytes());
    let r = tifa(&["tag", "--format", "csv", "--bom"], TEXT.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stdout, format!("\u{FEFF}{}", plain.stdout));
    // one mark for the whole output, however many files
    let sample = "tests/fixtures/corpus/panyu-shawan-2023.txt";
    let r = tifa(&["tag", "--format", "csv", "--bom", sample, sample], b"");
    assert_eq!(r.stdout.matches('\u{FEFF}').count(), 1);
    assert!(r.stdout.starts_with("\u{FEFF}file,paragraph,"));
    // only for CSV
    for args in [&["tag", "--bom"][..], &["tag", "--format", "json", "--bom"], &["tag", "--jsonl", "--bom"], &["tag", "--format", "html", "--no-formula-guard"]] {
        let r = tifa(args, TEXT.as_bytes());
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains("is an option of CSV output"), "{}", r.stderr);
    }
    let help = tifa(&["tag", "--help"], b"").stdout;
    assert!(help.contains("--bom") && help.contains("--no-formula-guard"), "{help}");
}

#[test]
fn the_formula_guard_can_be_switched_off() {
    let guarded = tifa(&["tag", "--format", "csv"], TEXT.as_bytes());
    assert_eq!(cells(&guarded.stdout, 9), ["'=HYPERLINK(\"http://example.org\")推行河长制。", "'-1 推行河长制。", "全面推行河长制。"]);
    let r = tifa(&["tag", "--format", "csv", "--no-formula-guard"], TEXT.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(cells(&r.stdout, 9), ["=HYPERLINK(\"http://example.org\")推行河长制。", "-1 推行河长制。", "全面推行河长制。"]);
    // the file column too: it joins with the paths again
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("-2025天津.txt");
    std::fs::write(&f, "推行河长制。").unwrap();
    let f = f.to_str().unwrap();
    let guarded = tifa(&["tag", "--format", "csv", "--", f], b"");
    assert_eq!(cells(&guarded.stdout, 0), [f.to_string()], "an absolute path does not start with -");
    let rel = tifa(&["tag", "--format", "csv", "--", "-2025天津.txt"], b"");
    assert_eq!(rel.code, 2, "no such file here");
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_tifa"))
        .args(["tag", "--format", "csv", "--no-formula-guard", "--", "-2025天津.txt", "./-2025天津.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(cells(&String::from_utf8(r.stdout).unwrap(), 0), ["-2025天津.txt", "./-2025天津.txt"]);
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_tifa")).args(["tag", "--format", "csv", "--", "-2025天津.txt"]).current_dir(dir.path()).output().unwrap();
    assert_eq!(cells(&String::from_utf8(r.stdout).unwrap(), 0), ["'-2025天津.txt"]);
}

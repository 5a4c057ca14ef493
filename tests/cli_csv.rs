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
    for args in [
        &["tag", "--bom"][..],
        &["tag", "--format", "json", "--bom"],
        &["tag", "--jsonl", "--bom"],
        &["tag", "--format", "html", "--no-formula-guard"],
        &["tag", "--format", "json", "--no-cell-limit"],
    ] {
        // (no standard input: tifa ends before it would read it)
        let r = tifa(args, b"");
        assert_eq!(r.code, 2, "{args:?}");
        assert!(r.stderr.contains("is an option of CSV output"), "{}", r.stderr);
    }
    // --no-cell-limit: --format csv only (summary-csv and terms-csv have no cell it would cut)
    for format in ["summary-csv", "terms-csv"] {
        let r = tifa(&["tag", "--format", format, "--no-cell-limit"], b"");
        assert_eq!(r.code, 2, "{format}");
        assert!(r.stderr.contains("--no-cell-limit is an option of --format csv only"), "{}", r.stderr);
    }
    let help = tifa(&["tag", "--help"], b"").stdout;
    assert!(
        help.contains("--bom") && help.contains("--no-formula-guard") && help.contains("--no-cell-limit"),
        "{help}"
    );
}

#[test]
fn the_formula_guard_can_be_switched_off() {
    let guarded = tifa(&["tag", "--format", "csv"], TEXT.as_bytes());
    assert_eq!(
        cells(&guarded.stdout, 9),
        ["'=HYPERLINK(\"http://example.org\")推行河长制。", "'-1 推行河长制。", "全面推行河长制。"]
    );
    let r = tifa(&["tag", "--format", "csv", "--no-formula-guard"], TEXT.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        cells(&r.stdout, 9),
        ["=HYPERLINK(\"http://example.org\")推行河长制。", "-1 推行河长制。", "全面推行河长制。"]
    );
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
    let r = std::process::Command::new(env!("CARGO_BIN_EXE_tifa"))
        .args(["tag", "--format", "csv", "--", "-2025天津.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(cells(&String::from_utf8(r.stdout).unwrap(), 0), ["'-2025天津.txt"]);
}

/// `--format summary-csv`: one row per file and theme, the JSON's summary as a table, with the
/// file's counts, its encoding and the rules hash; one header; an empty file keeps its rows (zeros).
#[test]
fn summary_csv_is_the_json_summary() {
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let sample = "tests/fixtures/corpus/panyu-shawan-2023.txt";
    let files = [sample, empty.to_str().unwrap()];
    let json = tifa(&[&["tag", "--format", "jsonl"][..], &files].concat(), b"");
    let r = tifa(&[&["tag", "--format", "summary-csv", "--bom"][..], &files].concat(), b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let body = r.stdout.strip_prefix('\u{FEFF}').expect("--bom");
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "file", "theme", "name", "paragraphs", "matches", "share", "content_paragraphs", "tagged_paragraphs",
            "encoding", "rules"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut want = Vec::new();
    for line in json.stdout.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let s = &v["summary"];
        for (id, t) in s["themes"].as_object().unwrap() {
            want.push(vec![
                v["file"].as_str().unwrap().to_string(),
                id.clone(),
                t["name"].as_str().unwrap().to_string(),
                t["paragraphs"].to_string(),
                t["matches"].to_string(),
                t["share"].to_string(),
                s["content_paragraphs"].to_string(),
                s["tagged_paragraphs"].to_string(),
                v["encoding"].as_str().unwrap().to_string(),
                v["rules"]["hash"].as_str().unwrap().to_string(),
            ]);
        }
    }
    let got: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(str::to_string).collect()).collect();
    // (serde_json writes a share of 0 as 0.0, the CSV as 0)
    let want: Vec<Vec<String>> =
        want.into_iter().map(|r| r.into_iter().map(|c| if c == "0.0" { "0".into() } else { c }).collect()).collect();
    assert_eq!(got, want);
    assert_eq!(got.len(), 48, "24 themes per file, the empty file too");
}

/// The paragraph CSV gives each paragraph's offsets as the JSON does: chars (`start`, `end`), UTF-8
/// bytes and UTF-16 units (the last four columns, after those that were there before them). 𠮷
/// (U+20BB7: one char, four bytes, two UTF-16 units) before and in the paragraphs makes all three
/// differ.
#[test]
fn paragraph_offsets_in_chars_bytes_and_utf16() {
    let text = "𠮷\n\n全面推行河长制。\n\n𠮷𠮷推行河长制。\n";
    let r = tifa(&["tag", "--format", "csv"], text.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "file", "paragraph", "start", "end", "kind", "part", "section", "themes", "terms", "text", "byte_start",
            "byte_end", "utf16_start", "utf16_end"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // (paragraph, text, start, end, byte_start, byte_end, utf16_start, utf16_end)
    let want: [(&str, &str, [usize; 6]); 3] = [
        ("0", "𠮷", [0, 1, 0, 4, 0, 2]),
        ("1", "全面推行河长制。", [3, 11, 6, 30, 4, 12]),
        ("2", "𠮷𠮷推行河长制。", [13, 21, 32, 58, 14, 24]),
    ];
    assert_eq!(rows.len(), want.len(), "{}", r.stdout);
    let json: serde_json::Value =
        serde_json::from_str(&tifa(&["tag", "--format", "json"], text.as_bytes()).stdout).unwrap();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for (row, (paragraph, slice, offsets)) in rows.iter().zip(want) {
        assert_eq!((&row[1], &row[9]), (paragraph, slice));
        let got: Vec<usize> = [2, 3, 10, 11, 12, 13].iter().map(|&c| row[c].parse().unwrap()).collect();
        assert_eq!(got, offsets, "paragraph {paragraph}");
        // each pair slices the paragraph's text out of the input, and they are the JSON's
        let [start, end, byte_start, byte_end, utf16_start, utf16_end] = offsets;
        assert_eq!(text.chars().skip(start).take(end - start).collect::<String>(), slice);
        assert_eq!(&text[byte_start..byte_end], slice);
        assert_eq!(String::from_utf16(&utf16[utf16_start..utf16_end]).unwrap(), slice);
        let p = &json["paragraphs"][paragraph.parse::<usize>().unwrap()];
        let from_json: Vec<usize> = ["start", "end", "byte_start", "byte_end", "utf16_start", "utf16_end"]
            .iter()
            .map(|k| p[k].as_u64().unwrap() as usize)
            .collect();
        assert_eq!(from_json, offsets);
    }
}

/// A `text` cell longer than a spreadsheet cell holds (Excel: 32,767 characters, counted in UTF-16
/// units) is cut to fit and marked at its end, with a warning naming the file and paragraph; the exit
/// code stays 0, and `--no-cell-limit` (for programs) writes it whole without a word. The option is
/// its own: `--no-formula-guard` alone still cuts (without the guard's quote), and the two together
/// write the cell as it is. 𠮷 is two units: 16,384 of them are over the limit.
#[test]
fn overlong_cells_are_cut_for_spreadsheets() {
    const LIMIT: usize = 32_767;
    let push = "推".repeat(32_743);
    // (case, text, the guarded cell: None when it is the text as it is)
    let cases: [(&str, String, Option<String>); 5] = [
        ("at the limit", "推".repeat(LIMIT), None),
        ("one over", "推".repeat(LIMIT + 1), Some(format!("{push}…[cut: 32768 characters]"))),
        ("beyond the BMP", "𠮷".repeat(16_384), Some(format!("{}…[cut: 16384 characters]", "𠮷".repeat(16_371)))),
        (
            "over with the guard's quote",
            format!("={}", "推".repeat(LIMIT - 1)),
            Some(format!("'={}…[cut: 32767 characters]", "推".repeat(32_741))),
        ),
        ("short", "全面推行河长制。".to_string(), None),
    ];
    for (case, text, cut) in cases {
        let r = tifa(&["tag", "--format", "csv"], text.as_bytes());
        assert_eq!(r.code, 0, "{case}: {}", r.stderr);
        let cell = cells(&r.stdout, 9);
        assert_eq!(cell.len(), 1, "{case}: one paragraph");
        let warned = r.stderr.clone();
        match &cut {
            Some(want) => {
                assert!(
                    cell[0] == *want,
                    "{case}: {} chars, ends {:?}",
                    cell[0].chars().count(),
                    cell[0].chars().rev().take(30).collect::<String>()
                );
                let units = cell[0].encode_utf16().count();
                assert!((LIMIT - 1..=LIMIT).contains(&units), "{case}: {units} UTF-16 units");
                let chars = text.chars().count();
                assert_eq!(
                    r.stderr.trim_end(),
                    format!(
                        "warning: <stdin>, paragraph 0: its text ({chars} characters) is longer than a spreadsheet cell holds (Excel: 32767); \
                         the cell is cut to fit and ends with \"…[cut: {chars} characters]\" (the JSON, or --no-cell-limit, has it whole)"
                    ),
                    "{case}"
                );
            }
            None => {
                let guarded = if text.starts_with('=') { format!("'{text}") } else { text.clone() };
                assert!(cell[0] == guarded, "{case}");
                assert_eq!(r.stderr, "", "{case}");
            }
        }
        // the offsets still give the whole paragraph
        let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!((&row[2], &row[3]), ("0", &*text.chars().count().to_string()), "{case}");
        // no cell limit: whole, no warning, the formula guard kept
        let r = tifa(&["tag", "--format", "csv", "--no-cell-limit"], text.as_bytes());
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{case}");
        let guarded = if text.starts_with('=') { format!("'{text}") } else { text.clone() };
        assert!(cells(&r.stdout, 9) == [guarded], "{case}");
        // no formula guard: no quote, but an overlong cell is still cut, with the same warning
        let unguarded = tifa(&["tag", "--format", "csv", "--no-formula-guard"], text.as_bytes());
        assert_eq!(unguarded.code, 0, "{case}");
        let cell = cells(&unguarded.stdout, 9);
        // (without the guard's quote, `=` and 32,766 推 fit)
        match text.encode_utf16().count() > LIMIT {
            true => {
                let chars = text.chars().count();
                let mark = format!("…[cut: {chars} characters]");
                let kept = cell[0].strip_suffix(&mark).unwrap_or_else(|| panic!("{case}: not cut"));
                assert!(text.starts_with(kept) && !kept.is_empty(), "{case}");
                let units = cell[0].encode_utf16().count();
                assert!((LIMIT - 1..=LIMIT).contains(&units), "{case}: {units} UTF-16 units");
                assert_eq!(unguarded.stderr, warned, "{case}");
            }
            false => {
                assert!(cell == [text.clone()], "{case}");
                assert_eq!(unguarded.stderr, "", "{case}");
            }
        }
        // both: every cell as it is
        let r = tifa(&["tag", "--format", "csv", "--no-formula-guard", "--no-cell-limit"], text.as_bytes());
        assert_eq!((r.code, r.stderr.as_str()), (0, ""), "{case}");
        assert!(cells(&r.stdout, 9) == [text.clone()], "{case}");
    }
    // among several files, on several threads, the warning names the file and the paragraph
    let dir = tempfile::tempdir().unwrap();
    let (short, long) = (dir.path().join("short.txt"), dir.path().join("long.txt"));
    std::fs::write(&short, "全面推行河长制。").unwrap();
    std::fs::write(&long, format!("标题\n\n{}", "推".repeat(LIMIT + 1))).unwrap();
    let (short, long) = (short.to_str().unwrap(), long.to_str().unwrap());
    let r = tifa(&["tag", "--format", "csv", "--jobs", "2", short, long, short], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with(&format!("warning: {long}, paragraph 1: its text (32768 characters)")),
        "{}",
        r.stderr
    );
    assert_eq!(cells(&r.stdout, 9).iter().filter(|c| c.ends_with("…[cut: 32768 characters]")).count(), 1);
}

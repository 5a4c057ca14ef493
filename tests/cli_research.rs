//! What a researcher who tracks formulations (提法) over an archive needs from the command, found in
//! user test 16 (`tracker.md`): term counts per file and theme (`--format terms-csv`), the terms'
//! provenance (`tifa terms`), char, byte and UTF-16 offsets in `explain --json`, `gaps --json` and
//! `diff --json`, every place of a gap in `gaps --json`, folders in `diff`, and a `--files-from` list
//! saved with a byte-order mark.

mod common;

use common::tifa;

/// Two themes of one's own, so that the counts below do not move with the default rules.
fn rules(dir: &std::path::Path) -> String {
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(rules.join("a.toml"), "name = \"甲\"\nterms = [\"河长制\"]\nweak = [\"巡河\"]\n").unwrap();
    std::fs::write(rules.join("b.toml"), "name = \"乙\"\nterms = [\"河长制\", \"网格化\"]\n").unwrap();
    rules.to_str().unwrap().to_string()
}

const TEXT: &str = "推行河长制，河长制见效。\n\n开展巡河。\n\n推进网格化。\n";

/// `--format terms-csv`: one row per file, theme and term that matched — matches, paragraphs, and the
/// paragraphs where the term counted for the theme's tag (a weak term alone does not) — themes in
/// rule order, terms in order of first occurrence; a theme's rows add up to its summary `matches`.
#[test]
fn terms_csv_counts_terms_per_file_and_theme() {
    let dir = tempfile::tempdir().unwrap();
    let rules = rules(dir.path());
    let r = tifa(&["tag", "--no-default-rules", "--rules", &rules, "--format", "terms-csv"], TEXT.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<Vec<&str>> = r.stdout.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0], ["file", "theme", "name", "term", "matches", "paragraphs", "tagged", "rules"]);
    let cells: Vec<Vec<&str>> = rows[1..].iter().map(|r| r[..7].to_vec()).collect();
    assert_eq!(
        cells,
        [
            ["<stdin>", "a", "甲", "河长制", "2", "1", "1"],
            ["<stdin>", "a", "甲", "巡河", "1", "1", "0"],
            ["<stdin>", "b", "乙", "河长制", "2", "1", "1"],
            ["<stdin>", "b", "乙", "网格化", "1", "1", "1"],
        ]
    );
    assert!(rows[1..].iter().all(|r| r[7].starts_with("sha256:")), "{}", r.stdout);

    // a theme's rows add up to its matches in the summary CSV
    let s = tifa(&["tag", "--no-default-rules", "--rules", &rules, "--format", "summary-csv"], TEXT.as_bytes());
    for line in s.stdout.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        let sum: usize = rows[1..].iter().filter(|r| r[1] == c[1]).map(|r| r[4].parse::<usize>().unwrap()).sum();
        assert_eq!(sum.to_string(), c[4], "{line}");
    }

    // several files: one header, the file on each row; --bom as for the other CSVs; an empty file has no rows
    let (f1, f2, empty) = (dir.path().join("1.txt"), dir.path().join("2.txt"), dir.path().join("3.txt"));
    std::fs::write(&f1, TEXT).unwrap();
    std::fs::write(&f2, "推进网格化。\n").unwrap();
    std::fs::write(&empty, "").unwrap();
    let (f1, f2, empty) = (f1.to_str().unwrap(), f2.to_str().unwrap(), empty.to_str().unwrap());
    let r =
        tifa(&["tag", "--no-default-rules", "--rules", &rules, "--format", "terms-csv", "--bom", f1, empty, f2], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.starts_with("\u{FEFF}file,theme,"), "{}", r.stdout);
    assert_eq!(r.stdout.matches("file,theme,").count(), 1);
    assert_eq!(r.stdout.lines().count(), 1 + 4 + 1, "{}", r.stdout);
    assert!(r.stdout.contains(&format!("{f2},b,乙,网格化,1,1,1,")), "{}", r.stdout);
    assert!(!r.stdout.contains(empty), "{}", r.stdout);
}

/// Two themes whose terms fold alike but are written differently (PM2.5 and pm2.5, 河長制 and 河长制):
/// each theme's row gives its own spelling and counts where the term made its tag.
#[test]
fn terms_csv_gives_each_theme_its_own_spelling() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(rules.join("a.toml"), "name = \"甲\"\nterms = [\"PM2.5\", \"河長制\"]\n").unwrap();
    std::fs::write(rules.join("b.toml"), "name = \"乙\"\nterms = [\"pm2.5\", \"河长制\"]\n").unwrap();
    let text = "降低pm2.5浓度。\n\n推行河长制。\n";
    let r = tifa(
        &["tag", "--no-default-rules", "--rules", rules.to_str().unwrap(), "--format", "terms-csv"],
        text.as_bytes(),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    let cells: Vec<Vec<&str>> = r.stdout.lines().skip(1).map(|l| l.split(',').take(7).collect()).collect();
    assert_eq!(
        cells,
        [
            ["<stdin>", "a", "甲", "PM2.5", "1", "1", "1"],
            ["<stdin>", "a", "甲", "河長制", "1", "1", "1"],
            ["<stdin>", "b", "乙", "pm2.5", "1", "1", "1"],
            ["<stdin>", "b", "乙", "河长制", "1", "1", "1"],
        ],
        "{}",
        r.stdout
    );
}

/// `tifa terms` gives what the rule files say of a term's origin: sub-theme, level, region, year, note.
#[test]
fn terms_give_their_provenance() {
    let r = tifa(&["terms"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<Vec<&str>> = r.stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0], ["theme", "term", "folded", "weight", "flags", "sub_theme", "level", "region", "year", "note"]);
    assert!(rows.iter().all(|r| r.len() == 10), "every row has every column");
    let row = rows.iter().find(|r| r[1] == "1310").unwrap();
    assert_eq!(&row[6..9], ["省", "广东", "2023"]);
    assert!(row[9].contains("具体部署"), "{row:?}");
}

/// `explain --json` gives each candidate in chars, UTF-8 bytes and UTF-16 units, as `tag` does its
/// matches (a character outside the BMP before the term makes the three differ).
#[test]
fn explain_json_gives_three_units() {
    let r = tifa(&["explain", "--json", "𠀀推行河长制。"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let c = v["candidates"].as_array().unwrap().iter().find(|c| c["term"] == "河长制").unwrap();
    let offsets: Vec<u64> = ["start", "end", "byte_start", "byte_end", "utf16_start", "utf16_end"]
        .iter()
        .map(|k| c[k].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, [3, 6, 10, 19, 4, 7]);
}

/// `gaps --json` lists every place of a phrase (the text output the first three and how many more),
/// and the phrases' places and the untagged paragraphs carry char, byte and UTF-16 offsets; counts in
/// the first line agree in number.
#[test]
fn gaps_json_lists_every_place_with_offsets() {
    let dir = tempfile::tempdir().unwrap();
    for i in 1..=5 {
        std::fs::write(dir.path().join(format!("{i}.txt")), "𠀀一是创建“三零”村居，实现矛盾不上交、服务不缺位。\n")
            .unwrap();
    }
    let d = dir.path().to_str().unwrap();
    let r = tifa(&["gaps", "--json", d], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let p = v["phrases"].as_array().unwrap().iter().find(|p| p["text"] == "三零").unwrap();
    assert_eq!(p["count"], 5);
    let places = p["examples"].as_array().unwrap();
    assert_eq!(places.len(), 5, "{p}");
    let offsets: Vec<u64> = ["start", "end", "byte_start", "byte_end", "utf16_start", "utf16_end"]
        .iter()
        .map(|k| places[4][k].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, [6, 8, 19, 25, 7, 9]);
    assert!(places[4]["file"].as_str().unwrap().ends_with("5.txt"));
    let u = &v["untagged"][0];
    assert_eq!(
        (u["start"].as_u64(), u["byte_start"].as_u64(), u["utf16_start"].as_u64()),
        (Some(0), Some(0), Some(0)),
        "{u}"
    );
    assert_eq!(u["utf16_end"].as_u64(), Some(u["end"].as_u64().unwrap() + 1), "{u}");

    let r = tifa(&["gaps", d], b"");
    assert!(
        r.stdout.starts_with(
            "== 5 files: 5 content paragraphs, 5 text paragraphs with no theme; 1 slogan-shaped phrase no match covers"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("      … 2 more places (--json lists every place)\n"), "{}", r.stdout);
    let one = tifa(&["gaps", &format!("{d}/1.txt")], b"");
    assert!(
        one.stdout.starts_with("== 1 file: 1 content paragraph, 1 text paragraph with no theme; "),
        "{}",
        one.stdout
    );
}

/// `tifa diff` reads folders as `tag` and `gaps` do, and its JSON gives each changed paragraph's
/// offsets in the three units.
#[test]
fn diff_reads_folders_and_gives_offsets() {
    let dir = tempfile::tempdir().unwrap();
    let rules = rules(dir.path());
    let reports = dir.path().join("reports/2024");
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::write(reports.join("a.txt"), TEXT).unwrap();
    std::fs::write(reports.join("b.md"), "𠀀推进网格化。\n").unwrap();
    let folder = dir.path().join("reports");
    let r = tifa(&["diff", "--json", "--rules", &rules, "--no-default-rules", folder.to_str().unwrap()], b"");
    assert_eq!(r.code, 1, "{}{}", r.stdout, r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["files"], 2);
    let b = v["changed"].as_array().unwrap().iter().find(|c| c["file"].as_str().unwrap().ends_with("b.md")).unwrap();
    let offsets: Vec<u64> = ["start", "end", "byte_start", "byte_end", "utf16_start", "utf16_end"]
        .iter()
        .map(|k| b[k].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, [0, 7, 0, 22, 0, 8]);
}

/// A `--files-from` list saved by Notepad as UTF-8 starts with a byte-order mark: it is not part of
/// the first name.
#[test]
fn files_from_list_with_a_byte_order_mark() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("报告.txt");
    std::fs::write(&report, "全面推行河长制。\n").unwrap();
    let list = dir.path().join("list.txt");
    std::fs::write(&list, format!("\u{FEFF}{}\r\n", report.display())).unwrap();
    let r = tifa(&["tag", "--format", "summary-csv", "--files-from", list.to_str().unwrap()], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains(&format!("\n{},ecology_environment,", report.display())), "{}", r.stdout);
}

/// A heading of a PDF copy broken across lines is one line in the CSV's `section` cell, in the text
/// output's paragraph heads and in the HTML page's section lines (the `text` cell keeps the layout).
#[test]
fn section_paths_are_one_line() {
    let text = "某街道2022年工作总结\n\n一是深入推进基层治理现代化，全面推行网格化管理，建立“街道—\n社区—网格”三级联动机制。\n";
    let r = tifa(&["tag", "--format", "csv"], text.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let mut reader = csv::Reader::from_reader(r.stdout.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let section = &rows[1][6];
    assert!(section.starts_with("一是深入推进基层治理现代化，全面推行网格化管理，建立“街道—社区—网格”"), "{section:?}");
    assert!(rows[1][9].contains("街道—\n社区"), "the text keeps its line break");
    let r = tifa(&["tag", "--color", "never"], text.as_bytes());
    assert!(
        r.stdout.contains("\n¶1  一是深入推进基层治理现代化，全面推行网格化管理，建立“街道—社区—网格”"),
        "{}",
        r.stdout
    );
    // and in the HTML page's section line
    let r = tifa(&["tag", "--format", "html"], text.as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let metas: Vec<&str> =
        r.stdout.split("<div class=\"meta\">").skip(1).map(|m| m.split("</div>").next().unwrap()).collect();
    assert!(!metas.is_empty(), "{}", r.stdout);
    assert!(metas.iter().any(|m| m.contains("建立“街道—社区—网格”")), "{metas:?}");
    assert!(metas.iter().all(|m| !m.contains('\n')), "{metas:?}");
}

/// `tifa explain FILE`: the candidates of a text of several paragraphs are listed under the number
/// of their paragraph (`── ¶N`), as its themes are at the end; one paragraph has no such line.
#[test]
fn explain_groups_candidates_by_paragraph() {
    let r = tifa(&["explain", "-"], "标题\n\n全面推行河长制。\n\n深化放管服改革。\n".as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    let at = |s: &str| lines.iter().position(|l| l.starts_with(s)).unwrap_or_else(|| panic!("{s}: {}", r.stdout));
    assert!(
        at("── ¶1") < at("河长制 [") && at("河长制 [") < at("── ¶2") && at("── ¶2") < at("放管服改革 ["),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("¶2 themes: gov_services"), "{}", r.stdout);
    // a paragraph without candidates between two with them has no line; the cursor passes it
    let r = tifa(&["explain", "-"], "标题\n\n全面推行河长制。\n\n今天天气很好。\n\n深化放管服改革。\n".as_bytes());
    assert_eq!(r.code, 0, "{}", r.stderr);
    let heads: Vec<&str> = r.stdout.lines().filter(|l| l.starts_with("── ¶")).collect();
    assert_eq!(heads, ["── ¶1", "── ¶3"], "{}", r.stdout);
    let one = tifa(&["explain", "全面推行河长制。"], b"");
    assert!(!one.stdout.contains("── ¶"), "{}", one.stdout);
}

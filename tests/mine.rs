//! `tifa mine` as a rule maintainer uses it: on a small gold file made for the test, with rules of its
//! own (`tests/golden/mine/rules/`, two themes), so that a change of the default rules does not change
//! it. The expected TOML snippet and JSON are golden files under `tests/golden/mine/`; when a change of
//! output is intended, re-bless them and review the change with `git diff`:
//!
//! ```text
//! TIFA_BLESS=1 cargo test --test mine
//! ```

mod common;

use std::path::{Path, PathBuf};

use common::tifa;

const RULES: &str = "tests/golden/mine/rules";
const GOLD: &str = "tests/golden/mine/gold.jsonl";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compares `actual` with the golden file, or writes it when blessing (the shared helper).
fn golden(path: &Path, actual: &str) -> Option<String> {
    common::golden(path, actual, "mine")
}

fn mine(extra: &[&str]) -> common::Run {
    let mut args = vec!["mine", "--no-default-rules", "--rules", RULES];
    args.extend_from_slice(extra);
    args.push(GOLD);
    tifa(&args, b"")
}

/// `tifa eval --json` of the gold with the test rules, plus the extra rule paths.
fn eval(rules: &[&str]) -> serde_json::Value {
    let mut args = vec!["eval", "--json", "--no-default-rules"];
    for r in rules {
        args.extend(["--rules", r]);
    }
    args.push(GOLD);
    let r = tifa(&args, b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    serde_json::from_str(&r.stdout).unwrap()
}

fn f1_of(eval: &serde_json::Value, theme: &str) -> f64 {
    eval["themes"].as_array().unwrap().iter().find(|t| t["id"] == theme).unwrap()["f1"].as_f64().unwrap()
}

/// The theme's rule file with `snippet` pasted right under its first line that sets `name`, in a
/// fresh folder beside a copy of the other test rule files. Returns the folder.
fn pasted(theme: &str, snippet: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root().join(RULES)).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let text = if path.file_stem().unwrap() == theme {
            let at = text.find("\nname = ").map(|i| i + 1).unwrap();
            let end = at + text[at..].find('\n').unwrap() + 1;
            format!("{}{snippet}{}", &text[..end], &text[end..])
        } else {
            text
        };
        std::fs::write(dir.path().join(path.file_name().unwrap()), text).unwrap();
    }
    dir
}

/// The snippet and the JSON, as golden files: a term list, a weak list (配送 tags more wrongly than
/// rightly alone, but beside the weak term 助餐 it helps), an exclusion (消费税 against 消费, one of its
/// paragraphs in Traditional characters), a candidate from one document only, and a demotion (消费, the
/// theme's only term in one labelled and two unlabelled paragraphs, the same two the exclusion fixes).
#[test]
fn mine_golden_snippet_and_json() {
    let text = mine(&[]);
    assert_eq!(text.code, 0, "{}", text.stderr);
    let json = mine(&["--json"]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    let failures: Vec<String> = [
        golden(&root().join("tests/golden/mine/snippet.toml"), &text.stdout),
        golden(&root().join("tests/golden/mine/mining.json"), &json.stdout),
    ]
    .into_iter()
    .flatten()
    .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Every theme's section is a TOML overlay as printed: saved as `<theme>.toml`, it passes `tifa
/// check`; and one theme's output pasted as is into its rule file does too, up to its demotions (the
/// file defines those terms: there they are made weak in place, as the comment says, not removed and
/// defined again).
#[test]
fn mine_snippet_parses_as_toml_as_is() {
    let run = mine(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let sections: Vec<&str> = run.stdout.split("\n# ── ").skip(1).collect();
    assert_eq!(sections.len(), 2, "{}", run.stdout);
    let dir = tempfile::tempdir().unwrap();
    for s in &sections {
        let theme = s.split_whitespace().next().unwrap();
        std::fs::write(dir.path().join(format!("{theme}.toml")), format!("# ── {s}")).unwrap();
    }
    let check = tifa(&["check", "--no-default-rules", RULES, dir.path().to_str().unwrap()], b"");
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);

    let one = mine(&["--theme", "commerce"]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(one.stdout.contains("terms = [") && one.stdout.contains("exclude = ["), "{}", one.stdout);
    let (lists, demotions) = one.stdout.split_once("\n# demote to weak terms").unwrap();
    assert!(demotions.contains("\nremove = [\n") && demotions.contains("\n[[term]]\n"), "{demotions}");
    let dir = pasted("commerce", lists);
    let check = tifa(&["check", "--no-default-rules", dir.path().to_str().unwrap()], b"");
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);
}

/// Pasting the line of the top candidate term, weak term or exclusion, as printed, into the theme's
/// rule file changes the theme's F1 by the ΔF1 shown, and micro F1 by the micro change shown.
#[test]
fn pasting_the_top_candidate_raises_f1_by_the_delta_shown() {
    let before = eval(&[RULES]);
    let v: serde_json::Value = serde_json::from_str(&mine(&["--json"]).stdout).unwrap();
    let text = mine(&[]).stdout;
    let theme = |id: &str| v["themes"].as_array().unwrap().iter().find(|t| t["id"] == id).unwrap().clone();
    let cases = [
        ("commerce", "terms", theme("commerce")["terms"][0].clone()),
        ("commerce", "exclude", theme("commerce")["noisy"][0]["exclusions"][0].clone()),
        ("elderly", "weak", theme("elderly")["weak"][0].clone()),
    ];
    for (id, key, cand) in cases {
        // the theme's section, and the first entry of the list as printed
        let section = text.split("\n# ── ").find(|s| s.starts_with(&format!("{id} "))).unwrap();
        let list = section.find(&format!("\n{key} = [")).unwrap_or_else(|| panic!("no {key} in\n{section}"));
        let line = section[list..].lines().nth(2).unwrap();
        let phrase = cand["phrase"].as_str().unwrap();
        assert!(line.starts_with(&format!("  \"{phrase}\",  # ")) && line.contains("ΔF1 "), "{line}");
        let dir = pasted(id, &format!("{key} = [\n{line}\n]\n"));
        let after = eval(&[dir.path().to_str().unwrap()]);
        let delta = f1_of(&after, id) - f1_of(&before, id);
        assert!(
            (delta - cand["effect"]["delta_f1"].as_f64().unwrap()).abs() < 1e-9,
            "{key} {phrase}: {delta} vs {cand}"
        );
        let shown: f64 = line.split("ΔF1 ").nth(1).unwrap().split(',').next().unwrap().parse().unwrap();
        assert!(delta > 0.0 && (delta - shown).abs() <= 0.0005, "{key} {phrase}: {delta} vs shown {shown}");
        let micro = after["micro_f1"].as_f64().unwrap() - before["micro_f1"].as_f64().unwrap();
        assert!(
            (micro - cand["effect"]["delta_micro_f1"].as_f64().unwrap()).abs() < 1e-9,
            "{key} {phrase}: micro {micro}"
        );
    }
}

/// The demotions of a section (`remove` and the term again, weak), saved as an overlay over the rules
/// mined, pass `tifa check`, make the term weak, and change the theme's F1 and micro F1 by the figures
/// shown.
#[test]
fn a_demotion_saved_as_an_overlay_makes_the_term_weak() {
    let run = mine(&[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&mine(&["--json"]).stdout).unwrap();
    let commerce = v["themes"].as_array().unwrap().iter().find(|t| t["id"] == "commerce").unwrap();
    let demotion = &commerce["demote"][0];
    assert_eq!(
        (demotion["term"].as_str(), demotion["alone_right"].as_u64(), demotion["alone_wrong"].as_u64()),
        (Some("消费"), Some(1), Some(2)),
        "{demotion}"
    );
    // the section's demotion block, from its comment to the end of the section
    let section = run.stdout.split("\n# ── ").find(|s| s.starts_with("commerce ")).unwrap();
    let block = &section[section.find("# demote to weak terms").unwrap()..];
    let line = block.lines().find(|l| l.starts_with("  \"消费\",  # ")).unwrap();
    assert!(line.contains("−1 TP, −2 FP · alone: 1 right, 2 wrong · wrong in 2 paragraphs of 2 documents"), "{line}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("commerce.toml"), block).unwrap();
    let overlay = dir.path().to_str().unwrap();
    let check = tifa(&["check", "--no-default-rules", RULES, overlay], b"");
    assert_eq!(check.code, 0, "{}\n{}", check.stdout, check.stderr);

    let mut builder = tifa::RuleSet::builder().defaults(false);
    for (name, text) in [
        ("rules/commerce.toml", std::fs::read_to_string(root().join(RULES).join("commerce.toml")).unwrap()),
        ("rules/elderly.toml", std::fs::read_to_string(root().join(RULES).join("elderly.toml")).unwrap()),
        ("mine/commerce.toml", block.to_string()),
    ] {
        builder = builder.source(name, text);
    }
    let rules = builder.build().unwrap_or_else(|e| panic!("{}", e.render()));
    let term = rules.terms().iter().find(|t| t.text == "消费").unwrap();
    assert_eq!(term.weight, 0.5);
    assert_eq!(rules.terms().iter().filter(|t| t.text == "消费").count(), 1);

    let before = eval(&[RULES]);
    let after = eval(&[RULES, overlay]);
    let delta = f1_of(&after, "commerce") - f1_of(&before, "commerce");
    assert!((delta - demotion["effect"]["delta_f1"].as_f64().unwrap()).abs() < 1e-9, "{delta} vs {demotion}");
    let micro = after["micro_f1"].as_f64().unwrap() - before["micro_f1"].as_f64().unwrap();
    assert!(
        (micro - demotion["effect"]["delta_micro_f1"].as_f64().unwrap()).abs() < 1e-9,
        "micro {micro} vs {demotion}"
    );
}

/// A bad line is reported with its file and line; the other records are still mined; exit 65.
/// Unknown themes: `--theme` is a usage error, a gold label bad input.
#[test]
fn mine_reports_bad_lines_and_unknown_themes() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.jsonl");
    let mut gold = std::fs::read_to_string(root().join(GOLD)).unwrap();
    gold.insert_str(gold.find('\n').unwrap() + 1, "{\"id\": \"x:1\", \"text\": \"缺了主题\"}\n");
    std::fs::write(&bad, &gold).unwrap();
    let bad = bad.to_str().unwrap();
    let r = tifa(&["mine", "--no-default-rules", "--rules", RULES, bad], b"");
    assert_eq!(r.code, 65, "{}", r.stderr);
    assert!(r.stderr.contains(&format!("error: {bad} line 2, column 29: missing field `themes`")), "{}", r.stderr);
    assert!(r.stdout.contains("\"外贸\",  # ΔF1 "), "the other records are mined: {}", r.stdout);

    let r = mine(&["--theme", "no_such_theme"]);
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("no theme `no_such_theme`"), "{}", r.stderr);

    let labelled = dir.path().join("labelled.jsonl");
    std::fs::write(&labelled, "{\"id\": \"x:1\", \"text\": \"外贸\", \"themes\": [\"no_such_theme\"]}\n").unwrap();
    let r = tifa(&["mine", "--no-default-rules", "--rules", RULES, labelled.to_str().unwrap()], b"");
    assert_eq!(r.code, 65, "{}", r.stderr);
}

/// `--min-count` drops phrases seen in fewer labelled paragraphs; `--limit` caps each list; `--theme`
/// keeps one theme.
#[test]
fn mine_options_limit_min_count_and_theme() {
    let phrases = |run: &common::Run| -> Vec<String> {
        assert_eq!(run.code, 0, "{}", run.stderr);
        let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
        v["themes"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|t| {
                t["terms"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(move |c| format!("{}:{}", t["id"].as_str().unwrap(), c["phrase"].as_str().unwrap()))
            })
            .collect()
    };
    let all = phrases(&mine(&["--json"]));
    assert!(all.contains(&"commerce:外贸".to_string()) && all.contains(&"commerce:跨境电商".to_string()), "{all:?}");
    // 跨境电商 is in 2 labelled paragraphs, 外贸 in 4
    let three = phrases(&mine(&["--json", "--min-count", "3"]));
    assert!(
        three.contains(&"commerce:外贸".to_string()) && !three.contains(&"commerce:跨境电商".to_string()),
        "{three:?}"
    );
    assert_eq!(phrases(&mine(&["--json", "--limit", "1"])), vec!["commerce:外贸", "elderly:老年"]);
    assert_eq!(phrases(&mine(&["--json", "--limit", "1", "--theme", "elderly"])), vec!["elderly:老年"]);
    assert_eq!(mine(&["--min-count", "0"]).code, 2);
}

/// Where each section is to be pasted (defect 16 of the maintainer's test): without `--rules`, the
/// default theme's file; with `--rules`, never a default file — the overlay file that extends or
/// defines the theme, else a new file of the theme's name in the rules folder.
#[test]
fn paste_targets_follow_the_rules_given() {
    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("city_rules");
    std::fs::create_dir(&overlay).unwrap();
    for f in ["commerce.toml", "elderly.toml"] {
        std::fs::copy(root().join(RULES).join(f), overlay.join(f)).unwrap();
    }
    // an overlay file that extends a default theme
    std::fs::write(overlay.join("gov_services.toml"), "terms = [\"穗智管\"]\n").unwrap();
    let overlay = overlay.to_str().unwrap();
    let gold = root().join(GOLD);
    let gold = gold.to_str().unwrap();
    let with = tifa(&["mine", "--limit", "1", "--rules", overlay, gold], b"");
    assert_eq!(with.code, 0, "{}", with.stderr);
    // the default rules alone: the gold without the test themes' labels
    let plain = dir.path().join("plain.jsonl");
    let lines: Vec<String> = std::fs::read_to_string(root().join(GOLD))
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let mut v: serde_json::Value = serde_json::from_str(l).unwrap();
            v["themes"] = serde_json::json!([]);
            v.to_string()
        })
        .collect();
    std::fs::write(&plain, lines.join("\n")).unwrap();
    let without = tifa(&["mine", "--limit", "1", plain.to_str().unwrap()], b"");
    assert_eq!(without.code, 0, "{}", without.stderr);
    let rows: &[(&str, &str, String)] = &[
        (&with.stdout, "commerce", format!("# paste into {overlay}/commerce.toml: merge")),
        (&with.stdout, "gov_services", format!("# paste into {overlay}/gov_services.toml: merge")),
        (
            &with.stdout,
            "business_services",
            format!(
                "# paste into business_services.toml, a new file in your rules folder ({overlay}) that extends the default theme: merge"
            ),
        ),
        (&without.stdout, "business_services", "# paste into rules/business_services.toml: merge".to_string()),
    ];
    for (out, theme, line) in rows {
        let at = out.find(&format!("# ── {theme} ")).unwrap_or_else(|| panic!("no section of {theme}:\n{out}"));
        let header = out[at..].lines().nth(1).unwrap();
        assert!(header.starts_with(line.as_str()), "{theme}: {header}");
    }
    assert!(!with.stdout.contains("# paste into rules/"), "{}", with.stdout);
}

/// A section that holds only demotions has no paste line for the top-level lists (there is nothing to
/// merge there): its demotion block says what to do.
#[test]
fn a_section_of_demotions_only_has_no_paste_line() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    std::fs::write(rules.join("trade.toml"), "name = \"外贸\"\nterms = [\"出口\", \"外贸\"]\n").unwrap();
    let gold = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold,
        "{\"id\":\"w:1\",\"text\":\"出口。\",\"themes\":[]}\n{\"id\":\"w:2\",\"text\":\"出口。\",\"themes\":[]}\n{\"id\":\"x:1\",\"text\":\"外贸稳定。\",\"themes\":[\"trade\"]}\n",
    )
    .unwrap();
    let run = tifa(&["mine", "--no-default-rules", "--rules", rules.to_str().unwrap(), gold.to_str().unwrap()], b"");
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("0 terms, 0 weak terms, 0 exclusions, 1 demotion"), "{}", run.stdout);
    assert!(run.stdout.contains("# demote to weak terms"), "{}", run.stdout);
    assert!(!run.stdout.contains("# paste into"), "{}", run.stdout);
}

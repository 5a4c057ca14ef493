//! The default rule set: one file per theme of the taxonomy, complete metadata, examples that hold, and
//! an evaluation on the hand-labelled sample reports that must not regress.

use std::collections::BTreeSet;

use tifa::{evaluate, GoldRecord, RuleSet, Tagger};

/// Floors a little below the figures measured when the rules were last tuned (see rules/README.md):
/// a change that loses more than this fails.
const MICRO_F1_FLOOR: f64 = 0.90;
const MACRO_F1_FLOOR: f64 = 0.90;

/// The theme ids of the taxonomy (tests/fixtures/themes.md, a copy of the project's theme list): the
/// first column of its table, in backquotes.
fn taxonomy() -> BTreeSet<String> {
    let text = include_str!("fixtures/themes.md");
    text.lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn every_theme_has_a_file_and_every_file_is_a_theme() {
    let ids = taxonomy();
    assert_eq!(ids.len(), 24, "{ids:?}");
    let files: BTreeSet<String> = RuleSet::builtin_sources()
        .iter()
        .map(|(name, _)| name.trim_start_matches("rules/").trim_end_matches(".toml").to_string())
        .collect();
    assert_eq!(files, ids, "rules/*.toml must be exactly the themes of the taxonomy");
    let built: BTreeSet<String> = RuleSet::builtin().themes().iter().map(|t| t.id.clone()).collect();
    assert_eq!(built, ids);
}

#[test]
fn every_theme_is_documented_and_has_examples() {
    let rules = RuleSet::builtin();
    let mut problems = Vec::new();
    for (i, t) in rules.themes().iter().enumerate() {
        if t.name.is_empty() || t.name_en == t.id || t.description.is_empty() {
            problems.push(format!("{}: needs name, name-en and description", t.id));
        }
        let pos = rules.examples().iter().filter(|e| e.theme == i && e.positive).count();
        let neg = rules.examples().iter().filter(|e| e.theme == i && !e.positive).count();
        if pos < 3 || neg < 2 {
            problems.push(format!("{}: {pos} examples and {neg} counter-examples (need 3 and 2)", t.id));
        }
        if rules.theme_term_count(i) < 20 {
            problems.push(format!("{}: only {} terms", t.id, rules.theme_term_count(i)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn examples_hold() {
    let failures = Tagger::builtin().check_examples();
    let lines: Vec<String> = failures.iter().map(|f| f.to_string()).collect();
    assert!(failures.is_empty(), "{}", lines.join("\n"));
}

#[test]
fn slogans_from_the_issue() {
    let tagger = Tagger::builtin();
    let themes = |text: &str| -> Vec<String> {
        tagger.tag(text).paragraphs.iter().flat_map(|p| p.themes.iter().map(|t| t.id.clone())).collect()
    };
    assert!(themes("全年共完成1310宗。").is_empty());
    assert!(!themes("全年办结群众诉求1310宗。").contains(&"higher_directives".to_string()));
    assert_eq!(themes("认真对照省委“1310”具体部署。"), vec!["higher_directives"]);
    assert!(themes("推动高质量发展，完整准确全面贯彻新发展理念。").is_empty());
    assert!(themes("全力实施“百县千镇万村高质量发展工程”。").contains(&"rural_revitalization".to_string()));
    assert!(!themes("全力实施“百县千镇万村高质量发展工程”。").contains(&"higher_directives".to_string()));
    assert!(themes("完成瓶改管1200户。").contains(&"gas_pipeline".to_string()));
    assert!(themes("全面推行河長制。").contains(&"ecology_environment".to_string()));
}

#[test]
fn evaluation_does_not_regress() {
    let mut records = Vec::new();
    for text in [
        include_str!("gold/baoan-xinqiao-2024h1.jsonl"),
        include_str!("gold/panyu-shawan-2023.jsonl"),
        include_str!("gold/panyu-shiqiao-2023.jsonl"),
        include_str!("gold/zhongshan-nanqu-2022.jsonl"),
    ] {
        records.extend(GoldRecord::parse_jsonl(text).expect("gold files parse"));
    }
    assert!(records.len() > 100);
    let e = evaluate(&Tagger::builtin(), &records);
    assert!(e.micro_f1 >= MICRO_F1_FLOOR, "micro-F1 {:.3} fell below {MICRO_F1_FLOOR}", e.micro_f1);
    assert!(e.macro_f1 >= MACRO_F1_FLOOR, "macro-F1 {:.3} fell below {MACRO_F1_FLOOR}", e.macro_f1);
}

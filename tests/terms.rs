//! `tifa terms`: the active terms with their flags, and the automaton's patterns (what the benchmark's
//! peers search).

mod common;

use common::tifa;

#[test]
fn terms_lists_every_active_term_with_flags() {
    let r = tifa(&["terms"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let rows: Vec<Vec<&str>> = r.stdout.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows[0][..5], ["theme", "term", "folded", "weight", "flags"]);
    let rules = tifa::RuleSet::builtin();
    assert_eq!(rows.len() - 1, rules.term_count());
    // 1310 must carry a guard; 河长制 is a plain term; a two-character term is whole-word
    let flags =
        |term: &str| rows.iter().find(|r| r[1] == term).map(|r| r[4]).unwrap_or_else(|| panic!("{term} missing"));
    assert!(flags("1310").contains("guarded"));
    assert_eq!(flags("河长制"), "-");
    assert!(rows.iter().any(|r| r[2].chars().count() <= 2 && r[4].contains("whole-word")));
}

#[test]
fn patterns_are_the_distinct_folded_terms_and_words() {
    let r = tifa(&["terms", "--patterns", "--no-default-rules", "--rules", "tests/fixtures/terms_patterns.toml"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    // proximity words, folded terms (Traditional, full-width and case), the words lexicon; each once
    // (河长制 is both a term and a word)
    assert_eq!(r.stdout.lines().collect::<Vec<_>>(), ["三小", "场所", "河长制", "abc", "林长制"]);
}

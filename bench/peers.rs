//! The Rust rows of the peer table (bench/run.sh): aho-corasick's `find_iter` with the DFA forced and
//! with the default kind, and tifa's `Tagger::tag`, timed in one process on the same text.
//!
//! ```text
//! cargo run --release --example peers -- TEXT TERMS [RUNS]
//! ```
//!
//! `TERMS` holds one term per line: the plain terms of `tifa terms` as bench/table.py filters them (no
//! guard, Chinese characters only; a raw `tifa terms --patterns` list holds bare numbers such as 263,
//! which a rule file refuses without a guard: the one-theme row then stops with the rule errors, rendered).
//! Rows, one JSON object per
//! line on standard output (`tool`, `build_s`, `runs_s` of every run, `matches`):
//!
//! * `ac-dfa`, `ac-default`: leftmost-longest `find_iter` over the raw text, DFA forced / kind chosen
//!   by the builder (the bare automaton: the limit for this work);
//! * `tifa-one-theme`: `Tagger::tag` with one theme holding exactly these terms (no default rules);
//! * `tifa-default`: `Tagger::tag` with the default rules (guards, whole words, all themes);
//! * `ac-dfa-patterns`: leftmost-longest `find_iter`, DFA forced, over every pattern of the automaton
//!   the default tagger searches (`Tagger::automaton_patterns`: terms, words and exclusion phrases),
//!   on the raw text: the limit for the default rules.
//!
//! * `ac-overlapping-dfa`, `ac-overlapping-nfa` (only when named): every occurrence of those patterns,
//!   overlapping ones too (the occurrences tifa's first step finds, with its own scanner since the
//!   `search` branch), with a DFA and with the default kind.
//!
//! Each tool runs `RUNS` times (default 3) after one warm-up run; run.sh reports the median.

use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use tifa::{RuleSet, Tagger};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, text, terms, rest @ ..] = args.as_slice() else {
        eprintln!("usage: peers TEXT TERMS [RUNS] [TOOL...]");
        std::process::exit(2);
    };
    let runs: usize = rest.first().and_then(|r| r.parse().ok()).unwrap_or(3);
    let only: Vec<&str> = rest.iter().skip(1).map(String::as_str).collect();
    let wanted = |tool: &str| only.is_empty() || only.contains(&tool);
    let text = std::fs::read_to_string(text).expect("the text file is UTF-8");
    let terms: Vec<String> = std::fs::read_to_string(terms)
        .expect("the terms file")
        .lines()
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();

    if wanted("ac-dfa") {
        automaton("ac-dfa", &terms, Some(AhoCorasickKind::DFA), &text, runs);
    }
    if wanted("ac-default") {
        automaton("ac-default", &terms, None, &text, runs);
    }
    if wanted("tifa-one-theme") {
        let quoted: Vec<String> = terms.iter().map(|t| format!("{t:?}")).collect();
        let toml = format!("name = \"一个主题\"\nterms = [{}]\n", quoted.join(", "));
        let t0 = Instant::now();
        let rules = match RuleSet::builder().defaults(false).source("one_theme.toml", toml).build() {
            Ok(rules) => rules,
            Err(errors) => {
                // the first errors only: a one-line file of every term renders cut, but there may be many
                let first: Vec<String> = errors.iter().take(3).map(|e| e.render()).collect();
                eprintln!(
                    "peers: the terms do not make a valid rule file (filter them as bench/table.py does):\n{}\n({} errors)",
                    first.join("\n"),
                    errors.len()
                );
                std::process::exit(1);
            }
        };
        let tagger = Tagger::new(rules);
        tifa_rows("tifa-one-theme", t0, &tagger, &text, runs);
    }
    if wanted("tifa-default") || wanted("ac-dfa-patterns") || only.iter().any(|t| t.starts_with("ac-overlapping")) {
        let t0 = Instant::now();
        let tagger = Tagger::builtin();
        if wanted("tifa-default") {
            tifa_rows("tifa-default", t0, &tagger, &text, runs);
        }
        let patterns: Vec<String> = tagger.automaton_patterns().into_iter().map(String::from).collect();
        if wanted("ac-dfa-patterns") {
            automaton("ac-dfa-patterns", &patterns, Some(AhoCorasickKind::DFA), &text, runs);
        }
        // what tifa's first step cost with aho-corasick: every occurrence (overlapping) of the default patterns
        for (tool, kind) in [("ac-overlapping-dfa", Some(AhoCorasickKind::DFA)), ("ac-overlapping-nfa", None)] {
            if only.contains(&tool) {
                overlapping(tool, &patterns, kind, &text, runs);
            }
        }
    }
}

fn automaton(tool: &str, terms: &[String], kind: Option<AhoCorasickKind>, text: &str, runs: usize) {
    time_automaton(tool, terms, MatchKind::LeftmostLongest, kind, runs, |ac| ac.find_iter(text).count());
}

fn overlapping(tool: &str, terms: &[String], kind: Option<AhoCorasickKind>, text: &str, runs: usize) {
    time_automaton(tool, terms, MatchKind::Standard, kind, runs, |ac| ac.find_overlapping_iter(text).count());
}

/// Builds the automaton (timed), then runs `count` once to warm up and `runs` times timed.
fn time_automaton(
    tool: &str,
    terms: &[String],
    match_kind: MatchKind,
    kind: Option<AhoCorasickKind>,
    runs: usize,
    count: impl Fn(&AhoCorasick) -> usize,
) {
    let t0 = Instant::now();
    let ac = AhoCorasick::builder().match_kind(match_kind).kind(kind).build(terms).expect("the automaton builds");
    let build = t0.elapsed().as_secs_f64();
    let mut times = Vec::new();
    let mut matches = 0;
    for run in 0..=runs {
        let t = Instant::now();
        matches = std::hint::black_box(count(&ac));
        if run > 0 {
            times.push(t.elapsed().as_secs_f64());
        }
    }
    row(tool, build, &times, matches, ac.memory_usage());
}

fn tifa_rows(tool: &str, t0: Instant, tagger: &Tagger, text: &str, runs: usize) {
    let build = t0.elapsed().as_secs_f64();
    let mut times = Vec::new();
    let mut matches = 0;
    for run in 0..=runs {
        let t = Instant::now();
        let report = std::hint::black_box(tagger.tag(text));
        if run > 0 {
            times.push(t.elapsed().as_secs_f64());
        }
        matches = report.summary.matches;
        drop(report);
    }
    row(tool, build, &times, matches, 0);
}

fn row(tool: &str, build: f64, times: &[f64], matches: usize, memory: usize) {
    let times: Vec<String> = times.iter().map(|t| format!("{t:.4}")).collect();
    println!(
        "{{\"tool\": \"{tool}\", \"build_s\": {build:.4}, \"runs_s\": [{}], \"matches\": {matches}, \"memory\": {memory}}}",
        times.join(", ")
    );
}

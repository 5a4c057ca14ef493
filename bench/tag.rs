//! Benchmarks of the tagger (divan). Run with `cargo bench --bench tag`; see bench/README.md.
//!
//! Inputs:
//! * the four sample reports of tests/fixtures/corpus/ (about 78 KB together), compiled in;
//! * two synthetic reports of about 1 MB and 10 MB, built here in memory from the paragraphs of the
//!   samples (every non-blank line is a paragraph): the pool of paragraphs is shuffled with a
//!   fixed-seed generator (SplitMix64 + Fisher-Yates), appended, and shuffled again for the next round
//!   until the size is reached. The result is deterministic and byte-identical to the files that
//!   `python3 bench/make-input.py` writes to target/bench-input/ for the command-line measurements;
//! * the four samples converted to Traditional characters (a small Simplified → Traditional table
//!   below) and to full-width digits, letters and punctuation, for the normalisation slow path.
//!
//! Every tagging benchmark reports throughput in bytes of input (`BytesCount`).

use std::hint::black_box;
use std::sync::LazyLock;

use divan::Bencher;
use divan::counter::BytesCount;
use tifa::{RuleSet, Tagger};

fn main() {
    divan::main();
}

/// The samples, in the order that bench/make-input.py reads them.
const SAMPLES: [(&str, &str); 4] = [
    ("baoan-xinqiao-2024h1", include_str!("../tests/fixtures/corpus/baoan-xinqiao-2024h1.txt")),
    ("panyu-shawan-2023", include_str!("../tests/fixtures/corpus/panyu-shawan-2023.txt")),
    ("panyu-shiqiao-2023", include_str!("../tests/fixtures/corpus/panyu-shiqiao-2023.txt")),
    ("zhongshan-nanqu-2022", include_str!("../tests/fixtures/corpus/zhongshan-nanqu-2022.txt")),
];

static TAGGER: LazyLock<Tagger> = LazyLock::new(Tagger::builtin);

/// All four samples, one after the other (about 78 KB).
static CORPUS: LazyLock<String> = LazyLock::new(|| SAMPLES.iter().map(|(_, t)| *t).collect::<Vec<_>>().join("\n"));
static SYNTHETIC_1MB: LazyLock<String> = LazyLock::new(|| synthetic(1 << 20, 1));
static SYNTHETIC_10MB: LazyLock<String> = LazyLock::new(|| synthetic(10 << 20, 10));
static TRADITIONAL: LazyLock<String> = LazyLock::new(|| to_traditional(&CORPUS));
static FULL_WIDTH: LazyLock<String> = LazyLock::new(|| to_full_width(&CORPUS));

// ---------------------------------------------------------------------------------------------
// Building the rules and the automaton

/// Parsing the embedded rule files (TOML) into a `RuleSet`.
#[divan::bench]
fn ruleset_builtin() -> RuleSet {
    RuleSet::builtin()
}

/// Compiling a parsed `RuleSet` into a `Tagger` (the two Aho-Corasick automatons).
#[divan::bench]
fn tagger_new(bencher: Bencher) {
    let rules = RuleSet::builtin();
    bencher.with_inputs(|| rules.clone()).bench_values(Tagger::new);
}

/// Both: what `Tagger::builtin()` costs at start-up.
#[divan::bench]
fn tagger_builtin() -> Tagger {
    Tagger::builtin()
}

// ---------------------------------------------------------------------------------------------
// Tagging

/// One sample report each.
#[divan::bench(args = ["baoan-xinqiao-2024h1", "panyu-shawan-2023", "panyu-shiqiao-2023", "zhongshan-nanqu-2022"])]
fn tag_sample(bencher: Bencher, name: &str) {
    tag_text(bencher, SAMPLES.iter().find(|(n, _)| *n == name).unwrap().1);
}

/// The four samples together (the baseline for the Traditional and full-width variants below).
#[divan::bench]
fn tag_corpus(bencher: Bencher) {
    tag_text(bencher, &CORPUS);
}

/// ~1 MB synthetic report (shuffled sample paragraphs).
#[divan::bench(sample_count = 20, sample_size = 1)]
fn tag_1mb(bencher: Bencher) {
    tag_text(bencher, &SYNTHETIC_1MB);
}

/// ~10 MB synthetic report (shuffled sample paragraphs).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn tag_10mb(bencher: Bencher) {
    tag_text(bencher, &SYNTHETIC_10MB);
}

/// Segmentation alone (paragraphs, headings, parts, boilerplate) of the ~1 MB report: the share of
/// `tag_1mb` that is not matching.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn segment_1mb(bencher: Bencher) {
    let text = &*SYNTHETIC_1MB;
    bencher.counter(BytesCount::of_str(text)).bench(|| tifa::segment(black_box(text)));
}

/// The four samples in Traditional characters: every paragraph goes through the folding slow path.
#[divan::bench]
fn tag_traditional(bencher: Bencher) {
    same_matches_as_corpus(&TRADITIONAL);
    tag_text(bencher, &TRADITIONAL);
}

/// The four samples with full-width digits, letters and punctuation: the folding slow path as well.
#[divan::bench]
fn tag_full_width(bencher: Bencher) {
    same_matches_as_corpus(&FULL_WIDTH);
    tag_text(bencher, &FULL_WIDTH);
}

/// Folding must undo the conversion: the variant is tagged like the original (checked once, not timed).
fn same_matches_as_corpus(variant: &str) {
    let terms = |text: &str| -> Vec<String> {
        TAGGER.tag(text).paragraphs.into_iter().flat_map(|p| p.matches).map(|m| m.term.to_string()).collect()
    };
    assert_eq!(terms(variant), terms(&CORPUS), "the converted text is not tagged like the original");
}

fn tag_text(bencher: Bencher, text: &str) {
    let tagger = &*TAGGER;
    bencher.counter(BytesCount::of_str(text)).bench(|| tagger.tag(black_box(text)));
}

// ---------------------------------------------------------------------------------------------
// Serialising

/// `Report::to_json()` of the four samples' report; throughput in bytes of JSON written.
#[divan::bench]
fn to_json_corpus(bencher: Bencher) {
    to_json(bencher, &CORPUS);
}

/// `Report::to_json()` of the ~1 MB report; throughput in bytes of JSON written.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn to_json_1mb(bencher: Bencher) {
    to_json(bencher, &SYNTHETIC_1MB);
}

fn to_json(bencher: Bencher, text: &str) {
    let report = TAGGER.tag(text);
    let bytes = report.to_json().len();
    bencher.counter(BytesCount::new(bytes)).bench(|| black_box(&report).to_json());
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// SplitMix64, the same generator as in bench/make-input.py.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Whole shuffled sample paragraphs, each followed by a blank line, until at least `target` bytes.
fn synthetic(target: usize, seed: u64) -> String {
    let pool: Vec<&str> =
        SAMPLES.iter().flat_map(|(_, t)| t.split('\n')).map(str::trim).filter(|l| !l.is_empty()).collect();
    let mut rng = SplitMix64(seed);
    let mut out = String::with_capacity(target + 8192);
    'rounds: loop {
        let mut order = pool.clone();
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for p in order {
            if out.len() >= target {
                break 'rounds;
            }
            out.push_str(p);
            out.push_str("\n\n");
        }
    }
    out
}

/// Simplified → Traditional for common characters of work reports (one char to one char, both three
/// UTF-8 bytes). Enough to send every paragraph through the folding slow path.
const TRADITIONAL_PAIRS: &str = "国國发發经經济濟区區务務会會设設实實现現业業领領组組织織党黨员員书書记記门門导導\
时時长長场場问問题題环環卫衛队隊单單项項开開关關农農习習进進动動体體护護产產质質营營执執级級责責\
边邊疗療养養财財乡鄉镇鎮乐樂户戶网網络絡电電气氣车車检檢测測诉訴调調稳穩战戰为為们們这這个個\
对對与與过過还還从從应應义義众眾总總结結统統规規划劃围圍联聯续續处處办辦条條优優纠糾";

fn to_traditional(text: &str) -> String {
    let pairs: Vec<char> = TRADITIONAL_PAIRS.chars().collect();
    let table: Vec<(char, char)> = pairs.chunks(2).map(|p| (p[0], p[1])).collect();
    text.chars().map(|c| table.iter().find(|(s, _)| *s == c).map_or(c, |(_, t)| *t)).collect()
}

/// ASCII digits, letters and punctuation to their full-width forms (U+FF01..U+FF5E).
fn to_full_width(text: &str) -> String {
    text.chars()
        .map(|c| if ('!'..='~').contains(&c) { char::from_u32(c as u32 + 0xFEE0).unwrap() } else { c })
        .collect()
}

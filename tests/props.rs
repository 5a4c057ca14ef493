//! Property tests: the tagger against a naive leftmost-longest oracle, and offset invariants on
//! arbitrary text (characters outside the BMP, full-width forms, Traditional script, line breaks).

mod common;

use std::sync::OnceLock;

use proptest::prelude::*;
use tifa::{Report, Tagger};

/// A small alphabet, with a character outside the BMP, so that random terms overlap often.
const ALPHABET: &[char] = &['河', '长', '制', '湖', '林', '𝌆', 'a', 'b', '。'];

/// Words of proximity terms (some inside others, one outside the BMP) and the pieces of text around
/// them, with a sentence end.
const PROXIMITY_WORDS: &[&str] = &["河道", "整治", "河", "治理", "𝌆湖"];
const PROXIMITY_TEXT: &[&str] = &["河道", "整治", "河", "治", "理", "𝌆湖", "湖", "林", "林", "长", "。", "，"];

fn word(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(&ALPHABET[..8]), 1..=max).prop_map(|v| v.into_iter().collect())
}

/// Leftmost-longest by brute force: at each character, the longest term starting there, else move on.
fn oracle(text: &str, terms: &[String]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let best = terms.iter().filter(|t| text[i..].starts_with(t.as_str())).map(|t| t.len()).max();
        match best {
            Some(len) => {
                out.push((i, i + len));
                i += len;
            }
            None => i += text[i..].chars().next().unwrap().len_utf8(),
        }
    }
    out
}

/// The matches of one proximity term by brute force, as rules/README.md §4 has them: each
/// occurrence of the first word, in order, anchors a try; every other word takes its occurrence
/// nearest the anchor in characters (the earlier one of two as near) that overlaps no word taken;
/// the stretch from the first word to the last counts where it crosses no sentence end, has at most
/// `within` characters besides the words, and does not overlap the stretch found before.
fn proximity_oracle(text: &str, words: &[String], within: usize) -> Vec<(usize, usize)> {
    let occurrences = |w: &str| -> Vec<(usize, usize)> {
        text.char_indices().map(|(i, _)| i).filter(|&i| text[i..].starts_with(w)).map(|i| (i, i + w.len())).collect()
    };
    let lists: Vec<Vec<(usize, usize)>> = words.iter().map(|w| occurrences(w)).collect();
    let mut found: Vec<(usize, usize)> = Vec::new();
    for &(s0, e0) in &lists[0] {
        let mut taken = vec![(s0, e0)];
        for list in &lists[1..] {
            let nearest = list.iter().filter(|o| taken.iter().all(|&(a, b)| o.1 <= a || b <= o.0)).min_by_key(|o| {
                if o.0 >= e0 { text[e0..o.0].chars().count() } else { text[o.1.min(s0)..s0].chars().count() }
            });
            match nearest {
                Some(&o) => taken.push(o),
                None => break,
            }
        }
        if taken.len() < words.len() {
            continue;
        }
        let s = taken.iter().map(|w| w.0).min().unwrap();
        let e = taken.iter().map(|w| w.1).max().unwrap();
        let stretch = &text[s..e];
        let word_chars: usize = taken.iter().map(|&(a, b)| text[a..b].chars().count()).sum();
        if stretch.contains(['。', '；', '！', '？', ';', '!', '?']) || stretch.chars().count() - word_chars > within
        {
            continue;
        }
        if found.last().is_none_or(|&(_, pe)| pe <= s) {
            found.push((s, e));
        }
    }
    found
}

fn tagger_for(terms: &[String]) -> Tagger {
    let list: Vec<String> = terms.iter().map(|t| format!("{t:?}")).collect();
    common::tagger(&[("prop.toml", &format!("name = \"测试\"\nterms = [{}]\n", list.join(", ")))])
}

fn check_offsets(text: &str, report: &Report) {
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let chars: Vec<char> = text.chars().collect();
    let mut last = 0;
    for p in &report.paragraphs {
        assert!(p.span.byte_start >= last && p.span.byte_start <= p.span.byte_end);
        last = p.span.byte_end;
        for (s, e, cs, ce, us, ue) in std::iter::once((
            p.span.byte_start, p.span.byte_end, p.span.start, p.span.end, p.span.utf16_start, p.span.utf16_end,
        ))
        .chain(p.matches.iter().map(|m| {
            (m.span.byte_start, m.span.byte_end, m.span.start, m.span.end, m.span.utf16_start, m.span.utf16_end)
        })) {
            assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
            let slice = &text[s..e];
            assert_eq!(chars[cs..ce].iter().collect::<String>(), slice);
            assert_eq!(String::from_utf16(&utf16[us..ue]).unwrap(), slice);
            assert!(s >= p.span.byte_start && e <= p.span.byte_end);
        }
        for m in &p.matches {
            assert_eq!(&text[m.span.byte_start..m.span.byte_end], m.text);
        }
    }
}

fn default_tagger() -> &'static Tagger {
    static T: OnceLock<Tagger> = OnceLock::new();
    T.get_or_init(Tagger::builtin)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn agrees_with_the_naive_oracle(
        terms in proptest::collection::btree_set(word(4), 1..6),
        text in proptest::collection::vec(proptest::sample::select(ALPHABET), 0..60).prop_map(|v| v.into_iter().collect::<String>()),
    ) {
        let terms: Vec<String> = terms.into_iter().collect();
        let report = tagger_for(&terms).tag(&text);
        let got: Vec<(usize, usize)> = report.paragraphs.iter().flat_map(|p| p.matches.iter().map(|m| (m.span.byte_start, m.span.byte_end))).collect();
        prop_assert_eq!(got, oracle(&text, &terms));
        check_offsets(&text, &report);
    }

    #[test]
    fn proximity_terms_agree_with_the_naive_oracle(
        terms in proptest::collection::vec((proptest::collection::vec(proptest::sample::select(PROXIMITY_WORDS), 2..=3), 0usize..6), 1..8),
        text in proptest::collection::vec(proptest::sample::select(PROXIMITY_TEXT), 0..80).prop_map(|v| v.concat()),
    ) {
        // every term in a theme of its own, so that leftmost-longest within a theme does not choose
        // between them; the words are shared between terms, and most texts hold only some of a
        // term's words (the search looks only at terms with every word in the paragraph)
        let files: Vec<(String, String)> = terms
            .iter()
            .enumerate()
            .map(|(i, (words, within))| {
                let all: Vec<String> = words.iter().map(|w| format!("{w:?}")).collect();
                (format!("t{i}.toml"), format!("name = \"邻近{i}\"\n[[term]]\nall = [{}]\nwithin = {within}\n", all.join(", ")))
            })
            .collect();
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let report = common::tagger(&refs).tag(&text);
        let mut got: Vec<(String, usize, usize)> = report
            .paragraphs
            .iter()
            .flat_map(|p| p.matches.iter().flat_map(|m| m.themes.iter().map(|t| (t.to_string(), m.span.byte_start, m.span.byte_end))))
            .collect();
        got.sort();
        let mut expected: Vec<(String, usize, usize)> = Vec::new();
        for (i, (words, within)) in terms.iter().enumerate() {
            let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            for (s, e) in proximity_oracle(&text, &words, *within) {
                expected.push((format!("t{i}"), s, e));
            }
        }
        expected.sort();
        prop_assert_eq!(got, expected);
        check_offsets(&text, &report);
    }

    #[test]
    fn offsets_agree_on_any_text(text in "(\\PC|[\n\u{3000}　１３１０河長制瓶改管𝌆😀“”]){0,200}") {
        let report = default_tagger().tag(&text);
        check_offsets(&text, &report);
    }

    #[test]
    fn folding_does_not_change_what_matches(text in "[河长制湖林碧道 \u{3000}]{0,40}") {
        // Spaces and ideographic spaces inside a term do not stop a match: removing them changes
        // nothing but the offsets. (Line breaks are covered by the semantics table: they also decide
        // where paragraphs end.)
        let tagger = tagger_for(&["河长制".to_string(), "碧道".to_string()]);
        let with_space = tagger.tag(&text);
        check_offsets(&text, &with_space);
        let squeezed: String = text.chars().filter(|c| *c != ' ' && *c != '\u{3000}').collect();
        let plain = tagger.tag(&squeezed);
        let terms = |r: &Report| r.paragraphs.iter().flat_map(|p| p.matches.iter().map(|m| m.term.clone())).collect::<Vec<_>>();
        prop_assert_eq!(terms(&with_space), terms(&plain));
    }
}

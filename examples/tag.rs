//! The library at work: tagging a text, its paragraphs, themes and matches, offsets in UTF-8 bytes,
//! chars and UTF-16 units (and highlighting with them), rules from strings with an overlay of the
//! default rules, rule errors, and one tagger shared between threads. It checks what it prints
//! (`scripts/test.sh` runs it):
//!
//! ```sh
//! cargo run --example tag
//! ```
//!
//! A library user depends on tifa with `default-features = false` (see the README, "The library").

use std::sync::Arc;

fn main() {
    // Build once (about 100 ms in release), then share: `Tagger` is immutable, `Send` and `Sync`.
    let tagger = Arc::new(tifa::Tagger::builtin());

    // 1. Tag a text. The report borrows it: each match's `text` is a slice of the original.
    let text = "一、生态环境\n全面推行河長制，深入打好污染防治攻坚战。\n\n二、基层治理\n推动“五社联动”，完成瓶改管𠀀。";
    let report = tagger.tag(text);
    for p in &report.paragraphs {
        println!("paragraph {} ({:?}, section {:?}):", p.index, p.kind, p.section);
        for theme in &p.themes {
            println!("  theme {} ({}), score {}, terms {:?}", theme.id, theme.name, theme.score, theme.terms);
        }
        for m in &p.matches {
            // 2. Offsets three ways: the same text by UTF-8 bytes (Rust), chars (Python) and UTF-16
            //    code units (JavaScript). Traditional 河長制 matched the term 河长制.
            let s = &m.span;
            let by_bytes = &text[s.byte_start..s.byte_end];
            let by_chars: String = text.chars().skip(s.start).take(s.end - s.start).collect();
            let utf16: Vec<u16> = text.encode_utf16().collect();
            let by_utf16 = String::from_utf16(&utf16[s.utf16_start..s.utf16_end]).expect("a match is whole characters");
            assert!(by_bytes == m.text && by_chars == m.text && by_utf16 == m.text);
            println!(
                "  match {:?} (term {}) at chars {}..{}, bytes {}..{}, UTF-16 {}..{}, themes {:?}",
                m.text,
                m.term,
                s.start,
                s.end,
                s.byte_start,
                s.byte_end,
                s.utf16_start,
                s.utf16_end,
                m.themes.as_slice()
            );
        }
    }
    let found: Vec<&str> = report.paragraphs.iter().flat_map(|p| p.matches.iter().map(|m| m.term.as_str())).collect();
    assert!(found.contains(&"河长制") && found.contains(&"五社联动"), "{found:?}");

    // 3. Highlight by byte offsets: matches are in text order; matches of different themes may
    //    overlap, so a match starting inside the last one highlighted is skipped.
    let mut marked = String::new();
    let mut at = 0;
    for m in report.paragraphs.iter().flat_map(|p| &p.matches) {
        if m.span.byte_start >= at {
            marked.push_str(&text[at..m.span.byte_start]);
            marked.push_str(&format!("【{}】", m.text));
            at = m.span.byte_end;
        }
    }
    marked.push_str(&text[at..]);
    println!("\n{marked}\n");
    assert!(marked.contains("【河長制】"));

    // 4. The JSON contract (README, "The JSON contract"), also written while tagging by
    //    `serde_json::to_writer(out, &tagger.tag_streamed(text))`.
    let json = report.to_json();
    assert_eq!(serde_json::to_string(&tagger.tag_streamed(text)).expect("serialises"), json);
    println!(
        "JSON: {} bytes, summary: {} paragraphs, {} matches\n",
        json.len(),
        report.summary.paragraphs,
        report.summary.matches
    );

    // 5. Rules from strings (a database, a form): a new theme, and an overlay of a default theme (a
    //    file named after it) that removes one of its terms. Every source is checked when built.
    let rules = tifa::RuleSet::builder()
        .source(
            "db/night_economy.toml",
            "name = \"夜间经济\"\nterms = [\"夜间经济\", \"夜经济\"]\nexamples = [\"培育{{夜间经济}}。\"]\n",
        )
        .source("db/ecology_environment.toml", "remove = [\"河长制\"]\n")
        .build()
        .expect("valid rules");
    let custom = tifa::Tagger::new(rules);
    // the examples of every theme, the defaults' included: one that needs the removed term fails
    for failure in custom.check_examples() {
        println!("{}", failure.render());
    }
    let r = custom.tag("培育夜间经济，全面推行河长制。");
    let terms: Vec<&str> = r.paragraphs[0].matches.iter().map(|m| m.term.as_str()).collect();
    println!("with the overlay: {terms:?}");
    assert!(terms.contains(&"夜间经济") && !terms.contains(&"河长制"));

    // 6. Errors in rule files come back together, each with file, line and column, and render with
    //    the source line and a caret (as `tifa check` prints them).
    let errors = tifa::RuleSet::builder()
        .source("db/a.toml", "name = 夜间经济\nterms = [\"夜市\"]\n")
        .source("db/b.toml", "terms = [\"夜市\"]\n")
        .build()
        .expect_err("two bad files");
    for e in errors.iter() {
        println!("{}:{}:{}: {}", e.file, e.line, e.column, e.message);
    }
    println!("\n{}", errors.render());
    assert!(errors.len() >= 2);

    // 7. One tagger, many threads: clone the `Arc`, not the tagger (`Clone` is a deep copy).
    let texts = ["全面推行河长制。", "完成瓶改管。", "推动“五社联动”。", "全年办结群众诉求1310宗。"];
    let handles: Vec<_> = texts
        .iter()
        .map(|&t| {
            let tagger = Arc::clone(&tagger);
            std::thread::spawn(move || tagger.tag(t).summary.matches)
        })
        .collect();
    let counts: Vec<usize> = handles.into_iter().map(|h| h.join().expect("no panic")).collect();
    println!("matches per text, tagged on {} threads: {counts:?}", texts.len());
    assert_eq!(counts, texts.iter().map(|t| tagger.tag(t).summary.matches).collect::<Vec<_>>());
    // a bare number is not a slogan: 1310 counts only as the name of the provincial deployment
    assert!(tagger.tag(texts[3]).paragraphs[0].themes.iter().all(|t| t.id != "higher_directives"));
}

//! Paragraphs come back from the layouts users paste: real reports (the four samples of
//! tests/fixtures/corpus and a provincial report, tests/fixtures/layout/README.md) laid out one
//! paragraph per line, wrapped at a width like a PDF, or folded at so many characters, with and
//! without indents. The floors are a little below what `segment` gives back today; before the
//! layout was read from the whole text (`Layout` in src/segment.rs), wrapped text gave back 75–80 %
//! of the paragraphs and a provincial report pasted as it is 84 % (its headings ran into the next
//! paragraph). Short excerpts of a PDF (a few lines, of paragraphs opened by 一是 … and with 一是 … inside,
//! tests/fixtures/layout/enumerations.txt) keep their words whole, on one page and on two: before a
//! short text's lines were read for a width, 514 segments of 922 one-page excerpts ended inside a
//! sentence, and before a running header found twice was one, each of the 424 two-page excerpts kept
//! it inside a paragraph.

use std::collections::HashSet;

use tifa::segment;

const REPORTS: [(&str, &str); 5] = [
    ("panyu-shiqiao-2023", include_str!("fixtures/corpus/panyu-shiqiao-2023.txt")),
    ("baoan-xinqiao-2024h1", include_str!("fixtures/corpus/baoan-xinqiao-2024h1.txt")),
    ("panyu-shawan-2023", include_str!("fixtures/corpus/panyu-shawan-2023.txt")),
    ("zhongshan-nanqu-2022", include_str!("fixtures/corpus/zhongshan-nanqu-2022.txt")),
    ("021_beijing_2025", include_str!("fixtures/layout/021_beijing_2025.txt")),
];

/// Two full-width spaces, the indent of a paragraph's first line in Chinese documents.
const INDENT: &str = "\u{3000}\u{3000}";

/// The paragraphs of a report: its non-blank lines, without their indents.
fn paragraphs(report: &str) -> Vec<String> {
    report.lines().map(|l| l.trim().to_string()).filter(|l| !l.is_empty()).collect()
}

/// How a paragraph is cut into lines.
#[derive(Debug, Clone, Copy)]
enum Wrap {
    /// Not at all: one paragraph per line.
    None,
    /// At this many columns, as a page shows them (an ASCII character takes one, any other two).
    Columns(usize),
    /// At this many characters.
    Chars(usize),
}

fn wrap(paragraph: &str, how: Wrap) -> Vec<String> {
    let (limit, width): (usize, fn(char) -> usize) = match how {
        Wrap::None => return vec![paragraph.to_string()],
        Wrap::Columns(n) => (n, |c| if c.is_ascii() { 1 } else { 2 }),
        Wrap::Chars(n) => (n, |_| 1),
    };
    let mut lines = vec![String::new()];
    let mut used = 0;
    for c in paragraph.chars() {
        if used + width(c) > limit {
            lines.push(String::new());
            used = 0;
        }
        lines.last_mut().unwrap().push(c);
        used += width(c);
    }
    lines
}

/// The share of `paragraphs` that `segment` gives back whole from the text laid out so.
fn given_back(paragraphs: &[String], how: Wrap, indent: bool) -> (usize, usize) {
    let text: Vec<String> = paragraphs
        .iter()
        .map(|p| {
            let lines = wrap(p, how);
            format!("{}{}", if indent { INDENT } else { "" }, lines.join("\n"))
        })
        .collect();
    let text = text.join("\n");
    let found: HashSet<String> =
        segment(&text).iter().map(|s| text[s.start..s.end].replace(['\n', '\u{3000}'], "")).collect();
    let back = paragraphs.iter().filter(|p| found.contains(&p.replace('\u{3000}', ""))).count();
    (back, paragraphs.len())
}

#[test]
fn paragraphs_come_back_from_every_layout() {
    // (layout, indented, floor): the share of paragraphs given back, over the five reports together
    let layouts: &[(Wrap, bool, f64)] = &[
        (Wrap::None, false, 0.99),
        (Wrap::None, true, 0.99),
        // a PDF page of 25, 33 and 40 Chinese characters a line
        (Wrap::Columns(50), false, 0.83),
        (Wrap::Columns(66), false, 0.93),
        (Wrap::Columns(80), false, 0.95),
        (Wrap::Columns(50), true, 0.97),
        (Wrap::Columns(66), true, 0.97),
        (Wrap::Columns(80), true, 0.97),
        // a text file folded at so many characters
        (Wrap::Chars(25), false, 0.87),
        (Wrap::Chars(33), false, 0.93),
        (Wrap::Chars(40), true, 0.97),
    ];
    let reports: Vec<Vec<String>> = REPORTS.iter().map(|(_, r)| paragraphs(r)).collect();
    let mut report = Vec::new();
    let mut failed = false;
    for &(how, indent, floor) in layouts {
        let (mut back, mut all) = (0, 0);
        for paragraphs in &reports {
            let (b, a) = given_back(paragraphs, how, indent);
            back += b;
            all += a;
        }
        let share = back as f64 / all as f64;
        failed |= share < floor;
        report.push(format!("{how:?} indented {indent}: {back}/{all} = {share:.3} (floor {floor})"));
    }
    // the figures, for `cargo test --test layout -- --nocapture` (a change to segmentation reports them)
    eprintln!("paragraphs given back:\n{}", report.join("\n"));
    assert!(!failed, "paragraphs given back:\n{}", report.join("\n"));
}

#[test]
fn a_report_pasted_as_it_is_keeps_its_headings() {
    // the provincial report as published: its headings （一）… stand on lines of their own, without a
    // sentence end, before their first paragraph
    let (_, beijing) = REPORTS[4];
    let segments = segment(beijing);
    let headings: Vec<&str> = segments
        .iter()
        .filter(|s| s.kind == tifa::ParagraphKind::Heading)
        .map(|s| &beijing[s.start..s.end])
        .filter(|h| h.starts_with('（'))
        .collect();
    assert!(
        headings.contains(&"（一）充分发挥经济体制改革牵引作用，努力在重点领域和关键环节取得新突破"),
        "{headings:?}"
    );
    assert!(headings.contains(&"（十一）提高城市本质安全水平，切实维护首都和谐稳定"), "{headings:?}");
    let (back, all) = given_back(&paragraphs(beijing), Wrap::None, true);
    assert!(back as f64 >= 0.99 * all as f64, "{back}/{all}");
}

/// Paragraphs of a street report written for these tests (tests/fixtures/layout/README.md): paragraphs
/// opened by 一是 … and 第一， whose first sentence runs past a line, one with 一是 … 二是 … inside,
/// 一是 … headings on lines of their own, and a character beyond the BMP (𠮷).
const ENUMERATIONS: &str = include_str!("fixtures/layout/enumerations.txt");

/// Where the segments of an excerpt of `paragraphs` end in them, told apart: (paragraph ends found,
/// cuts at a sentence end inside a paragraph, cuts inside a sentence). The segments that are not
/// boilerplate, line breaks, indents and the lines they pass over left out, must be the paragraphs'
/// text in order: `None` where they are not (a page's running header left in a paragraph).
fn cuts(paragraphs: &[String], text: &str) -> Option<(usize, usize, usize)> {
    let source: String = paragraphs.concat();
    let mut ends = Vec::new();
    let mut at = 0;
    for p in paragraphs {
        at += p.len();
        ends.push(at);
    }
    let (mut found, mut at_sentence, mut inside) = (0, 0, 0);
    let mut at = 0;
    for s in segment(text).iter().filter(|s| s.kind != tifa::ParagraphKind::Boilerplate) {
        let mut piece = String::new();
        let mut from = s.start;
        for r in &s.passed_over {
            piece += &text[from..r.start];
            from = r.end;
        }
        piece += &text[from..s.end];
        let piece = piece.replace(['\n', '\u{3000}'], "");
        if source.get(at..at + piece.len()) != Some(piece.as_str()) {
            return None;
        }
        at += piece.len();
        if ends.contains(&at) {
            found += 1;
        } else if source[..at].ends_with(['。', '！', '？', '；', '：']) {
            at_sentence += 1;
        } else {
            inside += 1;
        }
    }
    (at == source.len()).then_some((found, at_sentence, inside))
}

/// A short excerpt of a PDF (fewer than 6 lines of 15 characters or more: the layout is not told)
/// keeps its words whole: a line broken inside a sentence goes on, whether it opens with 一是 or the
/// next line does, at every width from 28 to 40 characters a line (the 28 of an official document
/// and the 35–40 of a report laid out wider), with and without first-line indents, and on two pages
/// (a page number and a running header twice, passed over; the spans point into the text).
#[test]
fn short_pdf_excerpts_keep_words_whole() {
    let paragraphs = paragraphs(ENUMERATIONS);
    let (mut excerpts, mut paged_excerpts, mut found, mut all, mut at_sentence, mut inside) = (0, 0, 0, 0, 0, 0);
    // excerpts whose paragraphs, the lines passed over left out, are not the text (a header left in)
    let mut garbled = 0;
    let mut examples = Vec::new();
    for n in 1..=3 {
        for first in 0..=paragraphs.len() - n {
            let these = &paragraphs[first..first + n];
            for width in 28..=40 {
                for (indent, paged) in [(false, false), (true, false), (false, true), (true, true)] {
                    let lines: Vec<Vec<String>> = these.iter().map(|p| wrap(p, Wrap::Columns(2 * width))).collect();
                    let long = lines.iter().flatten().filter(|l| l.chars().nth(14).is_some()).count();
                    if long >= 6 {
                        continue;
                    }
                    let text: Vec<String> =
                        lines.iter().map(|l| format!("{}{}", if indent { INDENT } else { "" }, l.join("\n"))).collect();
                    let mut text = text.join("\n");
                    if paged {
                        // two page breaks, after the first and the third line: a page number and the
                        // running header, found twice
                        let mut lines: Vec<&str> = text.lines().collect();
                        if lines.len() < 4 {
                            continue;
                        }
                        lines.insert(3, "— 7 —\n沙湾街道办事处文件");
                        lines.insert(1, "— 6 —\n沙湾街道办事处文件");
                        text = lines.join("\n");
                        paged_excerpts += 1;
                    }
                    excerpts += 1;
                    let Some((f, s, i)) = cuts(these, &text) else {
                        garbled += 1;
                        if examples.len() < 8 {
                            examples.push(text);
                        }
                        continue;
                    };
                    found += f;
                    all += these.len();
                    at_sentence += s;
                    inside += i;
                    if (i > 0 || s > 0 || f < these.len()) && examples.len() < 8 {
                        examples.push(text);
                    }
                }
            }
        }
    }
    let figures = format!(
        "{excerpts} excerpts ({paged_excerpts} of two pages): {garbled} with page furniture left in paragraphs; in the others {found}/{all} paragraph ends found, {at_sentence} cuts at a sentence end, {inside} inside a sentence"
    );
    eprintln!("{figures}");
    assert!(excerpts >= 200 && paged_excerpts >= 100, "{figures}");
    assert_eq!((garbled, inside), (0, 0), "{figures}\n{}", examples.join("\n\n"));
    assert_eq!(found, all, "{figures}\n{}", examples.join("\n\n"));
}

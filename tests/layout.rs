//! Paragraphs come back from the layouts users paste: real reports (the four samples of
//! tests/fixtures/corpus and a provincial report, tests/fixtures/layout/README.md) laid out one
//! paragraph per line, wrapped at a width like a PDF, or folded at so many characters, with and
//! without indents. The floors are a little below what `segment` gives back today; before the
//! layout was read from the whole text (`Layout` in src/segment.rs), wrapped text gave back 75–80 %
//! of the paragraphs and a provincial report pasted as it is 84 % (its headings ran into the next
//! paragraph).

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
    assert!(headings.contains(&"（一）充分发挥经济体制改革牵引作用，努力在重点领域和关键环节取得新突破"), "{headings:?}");
    assert!(headings.contains(&"（十一）提高城市本质安全水平，切实维护首都和谐稳定"), "{headings:?}");
    let (back, all) = given_back(&paragraphs(beijing), Wrap::None, true);
    assert!(back as f64 >= 0.99 * all as f64, "{back}/{all}");
}

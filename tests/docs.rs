//! The rule files that the guides print are rules that pass `tifa check` as printed: every ```toml
//! block of rules/README.md and README.md is read as whole rule files over the default rules, and
//! must build without an error or a warning, with every example passing.
//!
//! A block that is only part of a file (a `[[term]]` shown alone, a list to merge) is marked in its
//! info string: ```` ```toml fragment ````; a block of Cargo's manifest, not a rule file, is
//! ```` ```toml cargo ```` and is not read. A block is one file named `doc_example.toml` (a new
//! theme), or, where a line of the block is a comment naming a file (`# my_rules/city_appearance.toml
//! —— …`), one file per such line, named by it.

use std::path::Path;

use tifa::{RuleSet, Tagger};

/// A ```toml block: the file it is in, the line of its opening fence, and its text.
struct Block {
    doc: &'static str,
    line: usize,
    text: String,
    fragment: bool,
}

fn blocks(doc: &'static str) -> Vec<Block> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(doc)).unwrap();
    let mut out = Vec::new();
    let mut open: Option<Block> = None;
    for (i, line) in text.lines().enumerate() {
        match open.as_mut() {
            None => {
                // (an info string with a backtick is no fence: inline code at the start of a line)
                if let Some(info) = line.strip_prefix("```").filter(|i| !i.contains('`')) {
                    let mut words = info.split_whitespace();
                    if words.next() == Some("toml") {
                        let (fragment, cargo) =
                            words.fold((false, false), |(f, c), w| (f || w == "fragment", c || w == "cargo"));
                        // a Cargo manifest's lines: skipped like another language
                        open = Some(Block { doc, line: if cargo { 0 } else { i + 1 }, text: String::new(), fragment });
                    } else if !info.trim().is_empty() {
                        // another language: skip to its closing fence
                        open = Some(Block { doc, line: 0, text: String::new(), fragment: true });
                    }
                }
            }
            Some(b) => {
                if line.trim_end() == "```" {
                    let b = open.take().unwrap();
                    if b.line > 0 {
                        out.push(b);
                    }
                } else {
                    b.text.push_str(line);
                    b.text.push('\n');
                }
            }
        }
    }
    assert!(open.is_none(), "{doc}: a code block is not closed");
    out
}

/// The files of a block: `(name, text)`, split at the comment lines that name a `.toml` file.
fn files(block: &Block) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in block.text.lines() {
        let named =
            line.strip_prefix("# ").and_then(|rest| rest.split_whitespace().next()).filter(|w| w.ends_with(".toml"));
        match (named, out.last_mut()) {
            (Some(name), _) => out.push((name.to_string(), String::new())),
            (None, Some(last)) => {
                last.1.push_str(line);
                last.1.push('\n');
            }
            (None, None) => out.push(("doc_example.toml".to_string(), format!("{line}\n"))),
        }
    }
    out
}

#[test]
fn every_rule_file_of_the_guides_passes_check() {
    let mut failures = Vec::new();
    let mut whole = 0;
    for doc in ["rules/README.md", "README.md"] {
        for block in blocks(doc).iter().filter(|b| !b.fragment) {
            whole += 1;
            let place = format!("{}:{}", block.doc, block.line);
            let mut builder = RuleSet::builder();
            for (name, text) in files(block) {
                builder = builder.source(name, text);
            }
            let rules = match builder.build() {
                Ok(r) => r,
                Err(e) => {
                    failures.push(format!("{place}: the block does not build:\n{}", e.render()));
                    continue;
                }
            };
            for w in rules.warnings() {
                failures.push(format!("{place}: {}", w.render()));
            }
            for f in Tagger::new(rules).check_examples() {
                failures.push(format!("{place}: {}", f.render()));
            }
        }
    }
    assert!(whole >= 3, "only {whole} whole-file blocks found");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// How a block is cut into files, and that the guides have blocks of both kinds.
#[test]
fn blocks_are_cut_into_files_at_the_comments_naming_them() {
    let block = Block {
        doc: "x",
        line: 1,
        text: "# my/a.toml —— A\nenabled = false\n\n# my/b.toml\nterms = [\"x\"]\n".into(),
        fragment: false,
    };
    let got = files(&block);
    assert_eq!(
        got,
        [
            ("my/a.toml".to_string(), "enabled = false\n\n".to_string()),
            ("my/b.toml".to_string(), "terms = [\"x\"]\n".to_string())
        ]
    );
    let plain = Block { doc: "x", line: 1, text: "# a comment\nname = \"甲\"\n".into(), fragment: false };
    assert_eq!(files(&plain)[0].0, "doc_example.toml");
    let all: Vec<Block> = ["rules/README.md", "README.md"].into_iter().flat_map(blocks).collect();
    assert!(all.iter().any(|b| b.fragment) && all.iter().any(|b| !b.fragment));
}

/// The table of the default themes in rules/README.md §10 gives each theme's term count and the
/// total as `tifa themes` prints them.
#[test]
fn the_guides_theme_table_counts_the_default_terms() {
    let guide = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("rules/README.md")).unwrap();
    let rules = RuleSet::builtin();
    let mut rows = 0;
    let mut total = None;
    for line in guide.lines() {
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        if cells.len() != 3 {
            continue;
        }
        if let Some(id) = cells[0].strip_prefix('`').and_then(|c| c.strip_suffix('`')) {
            let Some(index) = rules.themes().iter().position(|t| t.id == id) else { continue };
            assert_eq!(
                cells[2].parse::<usize>().ok(),
                Some(rules.theme_term_count(index)),
                "rules/README.md §10, row {id}: run `tifa themes`"
            );
            rows += 1;
        } else if cells[0] == "**合计**" {
            total = cells[2].trim_matches('*').parse::<usize>().ok();
        }
    }
    assert_eq!(rows, rules.themes().len(), "a row for every default theme");
    assert_eq!(total, Some(rules.term_count()), "rules/README.md §10, the total: run `tifa themes`");
}

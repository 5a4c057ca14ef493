//! `tifa tag --format html`: one valid, self-contained page for one file or for several.

mod common;

use std::collections::HashSet;

use common::tifa;

/// Elements that have no end tag.
const VOID: [&str; 6] = ["meta", "br", "link", "img", "hr", "input"];

/// Checks that `html` is one document whose tags nest properly; returns the tag names in order and
/// the `id` values.
fn check_document(html: &str) -> (Vec<String>, Vec<String>) {
    assert_eq!(html.matches("<!doctype html>").count(), 1, "one doctype");
    assert!(html.starts_with("<!doctype html>\n"));
    let mut stack: Vec<String> = Vec::new();
    let mut names = Vec::new();
    let mut ids = Vec::new();
    let mut rest = &html["<!doctype html>".len()..];
    while let Some(open) = rest.find('<') {
        assert!(!rest[..open].contains('>'), "a `>` in text: {}", &rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('>').unwrap_or_else(|| panic!("unclosed tag: {}", &after[..after.len().min(80)]));
        let tag = &after[..close];
        rest = &after[close + 1..];
        assert!(!tag.contains('<'), "a `<` inside a tag: {tag}");
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack.pop().unwrap_or_else(|| panic!("</{name}> with nothing open"));
            assert_eq!(top, name, "</{name}> closes <{top}>");
            continue;
        }
        let name: String = tag.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        assert!(!name.is_empty(), "a tag without a name: <{tag}>");
        if let Some(at) = tag.find(" id=\"") {
            ids.push(tag[at + 5..].split('"').next().unwrap().to_string());
        }
        names.push(name.clone());
        if !VOID.contains(&name.as_str()) && !tag.ends_with('/') {
            stack.push(name);
        }
    }
    assert!(stack.is_empty(), "left open: {stack:?}");
    assert!(!rest.contains('>'), "text after the last tag: {rest}");
    for one in ["html", "head", "style", "body"] {
        assert_eq!(names.iter().filter(|n| *n == one).count(), 1, "one <{one}>");
    }
    // (the chart's labels have <title>s of their own)
    assert_eq!(html[..html.find("</head>").unwrap()].matches("<title>").count(), 1, "one page title");
    let unique: HashSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique");
    (names, ids)
}

/// Several files make one page: one head, a list of the files linking to a section per file with
/// the file's name as its heading, a chart per file; names are escaped; no script, no external asset.
#[test]
fn several_files_make_one_page() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("a<b>&c,\"d\".txt");
    std::fs::write(&odd, "一、生态\n全面推行河长制。\n").unwrap();
    let bad = dir.path().join("bad.txt");
    std::fs::write(&bad, b"\x81\x20\xFF").unwrap();
    let sample = "tests/fixtures/corpus/panyu-shiqiao-2023.txt";
    let odd = odd.to_str().unwrap();
    let bad = bad.to_str().unwrap();
    for jobs in ["1", "3"] {
        let r = tifa(&["tag", "--format", "html", "--jobs", jobs, odd, sample, bad], b"");
        assert_eq!(r.code, 65, "{}", r.stderr);
        let html = &r.stdout;
        let (names, ids) = check_document(html);
        assert_eq!(names.iter().filter(|n| *n == "section").count(), 3);
        assert_eq!(names.iter().filter(|n| *n == "svg").count(), 2, "a chart per file that was read");
        for n in 1..=3 {
            assert!(ids.contains(&format!("f{n}")), "section f{n}");
            assert!(html.contains(&format!("<a href=\"#f{n}\">")), "link to f{n}");
        }
        let escaped = "a&lt;b&gt;&amp;c,&quot;d&quot;.txt";
        assert!(!html.contains("a<b>"), "the name is escaped");
        assert!(
            html.contains(&format!("<h2>{}/{escaped}</h2>", dir.path().display())),
            "the name is the section's heading"
        );
        assert!(html.contains(&format!("<h2>{sample}</h2>")));
        assert!(html.contains("<mark") && html.contains("2023年工作总结"));
        // the file that could not be read has its section, with the reason
        let bad_section = html.split("<section id=\"f3\">").nth(1).unwrap();
        assert!(bad_section.contains("is neither UTF-8 nor GB18030 text"), "{bad_section}");
        assert!(
            !html.contains("<script")
                && !html.contains("http://")
                && !html.contains("https://")
                && !html.contains(" src=")
        );
        assert!(r.stderr.contains("1 of 3 inputs could not be tagged"), "{}", r.stderr);
    }
    // the list comes first, then the sections in argument order
    let r = tifa(&["tag", "--format", "html", odd, sample, bad], b"");
    let nav = r.stdout.find("<nav").unwrap();
    let sections: Vec<usize> = (1..=3).map(|n| r.stdout.find(&format!("<section id=\"f{n}\">")).unwrap()).collect();
    assert!(nav < sections[0] && sections[0] < sections[1] && sections[1] < sections[2]);
}

/// One file (or standard input) is still one page with the report's title as its heading.
#[test]
fn one_file_is_one_page() {
    let r = tifa(&["tag", "--format", "html", "tests/fixtures/corpus/panyu-shiqiao-2023.txt"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let (names, _) = check_document(&r.stdout);
    assert_eq!(names.iter().filter(|n| *n == "h1").count(), 1);
    assert!(!names.contains(&"section".to_string()) && !names.contains(&"nav".to_string()));
    let r = tifa(&["tag", "--format", "html"], "全面推行河长制。".as_bytes());
    check_document(&r.stdout);
}

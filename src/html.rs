//! The text of an HTML page (a report saved from a government portal), as a reader who selects the
//! whole page and copies it would paste it: the visible text, a line for each block (paragraph,
//! heading, list item, table row, `div` …), the cells of a row separated by tabs, `<br>` a line
//! break, runs of white space in the source one space (kept as written inside `<pre>`), character
//! references decoded; the page's `<head>` (its title too), scripts, styles, `<noscript>`,
//! `<template>`, forms' drop-down lists and comments left out, and so are elements the page hides
//! itself: those with the `hidden` attribute or an inline style of `display: none` or `visibility:
//! hidden` (a portal's share buttons, a duplicate title kept for its scripts), with everything inside
//! (style sheets are not read; list items, table rows and cells, whose end tags may be left out, are
//! read even when hidden). Navigation, footers and the like stay
//! in, as in a pasted page: [`segment`](crate::segment) marks them as boilerplate. The command and the
//! Python package's `read_text` read a file as a page when [`is_html`] says so. Compiled with the
//! `html` feature (html5gum, a WHATWG tokenizer; `cli` and `python` enable it; not in the wasm build).
//!
//! ```
//! let page = "<!DOCTYPE html><html><head><title>标题</title><script>var a;</script></head>\
//!             <body><div class=nav>首页 &gt; 工作报告</div><p>全面推行\n   河长制。</p><p>瓶改管<br>完成</p></body></html>";
//! assert!(tifa::html::is_html(page));
//! assert_eq!(tifa::html::text(page), "首页 > 工作报告\n全面推行 河长制。\n瓶改管\n完成\n");
//! ```

use std::collections::BTreeMap;

use html5gum::{DefaultEmitter, HtmlString, Spanned, Token, Tokenizer};

/// Elements whose content is not shown (or not the page's text): skipped with everything inside.
const HIDDEN: [&[u8]; 8] = [b"head", b"script", b"style", b"noscript", b"template", b"select", b"title", b"svg"];

/// Elements that are never hidden by their attributes here: those without content, and those whose end
/// tag may be left out (the next one closes them), which a tokenizer cannot follow; `p` is followed
/// (see [`closes_p`]).
const SHOWN: [&[u8]; 30] = [
    b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"source", b"track", b"wbr",
    b"li", b"dt", b"dd", b"tr", b"td", b"th", b"thead", b"tbody", b"tfoot", b"option", b"optgroup", b"colgroup",
    b"caption", b"rb", b"rt", b"rtc", b"rp",
];

/// Whether a start tag's attributes hide the element: `hidden`, or an inline style that sets
/// `display: none` or `visibility: hidden` (in any case, with any white space, `!important` or not).
fn hides(attributes: &BTreeMap<HtmlString, Spanned<HtmlString, ()>>) -> bool {
    if attributes.keys().any(|name| name.as_slice() == b"hidden") {
        return true;
    }
    let Some(style) = attributes.iter().find(|(name, _)| name.as_slice() == b"style").map(|(_, value)| &value.value)
    else {
        return false;
    };
    let style: Vec<u8> = style.iter().filter(|b| !b.is_ascii_whitespace()).map(u8::to_ascii_lowercase).collect();
    style.split(|&b| b == b';').any(|declaration| {
        let value = declaration.strip_suffix(b"!important").unwrap_or(declaration);
        value == b"display:none" || value == b"visibility:hidden"
    })
}

/// Whether a tag ends a hidden `<p>` whose end tag was left out, as it ends a `<p>` in a page's tree: the
/// start of a block, or the end of an element that holds it.
fn closes_p(name: &[u8], start: bool) -> bool {
    if start {
        BLOCKS.contains(&name) && !matches!(name, b"body" | b"html" | b"li" | b"tr" | b"dd" | b"dt" | b"caption")
    } else {
        name != b"p" && (BLOCKS.contains(&name) || matches!(name, b"td" | b"th"))
    }
}

/// Elements that are blocks: each starts and ends a line.
const BLOCKS: [&[u8]; 42] = [
    b"address", b"article", b"aside", b"blockquote", b"body", b"caption", b"center", b"dd", b"details", b"dialog",
    b"dir", b"div", b"dl", b"dt", b"fieldset", b"figcaption", b"figure", b"footer", b"form", b"h1", b"h2", b"h3",
    b"h4", b"h5", b"h6", b"header", b"hgroup", b"hr", b"html", b"legend", b"li", b"main", b"menu", b"nav", b"ol", b"p",
    b"pre", b"section", b"summary", b"table", b"tr", b"ul",
];

/// Whether `text` is an HTML page: after white space, a byte-order mark and comments (a saved page
/// may open with `<!-- saved from url=… -->`), it starts with `<!DOCTYPE html` or `<html` (in any
/// case). A report that is text never does; a page fragment without them is read as text.
///
/// ```
/// assert!(tifa::html::is_html("\u{FEFF}<!-- saved from url=(0014)about:internet -->\n<HTML><body>河长制</body></HTML>"));
/// assert!(!tifa::html::is_html("<p>河长制</p>"));
/// assert!(!tifa::html::is_html("全面推行河长制。<html>"));
/// ```
pub fn is_html(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{FEFF}').trim_start();
    while let Some(comment) = rest.strip_prefix("<!--") {
        match comment.find("-->") {
            Some(end) => rest = comment[end + 3..].trim_start(),
            None => return false,
        }
    }
    let starts = |p: &str| rest.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    starts("<!doctype html") || starts("<html")
}

/// The text of the page `html` (see the [module](self) for what is read): one line for each block,
/// each line ended by a line feed, no blank lines, no white space at a line's ends.
pub fn text(html: &str) -> String {
    let mut emitter = DefaultEmitter::default();
    // script, style, title, textarea … hold raw text, not markup
    emitter.naively_switch_states(true);
    let mut out = Text::default();
    // the hidden element being skipped (its name, and how many of it are open), and <pre> depth
    let mut hidden: Option<(Vec<u8>, usize)> = None;
    let mut pre = 0usize;
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = tag.name.as_slice();
                if let Some((open, depth)) = &mut hidden {
                    if open.as_slice() == b"p" && closes_p(name, true) {
                        hidden = None;
                    } else {
                        if open.as_slice() == name && !tag.self_closing {
                            *depth += 1;
                        }
                        continue;
                    }
                }
                if HIDDEN.contains(&name) || (!SHOWN.contains(&name) && hides(&tag.attributes)) {
                    if !tag.self_closing {
                        hidden = Some((name.to_vec(), 1));
                    }
                    continue;
                }
                match name {
                    b"br" => out.line_break(),
                    b"td" | b"th" => out.cell(),
                    b"pre" | b"textarea" | b"listing" => {
                        out.end_line();
                        pre += 1;
                    }
                    b"img" => {}
                    _ if BLOCKS.contains(&name) => out.end_line(),
                    _ => {}
                }
            }
            Token::EndTag(tag) => {
                let name = tag.name.as_slice();
                if let Some((open, depth)) = &mut hidden {
                    if open.as_slice() == b"p" && closes_p(name, false) {
                        hidden = None;
                    } else {
                        if open.as_slice() == name {
                            *depth -= 1;
                            if *depth == 0 {
                                hidden = None;
                            }
                        }
                        continue;
                    }
                }
                match name {
                    b"pre" | b"textarea" | b"listing" => {
                        pre = pre.saturating_sub(1);
                        out.end_line();
                    }
                    b"br" => out.line_break(),
                    _ if BLOCKS.contains(&name) => out.end_line(),
                    _ => {}
                }
            }
            Token::String(s) if hidden.is_none() => {
                let s = String::from_utf8_lossy(&s);
                if pre > 0 { out.raw(&s) } else { out.words(&s) }
            }
            _ => {}
        }
    }
    out.end_line();
    out.text
}

/// The text being written: lines without white space at their ends, and no blank lines.
#[derive(Default)]
struct Text {
    text: String,
    /// The current line, not yet written.
    line: String,
    /// White space was seen after the line's last word: one space goes before the next.
    space: bool,
    /// A table cell has begun since the line's last word: a tab goes before the next.
    cell: bool,
}

impl Text {
    /// Text whose white space collapses (HTML's normal flow).
    fn words(&mut self, s: &str) {
        for (i, part) in s.split(|c: char| c.is_ascii_whitespace()).enumerate() {
            if i > 0 {
                self.space = true;
            }
            if !part.is_empty() {
                self.word(part);
            }
        }
    }

    fn word(&mut self, part: &str) {
        if !self.line.is_empty() {
            if self.cell {
                self.line.push('\t');
            } else if self.space {
                self.line.push(' ');
            }
        }
        self.line.push_str(part);
        self.space = false;
        self.cell = false;
    }

    /// Text kept as written (`<pre>`): its line breaks end lines.
    fn raw(&mut self, s: &str) {
        for (i, part) in s.split('\n').enumerate() {
            if i > 0 {
                self.end_line();
            }
            let part = part.trim_end_matches('\r');
            if !part.is_empty() {
                self.word(part);
            }
        }
    }

    fn cell(&mut self) {
        self.cell = true;
    }

    fn line_break(&mut self) {
        self.end_line();
    }

    fn end_line(&mut self) {
        let line = self.line.trim_matches(|c: char| c.is_ascii_whitespace());
        if !line.is_empty() {
            self.text.push_str(line);
            self.text.push('\n');
        }
        self.line.clear();
        self.space = false;
        self.cell = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_read() {
        // the table is shared with the page's reader (widget/documents.js), which the browser test runs on it
        #[derive(serde::Deserialize)]
        struct Case {
            what: String,
            html: String,
            text: String,
        }
        let cases: Vec<Case> = serde_json::from_str(include_str!("../tests/fixtures/html/cases.json")).unwrap();
        assert!(cases.len() >= 20);
        for Case { what, html, text: expected } in cases {
            assert_eq!(text(&html), expected, "{what}");
        }
    }

    #[test]
    fn what_is_a_page() {
        for page in
            ["<!DOCTYPE html><p>", "<!doctype HTML>", "<html>", "  \n<HTML lang=zh>", "<!-- a --><!--b-->\n<html>"]
        {
            assert!(is_html(page), "{page}");
        }
        for not in
            ["", "<", "<p>河长制</p>", "<!-- a", "<!-- a --> 河长制 <html>", "河长制<html>", "<htm", "<!doctype xml>"]
        {
            assert!(!is_html(not), "{not}");
        }
    }
}

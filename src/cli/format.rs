//! Output formats of `tifa tag` (text, CSV, HTML) and the readable output of `explain` and `eval`.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use tifa::{
    Candidate, Evaluation, ParagraphKind, Report, RuleSet, SharedStr, Tagger, is_closing_exhortation,
    is_portfolio_statement, names_a_document,
};

const TERM: Style = AnsiColor::Yellow.on_default().bold();
const THEME: Style = AnsiColor::Cyan.on_default().bold();
const DIM: Style = Style::new().dimmed();
const HEAD: Style = Style::new().bold();

fn paint(s: &str, style: Style, color: bool) -> String {
    if color { format!("{style}{s}{style:#}") } else { s.to_string() }
}

/// Readable text: each tagged paragraph with its section, highlighted terms and themes, then a summary.
pub(crate) fn text(
    out: &mut impl Write,
    name: &str,
    text: &str,
    report: &Report,
    rules: &RuleSet,
    color: bool,
) -> io::Result<()> {
    let s = &report.summary;
    writeln!(
        out,
        "{}",
        paint(
            &format!(
                "== {name}: {} content paragraphs, {} tagged, {} matches (rules {} {}, {} themes, {} terms)",
                s.content_paragraphs,
                s.tagged_paragraphs,
                s.matches,
                report.rules.name,
                report.rules.hash,
                report.rules.themes,
                report.rules.terms
            ),
            HEAD,
            color
        )
    )?;
    for p in &report.paragraphs {
        if p.kind == ParagraphKind::Boilerplate {
            continue;
        }
        let mut head = format!("\n¶{}", p.index);
        if !p.section.is_empty() {
            head.push_str("  ");
            head.push_str(&section_path(&p.section, " › "));
        }
        if let Some(part) = p.part {
            head.push_str(match part {
                tifa::Part::Summary => "  · summary",
                tifa::Part::Plan => "  · plan",
            });
        }
        writeln!(out, "{}", paint(&head, DIM, color))?;
        let mut body = String::new();
        let mut last = p.span.byte_start;
        for m in &p.matches {
            if m.span.byte_start < last {
                continue; // a match of another theme inside (or across) the one just shown
            }
            body.push_str(&text[last..m.span.byte_start]);
            let hl = if color {
                paint(&text[m.span.byte_start..m.span.byte_end], TERM, true)
            } else {
                format!("[{}]", &text[m.span.byte_start..m.span.byte_end])
            };
            body.push_str(&hl);
            last = m.span.byte_end;
        }
        body.push_str(&text[last..p.span.byte_end]);
        writeln!(out, "  {}", body.replace('\n', "\n  "))?;
        for t in &p.themes {
            writeln!(out, "  → {} {} ({}): {}", paint(&t.id, THEME, color), t.name, t.score, t.terms.join("、"))?;
        }
        // matches of themes that did not reach their threshold here: highlighted above, so say why
        // they are not tags
        let mut below: Vec<(&str, Vec<&str>)> = Vec::new();
        for m in &p.matches {
            let term = m.term.as_str();
            for id in m.themes.iter().map(SharedStr::as_str).filter(|id| !p.themes.iter().any(|t| t.id.as_str() == *id))
            {
                match below.iter_mut().find(|(b, _)| *b == id) {
                    Some((_, terms)) if !terms.contains(&term) => terms.push(term),
                    Some(_) => {}
                    None => below.push((id, vec![term])),
                }
            }
        }
        let closing = !below.is_empty() && is_closing_exhortation(&text[p.span.byte_start..p.span.byte_end]);
        let document = !below.is_empty() && is_document_title(text, p);
        let portfolio = !below.is_empty() && is_portfolio_statement(&text[p.span.byte_start..p.span.byte_end]);
        for (id, terms) in below {
            let name = report.summary.themes.iter().find(|(t, _)| t == id).map_or("", |(_, t)| t.name.as_str());
            let why = if document {
                "a document's title line, which gets no theme: not a tag"
            } else if portfolio {
                "a statement of one's portfolio, which gets no theme: not a tag"
            } else if closing && !closes(rules, id) {
                "a closing paragraph (a closing call or thanks), which only themes with closing = true get: not a tag"
            } else {
                "below the theme's threshold: not a tag"
            };
            writeln!(out, "{}", paint(&format!("  · {id} {name}: {} ({why})", terms.join("、")), DIM, color))?;
        }
    }
    writeln!(out, "\n{}", paint("Themes (paragraphs, matches, share of tagged paragraphs):", HEAD, color))?;
    let mut rows: Vec<_> = report.summary.themes.iter().filter(|(_, t)| t.paragraphs > 0).collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1.paragraphs));
    for (id, t) in rows {
        let bar = "█".repeat(((t.share * 30.0).round() as usize).max(1));
        writeln!(
            out,
            "  {:<26} {:>4} {:>5} {:>6.1}%  {}  {}",
            id,
            t.paragraphs,
            t.matches,
            t.share * 100.0,
            paint(&bar, THEME, color),
            t.name
        )?;
    }
    Ok(())
}

/// The themes that accepted a candidate inside the paragraph `p` and that `keep` keeps, each once, in
/// the candidates' order.
fn accepted_in<'c>(
    candidates: &'c [Candidate],
    p: &tifa::ReportParagraph,
    keep: impl Fn(&str) -> bool,
) -> Vec<&'c str> {
    let mut held: Vec<&str> = Vec::new();
    for c in candidates.iter().filter(|c| p.span.start <= c.span.start && c.span.start < p.span.end) {
        for t in c.accepted.iter().map(|t| t.as_str()) {
            if keep(t) && !held.contains(&t) {
                held.push(t);
            }
        }
    }
    held
}

/// Whether the paragraph `p` of `text` is a document's title line, which gets no theme
/// ([`names_a_document`]).
fn is_document_title(text: &str, p: &tifa::ReportParagraph) -> bool {
    p.kind == ParagraphKind::Title && names_a_document(&text[p.span.byte_start..p.span.byte_end])
}

/// Whether the theme `id` of `rules` may tag a closing paragraph, a call or thanks (`closing = true`).
fn closes(rules: &RuleSet, id: &str) -> bool {
    rules.themes().iter().any(|t| t.id == id && t.closing)
}

/// The headings of a section path joined with `sep`, each on one line: a heading of a PDF copy may be
/// broken across lines (`建立“街道—⏎社区—网格”`), and the line break, with the white space around it,
/// is dropped (a space stays between two ASCII letters or digits).
fn section_path(section: &[String], sep: &str) -> String {
    let mut path = String::new();
    for (i, heading) in section.iter().enumerate() {
        if i > 0 {
            path.push_str(sep);
        }
        let mut last: Option<char> = None;
        for line in heading.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty()) {
            if last.is_some_and(|c| c.is_ascii_alphanumeric()) && line.starts_with(|c: char| c.is_ascii_alphanumeric())
            {
                path.push(' ');
            }
            path.push_str(line);
            last = line.chars().last();
        }
    }
    path
}

/// The header line of the paragraph CSV: the paragraph's UTF-8 byte and UTF-16 offsets come last, after
/// the columns that came before them (`start` and `end` are chars), named as in the JSON.
const CSV_HEADER: [&str; 14] = [
    "file", "paragraph", "start", "end", "kind", "part", "section", "themes", "terms", "text", "byte_start",
    "byte_end", "utf16_start", "utf16_end",
];
/// The header line of the summary CSV.
const SUMMARY_CSV_HEADER: [&str; 10] = [
    "file", "theme", "name", "paragraphs", "matches", "share", "content_paragraphs", "tagged_paragraphs", "encoding",
    "rules",
];
/// The header line of the term CSV.
const TERMS_CSV_HEADER: [&str; 8] = ["file", "theme", "name", "term", "matches", "paragraphs", "tagged", "rules"];

/// Which CSV a header line is for (see [`csv_header`]).
#[derive(Clone, Copy)]
pub(crate) enum CsvKind {
    /// One row per paragraph ([`csv`]).
    Paragraphs,
    /// One row per file and theme ([`summary_csv`]).
    Summary,
    /// One row per file, theme and term ([`terms_csv`]).
    Terms,
}

/// The header line of a CSV of `kind`, as [`csv`], [`summary_csv`] and [`terms_csv`] write it with
/// `header` set: for output made without it, file by file on several threads.
pub(crate) fn csv_header(out: &mut impl Write, kind: CsvKind) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new().has_headers(false).from_writer(out);
    match kind {
        CsvKind::Paragraphs => w.write_record(CSV_HEADER),
        CsvKind::Summary => w.write_record(SUMMARY_CSV_HEADER),
        CsvKind::Terms => w.write_record(TERMS_CSV_HEADER),
    }
    .map_err(csv_io)?;
    w.flush()
}

/// How `--format csv` writes its cells (named fields, so that the two switches cannot be swapped).
#[derive(Clone, Copy)]
pub(crate) struct CsvCells {
    /// Make the cells safe for a spreadsheet: text cells that it would run as a formula get a leading
    /// `'` (see `guarded`).
    pub(crate) guard: bool,
    /// Make them fit: a `section` or `text` cell longer than a spreadsheet cell holds is cut to fit and
    /// marked (see [`fit_cell`]), with a warning.
    pub(crate) limit: bool,
}

/// One CSV row per non-boilerplate paragraph, its offsets in chars, UTF-8 bytes and UTF-16 units, its
/// cells written as `cells` says (a cut cell's warning is pushed to `warnings`, naming the file and
/// paragraph). With neither switch every cell is written as it is.
pub(crate) fn csv(
    out: &mut impl Write,
    name: &str,
    text: &str,
    report: &Report,
    header: bool,
    cells: CsvCells,
    warnings: &mut Vec<String>,
) -> io::Result<()> {
    let CsvCells { guard, limit } = cells;
    let file = guarded(name, guard);
    let mut w = ::csv::WriterBuilder::new().has_headers(false).from_writer(out);
    if header {
        w.write_record(CSV_HEADER).map_err(csv_io)?;
    }
    for p in &report.paragraphs {
        if p.kind == ParagraphKind::Boilerplate {
            continue;
        }
        let kind = contract_name(p.kind);
        let part = p.part.map(contract_name).unwrap_or_default();
        let themes: Vec<&str> = p.themes.iter().map(|t| t.id.as_str()).collect();
        let mut terms: Vec<&str> = Vec::new();
        for t in &p.themes {
            for term in &t.terms {
                if !terms.contains(&term.as_str()) {
                    terms.push(term);
                }
            }
        }
        let (section, terms) = (section_path(&p.section, " > "), terms.join(";"));
        let mut section_cell = guarded(&section, guard);
        let mut text_cell = guarded(&text[p.span.byte_start..p.span.byte_end], guard);
        if limit {
            for (what, cell, chars) in [
                ("section", &mut section_cell, section.chars().count()),
                ("text", &mut text_cell, p.span.end - p.span.start),
            ] {
                if let Some(cut) = fit_cell(cell, chars) {
                    warnings.push(format!(
                        "warning: {name}, paragraph {}: its {what} ({chars} characters) is longer than a spreadsheet cell holds \
                         (Excel: {CELL_LIMIT}); the cell is cut to fit and ends with {:?} (the JSON, or --no-cell-limit, has it whole)",
                        p.index,
                        cut_mark(chars)
                    ));
                    *cell = cut.into();
                }
            }
        }
        let row: [&str; 14] = [
            &file,
            &p.index.to_string(),
            &p.span.start.to_string(),
            &p.span.end.to_string(),
            &kind,
            &part,
            &section_cell,
            &themes.join(";"),
            &guarded(&terms, guard),
            &text_cell,
            &p.span.byte_start.to_string(),
            &p.span.byte_end.to_string(),
            &p.span.utf16_start.to_string(),
            &p.span.utf16_end.to_string(),
        ];
        w.write_record(row).map_err(csv_io)?;
    }
    w.flush()?;
    Ok(())
}

/// One CSV row per theme of the report (every active theme, in rule order, those with no paragraph
/// too): the `summary` of the JSON as a table, with the document's counts and the rules hash repeated
/// on each row.
pub(crate) fn summary_csv(
    out: &mut impl Write,
    name: &str,
    encoding: &str,
    report: &Report,
    header: bool,
    guard: bool,
) -> io::Result<()> {
    let mut w = ::csv::WriterBuilder::new().has_headers(false).from_writer(out);
    if header {
        w.write_record(SUMMARY_CSV_HEADER).map_err(csv_io)?;
    }
    let s = &report.summary;
    let file = guarded(name, guard);
    for (id, t) in &s.themes {
        w.write_record([
            &*file,
            id,
            &t.name,
            &t.paragraphs.to_string(),
            &t.matches.to_string(),
            &t.share.to_string(),
            &s.content_paragraphs.to_string(),
            &s.tagged_paragraphs.to_string(),
            encoding,
            &report.rules.hash,
        ])
        .map_err(csv_io)?;
    }
    w.flush()?;
    Ok(())
}

/// One CSV row per theme and term of the report that matched, themes in rule order and a theme's terms
/// in the order they first occur: `matches` (every match of the term that the theme accepted, below
/// the theme's threshold too, so a theme's rows add up to its `matches` in the summary), `paragraphs`
/// (those with such a match) and `tagged` (those of them that the theme tagged with this term among
/// its terms: where the term counted), with the rules hash on each row. A file without matches has no
/// rows. A term is given as its theme writes it in `rules` (themes whose terms fold alike may spell
/// them differently).
pub(crate) fn terms_csv(
    out: &mut impl Write,
    name: &str,
    report: &Report,
    rules: &tifa::RuleSet,
    header: bool,
    guard: bool,
) -> io::Result<()> {
    struct Row<'r> {
        term: &'r str,
        matches: usize,
        paragraphs: usize,
        tagged: usize,
        /// The paragraph last counted in `paragraphs`.
        last: usize,
    }
    use std::collections::HashMap;
    let themes = &report.summary.themes;
    let index: HashMap<&str, usize> = themes.iter().enumerate().map(|(i, (id, _))| (id.as_str(), i)).collect();
    // a match carries the spelling of one of its terms only; terms of other themes may fold alike and
    // be written otherwise (PM2.5 and pm2.5), so each theme's row takes that theme's own spelling
    let rule_themes = rules.themes();
    let mut folded_of: HashMap<&str, &str> = HashMap::new();
    let mut own: HashMap<(&str, &str), &str> = HashMap::new();
    for t in rules.terms() {
        folded_of.entry(t.text.as_str()).or_insert(t.folded());
        own.entry((rule_themes[t.theme].id.as_str(), t.folded())).or_insert(t.text.as_str());
    }
    let mut rows: Vec<Vec<Row>> = (0..themes.len()).map(|_| Vec::new()).collect();
    let mut slots: HashMap<(usize, &str), usize> = HashMap::new();
    for p in &report.paragraphs {
        for m in &p.matches {
            let folded = folded_of.get(m.term.as_str()).copied();
            for id in m.themes.iter() {
                let Some(&theme) = index.get(id.as_str()) else { continue };
                let term = folded.and_then(|f| own.get(&(id.as_str(), f)).copied()).unwrap_or(m.term.as_str());
                let slot = *slots.entry((theme, term)).or_insert_with(|| {
                    rows[theme].push(Row { term, matches: 0, paragraphs: 0, tagged: 0, last: usize::MAX });
                    rows[theme].len() - 1
                });
                let row = &mut rows[theme][slot];
                row.matches += 1;
                if row.last != p.index {
                    row.last = p.index;
                    row.paragraphs += 1;
                    if p.themes
                        .iter()
                        .any(|t| t.id.as_str() == id.as_str() && t.terms.iter().any(|x| x.as_str() == term))
                    {
                        row.tagged += 1;
                    }
                }
            }
        }
    }
    let mut w = ::csv::WriterBuilder::new().has_headers(false).from_writer(out);
    if header {
        w.write_record(TERMS_CSV_HEADER).map_err(csv_io)?;
    }
    let file = guarded(name, guard);
    for ((id, t), rows) in themes.iter().zip(&rows) {
        for r in rows {
            w.write_record([
                &*file,
                id,
                &t.name,
                &guarded(r.term, guard),
                &r.matches.to_string(),
                &r.paragraphs.to_string(),
                &r.tagged.to_string(),
                &report.rules.hash,
            ])
            .map_err(csv_io)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The I/O error inside a CSV writer's error, as it is: `From<csv::Error> for io::Error` wraps it
/// (kind `Other`), and a closed pipe would no longer be seen as one (`tifa tag --format csv … | head`
/// must end quietly).
fn csv_io(e: ::csv::Error) -> io::Error {
    if !e.is_io_error() {
        return io::Error::other(e);
    }
    match e.into_kind() {
        ::csv::ErrorKind::Io(e) => e,
        _ => unreachable!("an I/O error"),
    }
}

/// The most characters a spreadsheet cell holds: Excel's limit (32,767), counted in UTF-16 units, as
/// Excel counts (a character beyond U+FFFF such as 𠮷 is two).
pub(crate) const CELL_LIMIT: usize = 32_767;

/// The mark at the end of a cell cut by [`fit_cell`]: the length of the whole, in chars.
fn cut_mark(chars: usize) -> String {
    format!("…[cut: {chars} characters]")
}

/// `cell` cut to fit in [`CELL_LIMIT`] UTF-16 units, mark included, at a char boundary, and ending
/// with [`cut_mark`] of `chars` (the length of the whole text); `None` when it fits as it is.
fn fit_cell(cell: &str, chars: usize) -> Option<String> {
    // a string has at least as many UTF-8 bytes as UTF-16 units: a short one fits without counting
    if cell.len() <= CELL_LIMIT || cell.encode_utf16().count() <= CELL_LIMIT {
        return None;
    }
    let mark = cut_mark(chars);
    let room = CELL_LIMIT - mark.encode_utf16().count();
    let (mut units, mut end) = (0, 0);
    for (i, c) in cell.char_indices() {
        if units + c.len_utf16() > room {
            break;
        }
        units += c.len_utf16();
        end = i + c.len_utf8();
    }
    Some(format!("{}{mark}", &cell[..end]))
}

/// `s` as a cell: through [`cell`] with `guard`, else as it is.
fn guarded(s: &str, guard: bool) -> std::borrow::Cow<'_, str> {
    if guard { cell(s) } else { s.into() }
}

/// A text cell that a spreadsheet would run as a formula (it starts with `=`, `+`, `-`, `@`, a tab or
/// a carriage return) gets a leading `'`, which spreadsheets show as text (OWASP's advice against
/// CSV injection). Hand-written: the csv crate quotes cells but leaves their content alone.
fn cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}").into() } else { s.into() }
}

/// Distinct, readable colours for up to 24 themes (then repeated), used by the HTML report.
const PALETTE: [&str; 24] = [
    "#fde2e2", "#fff1c1", "#d9f2d9", "#d6ecff", "#eadcff", "#ffe0f0", "#e0f7f4", "#fbe7d3", "#e8f0c8", "#dde3f8",
    "#f9d9d0", "#d8f0e8", "#f3e1c6", "#e4e4e4", "#fff8b3", "#cde9f7", "#f6d6f6", "#d3f3d3", "#ffd8b8", "#e0e8ff",
    "#f0e0d0", "#d8ecec", "#f4dce4", "#e6f2cf",
];

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

/// The name a value has in the JSON contract (`kind`, `part`), as plain text.
pub(crate) fn contract_name(v: impl serde::Serialize) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The page's styles, with a background colour for each of `themes` themes (`.t0`, `.t1` …); a page
/// of several files also styles its list of files and its sections.
fn css(themes: usize, several: bool) -> String {
    let mut css = String::from(
        "body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Zen Hei',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.8;color:#1a1a1a}\
         h1{font-size:1.4rem}h1,.meta{overflow-wrap:anywhere}mark{border-radius:3px;padding:0 2px;color:inherit}mark sub{font-size:.65em;color:#444;margin-left:2px}\
         .p{margin:1rem 0;padding:.5rem .75rem;border-left:4px solid #ddd}.p.tagged{border-left-color:#888}\
         .meta{font-size:.85rem;color:#555}.tag{display:inline-block;border:1px solid #999;border-radius:1rem;padding:0 .5rem;margin:.1rem .2rem;font-size:.85rem}\
         .boiler{color:#888;font-size:.85rem}table{border-collapse:collapse}td,th{padding:.2rem .6rem;text-align:left}\
         @media print{.boiler{display:none}}\n",
    );
    if several {
        css.push_str(
            "section{border-top:2px solid #888;margin-top:2.5rem}section h2{font-size:1.2rem;overflow-wrap:anywhere}\
             h3{font-size:1.05rem}nav li{overflow-wrap:anywhere}.error{color:#a00}\n",
        );
    }
    for i in 0..themes {
        css.push_str(&format!(".t{i}{{background:{}}}\n", PALETTE[i % PALETTE.len()]));
    }
    css
}

/// The start of a page, up to `<body>`.
fn html_head(out: &mut impl Write, title: &str, css: &str) -> io::Result<()> {
    writeln!(
        out,
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
    )?;
    writeln!(out, "<title>tifa · {}</title><style>{css}</style></head><body>", esc(title))
}

/// The report's title: its longest title line, if it has one.
fn report_title(text: &str, report: &Report) -> Option<String> {
    report
        .paragraphs
        .iter()
        .filter(|p| p.kind == ParagraphKind::Title)
        .map(|p| text[p.span.byte_start..p.span.byte_end].split_whitespace().collect::<Vec<_>>().join(" "))
        .max_by_key(|t| t.chars().count())
}

/// One self-contained HTML file (no external assets, no script): the text with highlighted terms, the
/// tags of each paragraph, and a bar chart of themes.
pub(crate) fn html(out: &mut impl Write, name: &str, text: &str, report: &Report) -> io::Result<()> {
    // the heading is the report's title, else the file's name; the path goes to a line of its own,
    // which may wrap anywhere
    let title =
        report_title(text, report).unwrap_or_else(|| name.rsplit(['/', '\\']).next().unwrap_or(name).to_string());
    html_head(out, &title, &css(report.summary.themes.len(), false))?;
    writeln!(out, "<h1>{}</h1>", esc(&title))?;
    writeln!(out, "<p class=\"meta\">{}</p>", esc(name))?;
    html_report(out, text, report, None)?;
    writeln!(out, "</body></html>")
}

/// The start of one page for several files (`tifa tag --format html a.txt b.txt …`): the head, a
/// heading and the list of the files, each linking to its section (`#f1`, `#f2` … in argument order).
pub(crate) fn html_start(out: &mut impl Write, names: &[String], themes: usize) -> io::Result<()> {
    let heading = format!("{} 份报告 / reports", names.len());
    html_head(out, &heading, &css(themes, true))?;
    writeln!(out, "<h1>{heading}</h1>\n<nav><ol>")?;
    for (i, name) in names.iter().enumerate() {
        writeln!(out, "<li><a href=\"#f{}\">{}</a></li>", i + 1, esc(name))?;
    }
    writeln!(out, "</ol></nav>")
}

/// The section of the `n`-th file (from 1) of a page of several: the file's name as its heading, then
/// what a page of its own shows.
pub(crate) fn html_section(out: &mut impl Write, n: usize, name: &str, text: &str, report: &Report) -> io::Result<()> {
    writeln!(out, "<section id=\"f{n}\">\n<h2>{}</h2>", esc(name))?;
    if let Some(title) = report_title(text, report) {
        writeln!(out, "<p class=\"meta\">{}</p>", esc(&title))?;
    }
    html_report(out, text, report, Some(n))?;
    writeln!(out, "</section>")
}

/// The section of the `n`-th file of a page of several when it could not be read: its name and why.
pub(crate) fn html_unread(out: &mut impl Write, n: usize, name: &str, message: &str) -> io::Result<()> {
    let message = message.strip_prefix("error: ").unwrap_or(message);
    writeln!(
        out,
        "<section id=\"f{n}\">\n<h2>{}</h2>\n<p class=\"error\">未能读取 / could not be read: {}</p>\n</section>",
        esc(name),
        esc(message)
    )
}

/// The end of a page of several files.
pub(crate) fn html_end(out: &mut impl Write) -> io::Result<()> {
    writeln!(out, "</body></html>")
}

/// A report's figures, chart and text. In the section of file `n` of a page of several, headings are
/// a level lower and paragraph ids are `f{n}-p{index}` (else `p{index}`).
fn html_report(out: &mut impl Write, text: &str, report: &Report, section: Option<usize>) -> io::Result<()> {
    let ids: Vec<&str> = report.summary.themes.iter().map(|(id, _)| id.as_str()).collect();
    let index = |id: &str| ids.iter().position(|x| *x == id).unwrap_or(0);
    let color = |i: usize| PALETTE[i % PALETTE.len()];
    let (h, id_prefix) = match section {
        None => ("h2", String::new()),
        Some(n) => ("h3", format!("f{n}-")),
    };
    let s = &report.summary;
    writeln!(
        out,
        "<p class=\"meta\">{} 段 / paragraphs, {} 段有主题 / tagged, {} 处匹配 / matches · tifa {} · rules {} {}</p>",
        s.content_paragraphs,
        s.tagged_paragraphs,
        s.matches,
        report.tifa,
        esc(&report.rules.name),
        esc(&report.rules.hash)
    )?;
    // Chart
    let rows: Vec<_> = s.themes.iter().filter(|(_, t)| t.paragraphs > 0).collect();
    let max = rows.iter().map(|(_, t)| t.paragraphs).max().unwrap_or(1).max(1);
    let bar_h = 22;
    let height = rows.len() * bar_h + 10;
    writeln!(
        out,
        "<{h}>主题 Themes</{h}><svg role=\"img\" aria-label=\"各主题段落数 / paragraphs per theme\" width=\"100%\" viewBox=\"0 0 800 {height}\">"
    )?;
    for (row, (id, t)) in rows.iter().enumerate() {
        let y = row * bar_h + 5;
        let w = (t.paragraphs as f64 / max as f64 * 440.0).max(2.0);
        writeln!(
            out,
            "<text x=\"292\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}<title>{}</title></text><rect x=\"300\" y=\"{}\" width=\"{w:.0}\" height=\"16\" fill=\"{}\" stroke=\"#666\"/><text x=\"{:.0}\" y=\"{}\" font-size=\"13\">{}</text>",
            y + 13,
            esc(&t.name),
            esc(id),
            y,
            color(index(id)),
            300.0 + w + 6.0,
            y + 13,
            t.paragraphs
        )?;
    }
    writeln!(out, "</svg>")?;
    writeln!(out, "<{h}>正文 Text</{h}>")?;
    for p in &report.paragraphs {
        if p.kind == ParagraphKind::Boilerplate {
            writeln!(out, "<p class=\"boiler\">{}</p>", esc(&text[p.span.byte_start..p.span.byte_end]))?;
            continue;
        }
        let tagged = if p.themes.is_empty() { "" } else { " tagged" };
        writeln!(out, "<div class=\"p{tagged}\" id=\"{id_prefix}p{}\">", p.index)?;
        if !p.section.is_empty() {
            writeln!(out, "<div class=\"meta\">{}</div>", esc(&section_path(&p.section, " › ")))?;
        }
        let mut body = String::new();
        let mut last = p.span.byte_start;
        for m in &p.matches {
            if m.span.byte_start < last {
                continue; // a match of another theme inside (or across) the one just shown
            }
            body.push_str(&esc(&text[last..m.span.byte_start]));
            let idx = index(m.themes.first().map(|t| t.as_str()).unwrap_or(""));
            let names: Vec<&str> = m
                .themes
                .iter()
                .filter_map(|id| s.themes.iter().find(|(x, _)| x == id).map(|(_, t)| t.name.as_str()))
                .collect();
            let names = esc(&names.join("、"));
            body.push_str(&format!(
                "<mark class=\"t{idx}\" title=\"{} · {names}\">{}<sub>{names}</sub></mark>",
                esc(&m.term),
                esc(&text[m.span.byte_start..m.span.byte_end]),
            ));
            last = m.span.byte_end;
        }
        body.push_str(&esc(&text[last..p.span.byte_end]));
        writeln!(out, "<p>{}</p>", body.replace('\n', "<br>"))?;
        if !p.themes.is_empty() {
            write!(out, "<div>")?;
            for t in &p.themes {
                write!(
                    out,
                    "<span class=\"tag\" title=\"{}\">{} · {}</span>",
                    esc(&t.terms.join("、")),
                    esc(&t.name),
                    t.score
                )?;
            }
            writeln!(out, "</div>")?;
        }
        writeln!(out, "</div>")?;
    }
    Ok(())
}

/// `tifa explain`: every candidate with its verdict per theme, then the paragraph themes.
pub(crate) fn explain(
    out: &mut impl Write,
    candidates: &[Candidate],
    report: &Report,
    text: &str,
    rules: &RuleSet,
) -> io::Result<()> {
    if candidates.is_empty() {
        writeln!(out, "no candidate matches")?;
    }
    // a text of several paragraphs (a file): each paragraph's candidates under its number
    let content: Vec<&tifa::ReportParagraph> =
        report.paragraphs.iter().filter(|p| p.kind != ParagraphKind::Boilerplate).collect();
    let mut shown: Option<usize> = None;
    // the candidates come paragraph by paragraph in text order: a cursor finds each one's paragraph
    let mut at = 0;
    for c in candidates {
        if content.len() > 1 {
            while content.get(at).is_some_and(|p| p.span.end <= c.span.start) {
                at += 1;
            }
            let p = content.get(at).filter(|p| p.span.start <= c.span.start && c.span.start < p.span.end);
            if let Some(p) = p.filter(|p| shown != Some(p.index)) {
                shown = Some(p.index);
                writeln!(out, "── ¶{}", p.index)?;
            }
        }
        let same = if c.text == c.term { String::new() } else { format!(" (text {:?})", c.text) };
        writeln!(out, "{} [{}..{}]{same}", c.term, c.span.start, c.span.end)?;
        for t in &c.accepted {
            writeln!(out, "  ✓ {t}")?;
        }
        for (t, why) in &c.rejected {
            writeln!(out, "  ✗ {t}: {why}")?;
        }
    }
    for p in &report.paragraphs {
        if p.kind == ParagraphKind::Boilerplate {
            continue;
        }
        let themes: Vec<String> = p.themes.iter().map(|t| format!("{} ({})", t.id, t.score)).collect();
        writeln!(out, "¶{} themes: {}", p.index, if themes.is_empty() { "none".into() } else { themes.join(", ") })?;
        // a document's title line or a closing paragraph: say which themes its matches had that it
        // does not give
        let no_theme = if is_document_title(text, p) {
            Some("a document's title line, 文件标题")
        } else if is_portfolio_statement(&text[p.span.byte_start..p.span.byte_end]) {
            Some("a statement of one's portfolio, 分管工作")
        } else {
            None
        };
        if let Some(what) = no_theme {
            let held = accepted_in(candidates, p, |_| true);
            if !held.is_empty() {
                writeln!(out, "  ({what}: it gets no theme; not {})", held.join(", "))?;
            }
        }
        if is_closing_exhortation(&text[p.span.byte_start..p.span.byte_end]) {
            let held = accepted_in(candidates, p, |t| !closes(rules, t));
            if !held.is_empty() {
                writeln!(
                    out,
                    "  (a closing paragraph, 结尾号召或致谢: only themes with closing = true are tagged in it; not {})",
                    held.join(", ")
                )?;
            }
        }
    }
    Ok(())
}

/// A score with three decimals, or `—` where it is undefined (nothing predicted, nothing labelled).
pub(crate) fn figure(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |x| format!("{x:.3}"))
}

/// `tifa eval`: a per-theme table, the averages and, on request, every miss.
pub(crate) fn evaluation(out: &mut impl Write, tagger: &Tagger, e: &Evaluation, misses: bool) -> io::Result<()> {
    writeln!(
        out,
        "{:<26} {:>5} {:>5} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
        "theme", "gold", "pred", "tp", "fp", "fn", "P", "R", "F1"
    )?;
    for t in &e.themes {
        writeln!(
            out,
            "{:<26} {:>5} {:>5} {:>4} {:>4} {:>4} {:>6} {:>6} {:>6}",
            t.id,
            t.gold,
            t.predicted,
            t.true_positives,
            t.false_positives,
            t.false_negatives,
            figure(t.precision),
            figure(t.recall),
            figure(t.f1)
        )?;
    }
    writeln!(
        out,
        "\n{} records; micro P {} R {} F1 {}; macro F1 {} (themes with gold paragraphs); rules {} {}",
        e.records,
        figure(e.micro_precision),
        figure(e.micro_recall),
        figure(e.micro_f1),
        figure(e.macro_f1),
        tagger.rules().name(),
        tagger.rules().hash()
    )?;
    if misses {
        for m in &e.misses {
            let mark = if m.kind == "false-positive" { "FP" } else { "FN" };
            let terms = if m.terms.is_empty() { "no term".to_string() } else { m.terms.join("、") };
            let snippet: String = m.text.chars().take(80).collect();
            writeln!(out, "{mark} {} {} [{terms}] {snippet}…", m.id, m.theme)?;
        }
    }
    Ok(())
}

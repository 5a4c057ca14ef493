//! Paragraph segmentation of pasted reports.
//!
//! A report pasted from a web page or a PDF is cut into paragraphs at line breaks; lines broken inside
//! a paragraph are joined back. How depends on the text's layout (see [`Layout`]): a text wrapped at a
//! width (a PDF, a fixed-width export) goes on past every full line, at a sentence end too; in a text
//! of one long paragraph per line every line is a paragraph; otherwise a line goes on only where it is
//! broken inside a sentence, and a heading line stands alone (but a short text whose few lines agree
//! on a width goes on past a full line without a full stop, so that a PDF excerpt's paragraph opened by
//! 一是 keeps its words whole); a line that opens with an indent starts a paragraph where the text marks
//! paragraphs so, one that opens with a closing mark or a comma goes on the line before, and one that
//! opens with a heading marker starts a paragraph unless the line before broke off inside a sentence
//! (a comma, or a full line without a full stop: a wrap just before 二是); a page break between two
//! lines of a paragraph is passed over: a page number, and the running header or footer next to it (a
//! short line, not a heading, without sentence punctuation, that repeats verbatim at least 3 times
//! within 2 lines of a page number, or twice on the same side of two page numbers; the same line
//! elsewhere is text). The paragraph's span holds the lines passed over, and [`Segment::passed_over`]
//! names them: matching leaves them out, so that a term cut in two by them (党⏎— 6 —⏎员) is found;
//! between paragraphs they are `boilerplate`.
//! Headings (一、 （一） 一是 1. （1） ① 第一，) open sections, so that every paragraph carries the path of
//! headings above it; headings and titles also tell whether a paragraph reports past work (`summary`)
//! or plans (`plan`). Web-page boilerplate lines (首页 > …, 来源：, 发布时间, 字体, 扫一扫, 分享 …) are
//! kept as paragraphs of kind `boilerplate`, which are never tagged and not counted.

use serde::Serialize;

// part signals are looked for in Simplified script, whatever the text's
use crate::normalize::Normalized;

/// What a paragraph is. Displays as its JSON name (`text`, `heading` …); more kinds may come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum ParagraphKind {
    /// Body text.
    Text,
    /// A section heading (一、… （一）…), or a short paragraph opened by a list marker.
    Heading,
    /// A title line at the top of the document, before the body starts.
    Title,
    /// Web-page navigation and page furniture: never tagged, left out of statistics.
    Boilerplate,
}

/// Which part of a report a paragraph belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// Work done (工作总结, 上半年, 过去一年 …).
    Summary,
    /// Work planned (工作计划, 下半年, 下一步, 明年 …).
    Plan,
}

/// One paragraph found by [`segment`], as byte offsets into the text. Not built outside the crate
/// (`#[non_exhaustive]`), so that a new field is not a breaking change.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Segment {
    /// Byte offset of the first character (leading whitespace trimmed).
    pub start: usize,
    /// Byte offset just past the last character (trailing whitespace trimmed).
    pub end: usize,
    /// What the paragraph is.
    pub kind: ParagraphKind,
    /// The heading titles above this paragraph, outermost first (a heading includes itself).
    pub section: Vec<String>,
    /// Summary or plan, when the headings say so.
    pub part: Option<Part>,
    /// The page breaks that the paragraph goes on across (a PDF's page number, and the running header
    /// or footer next to it, between two of its lines), as byte ranges of the text inside
    /// `start..end`, in order: one per page break, from the start of its first line to the end of its
    /// last (line breaks not included at either end). Matching leaves them out as it leaves out line
    /// breaks, so that a term cut in two by a page break (党⏎— 6 —⏎员) is found. Empty for every other
    /// paragraph.
    pub passed_over: Vec<std::ops::Range<usize>>,
}

/// Whether `para` is a closing paragraph: the closing call or the thanks that end a speech or a report,
/// which the labelling standard gives no theme (the framing of the work, not work), except a theme whose
/// rules say `closing = true` ([`Theme::closing`](crate::Theme::closing); by default only
/// `higher_directives`, for the named higher-level deployments such a call often cites). It ends with ！
/// and has one of three shapes:
///
/// - **the speech's call**: it opens with an address (各位代表 / 同志们 / 各位委员) followed by ， ！ or
///   ：, and calls with 让我们 (各位代表！让我们……而努力奋斗！);
/// - **the thanks**: its last sentence thanks or salutes (感谢, 敬意), and every sentence before it says
///   whose the year's results are (结果, 得益于, 离不开, 来之不易, 凝聚着, 辛勤, 付出, 关心, 支持):
///   这些成绩的取得，是……的结果。在此，谨向……表示衷心的感谢！;
/// - **the report's call**: one sentence that calls for more (更大贡献, 新篇章, 而奋斗, 新局面, 新辉煌 …):
///   新的一年，我们将在……领导下，……为……作出新的更大贡献！
///
/// An opening address is passed over before the last two are looked for. A paragraph that ends with 。
/// is none of them (各位代表，让我们……。, 在此表示感谢。, a report on the session), and neither is a body
/// paragraph that holds 让我们 without the address, a thanks after a sentence of work done, or a call
/// of more than one sentence (which usually names the work it calls for).
///
/// The shape is looked for in `para` folded as matching folds it (Traditional → Simplified,
/// full-width → ASCII, white space and quotation marks left out): 各位代表！讓我們……！ is one, and so
/// are an address and its punctuation in either width (， or `,`, ！ or `!`, ： or `:`), white space
/// anywhere, and closing quotation marks after the last ！. The tagger asks the same question of the
/// folded paragraph it searches, so this function and the tags agree (but for a paragraph whose
/// 让我们 a page break cuts in two: the tagger leaves out the page number between, see
/// [`Segment::passed_over`], this function, given the paragraph's text, does not).
///
/// Folds `para` into a new string (one allocation); the tagger does not call it.
pub fn is_closing_exhortation(para: &str) -> bool {
    is_closing_folded(&crate::normalize::fold_str(para))
}

/// [`is_closing_exhortation`] of a paragraph already folded (as [`crate::normalize::fold_str`] and
/// the tagger's `Normalized` fold it: ！ is `!`, ， is `,`, ： is `:`, ； is `;`, ？ is `?`, no white
/// space or quotation marks; 。 stays). Cheap: a look at the end first; no allocation.
pub(crate) fn is_closing_folded(folded: &str) -> bool {
    const ADDRESSES: [&str; 3] = ["各位代表", "同志们", "各位委员"];
    // the results are owed to …: the sentences a thanks may follow
    const OWED: [&str; 9] = ["结果", "得益于", "离不开", "来之不易", "凝聚着", "辛勤", "付出", "关心", "支持"];
    const THANKS: [&str; 2] = ["感谢", "敬意"];
    // a call for more: 作出新的更大贡献, 谱写……新篇章, 为……而（努力）奋斗, 开创……新局面
    const CALLS: [&str; 8] = ["更大贡献", "新篇章", "而奋斗", "而努力奋斗", "新局面", "新辉煌", "新的更大", "新征程上"];
    let Some(body) = folded.strip_suffix('!') else {
        return false;
    };
    // what follows the opening address and its mark, if the paragraph opens with one
    let after_address = ADDRESSES.iter().find_map(|a| body.strip_prefix(a)?.strip_prefix([',', '!', ':']));
    if after_address.is_some() && holds_any(body, &["让我们"]) {
        return true;
    }
    // the body without the address, in sentences, read forwards only (one searcher, and no reverse
    // one, in the wasm)
    let body = after_address.unwrap_or(body);
    let (mut last, mut sentences, mut owed) = ("", 0, true);
    for s in body.split(['。', '!', '?', ';']).filter(|s| !s.is_empty()) {
        // every sentence before the last says whose the results are
        owed = owed && (sentences == 0 || holds_any(last, &OWED));
        (last, sentences) = (s, sentences + 1);
    }
    sentences > 0 && ((owed && holds_any(last, &THANKS)) || (sentences == 1 && holds_any(last, &CALLS)))
}

/// Whether `s` holds one of `words`: one function for every list, as each `contains` inlined where
/// it is called adds its searcher to the wasm.
#[inline(never)]
fn holds_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// Whether `title`, a title line ([`ParagraphKind::Title`]: a short line at the top, before the body),
/// names a document: it ends with the name of a kind of work document, as 天等县扶贫开发办公室2014年工作总结和
/// 2015年工作计划, 2017年度个人述职述廉报告, 市应急管理局2021年工作要点 and a special-topic report's
/// 关于2016年上半年来穗人员和出租屋服务管理工作情况的汇报 and a plan's mid-term evaluation
/// (××国民经济和社会发展第十三个五年规划纲要实施中期评估报告, ××实施情况总结) do, a parenthesis after it (（草案）)
/// aside. The labelling standard gives a bare title no theme, and such a title names its office and its
/// year, not a piece of work: the tagger gives it no theme (its matches are still listed, as under a
/// threshold). A title that names work itself (全面推行河长制) is tagged as before, and so is a heading
/// (一、2023年河长制工作总结), which opens a section of the work it names.
///
/// Looked for in `title` folded as matching folds it (Traditional → Simplified, full width → ASCII,
/// white space and quotation marks left out): 工作總結 is one too. Folds `title` into a new string (one
/// allocation); the tagger asks the folded copy it searches, as for [`is_closing_exhortation`].
pub fn names_a_document(title: &str) -> bool {
    names_a_document_folded(&crate::normalize::fold_str(title))
}

/// Whether a paragraph of kind `kind`, folded to `folded` (as the tagger's `Normalized` folds it), is a
/// document's title line, which gets no theme: a title ([`ParagraphKind::Title`]) that
/// [`names_a_document`]. The one test the tagger and `tifa mine` both ask. No allocation.
pub(crate) fn is_document_title_folded(kind: ParagraphKind, folded: &str) -> bool {
    kind == ParagraphKind::Title && names_a_document_folded(folded)
}

/// [`names_a_document`] of a title already folded. No allocation.
fn names_a_document_folded(folded: &str) -> bool {
    // a special-topic report's title names its kind at the end too: 关于××工作情况的汇报, ××情况的报告;
    // so does a plan's evaluation or summing-up: ××规划纲要实施中期评估报告, ××实施情况总结, 关于××工作情况的总结
    const KINDS: [&str; 16] = [
        "工作总结", "工作计划", "工作要点", "工作安排", "工作打算", "工作思路", "工作报告", "述职报告", "述廉报告",
        "履职报告", "汇报", "情况的报告", "情况报告", "评估报告", "情况总结", "情况的总结",
    ];
    // a parenthesis at the end ((草案), (2024年)) is not the document's kind
    let bytes = folded.as_bytes();
    let end = match bytes.split_last() {
        Some((b')', rest)) => rest.iter().rposition(|&b| b == b'(').unwrap_or(bytes.len()),
        _ => bytes.len(),
    };
    KINDS.iter().any(|k| bytes[..end].ends_with(k.as_bytes()))
}

/// Whether `para` states its writer's portfolio: the opening line of an official's own report on their
/// work (述职报告), such as 本人2016年度分管农业、林业、水务、扶贫移民等工作。, which lists the areas in
/// their charge, not a piece of work done in them. The labelling standard gives such a framing line no
/// theme, and the tagger gives it none (its matches are still listed, as under a threshold). Its shape:
/// it opens with 本人, or with 我 and then 分管, 在, 协助, 负责, 主要 or a year (not 我局分管领导……);
/// 分管 comes within its first 24 characters; what follows 分管, up to the first comma, is a list (it
/// holds 、) that ends with 工作 (…等工作, …等方面工作); each clause after a comma names more of the
/// charge (it opens with 协助, 联系, 负责, 挂点, 包抓, 分管, 主管 or 兼任); it is one sentence (no full
/// stop, semicolon, colon, question or exclamation mark before its end); and it holds no figure but a
/// year (2018年). A paragraph that goes on to the work (本人分管市容、环卫工作。一年来组织清理……, or
/// 本人分管教育、卫生等工作，全力推进……) is tagged as ever.
///
/// Looked for in `para` folded as matching folds it, as [`is_closing_exhortation`]; folds `para` into a
/// new string (one allocation); the tagger asks the folded copy it searches.
pub fn is_portfolio_statement(para: &str) -> bool {
    is_portfolio_folded(&crate::normalize::fold_str(para))
}

/// [`is_portfolio_statement`] of a paragraph already folded. No allocation. One pass over the
/// characters, with no substring search: searches (each `find` and `contains` inlines its searcher)
/// took 700 bytes of the wasm.
fn is_portfolio_folded(folded: &str) -> bool {
    let rest = match (folded.strip_prefix("本人"), folded.strip_prefix("我")) {
        (Some(rest), _) => rest,
        (None, Some(rest))
            if ["分管", "在", "协助", "负责", "主要"].iter().any(|w| rest.starts_with(w))
                || rest.as_bytes().first().is_some_and(u8::is_ascii_digit) =>
        {
            rest
        }
        _ => return false,
    };
    let body = rest.strip_suffix("。").or_else(|| rest.strip_suffix(".")).unwrap_or(rest);
    // where 分管 ends, whether a list mark (、) follows it before the first comma, and where that comma is
    let (mut after, mut list, mut comma) = (None, false, body.len());
    let mut digits = 0;
    for (n, (i, c)) in body.char_indices().enumerate() {
        // a figure only as a year: four digits and 年
        if c.is_ascii_digit() {
            digits += 1;
            continue;
        }
        if digits > 0 && (digits != 4 || c != '年') {
            return false;
        }
        digits = 0;
        match c {
            '。' | ';' | ':' | '!' | '?' => return false,
            '分' if after.is_none() && body[i..].starts_with("分管") => {
                if n > 22 {
                    return false;
                }
                after = Some(i + "分管".len());
            }
            '、' if after.is_some() && comma == body.len() => list = true,
            ',' if after.is_some() => {
                // the clauses after the list name more of the charge, not work done
                let next = &body[i + 1..];
                if !["协助", "联系", "负责", "挂点", "包抓", "分管", "主管", "兼任"].iter().any(|w| next.starts_with(w))
                {
                    return false;
                }
                if comma == body.len() {
                    comma = i;
                }
            }
            _ => {}
        }
    }
    digits == 0 && list && after.is_some_and(|a| a <= comma && body[a..comma].ends_with("工作"))
}

/// Whether a paragraph of kind `kind`, folded to `folded` (as the tagger's `Normalized` folds it), gets
/// no theme at all: a document's title line ([`is_document_title_folded`]) or a statement of its
/// writer's portfolio ([`is_portfolio_statement`]). The one test the tagger and `tifa mine` both ask.
/// No allocation.
pub(crate) fn gets_no_theme_folded(kind: ParagraphKind, folded: &str) -> bool {
    is_document_title_folded(kind, folded) || is_portfolio_folded(folded)
}

/// Cuts `text` into paragraphs. Blank and whitespace-only lines produce no paragraph.
pub fn segment(text: &str) -> Vec<Segment> {
    let lines = lines(text);
    let layout = Layout::of(text, &lines);
    // lines are looked at several times each: zero-width characters are looked for once, in the
    // whole text (almost never any), and lines are only searched for them when the text has one
    let zero_width = has_zero_width(text);
    let furniture = page_furniture(text, &lines, zero_width);
    let mut out = Vec::new();
    let mut stack: Vec<(Marker, String)> = Vec::new();
    let mut part: Option<Part> = None;
    // depth in `stack` of the heading that set `part` (None: not set); a title's part counts as set at
    // depth 0, so that only top-level headings change it, and a silent one does not end it
    let mut part_depth: Option<usize> = None;
    let mut part_by_title = false;
    let mut body_started = false;
    // headings and titles folded for their part signals, into one buffer
    let mut folded = Normalized::default();
    let mut i = 0;
    while i < lines.len() {
        let Line { start, mut end, .. } = lines[i];
        if start == end {
            i += 1;
            continue;
        }
        let first = &text[start..end];
        if furniture[i] || is_boilerplate(&visible(first, zero_width)) {
            out.push(Segment {
                start,
                end,
                kind: ParagraphKind::Boilerplate,
                section: Vec::new(),
                part: None,
                passed_over: Vec::new(),
            });
            i += 1;
            continue;
        }
        let marker = heading_marker(&visible(first, zero_width));
        // Join the lines of one paragraph (see `Layout`). A line with a quotation mark or title bracket
        // still open (a title broken inside “…”) is joined whatever the layout, up to QUOTE_JOIN_CHARS.
        let long = first.chars().nth(19).is_some();
        let mut passed_over = Vec::new();
        while i + 1 < lines.len() {
            // a page break between two lines of one paragraph (a PDF's page number, running header
            // or footer) is passed over: the paragraph holds it, and goes on as if the next line came
            // right after
            let over = furniture[i + 1..].iter().take(MAX_FURNITURE_RUN + 1).take_while(|&&f| f).count();
            if over > MAX_FURNITURE_RUN || i + 1 + over >= lines.len() {
                break;
            }
            let (last, next_line) = (lines[i], lines[i + 1 + over]);
            let current = &text[start..end];
            let next = &text[next_line.start..next_line.end];
            let open = || open_quote(current) && current.chars().nth(QUOTE_JOIN_CHARS).is_none();
            // as wide as the text is wrapped at, where its lines tell a width: a PDF's full line
            let full = layout.is_full(&last);
            let goes_on = match layout.breaks {
                // a full line goes on, at a sentence end too; a shorter one ends the paragraph
                Breaks::Wrapped(..) => full,
                // a line is a paragraph (a title, a byline, a heading without a sentence end too)
                Breaks::Paragraphs => false,
                // a full line of a few that tell a width goes on, as in a wrapped text; any line broken
                // inside a sentence, after 20 chars or more (a join keeps it so), goes on too; not a
                // heading line (a marker and no sentence end in it), which stands alone, but a paragraph
                // opened by an inline heading (（一）着力扩大内需。深入实施…) goes on, and so does one
                // opened by an enumerator that is broken off after a comma (一是…，⏎) or runs too long
                // for a heading of its own (see `INLINE_OPENER_CHARS`)
                Breaks::Unknown(_) => {
                    let not_a_heading_line = marker.is_none()
                        || has_inner_sentence_end(current)
                        || breaks_off(current)
                        || (marker.is_some_and(Marker::opens_inline)
                            && first.chars().nth(INLINE_OPENER_CHARS - 1).is_some());
                    // a heading of another kind than 一是 stands alone even when it fills a line: a heading
                    // line (the clause on INLINE_OPENER_CHARS speaks of 一是 and 第一， alone)
                    let heading = marker.is_some_and(|m| !m.opens_inline()) && !not_a_heading_line;
                    (full && !ends_full_stop(current) && !heading)
                        || (long && !ends_sentence(current) && not_a_heading_line)
                }
            };
            // whatever the layout, a line that opens with a closing mark or a comma goes on the
            // sentence before it (颗粒物（PM⏎2.5⏎）浓度)
            let goes_on = goes_on || next.starts_with(CONTINUATION);
            // a line that opens with a heading marker starts a paragraph, unless the line before broke
            // off inside a sentence: it ends with a comma (一是…，⏎二是…), or it is full, without a full
            // stop at its end (a PDF's line that a wrap ended just before 二是, after a semicolon or a
            // colon too: …工作：⏎一是…；⏎二是…), and not the end of a heading line that fills it
            let starts_section = || {
                // a heading line has no sentence end inside, and does not end with a semicolon
                const SEMICOLON: &[char] = &['；', ';'];
                let heading_line =
                    marker.is_some() && !has_inner_sentence_end(current) && !current.trim_end().ends_with(SEMICOLON);
                // from a full line, an inline enumerator goes on, and so does any marker after a
                // semicolon (…；⏎（二）…) or mid-sentence (…增长⏎1.2倍); but 一、 or （一） after a colon
                // (…报告如下：⏎一、…) is a heading, whatever the width of the line before
                let next_marker = heading_marker(&visible(next, zero_width));
                let inline =
                    next_marker.is_some_and(Marker::opens_inline) || !current.trim_end().ends_with(['：', ':']);
                let wrapped_before_it = full && !ends_full_stop(current) && !heading_line && inline;
                next_marker.is_some() && !breaks_off(current) && !wrapped_before_it
            };
            let joinable = next_line.start != next_line.end
                && !(layout.indents && next_line.indented)
                && (goes_on || open())
                && !starts_section()
                && !is_boilerplate(&visible(next, zero_width));
            if !joinable {
                break;
            }
            end = next_line.end;
            if over > 0 {
                passed_over.push(lines[i + 1].start..lines[i + over].end);
            }
            i += 1 + over;
        }
        i += 1;
        let para = &text[start..end];
        // only compared with 50 and 60: a paragraph of more than 240 bytes has more than 60 chars
        let chars = if para.len() > 4 * 60 { usize::MAX } else { para.chars().count() };
        let kind;
        if let Some(m) = marker {
            body_started = true;
            while let Some(pos) = stack.iter().position(|(k, _)| *k == m) {
                stack.truncate(pos);
            }
            let title = heading_title(&visible(para, zero_width));
            let depth = stack.len();
            // A heading speaks for its part only at the level of the heading that set the part or
            // above it: a sub-heading inside a plan part that names a programme (实施…计划, …取得新成效)
            // does not flip the part.
            if part_depth.is_none_or(|d| depth <= d) {
                folded.fold(&title);
                match part_signal(part_words(&folded.text)) {
                    Some(p) => {
                        part = Some(p);
                        part_depth = Some(depth);
                        part_by_title = false;
                    }
                    // a sibling of a review heading that says nothing (存在的问题) is no longer the
                    // review; a plan part runs on to the end (政府自身建设 is planned too)
                    None if part == Some(Part::Summary) && part_depth == Some(depth) && !part_by_title => {
                        part = None;
                        part_depth = None;
                    }
                    None => {}
                }
            }
            stack.push((m, title));
            kind =
                if chars <= 50 && !has_inner_sentence_end(para) { ParagraphKind::Heading } else { ParagraphKind::Text };
        } else if !body_started && chars <= 60 && !ends_sentence(para) && !para.contains('，') {
            kind = ParagraphKind::Title;
            // a title that names both parts (上半年工作总结和下半年工作计划) ends what an earlier line said
            folded.fold(para);
            let found = part_words(&folded.text);
            if names_a_part(found) {
                part = part_signal(found);
                part_depth = part.map(|_| 0);
                part_by_title = part.is_some();
            }
        } else {
            body_started = true;
            kind = ParagraphKind::Text;
        }
        out.push(Segment {
            start,
            end,
            kind,
            section: stack.iter().map(|(_, t)| t.clone()).collect(),
            part,
            passed_over,
        });
    }
    mark_trailing_furniture(text, &mut out);
    out
}

/// Web pages end with page furniture that no list can name in advance (小程序, 手机版, 微信, Baidu,
/// map, 机构专页 …): a run of short lines after the last sentence. At the end of a document that has
/// a body, a run of at least `FURNITURE_RUN` short text lines (at most `FURNITURE_CHARS` chars, no
/// sentence punctuation), possibly mixed with known boilerplate, is boilerplate too. Fewer lines, or
/// a text that is all short lines, are left as they are: they may be what the user wants tagged.
fn mark_trailing_furniture(text: &str, segments: &mut [Segment]) {
    const FURNITURE_RUN: usize = 3;
    const FURNITURE_CHARS: usize = 12;
    let short = |s: &Segment| {
        let t = &text[s.start..s.end];
        s.kind == ParagraphKind::Text && t.chars().nth(FURNITURE_CHARS).is_none() && !has_sentence_punctuation(t)
    };
    let mut run_start = segments.len();
    let mut short_lines = 0;
    for (i, s) in segments.iter().enumerate().rev() {
        if short(s) {
            short_lines += 1;
        } else if s.kind != ParagraphKind::Boilerplate {
            break;
        }
        run_start = i;
    }
    let has_body = segments[..run_start].iter().any(|s| s.kind == ParagraphKind::Text);
    if short_lines >= FURNITURE_RUN && has_body {
        for s in segments[run_start..].iter_mut().filter(|s| s.kind == ParagraphKind::Text) {
            // as for every boilerplate line: no section, no part
            s.kind = ParagraphKind::Boilerplate;
            s.section.clear();
            s.part = None;
        }
    }
}

/// One line of the text: its byte range trimmed of surrounding blank characters (empty for a blank
/// line), its width in columns as a page shows it (an ASCII character takes one, any other two) and
/// in characters, and whether it opens with an indent (a full-width space, a tab, or two blank
/// characters or more).
#[derive(Debug, Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
    /// Width in columns, counted up to [`Layout::MAX_WIDTH`] + 1 (one byte: a text of many short
    /// lines holds one `Line` per line).
    columns: u8,
    /// Length in characters, counted up to [`Layout::MAX_WIDTH`] + 1.
    chars: u8,
    indented: bool,
}

impl Line {
    /// The line's width in `unit`.
    fn width(&self, unit: Unit) -> usize {
        match unit {
            Unit::Columns => usize::from(self.columns),
            Unit::Chars => usize::from(self.chars),
        }
    }
}

/// The lines of `text`. A line ends at `\n`, `\r\n` or a lone `\r` (old Mac files and some exports).
fn lines(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut pos = 0;
    while pos < text.len() {
        let end = memchr::memchr2(b'\n', b'\r', &text.as_bytes()[pos..]).map_or(text.len(), |i| pos + i);
        let content = &text[pos..end];
        let trimmed_start = content.trim_start_matches(is_blank);
        let lead = &content[..content.len() - trimmed_start.len()];
        let trimmed = trimmed_start.trim_end_matches(is_blank);
        let s = pos + lead.len();
        let indented = !trimmed.is_empty() && (lead.contains(['\u{3000}', '\t']) || lead.chars().nth(1).is_some());
        // counted on the bytes (no char decoding) of as many as can make the widest width: a char
        // starts at every byte that is not a continuation byte, and takes one column if ASCII
        let head = &trimmed.as_bytes()[..trimmed.len().min(4 * (Layout::MAX_WIDTH + 1))];
        let (chars, ascii) = chars_and_ascii(head);
        let columns = 2 * chars - ascii;
        let cap = |n: usize| n.min(Layout::MAX_WIDTH + 1) as u8;
        out.push(Line { start: s, end: s + trimmed.len(), columns: cap(columns), chars: cap(chars), indented });
        pos = if text[end..].starts_with("\r\n") { end + 2 } else { end + 1 };
    }
    out
}

/// The chars and the ASCII chars of `bytes` (whole chars of UTF-8), counted on the bytes: every byte
/// but a continuation byte (`10xxxxxx`) starts a char, and a byte below 0x80 is an ASCII one. The loop
/// of [`crate::report::count_units`] (two `filter().count()` summed each in `u64` lanes, 4 bytes at a
/// time, were 5 % of the instructions of tagging with the default rules, callgrind, bench/README.md).
fn chars_and_ascii(bytes: &[u8]) -> (usize, usize) {
    crate::report::count_chars_and(bytes, |b| b < 0x80)
}

/// How a text lays out its paragraphs on lines, read from all its lines before any is joined.
///
/// - **Wrapped at a width** (`Breaks::Wrapped`): text copied from a PDF or exported at a fixed width breaks every
///   line of a paragraph at about the same width, wherever the sentence is. The width is measured in
///   columns (a PDF: an ASCII character takes one, any other two, so a line with digits holds more
///   characters but not more columns) or in characters (a text file folded at so many characters),
///   whichever the lines agree on better. A wrapped text has at least [`Layout::MIN_LINES`] lines of
///   15 characters or more; the width is the 80th percentile of theirs, at most
///   [`Layout::MAX_WIDTH`] columns; at least half of them are that wide (to one Chinese character
///   less, or a tenth more), and most of those do not end a sentence. A line that wide is full: the
///   paragraph goes on on the next line, even after a sentence end (a sentence ends at a line end
///   inside a paragraph more often than a paragraph fills its last line); a narrower line ends the
///   paragraph.
/// - **One paragraph per line** (`Breaks::Paragraphs`): the 80th percentile of the long lines is wider
///   than any wrapping (a web page or a word processor's text pasted): every line is a paragraph — a
///   title, a byline, a heading without a sentence end too.
/// - **Not told** (a short text, or lines of many widths): a line goes on only when it is broken
///   inside a sentence (20 characters or more, no sentence end), and never after a heading line
///   (（一）着力扩大内需 then its first paragraph), unless the heading opens a paragraph
///   (（一）着力扩大内需。深入实施…), the line breaks off after a comma (一是…，⏎: no heading ends so),
///   or it is opened by an enumerator that opens paragraphs more often than headings (一是, 第一，)
///   and runs to [`INLINE_OPENER_CHARS`] characters or more. A short text of a few lines of a PDF (a
///   user's excerpt: fewer than [`Layout::MIN_LINES`] long lines) may still tell its width: where its
///   two widest lines agree ([`Layout::few_lines_width`]), a line that wide is full, and a full line
///   goes on unless it ends with a full stop (。！？), a heading line that fills it too — so a PDF's
///   paragraph opened by 一是 keeps its words whole.
/// - In every layout, a line that opens with a closing bracket or quotation mark, or with punctuation
///   (）》”，、。 …), goes on the line before: no sentence starts so (颗粒物（PM⏎2.5⏎）浓度).
/// - In every layout, a line that opens with a heading marker (一是, （二）…) starts a paragraph, unless
///   the line before breaks off inside a sentence: after a comma, or where the line before is full,
///   does not end with a full stop and does not end a heading line (a wrap that falls just before an
///   inline 二是: …；⏎二是…, …工作：⏎一是…). After a full stop it starts a paragraph, full line or
///   not: a paragraph that ends there and the next that opens with 二是 are the likelier reading, and
///   a wrong cut there cuts no word.
/// - **Indents** (`indents`): where some lines of 15 characters or more open with an indent and some
///   do not, the indent marks a paragraph's first line (a PDF's first-line indent, a web page's
///   full-width spaces before each paragraph but not before its title): an indented line is never
///   joined to the line before. Where every line is indented alike (a margin), indents say nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Layout {
    /// Where the text breaks its lines.
    breaks: Breaks,
    /// An indented line starts a paragraph.
    indents: bool,
}

/// Where a text breaks its lines (see [`Layout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Breaks {
    /// Wrapped at a width: lines of at least this width, in this unit, are full.
    Wrapped(usize, Unit),
    /// At the end of each paragraph: most long lines are wider than any wrapping.
    Paragraphs,
    /// Not told (a short text, or lines of many widths); in a short text, the width in columns that
    /// its widest lines agree on, if they do (a few lines of a PDF): lines that wide are full.
    Unknown(Option<usize>),
}

/// What a line's width is counted in (see [`Layout`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Columns,
    Chars,
}

impl Layout {
    /// The fewest lines of 15 characters or more that tell a wrapped text.
    const MIN_LINES: usize = 6;
    /// The widest wrapping taken for one, in columns: a text of wider lines has a paragraph per line.
    const MAX_WIDTH: usize = 200;
    /// The widest wrapping taken for a few lines of a PDF, in columns (50 Chinese characters): a
    /// short text of wider lines is not taken for one.
    const FEW_LINES_MAX_WIDTH: usize = 100;

    fn of(text: &str, lines: &[Line]) -> Layout {
        let long = || lines.iter().filter(|l| l.chars >= 15);
        const _: () = assert!(Layout::MAX_WIDTH < u8::MAX as usize, "widths are kept in one byte");
        let (long_lines, indented) = long().fold((0, 0), |(n, i), l| (n + 1, i + usize::from(l.indented)));
        let indents = indented > 0 && indented < long_lines;
        // most texts tagged one by one (a paragraph, a batch record) stop here
        if long_lines < Self::MIN_LINES {
            return Layout { breaks: Breaks::Unknown(Self::few_lines_width(text, lines)), indents };
        }
        // in each unit, from a histogram of the widths (no sort): the width (80th percentile), the
        // narrowest full line and how many lines are that wide
        let at_width = |unit: Unit| {
            let mut counts = [0usize; Self::MAX_WIDTH + 2];
            long().for_each(|l| counts[l.width(unit)] += 1);
            let rank = (long_lines - 1) * 4 / 5;
            let mut below = 0;
            let width = counts.iter().position(|&c| {
                below += c;
                below > rank
            });
            let width = width.unwrap_or(Self::MAX_WIDTH + 1);
            let full = width.saturating_sub(if unit == Unit::Columns { 2 } else { 1 });
            let top = (width + width / 10).min(Self::MAX_WIDTH + 1);
            (counts[full..=top].iter().sum::<usize>(), full, top, width)
        };
        let (columns, chars) = (at_width(Unit::Columns), at_width(Unit::Chars));
        if columns.3 > Self::MAX_WIDTH {
            return Layout { breaks: Breaks::Paragraphs, indents };
        }
        let ((wide, full, top, _), unit) =
            if chars.0 > columns.0 { (chars, Unit::Chars) } else { (columns, Unit::Columns) };
        let mid_sentence =
            long().filter(|l| (full..=top).contains(&l.width(unit)) && !ends_sentence(&text[l.start..l.end])).count();
        let wrapped = 2 * wide >= long_lines && 2 * mid_sentence > wide;
        Layout { breaks: if wrapped { Breaks::Wrapped(full, unit) } else { Breaks::Unknown(None) }, indents }
    }

    /// The width in columns that the lines of a text too short to tell its layout (fewer than
    /// [`Layout::MIN_LINES`] lines of 15 characters or more) agree on, if they do: the two widest of
    /// those lines are as wide to one Chinese character (2 columns: a line with digits, or one that
    /// took or gave a punctuation mark) and at most [`Layout::FEW_LINES_MAX_WIDTH`], and one of the
    /// lines that wide, not a heading line (but 一是, 第一，), does not end a sentence — a few lines of a PDF. Lines that wide, to one Chinese
    /// character less, are full (see [`Layout::is_full`]). Columns only (a short excerpt of a text
    /// file folded at so many characters agrees in them to a digit or two as well).
    fn few_lines_width(text: &str, lines: &[Line]) -> Option<usize> {
        let long = || lines.iter().filter(|l| l.chars >= 15);
        let (mut widest, mut second) = (0, 0);
        for l in long() {
            let w = usize::from(l.columns);
            if w > widest {
                (widest, second) = (w, widest);
            } else if w > second {
                second = w;
            }
        }
        // a text of one long line has none
        let full = second.checked_sub(2)?;
        let agree = widest - second <= 4 && widest <= Self::FEW_LINES_MAX_WIDTH;
        // a heading line (a marker, no sentence end inside) does not end a sentence either, but it is
        // no evidence of a wrap: a text of one heading and one body per line would look wrapped
        let wrapped = |line: &str| {
            !ends_sentence(line)
                && (heading_marker(line).is_none_or(Marker::opens_inline) || has_inner_sentence_end(line))
        };
        (agree && long().any(|l| usize::from(l.columns) >= full && wrapped(&text[l.start..l.end]))).then_some(full)
    }

    /// Whether `line` is full: as wide as the text is wrapped at, where its lines tell a width
    /// ([`Breaks::Wrapped`], or a short text's [`Breaks::Unknown`] with a width, where an indented line
    /// counts 2 characters wider: a PDF's first-line indent takes the place of two).
    fn is_full(&self, line: &Line) -> bool {
        match self.breaks {
            Breaks::Wrapped(full, unit) => line.width(unit) >= full,
            Breaks::Unknown(Some(full)) => {
                line.chars >= 15 && usize::from(line.columns) + if line.indented { 4 } else { 0 } >= full
            }
            _ => false,
        }
    }
}

/// `s` without zero-width characters, which pages copied from the web can have anywhere, inside a
/// heading marker such as 一是 too: markers, titles and boilerplate are recognised on this.
/// `any` says whether the whole text has one (when not, `s` is returned as it is).
fn visible(s: &str, any: bool) -> std::borrow::Cow<'_, str> {
    let zero_width = |c: char| matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}');
    if any && has_zero_width(s) { s.chars().filter(|&c| !zero_width(c)).collect::<String>().into() } else { s.into() }
}

/// The zero-width characters that pages copied from the web can hold.
const ZERO_WIDTH: [&str; 6] = ["\u{200B}", "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{00AD}"];

/// Whether `s` holds a zero-width character (U+200B–U+200D, U+2060, U+FEFF, U+00AD), looked for on
/// the bytes (decoding every char, or `str::contains` of a char, which looks for its last byte, a
/// continuation byte frequent in CJK, is much slower). Natively one pass for all six with
/// aho-corasick's packed (SIMD) searcher: the whole text is searched once, and six passes of `memmem`
/// read 100 MB from memory six times (110–115 ms against 39–45 ms, bench/README.md, branch
/// `native`). The wasm, which has neither aho-corasick nor `memmem` (their code is some 2 KB gzip,
/// and it is given a report, not 100 MB), reads the bytes once ([`zero_width_bytes`]).
fn has_zero_width(s: &str) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        static PACKED: std::sync::LazyLock<Option<aho_corasick::packed::Searcher>> =
            std::sync::LazyLock::new(|| aho_corasick::packed::Searcher::new(ZERO_WIDTH));
        if let Some(packed) = &*PACKED {
            return packed.find(s).is_some();
        }
    }
    zero_width_bytes(s.as_bytes())
}

/// [`has_zero_width`] in one plain pass over the bytes: at each lead byte of one of [`ZERO_WIDTH`]
/// (E2, EF or C2; any other byte is one comparison), whether one of them starts there. Hand-written:
/// one loop, where `memchr::memmem` (six searches) brought its searchers' code into the wasm.
fn zero_width_bytes(b: &[u8]) -> bool {
    (0..b.len())
        .any(|i| matches!(b[i], 0xE2 | 0xEF | 0xC2) && ZERO_WIDTH.iter().any(|z| b[i..].starts_with(z.as_bytes())))
}

/// Characters a line may be padded with that show nothing: whitespace, control characters (NUL
/// padding of exported files) and zero-width characters.
fn is_blank(c: char) -> bool {
    c.is_whitespace() || c.is_control() || matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

/// Marks a line cannot open with unless it goes on the line before: closing brackets and quotation
/// marks, and the punctuation inside and at the end of a sentence.
const CONTINUATION: &[char] =
    &['）', ')', '》', '」', '』', '”', '’', '】', '，', '、', '。', '；', '：', '！', '？', ','];

const SENTENCE_END: &[char] = &['。', '！', '？', '!', '?', '；', ';', '：', ':', '…', '”', '’', '」', '』', '"'];

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(SENTENCE_END)
}

/// Whether `s` holds punctuation of sentences, which page furniture (menus, buttons, breadcrumbs) has not.
fn has_sentence_punctuation(s: &str) -> bool {
    s.contains(['。', '，', '；', '！', '？', ';', '!', '?'])
}

/// Whether `s` breaks off after a comma or an enumeration comma (，、,): its sentence goes on, and no
/// heading or paragraph ends so.
fn breaks_off(s: &str) -> bool {
    // patterns of `&[char]` as elsewhere here: one copy of the search code in the wasm
    const CLAUSE: &[char] = &['，', '、', ','];
    s.trim_end().ends_with(CLAUSE)
}

/// A line opened by an enumerator that opens paragraphs more often than headings (一是, 第一，) and
/// has at least this many characters without a sentence end is the start of a paragraph broken
/// inside its first sentence: of the 354 distinct paragraphs of tests/gold opened so, the 10 that
/// stand as headings (no sentence punctuation) have 27 characters at most.
const INLINE_OPENER_CHARS: usize = 30;

/// Whether `s` ends a sentence with a full stop (。！？…, and a closing mark after one): a paragraph
/// may end there, where it does not end at a semicolon or a colon (一是…；二是…).
fn ends_full_stop(s: &str) -> bool {
    const CLOSING: &[char] = &['”', '’', '」', '』', '）', ')', '"'];
    const FULL_STOP: &[char] = &['。', '！', '？', '!', '?', '…'];
    s.trim_end().trim_end_matches(CLOSING).ends_with(FULL_STOP)
}

fn has_inner_sentence_end(s: &str) -> bool {
    let t = s.trim_end().trim_end_matches(SENTENCE_END);
    t.contains(['。', '！', '？', '；'])
}

/// The kinds of heading marker; the order in which a document uses them gives the nesting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    /// 一、
    Chinese,
    /// （一）
    ChineseParen,
    /// 一是
    ChineseIs,
    /// 第一，
    Ordinal,
    /// 1. or 1、
    Digit,
    /// （1）
    DigitParen,
    /// ①
    Circled,
}

impl Marker {
    /// Whether the marker opens a paragraph more often than a heading line of its own (一是…，…。,
    /// 第一，…。).
    fn opens_inline(self) -> bool {
        matches!(self, Marker::ChineseIs | Marker::Ordinal)
    }
}

/// Whether a line that ends a sentence is followed by a line that opens as a section heading does
/// (三、, （三）; not 1. （1） ① 一是 第一，, which number items inside paragraphs as often): `tifa::pdf`
/// does not join two lines so, whatever their layout.
#[cfg(feature = "pdf")]
pub(crate) fn sentence_then_heading(before: &str, line: &str) -> bool {
    ends_sentence(before) && matches!(heading_marker(line), Some(Marker::Chinese | Marker::ChineseParen))
}

const CN_NUM: &[char] = &['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '零'];

fn heading_marker(line: &str) -> Option<Marker> {
    let s = line.trim_start();
    let mut chars = s.chars();
    let first = chars.next()?;
    if ('\u{2460}'..='\u{2473}').contains(&first) {
        return Some(Marker::Circled);
    }
    if first == '（' || first == '(' {
        let rest = chars.as_str();
        let inner: String = rest.chars().take_while(|c| *c != '）' && *c != ')').collect();
        let closed = rest[inner.len()..].starts_with(['）', ')']);
        if closed && !inner.is_empty() && inner.chars().count() <= 3 {
            if inner.chars().all(|c| CN_NUM.contains(&c)) {
                return Some(Marker::ChineseParen);
            }
            if inner.chars().all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)) {
                return Some(Marker::DigitParen);
            }
        }
        return None;
    }
    if first == '第' {
        let rest = chars.as_str();
        let num: String = rest.chars().take_while(|c| CN_NUM.contains(c)).collect();
        let after = &rest[num.len()..];
        if !num.is_empty() && (after.starts_with(['，', ',', '、', '是']) || after.starts_with("部分")) {
            return Some(Marker::Ordinal);
        }
        return None;
    }
    if CN_NUM.contains(&first) {
        let num: String = s.chars().take_while(|c| CN_NUM.contains(c)).collect();
        if num.chars().count() > 3 {
            return None;
        }
        let after = &s[num.len()..];
        if after.starts_with(['、', '．']) {
            return Some(Marker::Chinese);
        }
        // 一是 / 二是 …, but not words such as 一是否 (rare) — accept 是 followed by anything but 否.
        if after.starts_with('是') && !after.starts_with("是否") {
            return Some(Marker::ChineseIs);
        }
        return None;
    }
    if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).collect();
        if digits.chars().count() > 2 {
            return None;
        }
        let after = &s[digits.len()..];
        let mut a = after.chars();
        let sep = a.next();
        let next = a.next();
        let is_sep =
            matches!(sep, Some('、') | Some('．')) || (sep == Some('.') && next.is_some_and(|c| !c.is_ascii_digit()));
        if is_sep && next.is_some() {
            return Some(Marker::Digit);
        }
    }
    None
}

/// A short title for a heading paragraph: its text up to the first sentence end, at most 40 chars.
fn heading_title(para: &str) -> String {
    let cut = para.find(['。', '；', ';', '！', '？', '：', ':']).unwrap_or(para.len());
    let first = para[..cut].trim();
    let mut title: String = first.chars().take(40).collect();
    if first.chars().count() > 40 {
        title.push('…');
    }
    title
}

/// Words of headings that name the part of a report they open. Words that also name programmes or
/// goals inside a part (实施人才计划, 取得新成效) are weak: they count only when the other side says nothing.
const PLAN: &[&str] = &[
    "工作计划", "工作打算", "工作安排", "工作思路", "工作建议", "工作的建议", "展望", "下半年", "下一步", "明年",
    "今后", "总体要求", "总的要求", "总体部署", "政策取向", "目标任务", "主要任务", "重点任务", "工作任务", "预期目标",
    "主要目标", "奋斗目标", "重点工作",
];
const PLAN_WEAK: &[&str] = &["计划", "打算", "安排", "思路", "今年"];
const SUMMARY: &[&str] = &[
    "总结", "回顾", "上半年", "过去一年", "过去五年", "一年来", "去年工作", "工作情况", "完成情况", "进展情况",
    "今年以来", "主要成绩", "主要成效", "工作成效",
];
const SUMMARY_WEAK: &[&str] = &["成效", "成绩"];

/// Every word that [`part_signal`] looks for, in one scanner (the lists, then 新成), and the words of
/// each test as bits by the word's index (fewer than 64 words).
struct PartWords {
    scanner: crate::scan::Scanner,
    plan: u64,
    plan_weak: u64,
    summary: u64,
    summary_weak: u64,
    since_this_year: u64,
    new_results: u64,
    progress: u64,
    planned: u64,
}

static PART_WORDS: std::sync::LazyLock<PartWords> = std::sync::LazyLock::new(|| {
    let words: Vec<&'static str> = [PLAN, PLAN_WEAK, SUMMARY, SUMMARY_WEAK, &["新成"]].concat();
    assert!(words.len() < 64);
    let bits = |these: &[&str]| {
        these.iter().map(|w| 1u64 << words.iter().position(|k| k == w).expect("a part word")).fold(0, |a, b| a | b)
    };
    PartWords {
        plan: bits(PLAN),
        plan_weak: bits(PLAN_WEAK),
        summary: bits(SUMMARY),
        summary_weak: bits(SUMMARY_WEAK),
        since_this_year: bits(&["今年以来"]),
        new_results: bits(&["新成"]),
        progress: bits(&["完成情况", "进展情况"]),
        planned: bits(&["计划", "安排", "打算"]),
        scanner: crate::scan::Scanner::new(words.iter().copied()),
    }
});

/// The part words (`PART_WORDS`) that occur in `s`, as bits: one scan for every word, where a
/// `str::contains` of each of 45 words read the heading 45 times. [`names_a_part`] and
/// [`part_signal`] read the bits.
fn part_words(s: &str) -> u64 {
    words_in(&PART_WORDS.scanner, s)
}

/// Whether a line with the part words `found` names a part of a report at all (work done, planned,
/// or both).
fn names_a_part(found: u64) -> bool {
    let p = &*PART_WORDS;
    found & (p.plan | p.plan_weak | p.summary | p.summary_weak) != 0
}

/// Whether a heading or title with the part words `found` speaks of work done or planned.
fn part_signal(found: u64) -> Option<Part> {
    let p = &*PART_WORDS;
    let has = |words: u64| found & words != 0;
    // 今年以来 (since the start of this year) reviews; 取得新成效 (to achieve new results) plans
    let plan_strong = has(p.plan);
    let summary_strong = has(p.summary);
    let plan = plan_strong || (!summary_strong && has(p.plan_weak) && !has(p.since_this_year));
    let summary = summary_strong || (!plan && has(p.summary_weak) && !has(p.new_results));
    match (summary, plan) {
        (true, false) => Some(Part::Summary),
        (false, true) => Some(Part::Plan),
        // 重点工作完成情况: the progress of planned work is reviewed
        (true, true) if !plan_strong || (has(p.progress) && !has(p.planned)) => Some(Part::Summary),
        _ => None,
    }
}

/// The patterns of `scanner` (fewer than 64) that occur in `s`, as bits by index. The one use of the
/// scanner in segmentation (one copy of its code in the wasm).
#[inline(never)]
fn words_in(scanner: &crate::scan::Scanner, s: &str) -> u64 {
    let mut found = 0u64;
    scanner.for_each(s, |_, _, p| {
        debug_assert!(p < 64);
        found |= 1 << p;
    });
    found
}

/// Joining lines for an open quotation mark stops at this many chars (a stray mark joins no more).
const QUOTE_JOIN_CHARS: usize = 120;

/// Whether `s` opens a quotation mark or title bracket that it does not close.
fn open_quote(s: &str) -> bool {
    // one pass: opening minus closing marks of each kind
    let mut open = [0isize; 4];
    for c in s.chars() {
        match c {
            '“' => open[0] += 1,
            '”' => open[0] -= 1,
            '《' => open[1] += 1,
            '》' => open[1] -= 1,
            '「' => open[2] += 1,
            '」' => open[2] -= 1,
            '『' => open[3] += 1,
            '』' => open[3] -= 1,
            _ => {}
        }
    }
    open.iter().any(|&n| n > 0)
}

/// Web-page furniture that a user pastes along with a report.
fn is_boilerplate(line: &str) -> bool {
    let s = line.trim();
    // more than 100 chars (counted on the bytes: `chars().nth(100)` decoded a long line's first 101)
    if s.len() > 100 && (s.len() > 400 || chars_and_ascii(s.as_bytes()).0 > 100) {
        return false;
    }
    if is_page_number(s) {
        return true;
    }
    const EXACT: &[&str] = &[
        "分享", "打印", "关闭", "返回顶部", "收藏", "English", "繁體", "繁体", "简体", "无障碍", "【关闭】",
        "相关附件", "附件",
    ];
    if EXACT.contains(&s) {
        return true;
    }
    const CONTAINS: &[&str] = &[
        "您现在的位置", "您当前所在位置", "您所在的位置", "当前位置", "选择语言", "发布时间", "发布日期",
        "信息提供日期", "信息来源", "阅读次数", "浏览次数", "访问次数", "视力保护色", "【字体", "字号：", "字号:",
        "扫一扫", "分享到", "上一篇", "下一篇", "责任编辑", "打印本页", "关闭窗口", "【打印】", "无障碍版",
        "无障碍浏览", "长者助手", "长者模式", "适老化模式", "适老化版", "适老版", "关怀版", "网站地图",
    ];
    // one scan for all the phrases, with the tagger's own scanner (aho-corasick is not in the wasm)
    const _: () = assert!(CONTAINS.len() < 64, "words_in gives a bit per phrase");
    static CONTAINS_SCAN: std::sync::LazyLock<crate::scan::Scanner> =
        std::sync::LazyLock::new(|| crate::scan::Scanner::new(CONTAINS.iter().copied()));
    let contains = || words_in(&CONTAINS_SCAN, s) != 0;
    // a line with sentences is content even when it names one of these (适老化改造, 规范信息发布时间)
    if contains() && !has_sentence_punctuation(s) {
        return true;
    }
    const STARTS: &[&str] = &["来源：", "来源:", "字体", "分享：", "分享:", "编辑：", "编辑:", "索引号", "文号："];
    // spaces inside the label do not matter (来源 : 南方日报, 来 源：): the first 4 other chars, on
    // the stack (a `String` of them was an allocation per line)
    let mut head = ['\0'; 4];
    let mut len = 0;
    for (slot, c) in head.iter_mut().zip(s.chars().filter(|c| !c.is_whitespace())) {
        *slot = c;
        len += 1;
    }
    let head = &head[..len];
    if STARTS.iter().any(|k| k.chars().count() <= head.len() && k.chars().zip(head).all(|(a, &b)| a == b)) {
        return true;
    }
    s.contains("首页") && s.contains(['>', '＞', '›', '»', '/'])
}

/// The most lines of page furniture (page number, running header, footer) passed over at one page
/// break.
const MAX_FURNITURE_RUN: usize = 4;

/// Lines of page furniture of a PDF copied as text, which a paragraph goes on across: page numbers
/// (see [`is_page_number`]), and running headers and footers. A running header or footer is a line
/// that repeats verbatim (trimmed, zero-width characters left out) at least [`RUNNING_MIN`] times
/// next to a page number (within [`RUNNING_NEAR`] lines, with nothing but blank lines, page numbers
/// or the repeated lines between them); it is short (at most [`RUNNING_MAX_CHARS`] characters), not
/// a heading, and holds no sentence punctuation (，。；！？). In a text of two page numbers or more (a
/// short excerpt of two pages), a line found next to page numbers only twice is one too, where it
/// stands on the same side of a different page number both times (after — 6 — and after — 7 —, as a
/// page's header does), not once before and once after, nor both times at one page number. Only those
/// occurrences are furniture: the same line elsewhere, or a short line that repeats away from page
/// numbers (a repeated heading such as 一、, 附件), is text.
fn page_furniture(text: &str, lines: &[Line], zero_width: bool) -> Vec<bool> {
    // a page number has at most 20 characters (`chars` counts up to more than that)
    let page: Vec<bool> = lines
        .iter()
        .map(|l| {
            l.start != l.end
                && (l.chars <= 20 || zero_width)
                && is_page_number(&visible(&text[l.start..l.end], zero_width))
        })
        .collect();
    let mut furniture = page.clone();
    if !page.contains(&true) {
        return furniture;
    }
    // the short lines near a page number, with their text (sorted by it below: a vector of the few
    // candidates, and no hash map in the wasm)
    let mut near: Vec<(std::borrow::Cow<'_, str>, usize)> = Vec::new();
    for (k, l) in lines.iter().enumerate() {
        if page[k] || l.start == l.end || usize::from(l.chars) > RUNNING_MAX_CHARS {
            continue;
        }
        let lo = k.saturating_sub(RUNNING_NEAR);
        let hi = (k + RUNNING_NEAR).min(lines.len() - 1);
        if !(lo..=hi).any(|j| page[j]) {
            continue;
        }
        let line = visible(&text[l.start..l.end], zero_width);
        // a heading, or a line of sentences (a body line that happens to repeat), is text
        if heading_marker(&line).is_some() || has_sentence_punctuation(&line) {
            continue;
        }
        near.push((line, k));
    }
    let pages = page.iter().filter(|&&p| p).count();
    crate::sort::heapsort_by(&mut near, |a, b| a < b);
    for run in near.chunk_by(|a, b| a.0 == b.0) {
        if run.len() < RUNNING_MIN && (run.len() != 2 || pages < 2) {
            continue;
        }
        let repeated = |j: usize| run.iter().any(|&(_, k)| k == j);
        // the page number that the line at `k` reaches before it (or after it) over blank lines, page
        // numbers or its own kind
        let reaches = |k: usize, after: bool| -> Option<usize> {
            let mut j = k;
            for _ in 0..RUNNING_NEAR {
                j = if after { j + 1 } else { j.checked_sub(1)? };
                if j >= lines.len() || (!page[j] && lines[j].start != lines[j].end && !repeated(j)) {
                    return None;
                }
                if page[j] {
                    return Some(j);
                }
            }
            None
        };
        // a line found only twice is a running header or footer where it stands on the same side of two
        // different page numbers both times (the header of two pages), not one before and one after a
        // page number, nor both at one
        if let [(_, a), (_, b)] = run {
            let apart = |after: bool| matches!((reaches(*a, after), reaches(*b, after)), (Some(x), Some(y)) if x != y);
            if !apart(false) && !apart(true) {
                continue;
            }
        }
        // each occurrence must reach its page number
        for &(_, k) in run {
            if reaches(k, false).is_some() || reaches(k, true).is_some() {
                furniture[k] = true;
            }
        }
    }
    furniture
}

/// A running header or footer repeats at least this many times next to page numbers, or twice on the
/// same side of two page numbers (see [`page_furniture`]).
const RUNNING_MIN: usize = 3;
/// How far (in lines) a running header or footer is from its page number at most.
const RUNNING_NEAR: usize = 2;
/// The longest running header or footer, in characters.
const RUNNING_MAX_CHARS: usize = 40;

/// A page number or page count line of a PDF copied as text: — 3 —, - 12 -, 第 3 页, 第3页 共12页, 3/12.
/// Digits with only dashes, slashes, spaces and 第 页 共 around them, at most 20 characters.
fn is_page_number(line: &str) -> bool {
    let s = line.trim();
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    s.chars().nth(20).is_none()
        && s.chars().any(digit)
        && s.chars().all(|c| digit(c) || c.is_whitespace() || "-—–－‒/／第页共".contains(c))
}

#[cfg(test)]
mod tests {
    use super::is_closing_exhortation as closing;

    #[test]
    fn closing_exhortations_are_recognised_by_their_shape() {
        for (text, want) in [
            // the shape: an address, 让我们, a closing ！ (quotes and white space after it allowed)
            (
                "各位代表！让我们更加紧密地团结在以习近平同志为核心的党中央周围，坚决打赢脱贫攻坚战，以优异成绩庆祝新中国成立70周年！",
                true,
            ),
            ("  同志们，让我们携手并进，奋力谱写新篇章！\n", true),
            ("各位委员：让我们同心协力，为“十四五”开好局而努力奋斗!”", true),
            ("　　各位代表!让我们砥砺奋进！」 ", true),
            // not one: a body paragraph that holds 让我们
            ("让我们坚持稳中求进工作总基调，扎实推进乡村振兴！", false),
            ("全市上下要坚持新发展理念，让我们共同努力，推动高质量发展！", false),
            // not one: a 各位代表 paragraph that ends with 。
            ("各位代表，让我们坚定信心，开拓进取，推动高质量发展。", false),
            // not one: a report on the session
            ("各位代表，现将2023年工作报告如下，请予审议。", false),
            // not one: the address not followed by its punctuation (各位代表提出的…), nor at the start
            ("各位代表提出的建议，让我们深受鼓舞！", false),
            ("最后，各位代表，让我们团结奋斗！", false),
            ("", false),
            ("各位代表！", false),
            ("！", false),
        ] {
            assert_eq!(closing(text), want, "{text}");
        }
    }

    #[test]
    fn closing_thanks_are_recognised_by_their_shape() {
        for (text, want) in [
            // the thanks, after sentences that say whose the results are (an address before them or not)
            ("在此，谨向关心支持民政工作的各级领导和社会各界表示衷心的感谢！", true),
            ("这些成绩的取得，是县委、县政府坚强领导的结果。在此，我代表县政府，向大家表示衷心的感谢！", true),
            ("一年来的成绩，得益于市委的坚强领导；凝聚着全局干部职工的心血。在此，致以崇高的敬意！", true),
            ("各位代表！过去一年的成绩来之不易，在此，我代表市人民政府，向全市人民表示衷心的感谢！", true),
            ("衷心感谢社会各界对教育事业的关心和支持！”", true),
            // not one: a sentence of work done before the thanks, a thanks that ends with 。, no thanks
            ("全年新建道路12公里。在此，向大家表示感谢！", false),
            ("这些成绩是大家支持的结果，在此表示感谢。", false),
            ("这些成绩的取得，是县委坚强领导的结果！", false),
        ] {
            assert_eq!(closing(text), want, "{text}");
        }
    }

    #[test]
    fn closing_calls_of_a_report_are_recognised_by_their_shape() {
        for (text, want) in [
            // one sentence that calls for more (an address before it or not)
            ("新的一年，我们将在县委的坚强领导下，凝心聚力，为建设现代化新城作出新的更大贡献！", true),
            ("新的一年，全市科技系统要奋力开创科技创新工作新局面！", true),
            ("同志们，让我们携手并进，为全面建设社会主义现代化国家而努力奋斗！", true),
            ("同志们！全系统干部职工要真抓实干，奋力谱写乡村全面振兴新篇章！", true),
            ("新征程上，我们将坚定信心，为全市高质量发展贡献力量！", true),
            // not one: two sentences (the first names the work), no call for more, a call that ends with 。
            ("新的一年，我们将全面推进河长制。为建设美丽家园作出新的更大贡献！", false),
            ("全年完成造林1.2万亩，森林覆盖率创历史新高！", false),
            ("为建设现代化新城作出新的更大贡献。", false),
        ] {
            assert_eq!(closing(text), want, "{text}");
        }
    }

    /// The shape is looked for on the folded text: Traditional characters, either width of the
    /// punctuation, white space and quotation marks anywhere; the folded check agrees.
    #[test]
    fn closing_exhortations_are_recognised_on_the_folded_text() {
        for text in [
            "各位代表！讓我們更加緊密地團結在以習近平同志為核心的黨中央周圍，奮力譜寫新篇章！",
            "同志們，讓我們攜手並進！",
            "各位委員：讓我們同心協力，為「十四五」開好局而努力奮鬥！」",
            "各位委员: 让我们同心协力!",
            "各位 代表 , 让 我们砥砺奋进 ! ",
            "“各位代表！”让我们砥砺奋进！",
            "各位代表！让我们砥砺奋进！",
        ] {
            assert!(closing(text), "{text}");
            assert!(super::is_closing_folded(&crate::normalize::fold_str(text)), "{text}");
        }
        for text in [
            "讓我們堅持穩中求進工作總基調！",
            "各位代表，讓我們推動高質量發展。",
            "最後，各位代表，讓我們團結奮鬥！",
            "各位代表提出的建議，讓我們深受鼓舞！",
        ] {
            assert!(!closing(text), "{text}");
        }
        // the folded check takes the folded forms only: ！ and ， are `!` and `,` there
        assert!(!super::is_closing_folded("各位代表！让我们砥砺奋进！"));
        assert!(super::is_closing_folded("各位代表!让我们砥砺奋进!"));
    }

    use super::*;

    /// The chars and ASCII chars counted on the bytes, in pieces of 255, are the decoded counts: on
    /// every line of a sample, on the whole sample (pieces of 255 bytes cut inside chars), and on
    /// random strings of 1- to 4-byte chars around the piece size.
    #[test]
    fn chars_and_ascii_count_as_decoding_does() {
        let decoded = |s: &str| (s.chars().count(), s.chars().filter(char::is_ascii).count());
        let sample = include_str!("../tests/fixtures/corpus/panyu-shawan-2023.txt");
        for line in sample.lines().chain([sample, ""]) {
            assert_eq!(chars_and_ascii(line.as_bytes()), decoded(line), "{line:?}");
        }
        let alphabet = ['a', '1', 'é', '河', '，', '𝌆', ' '];
        let mut seed = 11u64;
        for _ in 0..500 {
            let n = crate::testing::rng(&mut seed) as usize % 600;
            let s: String =
                (0..n).map(|_| alphabet[crate::testing::rng(&mut seed) as usize % alphabet.len()]).collect();
            assert_eq!(chars_and_ascii(s.as_bytes()), decoded(&s), "{s:?}");
            // the boilerplate test's "more than 100 chars", as it was written
            let s = s.trim();
            let long = s.len() > 100 && (s.len() > 400 || chars_and_ascii(s.as_bytes()).0 > 100);
            assert_eq!(long, s.chars().nth(100).is_some(), "{s:?}");
        }
    }

    fn kinds(text: &str) -> Vec<(String, ParagraphKind, Vec<String>, Option<Part>)> {
        segment(text).into_iter().map(|s| (text[s.start..s.end].to_string(), s.kind, s.section, s.part)).collect()
    }

    #[test]
    fn headings_nest_by_order_of_use() {
        let text = "2023年工作总结\n\n一、抓党建\n（一）强组织\n一是落实第一议题制度。全年学习12次。\n二、谋发展\n经济向好。\n";
        let k = kinds(text);
        assert_eq!(k[0].1, ParagraphKind::Title);
        assert_eq!(k[0].3, Some(Part::Summary));
        assert_eq!(k[1].2, vec!["一、抓党建"]);
        assert_eq!(k[2].2, vec!["一、抓党建", "（一）强组织"]);
        assert_eq!(k[3].1, ParagraphKind::Text);
        assert_eq!(k[3].2, vec!["一、抓党建", "（一）强组织", "一是落实第一议题制度"]);
        assert_eq!(k[4].2, vec!["二、谋发展"]);
        assert_eq!(k[5].2, vec!["二、谋发展"]);
    }

    #[test]
    fn plan_part_from_headings() {
        let k = kinds("一、上半年工作总结\n经济向好。\n二、下半年工作计划\n抓招商。\n");
        assert_eq!(k[1].3, Some(Part::Summary));
        assert_eq!(k[3].3, Some(Part::Plan));
        // in Traditional script too
        let k = kinds("一、上半年工作總結\n經濟向好。\n二、下半年工作計劃\n抓招商。\n");
        assert_eq!((k[1].3, k[3].3), (Some(Part::Summary), Some(Part::Plan)));
    }

    /// The layout read from a whole text decides which line breaks end a paragraph (see [`Layout`]).
    #[test]
    fn layouts_decide_where_paragraphs_end() {
        // a paragraph wrapped at 16 Chinese characters (32 columns) a line, as a PDF gives it
        let wrapped = [
            "全面落实河长制，街道各级河长累计巡河一千二百余次，",
            "整治河湖问题32宗。完成黑臭水体整治，水质稳定达标",
            "。推进垃圾分类，新建分类投放点80个。",
        ];
        let second = ["深化平安建设，全年化解矛盾纠纷三百二十六宗，化解率", "百分之九十八。"];
        let pdf = |indent: &str| {
            let mut t = String::new();
            for _ in 0..3 {
                t += &format!(
                    "{indent}{}
{}
",
                    wrapped.join(
                        "
"
                    ),
                    second.join(
                        "
"
                    )
                );
            }
            t
        };
        // (text, expected paragraphs as their lines joined)
        let p1 = wrapped.concat();
        let p2 = second.concat();
        let cases: Vec<(String, Vec<String>)> = vec![
            // wrapped: a full line goes on after a sentence end; a short line ends the paragraph
            (pdf(""), [&p1, &p2].repeat(3).into_iter().cloned().collect()),
            // the same with a first-line indent
            (pdf("\u{3000}\u{3000}"), [&p1, &p2].repeat(3).into_iter().cloned().collect()),
            // one paragraph per line: a heading of 20 characters or more, with no sentence end, stands alone
            (
                "（一）充分发挥经济体制改革牵引作用，努力取得新突破\n全面贯彻落实中央改革决定。\n".into(),
                vec!["（一）充分发挥经济体制改革牵引作用，努力取得新突破".into(), "全面贯彻落实中央改革决定。".into()],
            ),
            // but a paragraph opened by an inline heading, broken inside a sentence, goes on
            (
                "（一）着力扩大内需。深入实施扩大内需战略，加快培育\n完整内需体系。\n".into(),
                vec!["（一）着力扩大内需。深入实施扩大内需战略，加快培育完整内需体系。".into()],
            ),
            // an indented line starts a paragraph where the text marks paragraphs so
            (
                "二〇二五年北京市政府工作报告全文发布于北京日报\n\u{3000}\u{3000}过去一年，经济运行稳中有进，发展质量不断提升\n\u{3000}\u{3000}我们坚持稳中求进。\n".into(),
                vec![
                    "二〇二五年北京市政府工作报告全文发布于北京日报".into(),
                    "过去一年，经济运行稳中有进，发展质量不断提升".into(),
                    "我们坚持稳中求进。".into(),
                ],
            ),
            // a line that opens with a closing mark goes on the line before
            ("城市轨道交通\n、地下综合管廊建设加快。\n".into(), vec!["城市轨道交通、地下综合管廊建设加快。".into()]),
            // short sentences of one length, each ending a sentence: not a wrapped text
            (
                "街道全年新建分类投放点八十个。\n".repeat(7),
                vec!["街道全年新建分类投放点八十个。".to_string(); 7],
            ),
        ];
        for (text, expected) in &cases {
            let got: Vec<String> = segment(text).iter().map(|s| text[s.start..s.end].replace('\n', "")).collect();
            assert_eq!(&got, expected, "{text}");
        }
        // one long paragraph per line (a provincial report as published): a byline without a sentence
        // end is a paragraph of its own
        let body = format!("{}。\n", "全面贯彻落实中央经济工作会议精神，推动经济持续回升向好".repeat(5));
        let report = format!(
            "——2025年1月14日在吉林省第十四届人民代表大会第四次会议上\n省长　胡玉亭\n各位代表：\n{}",
            body.repeat(6)
        );
        let got: Vec<&str> = segment(&report).iter().map(|s| &report[s.start..s.end]).collect();
        assert_eq!(got[..3], ["——2025年1月14日在吉林省第十四届人民代表大会第四次会议上", "省长　胡玉亭", "各位代表："]);
        assert_eq!(got.len(), 9);
        // every line indented alike (a margin): the indents say nothing, the width does
        let margin: String = pdf("").lines().map(|l| format!("  {l}\n")).collect();
        let got: Vec<String> = segment(&margin).iter().map(|s| margin[s.start..s.end].replace("\n  ", "")).collect();
        assert_eq!(got, [&p1, &p2].repeat(3).into_iter().cloned().collect::<Vec<String>>());
    }

    /// A short excerpt of a PDF (fewer than `Layout::MIN_LINES` long lines: the layout is not told)
    /// keeps its words whole where a paragraph opens with 一是 … or a wrap puts 二是 at a line's start,
    /// and still starts a paragraph where the source did: `|` marks where the paragraphs end.
    #[test]
    fn short_excerpts_with_enumerators() {
        let cases: &[(&str, &str)] = &[
            // a paragraph opened by 一是, wrapped at 27 characters inside its first sentence: the full
            // lines agree on a width
            (
                "一是持续优化营商环境，深入开展“万名干部进万企”服务行\n动，走访辖内规模以上企业一百三十家，协调解决用地、用工\n、融资等方面问题四十七个，新增市场主体一千二百余户。",
                "一是持续优化营商环境，深入开展“万名干部进万企”服务行动，走访辖内规模以上企业一百三十家，协调解决用地、用工、融资等方面问题四十七个，新增市场主体一千二百余户。",
            ),
            // two lines of different widths: a 一是 line of 30 characters or more is no heading
            (
                "一是加快推进城市更新，统筹推进老旧小区改造和城中村综合治理，完成\n改造小区十四个，惠及居民四千三百余户。",
                "一是加快推进城市更新，统筹推进老旧小区改造和城中村综合治理，完成改造小区十四个，惠及居民四千三百余户。",
            ),
            // a heading line never ends with a comma
            (
                "一是全力保障和改善民生，新增就业岗位二千一百个，\n发放各类救助资金六百五十万元。",
                "一是全力保障和改善民生，新增就业岗位二千一百个，发放各类救助资金六百五十万元。",
            ),
            // wraps at 30 characters just before 一是 after a colon and before 二是 after a semicolon
            (
                "今年以来，街道坚持以党建引领基层治理，重点抓好三个方面工作：\n一是夯实基层组织基础，全面推行网格化管理，划分网格一百余个；\n二是完善矛盾纠纷多元化解机制，建成街道综治中心和调解室十二个\n，全年化解纠纷三百余宗；三是深化民生微实事项目，惠及群众三万\n余人次。",
                "今年以来，街道坚持以党建引领基层治理，重点抓好三个方面工作：一是夯实基层组织基础，全面推行网格化管理，划分网格一百余个；二是完善矛盾纠纷多元化解机制，建成街道综治中心和调解室十二个，全年化解纠纷三百余宗；三是深化民生微实事项目，惠及群众三万余人次。",
            ),
            // and in a paragraph opened by 一是
            (
                "一是夯实基层组织基础，全面推行网格化管理，配备专职网格员二百名；\n二是完善矛盾纠纷多元化解机制，建成街道综治中心和调解工作室十二个\n，全年化解纠纷三百余宗；三是深化民生微实事项目，惠及群众三万余人\n次。",
                "一是夯实基层组织基础，全面推行网格化管理，配备专职网格员二百名；二是完善矛盾纠纷多元化解机制，建成街道综治中心和调解工作室十二个，全年化解纠纷三百余宗；三是深化民生微实事项目，惠及群众三万余人次。",
            ),
            // 二是 after a short line that ends a sentence: a paragraph of its own
            (
                "一是持续优化营商环境，深入开展“万名干部进万企”服务行\n动，新增市场主体一千二百余户。\n二是加快推进城市更新，统筹推进老旧小区改造和城中村综合\n治理，惠及居民四千三百余户。",
                "一是持续优化营商环境，深入开展“万名干部进万企”服务行动，新增市场主体一千二百余户。|二是加快推进城市更新，统筹推进老旧小区改造和城中村综合治理，惠及居民四千三百余户。",
            ),
            // and after a full line that ends with a full stop
            (
                "一是持续优化营商环境，深入开展“万名干部进万企”服务行\n动，走访企业一百三十家，新增市场主体一千二百余户。\n二是加快推进城市更新，统筹推进老旧小区改造和城中村综合\n治理，惠及居民四千三百余户。",
                "一是持续优化营商环境，深入开展“万名干部进万企”服务行动，走访企业一百三十家，新增市场主体一千二百余户。|二是加快推进城市更新，统筹推进老旧小区改造和城中村综合治理，惠及居民四千三百余户。",
            ),
            // headings of their own: a short 一是 line, a list of them, a heading of another kind
            (
                "一是强化安全生产监管\n全年开展安全生产检查一千六百余次，整改各类隐患三千二百处\n，关停取缔违法生产经营场所二十三家。",
                "一是强化安全生产监管|全年开展安全生产检查一千六百余次，整改各类隐患三千二百处，关停取缔违法生产经营场所二十三家。",
            ),
            (
                "一是聚焦全方位扩大内需，着力提消费促投资\n二是大力推进新型工业化，加快构建现代化产业体系\n三是统筹新型城镇化和乡村振兴，促进城乡融合发展",
                "一是聚焦全方位扩大内需，着力提消费促投资|二是大力推进新型工业化，加快构建现代化产业体系|三是统筹新型城镇化和乡村振兴，促进城乡融合发展",
            ),
            (
                "（一）充分发挥经济体制改革牵引作用，努力取得新突破\n全面贯彻落实中央改革决定，加快构建高水平社会主义市场经济体制。",
                "（一）充分发挥经济体制改革牵引作用，努力取得新突破|全面贯彻落实中央改革决定，加快构建高水平社会主义市场经济体制。",
            ),
            // one paragraph per line, headings the widest lines: no width told by them, and a heading
            // of its own is not joined to its body (review of the seventeenth session)
            (
                "（一）聚焦全方位扩大内需，着力提振消费和扩大有效投资\n全年社会消费品零售总额增长百分之六点五。\n（二）大力推进新型工业化，加快构建现代化产业体系\n规上工业增加值增长百分之八。",
                "（一）聚焦全方位扩大内需，着力提振消费和扩大有效投资|全年社会消费品零售总额增长百分之六点五。|（二）大力推进新型工业化，加快构建现代化产业体系|规上工业增加值增长百分之八。",
            ),
            // a full line ending with a colon before a heading of another kind than 一是: the heading
            // starts its paragraph (only 一是 and 第一， go on from a full line)
            (
                "今年以来，街道坚持以党建引领基层治理，现将全年工作情况报告如下：\n一、二〇二三年工作回顾\n今年以来，街道坚持以党建引领基层治理，全年化解纠纷三百余宗，惠及\n群众三万余人次。",
                "今年以来，街道坚持以党建引领基层治理，现将全年工作情况报告如下：|一、二〇二三年工作回顾|今年以来，街道坚持以党建引领基层治理，全年化解纠纷三百余宗，惠及群众三万余人次。",
            ),
        ];
        let mut failed = Vec::new();
        for (text, expected) in cases {
            let got: Vec<String> = segment(text).iter().map(|s| text[s.start..s.end].replace('\n', "")).collect();
            if got.join("|") != *expected {
                failed.push(format!("{text}\n  got      {}\n  expected {expected}", got.join("|")));
            }
        }
        assert!(failed.is_empty(), "{} of {} cases:\n{}", failed.len(), cases.len(), failed.join("\n"));
    }

    #[test]
    fn a_page_number_inside_a_paragraph_is_passed_over() {
        for number in ["— 3 —", "- 12 -", "第 3 页", "第3页 共12页", "3/12", "１２"] {
            assert!(is_page_number(number), "{number}");
        }
        for line in ["2024年", "3.5%", "一、抓党建", "— 3 — 新桥街道", "", "——"] {
            assert!(!is_page_number(line), "{line}");
        }
        // a PDF's paragraph across a page break, wrapped at 20 characters
        let p = "全面落实河长制，街道各级河长累计巡河一千二百余次，整治河湖问题32宗。完成黑臭水体整治，水质稳定达标。推进垃圾分类，新建分类投放点80个，覆盖率达到百分之九十八以上。";
        let lines: Vec<&str> = p
            .char_indices()
            .step_by(20)
            .map(|(i, _)| &p[i..])
            .map(|s| &s[..s.char_indices().nth(20).map_or(s.len(), |(j, _)| j)])
            .collect();
        let mut text = String::new();
        for k in 0..4 {
            for (n, l) in lines.iter().enumerate() {
                text += l;
                text.push('\n');
                if k == 1 && n == 2 {
                    text += "— 3 —\n";
                }
            }
        }
        let got: Vec<(String, ParagraphKind)> =
            kinds(&text).into_iter().map(|k| (k.0.replace('\n', ""), k.1)).collect();
        assert_eq!(got.len(), 4, "{got:?}");
        assert_eq!(got[1].0.replace("— 3 —", ""), p);
        // the paragraph names the line it passed over (for matching to leave out); the others none
        let passed: Vec<Vec<&str>> =
            segment(&text).iter().map(|s| s.passed_over.iter().map(|r| &text[r.clone()]).collect()).collect();
        assert_eq!(passed, [vec![], vec!["— 3 —"], vec![], vec![]]);
        // a page number on its own, between paragraphs, is page furniture
        let k = kinds("推进垃圾分类，新建分类投放点80个。\n\n- 12 -\n\n完成黑臭水体整治。\n");
        assert_eq!(k[1].1, ParagraphKind::Boilerplate);
    }

    /// A PDF copied as text, wrapped at `width` characters a line, with `furniture` (a page number
    /// and what else a page break holds: `{n}` is the page number) after every `per_page` lines.
    fn pdf_copy(paragraphs: &[&str], width: usize, per_page: usize, furniture: &[&str]) -> String {
        let mut out = String::new();
        let (mut n, mut page) = (0, 1);
        for p in paragraphs {
            let chars: Vec<char> = p.chars().collect();
            for line in chars.chunks(width) {
                out.extend(line);
                out.push('\n');
                n += 1;
                if n % per_page == 0 {
                    for f in furniture {
                        out += &f.replace("{n}", &page.to_string());
                        out.push('\n');
                    }
                    page += 1;
                }
            }
        }
        out
    }

    /// Running headers and footers next to page numbers are passed over like the page numbers: a
    /// paragraph goes on across them. A line repeated less often, away from page numbers, or that
    /// is a heading, is text.
    #[test]
    fn running_headers_and_footers_are_passed_over() {
        let body = [
            "全面落实河长制，街道各级河长累计巡河一千二百余次，整治河湖问题32宗。完成黑臭水体整治，水质稳定达标。推进垃圾分类，新建分类投放点80个，覆盖率达到百分之九十八以上。",
            "深化平安建设，全年化解矛盾纠纷三百二十六宗，化解率百分之九十八。推进智慧社区建设，建成智能门禁系统四十套，覆盖全部老旧小区，居民满意度明显提升。",
        ];
        // three times: 24 lines, a page break every 5 lines makes 4, every 10 lines 2
        let body = body.repeat(3);
        let plain: Vec<String> = body.iter().map(|p| p.to_string()).collect();
        // the paragraphs as segmented, with the lines of page furniture left out
        let paragraphs = |text: &str, furniture: &[&str]| -> Vec<String> {
            segment(text)
                .iter()
                .filter(|s| s.kind != ParagraphKind::Boilerplate)
                .map(|s| {
                    text[s.start..s.end]
                        .lines()
                        .filter(|l| !is_page_number(l) && !furniture.contains(&l.trim()))
                        .collect::<String>()
                })
                .collect()
        };
        let header = "沙湾街道办事处文件";
        let cases: &[(&[&str], usize, bool)] = &[
            // (what each page break holds, lines a page, passed over)
            (&["— {n} —"], 5, true),
            // a header after the page number, a footer before it, both, with a blank line
            (&["— {n} —", header], 5, true),
            (&["番禺区沙湾街道", "- {n} -"], 5, true),
            (&["沙湾街道2023年工作总结", "第 {n} 页", header], 5, true),
            (&["— {n} —", "", header], 5, false),
            // twice only (pages of 10 lines: two page breaks), after each page number: a running header
            (&["— {n} —", header], 10, true),
            (&["{n}", header], 10, true),
            (&[header, "第{n}页"], 10, true),
            // a heading repeated next to page numbers is a heading
            (&["— {n} —", "一、"], 5, false),
        ];
        for (furniture, per_page, passed) in cases {
            let text = pdf_copy(&body, 20, *per_page, furniture);
            let got = paragraphs(&text, &[header, "番禺区沙湾街道", "沙湾街道2023年工作总结"]);
            assert_eq!(got == plain, *passed, "{furniture:?} {per_page}: {got:#?}");
            // the lines passed over are those of the page breaks, and all of them: without them each
            // paragraph is its text
            let without: Vec<String> = segment(&text)
                .iter()
                .filter(|s| s.kind != ParagraphKind::Boilerplate)
                .map(|s| {
                    let mut kept = String::new();
                    let mut at = s.start;
                    for r in &s.passed_over {
                        assert!(s.start < r.start && r.end < s.end && at <= r.start, "{r:?} in {s:?}");
                        kept += &text[at..r.start];
                        at = r.end;
                    }
                    (kept + &text[at..s.end]).lines().collect()
                })
                .collect();
            assert_eq!(without == plain, *passed, "{furniture:?} {per_page}: {without:#?}");
            if *passed {
                // a page break that falls between paragraphs is boilerplate
                assert!(segment(&text).iter().all(|s| {
                    let first = text[s.start..s.end].lines().next().unwrap_or_default().trim();
                    s.kind == ParagraphKind::Boilerplate || !(is_page_number(first) || furniture.contains(&first))
                }));
            }
        }
        // the header's line away from page numbers is text
        let text =
            pdf_copy(&body, 20, 5, &["— {n} —", header]) + "推进垃圾分类。\n" + header + "\n完成黑臭水体整治。\n";
        let got: Vec<(ParagraphKind, &str)> = segment(&text).iter().map(|s| (s.kind, &text[s.start..s.end])).collect();
        assert_eq!(got[got.len() - 2], (ParagraphKind::Text, header), "{got:?}");
    }

    /// A short excerpt of two pages has its running header or footer twice: it is passed over where it
    /// stands on the same side of two page numbers, and a line repeated otherwise is text. Each case is
    /// the text and its segments: `|` between them, a boilerplate one in ⟨⟩, the lines passed over left
    /// out (line breaks too).
    #[test]
    fn a_running_header_found_twice() {
        let cases: &[(&str, &str)] = &[
            // after — 6 — and — 7 —, inside two paragraphs
            (
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治\n— 6 —\n沙湾街道办事处文件\n河湖问题32宗。\n完成黑臭水体整治，水质稳定达标，推进垃圾分类，新建投放\n— 7 —\n沙湾街道办事处文件\n点80个。\n",
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治河湖问题32宗。|完成黑臭水体整治，水质稳定达标，推进垃圾分类，新建投放点80个。",
            ),
            // a footer before 第6页 and 第7页, with a character beyond the BMP before the break
            (
                "组织𠮷田村全体党员干部深入一线巡河护河，推行落实河湖长\n沙湾街道2023年工作总结\n第6页\n制。新建碧道十二公里，沿线绿化美化成效显著，推进𠮷田村碧\n沙湾街道2023年工作总结\n第7页\n道建设。\n",
                "组织𠮷田村全体党员干部深入一线巡河护河，推行落实河湖长制。新建碧道十二公里，沿线绿化美化成效显著，推进𠮷田村碧道建设。",
            ),
            // bare page numbers; the second time between two paragraphs: boilerplate
            (
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治\n6\n沙湾街道办事处文件\n河湖问题32宗。\n7\n沙湾街道办事处文件\n完成黑臭水体整治。\n",
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治河湖问题32宗。|⟨7⟩|⟨沙湾街道办事处文件⟩|完成黑臭水体整治。",
            ),
            // one page number only: a line before it and after it is text (the page number alone is
            // passed over, inside a line broken inside a sentence)
            (
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治\n工作亮点\n— 6 —\n工作亮点\n河湖问题32宗。\n",
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治工作亮点工作亮点河湖问题32宗。",
            ),
            // before and after one of two page numbers: text
            (
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治\n工作亮点\n— 6 —\n工作亮点\n河湖问题32宗。\n— 7 —\n完成黑臭水体整治。\n",
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治工作亮点工作亮点河湖问题32宗。|⟨— 7 —⟩|完成黑臭水体整治。",
            ),
            // before one page number and after the other: text
            (
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治\n重点项目\n— 6 —\n河湖问题32宗。\n完成黑臭水体整治，水质稳定达标，推进垃圾分类，新建投放\n— 7 —\n重点项目\n点80个。\n",
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治重点项目河湖问题32宗。|完成黑臭水体整治，水质稳定达标，推进垃圾分类，新建投放重点项目点80个。",
            ),
            // next to one page number, and away from the other: text
            (
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治\n— 6 —\n重点项目\n河湖问题32宗。\n重点项目\n完成黑臭水体整治，水质稳定达标，推进垃圾分类，新建投放\n— 7 —\n点80个。\n",
                "全面落实河长制，街道各级河长累计巡河一千二百余次，整治重点项目河湖问题32宗。|重点项目|完成黑臭水体整治，水质稳定达标，推进垃圾分类，新建投放点80个。",
            ),
            // a heading, and a line of sentences, after both page numbers: text
            (
                "全面落实河长制，街道各级河长累计巡河一千二百余次。\n— 6 —\n一是强化安全生产监管\n全年开展安全生产检查一千六百余次。\n— 7 —\n一是强化安全生产监管\n整改各类隐患三千二百处。\n",
                "全面落实河长制，街道各级河长累计巡河一千二百余次。|⟨— 6 —⟩|一是强化安全生产监管|全年开展安全生产检查一千六百余次。|⟨— 7 —⟩|一是强化安全生产监管|整改各类隐患三千二百处。",
            ),
            (
                "全面落实河长制，街道各级河长累计巡河一千二百余次。\n— 6 —\n责任落实，成效明显\n全年开展安全生产检查一千六百余次。\n— 7 —\n责任落实，成效明显\n整改各类隐患三千二百处。\n",
                "全面落实河长制，街道各级河长累计巡河一千二百余次。|⟨— 6 —⟩|责任落实，成效明显|全年开展安全生产检查一千六百余次。|⟨— 7 —⟩|责任落实，成效明显|整改各类隐患三千二百处。",
            ),
        ];
        let mut failed = Vec::new();
        for (text, expected) in cases {
            let mut got = Vec::new();
            for s in segment(text) {
                // the spans point into the text, at its characters' boundaries, the lines passed over in
                // order inside the paragraph
                assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end) && s.start < s.end, "{s:?}");
                let mut kept = String::new();
                let mut at = s.start;
                for r in &s.passed_over {
                    assert!(
                        at < r.start && r.end < s.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                        "{r:?} in {s:?}"
                    );
                    kept += &text[at..r.start];
                    at = r.end;
                }
                kept += &text[at..s.end];
                let kept = kept.replace('\n', "");
                got.push(if s.kind == ParagraphKind::Boilerplate { format!("⟨{kept}⟩") } else { kept });
            }
            if got.join("|") != *expected {
                failed.push(format!("{text}\n  got      {}\n  expected {expected}", got.join("|")));
            }
        }
        assert!(failed.is_empty(), "{} of {} cases:\n{}", failed.len(), cases.len(), failed.join("\n"));
    }

    /// A sample report copied from a PDF (wrapped at 35 characters, a page number and a running header
    /// every 40 lines, as the archive test of ut15 #7 made it): the same paragraphs as the copy without
    /// the header.
    #[test]
    fn a_pdf_copy_with_a_running_header() {
        let report = include_str!("../tests/fixtures/corpus/panyu-shawan-2023.txt");
        let paragraphs: Vec<&str> = report.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
        let with = pdf_copy(&paragraphs, 35, 40, &["— {n} —", "沙湾街道办事处文件"]);
        let without = pdf_copy(&paragraphs, 35, 40, &["— {n} —"]);
        let texts = |text: &str| -> Vec<String> {
            segment(text)
                .iter()
                .filter(|s| s.kind != ParagraphKind::Boilerplate)
                .map(|s| {
                    text[s.start..s.end].lines().filter(|l| !is_page_number(l) && *l != "沙湾街道办事处文件").collect()
                })
                .collect()
        };
        let (a, b) = (texts(&with), texts(&without));
        assert!(with.matches("沙湾街道办事处文件").count() >= 3);
        assert_eq!(a, b);
        assert!(a.len() >= 20 && a.len() <= paragraphs.len() + 2, "{} paragraphs of {}", a.len(), paragraphs.len());
    }

    #[test]
    fn widths_in_columns_and_in_characters() {
        let lines = lines("ab河长制\n\u{3000}\u{3000}河长制\n  x\n\n");
        let got: Vec<(u8, u8, bool)> = lines.iter().map(|l| (l.columns, l.chars, l.indented)).collect();
        assert_eq!(got, [(8, 5, false), (6, 3, true), (1, 1, true), (0, 0, false)]);
        // a PDF's lines hold more characters where they hold digits, not more columns; a folded
        // text file's lines hold as many characters: each is told by the unit its lines agree on
        let pdf = "全面落实河长制，累计巡河1200余次，整治河湖问题32宗，\n".repeat(8);
        let layout = Layout::of(&pdf, &super::lines(&pdf));
        assert!(matches!(layout.breaks, Breaks::Wrapped(_, Unit::Columns)), "{layout:?}");
        let mut folded = String::new();
        for i in 0..8 {
            folded += if i % 2 == 0 {
                "全面落实河长制，累计巡河1200余次，整治河湖\n"
            } else {
                "全面落实河长制，累计巡河一千二百余次，整治河湖\n"
            };
        }
        let layout = Layout::of(&folded, &super::lines(&folded));
        assert!(matches!(layout.breaks, Breaks::Wrapped(_, Unit::Chars)), "{layout:?}");
        // lines wider than the widest wrapping: a paragraph per line (widths are counted up to it)
        for (width, wrapped) in [(199, true), (200, true), (201, false), (202, false), (203, false), (999, false)] {
            let wide = format!("{}{}\n", "河".repeat(width / 2), "x".repeat(width % 2)).repeat(8);
            let breaks = Layout::of(&wide, &super::lines(&wide)).breaks;
            assert_eq!(matches!(breaks, Breaks::Wrapped(..)), wrapped, "{width}");
            assert_eq!(breaks == Breaks::Paragraphs, !wrapped, "{width}");
        }
    }

    #[test]
    fn joins_lines_broken_inside_a_sentence() {
        let text = "全面落实河长制，街道各级河长累计巡河一千二百余次，整治\n河湖“四乱”问题32宗。\n下一段。\n";
        let k = kinds(text);
        assert_eq!(k.len(), 2);
        assert!(k[0].0.contains("整治\n河湖"));
    }

    #[test]
    fn boilerplate_lines() {
        for line in [
            "您现在的位置 首页 > 五公开专栏 > 结果公开",
            "无障碍版 长者助手 登录",
            "来源:本网 发布时间:2024-01-17 09:55:18 阅读次数:-",
            "字体大小:",
            "选择语言",
            "扫一扫在手机打开当前页",
        ] {
            assert!(is_boilerplate(line), "{line}");
        }
        assert!(!is_boilerplate("推动安全生产形势持续稳定。"));
        // content that names an accessibility feature or a date of publication
        for line in [
            "发展嵌入式养老服务，推进老年助餐服务和适老化改造。",
            "推进适老化改造",
            "政府网站开通无障碍浏览和长者模式，方便老年人和残障人士获取信息。",
            "规范政府信息发布时间，做到应公开尽公开。",
        ] {
            assert!(!is_boilerplate(line), "{line}");
        }
        assert!(is_boilerplate("适老化模式"));
        // spaces around the label's colon
        for line in ["来源 : 南方日报", "来源 ：南方日报", "来 源：本网"] {
            assert!(is_boilerplate(line), "{line}");
        }
    }

    #[test]
    fn trailing_page_furniture() {
        use ParagraphKind::{Boilerplate as B, Heading as H, Text as T, Title as Ti};
        let body = "一、抓党建\n全面落实第一议题制度，全年学习12次。\n";
        let cases: &[(String, &[ParagraphKind])] = &[
            // three short lines after the body, with known boilerplate among them
            (format!("{body}附件:\n扫一扫在手机打开当前页\n小程序\n手机版\n"), &[H, T, B, B, B, B]),
            // two are not enough
            (format!("{body}Baidu\nmap\n"), &[H, T, T, T]),
            // a sentence after them ends the document: they are part of it
            (format!("{body}河长制\n瓶改管\n垃圾分类\n推进瓶改管工作。\n"), &[H, T, T, T, T, T]),
            // a text of short lines only has no body: nothing is furniture
            ("河长制\n瓶改管\n垃圾分类\n".to_string(), &[Ti, Ti, Ti]),
            ("一、重点工作\n河长制\n瓶改管\n垃圾分类\n".to_string(), &[H, T, T, T]),
        ];
        for (text, expected) in cases {
            let got: Vec<ParagraphKind> = kinds(text).into_iter().map(|k| k.1).collect();
            assert_eq!(&got, expected, "{text}");
        }
    }

    /// Hand-labelled headings (and the first lines of their parts) of real reports, in document order:
    /// which part each paragraph is in. Copied from the sample reports (tests/fixtures/corpus) and from
    /// provincial and national reports of the development corpus (file names given); long lines are
    /// cut after their first clause.
    #[test]
    fn parts_of_real_reports() {
        use Part::{Plan as P, Summary as S};
        type Lines<'a> = &'a [(&'a str, Option<Part>)];
        let documents: &[(&str, Lines)] = &[
            (
                "021_beijing_2025.txt",
                &[
                    ("2025年北京市政府工作报告", None),
                    ("一、2024年工作回顾", Some(S)),
                    ("过去一年，在以习近平同志为核心的党中央坚强领导下，在中共北京市委直接领导下……", Some(S)),
                    ("二、2025年工作总体要求和重点任务", Some(P)),
                    ("今年是“十四五”规划收官之年，也是为“十五五”良好开局打牢基础的关键之年……", Some(P)),
                    ("（一）充分发挥经济体制改革牵引作用，努力在重点领域和关键环节取得新突破", Some(P)),
                    // a programme heading of the plan part that says 成效 (it once flipped the part back)
                    ("（十）更大力度保护生态环境，推进美丽中国先行区建设取得新成效", Some(P)),
                ],
            ),
            (
                "023_tianjin_2025.txt",
                &[
                    ("2025年天津市政府工作报告", None),
                    ("一、2024年工作回顾", Some(S)),
                    ("一年来，在市委坚强领导下，我们坚持以习近平新时代中国特色社会主义思想为指导……", Some(S)),
                    ("（一）高质量发展迈出坚实步伐", Some(S)),
                    ("（二）改革开放不断深化拓展", Some(S)),
                    ("二、2025年工作安排", Some(P)),
                    ("今年是“十四五”规划收官之年，是进一步全面深化改革……", Some(P)),
                    ("三、努力建设人民满意政府", Some(P)),
                ],
            ),
            (
                "034_yunnan_2025.txt",
                &[
                    ("2025年云南省政府工作报告", None),
                    ("一、2024年工作回顾", Some(S)),
                    ("二、2025年总体要求", Some(P)),
                    ("三、2025年重点任务", Some(P)),
                    ("（一）统筹消费和投资，加快释放内需潜力", Some(P)),
                    ("一、稳定和扩大就业", Some(P)),
                    ("三、实施银龄人才计划", Some(P)),
                    ("四、实施学校体育美育浸润行动计划", Some(P)),
                    ("十、实施交通惠民工程", Some(P)),
                ],
            ),
            (
                "041_china_2019.txt",
                &[
                    ("2019年中华人民共和国国务院政府工作报告", None),
                    ("一、2018年工作回顾", Some(S)),
                    ("过去一年是全面贯彻党的十九大精神开局之年，是本届政府依法履职第一年。", Some(S)),
                    ("二、2019年经济社会发展总体要求和政策取向", Some(P)),
                    ("三、2019年政府工作任务", Some(P)),
                    ("（一）继续创新和完善宏观调控，确保经济运行在合理区间。", Some(P)),
                    ("（五）对标全面建成小康社会任务，扎实推进脱贫攻坚和乡村振兴。", Some(P)),
                ],
            ),
            (
                "047_china_2013.txt",
                &[
                    ("一、过去五年工作回顾", Some(S)),
                    ("过去五年取得的成就来之不易。", Some(S)),
                    ("二、今年经济社会发展的总体要求、主要预期目标和宏观经济政策", Some(P)),
                    ("今年工作的总体要求是：", Some(P)),
                    ("三、对今年政府工作的建议", Some(P)),
                    ("（二）强化农业农村发展基础，推动城乡发展一体化。", Some(P)),
                ],
            ),
            (
                "057_china_2003.txt",
                &[
                    ("一、过去五年政府工作的回顾", Some(S)),
                    ("（七）坚持走可持续发展道路，促进经济发展与人口、资源、环境相协调", Some(S)),
                    // 计划 of 计划生育 (family planning) inside the review
                    ("四是加强计划生育工作。", Some(S)),
                    ("二、对今年政府工作的建议", Some(P)),
                    ("（一）继续扩大国内需求，实现经济稳定较快增长", Some(P)),
                ],
            ),
            (
                "054_china_2006.txt",
                &[
                    ("一、去年工作回顾", Some(S)),
                    ("二、今年主要任务", Some(P)),
                    ("（三）“十一五”时期经济社会发展的指导原则和主要目标", Some(P)),
                ],
            ),
            (
                "panyu-shawan-2023.txt (sample)",
                &[
                    ("一、2023年工作总结", Some(S)),
                    ("二、2024年工作计划", Some(P)),
                    ("今年全街工作的总体要求是:", Some(P)),
                    ("(二)以“百千万工程”为引擎,强化区域协调发展新动能", Some(P)),
                ],
            ),
            (
                "baoan-xinqiao-2024h1.txt (sample)",
                &[
                    ("深圳市宝安区新桥街道办事处2024年上半年工作总结和下半年工作计划", None),
                    ("一、上半年工作总结", Some(S)),
                    ("(一)上半年,坚持主动服务、强化培育,经济发展实现新提升", Some(S)),
                    ("二、下半年工作计划", Some(P)),
                    ("(一)聚焦经济建设提速提质,着力谱写高质量发展新篇章", Some(P)),
                ],
            ),
            (
                "zhongshan-nanqu-2022.txt (sample)",
                &[
                    ("南区街道办事处2022年工作总结", Some(S)),
                    ("2022年，面对严峻复杂的疫情形势和艰巨繁重的改革任务，南区街道坚持……", Some(S)),
                ],
            ),
            // the street report of issue 12 (not in the samples)
            (
                "a street report",
                &[("一、2022年工作情况", Some(S)), ("二、存在问题", None), ("三、2023年工作计划", Some(P))],
            ),
        ];
        let mut rows = 0;
        for (source, lines) in documents {
            let text: String = lines.iter().map(|(line, _)| format!("{line}\n\n")).collect();
            let got = kinds(&text);
            assert_eq!(got.len(), lines.len(), "{source}: {got:?}");
            for ((line, expected), (para, _, _, part)) in lines.iter().zip(&got) {
                assert_eq!(para, line, "{source}");
                assert_eq!(part, expected, "{source}: {line}");
                rows += 1;
            }
        }
        assert!(rows >= 40, "{rows} rows");
    }

    #[test]
    fn title_broken_inside_a_quotation_mark() {
        let k = kinds("关于印发“南区街道2023年\n工作计划”的通知\n\n一、总体要求\n");
        assert_eq!(k[0].0, "关于印发“南区街道2023年\n工作计划”的通知");
        assert_eq!(k[0].1, ParagraphKind::Title);
        assert_eq!(k[0].3, Some(Part::Plan));
        // a stray open mark joins at most QUOTE_JOIN_CHARS chars, and never a heading
        let k = kinds("他说“要抓好\n一、党建工作\n");
        assert_eq!(k.len(), 2);
    }

    #[test]
    fn line_ends_of_every_kind() {
        let lf = "一、抓党建\n全面落实第一议题制度，全年学习12次。\n\n二、谋发展\n经济向好。\n";
        let expected = kinds(lf);
        assert_eq!(expected.len(), 4);
        for text in
            [lf.replace('\n', "\r\n"), lf.replace('\n', "\r"), lf.replacen('\n', "\r", 2).replacen('\n', "\r\n", 1)]
        {
            assert_eq!(kinds(&text), expected, "{text:?}");
        }
        // padding that shows nothing makes no paragraph and is not part of one
        let padded =
            "\u{200B}一、抓党建\u{FEFF}\n\0\0\n全面落实第一议题制度，全年学习12次。\n\n二、谋发展\n经济向好。\n\0\0\0";
        assert_eq!(kinds(padded), expected);
        // zero-width characters inside markers and titles
        let zw = lf.replace("一、", "一\u{200B}、").replace("抓党建", "抓\u{200B}党建").replace("二、", "二\u{FEFF}、");
        let got: Vec<_> = kinds(&zw).into_iter().map(|k| (k.1, k.2, k.3)).collect();
        assert_eq!(got, expected.into_iter().map(|k| (k.1, k.2, k.3)).collect::<Vec<_>>());
    }

    /// The one scan of `part_signal` and `names_a_part` says what a `str::contains` of each word said,
    /// on every line of the samples (folded), on their headings, and on made-up lines of part words.
    #[test]
    fn part_words_in_one_scan() {
        fn part_signal_by_contains(s: &str) -> Option<Part> {
            let has = |words: &[&str]| words.iter().any(|k| s.contains(k));
            let plan_strong = has(PLAN);
            let summary_strong = has(SUMMARY);
            let plan = plan_strong || (!summary_strong && has(PLAN_WEAK) && !s.contains("今年以来"));
            let summary = summary_strong || (!plan && has(SUMMARY_WEAK) && !s.contains("新成"));
            match (summary, plan) {
                (true, false) => Some(Part::Summary),
                (false, true) => Some(Part::Plan),
                (true, true) if !plan_strong || (has(&["完成情况", "进展情况"]) && !has(&["计划", "安排", "打算"])) => {
                    Some(Part::Summary)
                }
                _ => None,
            }
        }
        let names_by_contains =
            |s: &str| [PLAN, PLAN_WEAK, SUMMARY, SUMMARY_WEAK].iter().any(|words| words.iter().any(|k| s.contains(k)));
        let mut lines: Vec<String> = Vec::new();
        for text in [
            include_str!("../tests/fixtures/corpus/baoan-xinqiao-2024h1.txt"),
            include_str!("../tests/fixtures/corpus/panyu-shawan-2023.txt"),
            include_str!("../tests/fixtures/corpus/panyu-shiqiao-2023.txt"),
            include_str!("../tests/fixtures/corpus/zhongshan-nanqu-2022.txt"),
        ] {
            lines.extend(text.lines().map(crate::normalize::fold_str));
        }
        let words: Vec<&str> = [PLAN, PLAN_WEAK, SUMMARY, SUMMARY_WEAK, &["新成", "今年", "以来", "工作"]].concat();
        let mut seed = 11u64;
        for _ in 0..5000 {
            let mut line = String::new();
            for _ in 0..4 {
                let r = crate::testing::rng(&mut seed);
                line.push_str(words[r as usize % words.len()]);
                if r % 3 == 0 {
                    line.push('和');
                }
            }
            lines.push(line);
        }
        let (mut parts, mut named) = (0, 0);
        for line in &lines {
            let found = part_words(line);
            assert_eq!(part_signal(found), part_signal_by_contains(line), "{line}");
            assert_eq!(names_a_part(found), names_by_contains(line), "{line}");
            parts += usize::from(part_signal(found).is_some());
            named += usize::from(names_a_part(found));
        }
        assert!(parts > 1000 && named > parts, "{parts} {named}");
    }

    /// The packed searcher and the byte loop of the wasm find a zero-width character wherever it
    /// stands, as the six `memmem` searches do, in texts short and long.
    #[test]
    fn zero_width_in_one_pass() {
        let by_memmem = |s: &str| ZERO_WIDTH.iter().any(|c| memchr::memmem::find(s.as_bytes(), c.as_bytes()).is_some());
        let body = include_str!("../tests/fixtures/corpus/panyu-shawan-2023.txt");
        let cuts: Vec<usize> = body.char_indices().map(|(i, _)| i).step_by(997).collect();
        for c in ZERO_WIDTH.iter().chain(&["\u{200A}", "\u{2061}", "\u{FEFE}", "\u{00AC}", "“", "—"]) {
            for &at in &cuts {
                for text in [
                    format!("{}{c}{}", &body[..at], &body[at..]),
                    c.to_string(),
                    format!("一{c}"),
                    format!("{}{c}", &body[at..]),
                ] {
                    assert_eq!(has_zero_width(&text), by_memmem(&text), "{c:?} at {at}");
                    assert_eq!(zero_width_bytes(text.as_bytes()), by_memmem(&text), "{c:?} at {at}");
                }
            }
        }
        assert!(!has_zero_width(body) && !zero_width_bytes(body.as_bytes()));
    }

    #[test]
    fn markers() {
        assert_eq!(heading_marker("1.加强党建"), Some(Marker::Digit));
        assert_eq!(heading_marker("1.5亿元"), None);
        assert_eq!(heading_marker("2023年"), None);
        assert_eq!(heading_marker("第一议题制度"), None);
        assert_eq!(heading_marker("第一，坚持党建引领"), Some(Marker::Ordinal));
        assert_eq!(heading_marker("（三）民生"), Some(Marker::ChineseParen));
        assert_eq!(heading_marker("(2)民生"), Some(Marker::DigitParen));
    }
}

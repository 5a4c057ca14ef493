//! The paragraphs as the tagger takes them: segmentation's, with a paragraph of 4 GiB or more cut
//! into pieces (offsets inside a paragraph are kept in 32 bits).

use crate::segment::{Segment, segment};

/// The longest paragraph the tagger searches as one, in bytes (4 GiB − 1): offsets inside a
/// paragraph are kept in 32 bits. A longer paragraph is cut into pieces (see [`paragraphs_of`]).
pub(super) const MAX_PARAGRAPH_BYTES: usize = u32::MAX as usize;

/// How far back from the longest piece a cut looks for a sentence end or line break (at most half
/// the piece).
const CUT_LOOK_BACK: usize = 64 * 1024;

/// The paragraphs of `text` as the tagger takes them: [`segment`]'s, each one longer than
/// [`MAX_PARAGRAPH_BYTES`] cut into pieces (see [`cut_long`]), each piece a paragraph of the report.
pub(crate) fn paragraphs_of(text: &str) -> Vec<Segment> {
    cut_long(text, segment(text), MAX_PARAGRAPH_BYTES)
}

/// `segments` with each one longer than `limit` bytes cut into pieces of at most `limit` bytes (with
/// the paragraph's kind, section and part): each cut is just after the last sentence end (。！？；) or
/// line break in the last [`CUT_LOOK_BACK`] bytes (at most half) of the longest piece, else at the
/// last char boundary of it. A match that would cross a cut is not found. `limit` is at least 4
/// outside tests (a piece is never empty: a char longer than `limit` is a piece of its own).
fn cut_long(text: &str, segments: Vec<Segment>, limit: usize) -> Vec<Segment> {
    if segments.iter().all(|s| s.end - s.start <= limit) {
        return segments;
    }
    let mut out = Vec::with_capacity(segments.len() + 1);
    for seg in segments {
        let mut start = seg.start;
        while seg.end - start > limit {
            let end = cut_point(text, start, limit);
            out.push(Segment { start, end, ..seg.clone() });
            start = end;
        }
        if start < seg.end {
            out.push(Segment { start, ..seg });
        }
    }
    // each piece has the page-break lines that start in it (in the wasm no paragraph reaches the
    // limit, 4 GiB, the size of its memory: no cut is ever made there)
    #[cfg(not(target_arch = "wasm32"))]
    for piece in &mut out {
        // one that starts the piece is not left out (nothing before it folds away): it is not the
        // piece's either, and cannot keep folding from reaching those after it
        let (start, end) = (piece.start, piece.end);
        piece.passed_over.retain(|r| start < r.start && r.start < end);
    }
    out
}

/// Where the piece of `text` from `start`, at most `limit` bytes long, ends (see [`cut_long`]).
fn cut_point(text: &str, start: usize, limit: usize) -> usize {
    let mut end = start + limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    if end == start {
        // a char longer than the limit (only a test's limit is that small)
        end = start + limit;
        while !text.is_char_boundary(end) {
            end += 1;
        }
        return end;
    }
    let mut from = end - ((end - start) / 2).min(CUT_LOOK_BACK);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    match text[from..end].rfind(['。', '！', '？', '；', '\n']) {
        Some(i) => from + i + text[from + i..].chars().next().map_or(1, char::len_utf8),
        None => end,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::ReportParagraph;
    use crate::tagger::Tagger;

    /// A paragraph longer than the limit (4 GiB − 1 bytes; here a few bytes, injected) is cut into
    /// pieces of at most the limit, on char boundaries, just after a sentence end where the last
    /// half of the piece has one; each piece is a paragraph of the report, with the paragraph's kind,
    /// section and part, and is tagged as one.
    #[test]
    fn a_paragraph_past_the_limit_is_cut_into_pieces() {
        let one = |text: &str| segment(text).into_iter().map(|s| (s.start, s.end)).collect::<Vec<_>>();
        fn pieces(text: &str, limit: usize) -> Vec<&str> {
            cut_long(text, segment(text), limit).into_iter().map(|s| &text[s.start..s.end]).collect()
        }
        let cases: &[(&str, usize, &[&str])] = &[
            // below or at the limit: unchanged
            ("推行河长制。", 18, &["推行河长制。"]),
            ("推行河长制。", 100, &["推行河长制。"]),
            // just after the sentence end in the piece's last half
            ("推行河长制。培育夜间经济。", 24, &["推行河长制。", "培育夜间经济。"]),
            // none there: at the last char boundary (8 bytes is two chars and two bytes of a third)
            ("推行河长制", 8, &["推行", "河长", "制"]),
            ("ab推行", 7, &["ab推", "行"]),
            ("aaaaaa；bbbbbb", 12, &["aaaaaa；", "bbbbbb"]),
            // a sentence end in the first half is not looked for
            ("a。bbbbbbbbbbbb", 12, &["a。bbbbbbbb", "bbbb"]),
            // a char longer than the limit is a piece of its own
            ("推行", 2, &["推", "行"]),
        ];
        for &(text, limit, expected) in cases {
            assert_eq!(one(text).len(), 1, "{text:?} is one paragraph");
            assert_eq!(pieces(text, limit), expected, "{text:?} at {limit}");
        }
        // through the tagger: each piece a paragraph, indexed in order, offsets right in three units
        let tagger = Tagger::builtin();
        let text = "一、生态环境\n全面推行河长制。深入打好污染防治攻坚战。完成瓶改管。";
        let segs = cut_long(text, segment(text), 40);
        assert!(segs.len() > 3, "{segs:?}");
        let paragraphs: Vec<ReportParagraph> = tagger.paragraphs_of_segments(text, segs.clone()).collect();
        assert_eq!(paragraphs.len(), segs.len());
        let terms: Vec<&str> = paragraphs.iter().flat_map(|p| p.matches.iter().map(|m| m.term.as_str())).collect();
        assert_eq!(
            terms,
            tagger
                .tag(text)
                .paragraphs
                .iter()
                .flat_map(|p| p.matches.iter().map(|m| m.term.as_str()))
                .collect::<Vec<_>>()
        );
        let chars: Vec<char> = text.chars().collect();
        for (i, (p, s)) in paragraphs.iter().zip(&segs).enumerate() {
            assert_eq!((p.index, p.span.byte_start, p.span.byte_end), (i, s.start, s.end));
            assert_eq!(chars[p.span.start..p.span.end].iter().collect::<String>(), text[s.start..s.end]);
            assert!(s.end - s.start <= 40);
            assert_eq!(p.section, ["一、生态环境"], "{p:?}");
        }
        // a page break in a paragraph cut into pieces: a term across it inside a piece is found, a
        // piece without it passes over nothing, and no cut (every limit) makes a match out of its piece
        let text = "街道推行河长制，组织各级河长和社区全体党\n— 6 —\n员干部巡河。深入推进碧道建设，完成整治任务。";
        assert_eq!(segment(text)[0].passed_over.len(), 1, "{:?}", segment(text));
        let across = |limit: usize| -> Vec<String> {
            let segs = cut_long(text, segment(text), limit);
            let pieces: Vec<(usize, usize)> = segs.iter().map(|s| (s.start, s.end)).collect();
            let paragraphs: Vec<ReportParagraph> = tagger.paragraphs_of_segments(text, segs).collect();
            for (p, (start, end)) in paragraphs.iter().zip(pieces) {
                assert!(
                    p.matches.iter().all(|m| start <= m.span.byte_start && m.span.byte_end <= end),
                    "{limit}: {p:?}"
                );
            }
            paragraphs
                .iter()
                .flat_map(|p| p.matches.iter().map(|m| m.text.to_string()))
                .filter(|m| m.contains('—'))
                .collect()
        };
        assert_eq!(across(1000), ["党\n— 6 —\n员"]);
        let first = text.find("巡河。").unwrap() + "巡河。".len();
        assert_eq!(cut_long(text, segment(text), first + 6).iter().map(|s| s.start).collect::<Vec<_>>(), [0, first]);
        assert_eq!(across(first + 6), ["党\n— 6 —\n员"]);
        for limit in 4..text.len() {
            across(limit);
        }
        // a piece that starts exactly at a page break: that one is not its own, and a term cut by its
        // next page break is found
        let text = "街道推行河长制，组织各级河长和社区全体党\n— 6 —\n员干部推行河\n— 7 —\n长制。";
        assert_eq!(segment(text)[0].passed_over.len(), 2, "{:?}", segment(text));
        let at = text.find("— 6 —").unwrap();
        let segs = cut_long(text, segment(text), at);
        assert_eq!(segs.iter().map(|s| s.start).collect::<Vec<_>>(), [0, at], "{segs:?}");
        assert_eq!(
            segs[1].passed_over.iter().map(|r| (r.start, r.end)).collect::<Vec<_>>(),
            [(text.find("— 7 —").unwrap(), text.find("\n长制").unwrap())],
            "{segs:?}"
        );
        let paragraphs: Vec<ReportParagraph> = tagger.paragraphs_of_segments(text, segs).collect();
        let terms: Vec<(&str, &str)> = paragraphs[1].matches.iter().map(|m| (m.term.as_str(), &*m.text)).collect();
        assert!(terms.contains(&("河长制", "河\n— 7 —\n长制")), "{terms:?}");
    }
}

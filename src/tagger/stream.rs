//! The report a paragraph at a time: [`Paragraphs`], and [`StreamedReport`], which serialises as a
//! [`Report`](crate::Report) does while it tags.

use std::cell::RefCell;

use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::find::RawMatch;
use super::{Scratch, Tagger, ThemeLists};
use crate::report::{OffsetCounter, ReportParagraph, ReportTheme, RulesInfo, Span, Summary};
use crate::segment::{ParagraphKind, Segment};

/// The paragraphs of a report, tagged one at a time (from [`Tagger::paragraphs`]).
pub struct Paragraphs<'a, 't> {
    pub(super) tagger: &'a Tagger,
    pub(super) text: &'t str,
    pub(super) segments: std::iter::Enumerate<std::vec::IntoIter<Segment>>,
    pub(super) scratch: Scratch,
}

impl Paragraphs<'_, '_> {
    /// The summary of the paragraphs tagged so far: once the iterator is used up, the `summary` of
    /// [`Tagger::tag`]'s report.
    pub fn summary(&self) -> Summary {
        self.scratch.counts.summary(&self.tagger.rules)
    }
}

impl<'t> Iterator for Paragraphs<'_, 't> {
    type Item = ReportParagraph<'t>;

    fn next(&mut self) -> Option<ReportParagraph<'t>> {
        let (index, seg) = self.segments.next()?;
        Some(self.tagger.tag_segment(self.text, index, seg, &mut self.scratch, true))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.segments.size_hint()
    }
}

impl std::fmt::Debug for Paragraphs<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Paragraphs").field("left", &self.segments.len()).finish_non_exhaustive()
    }
}

/// A report that is tagged while it is serialised (from [`Tagger::tag_streamed`]): the same JSON as
/// [`Report`](crate::Report)'s, written paragraph by paragraph.
#[derive(Debug)]
pub struct StreamedReport<'a, 't> {
    pub(super) paragraphs: RefCell<Paragraphs<'a, 't>>,
    /// Serialised once already: the paragraphs are used up.
    pub(super) used: std::cell::Cell<bool>,
}

/// A paragraph of the streamed report: serialises as [`ReportParagraph`] does (same fields, same
/// order), its matches made one at a time from the raw matches as they are written.
#[derive(Serialize)]
struct StreamedParagraph<'r, 't> {
    index: usize,
    #[serde(flatten)]
    span: Span,
    section: &'r [String],
    part: Option<crate::segment::Part>,
    kind: ParagraphKind,
    themes: &'r [ReportTheme],
    matches: StreamedMatches<'r, 't>,
}

struct StreamedMatches<'r, 't> {
    tagger: &'r Tagger,
    text: &'t str,
    raw: &'r [RawMatch],
    /// Stands at the paragraph's start (the paragraph's own counter has gone to its end).
    counter: RefCell<OffsetCounter>,
    lists: RefCell<&'r mut ThemeLists>,
}

impl Serialize for StreamedMatches<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.raw.len()))?;
        let (mut counter, mut lists) = (self.counter.borrow_mut(), self.lists.borrow_mut());
        for m in self.raw {
            seq.serialize_element(&self.tagger.report_match(self.text, m, &mut counter, &mut lists))?;
        }
        seq.end()
    }
}

impl Serialize for StreamedReport<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// The paragraphs, pulled from the iterator one at a time as the sequence is written.
        struct Pull<'r, 'a, 't>(&'r RefCell<Paragraphs<'a, 't>>);
        impl Serialize for Pull<'_, '_, '_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(None)?;
                let mut ps = self.0.borrow_mut();
                let Paragraphs { tagger, text, segments, scratch } = &mut *ps;
                for (index, seg) in segments {
                    let p = tagger.tag_segment(text, index, seg, scratch, false);
                    let matches = StreamedMatches {
                        tagger,
                        text,
                        raw: &scratch.raw,
                        counter: RefCell::new(OffsetCounter::at_start_of(&p.span)),
                        lists: RefCell::new(&mut scratch.lists),
                    };
                    let streamed = StreamedParagraph {
                        index: p.index,
                        span: p.span,
                        section: &p.section,
                        part: p.part,
                        kind: p.kind,
                        themes: &p.themes,
                        matches,
                    };
                    seq.serialize_element(&streamed)?;
                }
                seq.end()
            }
        }
        if self.used.replace(true) {
            return Err(serde::ser::Error::custom(
                "the streamed report is serialised already: its paragraphs are used up (tag again)",
            ));
        }
        let tagger = self.paragraphs.borrow().tagger;
        // the fields of `Report`, in its order
        let mut r = s.serialize_struct("Report", 4)?;
        r.serialize_field("tifa", crate::VERSION)?;
        r.serialize_field("rules", &RulesInfo::new(&tagger.rules))?;
        r.serialize_field("paragraphs", &Pull(&self.paragraphs))?;
        r.serialize_field("summary", &self.paragraphs.borrow().summary())?;
        r.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The streamed report serialises to the same bytes as the whole one, compact, indented and
    /// flattened into another object (as the command writes `--jsonl` records and several files).
    #[test]
    fn streamed_report_writes_the_same_json() {
        #[derive(Serialize)]
        struct With<'a, R: Serialize> {
            id: u32,
            #[serde(flatten)]
            report: &'a R,
        }
        let tagger = Tagger::builtin();
        let texts = [
            "",
            "  \n\n",
            "分享\n打印\n",
            include_str!("../../tests/fixtures/corpus/baoan-xinqiao-2024h1.txt"),
            include_str!("../../tests/fixtures/corpus/zhongshan-nanqu-2022.txt"),
        ];
        for text in texts {
            let whole = tagger.tag(text);
            assert_eq!(serde_json::to_string(&tagger.tag_streamed(text)).unwrap(), whole.to_json());
            assert_eq!(serde_json::to_string_pretty(&tagger.tag_streamed(text)).unwrap(), whole.to_json_pretty());
            assert_eq!(
                serde_json::to_string(&With { id: 7, report: &tagger.tag_streamed(text) }).unwrap(),
                serde_json::to_string(&With { id: 7, report: &whole }).unwrap()
            );
            assert_eq!(whole.clone().into_owned().to_json(), whole.to_json());
            // a second serialisation is an error, not a report without paragraphs
            let streamed = tagger.tag_streamed(text);
            assert_eq!(serde_json::to_string(&streamed).unwrap(), whole.to_json());
            let again = serde_json::to_string(&streamed).unwrap_err().to_string();
            assert!(again.contains("serialised already"), "{again}");
        }
    }
}

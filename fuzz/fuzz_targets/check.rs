//! What every fuzz target checks of a report: every span lies in the text on character boundaries,
//! and its char and UTF-16 offsets count the same text as its byte offsets; matches lie inside their
//! paragraph and are its original text.

use tifa::{Report, Span};

/// Char and UTF-16 offsets of every byte offset that is a char boundary.
pub struct Offsets {
    chars: Vec<usize>,
    units: Vec<usize>,
}

impl Offsets {
    pub fn new(text: &str) -> Offsets {
        let mut chars = vec![usize::MAX; text.len() + 1];
        let mut units = vec![usize::MAX; text.len() + 1];
        let (mut c, mut u) = (0, 0);
        for (i, ch) in text.char_indices() {
            chars[i] = c;
            units[i] = u;
            c += 1;
            u += ch.len_utf16();
        }
        chars[text.len()] = c;
        units[text.len()] = u;
        Offsets { chars, units }
    }

    pub fn span(&self, text: &str, s: &Span) {
        assert!(s.byte_start <= s.byte_end && s.byte_end <= text.len(), "{s:?}");
        assert!(text.is_char_boundary(s.byte_start) && text.is_char_boundary(s.byte_end), "{s:?}");
        assert_eq!((self.chars[s.byte_start], self.chars[s.byte_end]), (s.start, s.end), "{s:?}");
        assert_eq!((self.units[s.byte_start], self.units[s.byte_end]), (s.utf16_start, s.utf16_end), "{s:?}");
    }
}

pub fn report(text: &str, report: &Report) {
    let offsets = Offsets::new(text);
    let mut last_end = 0;
    for p in &report.paragraphs {
        offsets.span(text, &p.span);
        assert!(p.span.byte_start >= last_end, "paragraphs overlap");
        last_end = p.span.byte_end;
        // matches come in order of their start; those of different themes may overlap or nest
        let mut last_start = p.span.byte_start;
        for m in &p.matches {
            offsets.span(text, &m.span);
            assert!(
                m.span.byte_start >= last_start && m.span.byte_end <= p.span.byte_end,
                "match outside its paragraph or out of order: {m:?}"
            );
            assert!(m.span.byte_start < m.span.byte_end, "empty match: {m:?}");
            last_start = m.span.byte_start;
            assert_eq!(m.text, text[m.span.byte_start..m.span.byte_end]);
        }
    }
    assert_eq!(report.summary.paragraphs, report.paragraphs.len());
}

//! Any bytes as an HTML page: `tifa::html::text` never panics, gives no blank line and no white space
//! at a line's ends, and its text tags with every offset holding. Seeded with tests/fixtures/html.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

mod check;

static TAGGER: LazyLock<tifa::Tagger> = LazyLock::new(tifa::Tagger::builtin);

fuzz_target!(|data: &[u8]| {
    let page = String::from_utf8_lossy(data);
    let _ = tifa::html::is_html(&page);
    let text = tifa::html::text(&page);
    for line in text.lines() {
        assert!(!line.is_empty() && line.trim_matches(|c: char| c.is_ascii_whitespace()) == line, "{line:?}");
    }
    assert!(text.is_empty() || text.ends_with('\n'));
    let report = TAGGER.tag(&text);
    check::report(&text, &report);
});

//! Any bytes as a Word document: `tifa::docx::text` never panics and never reads more than its limit,
//! and the text it gives tags with every offset holding. Seeded with tests/fixtures/docx.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

mod check;

static TAGGER: LazyLock<tifa::Tagger> = LazyLock::new(tifa::Tagger::builtin);

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = tifa::docx::text(data) {
        let report = TAGGER.tag(&text);
        check::report(&text, &report);
    }
});

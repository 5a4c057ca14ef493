//! Any bytes as a PDF file: `tifa::pdf::text` never panics (the reader's own panics on a damaged file
//! come back as `PdfError::Damaged`), and the text it gives tags with every offset holding. Seeded with
//! tests/fixtures/pdf.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

mod check;

static TAGGER: LazyLock<tifa::Tagger> = LazyLock::new(tifa::Tagger::builtin);

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = tifa::pdf::text(data) {
        let report = TAGGER.tag(&text);
        check::report(&text, &report);
    }
});

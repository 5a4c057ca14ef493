//! Any bytes as a Word 97-2003 document: `tifa::doc::text` never panics (a damaged compound file,
//! piece table or header is `DocError::Damaged`), and the text it gives tags with every offset
//! holding. Seeded with tests/fixtures/doc.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

mod check;

static TAGGER: LazyLock<tifa::Tagger> = LazyLock::new(tifa::Tagger::builtin);

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = tifa::doc::text(data) {
        let report = TAGGER.tag(&text);
        check::report(&text, &report);
    }
});

//! Any text through the default rules: tag, explain and gaps never panic, and every offset holds.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

mod check;

static TAGGER: LazyLock<tifa::Tagger> = LazyLock::new(tifa::Tagger::builtin);

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let report = TAGGER.tag(&text);
    check::report(&text, &report);
    let _ = report.to_json();
    for gap in tifa::gaps(&text, &report) {
        check::Offsets::new(&text).span(&text, &gap.span);
    }
    if text.len() < 4096 {
        let offsets = check::Offsets::new(&text);
        for c in TAGGER.explain(&text) {
            offsets.span(&text, &c.span);
        }
    }
});

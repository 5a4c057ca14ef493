//! A rule file and a text (split at the first NUL byte): guards, windows and exclusions of any rule
//! on any text keep every offset right.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    let rules = String::from_utf8_lossy(&data[..split]);
    let text = String::from_utf8_lossy(data.get(split + 1..).unwrap_or_default());
    if let Ok(rules) = tifa::RuleSet::builder().defaults(false).source("fuzz/x.toml", rules.as_ref()).build() {
        let tagger = tifa::Tagger::new(rules);
        let report = tagger.tag(&text);
        check::report(&text, &report);
        let _ = tagger.explain(&text);
    }
});

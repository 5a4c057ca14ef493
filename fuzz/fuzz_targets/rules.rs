//! Any bytes as a rule file: the builder never panics; its errors have positions inside the file (or
//! line 0, column 0 for an error about the whole file) and render; a rule set that builds makes a
//! tagger whose examples can be checked.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod check;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match tifa::RuleSet::builder().defaults(false).source("fuzz/fuzzed.toml", text.as_ref()).build() {
        Ok(rules) => {
            let tagger = tifa::Tagger::new(rules);
            let _ = tagger.check_examples();
            let sample = "认真对照省委“1310”具体部署，全面推行河长制，完成瓶改管。";
            check::report(sample, &tagger.tag(sample));
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            let lines = text.split('\n').count();
            for e in &errors {
                if e.line == 0 {
                    // an error about the whole file (its name, a missing `name`): no place in it
                    assert!(e.column == 0, "{e}");
                } else {
                    assert!(e.column >= 1 && e.line <= lines, "{e}");
                    assert!((e.end_line, e.end_column) >= (e.line, e.column), "{e}");
                }
                let _ = e.render();
            }
            let _ = errors.render();
        }
    }
});

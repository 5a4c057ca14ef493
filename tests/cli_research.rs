//! What a researcher who tracks formulations (提法) over an archive needs from the command, found in
//! user test 16 (`tracker.md`): term counts per file and theme (`--format terms-csv`), the terms'
//! provenance (`tifa terms`), char, byte and UTF-16 offsets in `explain --json`, `gaps --json` and
//! `diff --json`, every place of a gap in `gaps --json`, folders in `diff`, and a `--files-from` list
//! saved with a byte-order mark.

mod common;

use common::tifa;

/// `explain --json` gives each candidate in chars, UTF-8 bytes and UTF-16 units, as `tag` does its
/// matches (a character outside the BMP before the term makes the three differ).
#[test]
fn explain_json_gives_three_units() {
    let r = tifa(&["explain", "--json", "𠀀推行河长制。"], b"");
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let c = v["candidates"].as_array().unwrap().iter().find(|c| c["term"] == "河长制").unwrap();
    let offsets: Vec<u64> = ["start", "end", "byte_start", "byte_end", "utf16_start", "utf16_end"].iter().map(|k| c[k].as_u64().unwrap()).collect();
    assert_eq!(offsets, [3, 6, 10, 19, 4, 7]);
}

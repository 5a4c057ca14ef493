//! Writes the default rules in compact form (`RuleSet::to_compact`), without the terms' notes and
//! provenance and the themes' descriptions, to the file named by the first argument: what the lean wasm
//! build embeds. Those go, as JSON `{"terms": {term: {note, level, region, year}}, "themes": {id:
//! description}}` (`RuleSet::split_notes`), to the file named by the second argument, if given: the
//! web widget fetches them when a tooltip first opens or its legend is first pointed at. `scripts/build-wasm.sh`
//! runs it natively and passes the first file to the wasm build in `TIFA_COMPACT_RULES` (see build.rs).
//!
//! ```sh
//! cargo run --example compact_rules -- target/compact-rules.bin [www/pkg/tifa-notes.json]
//! ```

fn main() {
    let mut args = std::env::args_os().skip(1);
    let Some(out) = args.next() else {
        eprintln!("usage: compact_rules OUT_FILE [NOTES_FILE]");
        std::process::exit(2);
    };
    let (rules, notes) = tifa::RuleSet::builtin().split_notes();
    let write = |path: &std::ffi::OsStr, bytes: &[u8]| {
        if let Err(e) = std::fs::write(path, bytes) {
            eprintln!("compact_rules: cannot write {}: {e}", path.to_string_lossy());
            std::process::exit(1);
        }
    };
    write(&out, &rules.to_compact());
    if let Some(notes_out) = args.next() {
        write(&notes_out, notes.as_bytes());
    }
}

//! Writes the default rules in compact form (`RuleSet::to_compact`) to the file named by the first
//! argument: what the lean wasm build embeds. `scripts/build-wasm.sh` runs it natively and passes the
//! file to the wasm build in `TIFA_COMPACT_RULES` (see build.rs).
//!
//! ```sh
//! cargo run --example compact_rules -- target/compact-rules.bin
//! ```

fn main() {
    let Some(out) = std::env::args_os().nth(1) else {
        eprintln!("usage: compact_rules OUT_FILE");
        std::process::exit(2);
    };
    let bytes = tifa::RuleSet::builtin().to_compact();
    if let Err(e) = std::fs::write(&out, &bytes) {
        eprintln!("compact_rules: cannot write {}: {e}", out.to_string_lossy());
        std::process::exit(1);
    }
}

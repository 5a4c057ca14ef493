//! Embeds the default rule set: every `rules/*.toml` becomes an entry of `BUILTIN_RULES`, so that adding a
//! theme file needs no code change. Also writes the table of characters that Traditional → Simplified
//! conversion can change (see `t2s_table`).
//!
//! Natively the files are embedded as written: `tifa check` runs their examples. The wasm build (what the
//! web widget downloads) embeds a stripped copy of each file instead (`strip_rules`): no comments, no
//! `examples` or `counter-examples`, no blank lines, no spaces that TOML does not need. Everything the
//! page shows stays: names, descriptions, and each term's note and provenance (tooltips). The rules hash
//! is the digest of the files as written on every target: it is computed here, from the full files,
//! and embedded as a SHA-256 midstate that the builder continues with the user's files (`digest.rs`).
//! The lean wasm build (without the `authoring` feature) embeds the default rules compiled instead, in
//! compact form (`compact_rules`).

use std::{env, fs, path::Path};

use sha2::digest::generic_array::GenericArray;
use toml_parser::lexer::TokenKind;

fn main() {
    let root = env::var("CARGO_MANIFEST_DIR").unwrap();
    let out_dir = env::var("OUT_DIR").unwrap();
    let dir = Path::new(&root).join("rules");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "toml")).collect()
        })
        .unwrap_or_default();
    files.sort();
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let stripped_dir = Path::new(&out_dir).join("stripped_rules");
    fs::create_dir_all(&stripped_dir).unwrap();
    let mut full = String::new();
    let mut stripped = String::new();
    let mut digest = Midstate::new();
    for p in &files {
        println!("cargo:rerun-if-changed={}", p.display());
        let name = p.file_name().unwrap().to_string_lossy();
        let text = fs::read_to_string(p).unwrap();
        // the digest of `RuleSetBuilder::build`: name, NUL, contents, NUL for every file
        digest.update(format!("rules/{name}").as_bytes());
        digest.update(&[0]);
        digest.update(text.as_bytes());
        digest.update(&[0]);
        let small = stripped_dir.join(&*name);
        fs::write(&small, strip_rules(&text)).unwrap();
        // named with the label of `DEFAULT_RULES_LABEL` (not `rules/`, which would read as a folder
        // of the user's); the digest above keeps hashing them as `rules/…`, so the hash is unchanged
        full.push_str(&format!("    (\"<default rules>/{name}\", include_str!({:?})),\n", p.display().to_string()));
        stripped
            .push_str(&format!("    (\"<default rules>/{name}\", include_str!({:?})),\n", small.display().to_string()));
    }
    let mut out = String::new();
    out.push_str(
        "/// The default rule files, `(file name, contents)`, sorted by name: as written natively, stripped of\n",
    );
    out.push_str("/// comments and examples in the wasm build (build.rs).\n");
    out.push_str(&format!(
        "pub(crate) static BUILTIN_RULES: &[(&str, &str)] = &[\n{}];\n",
        if wasm { &stripped } else { &full }
    ));
    out.push_str("/// The default rule files as the wasm build embeds them (build.rs `strip_rules`).\n#[cfg(test)]\n");
    out.push_str(&format!("pub(crate) static BUILTIN_RULES_STRIPPED: &[(&str, &str)] = &[\n{stripped}];\n"));
    out.push_str(&format!(
        "/// SHA-256 of the full default rule files as `RuleSetBuilder::build` feeds them: the state after the\n\
         /// whole 64-byte blocks, the bytes after them, and the length in bytes.\n\
         pub(crate) static BUILTIN_DIGEST: ([u32; 8], &[u8], u64) = ({:?}, &{:?}, {});\n",
        digest.state, digest.tail, digest.len
    ));
    fs::write(Path::new(&out_dir).join("builtin_rules.rs"), out).unwrap();
    compact_rules(&out_dir);
    t2s_table();
}

/// The default rules in compact form for the lean wasm build (without the `authoring` feature): the
/// file named by `TIFA_COMPACT_RULES`, which `scripts/build-wasm.sh` writes natively with
/// `examples/compact_rules.rs` (a build script cannot run the library it builds). When it is given,
/// it is copied to `OUT_DIR/compact_rules.bin` and `cfg(tifa_compact_rules)` is set.
fn compact_rules(out_dir: &str) {
    println!("cargo:rustc-check-cfg=cfg(tifa_compact_rules)");
    println!("cargo:rerun-if-env-changed=TIFA_COMPACT_RULES");
    if let Some(path) = env::var_os("TIFA_COMPACT_RULES") {
        println!("cargo:rerun-if-changed={}", path.to_string_lossy());
        let bytes = fs::read(&path).unwrap_or_else(|e| panic!("TIFA_COMPACT_RULES={}: {e}", path.to_string_lossy()));
        fs::write(Path::new(out_dir).join("compact_rules.bin"), bytes).unwrap();
        println!("cargo:rustc-cfg=tifa_compact_rules");
    }
}

/// SHA-256 up to the last whole block (`sha2::compress256`), so that the builder can go on hashing.
struct Midstate {
    state: [u32; 8],
    tail: Vec<u8>,
    len: u64,
}

impl Midstate {
    fn new() -> Self {
        let state = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
        Midstate { state, tail: Vec::new(), len: 0 }
    }

    fn update(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        self.tail.extend_from_slice(bytes);
        let whole = self.tail.len() / 64 * 64;
        let blocks: Vec<_> = self.tail[..whole].chunks(64).map(|c| *GenericArray::from_slice(c)).collect();
        sha2::compress256(&mut self.state, &blocks);
        self.tail.drain(..whole);
    }
}

/// A rule file with only what the wasm tagger reads: comments, `examples` and `counter-examples` go,
/// and so do blank lines, indentation and the spaces around `=`, `,` and brackets. It is done on
/// TOML's own tokens (`toml_parser`'s lexer) and spans (`toml`'s parser), so that nothing inside a
/// string is touched. A test (`rules::digest`) checks that the stripped files build the same rules.
fn strip_rules(text: &str) -> String {
    // the top-level keys whose whole `key = value` goes
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let doc = toml::de::DeTable::parse(text).expect("a default rule file is valid TOML");
    for (key, value) in doc.get_ref().iter() {
        if matches!(key.get_ref().as_ref(), "examples" | "counter-examples") {
            cut.push((key.span().start, value.span().end));
        }
    }
    let inside_cut = |at: usize| cut.iter().any(|&(s, e)| at >= s && at < e);
    let tokens: Vec<_> = toml_parser::Source::new(text)
        .lex()
        .filter(|t| t.kind() != TokenKind::Comment && !inside_cut(t.span().start()))
        .collect();
    let mut out = String::with_capacity(text.len() / 2);
    for (i, t) in tokens.iter().enumerate() {
        let span = t.span();
        match t.kind() {
            // a space is needed only between two bare words or numbers (it is part of a date-time)
            TokenKind::Whitespace => {
                let atom = |k: Option<&toml_parser::lexer::Token>| k.is_some_and(|k| k.kind() == TokenKind::Atom);
                if i > 0 && atom(tokens.get(i - 1)) && atom(tokens.get(i + 1)) {
                    out.push(' ');
                }
            }
            // a line break ends a key/value pair or a table header; an empty line says nothing
            TokenKind::Newline => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => out.push_str(&text[span.start()..span.end()]),
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// A bitset over the Basic Multilingual Plane: bit `c` is set when `fast2s` can change the character
/// `c`. Most paragraphs contain none of them, and a scan against this table lets normalisation skip
/// the conversion (and its allocation) for them. `fast2s` converts a character on its own or, for a
/// few characters, only next to certain others; those are listed by hand below, and a unit test in
/// `normalize.rs` checks the table against the crate.
fn t2s_table() {
    let mut bits = vec![0u64; 0x10000 / 64];
    let mut set = |c: char| bits[c as usize / 64] |= 1 << (c as usize % 64);
    for cp in 0x800u32..=0xFFFF {
        let Some(c) = char::from_u32(cp) else { continue };
        let one = c.to_string();
        if fast2s::convert(&one) != one {
            set(c);
        }
    }
    // converted only in some words (藉口 → 借口, 看著 → 看着, 苧麻 → 苎麻)
    for c in ['藉', '著', '苧'] {
        set(c);
    }
    let mut out = String::from(
        "/// Bit `c` set: `fast2s` may change the character `c` (generated by build.rs).\npub(crate) static T2S_CHANGES: [u64; 1024] = [\n",
    );
    for chunk in bits.chunks(8) {
        out.push_str("    ");
        out.push_str(&chunk.iter().map(|b| format!("{b:#x},")).collect::<Vec<_>>().join(" "));
        out.push('\n');
    }
    out.push_str("];\n");
    // what each of them becomes on its own (src/t2s.rs): as the difference from the character, in the
    // order of the bitset, and the number of set bits before each word of it
    let mut rank = Vec::with_capacity(bits.len());
    let mut to = Vec::new();
    for (w, word) in bits.iter().enumerate() {
        rank.push(to.len());
        for b in 0..64 {
            if word >> b & 1 == 1 {
                let c = char::from_u32((w * 64 + b) as u32).unwrap();
                let alone = fast2s::convert(&c.to_string()).chars().next().unwrap();
                to.push((alone as u32).wrapping_sub(c as u32) as u16);
            }
        }
    }
    out.push_str("/// Set bits of `T2S_CHANGES` before each of its words (generated by build.rs).\n");
    out.push_str(&format!("pub(crate) static T2S_RANK: [u16; 1024] = {rank:?};\n"));
    out.push_str(
        "/// For each set bit of `T2S_CHANGES` in order, what `fast2s` makes of the character alone, as the\n",
    );
    out.push_str("/// difference from it (wrapping, generated by build.rs).\n");
    out.push_str(&format!("pub(crate) static T2S_TO: [u16; {}] = {to:?};\n", to.len()));
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("t2s_changes.rs"), out).unwrap();
}

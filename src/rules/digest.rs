//! The rules hash: SHA-256 of every rule file's name and contents, as written. A user's file counts
//! by its name without the folder, so that the same rules hash the same in every checkout.
//!
//! The wasm build embeds the default rules stripped of comments and examples (build.rs), yet `rules.hash`
//! must be the digest of the files as written, on every target. build.rs hashes the full default files
//! and embeds the state after their last whole 64-byte block ([`BUILTIN_DIGEST`]); [`RulesDigest`] goes
//! on from there with the user's files (`sha2::compress256` does the blocks) and pads at the end. Native
//! builds take the same path, and the tests below check it against `sha2::Sha256` over the full files.

use sha2::digest::generic_array::GenericArray;

use super::BUILTIN_DIGEST;

/// SHA-256 that can start from the digest of the default rules.
pub(super) struct RulesDigest {
    state: [u32; 8],
    /// Bytes not yet compressed (fewer than 64).
    buf: Vec<u8>,
    /// Bytes hashed so far.
    len: u64,
}

const INITIAL: [u32; 8] =
    [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

impl RulesDigest {
    /// A digest of nothing yet (`defaults == false`), or one that has already hashed the default rule
    /// files as written.
    pub(super) fn new(defaults: bool) -> RulesDigest {
        if defaults {
            let (state, tail, len) = BUILTIN_DIGEST;
            RulesDigest { state, buf: tail.to_vec(), len }
        } else {
            RulesDigest { state: INITIAL, buf: Vec::new(), len: 0 }
        }
    }

    pub(super) fn update(&mut self, bytes: &[u8]) {
        self.len += bytes.len() as u64;
        let mut bytes = bytes;
        if !self.buf.is_empty() {
            let take = (64 - self.buf.len()).min(bytes.len());
            self.buf.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.buf.len() < 64 {
                return;
            }
            sha2::compress256(&mut self.state, &[*GenericArray::from_slice(&self.buf)]);
            self.buf.clear();
        }
        let whole = bytes.len() / 64 * 64;
        let blocks: Vec<_> = bytes[..whole].chunks_exact(64).map(|c| *GenericArray::from_slice(c)).collect();
        sha2::compress256(&mut self.state, &blocks);
        self.buf.extend_from_slice(&bytes[whole..]);
    }

    /// The 32-byte digest.
    pub(super) fn finalize(mut self) -> [u8; 32] {
        let bits = self.len.wrapping_mul(8);
        self.buf.push(0x80);
        while self.buf.len() % 64 != 56 {
            self.buf.push(0);
        }
        self.buf.extend_from_slice(&bits.to_be_bytes());
        let blocks: Vec<_> = self.buf.chunks_exact(64).map(|c| *GenericArray::from_slice(c)).collect();
        sha2::compress256(&mut self.state, &blocks);
        let mut out = [0u8; 32];
        for (o, w) in out.chunks_exact_mut(4).zip(self.state) {
            o.copy_from_slice(&w.to_be_bytes());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};

    use super::super::{BUILTIN_RULES, BUILTIN_RULES_STRIPPED, RuleSet};
    use super::*;

    /// What `RuleSet::hash` is documented to be: the first 16 hex digits of SHA-256 over every file's
    /// name, NUL, contents, NUL — here over the full files, hashed in one piece by `sha2`.
    fn expected(files: &[(&str, &str)]) -> String {
        let mut h = Sha256::new();
        for (name, text) in files {
            h.update(name.as_bytes());
            h.update([0]);
            h.update(text.as_bytes());
            h.update([0]);
        }
        let hex: String = h.finalize().iter().take(8).map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }

    #[test]
    fn continuing_the_embedded_digest_equals_hashing_the_full_files() {
        // natively BUILTIN_RULES are the files as written; they are hashed as `rules/NAME` (their
        // names before they were labelled `<default rules>/NAME`), which keeps the hash of the rules
        let names: Vec<String> = BUILTIN_RULES.iter().map(|(n, _)| n.replace("<default rules>/", "rules/")).collect();
        let builtin: Vec<(&str, &str)> = BUILTIN_RULES.iter().zip(&names).map(|((_, t), n)| (n.as_str(), *t)).collect();
        assert!(BUILTIN_RULES.iter().all(|(n, _)| n.starts_with(&format!("{}/", super::super::DEFAULT_RULES_LABEL))));
        assert_eq!(RuleSet::builtin().hash(), expected(&builtin));
        let custom = ("my/night_economy.toml", "name = \"夜间经济\"\nterms = [\"夜间经济\", \"夜市\"]\n");
        let with = RuleSet::builder().source(custom.0, custom.1).build().unwrap();
        // a user's file is hashed under its name without the folder (the default files as `rules/…`)
        let hashed = ("night_economy.toml", custom.1);
        let all: Vec<_> = builtin.iter().copied().chain([hashed]).collect();
        assert_eq!(with.hash(), expected(&all));
        let alone = RuleSet::builder().defaults(false).source(custom.0, custom.1).build().unwrap();
        assert_eq!(alone.hash(), expected(&[hashed]));
    }

    #[test]
    fn every_length_pads_right() {
        for n in 0..200 {
            let data: Vec<u8> = (0..n).map(|i| (i * 7 + 3) as u8).collect();
            for split in [0, n / 3, n] {
                let mut d = RulesDigest::new(false);
                d.update(&data[..split]);
                d.update(&data[split..]);
                assert_eq!(d.finalize()[..], Sha256::digest(&data)[..], "{n} bytes split at {split}");
            }
        }
    }

    /// The stripped files that the wasm build embeds build the same rules: every theme and term with the
    /// same fields, and the same notes and provenance; only the examples are gone.
    #[test]
    fn stripped_default_rules_build_the_same_rules() {
        let build = |files: &[(&str, &str)]| {
            let mut b = RuleSet::builder().defaults(false);
            for (n, t) in files {
                b = b.source(*n, *t);
            }
            b.build().unwrap()
        };
        let full = build(BUILTIN_RULES);
        let small = build(BUILTIN_RULES_STRIPPED);
        assert_eq!(format!("{:?}", full.themes), format!("{:?}", small.themes));
        assert_eq!(format!("{:?}", full.terms), format!("{:?}", small.terms));
        assert_eq!(full.words, small.words);
        assert!(!full.examples.is_empty() && small.examples.is_empty());
        let (a, b): (usize, usize) =
            (BUILTIN_RULES.iter().map(|f| f.1.len()).sum(), BUILTIN_RULES_STRIPPED.iter().map(|f| f.1.len()).sum());
        assert!(b < a * 3 / 5, "stripped {b} of {a} bytes");
        for (_, text) in BUILTIN_RULES_STRIPPED {
            assert!(
                !text.contains("examples")
                    && !text.lines().any(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
            );
        }
    }
}

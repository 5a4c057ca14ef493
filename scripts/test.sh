#!/usr/bin/env bash
# Runs every test of the project. On a fresh machine it first installs what the tests need: the wasm32
# target and wasm-bindgen-cli (at the version in Cargo.lock), Debian's chromium and a CJK font, and the
# npm packages of package-lock.json. Safe to run again: installed parts are reused.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "format: cargo fmt --check (rustfmt.toml), the package and the fuzz crate"
if ! cargo fmt --version >/dev/null 2>&1; then
  rustup component add rustfmt
fi
cargo fmt --check
(cd fuzz && cargo fmt --check)

step "native tests: library, CLI, semantics tables, golden files, property tests, doctests"
cargo test --locked

step "the library alone: builds without default features (no CLI dependencies), docs without warnings"
cargo check --locked --lib --no-default-features
RUSTDOCFLAGS="-D warnings" cargo doc --locked --no-deps --lib --no-default-features

step "the library example (examples/tag.rs), its output checked by itself"
cargo run --locked --quiet --example tag >/dev/null

step "clippy"
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --locked --all-targets -- -D warnings
else
  echo "clippy is not installed; skipped"
fi

step "fuzz: a short pass over each cargo-fuzz target (installs a nightly toolchain and cargo-fuzz when missing)"
bash scripts/fuzz.sh

# one debug build of the command serves both steps below (the browser tests only need its static
# file server; the page's tagging is the wasm)
cargo build --locked --bin tifa

step "rule files: validate and run their examples"
target/debug/tifa check

step "gold: each round of labelling conventions re-decided exactly the pairs its phrases select"
python3 tests/gold/conventions/check.py

step "WebAssembly build: the committed www/pkg/ must equal a fresh build, byte for byte"
bash scripts/build-wasm.sh --check

step "clippy on the wasm32 builds (lean and authoring: usize is 32 bits there)"
if cargo clippy --version >/dev/null 2>&1; then
  for features in "" "--features authoring"; do
    # shellcheck disable=SC2086  # $features is zero or two words
    TIFA_COMPACT_RULES="$PWD/target/compact-rules.bin" cargo clippy --locked --lib --target wasm32-unknown-unknown --no-default-features $features -- -D warnings
  done
  # the file reader's build (scripts/build-wasm.sh: its own target folder and getrandom's flag)
  CARGO_TARGET_DIR=target/wasm-reader CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS='--cfg getrandom_backend="wasm_js"' \
    TIFA_COMPACT_RULES="$PWD/target/compact-rules.bin" cargo clippy --locked --lib --target wasm32-unknown-unknown --no-default-features --features reader -- -D warnings
else
  echo "clippy is not installed; skipped"
fi

step "WebAssembly tests (wasm-bindgen-test in Node)"
bash scripts/test-wasm.sh

step "browser end-to-end tests (Debian chromium, playwright-core, axe-core)"
bash scripts/install-browser.sh
node --test tests/browser/

step "Python package and Spark example (.venv: maturin, pytest, pandas, pyarrow, pyspark; Java 17)"
bash scripts/test-python.sh

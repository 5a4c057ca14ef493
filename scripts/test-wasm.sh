#!/usr/bin/env bash
# Runs tests/wasm.rs (wasm-bindgen-test, in Node): the JS API, and wasm output == native golden JSON;
# for both builds that the widget loads (scripts/build-wasm.sh): with the `authoring` feature, and lean,
# with the default rules in compact form.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/wasm-tools.sh
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner

echo "test-wasm: the authoring build"
cargo test --target "$TARGET" --no-default-features --features authoring --test wasm "$@"

echo "test-wasm: the lean build (the default rules in compact form)"
mkdir -p target
cargo run --quiet --example compact_rules -- target/compact-rules.bin
TIFA_COMPACT_RULES="$(pwd -P)/target/compact-rules.bin" \
  cargo test --target "$TARGET" --no-default-features --test wasm "$@"

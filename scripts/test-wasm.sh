#!/usr/bin/env bash
# Runs tests/wasm.rs (wasm-bindgen-test, in Node): the JS API, and wasm output == native golden JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/wasm-tools.sh

CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target "$TARGET" --no-default-features --test wasm "$@"

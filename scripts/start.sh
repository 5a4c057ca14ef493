#!/usr/bin/env bash
# The main job: builds the WebAssembly tagger and serves the web page with the default rules on
# http://127.0.0.1:8787/ (first run on a fresh machine installs the wasm target and wasm-bindgen-cli).
# Pass another address as the first argument, e.g. scripts/start.sh 127.0.0.1:9000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build-wasm.sh
cargo build --locked --release --bin tifa
exec target/release/tifa serve www --addr "${1:-127.0.0.1:8787}"

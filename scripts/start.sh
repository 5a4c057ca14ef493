#!/usr/bin/env bash
# The main job: serves the web page with the default rules on http://127.0.0.1:8787/.
# Pass another address as the first argument, e.g. scripts/start.sh 127.0.0.1:9000.
#
# The page's tagger is the prebuilt WebAssembly in www/pkg/ (committed; scripts/test.sh checks that it
# equals a fresh build). Only the small `tifa` server is compiled here: a debug build, about a minute
# on a fresh machine, seconds afterwards. Without www/pkg/ (or with TIFA_BUILD_WASM=1) the wasm is
# built first, which on a fresh machine takes several minutes (it installs wasm-bindgen-cli).
set -euo pipefail
cd "$(dirname "$0")/.."

t0=$SECONDS
step() { printf '\n==> [%s] %s\n' "$1" "$2"; }

if [ ! -f www/pkg/tifa_bg.wasm ] || [ ! -f www/pkg/tifa.js ] || [ "${TIFA_BUILD_WASM:-}" = 1 ]; then
  step 1/2 "building the WebAssembly tagger into www/pkg/ (first time on this machine: several minutes)"
  bash scripts/build-wasm.sh
else
  step 1/2 "the WebAssembly tagger: prebuilt in www/pkg/ (built with $(sed -n 's/^rustc: //p' www/pkg/BUILD-INFO 2>/dev/null))"
fi

step 2/2 "compiling the tifa server (first time: about a minute; cargo shows its progress)"
cargo build --locked --bin tifa

step ready "after $((SECONDS - t0)) s: open the address below (Ctrl+C stops the server)"
exec target/debug/tifa serve www --addr "${1:-127.0.0.1:8787}"

#!/usr/bin/env bash
# Builds the WebAssembly tagger into www/pkg/ (git-ignored) for the page and the widget.
# Installs what it needs when missing: the wasm32 target, wasm-bindgen-cli at exactly the version in
# Cargo.lock, and (through npm, from package-lock.json) binaryen's wasm-opt. Fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PROFILE=wasm-release
OUT=www/pkg
. scripts/wasm-tools.sh
WASM="target/$TARGET/$PROFILE/tifa.wasm"

cargo build --lib --target "$TARGET" --profile "$PROFILE" --no-default-features

STAMP="$OUT/.built"
if [ ! -f "$STAMP" ] || [ "$WASM" -nt "$STAMP" ] || [ ! -f "$OUT/tifa_bg.wasm" ]; then
  rm -rf "$OUT"
  wasm-bindgen --target web --no-typescript --out-dir "$OUT" "$WASM"

  # wasm-opt from npm's binaryen (package-lock.json pins it); Debian's binaryen is too old for the
  # features rustc enables by default.
  if [ ! -x node_modules/.bin/wasm-opt ] && command -v npm >/dev/null; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
  if [ -x node_modules/.bin/wasm-opt ]; then
    before=$(wc -c < "$OUT/tifa_bg.wasm")
    node_modules/.bin/wasm-opt -Oz \
      --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
      --enable-mutable-globals --enable-reference-types --enable-multivalue \
      "$OUT/tifa_bg.wasm" -o "$OUT/tifa_bg.opt.wasm"
    mv "$OUT/tifa_bg.opt.wasm" "$OUT/tifa_bg.wasm"
    echo "build-wasm: wasm-opt -Oz: $before -> $(wc -c < "$OUT/tifa_bg.wasm") bytes"
  else
    echo "build-wasm: wasm-opt not available (no npm); the wasm is not size-optimised" >&2
  fi
  touch "$STAMP"
fi

# Transfer size of everything the widget loads (gzip -9, as a web server would send it).
total=0
printf '%-28s %10s %10s\n' "file (www/)" "bytes" "gzip"
for f in tifa-tagger.js tifa-i18n.js tifa-tagger.css tifa-annotate.css tifa-worker.js pkg/tifa.js pkg/tifa_bg.wasm; do
  raw=$(wc -c < "www/$f")
  gz=$(gzip -9c "www/$f" | wc -c)
  total=$((total + gz))
  printf '%-28s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-28s %10s %10d  (%d KiB)\n' "total transfer (gzip)" "" "$total" $(((total + 1023) / 1024))

#!/usr/bin/env bash
# Builds the WebAssembly tagger (wasm + JS glue) that the page and the widget load from www/pkg/.
#
# www/pkg/ is committed, so that scripts/start.sh shows the page on a fresh machine without the
# slow first build (installing wasm-bindgen-cli alone takes minutes). The wasm embeds the default
# rules: whenever rules/*.toml or the engine change, the committed files must be rebuilt.
#
#   scripts/build-wasm.sh            build, and update www/pkg/ when the build differs from it
#   scripts/build-wasm.sh --commit   the same, then commit www/pkg/ (run it after merging rule changes)
#   scripts/build-wasm.sh --check    build, and fail unless www/pkg/ equals the fresh build byte for
#                                    byte (scripts/test.sh runs this)
#
# The build is reproducible: paths of this checkout and of the cargo registry are remapped out of
# the wasm, and wasm-bindgen and wasm-opt are pinned (Cargo.lock, package-lock.json). A different
# rustc may produce other bytes: www/pkg/BUILD-INFO names the tools the committed files were built
# with, and --check then says so.
#
# Installs what it needs when missing: the wasm32 target, wasm-bindgen-cli at exactly the version in
# Cargo.lock, and (through npm, from package-lock.json) binaryen's wasm-opt. Fast when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-build}
case "$MODE" in
  build|--commit|--check) ;;
  *) echo "usage: scripts/build-wasm.sh [--commit | --check]" >&2; exit 2 ;;
esac

PROFILE=wasm-release
OUT=www/pkg
STAGE=target/wasm-pkg      # the fresh build; www/pkg/ is compared with it
. scripts/wasm-tools.sh
WASM="target/$TARGET/$PROFILE/tifa.wasm"

ROOT=$(pwd -P)
CARGO_DIR=$(cd "${CARGO_HOME:-$HOME/.cargo}" && pwd -P)
# no absolute path of this machine in the wasm (panic locations name source files)
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--remap-path-prefix=$CARGO_DIR=/cargo --remap-path-prefix=$ROOT=/tifa"
echo "build-wasm: cargo build --target $TARGET --profile $PROFILE"
cargo build --locked --lib --target "$TARGET" --profile "$PROFILE" --no-default-features

STAMP="$STAGE/.built"
if [ ! -f "$STAMP" ] || [ "$WASM" -nt "$STAMP" ] || [ ! -f "$STAGE/tifa_bg.wasm" ] || [ package-lock.json -nt "$STAMP" ]; then
  rm -rf "$STAGE"
  echo "build-wasm: wasm-bindgen"
  wasm-bindgen --target web --no-typescript --out-dir "$STAGE" "$WASM"

  # wasm-opt from npm's binaryen (package-lock.json pins it); Debian's binaryen is too old for the
  # features rustc enables by default.
  if [ ! -x node_modules/.bin/wasm-opt ]; then
    npm ci --no-audit --no-fund --loglevel=error
  fi
  before=$(wc -c < "$STAGE/tifa_bg.wasm")
  node_modules/.bin/wasm-opt -Oz \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$STAGE/tifa_bg.wasm" -o "$STAGE/tifa_bg.opt.wasm"
  mv "$STAGE/tifa_bg.opt.wasm" "$STAGE/tifa_bg.wasm"
  echo "build-wasm: wasm-opt -Oz: $before -> $(wc -c < "$STAGE/tifa_bg.wasm") bytes"
  {
    echo "# The tools that built these files (scripts/build-wasm.sh). Do not edit: rebuild."
    echo "rustc: $(rustc --version)"
    echo "wasm-bindgen: $(wasm-bindgen --version)"
    echo "wasm-opt: $(node_modules/.bin/wasm-opt --version)"
  } > "$STAGE/BUILD-INFO"
  touch "$STAMP"
fi

differs() { ! diff -rq --exclude=.built "$STAGE" "$OUT" >/dev/null 2>&1; }

if [ "$MODE" = --check ]; then
  if differs; then
    echo "build-wasm: www/pkg/ differs from a fresh build:" >&2
    diff -rq --exclude=.built "$STAGE" "$OUT" >&2 || true
    if ! diff -q "$STAGE/BUILD-INFO" "$OUT/BUILD-INFO" >/dev/null 2>&1; then
      echo "build-wasm: the tools differ (committed vs. fresh):" >&2
      diff "$OUT/BUILD-INFO" "$STAGE/BUILD-INFO" >&2 || true
    fi
    echo "build-wasm: the committed files are stale (rules or engine changed?): run scripts/build-wasm.sh --commit" >&2
    exit 1
  fi
  echo "build-wasm: www/pkg/ equals the fresh build (byte for byte)"
else
  if differs; then
    rm -rf "$OUT"
    mkdir -p "$OUT"
    cp "$STAGE/tifa.js" "$STAGE/tifa_bg.wasm" "$STAGE/BUILD-INFO" "$OUT/"
    echo "build-wasm: www/pkg/ updated"
  else
    echo "build-wasm: www/pkg/ is up to date"
  fi
  if [ "$MODE" = --commit ]; then
    if git diff --quiet HEAD -- "$OUT" && [ -z "$(git ls-files --others --exclude-standard -- "$OUT")" ]; then
      echo "build-wasm: nothing to commit"
    else
      git add -- "$OUT"
      git commit -m "www/pkg: rebuilt ($(git log -1 --format=%h -- rules src) rules and engine)" -- "$OUT"
    fi
  fi
fi

# Transfer size of everything the widget loads (gzip -9, as a web server would send it).
total=0
printf '%-28s %10s %10s\n' "file (www/)" "bytes" "gzip"
for f in $(cd www && ls tifa-*.js tifa-*.css widget/*.js 2>/dev/null) pkg/tifa.js pkg/tifa_bg.wasm; do
  raw=$(wc -c < "www/$f")
  gz=$(gzip -9c "www/$f" | wc -c)
  total=$((total + gz))
  printf '%-28s %10d %10d\n' "$f" "$raw" "$gz"
done
printf '%-28s %10s %10d  (%d KiB)\n' "total transfer (gzip)" "" "$total" $(((total + 1023) / 1024))

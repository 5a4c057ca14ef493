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
#   scripts/build-wasm.sh --sizes    no build: print the widget's transfer sizes of www/ as it is, and
#                                    fail when they are over the budget
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
  build|--commit|--check|--sizes) ;;
  *) echo "usage: scripts/build-wasm.sh [--commit | --check | --sizes]" >&2; exit 2 ;;
esac

# Transfer size of what the widget loads (gzip -9, as a web server would send it): first, to tag with
# the default rules, in each mode (an element fetches its own mode's modules only, see
# www/widget/element.js), and later, only when a tooltip opens or rules are edited.
EDITOR_ONLY="widget/editor.js"
ANNOTATE_ONLY="widget/annotate.js tifa-annotate.css"
# fetched on first use: the tooltip when one first opens and rules-url.js for rules from a URL (both
# modes), with rules-i18n.js (the strings of both rules modules); in editor mode, the rules panel when
# it first opens, export.js on the first export or print, documents.js when a file opened is no text (a
# Word document, an HTML page); the English strings (i18n-en.js) when an element is first shown in English
READER_ONLY="tifa-reader.js"
ON_USE="widget/tooltip.js widget/rules-url.js widget/rules-i18n.js widget/rules-panel.js widget/export.js widget/i18n-en.js widget/documents.js"
# rows FILE...: a row per file; their gzip total in $SUM
rows() {
  local f raw gz
  SUM=0
  for f in "$@"; do
    raw=$(wc -c < "www/$f")
    gz=$(gzip -9c "www/$f" | wc -c)
    SUM=$((SUM + gz))
    printf '%-30s %10d %10d\n' "$f" "$raw" "$gz"
  done
}
total() { printf '%-30s %10s %10d  (%d KiB%s)\n' "$1" "" "$2" $((($2 + 1023) / 1024)) "${3:-}"; }
sizes() {
printf '%-30s %10s %10s\n' "file (www/)" "bytes" "gzip"
# shellcheck disable=SC2086
rows $(cd www && ls tifa-*.js tifa-*.css widget/*.js | grep -v -x -F $(printf -- '-e %s ' $EDITOR_ONLY $ANNOTATE_ONLY $ON_USE $READER_ONLY)) pkg/tifa.js pkg/tifa_bg.wasm
COMMON=$SUM
total "both modes (gzip)" "$COMMON"
# shellcheck disable=SC2086
rows $EDITOR_ONLY
EDITOR_TOTAL=$((COMMON + SUM))
total "editor mode (gzip)" $EDITOR_TOTAL ", with the above: the widget transfer in editor mode"
# shellcheck disable=SC2086
rows $ANNOTATE_ONLY
ANNOTATE_TOTAL=$((COMMON + SUM))
total "annotate mode (gzip)" $ANNOTATE_TOTAL ", with both modes' files: the widget transfer in annotate mode"
# shellcheck disable=SC2086
rows $ON_USE
total "fetched on use (gzip)" "$SUM" ", the first tooltip, rules from a URL, English; the rules panel, export/print, a .docx opened (editor)"
rows pkg/tifa-notes.json
total "notes (gzip)" "$SUM" ", fetched when a tooltip first opens or the legend is pointed at"
rows pkg/tifa-authoring.js pkg/tifa-authoring_bg.wasm
total "rule authoring (gzip)" "$SUM" ", fetched only when rules are edited"
rows $READER_ONLY pkg/tifa-reader.js pkg/tifa-reader_bg.wasm
total "file reader (gzip)" "$SUM" ", fetched only when a PDF or .doc file is opened (editor)"

# The widget's budget (issue 11, README): what it loads to tag, in either mode, is at most 200,000
# bytes gzip. Over it, --check (the test command) fails; a plain build says so.
BUDGET=200000
for pair in "editor:$EDITOR_TOTAL" "annotate:$ANNOTATE_TOTAL"; do
  if [ "${pair#*:}" -gt "$BUDGET" ]; then
    echo "build-wasm: the widget in ${pair%%:*} mode loads ${pair#*:} bytes gzip, over the budget of $BUDGET" >&2
    [ "$MODE" = --check ] || [ "$MODE" = --sizes ] && exit 1
  fi
done
if [ "$EDITOR_TOTAL" -le "$BUDGET" ] && [ "$ANNOTATE_TOTAL" -le "$BUDGET" ]; then
  echo "build-wasm: within the widget's budget of $BUDGET bytes gzip ($((BUDGET - EDITOR_TOTAL)) and $((BUDGET - ANNOTATE_TOTAL)) to spare)"
fi
}
if [ "$MODE" = --sizes ]; then
  sizes
  exit 0
fi

PROFILE=wasm-release
OUT=www/pkg
STAGE=target/wasm-pkg      # the fresh build; www/pkg/ is compared with it
. scripts/wasm-tools.sh

ROOT=$(pwd -P)
CARGO_DIR=$(cd "${CARGO_HOME:-$HOME/.cargo}" && pwd -P)
# no absolute path of this machine in the wasm (panic locations name source files)
RUSTFLAGS_WASM="--remap-path-prefix=$CARGO_DIR=/cargo --remap-path-prefix=$ROOT=/tifa"

# The lean build embeds the default rules compiled, in compact form: written natively by the library
# itself (a build script cannot run the library it builds), and handed to build.rs by path. The terms'
# notes and the themes' descriptions are left out of it and written apart (tifa-notes.json): the widget
# fetches them when a tooltip first opens or its legend is first pointed at.
COMPACT=target/compact-rules.bin
mkdir -p "$STAGE"
echo "build-wasm: cargo run --example compact_rules (the default rules in compact form, the notes apart)"
cargo run --locked --quiet --example compact_rules -- "$COMPACT" "$STAGE/tifa-notes.json"
export TIFA_COMPACT_RULES="$ROOT/$COMPACT"

# wasm-opt from npm's binaryen (package-lock.json pins it); Debian's binaryen is too old for the
# features rustc enables by default.
if [ ! -x node_modules/.bin/wasm-opt ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

mkdir -p "$STAGE"
# build NAME TARGET_DIR EXTRA_RUSTFLAGS [CARGO FEATURE ARGS...]: one wasm and its glue, NAME.js and
# NAME_bg.wasm, into $STAGE
build() {
  local name=$1 dir=$2 flags=$3
  shift 3
  local wasm="$dir/$TARGET/$PROFILE/tifa.wasm"
  echo "build-wasm: $name: cargo build --target $TARGET --profile $PROFILE --no-default-features $*"
  CARGO_TARGET_DIR="$dir" CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$RUSTFLAGS_WASM$flags" \
    cargo build --locked --lib --target "$TARGET" --profile "$PROFILE" --no-default-features "$@"
  # wasm-bindgen and wasm-opt again only when the wasm or the pinned tools changed
  local key
  key=$(cat "$wasm" package-lock.json Cargo.lock | sha256sum | cut -d' ' -f1)
  if [ -f "$STAGE/.$name.key" ] && [ "$(cat "$STAGE/.$name.key")" = "$key" ] && [ -f "$STAGE/${name}_bg.wasm" ]; then
    return
  fi
  local tmp="$STAGE/.tmp-$name"
  rm -rf "$tmp"
  echo "build-wasm: $name: wasm-bindgen"
  wasm-bindgen --target web --no-typescript --out-name "$name" --out-dir "$tmp" "$wasm"
  local before
  before=$(wc -c < "$tmp/${name}_bg.wasm")
  # --converge: the passes again until the size stops falling (about 0.5 KB gzip less for the lean wasm).
  # --one-caller-inline-max-function-size=0: a function called from one place stays a function of its
  # own (rustc has already inlined what it wanted): 6 KB gzip less for the lean wasm, and no function as
  # large as `new Tagger()` with everything in it, which V8 optimises again while the first one runs.
  node_modules/.bin/wasm-opt -Oz --converge --one-caller-inline-max-function-size=0 \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$tmp/${name}_bg.wasm" -o "$STAGE/${name}_bg.wasm"
  mv "$tmp/$name.js" "$STAGE/$name.js"
  rm -rf "$tmp"
  echo "build-wasm: $name: wasm-opt: $before -> $(wc -c < "$STAGE/${name}_bg.wasm") bytes"
  echo "$key" > "$STAGE/.$name.key"
}
# tifa: the lean build that the widget loads first (tags with the default rules);
# tifa-authoring: the build with withRules and check, which the widget loads when rules are edited
build tifa target ""
build tifa-authoring target "" --features authoring
# the file reader (src/pdf.rs, src/doc.rs), fetched when a PDF or a .doc is opened. lopdf links getrandom, which on wasm32
# must be told to use the browser's crypto; a target folder of its own, so that the other two builds
# are not rebuilt for the other flags each time
build tifa-reader target/wasm-reader ' --cfg getrandom_backend="wasm_js"' --features reader
rm -f "$STAGE/.built" "$STAGE/tifa_bg.wasm.d"
{
  echo "# The tools that built these files (scripts/build-wasm.sh). Do not edit: rebuild."
  echo "rustc: $(rustc --version)"
  echo "wasm-bindgen: $(wasm-bindgen --version)"
  echo "wasm-opt: $(node_modules/.bin/wasm-opt --version)"
} > "$STAGE/BUILD-INFO"

differs() { ! diff -rq --exclude='.*' "$STAGE" "$OUT" >/dev/null 2>&1; }

if [ "$MODE" = --check ]; then
  if differs; then
    echo "build-wasm: www/pkg/ differs from a fresh build:" >&2
    diff -rq --exclude='.*' "$STAGE" "$OUT" >&2 || true
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
    cp "$STAGE"/*.js "$STAGE"/*_bg.wasm "$STAGE"/*.json "$STAGE/BUILD-INFO" "$OUT/"
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

sizes

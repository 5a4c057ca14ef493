#!/usr/bin/env bash
# A short fuzz pass: each cargo-fuzz target of fuzz/ (rule parsing, tagging, custom rules with text,
# Word documents, HTML pages, PDF files) runs FUZZ_SECONDS seconds (default 30), seeded with the rule
# files, the bad-rule catalogue, the sample reports and the .docx, .doc, .html and .pdf fixtures. Needs a nightly toolchain (libFuzzer and its sanitizer need it): installs it with
# rustup when it is missing (profile minimal, about 15 s), and cargo-fuzz from crates.io (about a
# minute, once); without rustup it says so and stops without failing. The first build of the targets
# with AddressSanitizer takes about 3-7 minutes on two cores.
# A crash fails the pass and leaves its input in fuzz/artifacts/TARGET/ (see fuzz/README.md).
#
#   FUZZ_SECONDS=3600 bash scripts/fuzz.sh        # an hour per target
#   FUZZ_TARGETS="tag" bash scripts/fuzz.sh       # one target
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-30}"
targets="${FUZZ_TARGETS:-rules tag rules_and_text docx doc html pdf}"

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  if ! command -v rustup >/dev/null 2>&1; then
    echo "fuzz: skipped: no rustup here to install a nightly toolchain with (see fuzz/README.md)"
    exit 0
  fi
  echo "fuzz: installing a nightly toolchain (rustup, profile minimal)"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz from crates.io (takes a few minutes, once)"
  cargo +nightly install cargo-fuzz --locked
fi

# seeds: rule files and the bad-rule catalogue; the sample reports; and rule file + NUL + report
mkdir -p fuzz/corpus/rules fuzz/corpus/tag fuzz/corpus/rules_and_text fuzz/corpus/docx fuzz/corpus/doc fuzz/corpus/html fuzz/corpus/pdf
for rules in rules/gas_pipeline.toml rules/higher_directives.toml rules/rural_revitalization.toml tests/bad-rules/bad_window.toml; do
  for report in tests/fixtures/corpus/*.txt; do
    seed="fuzz/corpus/rules_and_text/seed-$(basename "$rules" .toml)-$(basename "$report" .txt)"
    [ -e "$seed" ] || { cat "$rules"; printf '\0'; head -c 3000 "$report"; } > "$seed"
  done
done
declare -A seeds=(
  [rules]="rules tests/bad-rules tests/golden/errors"
  [tag]="tests/fixtures/corpus"
  [rules_and_text]=""
  [docx]="tests/fixtures/docx"
  [doc]="tests/fixtures/doc"
  [html]="tests/fixtures/html"
  [pdf]="tests/fixtures/pdf"
)
# a Word document's seeds are whole archives (the sample report's is 48 KB), a page's whole pages, a
# PDF's whole files (the short ones are 44 KB; the sample report's 218 KB is cut)
declare -A max_len=([docx]=65536 [doc]=65536 [html]=32768 [pdf]=65536)

mkdir -p fuzz/artifacts
for target in $targets; do
  echo "fuzz: $target for ${seconds}s"
  log="fuzz/artifacts/$target.log"
  status=0
  # shellcheck disable=SC2086 # the seed folders are words
  cargo +nightly fuzz run -O -a "$target" "fuzz/corpus/$target" ${seeds[$target]} -- \
    -max_total_time="$seconds" -max_len="${max_len[$target]:-8192}" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status=$?
  grep -E '^(stat::number_of_executed_units|SUMMARY)' "$log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 40 "$log"
    echo "fuzz: $target FAILED (exit $status); the input is in fuzz/artifacts/$target/, the log in $log"
    exit 1
  fi
done
echo "fuzz: no crash in: $targets"

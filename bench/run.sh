#!/usr/bin/env bash
# The peer table of bench/README.md in one command: tifa against the bare automaton and the tools a
# webmaster or an analyst would use, on one text made from the sample reports, same terms, same run.
#
#   bash bench/run.sh [SIZE] [RUNS]        # default: 100MB, 3 timed runs per tool (median reported)
#
# Installs what it needs on first run: the release build (tifa and the `peers` example), a venv in
# target/bench-venv with pyahocorasick and flashtext from PyPI (flashtext is optional), and uses the
# system's node. Writes target/bench-input/peers-SIZE.txt (bench/make-corpus.py) and prints the table.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE=${1:-100MB}
RUNS=${2:-3}

cargo build --release --quiet --bin tifa --example peers
VENV=target/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
fi
"$VENV/bin/python" -c "import ahocorasick" 2>/dev/null || "$VENV/bin/pip" install --quiet pyahocorasick
"$VENV/bin/python" -c "import flashtext" 2>/dev/null || "$VENV/bin/pip" install --quiet flashtext || echo "run.sh: flashtext not installed; its row is left out" >&2

TEXT=target/bench-input/peers-$SIZE.txt
[ -f "$TEXT" ] || python3 bench/make-corpus.py --size "$SIZE" --shape paragraphs --out "$TEXT"
"$VENV/bin/python" bench/table.py "$TEXT" "$RUNS"

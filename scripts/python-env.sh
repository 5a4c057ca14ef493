#!/usr/bin/env bash
# Sets up the Python side in .venv/ (git-ignored): a virtualenv with python/requirements-test.txt
# (maturin, pytest, pandas, pyarrow, pyspark, mypy) and tifa itself built from this checkout with
# `pip install .` (maturin, release profile). The Spark example needs Java 17 or newer: when `java`
# is missing or older, Debian's openjdk-17-jre-headless is installed (apt-get, as root).
# Safe to run again: what is there is reused, and tifa is rebuilt only when its sources changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
VENV=.venv

# the major version of `java` (1 for Java 8's "1.8.0"), empty when there is none
java_major() {
  command -v java >/dev/null && java -version 2>&1 | sed -n 's/.*version "\([0-9]*\)[."].*/\1/p' | head -n 1
}
major=$(java_major || true)
if [ -z "$major" ] || [ "$major" -lt 17 ]; then
  echo "python-env: installing Java 17 (openjdk-17-jre-headless) for Spark"
  if [ "$(id -u)" != 0 ]; then
    echo "python-env: not root; install Java 17 or newer yourself (apt-get install openjdk-17-jre-headless)" >&2
    exit 1
  fi
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openjdk-17-jre-headless
fi
echo "python-env: $(java -version 2>&1 | head -n 1)"

if [ ! -x "$VENV/bin/python" ]; then
  if ! "$PYTHON" -m venv "$VENV"; then
    # Debian's own python3 needs its venv module installed separately
    rm -rf "$VENV"
    if [ "$(id -u)" != 0 ]; then
      echo "python-env: $PYTHON -m venv failed; install python3-venv" >&2
      exit 1
    fi
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv
    "$PYTHON" -m venv "$VENV"
  fi
fi
STAMP="$VENV/.requirements-installed"
if [ ! -f "$STAMP" ] || [ python/requirements-test.txt -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q -r python/requirements-test.txt
  touch "$STAMP"
fi

# the README's command: builds the extension (cargo, --release) and installs the package
"$VENV/bin/python" -m pip install -q .
"$VENV/bin/python" -c 'import tifa; print("python-env: tifa", tifa.__version__, "in", tifa.__file__)'

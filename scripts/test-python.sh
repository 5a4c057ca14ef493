#!/usr/bin/env bash
# The Python package's tests (python/tests, pytest): the same JSON as the command line on the sample
# reports and on JSON Lines records, rule errors, offsets, batch calls, the GIL, Ctrl-C, pickling, the
# pandas helper, the types (mypy, stubtest), and the Spark example on local[2] against `tifa tag --jsonl`. Sets up .venv/ first (scripts/python-env.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/python-env.sh
# the command-line tool the tests compare with (a debug build is enough and is what test.sh builds)
cargo build --locked --bin tifa
export TIFA_BIN="$PWD/target/debug/tifa"
# Spark on this machine only
export SPARK_LOCAL_IP=127.0.0.1

status=0
.venv/bin/python -m pytest python/tests "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "test-python: pytest collected no tests" >&2
  exit 1
fi
exit "$status"

"""Ctrl-C stops a batch call: SIGINT during `themes`, `summaries`, `tag_many` or `frame` over many
texts raises KeyboardInterrupt long before the batch would be done, not when it is.

Not a timed test of speed: the child sizes its batch to about 20 seconds of its own measured work, and
the test asks only that KeyboardInterrupt comes within half of that. A batch that ignored the
signal would need at least the remaining 19 seconds however loaded the machine (the load slows the
batch as much as the measurement); one that stops takes a signal interval and one text per thread. The
instant the child catches the exception is read on the system-wide monotonic clock, so the time the
interpreter then takes to exit is not counted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import SAMPLES

# The child tags copies of a sample report for about BATCH_SECONDS of work on its threads (measured on
# the machine, so that the batch still runs when the signal comes, however fast the machine is; the
# Rust part of `tag_many` is about the time of `tag_json`), prints "go" and the batch's expected
# seconds just before the call, and "interrupted" with the monotonic time when it gets
# KeyboardInterrupt.
BATCH_SECONDS = 20
CHILD = r"""
import math, sys, time, tifa
path, call, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(path, encoding="utf-8").read()
tagger = tifa.Tagger()
start = time.perf_counter()
for _ in range(8):
    tagger.tag_json(text) if call == "tag_many" else tagger.themes([text], threads=1)
per_text = (time.perf_counter() - start) / 8
texts = [text] * max(64, math.ceil(BATCH_SECONDS * threads / per_text))
if call == "frame":
    import pandas as pd
    texts = pd.Series(texts)
print("go", len(texts) * per_text / threads, flush=True)
try:
    getattr(tagger, call)(texts, threads=threads)
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", time.monotonic(), flush=True)
""".replace("BATCH_SECONDS", str(BATCH_SECONDS))


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process (POSIX)")
@pytest.mark.parametrize(("call", "threads"), [("themes", 2), ("summaries", 1), ("tag_many", 2), ("frame", 2)])
def test_sigint_stops_a_batch(call: str, threads: int) -> None:
    sample = max(SAMPLES, key=lambda p: p.stat().st_size)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(sample), call, str(threads)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.startswith("go"), line + child.stderr.read()
        expected = float(line.split()[1])
        time.sleep(1.0)  # well into the batch (the texts are read first)
        sent = time.monotonic()
        child.send_signal(signal.SIGINT)
        try:
            out, err = child.communicate(timeout=4 * expected)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{call}(threads={threads}) still running {4 * expected:.0f} s after SIGINT")
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    word, _, caught = out.strip().partition(" ")
    assert word == "interrupted", out + err
    assert child.returncode == 0, err
    waited = float(caught) - sent
    # half the batch: a clean-clone run saw themes(threads=2) take 6.76 s (2026-12-02, not explained yet, see
    # the session note); with the signal checks removed it is 13-19 s
    assert waited < expected / 2, f"{call}: KeyboardInterrupt {waited:.2f} s after SIGINT, batch ~{expected:.1f} s"

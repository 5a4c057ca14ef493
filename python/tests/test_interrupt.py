"""Ctrl-C stops a batch call: SIGINT during `themes`, `summaries`, `tag_many` or `frame` over many
texts raises KeyboardInterrupt within about a second, not when the whole batch is done."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from conftest import SAMPLES

# The child tags copies of a sample report for about 10 seconds of work on its threads (measured on
# the machine, so that the batch still runs when the signal comes, however fast the machine is; the
# Rust part of `tag_many` is about the time of `tag_json`), prints "go" just before the call and
# "interrupted" when it gets KeyboardInterrupt.
CHILD = r"""
import math, sys, time, tifa
path, call, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(path, encoding="utf-8").read()
tagger = tifa.Tagger()
start = time.perf_counter()
for _ in range(8):
    tagger.tag_json(text) if call == "tag_many" else tagger.themes([text], threads=1)
per_text = (time.perf_counter() - start) / 8
texts = [text] * max(64, math.ceil(10 * threads / per_text))
if call == "frame":
    import pandas as pd
    texts = pd.Series(texts)
print("go", len(texts), flush=True)
try:
    getattr(tagger, call)(texts, threads=threads)
    print("finished", flush=True)
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


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
        time.sleep(1.0)  # well into the batch (the texts are read first)
        sent = time.perf_counter()
        child.send_signal(signal.SIGINT)
        try:
            out, err = child.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{call}(threads={threads}) still running 5 s after SIGINT")
        waited = time.perf_counter() - sent
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert out.strip() == "interrupted", out + err
    assert child.returncode == 0, err
    assert waited < 2.0, f"{call}: KeyboardInterrupt {waited:.2f} s after SIGINT"

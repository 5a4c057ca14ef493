#!/usr/bin/env python3
"""Compares tifa with the simple baselines a reader would try first, on the same ~10 MB input.

Peers (raw term finding only):

  re            Python's `re`: one alternation of every term, longest first (so that the leftmost
                match is also the longest one, as in tifa), `finditer` over the whole text.
  pyahocorasick Aho-Corasick in C (PyPI `pyahocorasick`), `iter_long`: leftmost-longest,
                non-overlapping -- the same match semantics as tifa's automaton. Skipped with a note
                when the package is not installed (`pip install pyahocorasick`).

tifa is timed as the whole command, `target/release/tifa tag --format json FILE > /dev/null`:
process start, compiling the rules, reading and decoding the file, segmentation, normalisation,
guards and exclusions, scoring, offsets in three units and writing ~70 MB of JSON. The peers only find
the terms in a string already in memory: no normalisation, guards, segmentation, scoring or output.
Their figures are therefore an upper bound for what they would cost in a real tagger.

The terms are read from rules/*.toml with tomllib: the `terms` and `weak` lists, the `text` of every
[[term]] and the `terms` of every [[sub-theme]] (themes with `enabled = false` are left out).

Usage: python3 bench/make-input.py && cargo build --release && python3 bench/compare-naive.py [--runs N]
"""

import argparse
import glob
import json
import os
import re
import statistics
import subprocess
import sys
import time
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
INPUT = os.path.join(ROOT, "target", "bench-input", "report-10mb.txt")
TIFA = os.path.join(ROOT, "target", "release", "tifa")


def load_terms():
    terms = []
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "*.toml"))):
        with open(path, "rb") as f:
            theme = tomllib.load(f)
        if theme.get("enabled", True) is False:
            continue
        terms += theme.get("terms", [])
        terms += theme.get("weak", [])
        terms += [t["text"] for t in theme.get("term", []) if "text" in t]
        for sub in theme.get("sub-theme", []):
            terms += sub.get("terms", [])
    return sorted(set(t for t in terms if t))


def timed(fn, runs):
    """Median wall time of `runs` calls, and the last result."""
    times = []
    result = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is shown")
    ap.add_argument("--input", default=INPUT)
    args = ap.parse_args()
    if not os.path.exists(args.input):
        sys.exit(f"{args.input} is missing: run python3 bench/make-input.py first")
    if not os.path.exists(TIFA):
        sys.exit(f"{TIFA} is missing: run cargo build --release first")

    with open(args.input, encoding="utf-8") as f:
        text = f.read()
    size = len(text.encode("utf-8"))
    terms = load_terms()
    rows = []  # (name, what, build s, run s, matches)

    # tifa, whole command.
    def run_tifa():
        with open(args.input, "rb") as inp:
            out = subprocess.run([TIFA, "tag", "--format", "json"], stdin=inp, stdout=subprocess.PIPE, check=True).stdout
        return out

    secs, out = timed(run_tifa, args.runs)
    matches = json.loads(out)["summary"]["matches"]
    rows.append(("tifa tag --format json", "whole command", None, secs, matches))

    # Python re: one alternation, longest term first.
    def build_re():
        re.purge()  # re caches compiled patterns: time a real compile every run
        return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))

    build_s, pattern = timed(build_re, args.runs)
    secs, matches = timed(lambda: sum(1 for _ in pattern.finditer(text)), args.runs)
    rows.append(("Python re alternation", "terms only", build_s, secs, matches))

    # pyahocorasick, leftmost-longest.
    try:
        import ahocorasick
    except ImportError:
        ahocorasick = None
        print("pyahocorasick is not installed (pip install pyahocorasick): row left out", file=sys.stderr)
    if ahocorasick is not None:

        def build_ac():
            a = ahocorasick.Automaton()
            for i, t in enumerate(terms):
                a.add_word(t, i)
            a.make_automaton()
            return a

        build_s, automaton = timed(build_ac, args.runs)
        secs, matches = timed(lambda: sum(1 for _ in automaton.iter_long(text)), args.runs)
        rows.append(("pyahocorasick iter_long", "terms only", build_s, secs, matches))

    print(f"input: {os.path.relpath(args.input, ROOT)}, {size} bytes; {len(terms)} distinct terms; median of {args.runs} runs")
    print()
    print("| tool | measures | build | run | throughput | matches |")
    print("|---|---|---:|---:|---:|---:|")
    for name, what, build_s, secs, matches in rows:
        build = "—" if build_s is None else f"{build_s * 1000:.1f} ms"
        print(f"| {name} | {what} | {build} | {secs:.3f} s | {size / secs / 1e6:.1f} MB/s | {matches} |")
    print()
    print("The peers only find terms (no normalisation, guards, segmentation, scoring, offsets or output):")
    print("their figures are an upper bound for them; tifa's row is the whole command, start-up included.")


if __name__ == "__main__":
    main()

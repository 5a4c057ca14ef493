#!/usr/bin/env python3
"""Linear in every input: wall time and peak memory of the `tifa` command for each shape of input,
for many terms, and for `--jsonl --jobs N` (python3, standard library only; inputs from
bench/make-corpus.py, written on first use into target/bench-input/).

  python3 bench/shapes.py [--size 100MB] [--runs 3] [--jsonl-size 1GB] [--only NAME ...]

Rows (median of RUNS; peak RSS from wait4):
  shape/<shape>    tifa tag --format json FILE > /dev/null, for paragraphs, line, pdf, short
  terms/<n>        tifa check --no-default-rules DIR: building rules of n made-up terms
  jsonl/jobs-<n>   tifa tag --jsonl --jobs n < records.jsonl > /dev/null
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIFA = os.path.join(ROOT, "target", "release", "tifa")
INPUT = os.path.join(ROOT, "target", "bench-input")


def make(args, out):
    if not os.path.exists(out):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "make-corpus.py"), *args, "--out", out], check=True)
    return out


def timed(cmd, stdin_path=None):
    """Wall seconds and peak RSS (MB, 10^6 bytes, like the input sizes) of one run."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdin=stdin, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    if stdin_path:
        stdin.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed")
    # ru_maxrss is in KiB; the ratio to the input needs the same unit as its size (until 2026-12-01
    # this divided by 1024, MiB against MB, and every ratio read 4.9 % low)
    return wall, usage.ru_maxrss * 1024 / 1e6


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="100MB")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--jsonl-size", default="1GB")
    ap.add_argument("--only", nargs="*", default=[])
    a = ap.parse_args()
    rows = []
    want = lambda name: not a.only or any(name.startswith(o) for o in a.only)
    jobs = []
    for shape in ["paragraphs", "line", "pdf", "short"]:
        name = f"shape/{shape}"
        if want(name):
            f = make(["--size", a.size, "--shape", shape], os.path.join(INPUT, f"{shape}-{a.size.lower()}.txt"))
            jobs.append((name, [TIFA, "tag", "--format", "json", f], None, os.path.getsize(f)))
    for n in [25000, 50000, 200000]:
        name = f"terms/{n}"
        if want(name):
            d = os.path.join(INPUT, f"terms-{n}")
            make(["--terms", str(n)], os.path.join(d, "many_terms.toml"))
            jobs.append((name, [TIFA, "check", "--no-default-rules", d], None, None))
    for n in [1, 2]:
        name = f"jsonl/jobs-{n}"
        if want(name):
            f = make(["--size", a.jsonl_size, "--jsonl"], os.path.join(INPUT, f"records-{a.jsonl_size.lower()}.jsonl"))
            jobs.append((name, [TIFA, "tag", "--jsonl", "--jobs", str(n)], f, os.path.getsize(f)))
    print(f"load before: {os.getloadavg()[0]:.2f}", flush=True)
    # rounds interleave the rows, so that a burst of load does not fall on one row only
    results = {name: [] for name, *_ in jobs}
    for _ in range(a.runs):
        for name, cmd, stdin, size in jobs:
            results[name].append(timed(cmd, stdin))
    print("\n| row | input | median wall | MB/s | peak RSS | RSS / input |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, cmd, stdin, size in jobs:
        walls = [w for w, _ in results[name]]
        rss = max(r for _, r in results[name])
        wall = statistics.median(walls)
        if size:
            print(f"| {name} | {size / 1e6:.1f} MB | {wall:.2f} s | {size / 1e6 / wall:.1f} | {rss:.0f} MB | {rss / (size / 1e6):.2f} |")
        else:
            print(f"| {name} | | {wall:.2f} s | | {rss:.0f} MB | |")
    print(f"\nload after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()

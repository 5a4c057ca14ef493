#!/usr/bin/env python3
"""Time and peak memory of one Python call on one big report (the data journalist's case).

The text is the four sample reports of tests/fixtures/corpus/ concatenated whole, again and again
(separated by a blank line), until it holds at least --chars characters (default 3.8 million). One
call runs in this process, once the Tagger is built and the text is made; the script prints the
seconds (`time.perf_counter`) and the peak RSS of the process (`resource.getrusage(RUSAGE_SELF)
.ru_maxrss`, KiB on Linux) before and after the call. Run each call in its own process (peak RSS
never goes down): `for c in tag tag_json explain; do .venv/bin/python bench/python-tag.py $c; done`.

`json_loads` is `json.loads(tagger.tag_json(text))`: what `tag()` did until it built its objects
directly (the JSON text made with the GIL released, then parsed), to compare the two in one build.
`tag`, `tag_many` and `explain` pause Python's garbage collector while they build their objects, so
the collection it then owes runs at the next allocation: the script times that allocation as well
("then") and adds it to the call's seconds ("in all"). CPU seconds are those of the whole process.

Usage: .venv/bin/python bench/python-tag.py [tag|json_loads|tag_json|explain|tag_many] [--chars N] [--check]

--check then compares the report of `tag` or `tag_many` with `json.loads(tag_json(text))`, outside
the timed part.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import time

import tifa

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "fixtures", "corpus")
SAMPLES = ["baoan-xinqiao-2024h1.txt", "panyu-shawan-2023.txt", "panyu-shiqiao-2023.txt", "zhongshan-nanqu-2022.txt"]


def big_text(chars: int) -> str:
    reports = []
    for name in SAMPLES:
        with open(os.path.join(CORPUS, name), "rb") as f:
            reports.append(f.read().decode("utf-8").strip())
    parts: list[str] = []
    total = 0
    while total < chars:
        for r in reports:
            parts.append(r)
            total += len(r) + 2
    return "\n\n".join(parts)


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("call", nargs="?", default="tag", choices=["tag", "json_loads", "tag_json", "explain", "tag_many"])
    ap.add_argument("--chars", type=int, default=3_800_000)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()

    tagger = tifa.Tagger()
    text = big_text(args.chars)
    gc.collect()
    before = peak_mib()
    call = {
        "tag": lambda: tagger.tag(text),
        "json_loads": lambda: json.loads(tagger.tag_json(text)),
        "tag_json": lambda: tagger.tag_json(text),
        "explain": lambda: tagger.explain(text),
        "tag_many": lambda: tagger.tag_many([text], threads=1),
    }[args.call]
    start, cpu = time.perf_counter(), time.process_time()
    result = call()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    start = time.perf_counter()
    later = [[]]  # a new container: the collection owed, if any, runs now
    then = time.perf_counter() - start
    del later
    after = peak_mib()
    if args.call in ("tag", "json_loads", "tag_many"):
        report = result[0] if args.call == "tag_many" else result
        size = f"{len(report['paragraphs'])} paragraphs, {report['summary']['matches']} matches"
    elif args.call == "explain":
        size = f"{len(result)} candidates"
    else:
        size = f"{len(result)} characters of JSON"
    print(
        f"{args.call}: {len(text):,} characters, {size}; {seconds:.2f} s (CPU {cpu:.2f} s), then {then:.2f} s, "
        f"in all {seconds + then:.2f} s; "
        f"peak RSS {before:.0f} MiB before the call, {after:.0f} MiB after (+{after - before:.0f} MiB); "
        f"tifa {tifa.__version__}, load {os.getloadavg()[0]:.2f}"
    )
    if args.check and args.call in ("tag", "json_loads", "tag_many"):
        assert report == json.loads(tagger.tag_json(text)), "tag() differs from json.loads(tag_json())"
        print("check: equal to json.loads(tag_json(text))")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the synthetic benchmark inputs into target/bench-input/ (python3, standard library only).

The four sample reports in tests/fixtures/corpus/ are small (about 78 KB together). Larger inputs are
built from their paragraphs (every non-blank line is one paragraph): in each round the whole pool of
paragraphs is shuffled with a fixed-seed generator (SplitMix64 + Fisher-Yates) and appended, paragraphs
separated by a blank line, until the wanted size is reached. The output is deterministic, and
byte-identical to the text that bench/tag.rs builds in memory for its 1 MB and 10 MB benchmarks.

Files written:

  report-1mb.txt        ~1 MB synthetic report      (seed 1)
  report-10mb.txt       ~10 MB synthetic report     (seed 10)
  records-1000.jsonl    1 000 records {"id", "text"} for `tifa tag --jsonl`
  records-10000.jsonl   10 000 records, same recipe (the first 1 000 equal records-1000.jsonl)

Each jsonl record holds RECORD_PARAGRAPHS consecutive paragraphs of one endless shuffled stream
(seed 7), so that records differ from one another.

Usage: python3 bench/make-input.py [--out DIR]
"""

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "fixtures", "corpus")
SAMPLES = [
    "baoan-xinqiao-2024h1.txt",
    "panyu-shawan-2023.txt",
    "panyu-shiqiao-2023.txt",
    "zhongshan-nanqu-2022.txt",
]
MASK = (1 << 64) - 1
RECORD_PARAGRAPHS = 8


class SplitMix64:
    """The SplitMix64 generator; bench/tag.rs has the same one."""

    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def paragraphs():
    """Every non-blank line of the four samples (trimmed), in file order."""
    out = []
    for name in SAMPLES:
        with open(os.path.join(CORPUS, name), encoding="utf-8") as f:
            for line in f.read().split("\n"):
                line = line.strip()
                if line:
                    out.append(line)
    return out


def shuffled_rounds(pool, seed):
    """Yields paragraphs forever: the pool shuffled anew in every round."""
    rng = SplitMix64(seed)
    while True:
        order = list(pool)
        for i in range(len(order) - 1, 0, -1):
            j = rng.next() % (i + 1)
            order[i], order[j] = order[j], order[i]
        yield from order


def synthetic(pool, target_bytes, seed):
    """Whole paragraphs, each followed by a blank line, until at least `target_bytes` UTF-8 bytes."""
    parts = []
    size = 0
    for p in shuffled_rounds(pool, seed):
        if size >= target_bytes:
            break
        piece = p + "\n\n"
        parts.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(parts)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default=os.path.join(ROOT, "target", "bench-input"))
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    pool = paragraphs()

    for name, size, seed in [("report-1mb.txt", 1 << 20, 1), ("report-10mb.txt", 10 << 20, 10)]:
        text = synthetic(pool, size, seed)
        path = os.path.join(args.out, name)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print(f"{path}: {len(text.encode('utf-8'))} bytes", file=sys.stderr)

    for count in (1000, 10000):
        stream = shuffled_rounds(pool, 7)
        path = os.path.join(args.out, f"records-{count}.jsonl")
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            for i in range(count):
                text = "\n".join(next(stream) for _ in range(RECORD_PARAGRAPHS))
                f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False))
                f.write("\n")
        print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()

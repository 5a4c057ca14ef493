#!/usr/bin/env python3
"""Writes large benchmark inputs made from the four sample reports (python3, standard library only).

Every input is made from the paragraphs of tests/fixtures/corpus/ (every non-blank line, trimmed),
shuffled with a fixed-seed generator (SplitMix64 + Fisher-Yates, the same as bench/make-input.py) in
rounds until the size is reached. Real reports do not come in 100 MB pieces: these inputs measure
throughput, memory and how the time grows with the size and the shape of the input. The output is
deterministic.

Shapes of one text (`--shape`):

  paragraphs   paragraphs separated by a blank line (the ordinary shape)
  line         the same paragraphs with nothing between them: one single line
  pdf          one paragraph of the same text broken into lines of 30 characters, as a PDF copy
               gives it; no line ends a sentence, so segmentation joins them all into one paragraph
  short        every clause (up to ， 。 ； ！ ？) on a line of its own: many short paragraphs

Batches:

  --jsonl      records {"id": i, "text": ...} of 8 consecutive paragraphs each, one per line, until
               the size is reached (the input of `tifa tag --jsonl`)

Rule sets with many terms (`--terms N`): one theme file `many_terms.toml` with N distinct made-up
terms of 4 to 8 CJK characters (for `tifa check --no-default-rules --rules FILE`: building rules).

Usage:
  python3 bench/make-corpus.py --size 100MB --shape line --out target/bench-input/line-100mb.txt
  python3 bench/make-corpus.py --size 1GB --jsonl --out target/bench-input/records-1gb.jsonl
  python3 bench/make-corpus.py --terms 200000 --out target/bench-input/terms-200k/many_terms.toml
"""

import argparse
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RECORD_PARAGRAPHS = 8
PDF_LINE = 30
SENTENCE_END = "。！？!?；;：:…”’」』\""


def _make_input():
    """bench/make-input.py, whose sample paragraphs and seeded shuffle this script shares."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_input", os.path.join(os.path.dirname(os.path.abspath(__file__)), "make-input.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_shared = _make_input()
SplitMix64 = _shared.SplitMix64
paragraphs = _shared.paragraphs
shuffled_rounds = _shared.shuffled_rounds


def parse_size(s):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([KMG]?B?)", s.strip().upper())
    if not m:
        raise SystemExit(f"bad size {s!r} (e.g. 1MB, 100MB, 1GB)")
    unit = {"": 1, "B": 1, "K": 1 << 10, "KB": 1 << 10, "M": 1 << 20, "MB": 1 << 20, "G": 1 << 30, "GB": 1 << 30}[m.group(2)]
    return int(float(m.group(1)) * unit)


HEADING_START = re.compile(r"^(?:[一二三四五六七八九十百零]+[、．是]|[（(]|第[一二三四五六七八九十]|[0-9０-９]{1,2}[、．.]|[\u2460-\u2473])")


def pdf_lines(stream):
    """The paragraphs of `stream` as one text cut into lines of about PDF_LINE chars. A cut is made
    only where the line does not end a sentence and the next line does not open like a heading, so
    that segmentation joins every line back into one paragraph."""
    line = ""
    for p in stream:
        line += p
        while len(line) > 2 * PDF_LINE:
            cut = PDF_LINE
            while cut < len(line) - PDF_LINE and (line[cut - 1] in SENTENCE_END or HEADING_START.match(line[cut:])):
                cut += 1
            yield line[:cut]
            line = line[cut:]


def pieces(shape, pool, seed):
    """Yields the text piece by piece for one shape."""
    stream = shuffled_rounds(pool, seed)
    if shape == "paragraphs":
        for p in stream:
            yield p + "\n\n"
    elif shape == "line":
        for p in stream:
            yield p
    elif shape == "pdf":
        first = True
        for line in pdf_lines(stream):
            if not first:
                yield "\n"
            first = False
            yield line
    elif shape == "short":
        for p in stream:
            for clause in re.findall(r"[^，。；！？]+[，。；！？]?", p):
                yield clause + "\n"
    else:
        raise SystemExit(f"unknown shape {shape}")


def write_text(out, size, shape, seed):
    written = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        buf = []
        for piece in pieces(shape, paragraphs(), seed):
            if written >= size:
                break
            buf.append(piece)
            written += len(piece.encode("utf-8"))
            if len(buf) >= 4096:
                f.write("".join(buf))
                buf.clear()
        f.write("".join(buf))
    return written


def write_jsonl(out, size, seed):
    stream = shuffled_rounds(paragraphs(), seed)
    written = 0
    i = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        while written < size:
            text = "\n".join(next(stream) for _ in range(RECORD_PARAGRAPHS))
            line = json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            i += 1
    return written


def write_terms(out, n, seed):
    """N distinct made-up terms of 4-8 chars from the common CJK block (no digits: no guards needed)."""
    rng = SplitMix64(seed)
    seen = set()
    terms = []
    while len(terms) < n:
        length = 4 + rng.next() % 5
        t = "".join(chr(0x4E00 + rng.next() % 0x5000) for _ in range(length))
        if t not in seen:
            seen.add(t)
            terms.append(t)
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write('name = "大量术语"\nname-en = "Many terms"\nterms = [\n')
        for t in terms:
            f.write(f'  "{t}",\n')
        f.write("]\n")
    return os.path.getsize(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", default="10MB", help="at least this many bytes (1MB ... 1GB)")
    ap.add_argument("--shape", default="paragraphs", choices=["paragraphs", "line", "pdf", "short"])
    ap.add_argument("--jsonl", action="store_true", help="jsonl records instead of one text")
    ap.add_argument("--terms", type=int, help="write a rule file with this many terms instead")
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    if args.terms:
        n = write_terms(args.out, args.terms, args.seed)
    elif args.jsonl:
        n = write_jsonl(args.out, parse_size(args.size), args.seed)
    else:
        n = write_text(args.out, parse_size(args.size), args.shape, args.seed)
    print(f"{args.out}: {n} bytes", file=sys.stderr)


if __name__ == "__main__":
    main()

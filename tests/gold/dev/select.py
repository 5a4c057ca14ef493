#!/usr/bin/env python3
"""Fixes the dev-train / dev-test split by document and selects the paragraphs to label.

Run once, from the repository root, with the development corpus beside the checkout:

    python3 tests/gold/dev/select.py ../shared/corpus-dev

It writes tests/gold/dev/split.json (which document is in which part) and
tests/gold/dev/unlabelled/<part>.jsonl (id, text; no labels yet). The tests never run it: they read
the files it wrote (and the labels added to them), so a clone without the corpus still has everything.

The split rule (seeded, by document, decided before any label was read):
  * documents fall into three strata: the 2025 provincial reports (021-040), the State Council's
    reports (041-060), and the two Guangdong items (001, 002);
  * within a stratum, documents are ordered by SHA-256 of SEED + file name; every third document of
    that order, starting with the first, is dev-test (7 of 20, 7 of 20, 1 of 2): 15 documents;
  * everything else is dev-train.
The paragraph rule: a paragraph is a non-blank line. A document with at most PER_DOC lines is taken
whole; a longer one contributes two contiguous windows of PER_DOC/2 lines, one starting in its first
half and one in its second half, each start drawn from random.Random(SEED + file name). Headings,
list items and short lines are kept as they come.
"""
import hashlib, json, os, random, sys

SEED = "tifa-dev-split-2026-11-29"
PER_DOC = 26


def stratum(name):
    n = int(name[:3])
    if 21 <= n <= 40:
        return "provincial"
    if 41 <= n <= 60:
        return "national"
    return "guangdong"


def main(corpus):
    names = sorted(f for f in os.listdir(corpus) if f.endswith(".txt"))
    split = {}
    for s in ("provincial", "national", "guangdong"):
        docs = sorted((n for n in names if stratum(n) == s), key=lambda n: hashlib.sha256((SEED + n).encode()).hexdigest())
        for i, n in enumerate(docs):
            split[n] = "test" if i % 3 == 0 else "train"
    out = {"train": [], "test": []}
    for n in names:
        with open(os.path.join(corpus, n), encoding="utf-8") as f:
            lines = [(i + 1, l.strip()) for i, l in enumerate(f.read().split("\n"))]
        lines = [(no, t) for no, t in lines if t]
        if len(lines) <= PER_DOC:
            chosen = lines
        else:
            rng = random.Random(SEED + n)
            half, w = len(lines) // 2, PER_DOC // 2
            a = rng.randrange(0, max(1, half - w + 1))
            b = rng.randrange(half, max(half + 1, len(lines) - w + 1))
            chosen = lines[a:a + w] + lines[b:b + w]
        stem = n[:-4]
        for no, t in chosen:
            out[split[n]].append({"id": f"{stem}:{no:04d}", "text": t})
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "split.json"), "w", encoding="utf-8") as f:
        json.dump({"seed": SEED, "documents": split}, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    os.makedirs(os.path.join(here, "unlabelled"), exist_ok=True)
    for part, recs in out.items():
        with open(os.path.join(here, "unlabelled", f"{part}.jsonl"), "w", encoding="utf-8") as f:
            for r in recs:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        docs = sorted({r["id"].split(":")[0] for r in recs})
        print(f"{part}: {len(docs)} documents, {len(recs)} paragraphs, {sum(len(r['text']) for r in recs)} chars")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus-dev")

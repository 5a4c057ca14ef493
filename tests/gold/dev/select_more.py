#!/usr/bin/env python3
"""Selects the second labelling round of dev-train: every remaining paragraph of the dev-train documents.

Run once, from the repository root, with the development corpus beside the checkout:

    python3 tests/gold/dev/select_more.py ../shared/corpus-dev

It reads split.json and unlabelled/train.jsonl (written by select.py) and writes
unlabelled/train-more.jsonl ({"id", "text"}, no labels): every non-blank line of a dev-train document
that the first round did not select, if it has at least MIN_CHARS characters. The shorter lines are
各位代表：, 来源：…日报, signatures and the like; the first round already has its share of them.
dev-test documents are never read. The tests never run this script: they read the files it wrote.
"""
import json, os, sys

MIN_CHARS = 8


def main(corpus):
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "split.json"), encoding="utf-8") as f:
        split = json.load(f)["documents"]
    with open(os.path.join(here, "unlabelled", "train.jsonl"), encoding="utf-8") as f:
        first = {json.loads(l)["id"] for l in f if l.strip()}
    out = []
    for n in sorted(split):
        if split[n] != "train":
            continue
        with open(os.path.join(corpus, n), encoding="utf-8") as f:
            for i, line in enumerate(f.read().split("\n")):
                t, rid = line.strip(), f"{n[:-4]}:{i + 1:04d}"
                if len(t) >= MIN_CHARS and rid not in first:
                    out.append({"id": rid, "text": t})
    with open(os.path.join(here, "unlabelled", "train-more.jsonl"), "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    docs = {r["id"].split(":")[0] for r in out}
    print(f"train-more: {len(docs)} documents, {len(out)} paragraphs, {sum(len(r['text']) for r in out)} chars")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpus-dev")

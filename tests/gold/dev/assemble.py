#!/usr/bin/env python3
"""Builds the dev gold files from the two readings and the adjudication.

    python3 tests/gold/dev/assemble.py

First round: reads tests/gold/dev/readings/{reader-a,reader-b,adjudication}.jsonl and the selected
paragraphs (tests/gold/dev/unlabelled/{train,test}.jsonl, written by select.py) and writes
tests/gold/dev/train.jsonl and test.jsonl. Second round: reads tests/gold/dev/readings/more/ and
unlabelled/train-more.jsonl (written by select_more.py) and writes train-more.jsonl. Each record is
{"id", "text", "themes"}, where themes are the labels both readers gave plus the disputed labels the
adjudicator upheld, and then the labelling conventions of tests/gold/conventions/ applied on top
(revise.py there). tests/default_rules.rs checks that the gold files are exactly that.
"""
import json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(here), "conventions"))
from revise import revise  # noqa: E402


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


ROUNDS = (
    (os.path.join(here, "readings"), ("train", "test")),
    (os.path.join(here, "readings", "more"), ("train-more",)),
)
for readings, parts in ROUNDS:
    a = {r["id"]: set(r["themes"]) for r in jsonl(os.path.join(readings, "reader-a.jsonl"))}
    b = {r["id"]: set(r["themes"]) for r in jsonl(os.path.join(readings, "reader-b.jsonl"))}
    decided = {(r["id"], r["theme"]): r["applies"] for r in jsonl(os.path.join(readings, "adjudication.jsonl"))}
    for part in parts:
        out = []
        for r in jsonl(os.path.join(here, "unlabelled", f"{part}.jsonl")):
            ra, rb = a[r["id"]], b[r["id"]]
            themes = (ra & rb) | {t for t in ra ^ rb if decided[(r["id"], t)]}
            out.append({"id": r["id"], "text": r["text"], "themes": sorted(themes)})
        out = revise(out)
        with open(os.path.join(here, f"{part}.jsonl"), "w", encoding="utf-8") as f:
            for r in out:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(part, len(out), "records,", sum(len(r["themes"]) for r in out), "labels")

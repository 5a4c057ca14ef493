#!/usr/bin/env python3
"""Scores the two extra blind readings of dev-test against the dev-test gold, as `tifa eval` scores the rules.

    python3 tests/gold/dev/readings/ceiling/score.py

The readings (reader-1.jsonl: each paragraph as a whole; reader-2.jsonl: clause by clause) were made
after the gold, by two more readers who saw only themes.md and the paragraph texts: not the gold, the
other readings, the rules or the tagger. They are not part of the gold. They say how far a careful human
reader gets against this gold: the ceiling the rules' dev-test figures should be read against.
"""
import json, os

here = os.path.dirname(os.path.abspath(__file__))


def labels(path):
    with open(path, encoding="utf-8") as f:
        return {r["id"]: set(r["themes"]) for r in map(json.loads, filter(str.strip, f))}


gold = labels(os.path.join(here, "..", "..", "test.jsonl"))
for name in ("reader-1", "reader-2"):
    got = labels(os.path.join(here, f"{name}.jsonl"))
    assert got.keys() == gold.keys(), f"{name}: not the dev-test paragraphs"
    tp = sum(len(got[i] & gold[i]) for i in gold)
    p, r = tp / sum(map(len, got.values())), tp / sum(map(len, gold.values()))
    print(f"{name}: micro P {p:.3f} R {r:.3f} F1 {2 * p * r / (p + r):.3f} against the dev-test gold")

#!/usr/bin/env python3
"""Checks that each round of the labelling conventions re-decided exactly what pick.py selects.

    python3 tests/gold/conventions/check.py

The readers of a round judge the (paragraph, theme) pairs that pick.py selects by phrase, and no others:
a label of a gold file can only change through the phrase selection, never because someone added a
pair by hand. tests/default_rules.rs checks the rest of the bookkeeping (every gold file is its
readings with both revisions applied, the adjudications are exactly the disputes).
"""
import json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from pick import ROUNDS, folder, items  # noqa: E402

failed = False
for n in ROUNDS:
    selected = {(i["id"], t) for i in items(n) for t in i["judge"]}
    for reader in ("reader-a.jsonl", "reader-b.jsonl"):
        with open(os.path.join(folder(n), reader), encoding="utf-8") as f:
            judged = [(r["id"], r["theme"]) for r in map(json.loads, f)]
        extra, missing = set(judged) - selected, selected - set(judged)
        if len(judged) != len(set(judged)) or extra or missing:
            failed = True
            print(f"round {n}, {reader}: {len(extra)} pairs not selected, {len(missing)} selected pairs not judged, "
                  f"{len(judged) - len(set(judged))} judged twice", file=sys.stderr)
            for pair in sorted(extra)[:5] + sorted(missing)[:5]:
                print("  ", *pair, file=sys.stderr)
    print(f"round {n}: {len(selected)} pairs" + ("" if failed else ", as selected"))
sys.exit(1 if failed else 0)

#!/usr/bin/env python3
"""Applies the labelling conventions (conventions.md) to every gold file, in place.

    python3 tests/gold/conventions/revise.py

For each (paragraph, theme) that pick.py selected, the label becomes what both readers of this
revision gave (reader-a.jsonl, reader-b.jsonl), or, where they disagree, what the adjudicator decided
(adjudication.jsonl); every other label stays as the original readings gave it. The later rounds'
decisions (2/ to 6/, in order) are applied after the first's and win where both decided a pair. Running it twice
changes nothing. tests/gold/dev/assemble.py applies it after building the dev files, and
tests/default_rules.rs checks that every gold file is exactly its readings with this revision applied.
"""
import json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from pick import FILES_2, ROUNDS, folder  # noqa: E402


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def round_decisions(folder):
    """(id, theme) → label of one round, from its two readings and the adjudication of their disputes."""
    a = {(r["id"], r["theme"]): r["label"] for r in jsonl(os.path.join(folder, "reader-a.jsonl"))}
    b = {(r["id"], r["theme"]): r["label"] for r in jsonl(os.path.join(folder, "reader-b.jsonl"))}
    adj = {(r["id"], r["theme"]): r["applies"] for r in jsonl(os.path.join(folder, "adjudication.jsonl"))}
    assert a.keys() == b.keys(), "the two readings cover different pairs"
    out = {}
    for k in a:
        out[k] = a[k] if a[k] == b[k] else adj[k]
    assert set(adj) == {k for k in a if a[k] != b[k]}, "adjudications for pairs the readers agree on"
    return out


def decisions():
    """(id, theme) → label: the first round's decisions, then each later round's (2/ to 6/) on top, in order."""
    out = {}
    for n in ROUNDS:
        out.update(round_decisions(folder(n)))
    return out


def revise(records, decided=None):
    """Returns the records with the revision applied (themes sorted)."""
    decided = decisions() if decided is None else decided
    by_id = {}
    for (i, t), label in decided.items():
        by_id.setdefault(i, []).append((t, label))
    out = []
    for r in records:
        themes = set(r["themes"])
        for t, label in by_id.get(r["id"], ()):
            (themes.add if label else themes.discard)(t)
        out.append({"id": r["id"], "text": r["text"], "themes": sorted(themes)})
    return out


if __name__ == "__main__":
    decided = decisions()
    for path in FILES_2:
        records = jsonl(path)
        revised = revise(records, decided)
        changed = sum(a["themes"] != b["themes"] for a, b in zip(records, revised))
        with open(path, "w", encoding="utf-8") as f:
            for r in revised:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(os.path.relpath(path, os.path.dirname(here)), len(records), "records,", changed, "revised")

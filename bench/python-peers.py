#!/usr/bin/env python3
"""The Python rows of the peer table (bench/run.sh): pyahocorasick `iter_long` (leftmost-longest, what
a Python analyst uses) and, optionally, flashtext `extract_keywords`. One JSON row per tool.

Usage: python bench/python-peers.py TEXT TERMS RUNS TOOL   (TOOL: pyahocorasick or flashtext)
"""

import json
import sys
import time

text_file, terms_file, runs, tool = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(text_file, encoding="utf-8") as f:
    text = f.read()
with open(terms_file, encoding="utf-8") as f:
    terms = [t for t in f.read().split("\n") if t]

t0 = time.perf_counter()
if tool == "pyahocorasick":
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for t in terms:
        automaton.add_word(t, t)
    automaton.make_automaton()

    def count():
        return sum(1 for _ in automaton.iter_long(text))
else:
    from flashtext import KeywordProcessor

    kp = KeywordProcessor()
    for t in terms:
        kp.add_keyword(t)

    def count():
        return len(kp.extract_keywords(text))
build = time.perf_counter() - t0

times = []
matches = 0
for run in range(runs + 1):
    t = time.perf_counter()
    matches = count()
    if run > 0:
        times.append(time.perf_counter() - t)
print(json.dumps({"tool": tool, "build_s": build, "runs_s": times, "matches": matches}))

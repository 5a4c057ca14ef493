#!/usr/bin/env python3
"""Runs every peer of bench/run.sh on one text and prints the table (called by run.sh).

The terms every peer searches ("plain terms"): the active terms of the default rules (`tifa terms`)
that nothing but the automaton decides about — no guard, exclusion or digit end, not whole-word, not
a proximity term — written in Chinese characters only (so folding cannot change them), without the
few that the samples show only across a quotation mark or a line break (三线整治 in “三线”整治: tifa
folds those and finds them where the peers cannot) and those that stand on lines of page furniture
(穗好办, 无障碍: tifa does not tag boilerplate, the peers search every line). With these terms tifa's one-theme tagger and every
peer must find the same number of leftmost-longest matches; the table says whether they do.

Usage: python bench/table.py TEXT RUNS
"""

import glob
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIFA = os.path.join(ROOT, "target", "release", "tifa")
PEERS = os.path.join(ROOT, "target", "release", "examples", "peers")
HAN = re.compile(r"^[\u3400-\u9fff]+$")
FLASHTEXT_BUDGET_S = 300
# Node's RegExp alternation of 5,000+ terms runs at about 1 MB/s here: over a whole 100 MB text its four
# runs took most of the table's 20 minutes. Above this size it is timed on the text's first lines up to
# it, and its count checked against tifa's on that same slice.
NODE_SLICE_BYTES = 10_000_000


def plain_terms(workdir):
    rows = subprocess.run([TIFA, "terms"], capture_output=True, text=True, check=True).stdout.splitlines()[1:]
    terms = sorted({r.split("\t")[2] for r in rows if r.split("\t")[4] == "-" and HAN.match(r.split("\t")[2])})
    # drop the terms that tifa finds only through folding in the samples, until none is left
    rules = os.path.join(workdir, "one_theme.toml")
    for _ in range(10):
        with open(rules, "w", encoding="utf-8") as f:
            f.write('name = "一个主题"\nterms = [%s]\n' % ", ".join(json.dumps(t, ensure_ascii=False) for t in terms))
        folded = set()
        for sample in sorted(glob.glob(os.path.join(ROOT, "tests", "fixtures", "corpus", "*.txt"))):
            out = subprocess.run([TIFA, "tag", "--format", "json", "--no-default-rules", "--rules", rules, sample], capture_output=True, text=True, check=True).stdout
            raw = open(sample, "rb").read()
            for p in json.loads(out)["paragraphs"]:
                folded |= {m["term"] for m in p["matches"] if m["text"] != m["term"]}
                # tifa never tags page furniture (穗好办 and 无障碍 on lines of it): the peers do
                if p["kind"] == "boilerplate":
                    line = raw[p["byte_start"]:p["byte_end"]].decode("utf-8")
                    folded |= {t for t in terms if t in line}
        if not folded:
            return terms
        terms = [t for t in terms if t not in folded]
    raise SystemExit("could not settle the plain terms")


def run(cmd, timeout=None):
    rows = []
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=timeout).stdout
    except subprocess.TimeoutExpired:
        print(f"table.py: {cmd[0]} {cmd[-1]} took more than {timeout} s: left out", file=sys.stderr)
        return rows
    except (subprocess.CalledProcessError, FileNotFoundError) as e:
        print(f"table.py: {' '.join(cmd)} failed: {e}", file=sys.stderr)
        return rows
    for line in out.splitlines():
        if line.startswith("{"):
            rows.append(json.loads(line))
    return rows


def node_row(text, size, terms_file, runs, workdir):
    """The Node RegExp row: on the whole text up to NODE_SLICE_BYTES, above it on the text's first lines
    up to that size, with the count tifa's one-theme tagger finds on the same slice to check it by."""
    node = ["node", os.path.join(ROOT, "bench", "regexp-peer.mjs")]
    if size <= NODE_SLICE_BYTES:
        return run(node + [text, terms_file, runs])
    with open(text, "rb") as f:
        head = f.read(NODE_SLICE_BYTES)
    head = head[: head.rindex(b"\n") + 1]
    part = os.path.join(workdir, "slice.txt")
    with open(part, "wb") as f:
        f.write(head)
    want = [r["matches"] for r in run([PEERS, part, terms_file, "1", "tifa-one-theme"])]
    rows = run(node + [part, terms_file, runs])
    for r in rows:
        r["bytes"] = len(head)
        r["want"] = want[0] if want else None
    return rows


def main():
    text, runs = sys.argv[1], sys.argv[2]
    size = os.path.getsize(text)
    workdir = tempfile.mkdtemp(prefix="tifa-peers-")
    terms = plain_terms(workdir)
    terms_file = os.path.join(workdir, "terms.txt")
    with open(terms_file, "w", encoding="utf-8") as f:
        f.write("\n".join(terms) + "\n")
    patterns = subprocess.run([TIFA, "terms", "--patterns"], capture_output=True, text=True, check=True).stdout.splitlines()
    print(f"text: {text} ({size:,} bytes, made from the four sample reports); {len(terms)} plain terms; "
          f"default rules: {len(patterns)} automaton patterns; load before: {os.getloadavg()[0]:.2f}", flush=True)

    rows = run([PEERS, text, terms_file, runs])
    rows += node_row(text, size, terms_file, runs, workdir)
    rows += run([sys.executable, os.path.join(ROOT, "bench", "python-peers.py"), text, terms_file, runs, "pyahocorasick"])
    rows += run([sys.executable, os.path.join(ROOT, "bench", "python-peers.py"), text, terms_file, "1", "flashtext"], timeout=FLASHTEXT_BUDGET_S)

    by = {r["tool"]: r for r in rows}
    for r in rows:
        r["median"] = statistics.median(r["runs_s"])
        r["mbs"] = r.get("bytes", size) / 1e6 / r["median"]
    names = {
        "ac-dfa": ("aho-corasick find_iter, DFA forced (the limit)", "plain"),
        "ac-default": ("aho-corasick find_iter, default kind", "plain"),
        "tifa-one-theme": ("tifa Tagger::tag, one theme of the plain terms", "plain"),
        "node-regexp": ("Node RegExp alternation", "plain"),
        "pyahocorasick": ("pyahocorasick iter_long", "plain"),
        "flashtext": ("flashtext extract_keywords (1 run)", "plain"),
        "ac-dfa-patterns": ("aho-corasick find_iter, DFA, the default tagger's patterns", "default"),
        "tifa-default": ("tifa Tagger::tag, default rules", "default"),
    }
    base = {"plain": by.get("ac-dfa"), "default": by.get("ac-dfa-patterns")}
    want = by.get("tifa-one-theme", {}).get("matches")
    print(f"\n| what | terms | build | median run | MB/s | × DFA | matches |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for tool, (label, group) in names.items():
        r = by.get(tool)
        if not r:
            continue
        ratio = r["mbs"] / base[group]["mbs"] if base[group] else float("nan")
        same = ""
        if group == "plain":
            same = " ✓" if r["matches"] == r.get("want", want) else " ✗ (differs)"
        if "bytes" in r:
            found = f"tifa finds {r['want']:,} there" if r["want"] is not None else "tifa's count there not found"
            label += f" (the first {r['bytes'] / 1e6:.1f} MB; {found})"
        terms_label = f"{len(terms)} plain" if group == "plain" else f"default ({len(patterns)} patterns)"
        print(f"| {label} | {terms_label} | {r['build_s'] * 1000:.1f} ms | {r['median']:.3f} s | {r['mbs']:.1f} | {ratio:.2f} | {r['matches']:,}{same} |")
    print(f"\nload after: {os.getloadavg()[0]:.2f}")
    if any(by[t]["matches"] != by[t].get("want", want) for t in by if names.get(t, ("", ""))[1] == "plain" and t != "flashtext"):
        sys.exit("table.py: the peers do not find the same number of matches")


if __name__ == "__main__":
    main()

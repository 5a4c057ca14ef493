"""Join a probe's writings, readings and adjudication (see README.md in this folder).

The gold is built as tests/gold/dev/assemble.py builds dev's: the labels both readers gave, the disputed ones the
adjudicator upheld, then the labelling conventions' revision (tests/gold/conventions/revise.py) on top, which is what
tests/default_rules.rs checks. (The readers of probes 78 on had the conventions, so the revision decides none of their
pairs; it is applied so that the rule has one definition.)
"""
import json, os, random, shutil, sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "conventions"))
from revise import jsonl as lines, revise  # noqa: E402

def shuffle(n, ids):
    rows = []
    for w in ids:
        got = lines(f"/tmp/p{n}/writer-{w}.jsonl")
        assert len(got) == 100, (w, len(got))
        assert len({r["id"] for r in got}) == 100 and all(r["id"].startswith(w + "-") for r in got), w
        for r in got:
            assert isinstance(r["year"], int) and r["text"].strip() and "\n" not in r["text"], r
            r["text"] = r["text"].strip()
        rows += got
    random.Random(n).shuffle(rows)
    with open(f"/tmp/p{n}/texts.jsonl", "w", encoding="utf-8") as t, open(f"/tmp/p{n}/about.jsonl", "w", encoding="utf-8") as a:
        for r in rows:
            t.write(json.dumps({"id": r["id"], "text": r["text"]}, ensure_ascii=False) + "\n")
            a.write(json.dumps({k: r[k] for k in ("id", "level", "region", "year", "kind", "office")}, ensure_ascii=False) + "\n")
    print(len(rows), "paragraphs")

def readings(n):
    texts = lines(f"/tmp/p{n}/texts.jsonl")
    themes = {l.split("`")[1] for l in open(f"/tmp/p{n}/standard/themes.md", encoding="utf-8") if l.startswith("| `")}
    a = {r["id"]: set(r["themes"]) for r in lines(f"/tmp/p{n}/reader-a.jsonl")}
    b = {r["id"]: set(r["themes"]) for r in lines(f"/tmp/p{n}/reader-b.jsonl")}
    ids = {t["id"] for t in texts}
    assert set(a) == set(b) == ids and len(themes) == 24
    assert all(v <= themes for v in list(a.values()) + list(b.values()))
    return texts, a, b

def agree(n):
    texts, a, b = readings(n)
    na, nb = sum(map(len, a.values())), sum(map(len, b.values()))
    both = sum(len(a[t["id"]] & b[t["id"]]) for t in texts)
    print(f"agreement F1 {2 * both / (na + nb):.3f}: {na} and {nb} labels, {both} in common")
    with open(f"/tmp/p{n}/disputes.jsonl", "w", encoding="utf-8") as f:
        for t in texts:
            for th in sorted(a[t["id"]] ^ b[t["id"]]):
                f.write(json.dumps({"id": t["id"], "theme": th, "text": t["text"]}, ensure_ascii=False) + "\n")

def assemble(n, out):
    texts, a, b = readings(n)
    adj = {}
    for v in lines(f"/tmp/p{n}/adjudication.jsonl"):
        assert (v["id"], v["theme"]) not in adj and isinstance(v["applies"], bool)
        adj[(v["id"], v["theme"])] = v
    os.makedirs(out, exist_ok=True)
    used = upheld = 0
    files = {k: open(f"{out}/{k}.jsonl", "w", encoding="utf-8") for k in ("reader-a", "reader-b", "adjudication")}
    gold = []
    for t in texts:
        i = t["id"]
        want = a[i] & b[i]
        for th in sorted(a[i] ^ b[i]):
            v = adj[(i, th)]
            used += 1
            upheld += v["applies"]
            if v["applies"]:
                want.add(th)
            files["adjudication"].write(json.dumps({"id": i, "theme": th, "applies": v["applies"], "why": v["why"]}, ensure_ascii=False) + "\n")
        gold.append({"id": i, "text": t["text"], "themes": sorted(want)})
        files["reader-a"].write(json.dumps({"id": i, "themes": sorted(a[i])}, ensure_ascii=False) + "\n")
        files["reader-b"].write(json.dumps({"id": i, "themes": sorted(b[i])}, ensure_ascii=False) + "\n")
    for f in files.values():
        f.close()
    assert used == len(adj), "an adjudication decides no dispute"
    with open(f"{out}/probe.jsonl", "w", encoding="utf-8") as f:
        for r in revise(gold):
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    shutil.copy(f"/tmp/p{n}/about.jsonl", f"{out}/about.jsonl")
    print("upheld", upheld, "dropped", used - upheld)

if __name__ == "__main__":
    cmd, n = sys.argv[1], int(sys.argv[2])
    if cmd == "shuffle":
        shuffle(n, sys.argv[3:])
    elif cmd == "agree":
        agree(n)
    elif cmd == "assemble":
        assemble(n, sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", str(n)))
    else:
        sys.exit("usage: probe.py shuffle N ID... | agree N | assemble N [OUT]")

"""The Python package gives exactly what the command gives: the same JSON, rules, checks and explanations."""

from __future__ import annotations

import importlib.metadata
import json
import re

import pytest

import tifa
from conftest import ROOT, SAMPLES, cli_jsonl, read_text, run_tifa, without_encoding


def test_four_samples() -> None:
    assert [p.name for p in SAMPLES] == [
        "baoan-xinqiao-2024h1.txt",
        "panyu-shawan-2023.txt",
        "panyu-shiqiao-2023.txt",
        "zhongshan-nanqu-2022.txt",
    ]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_tag_is_the_cli_json(tagger: tifa.Tagger, sample) -> None:
    cli = run_tifa("tag", "--format", "json", str(sample.relative_to(ROOT))).stdout.decode()
    text = read_text(sample)
    report = tagger.tag(text)
    # the command's JSON is the report with the file's encoding first
    parsed = json.loads(cli)
    assert list(parsed)[0] == "encoding" and parsed.pop("encoding") == "utf8"
    assert report == parsed
    # the same keys in the same order, at every level that has fixed fields
    assert list(report) == ["tifa", "rules", "paragraphs", "summary"]
    assert list(report["summary"]["themes"]) == list(parsed["summary"]["themes"])
    # and the JSON text itself, byte for byte
    assert without_encoding(cli, "utf8") == tagger.tag_json(text, pretty=True) + "\n"
    assert json.loads(tagger.tag_json(text)) == report
    assert report["summary"]["tagged_paragraphs"] > 10


def test_jsonl_records_equal_tag(tagger: tifa.Tagger, paragraphs: list[str]) -> None:
    records = [{"id": i, "text": "\n\n".join(paragraphs[i * 5 : i * 5 + 5])} for i in range(40)]
    records += [{"id": "empty", "text": ""}, {"id": "blank", "text": " \n\n\t"}, {"id": None, "text": read_text(SAMPLES[0])}]
    cli = cli_jsonl(records)
    assert len(cli) == len(records)
    for record, line in zip(records, cli):
        assert line == {"id": record["id"], **tagger.tag(record["text"])}


def test_version_is_the_crates(tagger: tifa.Tagger) -> None:
    cargo = re.search(r'^version = "([^"]+)"', (ROOT / "Cargo.toml").read_text(encoding="utf-8"), re.M).group(1)
    assert tifa.__version__ == cargo
    assert importlib.metadata.version("tifa") == cargo
    assert tagger.tag("")["tifa"] == cargo
    assert tagger.info()["version"] == cargo


def test_info_matches_tifa_themes(tagger: tifa.Tagger) -> None:
    lines = run_tifa("themes").stdout.decode().splitlines()
    info = tagger.info()
    listed = [(line.split()[0], int(line.split()[1])) for line in lines[:-1]]
    assert [(t["id"], t["terms"]) for t in info["themes"]] == listed
    assert lines[-1] == f"{len(info['themes'])} themes, {info['terms']} terms, rules {info['name']} {info['hash']}"
    assert tagger.theme_ids == [t["id"] for t in info["themes"]]
    assert info["name"] == "default" and info["examples"] > 100
    report_rules = tagger.tag("河长制")["rules"]
    assert (report_rules["hash"], report_rules["terms"], report_rules["themes"]) == (info["hash"], info["terms"], len(info["themes"]))
    assert repr(tagger).startswith("<tifa.Tagger rules=default themes=")


def test_check_passes_on_the_defaults(tagger: tifa.Tagger) -> None:
    assert tagger.check() == []
    out = run_tifa("check").stdout.decode()
    assert f"examples: {tagger.info()['examples']} passed, 0 failed" in out


def test_check_reports_failing_examples_as_the_cli() -> None:
    path = "tests/golden/errors/failing_examples.toml"
    tagger = tifa.Tagger([ROOT / path], defaults=False)
    failures = tagger.check()
    done = run_tifa("check", "--no-default-rules", path, check=False)
    assert done.returncode == 1
    # each failure is rendered like a rule error: a head line, ` --> file:line:column`, the source line
    # and a caret; blocks are separated by a blank line, the summary line comes last
    blocks = [b.splitlines() for b in done.stdout.decode().rsplit("\n\n", 1)[0].split("\n\n")]
    assert len(failures) == len(blocks) == 3
    for f, block in zip(failures, blocks):
        kind = "example" if f["positive"] else "counter-example"
        assert block[0] == f"failed: {kind} of `{f['theme']}`: {f['message']}"
        assert block[1] == f" --> {path}:{f['line']}:{f['column']}"
        assert f["file"].endswith("failing_examples.toml")
    assert {f["positive"] for f in failures} == {True, False}


def test_custom_rules_equal_cli_rules(tmp_path) -> None:
    rule = tmp_path / "night_economy.toml"
    rule.write_text('name = "夜间经济"\nterms = ["夜间经济", "夜市"]\nexamples = ["打造{{夜间经济}}集聚区。"]\n', encoding="utf-8")
    text = "打造夜间经济集聚区，全面推行河长制。\n\n夜市经营有序。"
    cases = [
        (tifa.Tagger([str(rule)]), ["--rules", str(rule)]),
        (tifa.Tagger([str(tmp_path)], defaults=False), ["--rules", str(tmp_path), "--no-default-rules"]),
    ]
    for tagger, args in cases:
        cli = json.loads(run_tifa("tag", "--format", "json", *args, stdin=text.encode()).stdout)
        assert cli.pop("encoding") == "utf8"
        assert tagger.tag(text) == cli
    assert "night_economy" in tifa.Tagger(rule).themes([text])[0]
    # a single path, a PathLike, and the file given as text: the same rules (the hash includes the name)
    assert tifa.Tagger(rule).info() == tifa.Tagger([str(rule)]).info()
    assert tifa.Tagger(sources={str(rule): rule.read_text(encoding="utf-8")}).info() == tifa.Tagger(rule).info()
    assert tifa.Tagger(rule).info()["name"] == "default+custom"
    assert tifa.Tagger(tmp_path, defaults=False).info()["name"] == "custom"


def test_explain_is_the_cli_candidates(tagger: tifa.Tagger) -> None:
    text = "全年共完成1310宗。\n\n认真对照省委“1310”具体部署，全面推行河長制。"
    cli = json.loads(run_tifa("explain", "--json", text).stdout)
    assert tagger.explain(text) == cli["candidates"]
    rejected = [c for c in tagger.explain(text) if c["rejected"]]
    assert rejected[0]["term"] == "1310" and rejected[0]["rejected"][0][1] == {
        "reason": "guard-not-met",
        "detail": [{"guard": "quoted"}, {"guard": "near", "words": ["省委", "具体部署", "部署"], "window": 8}],
    }


def same_objects(got, want, path: str = "$") -> None:
    """`got` is `want` as `json.loads` gives it: the same types (a list, not a tuple; a float, not an
    int), the same keys in the same order, the same values, at every level."""
    assert type(got) is type(want), f"{path}: {type(got).__name__}, not {type(want).__name__}"
    if isinstance(want, dict):
        assert list(got) == list(want), f"{path}: keys {list(got)}, not {list(want)}"
        for key in want:
            same_objects(got[key], want[key], f"{path}.{key}")
    elif isinstance(want, list):
        assert len(got) == len(want), f"{path}: {len(got)} items, not {len(want)}"
        for i, (g, w) in enumerate(zip(got, want)):
            same_objects(g, w, f"{path}[{i}]")
    else:
        assert got == want, f"{path}: {got!r}, not {want!r}"


# 𠮷 (U+20BB7) lies beyond the BMP: 1 code point, 4 UTF-8 bytes, 2 UTF-16 units. The second paragraph
# has two themes; the third has several, and terms that two themes count (公共安全, 银发经济).
BEYOND_BMP = (
    "𠮷𠮷 一、认真对照省委“1310”具体部署\n\n"
    "𠮷认真对照省委“1310”具体部署，全面推行河長制。😀\n\n"
    "𠮷坚持党建引领基层治理，狠抓公共安全，大力发展银发经济，深化“五社联动”，推进瓶改管，建设𠮷碧道。"
)


def test_tag_is_json_loads_of_the_json(tagger: tifa.Tagger) -> None:
    """`tag()` builds its dict directly (no JSON text in between): it is still exactly `json.loads` of
    the command's JSON and of `tag_json`, scores included (an `f32` score is the float of its JSON
    text, `0.3`, not the `f64` widening `0.30000001192092896`), for text beyond the BMP."""
    import struct

    cli = json.loads(run_tifa("tag", "--format", "json", stdin=BEYOND_BMP.encode()).stdout)
    assert cli.pop("encoding") == "utf8"  # the input's, which a str has not
    report = tagger.tag(BEYOND_BMP)
    same_objects(report, cli)
    same_objects(report, json.loads(tagger.tag_json(BEYOND_BMP)))
    same_objects(tagger.tag_many([BEYOND_BMP, ""], threads=2), [cli, json.loads(tagger.tag_json(""))])
    paragraphs = report["paragraphs"]
    assert [len(p["themes"]) >= 2 for p in paragraphs] == [False, True, True], [p["themes"] for p in paragraphs]
    assert [m["themes"] for m in paragraphs[2]["matches"] if m["term"] in ("公共安全", "银发经济")] == [
        ["public_security", "safety_emergency"],
        ["economy_industry", "social_services"],
    ]
    assert any(m["start"] != m["byte_start"] != m["utf16_start"] for p in paragraphs for m in p["matches"])
    # the scores of the samples too, and at least one of them is not an f32 read as an f64 (else this
    # test could not tell the JSON's float from the f32's widening)
    scores = [t["score"] for p in paragraphs for t in p["themes"]]
    for sample in SAMPLES:
        text = read_text(sample)
        same_objects(tagger.tag(text), json.loads(tagger.tag_json(text)))
        scores += [t["score"] for p in tagger.tag(text)["paragraphs"] for t in p["themes"]]
    assert all(type(s) is float for s in scores)
    assert any(struct.unpack("f", struct.pack("f", s))[0] != s for s in scores)
    # a report's lists and dicts are its own: changing one changes no other report, nor this one's other matches
    first = tagger.tag(BEYOND_BMP)
    first["paragraphs"][1]["matches"][0]["themes"].append("x")
    first["paragraphs"][1]["themes"][0]["terms"].clear()
    assert tagger.tag(BEYOND_BMP) == cli
    assert all("x" not in m["themes"] for p in first["paragraphs"] for m in p["matches"][1:])


def test_explain_is_json_loads_of_the_cli(tagger: tifa.Tagger) -> None:
    """`explain()` builds its list directly too: the command's `candidates`, types and key order
    included (`rejected` holds `[theme, reason]` lists), beyond the BMP."""
    cli = json.loads(run_tifa("explain", "--json", BEYOND_BMP).stdout)["candidates"]
    candidates = tagger.explain(BEYOND_BMP)
    same_objects(candidates, cli)
    assert any(c["rejected"] for c in candidates) and any(c["accepted"] for c in candidates)


def test_the_garbage_collector_is_left_as_it_was(tagger: tifa.Tagger) -> None:
    """`tag`, `tag_many` and `explain` pause Python's garbage collector while they build their objects:
    it runs again afterwards, and stays off when it was off."""
    import gc

    calls = [lambda: tagger.tag(BEYOND_BMP), lambda: tagger.tag_many([BEYOND_BMP] * 3), lambda: tagger.explain(BEYOND_BMP)]
    assert gc.isenabled()
    for call in calls:
        call()
        assert gc.isenabled()
    gc.disable()
    try:
        for call in calls:
            call()
            assert not gc.isenabled()
    finally:
        gc.enable()

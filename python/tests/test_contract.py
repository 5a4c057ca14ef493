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

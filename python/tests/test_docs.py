"""The examples in the package's docstrings run."""

from __future__ import annotations

import doctest

import tifa


def test_docstring_examples() -> None:
    result = doctest.testmod(tifa, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 4
    assert result.failed == 0


def test_readme_pandas_recipe_keeps_ids_and_texts(tmp_path, monkeypatch) -> None:
    """The README's pandas block, run on records whose ids have leading zeros and whose texts are
    digits or missing: ids and texts come through as written (pandas made "0012" the number 12)."""
    import json
    import re

    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "read_json" in b)
    records = [{"id": "0012", "text": "全面推行河长制。"}, {"id": "0013", "text": "2023"}, {"id": "0014", "text": None}]
    (tmp_path / "records.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    scope: dict = {"tagger": tifa.Tagger()}
    exec(block, scope)
    df = scope["df"]
    assert df["id"].tolist() == ["0012", "0013", "0014"]
    assert df["text"].tolist()[:2] == ["全面推行河长制。", "2023"]
    assert df["ecology_environment"].tolist() == [True, False, False]
    assert df["themes"].tolist() == [["ecology_environment"], [], []]


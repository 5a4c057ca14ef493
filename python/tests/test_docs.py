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


def test_readme_folder_recipe(tmp_path, monkeypatch) -> None:
    """The README's folder block: a GBK file and a UTF-8 file with a byte-order mark are read as the
    command reads them, and the CSV has one row per paragraph that is no boilerplate (a page number),
    its cells guarded against Excel formulas as `tifa tag --format csv` guards them."""
    import io
    import re
    import subprocess

    import pandas as pd

    from conftest import ROOT, tifa_bin

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "paragraph_frame" in b)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "gd-2022.txt").write_bytes("一、工作回顾\n\n全面推行河长制。\n".encode("gbk"))
    (tmp_path / "reports" / "zj-2024.txt").write_bytes("\ufeff坚持党建引领基层治理。\n".encode("utf-8"))
    (tmp_path / "reports" / "-hz-2023.txt").write_text("=全面推行河长制。\n\n- 3 -\n\n@碧道 建设\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    tagger = tifa.Tagger()
    scope: dict = {"tagger": tagger, "tifa": tifa}
    exec(block, scope)
    assert scope["counts"].loc["gd-2022.txt", "ecology_environment"] == 1
    csv = pd.read_csv(tmp_path / "paragraphs.csv", encoding="utf-8-sig", keep_default_na=False)
    assert csv["doc"].tolist() == ["'-hz-2023.txt", "'-hz-2023.txt", "gd-2022.txt", "gd-2022.txt", "zj-2024.txt"]
    assert csv["text"].tolist() == ["'=全面推行河长制。", "'@碧道 建设", "一、工作回顾", "全面推行河长制。", "坚持党建引领基层治理。"]
    assert csv["themes"].tolist()[2:] == ["", "ecology_environment", "grassroots_governance;party_building"]
    assert "ecology_environment" in csv["themes"][0]
    # what the command writes for the same folder (the same rules), but for its columns
    command = subprocess.run(
        [tifa_bin(), "tag", "--format", "csv", "--bom", "reports"], capture_output=True, check=True, cwd=tmp_path
    )
    rows = pd.read_csv(io.BytesIO(command.stdout), encoding="utf-8-sig", keep_default_na=False)
    assert rows["text"].tolist() == csv["text"].tolist() and rows["themes"].tolist() == csv["themes"].tolist()


def test_readme_spark_install_names_the_extra() -> None:
    """The README's Spark set-up installs the `spark` extra (pandas below 3, which pyspark supports),
    not a bare pyspark that brings pandas 3 and a warning on every run."""
    import re

    tomllib = __import__("pytest").importorskip("tomllib")
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    spark = readme[readme.index("\n## Spark\n") :]
    spark = spark[: spark.index("\n## ", 1)]
    assert 'pip install ".[spark]"' in spark
    with open(ROOT / "pyproject.toml", "rb") as f:
        extras = tomllib.load(f)["project"]["optional-dependencies"]
    assert {re.split(r"[<>=]", r)[0] for r in extras["spark"]} >= {"pyspark", "pandas", "pyarrow"}
    python = readme[readme.index("\n## Python\n") : readme.index("\n## Spark\n")]
    assert 'pip install ".[pandas]"' in python and "pandas" in extras

"""examples/spark_tag.py on a local Spark (local[2]) gives, record by record, what `tifa tag --jsonl` gives."""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import subprocess
import sys

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import ROOT, SAMPLES, cli_jsonl, read_text, run_tifa

JOB = ROOT / "examples" / "spark_tag.py"


def make_records(paragraphs: list[str], count: int, seed: int) -> list[dict]:
    """Records of 0 to 12 consecutive paragraphs of the samples; some with characters outside the BMP
    and Traditional characters, a few empty or whole reports."""
    rng = random.Random(seed)
    records = []
    for i in range(count):
        n = rng.randint(0, 12)
        start = rng.randrange(len(paragraphs))
        text = "\n\n".join(paragraphs[(start + k) % len(paragraphs)] for k in range(n))
        if i % 17 == 0:
            text = "𠮷📌" + text.replace("长", "長").replace("发", "發")
        if i % 500 == 7:
            text = read_text(SAMPLES[i % len(SAMPLES)])
        records.append({"id": i, "text": text})
    return records


def expected_rows(cli: list[dict]) -> dict:
    """id → (themes, {theme: matches}) from the command's reports."""
    out = {}
    for report in cli:
        themes = report["summary"]["themes"]
        out[report["id"]] = ([t for t, s in themes.items() if s["paragraphs"] > 0], {t: s["matches"] for t, s in themes.items()})
    return out


def spark_run(*args: str) -> subprocess.CompletedProcess:
    """Runs `python ARGS` with Spark on this machine."""
    if shutil.which("java") is None:
        pytest.fail("Spark needs Java 17: run scripts/python-env.sh (installs openjdk-17-jre-headless)")
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1", PYTHONUNBUFFERED="1")
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=900)


def run_job(*args: str) -> str:
    done = spark_run(str(JOB), "--master", "local[2]", *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def check_output(out_dir, records: list[dict], cli: list[dict]) -> None:
    table = pq.read_table(out_dir)
    theme_ids = list(cli[0]["summary"]["themes"])
    assert table.column_names == ["id", "themes"] + [f"matches_{t}" for t in theme_ids] + ["rules_hash", "tifa_version", "error"]
    themes_type = table.schema.field("themes").type
    assert pa.types.is_list(themes_type) and pa.types.is_string(themes_type.value_type)
    rows = table.to_pylist()
    assert len(rows) == len(records)
    expected = expected_rows(cli)
    assert sorted(r["id"] for r in rows) == sorted(expected)
    for row in rows:
        themes, matches = expected[row["id"]]
        assert row["error"] is None, row
        assert row["themes"] == themes, row["id"]
        assert {t: row[f"matches_{t}"] for t in theme_ids} == matches, row["id"]
    assert sum(1 for r in rows if r["themes"]) > len(rows) // 2


def test_spark_job_equals_tifa_jsonl(tmp_path, paragraphs: list[str]) -> None:
    records = make_records(paragraphs, 3000, seed=13)
    source = tmp_path / "records.jsonl"
    source.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    cli = cli_jsonl(records)

    out = tmp_path / "themes.parquet"
    log = run_job("--input", str(source), "--output", str(out), "--batch-size", "250")
    check_output(out, records, cli)

    # one Tagger per Python worker process (two for local[2]), not one per batch or per record
    summary = re.search(r"tagged (\d+) records .*: (\d+) Arrow batches, (\d+) Tagger\(s\) built", log)
    assert summary, log
    records_seen, batches, built = map(int, summary.groups())
    assert records_seen == len(records)
    assert batches >= len(records) // 250
    assert 1 <= built <= 2, log


def test_spark_job_reads_parquet_with_custom_rules(tmp_path, paragraphs: list[str]) -> None:
    records = [{"id": f"r{r['id']:05d}", "text": r["text"]} for r in make_records(paragraphs, 600, seed=31)]
    records[1]["text"] = "打造夜间经济集聚区，全面推行河长制。"
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "night_economy.toml").write_text('name = "夜间经济"\nterms = ["夜间经济", "夜市"]\n', encoding="utf-8")
    source = tmp_path / "records.parquet"
    pq.write_table(pa.table({"text": [r["text"] for r in records], "id": [r["id"] for r in records]}), source)

    out = tmp_path / "themes.parquet"
    run_job("--input", str(source), "--output", str(out), "--rules", str(rules))
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    cli = [json.loads(line) for line in run_tifa("tag", "--jsonl", "--rules", str(rules), stdin=data).stdout.decode().splitlines()]
    assert "night_economy" in cli[0]["summary"]["themes"]
    check_output(out, records, cli)
    row = next(r for r in pq.read_table(out).to_pylist() if r["id"] == "r00001")
    assert {"ecology_environment", "night_economy"} <= set(row["themes"])
    # the rules that made every row, as `tifa themes --rules` names them: the results can be traced
    rules_hash = cli[0]["rules"]["hash"]
    assert set(pq.read_table(out).column("rules_hash").to_pylist()) == {rules_hash}
    # and the tifa that made them (the executors' tifa.__version__; here this Python's own)
    import tifa

    assert set(pq.read_table(out).column("tifa_version").to_pylist()) == {tifa.__version__}


def test_spark_job_numeric_text_column(tmp_path) -> None:
    """A JSON Lines `text` column that Spark reads as numbers: one clear line before the job runs (as
    `tifa tag --jsonl` refuses a number for `text`), not a Java stack trace from a Python worker."""
    source = tmp_path / "numbers.jsonl"
    source.write_text('{"id": 1, "text": 12345}\n{"id": 2, "text": 678}\n', encoding="utf-8")
    done = spark_run(str(JOB), "--master", "local[2]", "--input", str(source), "--output", str(tmp_path / "out"))
    assert done.returncode == 65, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {source}: column text is bigint, not string"], done.stderr
    assert "Traceback" not in done.stderr and "Py4J" not in done.stderr and "Exception" not in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("problem", ["missing", "empty folder"])
def test_spark_job_bad_rules_path(tmp_path, problem: str) -> None:
    """A --rules path that is missing, or a folder without rule files: exit 2 with one line, before
    Spark starts."""
    rules = tmp_path / "rules"
    if problem == "empty folder":
        rules.mkdir()
    source = tmp_path / "records.jsonl"
    source.write_text('{"id": 1, "text": "河长制"}\n', encoding="utf-8")
    done = spark_run(str(JOB), "--master", "local[2]", "--input", str(source), "--output", str(tmp_path / "out"), "--rules", str(rules))
    assert done.returncode == 2, done.stdout + done.stderr
    reason = "no such file or folder" if problem == "missing" else "no rule file (*.toml) in the folder"
    assert done.stderr == f"error: --rules {rules}: {reason}\n"
    assert done.stdout == ""


def test_spark_closure_with_a_tagger(tmp_path) -> None:
    """A Tagger of the driver captured by a function that Spark ships to its Python workers."""
    rules = tmp_path / "night.toml"
    rules.write_text('name = "夜间经济"\nterms = ["夜间经济", "夜市"]\n', encoding="utf-8")
    script = tmp_path / "closure.py"
    script.write_text(
        f"""
import json, os, sys
from pyspark.sql import SparkSession
import tifa
os.environ["PYSPARK_PYTHON"] = sys.executable  # workers with tifa
spark = SparkSession.builder.master("local[2]").getOrCreate()
spark.sparkContext.setLogLevel("ERROR")
tagger = tifa.Tagger({str(rules)!r}, sources={{"more.toml": 'name = "碧道"\\nterms = ["碧道"]\\n'}})
texts = ["打造夜间经济集聚区，全面推行河长制。", "建设碧道。", "", "发展夜市。"] * 5
got = spark.sparkContext.parallelize(texts, 4).map(lambda text: tagger.themes([text])[0]).collect()
print(json.dumps({{"got": got, "want": tagger.themes(texts)}}))
spark.stop()
""",
        encoding="utf-8",
    )
    done = spark_run(str(script))
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["got"] == result["want"]
    assert ["night"] in result["got"] and ["ecology_environment", "more"] in result["got"]


def test_spark_extra_keeps_pandas_below_3() -> None:
    """pyspark warns on every run that it does not support pandas 3: the `spark` extra stays below it."""
    tomllib = pytest.importorskip("tomllib")
    with open(ROOT / "pyproject.toml", "rb") as f:
        extras = tomllib.load(f)["project"]["optional-dependencies"]
    pandas = [r for r in extras["spark"] if r.startswith("pandas")]
    assert pandas == ["pandas>=2.2,<3"]


def invalid_utf8_strings(values: list) -> pa.Array:
    """A string array as some writers leave it: each value's bytes as given (bytes need not be UTF-8;
    Spark reads them without a check)."""
    raw = pa.array([v.encode("utf-8") if isinstance(v, str) else v for v in values], pa.binary())
    return pa.StringArray.from_buffers(len(raw), raw.buffers()[1], raw.buffers()[2], raw.buffers()[0], raw.null_count)


def test_spark_job_goes_on_past_bad_records(tmp_path, paragraphs: list[str]) -> None:
    """A text that is not UTF-8 (GBK bytes in a Parquet string column) or null is a bad record, as for
    `tifa tag --jsonl`: reported (column `error`, a line on standard error, exit 65), and every other
    record is tagged and written, not a job that dies with a stack trace and writes nothing."""
    records = [{"id": f"r{i:03d}", "text": "\n\n".join(paragraphs[i : i + 3])} for i in range(40)]
    texts: list = [r["text"] for r in records]
    texts[7] = "全面推行河长制。".encode("gbk")
    texts[21] = None
    source = tmp_path / "records.parquet"
    provinces = ["广东", "浙江"] * 20
    years = pa.array([2018 + i % 5 for i in range(40)], pa.int16())
    pq.write_table(
        pa.table({"id": [r["id"] for r in records], "province": provinces, "year": years, "text": invalid_utf8_strings(texts)}), source
    )

    out = tmp_path / "themes.parquet"
    done = spark_run(
        str(JOB), "--master", "local[2]", "--input", str(source), "--output", str(out), "--keep", "province", "--keep", "year"
    )
    assert done.returncode == 65, done.stdout + done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    # the job's own lines are findable in a log: no progress bar, no warning about the plan's width
    assert "[Stage" not in done.stderr and "Truncated the string representation" not in done.stderr, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors[0].startswith("error: id 'r007': text is not UTF-8: byte 0xC3 at byte 2"), errors
    assert errors[1] == "error: id 'r021': text is null", errors
    assert errors[2] == "error: 2 of 40 records could not be tagged (column error)", errors

    table = pq.read_table(out)
    # the columns to group by (--keep) come through beside id, as they were, bad records included
    assert table.column_names[:4] == ["id", "province", "year", "themes"]
    assert table.schema.field("year").type == pa.int16()
    rows = {r["id"]: r for r in table.to_pylist()}
    assert len(rows) == 40
    assert [(rows[r["id"]]["province"], rows[r["id"]]["year"]) for r in records] == list(zip(provinces, years.to_pylist()))
    assert rows["r007"]["themes"] is None and rows["r007"]["matches_ecology_environment"] is None
    assert rows["r007"]["error"].startswith("text is not UTF-8")
    assert rows["r021"]["error"] == "text is null" and rows["r021"]["themes"] is None
    # a bad record too says which rules and which tifa read it
    assert rows["r007"]["rules_hash"] == rows["r000"]["rules_hash"] and rows["r007"]["tifa_version"] == rows["r000"]["tifa_version"] != ""
    good = [r for r in records if r["id"] not in ("r007", "r021")]
    expected = expected_rows(cli_jsonl(good))
    for record in good:
        row = rows[record["id"]]
        assert row["error"] is None
        themes, matches = expected[record["id"]]
        assert row["themes"] == themes, record["id"]
        assert {t: row[f"matches_{t}"] for t in matches} == matches, record["id"]


def test_spark_job_gbk_rule_file(tmp_path) -> None:
    """A rule file saved as GBK (Notepad's "ANSI" on a Chinese Windows) is a rule error, exit 78 with
    `tifa check`'s message and hint, as `tifa.Tagger` gives it: not a Python traceback, before Spark."""
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "night.toml").write_bytes('name = "夜间经济"\nterms = ["夜间经济", "夜市"]\n'.encode("gbk"))
    source = tmp_path / "records.jsonl"
    source.write_text('{"id": 1, "text": "河长制"}\n', encoding="utf-8")
    done = spark_run(str(JOB), "--master", "local[2]", "--input", str(source), "--output", str(tmp_path / "out"), "--rules", str(rules))
    assert done.returncode == 78, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert "not UTF-8 text" in done.stderr and "save it as UTF-8" in done.stderr, done.stderr
    assert done.stdout == ""


def test_spark_job_keep_column_missing(tmp_path) -> None:
    """--keep names a column the input lacks: one line and exit 65, before the job runs."""
    source = tmp_path / "records.jsonl"
    source.write_text('{"id": 1, "text": "河长制", "year": 2023}\n', encoding="utf-8")
    done = spark_run(str(JOB), "--master", "local[2]", "--input", str(source), "--output", str(tmp_path / "out"), "--keep", "province")
    assert done.returncode == 65, done.stdout + done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert errors == [f"error: {source} has no column province (columns: id, text, year)"], done.stderr
    assert not (tmp_path / "out").exists()


def test_rule_sources_travel_by_file_name(tmp_path) -> None:
    """What the job ships to its executors: nothing for the default rules alone, else the text of each
    rule file under its file name; the rules built from it have the driver's hash."""
    import importlib.util

    import tifa

    spec = importlib.util.spec_from_file_location("spark_tag", JOB)
    assert spec is not None and spec.loader is not None
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    assert job.rule_sources(tifa.Tagger()) == {}
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "night.toml").write_text('name = "夜间经济"\nterms = ["夜间经济", "夜市"]\n', encoding="utf-8")
    tagger = tifa.Tagger([rules])
    sources = job.rule_sources(tagger)
    assert list(sources) == ["night.toml"]
    assert tifa.Tagger(sources=sources).info()["hash"] == tagger.info()["hash"]


def test_input_format_of_a_partitioned_parquet_folder(tmp_path) -> None:
    """A Parquet data set partitioned into folders (province=…/year=…/part-0.parquet, as Spark and
    pyarrow write one) is read as Parquet without --format, not as JSON Lines."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("spark_tag", JOB)
    assert spec is not None and spec.loader is not None
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    archive = tmp_path / "archive"
    (archive / "province=广东" / "year=2023").mkdir(parents=True)
    pq.write_table(pa.table({"id": ["a"], "text": ["河长制"]}), archive / "province=广东" / "year=2023" / "part-0.parquet")
    (tmp_path / "records.jsonl").write_text('{"id": 1, "text": "河长制"}\n', encoding="utf-8")
    (tmp_path / "jsonl").mkdir()
    (tmp_path / "jsonl" / "part-0.json").write_text('{"id": 1, "text": "河长制"}\n', encoding="utf-8")
    assert job.input_format(str(archive)) == "parquet"
    assert job.input_format(str(tmp_path / "x.parquet")) == "parquet"
    assert job.input_format(str(tmp_path / "records.jsonl")) == "jsonl"
    assert job.input_format(str(tmp_path / "jsonl")) == "jsonl"


def test_readme_map_in_pandas_recipe(tmp_path, paragraphs: list[str]) -> None:
    """The README's own-job block runs on a local Spark, with a rules folder that the executors read
    from the pickled Tagger, and gives the driver's counts and hash."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```python\n(.*?)```", readme, re.S) if "mapInPandas" in b)
    rules = tmp_path / "my_rules"
    rules.mkdir()
    (rules / "night_economy.toml").write_text('name = "夜间经济"\nterms = ["夜间经济", "夜市"]\n', encoding="utf-8")
    texts = ["\n\n".join(paragraphs[i : i + 4]) for i in range(0, 120, 4)]
    texts[3] = "打造夜间经济集聚区，全面推行河长制。"
    ids = [f"R{i:03d}" for i in range(len(texts))]
    pq.write_table(
        pa.table({"id": ids, "province": ["广东", "浙江", "江苏"] * 10, "year": pa.array([2020 + i % 4 for i in range(30)], pa.int32()), "text": texts}),
        tmp_path / "archive.parquet",
    )
    script = tmp_path / "job.py"
    script.write_text(
        "import os, sys\nos.environ['PYSPARK_PYTHON'] = sys.executable\n"
        "from pyspark.sql import SparkSession\nSparkSession.builder.master('local[2]').getOrCreate().sparkContext.setLogLevel('ERROR')\n"
        + block,
        encoding="utf-8",
    )
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr

    import tifa

    tagger = tifa.Tagger([rules])
    want = tagger.frame(dict(zip(ids, texts)), "matches")
    got = pq.read_table(tmp_path / "themes.parquet").to_pandas().set_index("id").sort_index()
    assert set(got["rules_hash"]) == {tagger.info()["hash"]}
    assert set(got["tifa_version"]) == {tifa.__version__}
    assert (got[tagger.theme_ids] == want.loc[got.index]).all().all()
    assert got.loc["R003", "night_economy"] == 1 and got.loc["R005", "province"] == "江苏"


def test_decode_texts_of_large_strings() -> None:
    """A bad record in a large_string column (Spark's spark.sql.execution.arrow.useLargeVarTypes) is
    reported like one in a string column: its view as binary failed there ("not a binary view"), and
    the task with it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("spark_tag", JOB)
    assert spec and spec.loader
    job = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(job)
    raw = pa.array([b"\xe6\xb2\xb3\xe9\x95\xbf\xe5\x88\xb6", "全面推行河长制".encode("gbk"), None], pa.large_binary())
    texts = pa.LargeStringArray.from_buffers(len(raw), raw.buffers()[1], raw.buffers()[2], raw.buffers()[0], raw.null_count)
    values, errors = job.decode_texts(texts)
    assert values == ["河长制", "", ""]
    assert errors[0] is None and errors[1].startswith("text is not UTF-8: byte 0xC3") and errors[2] == "text is null"

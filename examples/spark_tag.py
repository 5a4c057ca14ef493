#!/usr/bin/env python3
"""Tags a corpus of reports with tifa on Apache Spark.

Reads records with an ``id`` and a ``text`` column (JSON Lines, one ``{"id": …, "text": …}`` per line
as for ``tifa tag --jsonl``, or Parquet), tags them with ``mapInArrow`` and writes Parquet with:

* ``id``: as read, then the columns named by ``--keep`` (``--keep province --keep year``), as read;
* ``themes``: the ids of the themes that tagged at least one paragraph, in rule order;
* ``matches_<theme id>``: one int column per active theme, the matches counted for that theme
  (``summary.themes.<id>.matches`` of the JSON contract);
* ``rules_hash``: the hash of the rules that tagged it (``rules.hash`` of the JSON contract, what
  ``tifa themes`` prints), so that results made with other rules can be told apart;
* ``tifa_version``: the package version of tifa that tagged it (``tifa.__version__`` on the executor).
  It tells released versions apart; builds of one version from different commits share it (the project
  is still at 0.1.0), so ``rules_hash`` is what tells the rules apart;
* ``error``: null for every record tagged; for a bad record, one whose ``text`` is null or not UTF-8
  (which a Parquet string column can hold), what is wrong, and its ``themes`` and ``matches_*`` are
  null. As for ``tifa tag --jsonl``, a bad record stops nothing: the others are tagged and written,
  the first 20 bad ones are named on standard error with their count, and the exit status is 65.

Each Python worker process builds one Tagger (``tifa.shared_tagger``) and reuses it for every task it
runs; the texts of an Arrow batch are tagged in one call, with the GIL released. Rule files given with
``--rules`` are read on the driver and travel with the job, so the executors need no copy of them; they
are checked on the driver first, so a faulty rule file fails there with every error.

Local::

    python examples/spark_tag.py --master 'local[2]' --input records.jsonl --output themes.parquet

Exit status: 0 when done; 65 when done but some records could not be tagged (column ``error``); 2 for a ``--rules`` path that is missing or a folder without ``*.toml`` files
(checked before Spark starts); 65 for input it cannot tag (no ``id`` or ``text`` column, or a ``text``
column that is no string column: JSON Lines whose texts are all numbers, say); 78 for faulty rule files.

Cluster (the same script; every executor needs the tifa wheel, see the README)::

    spark-submit --master spark://head:7077 examples/spark_tag.py --input hdfs:///reports/ --output hdfs:///themes/
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Iterable, Iterator, Optional

import tifa


def check_rule_paths(paths: list[str]) -> Optional[str]:
    """What is wrong with the ``--rules`` paths, in one line; None when each is a file or a folder
    holding ``*.toml`` files."""
    for path in paths:
        if not os.path.exists(path):
            return f"error: --rules {path}: no such file or folder"
        if os.path.isdir(path) and not any(f.endswith(".toml") and os.path.isfile(os.path.join(path, f)) for f in os.listdir(path)):
            return f"error: --rules {path}: no rule file (*.toml) in the folder"
    return None


def rule_sources(tagger: "tifa.Tagger") -> dict[str, str]:
    """The TOML text of every rule file the Tagger was built from (``--rules`` files and folders, read
    by tifa itself as ``tifa --rules PATH`` reads them: a folder's ``*.toml`` files by name, a
    byte-order mark dropped, a file that is not UTF-8 a rule error), under its file name: what its
    pickle carries, so that the executors build the same rules, with the same hash, without the files."""
    partial, _ = tagger.__reduce__()
    return dict(partial.keywords.get("sources") or ())


def input_format(path: str) -> str:
    """``parquet`` for a path ending in ``.parquet`` or a local folder holding ``*.parquet`` files at
    any depth (a partitioned data set such as ``archive/province=广东/year=2023/part-0.parquet``),
    else ``jsonl``."""
    if path.rstrip("/").endswith(".parquet"):
        return "parquet"
    if os.path.isdir(path):
        for _folder, _dirs, files in os.walk(path):
            if any(f.endswith(".parquet") for f in files):
                return "parquet"
    return "jsonl"


def read_records(spark, path: str, fmt: str, keep: Iterable[str] = ()):
    """The ``id``, ``keep`` and ``text`` columns of a JSON Lines or Parquet input. A ``text`` column
    that is no string column (numbers, say) stops here, before the job, as ``tifa tag --jsonl``
    refuses them, and so does a ``keep`` column that is missing or has a name of the output's own."""
    keep = list(dict.fromkeys(keep))
    if fmt == "auto":
        fmt = input_format(path)
    df = spark.read.parquet(path) if fmt == "parquet" else spark.read.json(path)
    for column in keep:
        if column in ("id", "text", "themes", "rules_hash", "tifa_version", "error") or column.startswith("matches_"):
            raise InputError(f"error: --keep {column}: the output has a column of its own by that name")
    missing = {"id", "text", *keep} - set(df.columns)
    if missing:
        hint = " (not JSON Lines: --format parquet reads Parquet)" if "_corrupt_record" in df.columns else ""
        raise InputError(f"error: {path} has no column {', '.join(sorted(missing))} (columns: {', '.join(df.columns)}){hint}")
    text_type = df.schema["text"].dataType
    if text_type.typeName() != "string":
        raise InputError(f"error: {path}: column text is {text_type.simpleString()}, not string")
    return df.select("id", *keep, "text")


class InputError(Exception):
    """Input the job cannot tag: exit 65, as ``tifa tag --jsonl`` for input it cannot read."""


def decode_texts(column) -> tuple[list[str], list[Optional[str]]]:
    """The texts of an Arrow string column, and for each one what is wrong with it (None: nothing).

    A null text, or one whose bytes are not UTF-8 (a Parquet string column holds whatever its writer
    put in: GBK bytes, say; Spark reads them without a check), is a bad record, as ``tifa tag
    --jsonl`` refuses a record whose ``text`` is null or not UTF-8: it gets an empty text to tag and
    its error, and the batch goes on."""
    import pyarrow as pa

    try:
        column.validate(full=True)
        values = column.to_pylist()
    except (pa.ArrowInvalid, UnicodeDecodeError):
        values = []
        # a large_string column (Spark's spark.sql.execution.arrow.useLargeVarTypes) views as large_binary
        binary = pa.large_binary() if pa.types.is_large_string(column.type) else pa.binary()
        for data in column.view(binary).to_pylist():
            try:
                values.append(None if data is None else data.decode("utf-8"))
            except UnicodeDecodeError as e:
                bad = " ".join(f"0x{b:02X}" for b in data[e.start : e.end])
                values.append(ValueError(f"text is not UTF-8: byte {bad} at byte {e.start}"))
    texts: list[str] = []
    errors: list[Optional[str]] = []
    for value in values:
        if isinstance(value, str):
            texts.append(value)
            errors.append(None)
        else:
            texts.append("")
            errors.append("text is null" if value is None else str(value))
    return texts, errors


def tag_records(df, theme_ids: list[str], sources: dict[str, str], defaults: bool, counters=None):
    """``df`` (``id``, ``text``) tagged: ``id``, ``themes``, ``matches_<theme>``, ``rules_hash``,
    ``tifa_version`` and ``error`` columns.

    A record whose text is null or not UTF-8 is not tagged: its ``themes`` and ``matches_*`` are null
    and ``error`` says why (null for every tagged record).

    ``counters``, when given, is a pair of Spark accumulators: Taggers built, Arrow batches tagged.
    """
    import pyarrow as pa
    from pyspark.sql.types import ArrayType, IntegerType, StringType, StructField, StructType

    # id, then the columns kept from the input as they are (--keep), then the tagging's own
    kept = [f for f in df.schema.fields if f.name != "text"]
    schema = StructType(
        [StructField(f.name, f.dataType, f.nullable) for f in kept]
        + [StructField("themes", ArrayType(StringType(), False), True)]
        + [StructField(f"matches_{t}", IntegerType(), True) for t in theme_ids]
        + [StructField("rules_hash", StringType(), False), StructField("tifa_version", StringType(), False)]
        + [StructField("error", StringType(), True)]
    )

    def tag_batches(batches: Iterator["pa.RecordBatch"]) -> Iterator["pa.RecordBatch"]:
        from pyspark import TaskContext

        before = tifa.shared_tagger.cache_info().misses
        # one Tagger per Python worker process: built by the first task the process runs
        tagger = tifa.shared_tagger(defaults=defaults, sources=sources)
        if counters is not None and tifa.shared_tagger.cache_info().misses > before:
            counters[0].add(1)
        context = TaskContext.get()
        threads = context.cpus() if context is not None else 1
        # the hash of the rules this worker tags with (the driver's, as the rules travel with the job)
        rules_hash = tagger.info()["hash"]
        # and the tifa this worker tags with (its own wheel: an executor may have another than the driver)
        version = tifa.__version__
        for batch in batches:
            texts, errors = decode_texts(batch.column("text"))
            summaries = tagger.summaries(texts, threads=threads)
            counts = [None if e else s["themes"] for s, e in zip(summaries, errors)]
            columns = [batch.column(f.name) for f in kept] + [
                pa.array([None if c is None else [t for t in theme_ids if c[t]["paragraphs"] > 0] for c in counts], pa.list_(pa.string())),
            ] + [pa.array([None if c is None else c[t]["matches"] for c in counts], pa.int32()) for t in theme_ids]
            columns.append(pa.array([rules_hash] * batch.num_rows, pa.string()))
            columns.append(pa.array([version] * batch.num_rows, pa.string()))
            columns.append(pa.array(errors, pa.string()))
            if counters is not None:
                counters[1].add(1)
            yield pa.RecordBatch.from_arrays(columns, names=schema.fieldNames())

    return df.mapInArrow(tag_batches, schema)


def report_errors(spark, output: str, shown: int = 20) -> tuple[int, int]:
    """Prints the records of ``output`` that could not be tagged, one ``error:`` line each (the first
    ``shown``), then how many; returns (bad records, records)."""
    written = spark.read.parquet(output)
    records = written.count()
    bad = written.where("error IS NOT NULL").select("id", "error").orderBy("id")
    count = bad.count()
    for row in bad.limit(shown).collect():
        print(f"error: id {row['id']!r}: {row['error']}", file=sys.stderr)
    if count > shown:
        print(f"error: … and {count - shown} more", file=sys.stderr)
    if count:
        print(f"error: {count} of {records} records could not be tagged (column error)", file=sys.stderr)
    return count, records


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, help="JSON Lines file(s) or Parquet with id and text (any path Spark reads)")
    parser.add_argument("--output", required=True, help="Parquet folder to write (overwritten)")
    parser.add_argument("--format", choices=["auto", "jsonl", "parquet"], default="auto", help="input format (auto: Parquet for a .parquet path or a folder of .parquet files)")
    parser.add_argument("--master", help="Spark master URL, e.g. local[2] or spark://head:7077 (default: spark-submit's, else local[*])")
    parser.add_argument("--rules", action="append", default=[], metavar="PATH", help="extra rule file or folder (repeatable)")
    parser.add_argument("--keep", action="append", default=[], metavar="COLUMN", help="an input column to write beside id, as it is, such as province or year (repeatable)")
    parser.add_argument("--no-default-rules", action="store_true", help="use only the --rules files")
    parser.add_argument("--partitions", type=int, help="spread the input over at least this many partitions (default: the cluster's parallelism)")
    parser.add_argument("--batch-size", type=int, default=2000, help="records per Arrow batch (default 2000)")
    args = parser.parse_args(argv)

    # the rules first: a wrong path or a faulty rule file fails at once, before Spark starts
    problem = check_rule_paths(args.rules)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    defaults = not args.no_default_rules
    try:
        tagger = tifa.Tagger(args.rules, defaults=defaults)
    except tifa.RuleError as e:
        print(e, file=sys.stderr)
        return 78
    except (OSError, ValueError) as e:
        # a rule path that cannot be read, or --no-default-rules without --rules
        print(f"error: {e}", file=sys.stderr)
        return 2
    sources = rule_sources(tagger)
    info = tagger.info()
    theme_ids = [t["id"] for t in info["themes"]]

    from pyspark.sql import SparkSession

    # run with plain `python` and no --master, Spark starts a local[*] one (spark-submit sets the gateway)
    local = args.master.startswith("local") if args.master else "PYSPARK_GATEWAY_PORT" not in os.environ
    if local:
        # local workers run this very Python (a virtualenv with tifa; a cluster says its own), and
        # Spark listens on this machine only
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.appName("tifa-tag").config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_size))
    # one column per theme makes a plan wider than Spark prints without a warning on every run; and the
    # progress bar, redrawn with carriage returns, buries the job's own lines in a log file
    builder = builder.config("spark.sql.debug.maxToStringFields", "1000")
    if not sys.stderr.isatty():
        builder = builder.config("spark.ui.showConsoleProgress", "false")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("WARN")

    try:
        df = read_records(spark, args.input, args.format, args.keep)
    except InputError as e:
        print(e, file=sys.stderr)
        spark.stop()
        return 65
    partitions = args.partitions or spark.sparkContext.defaultParallelism
    if df.rdd.getNumPartitions() < partitions:
        df = df.repartition(partitions)

    counters = (spark.sparkContext.accumulator(0), spark.sparkContext.accumulator(0))
    start = time.perf_counter()
    tag_records(df, theme_ids, sources, defaults, counters).write.mode("overwrite").parquet(args.output)
    seconds = time.perf_counter() - start
    bad, records = report_errors(spark, args.output)
    print(
        f"tagged {records - bad} records in {seconds:.1f} s ({records / seconds:.0f} records/s) with rules "
        f"{info['name']} {info['hash']}: {counters[1].value} Arrow batches, {counters[0].value} Tagger(s) built; "
        f"wrote {args.output}"
    )
    spark.stop()
    return 65 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

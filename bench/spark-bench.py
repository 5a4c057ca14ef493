#!/usr/bin/env python3
"""Records per second of the Python package: the plain batch call, and examples/spark_tag.py on a local
Spark with one and two cores.

Input: target/bench-input/records-10000.jsonl (bench/make-input.py): 10 000 records of about 4.5 KB.
Run in the virtualenv of scripts/python-env.sh:

    python3 bench/make-input.py
    .venv/bin/python bench/spark-bench.py [--records PATH] [--rounds 3]

Rows:

* ``summaries``/``themes``, threads 1 and all: ``Tagger.summaries(texts)`` / ``Tagger.themes(texts)``
  over every record in one call (the texts already in memory), best of the rounds;
* ``spark local[N] job``: the example's whole job as run from the command line, but for the JVM's start:
  read the JSON Lines (schema inference included), spread them over N partitions, tag, write Parquet;
  best of the rounds in one Spark session;
* ``spark local[N] tagging``: the input read and cached in Spark first, then tag and write to Spark's
  ``noop`` sink: the cost of tagging inside Spark (Arrow transfer to the Python workers included).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "examples"))

import spark_tag  # noqa: E402
import tifa  # noqa: E402


def best(rounds: int, run) -> float:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", default=os.path.join(ROOT, "target", "bench-input", "records-10000.jsonl"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", default=os.path.join(ROOT, "target", "spark-bench"))
    args = parser.parse_args()

    with open(args.records, encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for line in f]
    n = len(texts)
    size = sum(len(t.encode()) for t in texts)
    print(f"{n} records, {size / 1e6:.1f} MB of text, {os.cpu_count()} cores, tifa {tifa.__version__}")
    print("load average at the start: %.1f %.1f %.1f" % os.getloadavg())
    rows = []
    tagger = tifa.Tagger()
    for call in ("summaries", "themes"):
        for threads in (1, None):
            seconds = best(args.rounds, lambda: getattr(tagger, call)(texts, threads=threads))
            rows.append((f"`Tagger.{call}`, threads={threads or 'all'}", seconds))

    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    theme_ids = tagger.theme_ids
    for cores in (1, 2):
        spark = (
            SparkSession.builder.master(f"local[{cores}]")
            .config("spark.sql.execution.arrow.maxRecordsPerBatch", "2000")
            .config("spark.ui.showConsoleProgress", "false")
            .getOrCreate()
        )
        spark.sparkContext.setLogLevel("ERROR")

        def job() -> None:
            df = spark_tag.read_records(spark, args.records, "jsonl")
            if df.rdd.getNumPartitions() < cores:
                df = df.repartition(cores)
            spark_tag.tag_records(df, theme_ids, {}, True).write.mode("overwrite").parquet(args.out)

        rows.append((f"spark local[{cores}] job (read JSON Lines, tag, write Parquet)", best(args.rounds, job)))
        cached = spark_tag.read_records(spark, args.records, "jsonl").repartition(cores).cache()
        cached.count()
        tagging = best(args.rounds, lambda: spark_tag.tag_records(cached, theme_ids, {}, True).write.format("noop").mode("overwrite").save())
        rows.append((f"spark local[{cores}] tagging (cached input, noop sink)", tagging))
        spark.stop()

    print("load average at the end: %.1f %.1f %.1f" % os.getloadavg())
    print()
    print("| what | seconds | records/s |")
    print("|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {n / seconds:,.0f} |")


if __name__ == "__main__":
    main()

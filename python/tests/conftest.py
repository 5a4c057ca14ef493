"""Shared fixtures: the repository, the sample reports and the `tifa` command the tests compare with."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

import tifa

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SAMPLES = sorted(CORPUS.glob("*.txt"))
ERRORS = ROOT / "tests" / "golden" / "errors"


def read_text(path: Path) -> str:
    """A file's text exactly (no newline translation), as the command reads it."""
    return path.read_bytes().decode("utf-8")


def without_encoding(cli: str, encoding: str) -> str:
    """The pretty JSON of `tifa tag --format json` without its first field, `"encoding"` (the input's,
    which a text tagged from Python has not): the library's report, byte for byte. The field must be
    there, first, with `encoding`."""
    line = f'{{\n  "encoding": "{encoding}",\n'
    assert cli.startswith(line), cli[:80]
    return "{\n" + cli[len(line):]


def tifa_bin() -> str:
    path = os.environ.get("TIFA_BIN") or str(ROOT / "target" / "debug" / "tifa")
    if not os.access(path, os.X_OK):
        pytest.fail(f"the tifa command is not at {path}: run `cargo build --bin tifa` or set TIFA_BIN")
    return path


def run_tifa(*args: str, stdin: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Runs the command; `check`: exit code 0 required."""
    done = subprocess.run([tifa_bin(), *args], input=stdin, capture_output=True, cwd=ROOT)
    if check and done.returncode != 0:
        raise AssertionError(f"tifa {' '.join(args)} exited {done.returncode}: {done.stderr.decode()}")
    return done


def cli_jsonl(records: list[dict]) -> list[dict]:
    """`tifa tag --jsonl` of the records, one parsed result per record."""
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode()
    out = run_tifa("tag", "--jsonl", stdin=data).stdout.decode()
    return [json.loads(line) for line in out.splitlines()]


@pytest.fixture(scope="session")
def tagger() -> tifa.Tagger:
    return tifa.Tagger()


@pytest.fixture(scope="session")
def paragraphs() -> list[str]:
    """Every non-blank line of the four samples."""
    return [line.strip() for p in SAMPLES for line in read_text(p).split("\n") if line.strip()]

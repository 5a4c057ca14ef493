"""The types: mypy accepts code that uses the package as documented, the stubs match the extension
module (mypy's stubtest), and the extension module documents itself (docstring, constructor signature)."""

from __future__ import annotations

import inspect
import pydoc
import subprocess
import sys

import pytest

import tifa
from conftest import ROOT

USES = """
import pathlib
import pandas as pd
import tifa

tagger = tifa.Tagger(rules=pathlib.Path("rules"), sources={"night.toml": "x"})
report = tagger.tag("河长制")
first: str = report["paragraphs"][0]["themes"][0]["id"]
ids: list[str] = tagger.theme_ids
df: pd.DataFrame = tagger.frame(pd.Series(["a", None]), "tagged", threads=2)
themes: list[list[str]] = tagger.themes(["a"], threads=1)
text: str = tagger.tag_json("a", pretty=True)
try:
    tifa.Tagger(sources={"a.toml": "x"})
except tifa.RuleError as e:
    for d in e.errors:
        line: int = d.line
        name: str = d.file
shared: tifa.Tagger = tifa.shared_tagger(defaults=False, sources={"a.toml": "x"})
from_bytes: tifa.Tagger = tifa.Tagger(b"rules", defaults=False)
from_paths: tifa.Tagger = tifa.shared_tagger([b"a.toml", "b.toml", pathlib.Path("c.toml")])
built: int = tifa.shared_tagger.cache_info().misses
tifa.shared_tagger.cache_clear()
version: str = tifa.__version__
"""

MISUSES = """
import tifa

tagger = tifa.Tagger()
tagger.frame(["a"], "bogus")
tagger.tag(None)
tifa.shared_tagger(defaults="no")
tifa.shared_tagger.cache_info().nothing
"""


def mypy(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    pytest.importorskip("mypy", reason="mypy is in python/requirements-test.txt")
    return subprocess.run([sys.executable, "-m", "mypy", *args], capture_output=True, text=True, cwd=cwd)


def test_mypy_accepts_documented_uses(tmp_path) -> None:
    script = tmp_path / "uses.py"
    script.write_text(USES, encoding="utf-8")
    done = mypy("--strict", "--no-incremental", "--ignore-missing-imports", str(script))
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_rejects_misuses(tmp_path) -> None:
    script = tmp_path / "misuses.py"
    script.write_text(MISUSES, encoding="utf-8")
    done = mypy("--no-incremental", "--ignore-missing-imports", str(script))
    lines = [line for line in done.stdout.splitlines() if ": error:" in line]
    assert [int(line.split(":")[1]) for line in lines] == [5, 6, 7, 8], done.stdout


def test_the_package_type_checks() -> None:
    """The package itself passes mypy --strict, without any `type: ignore`."""
    # the sources (python/tifa, with the stub of the extension module), not the installed copy
    done = mypy("--strict", "--no-incremental", "--ignore-missing-imports", "-p", "tifa", cwd=ROOT / "python")
    assert done.returncode == 0, done.stdout + done.stderr
    for source in (ROOT / "python" / "tifa").glob("*.py*"):
        assert "type: ignore" not in source.read_text(encoding="utf-8"), source


def test_stubtest() -> None:
    """The stubs say what the extension module has (mypy.stubtest, without an allowlist)."""
    pytest.importorskip("mypy", reason="mypy is in python/requirements-test.txt")
    done = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "tifa._tifa"], capture_output=True, text=True, cwd=ROOT
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_extension_module_documents_itself() -> None:
    assert tifa._tifa.__doc__ and "Tagger" in tifa._tifa.__doc__
    assert str(inspect.signature(tifa._tifa.Tagger)) == "(rules=None, *, defaults=True, sources=None)"
    parameters = inspect.signature(tifa.Tagger).parameters.values()
    assert [(p.name, p.kind.name, p.default) for p in parameters] == [
        ("rules", "POSITIONAL_OR_KEYWORD", None),
        ("defaults", "KEYWORD_ONLY", True),
        ("sources", "KEYWORD_ONLY", None),
    ]
    # the extension type's own __new__ is Python's generic one; the package's Tagger says what it does
    constructor = pydoc.render_doc(tifa.Tagger.__new__, renderer=pydoc.plaintext)
    assert "Create and return a new object" not in constructor
    assert "defaults: 'bool' = True" in constructor and "Raises :class:`RuleError`" in constructor, constructor
    assert tifa.Tagger(sources={"a.toml": 'name = "碧道"\nterms = ["碧道"]\n'}, defaults=False).theme_ids == ["a"]


def test_shared_tagger_documents_itself() -> None:
    doc = pydoc.render_doc(tifa.shared_tagger, renderer=pydoc.plaintext)
    assert "built once per process" in doc and "cache_info" in doc
    assert "defaults" in str(inspect.signature(tifa.shared_tagger))

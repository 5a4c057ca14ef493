"""Rule errors: a ValueError with every problem, each with file, line and column, as the command shows them."""

from __future__ import annotations

import re

import pytest

import tifa
from conftest import ROOT, read_text, run_tifa


@pytest.mark.parametrize("stem", ["unknown_keys", "syntax_error", "bad_examples"])
def test_rule_errors_are_the_clis(stem: str) -> None:
    rel = f"tests/golden/errors/{stem}.toml"
    with pytest.raises(tifa.RuleError) as caught:
        # a relative path, as given to the command (the tests run from the repository root there)
        tifa.Tagger(sources={rel: read_text(ROOT / rel)}, defaults=False)
    done = run_tifa("check", "--no-default-rules", rel, check=False)
    assert done.returncode == 78
    error = caught.value
    assert isinstance(error, ValueError)
    # str(error) is what the command prints on standard error: every error with its line and caret
    assert str(error) == done.stderr.decode().rstrip("\n")
    assert len(error.errors) >= 1
    for detail in error.errors:
        assert isinstance(detail, tifa.RuleErrorDetail)
        assert detail.file == rel
        assert f" --> {rel}:{detail.line}:{detail.column}" in str(error)
        assert detail.rendered in str(error)
        assert str(detail) == f"{rel}:{detail.line}:{detail.column}: {detail.message}"
        assert detail.line >= 1 and detail.column >= 1
        assert (detail.end_line, detail.end_column) >= (detail.line, detail.column)
    assert str(error).endswith(f"{len(error.errors)} error{'s' if len(error.errors) > 1 else ''} in rule files")


def test_every_error_with_position() -> None:
    toml = 'name = "夜间经济"\nterms = ["夜间经济", 3]\ndescripton = "拼错"\n'
    with pytest.raises(ValueError) as caught:
        tifa.Tagger(sources={"night.toml": toml})
    errors = caught.value.errors
    assert [(e.file, e.line, e.column) for e in errors] == [("night.toml", 2, 18), ("night.toml", 3, 1)]
    assert errors[0].source_line == 'terms = ["夜间经济", 3]'
    assert "unknown key `descripton`" in errors[1].message
    assert "RuleErrorDetail(file=" in repr(errors[0])


def test_rule_error_from_a_path(tmp_path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("name = \n", encoding="utf-8")
    with pytest.raises(tifa.RuleError) as caught:
        tifa.Tagger([tmp_path])
    assert caught.value.errors[0].file == str(bad)
    assert caught.value.errors[0].line == 1


def test_unreadable_rules_are_os_errors(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="cannot read rules"):
        tifa.Tagger([tmp_path / "missing.toml"])


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="defaults=False"):
        tifa.Tagger(defaults=False)
    with pytest.raises(TypeError):
        tifa.Tagger(rules=[3])
    with pytest.raises(TypeError):
        tifa.Tagger(sources={"a.toml": 3})
    tagger = tifa.Tagger()
    with pytest.raises(TypeError, match="not one str"):
        tagger.tag_many("河长制")
    with pytest.raises(TypeError, match=r"texts\[1\] is NoneType"):
        tagger.themes(["河长制", None])
    with pytest.raises(TypeError):
        tagger.tag(None)
    with pytest.raises(ValueError, match="threads"):
        tagger.summaries(["河长制"], threads=0)


def test_a_rules_folder_without_rule_files(tmp_path) -> None:
    """A folder given as rules but holding no *.toml is a mistake (a wrong path, a wrong extension):
    ValueError naming the folder, with the default rules too."""
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "night.txt").write_text('name = "夜间经济"\nterms = ["夜间经济"]\n', encoding="utf-8")
    (empty / "sub.toml").mkdir()  # a folder named *.toml is no rule file either
    good = tmp_path / "good"
    good.mkdir()
    (good / "night.toml").write_text('name = "夜间经济"\nterms = ["夜间经济"]\n', encoding="utf-8")
    for rules in (empty, str(empty), [good, empty]):
        for defaults in (False, True):
            with pytest.raises(ValueError, match=f"no rule file.*in {re.escape(str(empty))}") as caught:
                tifa.Tagger(rules, defaults=defaults)
            assert not isinstance(caught.value, tifa.RuleError)
    assert "night" in tifa.Tagger(good, defaults=False).theme_ids

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


def test_unreadable_rules_have_errno_and_filename(tmp_path) -> None:
    """As Python's own open() reports a path: the OSError subclass, errno and filename."""
    import errno
    import os

    missing = tmp_path / "missing.toml"
    with pytest.raises(FileNotFoundError) as caught:
        tifa.Tagger(missing)
    assert caught.value.errno == errno.ENOENT and caught.value.filename == str(missing)
    assert "cannot read rules" in str(caught.value) and str(missing) in str(caught.value)
    if hasattr(os, "geteuid") and os.geteuid() != 0:  # root reads any file; Windows has no geteuid (chmod(0) locks nothing there)
        locked = tmp_path / "locked.toml"
        locked.write_text('name = "碧道"\nterms = ["碧道"]\n', encoding="utf-8")
        locked.chmod(0)
        with pytest.raises(PermissionError):
            tifa.Tagger(locked)


def test_bytes_rule_paths(tmp_path) -> None:
    """A bytes path is a path (os.fsdecode), not an iterable of ints ("got int")."""
    rule = tmp_path / "night.toml"
    rule.write_text('name = "夜间经济"\nterms = ["夜间经济"]\n', encoding="utf-8")
    want = tifa.Tagger(str(rule)).info()
    assert tifa.Tagger(bytes(rule)).info() == want
    assert tifa.Tagger([bytes(rule)]).info() == want
    # shared_tagger too (it iterated the bytes, ints, before), the same Tagger as for the str path
    shared = tifa.shared_tagger(str(rule))
    assert tifa.shared_tagger(bytes(rule)) is shared and tifa.shared_tagger([bytes(rule)]) is shared
    assert shared.info() == want


def test_lone_surrogates_are_read_as_replacement_and_named(tagger: tifa.Tagger) -> None:
    """A str with a lone surrogate (text read with errors="surrogateescape") in a batch: read with
    U+FFFD in its place (one code point for one, so offsets stay Python's indices), a UnicodeWarning
    naming it (its row in frame()), and the other texts tagged; the batch goes on, as `tifa tag --jsonl`
    does past a \\ud800. It stopped the whole batch with a ValueError. tag() of such a text raises."""
    import pandas as pd

    bad = "坏\udcb9河长制"
    good = "河长制"
    for call in (tagger.themes, tagger.summaries, tagger.tag_many):
        with pytest.warns(UnicodeWarning, match=r"^texts\[1\] holds a lone surrogate .*read as U\+FFFD"):
            out = call([good, bad, good])
        assert len(out) == 3
    with pytest.warns(UnicodeWarning, match=r"^texts\[1\] holds a lone surrogate"):
        assert tagger.themes([good, bad, good]) == [["ecology_environment"]] * 3
    with pytest.warns(UnicodeWarning):
        report = tagger.tag_many([bad])[0]
    [match] = report["paragraphs"][0]["matches"]
    assert (match["start"], match["end"], match["text"]) == (2, 5, "河长制")
    assert report["paragraphs"][0]["end"] == len(bad)
    # two lone surrogates side by side are two code points in Python: two U+FFFD, not one 𠮷
    pair = "\ud842\udfb7河长制"
    with pytest.warns(UnicodeWarning):
        [report] = tagger.tag_many([pair])
    [match] = report["paragraphs"][0]["matches"]
    assert (match["start"], match["end"]) == (2, 5)
    with pytest.warns(UnicodeWarning) as caught:
        frame_pair = tagger.paragraph_frame(pd.Series([pair], index=["p"], dtype=object))
    assert frame_pair["start"].tolist() == [0] and frame_pair["end"].tolist() == [5]
    # the warning points at the caller's line, so that filters by module work
    assert caught[0].filename == __file__
    with pytest.warns(UnicodeWarning, match=r"^row 'b' \(position 1\) holds a lone surrogate") as caught:
        # dtype=object: pandas 3's str dtype refuses a lone surrogate itself
        frame = tagger.frame(pd.Series([good, bad, good], index=["a", "b", "c"], dtype=object))
    assert len([w for w in caught if issubclass(w.category, UnicodeWarning)]) == 1
    assert caught[0].filename == __file__
    assert frame.loc["b", "ecology_environment"] == 1
    with pytest.raises(UnicodeEncodeError):
        tagger.tag(bad)


def test_arrow_strings_that_are_not_utf8_are_named(tagger: tifa.Tagger) -> None:
    """An Arrow-backed string column (what pd.read_parquet gives with pandas 3) holding bytes that are
    not UTF-8 (a Parquet string column holds what its writer put in: GBK bytes, say): frame() names
    the row and the bytes, not pyarrow's "ArrowException: Unknown error: Wrapping … failed"."""
    import pandas as pd
    import pyarrow as pa

    raw = pa.array([b"\xe6\xb2\xb3\xe9\x95\xbf\xe5\x88\xb6", "全面推行河长制".encode("gbk"), None], pa.binary())
    texts = pa.StringArray.from_buffers(len(raw), raw.buffers()[1], raw.buffers()[2], raw.buffers()[0], raw.null_count)
    for column in (texts, texts.cast(pa.large_string(), safe=False) if hasattr(texts, "cast") else texts):
        series = pd.Series(pd.arrays.ArrowExtensionArray(column), index=["R1", "R2", "R3"])
        for call in (tagger.frame, tagger.paragraph_frame):
            with pytest.warns(UnicodeWarning, match=r"^row 'R2' \(position 1\) is not UTF-8 text: byte 0xC3 at byte 2"):
                out = call(series)
            # the other rows, and the bad one with U+FFFD for its bad bytes, are tagged
            labels = out.index if call is tagger.frame else out.index.get_level_values(0)
            assert {"R1", "R2"} <= set(labels)
        with pytest.warns(UnicodeWarning):
            themes = tagger.frame(series, "themes")["themes"].tolist()
        assert themes[0] == ["ecology_environment"] and themes[2] == []


def test_rule_paths_fspath_errors_propagate() -> None:
    """An exception raised by a path's __fspath__ is raised as it is (it was taken for "no path": a
    TypeError); what is no path is named with the kinds of path taken (bytes too)."""

    class Broken:
        def __fspath__(self) -> str:
            raise RuntimeError("no path today")

    with pytest.raises(RuntimeError, match="no path today"):
        tifa.Tagger(Broken())
    with pytest.raises(RuntimeError, match="no path today"):
        tifa.Tagger([Broken()])
    with pytest.raises(TypeError, match=r"str, bytes or os\.PathLike\), got int"):
        tifa.Tagger([42])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"str, bytes or os\.PathLike\) or an iterable of paths, not int"):
        tifa.Tagger(42)  # type: ignore[arg-type]

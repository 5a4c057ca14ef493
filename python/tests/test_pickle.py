"""Pickling: a RuleError raised in a worker process reaches the parent whole, and a Tagger travels to
worker processes (multiprocessing, Spark closures) and is rebuilt there from what it was built from."""

from __future__ import annotations

import copy
import functools
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest

import tifa

BAD = {"night.toml": 'name = "夜间经济"\nterms = ["夜间经济", 3]\ndescripton = "拼错"\n'}
NIGHT = 'name = "夜间经济"\nterms = ["夜间经济", "夜市"]\n'


def bad_rules(_: object = None) -> tifa.Tagger:
    return tifa.shared_tagger(sources=BAD)


def themes_of(tagger: tifa.Tagger, texts: list[str]) -> list[list[str]]:
    return tagger.themes(texts)


def rule_error() -> tifa.RuleError:
    with pytest.raises(tifa.RuleError) as caught:
        tifa.Tagger(sources=BAD)
    return caught.value


def fields(detail: tifa.RuleErrorDetail) -> tuple:
    return (
        detail.file,
        detail.line,
        detail.column,
        detail.end_line,
        detail.end_column,
        detail.message,
        detail.hint,
        detail.source_line,
        detail.rendered,
    )


def assert_same_error(got: BaseException, want: tifa.RuleError) -> None:
    assert type(got) is tifa.RuleError and isinstance(got, ValueError)
    assert str(got) == str(want)
    assert isinstance(got, tifa.RuleError)
    assert [type(d) for d in got.errors] == [tifa.RuleErrorDetail] * len(want.errors)
    assert [fields(d) for d in got.errors] == [fields(d) for d in want.errors]
    assert [(d.file, d.line, d.column) for d in got.errors] == [("night.toml", 2, 18), ("night.toml", 3, 1)]


def test_rule_error_detail_pickles_with_its_hint() -> None:
    # a full-width ＝ has a hint (the two branches that added the hint and pickling met in a merge)
    with pytest.raises(tifa.RuleError) as caught:
        tifa.Tagger(sources={"night.toml": 'name ＝ "夜间经济"\n'}, defaults=False)
    detail = caught.value.errors[0]
    assert detail.hint is not None and "＝" in detail.hint
    assert fields(pickle.loads(pickle.dumps(detail))) == fields(detail)


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_rule_error_pickles(protocol: int) -> None:
    error = rule_error()
    assert_same_error(pickle.loads(pickle.dumps(error, protocol)), error)
    detail = error.errors[0]
    again = pickle.loads(pickle.dumps(detail, protocol))
    assert fields(again) == fields(detail) and repr(again) == repr(detail) and str(again) == str(detail)


@pytest.mark.parametrize("method", ["spawn", "fork"])
def test_rule_error_from_a_worker_process(method: str) -> None:
    want = rule_error()
    context = multiprocessing.get_context(method)
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        with pytest.raises(tifa.RuleError) as caught:
            pool.submit(bad_rules).result(timeout=120)
    assert_same_error(caught.value, want)
    with context.Pool(1) as pool:
        with pytest.raises(tifa.RuleError) as caught:
            pool.apply(bad_rules, (0,))
    assert_same_error(caught.value, want)


def test_tagger_copies_are_itself(tagger: tifa.Tagger) -> None:
    assert copy.copy(tagger) is tagger
    assert copy.deepcopy(tagger) is tagger
    assert copy.deepcopy({"t": tagger})["t"] is tagger


def taggers(tmp_path) -> list[tifa.Tagger]:
    """Taggers built every way: default rules, a folder and a file on top of them, sources only."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "night.toml").write_text(NIGHT, encoding="utf-8")
    one = tmp_path / "one.toml"
    one.write_text('name = "碧道"\nterms = ["碧道"]\n', encoding="utf-8")
    return [
        tifa.Tagger(),
        tifa.Tagger(folder),
        tifa.Tagger([folder, str(one)], defaults=True),
        tifa.Tagger(sources={"night.toml": NIGHT}, defaults=False),
        tifa.Tagger([one], sources=[("night.toml", NIGHT)]),
    ]


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_tagger_pickles(tmp_path, protocol: int) -> None:
    texts = ["打造夜间经济集聚区，全面推行河长制。", "建设碧道。"]
    for tagger in taggers(tmp_path):
        again = pickle.loads(pickle.dumps(tagger, protocol))
        assert type(again) is tifa.Tagger and again is not tagger
        assert again.info() == tagger.info()
        assert again.themes(texts) == tagger.themes(texts)


def test_tagger_in_a_worker_process(tmp_path) -> None:
    texts = ["打造夜间经济集聚区，全面推行河长制。", "建设碧道。"]
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        for tagger in taggers(tmp_path):
            assert pool.submit(themes_of, tagger, texts).result(timeout=120) == tagger.themes(texts)


def test_tagger_in_a_cloudpickled_closure() -> None:
    """What Spark does with a function that uses a Tagger of the driver."""
    cloudpickle = pytest.importorskip("pyspark.cloudpickle")
    tagger = tifa.Tagger(sources={"night.toml": NIGHT})

    def tag(text: str) -> list[str]:
        return tagger.themes([text])[0]

    again = pickle.loads(cloudpickle.dumps(tag))
    assert "night" in again("发展夜间经济。") and again("发展夜间经济。") == tag("发展夜间经济。")


def test_unpickling_reads_no_rule_file(tmp_path, monkeypatch) -> None:
    """A pickled Tagger carries the rule texts it was built from: unpickled after the files were edited
    or removed, or in another folder (a worker process, a Spark executor without the files), it has
    the same rules, hash included; it read the files again before, and tagged with other rules."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    rule = tmp_path / "rules" / "night.toml"
    rule.write_text(NIGHT, encoding="utf-8")
    texts = ["打造夜间经济集聚区。", "逛夜市。"]
    for tagger in (tifa.Tagger("rules"), tifa.Tagger(["rules/night.toml"], defaults=False)):
        data = pickle.dumps(tagger)
        rule.write_text('name = "夜间经济"\nterms = ["碧道"]\n', encoding="utf-8")
        again = pickle.loads(data)
        assert again.info() == tagger.info() and again.themes(texts) == tagger.themes(texts)
        assert all("night" in themes for themes in again.themes(texts))
        rule.unlink()
        monkeypatch.chdir("/")
        assert pickle.loads(data).info() == tagger.info()
        monkeypatch.chdir(tmp_path)
        rule.write_text(NIGHT, encoding="utf-8")
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        tagger = tifa.Tagger("rules")
        rule.unlink()
        got = pool.submit(themes_of, tagger, texts).result(timeout=120)
        rule.write_text(NIGHT, encoding="utf-8")
        assert got == tagger.themes(texts) and all("night" in themes for themes in got)


def test_pickle_holds_rule_file_names_without_their_folder(tmp_path) -> None:
    """The pickle names each rule file without its folder: the stem is the theme id and the hash reads
    only the name, so no path of the machine that pickled it travels (and none can fail elsewhere)."""
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "night.toml").write_text(NIGHT, encoding="utf-8")
    for tagger in (tifa.Tagger(folder), tifa.Tagger([folder / "night.toml"], sources={"my/night_two.toml": NIGHT})):
        func, args = tagger.__reduce__()
        assert args == ()
        names = [name for name, _ in func.keywords["sources"]]
        assert names in (["night.toml"], ["night.toml", "night_two.toml"])
        assert str(tmp_path) not in repr(pickle.dumps(tagger))
        assert pickle.loads(pickle.dumps(tagger)).info() == tagger.info()


@pytest.mark.parametrize("name", ["C:\\Users\\a\\rules\\night.toml", "\\\\server\\share\\rules\\night.toml", "night.toml"])
def test_tagger_pickled_on_windows_unpickles_here(tmp_path, name: str) -> None:
    """A Tagger pickled on Windows (a Spark notebook on a laptop, its executors on Linux): a payload
    whose rule file is named as Windows names it, under a drive and backslashes (as an earlier version
    pickled it), or without its folder (as this one does), gives the same rules and hash here."""

    class PickledOnWindows:
        """Pickles as a Tagger that read `name` does there (__reduce__: the partial and no arguments)."""

        def __reduce__(self) -> tuple[object, tuple[()]]:
            return functools.partial(tifa.Tagger, defaults=True, sources=[(name, NIGHT)]), ()

    payload = pickle.dumps(PickledOnWindows())
    assert b"PickledOnWindows" not in payload and name.encode() in payload
    again = pickle.loads(payload)
    assert type(again) is tifa.Tagger
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "night.toml").write_text(NIGHT, encoding="utf-8")
    here = tifa.Tagger(folder)
    assert again.info() == here.info()
    assert again.info()["hash"] == here.info()["hash"] and "night" in again.theme_ids
    texts = ["打造夜间经济集聚区，全面推行河长制。", "逛夜市。"]
    assert again.themes(texts) == here.themes(texts) and all("night" in t for t in again.themes(texts))
    # and it pickles again, under the file name only
    assert [n for n, _ in again.__reduce__()[0].keywords["sources"]] == ["night.toml"]
    assert pickle.loads(pickle.dumps(again)).info() == here.info()

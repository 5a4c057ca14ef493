"""Batch calls equal one-by-one calls, in order, whatever the number of threads; the pandas helper."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import tifa
from conftest import SAMPLES, read_text


@pytest.fixture(scope="module")
def texts(paragraphs: list[str]) -> list[str]:
    """Texts of very different lengths (so that threads finish out of order), and edge cases."""
    out = [read_text(p) for p in SAMPLES]
    out += ["\n\n".join(paragraphs[i : i + (i % 7) + 1]) for i in range(0, 300, 3)]
    out += ["", " \n ", "𠮷河長制📌", "全年共完成1310宗。"]
    return out


def test_tag_many_equals_tag(tagger: tifa.Tagger, texts: list[str]) -> None:
    one_by_one = [tagger.tag(t) for t in texts]
    assert tagger.tag_many(texts) == one_by_one
    for threads in (1, 2, 3, 64):
        assert tagger.tag_many(texts, threads=threads) == one_by_one
    assert tagger.tag_many(iter(texts[:10])) == one_by_one[:10]  # any iterable
    assert tagger.tag_many([]) == []


def test_repeated_texts(tagger: tifa.Tagger, texts: list[str]) -> None:
    """A str that comes again right after itself shares the copy of its UTF-8 (`[text] * n`): the
    results are still each text's own; a lone surrogate warns at each of its places."""
    a, b = texts[0], texts[5]
    batch = [a, a, a, b, b, a, "", "", a]
    reports = [tagger.tag(t) for t in batch]
    for threads in (1, 2):
        assert tagger.tag_many(batch, threads=threads) == reports
        assert tagger.summaries(batch, threads=threads) == [r["summary"] for r in reports]
    # fresh strs, each freed once read, could take the address of the one before: not taken for it
    def fresh():
        return (("河长制" if i % 2 else "全年") + "。" * (i % 3) for i in range(12))

    expected = [tagger.themes([t])[0] for t in fresh()]
    assert tagger.themes(fresh()) == expected and ["ecology_environment"] in expected and [] in expected
    bad = "坏\udcb9河长制"
    with pytest.warns(UnicodeWarning) as caught:
        assert tagger.themes([bad, bad, "河长制"]) == [["ecology_environment"]] * 3
    assert [str(w.message)[:9] for w in caught] == ["texts[0] ", "texts[1] "]


def test_themes_and_summaries_equal_tag(tagger: tifa.Tagger, texts: list[str]) -> None:
    reports = [tagger.tag(t) for t in texts]
    expected_themes = [[i for i, s in r["summary"]["themes"].items() if s["paragraphs"] > 0] for r in reports]
    for threads in (None, 1, 2, 5):
        assert tagger.themes(texts, threads=threads) == expected_themes
        assert tagger.summaries(texts, threads=threads) == [r["summary"] for r in reports]
    assert any(expected_themes) and [] in expected_themes
    assert tagger.themes(t for t in ["河长制"]) == [["ecology_environment"]]


def test_frame_theme_columns(tagger: tifa.Tagger, texts: list[str]) -> None:
    index = pd.Index([f"doc{i}" for i in range(len(texts))], name="doc")
    series = pd.Series(texts, index=index)
    summaries = [tagger.tag(t)["summary"] for t in texts]
    ids = tagger.theme_ids

    df = tagger.frame(series)
    assert list(df.columns) == ids and df.index.equals(index) and len(df) == len(texts)
    assert all(str(d) == "int64" for d in df.dtypes)
    for row, summary in zip(df.itertuples(index=False), summaries):
        assert list(row) == [summary["themes"][i]["paragraphs"] for i in ids]

    matches = tagger.frame(series, "matches", threads=1)
    assert matches.loc["doc0"].tolist() == [summaries[0]["themes"][i]["matches"] for i in ids]
    tagged = tagger.frame(series, "tagged")
    assert (tagged == (df > 0)).all().all() and all(str(d) == "bool" for d in tagged.dtypes)

    lists = tagger.frame(series, "themes")
    assert list(lists.columns) == ["themes"] and lists.index.equals(index)
    assert lists["themes"].tolist() == tagger.themes(texts)
    assert lists["themes"].tolist() == [[i for i in ids if row[i]] for _, row in tagged.iterrows()]


def test_frame_missing_values_and_plain_lists(tagger: tifa.Tagger) -> None:
    series = pd.Series(["全面推行河长制。", None, math.nan, pd.NA, "建设碧道。"], index=[10, 11, 12, 13, 14])
    df = tagger.frame(series, "tagged")
    assert df.index.tolist() == [10, 11, 12, 13, 14]
    assert df["ecology_environment"].tolist() == [True, False, False, False, True]
    assert not df.loc[[11, 12, 13]].any().any()
    plain = tagger.frame(["全面推行河长制。", "建设碧道。"], "themes")
    assert plain.index.tolist() == [0, 1] and plain["themes"].tolist() == [["ecology_environment"]] * 2
    empty = tagger.frame(pd.Series([], dtype=object))
    assert list(empty.columns) == tagger.theme_ids and len(empty) == 0
    with pytest.raises(ValueError, match="values must be one of"):
        tagger.frame(series, "scores")
    with pytest.raises(TypeError, match=r"row 1 \(position 1\) is int"):
        tagger.frame(pd.Series(["河长制", 3]))


def test_shared_tagger_is_built_once(tmp_path) -> None:
    first = tifa.shared_tagger()
    assert tifa.shared_tagger() is first and tifa.shared_tagger(defaults=True, sources={}) is first
    rule = tmp_path / "night.toml"
    rule.write_text('name = "夜间经济"\nterms = ["夜间经济"]\n', encoding="utf-8")
    custom = tifa.shared_tagger(rule)
    assert custom is not first and tifa.shared_tagger([str(rule)]) is custom
    assert "night" in custom.themes(["发展夜间经济。"])[0]
    assert tifa.shared_tagger.cache_info().currsize >= 2


def test_bad_rows_are_named_by_their_label(tagger: tifa.Tagger) -> None:
    """A Series' bad row is named by its index label (and position); a list's by its position."""
    with pytest.raises(TypeError, match=r"^row 20 \(position 1\) is int, not str$"):
        tagger.frame(pd.Series(["a", 42, "b"], index=[10, 20, 30]))
    df = pd.DataFrame({"text": ["建设碧道。", None, b"x"]}, index=["r1", "r2", "r3"])
    with pytest.raises(TypeError, match=r"^row 'r3' \(position 2\) is bytes, not str$"):
        tagger.frame(df["text"], "themes")
    with pytest.raises(TypeError, match=r"^texts\[1\] is int, not str$"):
        tagger.frame(["a", 42])
    with pytest.raises(TypeError, match=r"^texts\[1\] is int, not str$"):
        tagger.themes(pd.Series(["a", 42], index=[5, 6]))


@pytest.mark.parametrize("threads", [0, -1, -8])
def test_threads_below_one(tagger: tifa.Tagger, threads: int) -> None:
    for call in (tagger.tag_many, tagger.themes, tagger.summaries, tagger.frame):
        with pytest.raises(ValueError, match=f"^threads must be at least 1, not {threads}$"):
            call(["河长制"], threads=threads)


def test_frame_refuses_what_it_would_iterate_wrongly(tagger: tifa.Tagger) -> None:
    """A DataFrame iterates its column names and a str its characters: both were tagged without a
    word (a DataFrame of zeros, even of the right length)."""
    df = pd.DataFrame({"id": [1, 2], "text": ["全面推行河长制。", "坚持党建引领。"]})
    with pytest.raises(TypeError, match=r"not a DataFrame"):
        tagger.frame(df)
    for one in ("全面推行河长制。", b"x"):
        with pytest.raises(TypeError, match=r"use tag\(\) for one text"):
            tagger.frame(one, "themes")
    assert tagger.frame(df["text"], "tagged")["ecology_environment"].tolist() == [True, False]


def test_frame_of_a_mapping_is_indexed_by_its_keys(tagger: tifa.Tagger) -> None:
    """{file name: text}, what reading a folder gives: the texts are tagged (not the keys), the keys
    are the index, as for pd.Series(mapping)."""
    docs = {"gd-2023.txt": "全面推行河长制。", "zj-2024.txt": "建设碧道。", "none.txt": None}
    df = tagger.frame(docs, "themes")
    assert df.index.tolist() == list(docs)
    assert df["themes"].tolist() == [["ecology_environment"], ["ecology_environment"], []]
    assert tagger.frame(docs).equals(tagger.frame(pd.Series(docs)))
    with pytest.raises(TypeError, match=r"^row 'b' \(position 1\) is int, not str$"):
        tagger.frame({"a": "河长制", "b": 3})


def test_frame_share(tagger: tifa.Tagger, texts: list[str]) -> None:
    """values="share": paragraphs / tagged_paragraphs per theme, the report's share unrounded."""
    series = pd.Series(texts, index=[f"doc{i}" for i in range(len(texts))])
    share = tagger.frame(series, "share")
    counts = tagger.frame(series)
    summaries = tagger.summaries(texts)
    assert list(share.columns) == tagger.theme_ids and all(str(d) == "float64" for d in share.dtypes)
    for (label, row), summary in zip(share.iterrows(), summaries):
        tagged = summary["tagged_paragraphs"]
        assert row.tolist() == [counts.loc[label, i] / tagged if tagged else 0.0 for i in tagger.theme_ids]
        assert [round(v, 4) for v in row] == [summary["themes"][i]["share"] for i in tagger.theme_ids]
    assert share.loc[[l for l, s in zip(series.index, summaries) if s["tagged_paragraphs"] == 0]].eq(0.0).all().all()


def test_paragraph_frame(tagger: tifa.Tagger, texts: list[str]) -> None:
    """One row per paragraph of every text, indexed by (the text's label, paragraph), as tag() says."""
    docs = {f"doc{i}": t for i, t in enumerate(texts[:8])}
    docs["missing"] = None
    df = tagger.paragraph_frame(docs)
    assert df.index.names == ["doc", "paragraph"]
    assert list(df.columns) == ["start", "end", "kind", "part", "section", "text", "themes", "terms", "matches"]
    rows = list(df.itertuples())
    want = [(name, p) for name, text in docs.items() if text for p in tagger.tag(text)["paragraphs"]]
    assert len(rows) == len(want) and "missing" not in df.index.get_level_values("doc")
    for row, (name, p) in zip(rows, want):
        assert row.Index == (name, p["index"])
        assert (row.start, row.end, row.kind, row.part) == (p["start"], p["end"], p["kind"], p["part"])
        assert row.text == docs[name][p["start"] : p["end"]]
        assert row.section == " > ".join(p["section"])
        assert row.themes == [t["id"] for t in p["themes"]] and row.matches == len(p["matches"])
        assert set(row.terms) == {term for t in p["themes"] for term in t["terms"]}
    named = pd.Series(texts[:2], index=pd.Index(["a", "b"], name="file"))
    assert tagger.paragraph_frame(named).index.names == ["file", "paragraph"]
    multi = pd.Series(texts[:2], index=pd.MultiIndex.from_tuples([("gd", 2023), ("zj", 2024)], names=["province", "year"]))
    assert tagger.paragraph_frame(multi).index.names == ["province", "year", "paragraph"]
    assert tagger.paragraph_frame(multi).loc[("gd", 2023)].equals(tagger.paragraph_frame([texts[0]]).loc[0])
    empty = tagger.paragraph_frame([])
    assert len(empty) == 0 and list(empty.columns) == list(df.columns)
    with pytest.raises(TypeError, match=r"^row 'b' \(position 1\) is int, not str$"):
        tagger.paragraph_frame({"a": "河长制", "b": 3})
    with pytest.raises(TypeError, match="not a DataFrame"):
        tagger.paragraph_frame(pd.DataFrame({"text": ["河长制"]}))

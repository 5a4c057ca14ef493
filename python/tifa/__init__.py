"""tifa (提法): tag Chinese government work reports with policy themes.

The same engine as the ``tifa`` command (a Rust extension module), with the same results:

>>> import tifa
>>> tagger = tifa.Tagger()
>>> text = "认真对照省委“1310”具体部署，全面推行河長制。"
>>> report = tagger.tag(text)
>>> sorted(t["id"] for t in report["paragraphs"][0]["themes"])
['ecology_environment', 'higher_directives']
>>> m = report["paragraphs"][0]["matches"][-1]
>>> m["term"], m["text"], text[m["start"]:m["end"]]
('河长制', '河長制', '河長制')
>>> tagger.themes(["全面推行河长制。", "全年共完成1310宗。"])
[['ecology_environment'], []]

``tag`` returns the JSON contract of ``tifa tag --format json`` as a dict (less the command's
``encoding``, the file's). Offsets ``start``/``end``
are code-point offsets, which is what Python ``str`` indices are: ``text[m["start"]:m["end"]]`` is the
matched text. The batch calls (``tag_many``, ``themes``, ``summaries``) release the GIL and use every
core; ``Tagger.frame`` turns a pandas Series of texts (or a dict ``{file name: text}``) into a
DataFrame of theme columns, ``Tagger.paragraph_frame`` into one row per paragraph, and ``read_text``
reads a report file (UTF-8, GBK, UTF-16) as the command does.
"""

from __future__ import annotations

import functools
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, Optional, Union

from . import _tifa
from ._tifa import RuleError, RuleErrorDetail, __version__

if TYPE_CHECKING:
    import pandas
    from typing_extensions import Self

__all__ = ["Tagger", "RuleError", "RuleErrorDetail", "read_text", "shared_tagger", "__version__"]

_FRAME_VALUES = ("paragraphs", "matches", "tagged", "share", "themes")

# a rule path: str, bytes (decoded as os.fsdecode does) or os.PathLike
_StrPath = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


class Tagger(_tifa.Tagger):
    """A compiled rule set, ready to tag texts.

    ``Tagger()`` uses the default rules. ``Tagger(rules=["my_rules/"])`` adds rule files or folders
    (``*.toml``) on top of them, ``defaults=False`` uses only yours, and ``sources={"night.toml": toml}``
    adds rule files given as text. Invalid rules raise :class:`RuleError` (a ``ValueError``) with every
    problem; an unreadable path raises ``OSError``, and a folder without any ``*.toml`` ``ValueError``.

    A Tagger is immutable: build it once and share it between threads. Tagging releases the GIL.

    A Tagger pickles, so it can go to worker processes (``multiprocessing``, ``concurrent.futures``,
    Spark closures): it pickles the ``defaults`` flag and the text of every rule file it was built
    from (the ``rules`` files as they were read when it was built, and the ``sources``), each under
    its file name without the folder (a pickle made on Windows loads on Linux, same hash), so
    unpickling reads no file: the workers need no copy of the rule files, and an edit since changes
    nothing. Unpickling builds it again, which takes as long as the first build; in a worker function that runs many times, ``shared_tagger`` builds one per process and
    reuses it. ``copy.copy`` and ``copy.deepcopy`` return the Tagger itself.
    """

    # immutable: no instance attributes either (a __dict__ took `tagger.rules = …` without a word);
    # weak references still work (weakref.ref, weakref.finalize, WeakValueDictionary caches)
    __slots__ = ("__weakref__",)

    def __new__(
        cls,
        rules: Union[_StrPath, Iterable[_StrPath], None] = None,
        *,
        defaults: bool = True,
        sources: Union[Mapping[str, str], Iterable[tuple[str, str]], None] = None,
    ) -> Self:
        """Builds the rules: the defaults (unless ``defaults=False``), then the ``rules`` files and
        folders (every ``*.toml`` of a folder, by name), then ``sources`` (file name → TOML text).
        ``rules`` is a path (``str``, ``bytes`` or ``os.PathLike``) or an iterable of paths.

        Raises :class:`RuleError` with every problem of the rule files, ``OSError`` when a path cannot
        be read, and ``ValueError`` for ``defaults=False`` without any rules and for a ``rules``
        folder without any rule file (``*.toml``), also with the default rules.
        """
        # only for this docstring and signature: the extension type's __new__ shows Python's generic one
        return super().__new__(cls, rules, defaults=defaults, sources=sources)

    @property
    def theme_ids(self) -> list[str]:
        """The ids of the active themes, in rule order (the order of ``summary["themes"]``)."""
        return [t["id"] for t in self.info()["themes"]]

    def frame(
        self,
        texts: "pandas.Series | Mapping[Any, Optional[str]] | Iterable[Optional[str]]",
        values: Literal["paragraphs", "matches", "tagged", "share", "themes"] = "paragraphs",
        *,
        threads: Optional[int] = None,
    ) -> "pandas.DataFrame":
        """Tags a column of texts; a DataFrame with the same index, one row per text.

        ``texts`` is a pandas Series (its index is kept), a mapping such as ``{file name: text}`` (its
        keys become the index) or any other iterable of texts (index 0, 1, …). A DataFrame or one
        ``str`` raises ``TypeError``: pass the column, ``df["text"]``, and use ``tag`` for one text.

        ``values`` says what the DataFrame holds:

        * ``"paragraphs"`` (default): one int column per theme id (rule order), the number of the
          text's paragraphs tagged with the theme;
        * ``"matches"``: one int column per theme, the matches counted for the theme;
        * ``"tagged"``: one bool column per theme, whether any paragraph has it;
        * ``"share"``: one float column per theme, its paragraphs / the text's tagged paragraphs
          (``summary["tagged_paragraphs"]``; 0.0 when none is tagged), not rounded (the report's
          ``share`` is rounded to 4 decimals);
        * ``"themes"``: one column ``themes`` holding the list of theme ids of each text (rule order).

        The counts are those of ``summary["themes"]`` in each text's report. Missing values (``None``,
        ``NaN``) are tagged as empty texts: no theme; any other value that is no ``str`` raises
        ``TypeError`` naming its row (the index label and the position, for a Series). A ``str`` with a
        lone surrogate (text read with ``errors="surrogateescape"``), or a value of an Arrow string column
        whose bytes are not UTF-8, is read with U+FFFD in their place and tagged, with a
        ``UnicodeWarning`` naming its row, as ``tifa tag --jsonl`` reads a ``\\ud800`` (where warnings
        are errors, ``warnings.simplefilter("error")``, that warning is raised and nothing tagged). The texts are
        tagged on ``threads`` threads (all cores by default) with the GIL released.
        """
        import pandas as pd

        if values not in _FRAME_VALUES:
            raise ValueError(f"values must be one of {', '.join(_FRAME_VALUES)}, not {values!r}")
        column = _Column(texts)
        if values == "themes":
            return pd.DataFrame({"themes": column.call(self.themes, threads)}, index=column.series.index)
        ids = self.theme_ids
        summaries = column.call(self.summaries, threads)
        if values == "share":
            shares = {
                i: [s["themes"][i]["paragraphs"] / s["tagged_paragraphs"] if s["tagged_paragraphs"] else 0.0 for s in summaries]
                for i in ids
            }
            return pd.DataFrame(shares, index=column.series.index, columns=ids, dtype="float64")
        key = "matches" if values == "matches" else "paragraphs"
        columns = {i: [s["themes"][i][key] for s in summaries] for i in ids}
        df = pd.DataFrame(columns, index=column.series.index, columns=ids, dtype="int64")
        return df > 0 if values == "tagged" else df

    def paragraph_frame(
        self,
        texts: "pandas.Series | Mapping[Any, Optional[str]] | Iterable[Optional[str]]",
        *,
        threads: Optional[int] = None,
    ) -> "pandas.DataFrame":
        """Tags a column of texts; a tidy DataFrame with one row per paragraph of every text.

        ``texts`` as for :meth:`frame`. The index has two levels: the text's label (``doc`` unless
        the Series' index is named) and ``paragraph`` (the paragraph's ``index`` in its report); a
        text without paragraphs (empty, missing) has no row. The columns come from the report's
        paragraphs: ``start``, ``end`` (code points: ``text[start:end]``), ``kind`` (``text``,
        ``heading``, ``title``, ``boilerplate``), ``part`` (``summary``, ``plan`` or None),
        ``section`` (the headings above it, joined with `` > ``), ``text`` (the paragraph's text),
        ``themes`` (list of the theme ids that tagged it, highest score first), ``terms`` (list of the
        distinct rule terms behind those themes) and ``matches`` (how many matches it holds).
        ``df.reset_index()`` makes the index columns; for CSV, ``df["themes"].str.join(";")``.
        Every report is built (``tag_many``): pass big corpora in chunks.
        """
        import pandas as pd

        column = _Column(texts)
        reports = column.call(self.tag_many, threads)
        rows: dict[str, list[Any]] = {k: [] for k in ("start", "end", "kind", "part", "section", "text", "themes", "terms", "matches")}
        counts: list[int] = []
        numbers: list[int] = []
        for text, report in zip(column.clean, reports):
            counts.append(len(report["paragraphs"]))
            for p in report["paragraphs"]:
                numbers.append(p["index"])
                rows["start"].append(p["start"])
                rows["end"].append(p["end"])
                rows["kind"].append(p["kind"])
                rows["part"].append(p["part"])
                rows["section"].append(" > ".join(p["section"]))
                rows["text"].append(text[p["start"] : p["end"]])
                rows["themes"].append([t["id"] for t in p["themes"]])
                rows["terms"].append(list(dict.fromkeys(term for t in p["themes"] for term in t["terms"])))
                rows["matches"].append(len(p["matches"]))
        labels = column.series.index.repeat(counts)
        levels = [labels.get_level_values(k) for k in range(labels.nlevels)]
        names = list(labels.names) if labels.nlevels > 1 else [labels.name or "doc"]
        index = pd.MultiIndex.from_arrays(levels + [pd.Index(numbers, dtype="int64")], names=names + ["paragraph"])
        df = pd.DataFrame(rows, index=index)
        # part is None outside a summary or plan part: pandas 3 would make a str column of it, None as NaN
        df["part"] = pd.Series(rows["part"], index=index, dtype=object)
        return df.astype({"start": "int64", "end": "int64", "matches": "int64"})


class _Column:
    """The texts of ``frame`` and ``paragraph_frame`` as a Series, missing values as empty texts, and a
    batch call on them that names a bad text by its row."""

    def __init__(self, texts: Any) -> None:
        import pandas as pd

        # iterating these would tag their column names, characters or keys, without a word
        if isinstance(texts, pd.DataFrame):
            raise TypeError("texts must be one column of texts (df['text']), not a DataFrame")
        if isinstance(texts, (str, bytes)):
            raise TypeError(f"texts must be a column of texts, not one {type(texts).__name__} (use tag() for one text)")
        if isinstance(texts, pd.Series):
            self.series: pandas.Series = texts
        elif isinstance(texts, Mapping):
            # {name: text}: the names become the index, as pd.Series(mapping) makes them
            self.series = pd.Series(list(texts.values()), index=list(texts.keys()), dtype=object)
        else:
            self.series = pd.Series(list(texts), dtype=object)
        self.labelled = isinstance(texts, (pd.Series, Mapping))
        series = self.series
        try:
            values = series.tolist()
        except Exception:
            # an Arrow-backed column (pd.read_parquet with pandas 3) holding bytes that are not UTF-8:
            # pyarrow fails on it without saying which ("Wrapping … failed", UnicodeDecodeError). As
            # `tifa tag --bad-bytes replace` reads them: U+FFFD, a warning naming the row, the rest tagged
            read = _arrow_texts(series)
            if read is None:
                raise
            values, bad = read
            for position, where in bad:
                warnings.warn(
                    f"row {self._label(position)!r} (position {position}) is not UTF-8 text: {where} (the column "
                    "holds bytes of another encoding, such as GBK, where a Parquet string column should hold "
                    "UTF-8); its bad bytes were read as U+FFFD",
                    UnicodeWarning,
                    stacklevel=3,
                )
        self.clean: list[Any] = ["" if missing else text for text, missing in zip(values, series.isna().tolist())]
        # a str with lone surrogates (read with errors="surrogateescape"): U+FFFD for each, one code point
        # for one, and a warning naming its row, here rather than by the extension (which names a
        # position): the batch then holds valid text only
        for position, text in enumerate(self.clean):
            if isinstance(text, str) and _SURROGATE.search(text):
                self.clean[position] = _SURROGATE.sub("\ufffd", text)
                warnings.warn(
                    f"row {self._label(position)!r} (position {position}) holds a lone surrogate (as "
                    "errors='surrogateescape' leaves for bytes it could not decode), read as U+FFFD: decode the "
                    "file with its encoding to keep those characters",
                    UnicodeWarning,
                    stacklevel=3,
                )

    def _label(self, position: int) -> Any:
        return self.series.index[position : position + 1].tolist()[0]

    def call(self, batch: Any, threads: Optional[int]) -> Any:
        """``batch(texts, threads=threads)``; a text that is no ``str`` named by its row (the extension
        names it by its position)."""
        clean = self.clean
        try:
            return batch(clean, threads=threads)
        except TypeError:
            bad = next((i for i, text in enumerate(clean) if not isinstance(text, str)), None)
            if not self.labelled or bad is None:
                raise
            raise TypeError(f"row {self._label(bad)!r} (position {bad}) is {type(clean[bad]).__name__}, not str") from None


# a lone surrogate: what errors="surrogateescape" leaves for bytes it could not decode (a str holds
# no surrogate pair: two of them side by side are two lone ones)
_SURROGATE = re.compile("[\ud800-\udfff]")


def _arrow_texts(series: Any) -> Optional[tuple[list[Any], list[tuple[int, str]]]]:
    """The values of an Arrow-backed string Series whose bytes may not all be UTF-8: each value
    decoded, bad bytes as U+FFFD, and the position of each such value with where it goes wrong; None
    when the Series is no Arrow strings."""
    try:
        import pyarrow as pa

        data = pa.array(series.array)
    except Exception:
        return None
    chunks = data.chunks if isinstance(data, pa.ChunkedArray) else [data]
    texts: list[Any] = []
    bad: list[tuple[int, str]] = []
    for chunk in chunks:
        if pa.types.is_large_string(chunk.type):
            values = chunk.view(pa.large_binary()).to_pylist()
        elif pa.types.is_string(chunk.type):
            values = chunk.view(pa.binary()).to_pylist()
        else:
            return None
        for value in values:
            if value is None:
                texts.append(None)
                continue
            try:
                texts.append(value.decode("utf-8"))
            except UnicodeDecodeError as e:
                bad.append((len(texts), f"byte {' '.join(f'0x{b:02X}' for b in value[e.start : e.end])} at byte {e.start}"))
                texts.append(value.decode("utf-8", "replace"))
    return texts, bad


class _SharedTagger:
    """The Tagger for these arguments, built once per process and then reused.

    For code that runs many times in a worker process and cannot hold on to a Tagger itself, such as a
    Spark ``mapInArrow``/``mapInPandas`` function (whose globals are shipped anew with every task), a
    ``multiprocessing`` pool or a Dask task: the first call builds the rules, later calls with equal
    arguments return the same Tagger. ``shared_tagger.cache_info()`` tells how many were built
    (``misses``) and ``shared_tagger.cache_clear()`` forgets them (up to 16 are kept).
    """

    def __call__(
        self,
        rules: Union[_StrPath, Iterable[_StrPath], None] = None,
        *,
        defaults: bool = True,
        sources: Union[Mapping[str, str], Iterable[tuple[str, str]], None] = None,
    ) -> Tagger:
        """The Tagger for these arguments (``Tagger``'s: ``rules`` is a path, ``str``, ``bytes`` or
        ``os.PathLike``, or an iterable of paths), built once per process and then reused."""
        if rules is None:
            paths: tuple[str, ...] = ()
        elif isinstance(rules, (str, bytes, os.PathLike)):
            paths = (os.fsdecode(rules),)
        else:
            paths = tuple(os.fsdecode(p) for p in rules)
        if sources is None:
            texts: tuple[tuple[str, str], ...] = ()
        else:
            items = sources.items() if isinstance(sources, Mapping) else sources
            texts = tuple((str(name), str(text)) for name, text in items)
        return _shared(paths, defaults, texts)

    def cache_info(self) -> functools._CacheInfo:
        """How many Taggers this process built (``misses``), reused (``hits``) and keeps
        (``currsize``, up to ``maxsize``)."""
        return _shared.cache_info()

    def cache_clear(self) -> None:
        """Forgets the Taggers built: the next call builds again."""
        _shared.cache_clear()

    def __repr__(self) -> str:
        return f"<tifa.shared_tagger {self.cache_info()}>"


shared_tagger = _SharedTagger()


@functools.lru_cache(maxsize=16)
def _shared(paths: tuple[str, ...], defaults: bool, texts: tuple[tuple[str, str], ...]) -> Tagger:
    return Tagger(list(paths), defaults=defaults, sources=list(texts))


def read_text(path: Union[str, bytes, os.PathLike[str], os.PathLike[bytes]]) -> str:
    """A report file's text, decoded as ``tifa tag`` decodes a file (``--encoding auto``), so that
    ``tag(read_text(path))`` is what the command gives for it, offsets included: the decoding is the
    command's own (``tifa::decode`` of the Rust crate, with encoding_rs, whose GB18030 is the WHATWG
    one: byte 0x80 is €, which Python's ``gb18030`` codec refuses).

    A byte-order mark (UTF-8, UTF-16) says the encoding and is removed; else the file is read as UTF-8
    when it is valid UTF-8, as UTF-16 when it is plainly UTF-16 text without a byte-order mark, and
    else as GB18030 (which includes GBK and GB2312, what many government sites publish). Line ends are
    kept as they are. A file that is none of these, or UTF-8 (or GB18030) with a few damaged bytes
    (which another encoding would turn into other characters), raises ``UnicodeDecodeError`` naming
    the place (its ``start`` and ``end`` are the byte offsets of the first bad bytes in the file, and
    its reason says the line and column as the command does); an unreadable path ``OSError``.

    A Word document (.docx, told by its bytes, whatever its name) gives its text as the command reads
    it: each paragraph of the body, of its tables and text boxes on a line of its own, tracked
    deletions left out (the Rust crate's ``tifa::docx``); a Word 97-2003 document (.doc) likewise,
    from its main text (``tifa::doc``: text boxes and Word's list numbers are not read there). A PDF file gives the text of its text layer,
    its lines joined back into paragraphs (``tifa::pdf``); one without a text layer (a scan) or that
    needs a password raises ``ValueError``. An HTML page (one that opens with
    ``<!DOCTYPE html`` or ``<html``) gives the text a reader copying the page would paste: a line for
    each block, no markup, scripts or styles, nor what the page hides with ``hidden`` or an inline
    ``display: none`` (``tifa::html``). A damaged document, a .doc that needs a
    password or comes from Word 95 or before, another Office file and an RTF file raise ``ValueError``
    saying what to do (extract or save the text first).

    >>> import pathlib, tempfile
    >>> gbk = pathlib.Path(tempfile.mkdtemp()) / "report.txt"
    >>> _ = gbk.write_bytes("全面推行河长制。".encode("gbk"))
    >>> read_text(gbk)
    '全面推行河长制。'
    """
    with open(path, "rb") as f:
        data = f.read()
    text, _encoding = _tifa.decode(data, repr(os.fspath(path)))
    return text

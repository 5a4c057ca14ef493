"""Type stubs of the extension module built from src/python.rs (use it through ``tifa``)."""

import os
from typing import Any, Iterable, Mapping, Optional, Union, final

# Only type checkers read this file, and they all bring typing_extensions' stubs: no dependency at run
# time. disjoint_base (PEP 800): Tagger is a class written in Rust, so a class cannot derive from both
# it and another such class; type checkers that do not know the decorator yet take it for Any.
from typing_extensions import Self, disjoint_base

__all__ = ["RuleError", "RuleErrorDetail", "Tagger", "__version__", "decode"]

__version__: str
"""The tifa version: the crate's, which is also the Python package's."""

# a rule path: str, bytes (decoded as os.fsdecode does) or os.PathLike
_StrPath = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

@final
class RuleErrorDetail:
    """One problem in a rule file: where it is and what is wrong."""

    file: str
    """The rule file's name as given (a path, or a key of ``sources``)."""
    line: int
    """1-based line of the start of the fault (0 for an error about the whole file, such as its name)."""
    column: int
    """1-based column of the start, in characters."""
    end_line: int
    """1-based line of the end of the fault."""
    end_column: int
    """1-based column just past the end, in characters."""
    message: str
    """What is wrong, in one sentence."""
    hint: Optional[str]
    """What most likely causes it and how to fix it (a full-width character, a key below a table), or None."""
    source_line: str
    """The text of the line the fault is on."""
    rendered: str
    """The error as ``tifa check`` prints it: message, ``--> file:line:column``, the line and a caret."""
    def __new__(
        cls,
        file: str,
        line: int,
        column: int,
        end_line: int,
        end_column: int,
        message: str,
        source_line: str,
        rendered: str,
        hint: Optional[str] = None,
    ) -> "RuleErrorDetail":
        """Made by tifa for ``RuleError.errors``; the constructor is what pickling rebuilds one with."""
    def __reduce__(self) -> tuple[type["RuleErrorDetail"], tuple[str, int, int, int, int, str, str, str, Optional[str]]]:
        """Pickling: the class and the fields, in the constructor's order."""

class RuleError(ValueError):
    """Invalid rule files. ``str(error)`` shows every problem with its source line and a caret. It
    pickles with its ``errors``, so it reaches the parent of a worker process whole."""

    errors: list[RuleErrorDetail]
    """Every problem, sorted by file, line and column."""

@disjoint_base
class Tagger:
    """A compiled rule set, ready to tag texts; immutable and safe to share between threads.

    Pickling rebuilds it from what it was built from (``defaults`` and the text of every rule file,
    as read when it was built: no file is read again); ``copy.copy`` and ``copy.deepcopy`` return
    the Tagger itself."""

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
        folder without any rule file (``*.toml``), also with the default rules (a wrong path or
        extension, almost surely)."""
    def tag(self, text: str) -> dict[str, Any]:
        """Tags one text. The report is exactly the JSON object of ``tifa tag --format json`` without
        its ``encoding`` (the file's): ``tifa``, ``rules``, ``paragraphs`` (with ``themes`` and ``matches``) and ``summary``.
        ``start``/``end`` offsets count code points, like Python ``str`` indices; ``byte_*`` count
        UTF-8 bytes and ``utf16_*`` UTF-16 code units. The GIL is released while tagging.

        The dict is built directly (no JSON text in between), equal to ``json.loads`` of the JSON:
        the same keys in the same order, and each score the float of its JSON text (``0.3``). Equal
        strings in it are one ``str`` object. The garbage collector is paused while it is built
        (and left as it was)."""
    def tag_json(self, text: str, *, pretty: bool = False) -> str:
        """Tags one text; the report as JSON text. ``pretty=True`` indents it as
        ``tifa tag --format json`` prints it (without its ``"encoding"`` line and the final newline)."""
    def tag_many(self, texts: Iterable[str], *, threads: Optional[int] = None) -> list[dict[str, Any]]:
        """``[tag(t) for t in texts]``, computed on ``threads`` threads (default: every core) with
        the GIL released (``threads`` below 1: ``ValueError``). A text that is no ``str`` raises
        ``TypeError`` naming its position; a ``str`` with a lone surrogate (text read with
        ``errors="surrogateescape"``) is read with U+FFFD in its place and tagged, with a ``UnicodeWarning``
        naming its position (the batch goes on, as ``tifa tag --jsonl`` does past a ``\\ud800``); ``tag()``
        of such a text raises ``UnicodeEncodeError``. The texts are read into a list first: pass big corpora in
        chunks. Ctrl-C stops it (``KeyboardInterrupt``), as it does ``summaries`` and ``themes``."""
    def summaries(self, texts: Iterable[str], *, threads: Optional[int] = None) -> list[dict[str, Any]]:
        """``[tag(t)["summary"] for t in texts]`` on several threads, without building the
        paragraphs in Python: counts per report and, for every active theme (rule order), the
        paragraphs tagged, the matches counted and the share."""
    def themes(self, texts: Iterable[str], *, threads: Optional[int] = None) -> list[list[str]]:
        """For each text, the ids of the themes that tagged at least one of its paragraphs, in rule
        order; on several threads with the GIL released."""
    def explain(self, text: str) -> list[dict[str, Any]]:
        """Every candidate match in the text, accepted or not: ``start``, ``end`` (code points),
        ``byte_start``, ``byte_end`` (UTF-8 bytes), ``utf16_start``, ``utf16_end`` (UTF-16 units), ``term``, ``text``, ``accepted`` (theme ids) and ``rejected`` (``[theme id, {"reason": …,
        "detail": …}]`` pairs): the ``candidates`` of ``tifa explain --json``, built directly as
        ``tag``'s report is."""
    def check(self) -> list[dict[str, Any]]:
        """Runs the examples and counter-examples written in the rule files. Returns the failures
        (``file``, ``line``, ``column``, ``theme``, ``positive``, ``text``, ``message``); empty when
        every example holds."""
    def info(self) -> dict[str, Any]:
        """The active rules: ``name`` (default, default+custom or custom), ``version``, ``hash``,
        ``terms``, ``examples`` and ``themes`` (``id``, ``name``, ``name_en``, ``description``,
        ``threshold``, ``closing``, ``terms``), in rule order."""
    def __reduce__(self) -> tuple[Any, tuple[()]]:
        """Pickling: ``functools.partial(type(self), defaults=…, sources=…)`` of the texts of the
        rule files the Tagger was built from, as they were read then, each under its file name
        without the folder (what the theme id and the hash read): unpickling reads no file, on
        any system."""
    def __copy__(self) -> Self:
        """The Tagger itself: it is immutable."""
    def __deepcopy__(self, memo: Any) -> Self:
        """The Tagger itself: it is immutable."""

def decode(data: bytes, name: str) -> tuple[str, str]:
    """A report file's bytes decoded as ``tifa tag`` decodes a file (``--encoding auto``): ``(text,
    encoding)``, the encoding as ``--encoding`` names it (``utf8``, ``gb18030``, ``utf16le``,
    ``utf16be``). Bytes that cannot be decoded raise ``UnicodeDecodeError`` whose ``start``/``end`` are
    the first bad bytes and whose reason starts with ``name`` and says the line and column. A Word
    document (.docx) gives its text, one paragraph a line, and ``docx``; a Word 97-2003 document
    (.doc) likewise and ``doc``; a PDF file the text of its
    text layer, one paragraph a line, and ``pdf``; an HTML page its text and ``html+`` the encoding
    (``html+gb18030`` …); a damaged one, a PDF without a text layer, a .doc that needs a password, or an RTF file raises ``ValueError`` whose message starts with ``name`` and says what to do."""

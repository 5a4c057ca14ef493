"""tifa.read_text reads a report file as the command does (UTF-8, a byte-order mark, GB18030 such as
GBK, UTF-16 with or without a byte-order mark): tagging its text gives the command's JSON."""

from __future__ import annotations

import codecs

import pytest

import tifa
from conftest import CORPUS, ROOT, SAMPLES, read_text, run_tifa, without_encoding

TEXT = "2022年广东省政府工作报告\n\n一、2021年工作回顾\n\n全面推行河长制，深入打好污染防治攻坚战。坚持党建引领基层治理。\r\n"


@pytest.mark.parametrize(
    "name, data, encoding",
    [
        ("utf8.txt", TEXT.encode("utf-8"), "utf8"),
        ("bom.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf8"),
        ("gbk.txt", TEXT.encode("gbk"), "gb18030"),
        ("utf16le-bom.txt", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf16le"),
        ("utf16be-bom.txt", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf16be"),
        ("utf16le.txt", TEXT.encode("utf-16-le"), "utf16le"),
    ],
)
def test_read_text_is_the_commands(tmp_path, tagger: tifa.Tagger, name: str, data: bytes, encoding: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    text = tifa.read_text(path)
    assert text == TEXT
    cli = run_tifa("tag", "--format", "json", str(path)).stdout.decode()
    assert tagger.tag_json(text, pretty=True) == without_encoding(cli, encoding).rstrip("\n")
    assert tifa.read_text(str(path)) == text


def test_read_text_of_the_samples() -> None:
    for path in SAMPLES:
        assert tifa.read_text(path) == read_text(path)


def test_read_text_refuses_what_it_cannot_decode(tmp_path) -> None:
    # UTF-8 with one damaged byte: an error, not GB18030 mojibake (the command refuses it too)
    damaged = tmp_path / "damaged.txt"
    damaged.write_bytes(TEXT.encode("utf-8")[:40] + b"\xff" + TEXT.encode("utf-8")[40:])
    with pytest.raises(UnicodeDecodeError):
        tifa.read_text(damaged)
    assert run_tifa("tag", str(damaged), check=False).returncode == 65
    neither = tmp_path / "neither.txt"
    neither.write_bytes(b"\x81\x20\xff\xfe\x00abc")
    with pytest.raises(UnicodeDecodeError, match="neither UTF-8 nor GB18030"):
        tifa.read_text(neither)
    with pytest.raises(FileNotFoundError):
        tifa.read_text(tmp_path / "missing.txt")


def test_read_text_decodes_gb18030_as_the_command(tmp_path, tagger: tifa.Tagger) -> None:
    """Byte 0x80 in a GB18030 file: encoding_rs (the command's decoder, WHATWG's GB18030) reads it as €,
    where Python's own gb18030 codec refuses it; read_text decodes as the command does."""
    data = TEXT.encode("gbk") + b"\x80" + "完成瓶改管。\n".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb18030")
    path = tmp_path / "euro.txt"
    path.write_bytes(data)
    text = tifa.read_text(path)
    assert text == TEXT + "€完成瓶改管。\n"
    cli = run_tifa("tag", "--format", "json", str(path)).stdout.decode()
    assert tagger.tag_json(text, pretty=True) == without_encoding(cli, "gb18030").rstrip("\n")


def test_read_text_places_bad_bytes_as_the_command(tmp_path) -> None:
    """The error names the file and says where the bad bytes are, as the command's message does."""
    damaged = tmp_path / "damaged.txt"
    utf8 = TEXT.encode("utf-8")
    damaged.write_bytes(utf8[:40] + b"\xff" + utf8[40:])
    with pytest.raises(UnicodeDecodeError) as caught:
        tifa.read_text(damaged)
    e = caught.value
    # byte 0xFF cuts 、 (e3 80 81) short: the run of bad bytes is e3 ff 80 81, from byte 39
    assert (e.encoding, e.start, e.end) == ("utf-8", 39, 43)
    assert e.reason.startswith(f"{str(damaged)!r} is not valid UTF-8 text: bytes 0xE3 0xFF 0x80 0x81 at byte 39 (line 3, column 2)")
    cli = run_tifa("tag", str(damaged), check=False).stderr.decode()
    assert e.reason.split(" is ", 1)[1] in cli


def test_read_text_paths(tmp_path) -> None:
    """bytes paths are paths; an exception of a path's __fspath__ is raised as it is."""
    path = tmp_path / "utf8.txt"
    path.write_bytes(TEXT.encode("utf-8"))
    assert tifa.read_text(bytes(path)) == TEXT

    class Broken:
        def __fspath__(self) -> str:
            raise RuntimeError("no path today")

    with pytest.raises(RuntimeError, match="no path today"):
        tifa.read_text(Broken())


DOCX = ROOT / "tests" / "fixtures" / "docx" / "panyu-shawan-2023.docx"


def test_read_text_of_a_word_document(tmp_path, tagger: tifa.Tagger) -> None:
    # the sample report saved by python-docx, its paragraphs cut into runs (tests/fixtures/docx/make.py)
    text = tifa.read_text(DOCX)
    assert text == read_text(CORPUS / "panyu-shawan-2023.txt") + "\n"
    cli = run_tifa("tag", "--format", "json", str(DOCX)).stdout.decode()
    assert tagger.tag_json(text, pretty=True) == without_encoding(cli, "docx").rstrip("\n")
    # told by its bytes, not its name
    renamed = tmp_path / "report.txt"
    renamed.write_bytes(DOCX.read_bytes())
    assert tifa.read_text(renamed) == text


DOC = ROOT / "tests" / "fixtures" / "doc" / "panyu-shawan-2023.doc"


def test_read_text_of_a_word_97_document(tagger: tifa.Tagger) -> None:
    # the sample report saved as .doc by LibreOffice Writer (tests/fixtures/doc/make.sh): as the .docx
    text = tifa.read_text(DOC)
    assert text == read_text(CORPUS / "panyu-shawan-2023.txt") + "\n"
    cli = run_tifa("tag", "--format", "json", str(DOC)).stdout.decode()
    assert tagger.tag_json(text, pretty=True) == without_encoding(cli, "doc").rstrip("\n")


PDF = ROOT / "tests" / "fixtures" / "pdf"


def test_read_text_of_a_pdf(tagger: tifa.Tagger) -> None:
    # the sample report printed to PDF as an office lays a report out (tests/fixtures/pdf/make.py): its
    # lines joined back into paragraphs, the page numbers and the watermark left out
    text = tifa.read_text(PDF / "panyu-shawan-2023.pdf")
    assert text == (PDF / "panyu-shawan-2023.expected.txt").read_text(encoding="utf-8")
    cli = run_tifa("tag", "--format", "json", str(PDF / "panyu-shawan-2023.pdf")).stdout.decode()
    assert tagger.tag_json(text, pretty=True) == without_encoding(cli, "pdf").rstrip("\n")
    # encrypted with an empty user password, copying forbidden: read all the same
    assert tifa.read_text(PDF / "restricted.pdf") == (PDF / "restricted.expected.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("cut.docx", DOCX.read_bytes()[:5000], "is not a zip archive that can be read ("),
        ("cut.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "is a PDF file that cannot be read ("),
        ("scan.pdf", (PDF / "scan.pdf").read_bytes(), "is a PDF file without a text layer (a scanned document?)"),
        ("locked.pdf", (PDF / "locked.pdf").read_bytes(), "is an encrypted PDF file that cannot be opened without a password"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "is a damaged Word 97-2003 document (.doc) ("),
    ],
)
def test_read_text_refuses_what_it_cannot_read(tmp_path, name: str, data: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ValueError) as caught:
        tifa.read_text(path)
    assert not isinstance(caught.value, UnicodeDecodeError)
    assert str(caught.value).startswith(repr(str(path)) + " " + message), str(caught.value)


PAGE = ROOT / "tests" / "fixtures" / "html" / "panyu-shawan-2023.html"


def test_read_text_of_an_html_page(tagger: tifa.Tagger) -> None:
    # a sample report as a portal serves it, in GBK (tests/fixtures/html/make.py): the text a reader
    # copying the page would paste, as the command reads it
    text = tifa.read_text(PAGE)
    assert text == (PAGE.parent / "panyu-shawan-2023.expected.txt").read_text(encoding="utf-8")
    cli = run_tifa("tag", "--format", "json", str(PAGE)).stdout.decode()
    assert tagger.tag_json(text, pretty=True) == without_encoding(cli, "html+gb18030").rstrip("\n")

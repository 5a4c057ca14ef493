"""tifa.read_text reads a report file as the command does (UTF-8, a byte-order mark, GB18030 such as
GBK, UTF-16 with or without a byte-order mark): tagging its text gives the command's JSON."""

from __future__ import annotations

import codecs

import pytest

import tifa
from conftest import SAMPLES, read_text, run_tifa

TEXT = "2022年广东省政府工作报告\n\n一、2021年工作回顾\n\n全面推行河长制，深入打好污染防治攻坚战。坚持党建引领基层治理。\r\n"


@pytest.mark.parametrize(
    "name, data",
    [
        ("utf8.txt", TEXT.encode("utf-8")),
        ("bom.txt", codecs.BOM_UTF8 + TEXT.encode("utf-8")),
        ("gbk.txt", TEXT.encode("gbk")),
        ("utf16le-bom.txt", codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")),
        ("utf16be-bom.txt", codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be")),
        ("utf16le.txt", TEXT.encode("utf-16-le")),
    ],
)
def test_read_text_is_the_commands(tmp_path, tagger: tifa.Tagger, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    text = tifa.read_text(path)
    assert text == TEXT
    cli = run_tifa("tag", "--format", "json", str(path)).stdout.decode()
    assert tagger.tag_json(text, pretty=True) == cli.rstrip("\n")
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

"""Offsets: `start`/`end` are Python str indices (code points), also past the Basic Multilingual Plane."""

from __future__ import annotations

import tifa

# U+20BB7 𠮷 and U+1F4CC 📌 take two UTF-16 units and four UTF-8 bytes each; 河長制 is Traditional.
TEXT = (
    "𠮷📌 一、认真对照省委“1310”具体部署\n"
    "\n"
    "𠮷𠮷全面推行河長制，📌深化“五社联动”，推进瓶改管。\n"
    "\n"
    "建设𠀀碧道，发展专精特新企业。😀"
)


def slices(text: str, span: dict) -> tuple[str, str, str]:
    """The text of a span cut three ways: by code points, UTF-8 bytes and UTF-16 units."""
    b = text.encode("utf-8")
    u = text.encode("utf-16-le")
    return (
        text[span["start"] : span["end"]],
        b[span["byte_start"] : span["byte_end"]].decode("utf-8"),
        u[2 * span["utf16_start"] : 2 * span["utf16_end"]].decode("utf-16-le"),
    )


def test_offsets_outside_the_bmp(tagger: tifa.Tagger) -> None:
    report = tagger.tag(TEXT)
    assert len(TEXT) < len(TEXT.encode("utf-16-le")) // 2 < len(TEXT.encode("utf-8"))
    matches = [m for p in report["paragraphs"] for m in p["matches"]]
    assert {m["term"] for m in matches} >= {"1310", "河长制", "五社联动", "瓶改管", "专精特新"}
    for m in matches:
        by_chars, by_bytes, by_utf16 = slices(TEXT, m)
        assert by_chars == by_bytes == by_utf16 == m["text"]
    river = next(m for m in matches if m["term"] == "河长制")
    assert river["text"] == "河長制"
    assert river["start"] == TEXT.index("河長制")
    for p in report["paragraphs"]:
        by_chars, by_bytes, by_utf16 = slices(TEXT, p)
        assert by_chars == by_bytes == by_utf16
        assert by_chars == by_chars.strip() and by_chars
    # the matches of a batch call are the same
    assert tagger.tag_many([TEXT]) == [report]


def test_explain_offsets_are_code_points(tagger: tifa.Tagger) -> None:
    candidates = tagger.explain(TEXT)
    assert candidates
    for c in candidates:
        assert TEXT[c["start"] : c["end"]] == c["text"]
        # and UTF-8 bytes and UTF-16 units, as the matches of tag()
        by_chars, by_bytes, by_utf16 = slices(TEXT, c)
        assert by_chars == by_bytes == by_utf16 == c["text"]

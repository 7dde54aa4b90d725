"""Fuzz target for the reader and the matcher: raw bytes as scrapers leave them.

Hypothesis builds files from pieces that break readers (byte order marks, NUL bytes, legacy code
pages, UTF-16 without a BOM, mojibake, stray CRs, zero-width characters, random bytes) and
repeats some of them, so the matcher sees copies too. ``DEDUPE_FUZZ_EXAMPLES`` sets how many
files (CI runs the default); every failure it finds is kept below as an ``@example``.
"""

from __future__ import annotations

import codecs
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dedupe import DedupeError, clean_bytes

TEXTS = [
    "40 граждан Казахстана остаются в рядах…",
    "Президент провёл встречу с главой правительства в Бишкеке 12 марта.",
    "The minister said the talks would resume on Monday, officials reported.",
    "دعا الرئيس الفرنسي إلى تشكيل حكومة لمنطقة اليورو.",
    "Qazaqstan men Qyrǵyzstan basshylary telefon arqyly sóılesti.",
    "Don’t stop — «quotes» and “curly” ones…",
]
ENCODINGS = ["utf-8", "cp1251", "koi8-r", "cp866", "cp1252", "cp1256", "utf-16-le", "utf-16-be", "latin-1"]


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="ignore")


def _mojibake(text: str, codec: str) -> bytes:
    return text.encode("utf-8").decode(codec, errors="replace").encode("utf-8")


text_piece = st.one_of(
    st.builds(_encode, st.sampled_from(TEXTS) | st.text(max_size=80), st.sampled_from(ENCODINGS)),
    st.builds(_mojibake, st.sampled_from(TEXTS), st.sampled_from(["cp1252", "cp1251", "koi8-r", "latin-1"])),
)
noise = st.sampled_from(
    [
        b"\n",
        b"\r\n",
        b"\r",
        b"\n\n",
        b"\x00",
        b"\t",
        b"\xc2\xa0",
        b"\xe2\x80\x8b",
        codecs.BOM_UTF8,
        codecs.BOM_UTF16_LE,
        codecs.BOM_UTF16_BE,
        b"\xff\xfe\x00\x00",
        b"\x1b[0m",
    ]
)
piece = st.one_of(text_piece, noise, st.binary(max_size=24))
raw_file = st.lists(piece, max_size=24).flatmap(
    lambda pieces: st.permutations(pieces + pieces[: len(pieces) // 2]).map(b"".join)
)
EXAMPLES = int(os.environ.get("DEDUPE_FUZZ_EXAMPLES", "300"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw_file)
@example(b"")
@example(codecs.BOM_UTF16_LE)
@example(b"\xff\xfe\x00\x00")
@example(b"\r\r\r")
@example("Lead.\nLead.\n".encode("utf-16-le"))
@example(b"\xef\xbb\xbf\x00\xef\xbb\xbf")
@example(b"\xc2\xa0" + "40 граждан остаются в рядах…".encode().decode("cp1251").encode() + b"\xc2\xa0")
# Repaired from Mac Roman, the line got back a zero-width space that stopped the next round.
@example(
    b"\xe2\x80\x8b" + "Qyr\u01f5yzstan basshylary s\u00f3\u0131lesti.".encode().decode("cp1251").encode() + b"\r\x80\n"
)
@example(
    b"A line long enough to pass for a wrapped one, and repeated.\n" * 2
    + b"\nA line long enough to pass for a wrapped one, and repeated."
)
def test_reader_and_matcher_hold_on_any_bytes(data: bytes) -> None:
    try:
        result = clean_bytes(data)
    except DedupeError as err:
        message = err.message
        assert message
        assert "\n" not in message
        return
    again = clean_bytes(result.text.encode("utf-8"))
    assert again.text == result.text
    assert again.removed == ()
    if result.paragraphs:
        assert result.kept
    for removal in result.removed:  # the text of every removed paragraph still stands
        assert result.paragraphs[removal.kept_index].text in result.text

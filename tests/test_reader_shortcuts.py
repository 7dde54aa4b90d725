"""The reader's shortcuts for text without odd characters give what the general steps give."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from dedupe.decode import _checked
from dedupe.model import BinaryInputError
from dedupe.reader import (
    KEY_CHARS,
    NFKC_SIMPLE_CHARS,
    _dominant_newline,
    _key_char,
    _leading_blank_lines,
    _leading_spaces_lines,
    _nfkc_char,
    _tidy,
    _untidy,
    make_key,
    normalize,
)

# Lines of every kind: ASCII, spaces of several kinds, controls, line breaks, quotes and dashes.
text = st.text(
    alphabet=st.sampled_from("ab Zé\u00a0\t\r\n\x0b\x01\u200b\u2028`'\"\u201c\u2014…ｆＡ\u3000ёß"), max_size=40
) | st.text(max_size=40)
printable_text = st.lists(st.text(alphabet=st.characters(exclude_categories=("Cs",))), max_size=6).map(
    lambda lines: "\n".join(line for line in lines if line.isprintable())
)


@given(text)
@example("a\x01b\x02c\x03")
def test_control_count_of_utf8_bytes_is_that_of_the_text(text: str) -> None:
    data = text.encode("utf-8", errors="surrogatepass")
    try:
        expected: str | type[BinaryInputError] = _checked(text)
    except BinaryInputError:
        expected = BinaryInputError
    try:
        got: str | type[BinaryInputError] = _checked(text, data)
    except BinaryInputError:
        got = BinaryInputError
    assert got == expected


@given(printable_text | st.sampled_from(["", " ", "\n \n a", " \n\n", "  a  \n b"]))
def test_printable_lines_are_tidied_and_counted_as_normalisation_does(text: str) -> None:
    lines = text.split("\n")
    assert _tidy(lines, printable=True) == _tidy(lines) == normalize(text)
    assert _leading_spaces_lines(text) == _leading_blank_lines(text)


@given(text)
@example("a\rb\r\nc\n")
def test_dominant_newline_without_carriage_return_is_lf(text: str) -> None:
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\n": text.count("\n") - crlf, "\r": text.count("\r") - crlf}
    expected = max(counts, key=lambda ending: counts[ending]) if any(counts.values()) else "\n"
    assert _dominant_newline(text) == expected


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | text)
@example("`quoted` text")
@example("\uff40")  # NFKC makes it the backtick
def test_ascii_key_is_the_regex_key(text: str) -> None:
    normal = text
    if not unicodedata.is_normalized("NFKC", normal):
        normal = unicodedata.normalize("NFKC", NFKC_SIMPLE_CHARS.sub(_nfkc_char, normal))
    key = KEY_CHARS.sub(_key_char, normal).casefold()
    assert make_key(text) == (" ".join(key.split()) if _untidy(key) else key)

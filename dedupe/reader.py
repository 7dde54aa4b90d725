"""bytes -> Source -> paragraphs: decoded text, normalised whitespace, layout, paragraphs, keys.

``decode`` turns the bytes into text and ``mojibake`` repairs lines garbled by a wrong code
page; here the text is normalised (line breaks, Unicode spaces, invisible characters), its
layout detected (one paragraph per line, or hard-wrapped blocks), and it is split into
paragraphs, each with the key matching compares.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from dedupe.decode import CONTROL, HIDDEN, ZERO_WIDTH, decode, unify_line_breaks
from dedupe.model import Layout, Paragraph, Source
from dedupe.mojibake import repair_mojibake
from dedupe.plausibility import SOFT_HYPHEN

MIN_WRAP_WIDTH, MAX_WRAP_WIDTH = 40, 200  # columns at which hard-wrapped text is plausibly wrapped
INVISIBLE = re.compile(f"[{ZERO_WIDTH}{SOFT_HYPHEN}]")
WHITESPACE_RUN = re.compile(r"(\s+)")

# For keys: one spelling of each quote, apostrophe and dash; ellipsis as three dots.
KEY_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys(
            map(ord, "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02\u300c\u300d\u300e\u300f"), '"'
        ),
        **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2039\u203a\u2032`\u00b4"), "'"),
        **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"),
        ord("\u2026"): "...",
        **dict.fromkeys(map(ord, "\u200e\u200f"), None),
    }
)


KEY_CHARS = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(KEY_TRANSLATION)) + "]")
# Those in ASCII (the backtick): ASCII text, in NFKC by definition, needs no more than these.
ASCII_KEY_CHARS = {chr(code): spelling or "" for code, spelling in KEY_TRANSLATION.items() if code < 0x80}
# The characters that most often keep a paragraph from being in NFKC already: full-width ASCII
# (Chinese and Japanese punctuation), the ellipsis, the ideographic space and Thai SARA AM. Put
# in their NFKC form first, they leave NFKC a check instead of a decomposition of the whole
# paragraph (several times faster for Chinese, Japanese and Thai), with the same result.
NFKC_SIMPLE = {c: unicodedata.normalize("NFKC", c) for c in map(chr, [*range(0xFF01, 0xFF5F), 0x2026, 0x3000, 0x0E33])}
NFKC_SIMPLE_CHARS = re.compile("[" + "".join(map(re.escape, NFKC_SIMPLE)) + "]")


def read(data: bytes) -> Source:
    """Decode ``data``, repair mojibake, normalise whitespace and detect the layout."""
    decoded = decode(data)
    lines = decoded.text.split("\n")
    printable = all(map(str.isprintable, lines))
    if printable:
        # Every line break the reader counts, control and hidden character is unprintable: a
        # text without one has only "\n" line ends and nothing for the steps below to drop.
        newline, original, shown = "\n", decoded.text, decoded.text
    else:
        newline = _dominant_newline(decoded.text)
        original = unify_line_breaks(decoded.text)
        # Characters normalisation drops anyway must not hide a garbled line from the repair; the
        # soft hyphen stays until after it, as it is a byte of windows-1252 mojibake ("Ã\u00ad").
        shown = _on_odd_lines(lambda line: HIDDEN.sub("", line), original)
    text, fixes = repair_mojibake(shown)
    unrepaired = printable and text is shown
    # Unrepaired printable lines have nothing but spacing to normalise.
    normal = _tidy(lines, printable=True) if unrepaired else normalize(text)
    lines = normal.split("\n")
    return Source(
        text=normal,
        encoding=decoded.encoding,
        confidence=decoded.confidence,
        repairs=decoded.repairs + fixes,
        warnings=decoded.warnings,
        newline=newline,
        layout=detect_layout(lines),
        final_newline=original.rstrip(" \t").endswith("\n"),
        original=original,
        lead=(_leading_spaces_lines(original) if unrepaired else _leading_blank_lines(original)) if normal else 0,
    )


def _leading_blank_lines(text: str) -> int:
    """Return how many lines of ``text`` come before the first that normalisation keeps text of."""
    # Line by line from the top: the first line nearly always has text, and the rest is not split.
    start = number = 0
    while True:
        end = text.find("\n", start)
        if normalize(text[start:] if end < 0 else text[start:end]):
            return number
        if end < 0:
            return 0
        start, number = end + 1, number + 1


def _leading_spaces_lines(text: str) -> int:
    """``_leading_blank_lines`` for a text of printable lines, where the lines normalisation
    keeps no text of are those of spaces alone."""
    rest = text.lstrip(" \n")
    return text.count("\n", 0, len(text) - len(rest)) if rest else 0


def _on_odd_lines(change: Callable[[str], str], text: str) -> str:
    """Return ``text`` with ``change`` applied to its odd lines (see ``odd_lines``)."""
    lines = text.split("\n")
    if all(map(str.isprintable, lines)):
        return text
    return "\n".join(line if line.isprintable() else change(line) for line in lines)


def _dominant_newline(text: str) -> str:
    if "\r" not in text:
        return "\n"
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\n": text.count("\n") - crlf, "\r": text.count("\r") - crlf}
    return max(counts, key=lambda ending: counts[ending]) if any(counts.values()) else "\n"


def normalize(text: str) -> str:
    """Return ``text`` with LF line ends, one space between words and no invisible or control
    characters (a decoded file may hold a few; a file of them is refused as binary).

    Blank lines are kept (the layout needs them); leading and trailing blank lines go.

    >>> normalize("a\\u00a0\\u00a0b\\t c \\r\\n\\r\\nd\\u200be\\r\\n")
    'a b c\\n\\nde'
    """
    lines = unify_line_breaks(text).split("\n")
    if not all(map(str.isprintable, lines)):
        lines = [line if line.isprintable() else CONTROL.sub("", INVISIBLE.sub("", line)) for line in lines]
    return _tidy(lines)


def _tidy(lines: list[str], *, printable: bool = False) -> str:
    """Return ``lines`` joined, each with one space between words, without leading and trailing
    blank lines; ``printable`` when every line is (its only spaces are U+0020)."""
    # str.split() splits at every Unicode space (NBSP, tabs, U+3000), and only there.
    if printable:
        lines = [" ".join(line.split()) if _spaced(line) else line for line in lines]
    else:
        lines = [" ".join(line.split()) if _untidy(line) else line for line in lines]
    return "\n".join(lines).strip("\n")


def _untidy(line: str) -> bool:
    return not line.isprintable() or _spaced(line)


def _spaced(line: str) -> bool:
    return "  " in line or line[:1] == " " or line[-1:] == " "


def detect_layout(lines: list[str]) -> Layout:
    """Return ``blocks`` for hard-wrapped paragraphs split by blank lines, else ``lines``.

    A block counts as hard-wrapped when its lines (but the last) are full: adding the next
    line's first word would pass the widest line. Caption-and-paragraph blocks and a stray blank
    line in a line-per-paragraph article are not wrapped, so they stay ``lines``.

    >>> wrapped = ["Bath prop Duncan Bell has been added to England's", "squad to face Ireland."]
    >>> detect_layout(["Title", ""] + wrapped + [""] + wrapped)
    'blocks'
    >>> detect_layout(["A whole paragraph on one line, however long it is.", "", "Another.", "A third."])
    'lines'
    """
    if "" not in lines:
        return "lines"  # blocks are separated by blank lines; one block is a line per paragraph
    width = max((len(line) for line in lines), default=0)
    inner = full = 0
    for number, line in enumerate(lines[:-1]):
        following = lines[number + 1]
        if not line or not following:
            continue
        inner += 1
        # A wrapped paragraph never repeats its own line: a doubled line is two paragraphs.
        if len(line) + 1 + len(following.split(" ", 1)[0]) > width and following != line:
            full += 1
    if inner == 0 or not MIN_WRAP_WIDTH <= width <= MAX_WRAP_WIDTH:
        return "lines"
    return "blocks" if full >= 0.8 * inner else "lines"


def split_paragraphs(source: Source) -> tuple[Paragraph, ...]:
    """Return the paragraphs of ``source`` in order, each with its matching key."""
    lines = source.text.split("\n")
    if source.layout == "lines":
        return _line_paragraphs(lines)
    blocks: list[tuple[int, str, int]] = []  # each paragraph's first line, text and blank lines before
    blank = 0
    start = 0
    chunk: list[str] = []
    for number, line in enumerate(lines):
        if not line:
            if chunk:
                blocks.append((start + 1, "\n".join(chunk), blank))
                chunk = []
                blank = 0
            blank += 1 if blocks else 0
            continue
        if not chunk:
            start = number
        chunk.append(line)
    if chunk:
        blocks.append((start + 1, "\n".join(chunk), blank))
    keys = make_keys([text for _, text, _ in blocks])
    return tuple(
        Paragraph(index, first, text, key, blank)
        for index, ((first, text, blank), key) in enumerate(zip(blocks, keys, strict=True))
    )


def _line_paragraphs(lines: list[str]) -> tuple[Paragraph, ...]:
    """The paragraphs of a text with one paragraph per line: its lines with text, each with the
    blank lines since the paragraph before it."""
    paragraphs: list[Paragraph] = []
    blank = 0
    keys = iter(make_keys([line for line in lines if line]))
    for number, line in enumerate(lines):
        if line:
            paragraphs.append(Paragraph(len(paragraphs), number + 1, line, next(keys), blank))
            blank = 0
        elif paragraphs:
            blank += 1
    return tuple(paragraphs)


def make_key(text: str) -> str:
    """Return the matching form of ``text``: case-folded, one spelling per quote and dash.

    Letters and digits stay as they are (no ё -> е, no digit folding).

    >>> make_key("«Ёлка» — 5\\u00a0шт…")
    '"ёлка" - 5 шт...'
    """
    if not text.isascii():  # ASCII is in NFKC
        text = _nfkc(text)
    if text.isascii():
        for char, spelling in ASCII_KEY_CHARS.items():
            text = text.replace(char, spelling)
    else:
        text = KEY_CHARS.sub(_key_char, text)
    key = text.casefold()
    return " ".join(key.split()) if _untidy(key) else key


def make_keys(texts: list[str]) -> list[str]:
    """Return ``make_key`` of each of ``texts``: made by the compiled core when it is in use
    (``similarity.CORE``, whose keys are the same), by ``make_key`` when not."""
    import dedupe.similarity as similarity  # the matcher's module: loaded by then wherever keys are made

    if similarity.CORE is None:
        return [make_key(text) for text in texts]
    keys: list[str] = similarity.CORE.keys(texts, _nfkc, KEY_TRANSLATION)
    return keys


def _nfkc(text: str) -> str:
    """``text`` in NFKC (the same as ``unicodedata.normalize``)."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", NFKC_SIMPLE_CHARS.sub(_nfkc_char, text))


def _nfkc_char(match: re.Match[str]) -> str:
    return NFKC_SIMPLE[match.group()]


def _key_char(match: re.Match[str]) -> str:
    # A regex finds the few quotes and dashes faster than str.translate walks every character.
    return KEY_TRANSLATION[ord(match.group())] or ""

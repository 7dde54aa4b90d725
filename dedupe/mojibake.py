"""Mojibake repair: text that was UTF-8 once, decoded with the wrong code page and saved again.

Lines are repaired one by one: ftfy for windows-125x and latin-1, and a guarded re-decode for
KOI8-R and cp866, which ftfy does not try. Correct text is never "repaired": a repair that does
not clearly give better text leaves the line as it was.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from typing import Any

from dedupe.decode import CONTROL_OR_C1, HIDDEN
from dedupe.plausibility import PSEUDO_GRAPHICS, SOFT_HYPHEN, implausibility

WHITESPACE_RUN = re.compile(r"(\s+)")

# The code pages ftfy tries (ftfy.chardata.CHARMAP_ENCODINGS, which a test holds this to): the
# patterns below are built from them without loading ftfy, which only a line that may be
# mojibake needs (it costs a process start some 45 ms).
FTFY_ENCODINGS = (
    "latin-1",
    "sloppy-windows-1252",
    "sloppy-windows-1251",
    "sloppy-windows-1250",
    "sloppy-windows-1253",
    "sloppy-windows-1254",
    "sloppy-windows-1257",
    "iso-8859-2",
    "macroman",
    "cp437",
)


@functools.cache
def _ftfy() -> tuple[Any, Any]:
    """ftfy, its sloppy codecs registered, and the configuration of its repair: only the encoding
    fixes, so that correct text comes out exactly as it went in."""
    import ftfy
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)

    config = ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_encoding=True,
        restore_byte_a0=False,  # "Â " may be a real letter and a space
        replace_lossy_sequences=False,
        decode_inconsistent_utf8=True,
        fix_c1_controls=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        fix_surrogates=False,
        remove_control_chars=False,
        normalization=None,
        explain=True,
    )
    return ftfy, config


def read_bytes_as(data: bytes, codec: str) -> str:
    """``data`` read with ``codec``, a byte it leaves undefined dropped; a sloppy code page
    (ftfy's "sloppy-windows-1252") reads such a byte as latin-1 does, and 0x1A as U+FFFD, as
    ftfy's codec does (a test holds the two to each other).

    >>> read_bytes_as(bytes([0x81, 0x80]), "sloppy-windows-1252"), read_bytes_as(bytes([0x81, 0x80]), "cp1252")
    ('\\x81€', '€')
    """
    if not codec.startswith("sloppy-"):
        return data.decode(codec, errors="ignore")
    base = codec[len("sloppy-") :]
    # ftfy's sloppy codecs read 0x1A, the ASCII substitute, as the replacement character.
    return "".join(
        "\ufffd" if byte == 0x1A else bytes([byte]).decode(base, errors="ignore") or chr(byte) for byte in data
    )


# Code pages whose reading of UTF-8 bytes is undone line by line (ftfy's sloppy codecs keep the
# bytes the standard ones leave undefined); ftfy then handles lines only partly garbled.
MAX_REPAIR_ROUNDS = 4
MOJIBAKE_CODECS = (
    "sloppy-windows-1252",
    "sloppy-windows-1251",
    "sloppy-windows-1256",
    "sloppy-windows-1250",
    "koi8-r",
    "cp866",
    "latin-1",
)


def _byte_classes(codecs_: tuple[str, ...]) -> tuple[str, str, str, str]:
    """Return the character classes of UTF-8's lead bytes (of 2, 3 and 4 byte sequences) and
    continuation bytes, read with any of ``codecs_``."""
    ranges = {"lead2": range(0xC2, 0xE0), "lead3": range(0xE0, 0xF0), "lead4": range(0xF0, 0xF5)}
    ranges["continuation"] = range(0x80, 0xC0)
    classes: dict[str, set[str]] = {name: set() for name in ranges}
    for codec in codecs_:
        for name, byte_range in ranges.items():
            classes[name].update(read_bytes_as(bytes([b]), codec) for b in byte_range)

    def char_class(name: str) -> str:
        return "[" + "".join(sorted(re.escape(c) for c in classes[name] if c)) + "]"

    lead2, lead3, lead4, cont = map(char_class, ranges)
    return lead2, lead3, lead4, cont


def _utf8_read_as(codecs_: tuple[str, ...], *extra: str) -> re.Pattern[str]:
    """Return a pattern every line of UTF-8 read with one of ``codecs_`` matches: a UTF-8 lead
    byte read in that code page followed by continuation bytes read in the same one.

    Lines without it cannot be repaired, so the costly checks skip them. ``extra`` are character
    classes that match on their own.
    """
    lead2, lead3, lead4, cont = _byte_classes(codecs_)
    # Continuation bytes read as text are rarer than lead bytes (letters, in Cyrillic and Arabic
    # code pages), so the pattern starts at one and looks back for its lead: several times faster.
    others = "".join(pattern.strip("[]") for pattern in extra)
    behind = [f"(?<={lead2}{cont})", f"(?<={lead3}{cont}{{2}})", f"(?<={lead4}{cont}{{3}})", f"(?<=[{others}])"]
    return re.compile(f"[{cont.strip('[]')}{others}](?:{'|'.join(behind)})")


C1_CONTROLS = r"[\x80-\x9f]"
# Lines the repair might change, by _redecode_line or ftfy. KOI8-R and cp866 read Cyrillic UTF-8
# as box drawing, which PSEUDO_GRAPHICS finds (their UTF-8 lead bytes are ordinary letters).
MOJIBAKE_CLUE = _utf8_read_as(
    tuple(dict.fromkeys(c for c in (*MOJIBAKE_CODECS, *FTFY_ENCODINGS) if c not in ("koi8-r", "cp866"))),
    C1_CONTROLS,
    PSEUDO_GRAPHICS.pattern,
)


@functools.cache
def _in_running_text() -> re.Pattern[str]:
    """The pattern of a garbled sequence in running text (built on first use: few texts need it).

    Garbling happens in running text: a sequence touches a letter or a digit ("cafÃ©", "donâ€™t",
    "РџСЂРё", "Â£5"), or stands for a character that stands between words (a space, a dash, "…",
    "•"). A text whose every sequence stands alone for a letter or a quote ("the sequences Ã©,
    Ã¨ and â€™") quotes mojibake, and quoted text is no error to repair.
    """
    _ftfy()  # its sloppy codecs read the characters below
    lead2, lead3, lead4, cont = _byte_classes(MOJIBAKE_CODECS)
    sequence = f"(?:{lead2}{cont}|{lead3}{cont}{{2}}|{lead4}{cont}{{3}}|{C1_CONTROLS}|{PSEUDO_GRAPHICS.pattern})"
    between_words = {
        garbled
        for char in map(chr, range(0x80, 0x3000))
        if unicodedata.category(char) in ("Zs", "Pd") or char in "\u2026\u2022\u00b7"
        for codec in MOJIBAKE_CODECS
        if (garbled := char.encode("utf-8").decode(codec, errors="ignore")) and len(garbled) > 1
    }
    spaced = "|".join(map(re.escape, sorted(between_words, key=lambda garbled: (-len(garbled), garbled))))
    return re.compile(f"(?<=[^\\W_]){sequence}|{sequence}(?=[^\\W_])|{spaced}")


# Quotation marks that open and close a span: a garbled word inside one is quoted, as an
# article about mojibake quotes "cafÃ©" (single quotes are apostrophes too, so not these).
MAX_QUOTED_WORDS = 4
QUOTE_PAIRS = {'"': '"', "\u201c": "\u201d", "\u00ab": "\u00bb", "\u201e": "\u201c", "\u300c": "\u300d"}


def _garbled_in_running_text(text: str) -> bool:
    """True when a garbled sequence of ``text`` stands in running text (``_in_running_text``)
    outside quotation marks."""
    for match in _in_running_text().finditer(text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        before = text[line_start : match.start()]
        after = text[match.end() : len(text) if line_end < 0 else line_end]
        if not any(_inside(before, after, opening, closing) for opening, closing in QUOTE_PAIRS.items()):
            return True
    return False


def _inside(before: str, after: str, opening: str, closing: str) -> bool:
    """True when the text between ``before`` and ``after`` (on one line) stands in a short span
    quoted with the pair: a quoted word or name ("cafÃ©", "SÃ£o Paulo"), not quoted speech,
    which garbling reaches as it reaches the rest."""
    if opening == closing and before.count(opening) % 2 == 0:
        return False
    start = before.rfind(opening)
    if start < 0 or (opening != closing and before.rfind(closing) > start) or closing not in after:
        return False
    span = before[start + 1 :] + "x" + after[: after.index(closing)]
    return len(span.split()) <= MAX_QUOTED_WORDS


CODE_PAGE_CHARS = {codec: frozenset(read_bytes_as(bytes(range(256)), codec)) for codec in MOJIBAKE_CODECS}
# Lines ftfy might repair: it changes a line only when one of its code pages can produce it.
FTFY_CLUE = _utf8_read_as(FTFY_ENCODINGS, C1_CONTROLS)


def repair_mojibake(text: str) -> tuple[str, tuple[str, ...]]:
    """Return ``text`` with mojibake lines repaired, and a note per kind of repair.

    >>> repair_mojibake("Don\u00e2\u20ac\u2122t")
    ('Don\u2019t', ('mojibake repaired: utf-8 read as sloppy-windows-1252',))
    >>> repair_mojibake("Don't stop: \u00e9t\u00e9")
    ("Don't stop: \u00e9t\u00e9", ())
    """
    if text.isascii():
        return text, ()
    # A clue never spans a line break, and a line without one is left as it is: only the lines
    # holding one are tried (a "■" in a few lines of a Japanese article, say).
    clued: set[int] = set()
    for form in _as_read_and_normalised(text):
        clues = [clue.start() for clue in MOJIBAKE_CLUE.finditer(form)]
        if clues:
            starts = list(itertools.accumulate((len(line) + 1 for line in form.split("\n")), initial=0))
            clued.update(bisect.bisect_right(starts, clue) - 1 for clue in clues)
    if not clued:
        return text, ()
    lines = text.split("\n")
    if not any(_garbled_in_running_text(form) for number in clued for form in _as_read_and_normalised(lines[number])):
        return text, ()
    notes: dict[str, None] = {}
    for number in sorted(clued):
        line = lines[number]
        # Text garbled twice needs two rounds; stop when a round changes nothing.
        for _ in range(MAX_REPAIR_ROUNDS):
            fixed, codec = line, None
            for form in _as_read_and_normalised(line):
                fixed, codec = _repair_line(form)
                if codec is not None:
                    break
            if codec is None:
                break
            notes[f"mojibake repaired: utf-8 read as {codec}"] = None
            # A repair may bring back a zero-width space the garbling hid; it would stop the next round.
            line = fixed if fixed.isprintable() else HIDDEN.sub("", fixed)
        lines[number] = line
    return "\n".join(lines), tuple(notes)


def _as_read_and_normalised(text: str) -> tuple[str, ...]:
    # Soft hyphens and no-break spaces stay for the repair (each is a byte of windows-1252
    # mojibake: "Ã\u00ad" is "í", "Ã\u00a0" is "à"), but normalisation drops the one and makes
    # the other a space, which must not leave a line the repair would change on the next read.
    if SOFT_HYPHEN not in text and "\u00a0" not in text:
        return (text,)
    return (text, text.replace(SOFT_HYPHEN, "").replace("\u00a0", " "))


def _repair_line(line: str) -> tuple[str, str | None]:
    """Return the line repaired and the code page it was read with, or the line and None."""
    clue = None if line.isascii() else MOJIBAKE_CLUE.search(line)
    if clue is None:
        return line, None
    fixed, codec = _redecode_line(line, clue.group())
    if codec is None and FTFY_CLUE.search(line):
        ftfy, config = _ftfy()
        fixed, explanation = ftfy.fix_and_explain(line, config=config)
        steps = [value for action, value in explanation or () if action == "encode"]
        codec = steps[0] if fixed != line and steps else None
    if codec is not None and CONTROL_OR_C1.search(fixed) and not CONTROL_OR_C1.search(line):
        return line, None  # control characters out of printable text are no repair ("À€" -> NUL)
    return fixed, codec


def _redecode_line(line: str, clue: str) -> tuple[str, str | None]:
    """Undo a whole line of UTF-8 read with one legacy code page, if one fits exactly.

    The re-encoded bytes must be valid UTF-8, which correct text in these code pages never is
    (its letters are UTF-8 lead bytes followed by other letters, not continuation bytes), and the
    result must look more plausible than the line. Whitespace the page added between words (a
    no-break space is a continuation byte in most code pages) is kept as it is. A code page that
    has no byte for ``clue``, a character of the line but a space, is not tried.
    """
    _ftfy()  # the sloppy codecs encode the line
    for codec in MOJIBAKE_CODECS:
        if clue not in CODE_PAGE_CHARS[codec] and not clue.isspace():
            continue  # Arabic text, say, fits one of these pages only
        fixed = _redecode_words(line, codec)
        if fixed is not None and fixed != line and implausibility(fixed) < implausibility(line):
            return fixed, codec
    return line, None


def _redecode_words(line: str, codec: str) -> str | None:
    """Return ``line`` encoded with ``codec`` and decoded as UTF-8, word by word if the
    whitespace between words does not survive; None when a word does not."""
    try:
        return line.encode(codec).decode("utf-8")
    except UnicodeEncodeError as err:
        if not line[err.start : err.end].isspace():
            return None  # a character of a word is not in the code page: no word order helps
    except UnicodeDecodeError:
        # Spaces that encode to ASCII bytes never split a UTF-8 sequence, so word by word would
        # fail too, unless some space is another one (all of those are unprintable).
        if line.isprintable():
            return None
    parts = WHITESPACE_RUN.split(line)
    if len(parts) == 1:
        return None
    for number in range(0, len(parts), 2):
        try:
            parts[number] = parts[number].encode(codec).decode("utf-8")
        except UnicodeError:
            return None  # most lines that are no mojibake stop at their first word
    return "".join(parts)

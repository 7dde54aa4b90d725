"""bytes -> text: BOM, escapes, UTF-16, strict UTF-8, legacy code pages line by line.

Decoding always yields the text the bytes hold, or raises a :class:`~dedupe.model.DedupeError`;
a guess it cannot stand behind is an error naming the candidates, never text:

1. a BOM (UTF-8, UTF-16, UTF-32) decides;
2. 7-bit bytes with the escapes of ISO-2022-JP, ISO-2022-KR or HZ are read in that encoding;
3. NUL bytes: UTF-16 without BOM when its own evidence says so (ASCII characters as code units,
   plausible text in one byte order); otherwise a few stray NULs are dropped with a warning, and
   many are binary data;
4. strict UTF-8;
5. otherwise line by line: a line valid in UTF-8 is UTF-8, the other lines that are not ASCII
   are read in the one code page their bytes and the rest of the text pick (chardet proposes,
   every candidate is judged on all of those lines, windows-1252 wins among Latin code pages
   unless the bytes prove another).

Mojibake (UTF-8 once decoded with the wrong code page) is repaired afterwards, line by line
(``mojibake``).
"""

from __future__ import annotations

import codecs
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import NamedTuple

from dedupe.model import BinaryInputError, DecodeError, DedupeError
from dedupe.plausibility import CJK_RUN, implausibility


class Decoded(NamedTuple):
    """What decoding gave: the text and how it was read."""

    text: str
    encoding: str
    confidence: float
    """1.0 for a BOM, escapes or valid UTF-8; the detector's confidence for a guessed code page."""
    repairs: tuple[str, ...] = ()
    """Lines decoded with another encoding than the rest."""
    warnings: tuple[str, ...] = ()


# Each byte order mark, the encoding it names (as the report says it), and the codec of the bytes
# after it (what a faithful writer encodes the kept text with).
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig", "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16", "utf-16-be"),
)
# Escape-based encodings, each with the escapes that announce it (in 7-bit bytes only).
ESCAPED = (
    ("iso2022_jp", (b"\x1b$B", b"\x1b$@", b"\x1b(J")),
    ("iso2022_jp_ext", (b"\x1b(I", b"\x1b$(D")),
    ("iso2022_jp_2", (b"\x1b$A", b"\x1b$(C", b"\x1b.A", b"\x1b.F")),
    ("iso2022_kr", (b"\x1b$)C",)),
)
HZ_REGION = re.compile(rb"~\{(.*?)~\}", re.DOTALL)
HZ_FIRST_LEVEL_END = 0x57  # GB2312's symbols and first-level (common) characters lead with 0x21-0x57
HZ_ALNUM_BYTES = 24  # Chinese in HZ this long holds a byte that is no ASCII letter or digit
# Stray NUL bytes dropped from a file that is text otherwise: one, and one more for every 4 KB.
STRAY_NUL_BYTES = 4096
ZERO_WIDTH = "\u200b\u2060\ufeff\u180e"
# The line breaks the reader counts (and the writers keep): LF, CRLF and these.
LINE_BREAK_CHARS = "\r\u2028\u2029\x0b\x0c"  # not NEL (\x85): it is a byte of latin-1 mojibake
LINE_BREAKS = re.compile(f"\r\n|[{LINE_BREAK_CHARS}]")
CONTROLS = "\x00-\x08\x0e-\x1f\x7f"
CONTROL = re.compile(f"[{CONTROLS}]")
CONTROL_BYTES = re.compile(f"[{CONTROLS}]".encode())
CONTROL_BYTE_VALUES = bytes(byte for byte in range(0x80) if CONTROL.match(chr(byte)))
CONTROL_OR_C1 = re.compile(f"[{CONTROLS}\x80-\x9f]")
# What normalisation drops, but for the soft hyphen, which windows-1252 mojibake is made of.
HIDDEN = re.compile(f"[{CONTROLS}{ZERO_WIDTH}]")


MAX_SIZE = 256 << 20  # bytes: far above any article; a larger input is refused unread


def special_kind(mode: int) -> str | None:
    """Return why a file of ``mode`` is none to read (a named pipe, a socket, a device), else None."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    kind = "a named pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"not a regular file ({kind})"


def read_bytes(path: str | Path, limit: int = MAX_SIZE) -> bytes:
    """Return the bytes of ``path``, or raise :class:`DedupeError` naming it.

    Only a regular file is read: a named pipe would block until a writer comes, and a device
    such as /dev/zero never ends. The file is opened without blocking and checked, then read;
    one larger than ``limit`` bytes is refused before it is read.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(handle, "rb", closefd=True) as stream:
            info = os.fstat(handle)
            special = special_kind(info.st_mode)
            if special:
                raise DedupeError(special, path)
            size = info.st_size
            if size > limit:
                raise DedupeError(f"{size:,} bytes, larger than --max-size ({limit:,}): not read", path)
            if hasattr(os, "set_blocking"):
                os.set_blocking(handle, True)
            data = stream.read()  # (read(limit + 1) would allocate the limit for every file)
            if len(data) > limit:  # grew while it was read
                raise DedupeError(f"larger than --max-size ({limit:,} bytes): not read", path)
            return data
    except IsADirectoryError as err:
        raise DedupeError("is a directory", path) from err
    except FileNotFoundError as err:
        raise DedupeError("no such file", path) from err
    except OSError as err:
        raise DedupeError(f"cannot read: {err.strerror or err}", path) from err


def decode(data: bytes) -> Decoded:
    """Return the text of ``data`` and how it was read.

    >>> decode("café".encode("utf-8"))[:2]
    ('café', 'utf-8')
    >>> decode(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"))[:2]
    ('hi', 'utf-16')
    >>> decode("東京".encode("iso2022_jp"))[:2]
    ('東京', 'iso2022_jp')
    """
    for bom, encoding, _ in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(f"invalid {encoding} after its byte order mark ({err.reason})") from err
            return Decoded(_checked(text), encoding, 1.0)
    if data.isascii():
        escaped = _decode_escaped(data)
        if escaped is not None:
            return escaped
    elif b"\x1b" in data or b"~{" in data:
        escaped = _decode_escaped_lines(data)
        if escaped is not None:
            return escaped
    warnings: tuple[str, ...] = ()
    if b"\x00" in data:
        utf16 = _decode_utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        nuls = data.count(0)
        data = data.replace(b"\x00", b"")
        # A stray NUL stands in text that holds no other control character.
        if nuls > 1 + len(data) // STRAY_NUL_BYTES or CONTROL_BYTES.search(data):
            raise BinaryInputError(
                f"binary data ({nuls} NUL byte{'s' if nuls > 1 else ''} and control bytes), not text"
                if nuls <= 1 + len(data) // STRAY_NUL_BYTES
                else f"binary data ({nuls} NUL bytes), not text"
            )
        warnings = (f"dropped {nuls} stray NUL byte{'s' if nuls > 1 else ''}",)
    try:
        return Decoded(_checked(data.decode("utf-8"), data), "utf-8", 1.0, (), warnings)
    except UnicodeDecodeError:
        pass
    from dedupe.codepages import decode_lines  # the code pages' tables load for a file that is not UTF-8

    text, encoding, confidence, repairs, more = decode_lines(data)
    return Decoded(_checked(text), encoding, confidence, repairs, warnings + more)


def _checked(text: str, utf8: bytes | None = None) -> str:
    """Return ``text``, or raise :class:`BinaryInputError` if control characters are more than a few.

    ``utf8`` is the UTF-8 of ``text``, where a control character is its one byte (no byte of a
    longer sequence is ASCII): deleting those bytes counts them faster than reading the text.
    """
    if utf8 is not None:
        controls = len(utf8) - len(utf8.translate(None, CONTROL_BYTE_VALUES))
    else:
        controls = sum(len(CONTROL.findall(line)) for line in odd_lines(text))
    if controls and controls > max(2, len(text) // 200):
        raise BinaryInputError(f"binary data ({controls} control characters), not text")
    return text


def _decode_escaped(data: bytes) -> Decoded | None:
    """Read 7-bit ``data`` in the escape-based encoding its escapes announce, if any does."""
    if b"\x1b" in data:
        for encoding, escapes in ESCAPED:
            if any(escape in data for escape in escapes):
                try:
                    text = data.decode(encoding)
                except UnicodeDecodeError:
                    continue
                if "\x1b" not in text:
                    return Decoded(_checked(text), encoding, 1.0)
        return None
    regions = HZ_REGION.findall(data) if b"~{" in data else []
    if not regions:
        return None
    # HZ: between "~{" and "~}", pairs of 7-bit bytes that are GB2312 characters with the high bits
    # cleared. ASCII text with such brackets ("~{NASA~}", "~{HelloWorld~}") holds none that read as
    # Chinese: its letters and digits fall on GB2312's rarer characters (lower-case letters lead
    # the second level), or are letters and digits alone, which Chinese text of any length is not.
    inner = b"".join(regions)
    if len(inner) < 4 or len(inner) % 2 or any(len(region) % 2 for region in regions):
        return None
    try:
        chinese = bytes(byte | 0x80 for byte in inner).decode("gb2312")
        text = data.decode("hz")
    except UnicodeDecodeError:
        return None
    common = sum(1 for lead in inner[::2] if lead <= HZ_FIRST_LEVEL_END)
    if common < 0.8 * len(chinese) or (inner.isalnum() and len(inner) < HZ_ALNUM_BYTES):
        return None
    if sum(len(run) for run in CJK_RUN.findall(chinese)) < 0.9 * len(chinese):
        return None
    return Decoded(_checked(text), "hz", 1.0)


def _decode_escaped_lines(data: bytes) -> Decoded | None:
    """Read a file whose ASCII lines are in an escape-based encoding and whose other lines are
    UTF-8 (one pasted line): each line in its own. None when the ASCII lines announce no such
    encoding; an error when a line is in neither."""
    lines = data.split(b"\n")
    escaped = _decode_escaped(b"\n".join(line for line in lines if line.isascii()))
    if escaped is None:
        return None
    texts: list[str] = []
    odd: list[int] = []
    for number, line in enumerate(lines):
        try:
            texts.append(line.decode(escaped.encoding if line.isascii() else "utf-8"))
        except UnicodeDecodeError:
            raise DecodeError(
                f"cannot decode: {escaped.encoding} text with line {number + 1} in another encoding"
            ) from None
        if not line.isascii():
            odd.append(number + 1)
    warning = f"{len(odd)} line{'s' if len(odd) > 1 else ''} not {escaped.encoding}, decoded as utf-8"
    repairs = tuple(f"line {number} decoded as utf-8" for number in odd)
    return Decoded(_checked("\n".join(texts)), escaped.encoding, 1.0, repairs, (warning,))


def _decode_utf16_without_bom(data: bytes) -> Decoded | None:
    """Return ``data`` read as UTF-16 when UTF-16's own evidence says so, else None.

    UTF-16 text holds ASCII characters (line breaks, spaces, digits, punctuation) as code units
    with a NUL high byte, line breaks or spaces among them: one NUL or two among other bytes (a
    stray NUL in UTF-8), or NULs before letters alone, are no such evidence. The text must also
    read well in that byte order (no controls, no unassigned or private characters), which binary
    data and the wrong byte order do not.
    """
    if len(data) % 2:
        return None
    best: tuple[int, str, str] | None = None
    for order in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(order)
        except UnicodeDecodeError:
            continue
        ascii_units = len(text.encode("ascii", errors="ignore"))
        spaces = text.count("\n") + text.count(" ")
        if ascii_units < max(2, len(text) // 200) or not spaces or CONTROL.search(text) or _unassigned(text):
            continue
        if implausibility(text) < 0.2 and (best is None or ascii_units > best[0]):
            best = (ascii_units, order, text)
    return None if best is None else Decoded(_checked(best[2]), best[1], 0.9)


def _unassigned(text: str) -> bool:
    """Whether ``text`` holds an unassigned, private-use or surrogate code point."""
    return any(unicodedata.category(char) in ("Cn", "Co", "Cs") for char in set(text) if char >= "\x80")


def odd_lines(text: str) -> list[str]:
    """Return the lines of ``text`` that hold a character ``str.isprintable`` refuses: a control,
    a format or zero-width character, a line break, a space other than U+0020.

    Everything the reader removes or unifies is such a character, and most lines hold none, so
    the regular expressions run on these lines only (a check per line costs a fraction of a scan).
    """
    return [line for line in text.split("\n") if not line.isprintable()]


def unify_line_breaks(text: str) -> str:
    """Return ``text`` with every line break the reader counts as ``\\n``."""
    text = text.replace("\r\n", "\n")
    return LINE_BREAKS.sub("\n", text) if any(char in text for char in LINE_BREAK_CHARS) else text

"""bytes -> Source -> paragraphs: decode, repair mojibake, normalise whitespace, split.

The reader always yields text or raises a :class:`~dedupe.model.DedupeError`:

1. a BOM (UTF-8, UTF-16, UTF-32) decides;
2. otherwise strict UTF-8;
3. otherwise UTF-16 without BOM when the NUL pattern says so;
4. otherwise the candidates chardet proposes plus common legacy code pages, each decoded and
   scored for plausibility (control characters, words mixing scripts, case flipped mid-word);
5. a file that is mostly UTF-8 with a few lines in a legacy code page is decoded line by line.

Mojibake (UTF-8 once decoded with the wrong code page) is repaired per line: ftfy for
windows-125x and latin-1, and a guarded re-decode for KOI8-R and cp866, which ftfy does not try.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)

from dedupe.model import BinaryInputError, DecodeError, DedupeError, Layout, Paragraph, Source

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tried after chardet's own candidates, in this order, when UTF-8 fails.
LEGACY_ENCODINGS = ("cp1251", "cp1252", "koi8-r", "cp866", "iso8859-5", "cp1256", "cp1250")
LOW_CONFIDENCE = 0.5
MIN_WRAP_WIDTH, MAX_WRAP_WIDTH = 40, 200  # columns at which hard-wrapped text is plausibly wrapped

# Only the encoding fixes: correct text must come out exactly as it went in.
FTFY_CONFIG = ftfy.TextFixerConfig(
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
# UTF-8 read as KOI8-R or cp866 turns Cyrillic into box-drawing and pseudo-graphics.
PSEUDO_GRAPHICS = re.compile(r"[\u2219\u221a\u2248\u2264\u2265\u2320\u2321\u2500-\u25ff]")
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


def _utf8_read_as(codecs_: tuple[str, ...], *extra: str) -> re.Pattern[str]:
    """Return a pattern every line of UTF-8 read with one of ``codecs_`` matches: a UTF-8 lead
    byte read in that code page followed by continuation bytes read in the same one.

    Lines without it cannot be repaired, so the costly checks skip them. ``extra`` are character
    classes that match on their own.
    """
    ranges = {"lead2": range(0xC2, 0xE0), "lead3": range(0xE0, 0xF0), "lead4": range(0xF0, 0xF5)}
    ranges["continuation"] = range(0x80, 0xC0)
    classes: dict[str, set[str]] = {name: set() for name in ranges}
    for codec in codecs_:
        for name, byte_range in ranges.items():
            classes[name].update(bytes([b]).decode(codec, errors="ignore") for b in byte_range)

    def char_class(name: str) -> str:
        return "[" + "".join(sorted(re.escape(c) for c in classes[name] if c)) + "]"

    lead2, lead3, lead4, cont = map(char_class, ranges)
    # Continuation bytes read as text are rarer than lead bytes (letters, in Cyrillic and Arabic
    # code pages), so the pattern starts at one and looks back for its lead: several times faster.
    others = "".join(pattern.strip("[]") for pattern in extra)
    behind = [f"(?<={lead2}{cont})", f"(?<={lead3}{cont}{{2}})", f"(?<={lead4}{cont}{{3}})", f"(?<=[{others}])"]
    return re.compile(f"[{cont.strip('[]')}{others}](?:{'|'.join(behind)})")


C1_CONTROLS = r"[\x80-\x9f]"
# Lines the repair might change, by _redecode_line or ftfy. KOI8-R and cp866 read Cyrillic UTF-8
# as box drawing, which PSEUDO_GRAPHICS finds (their UTF-8 lead bytes are ordinary letters).
MOJIBAKE_CLUE = _utf8_read_as(
    tuple(
        dict.fromkeys(c for c in (*MOJIBAKE_CODECS, *ftfy.chardata.CHARMAP_ENCODINGS) if c not in ("koi8-r", "cp866"))
    ),
    C1_CONTROLS,
    PSEUDO_GRAPHICS.pattern,
)
CODE_PAGE_CHARS = {codec: frozenset(bytes(range(256)).decode(codec, errors="ignore")) for codec in MOJIBAKE_CODECS}
# Lines ftfy might repair: it changes a line only when one of its code pages can produce it.
FTFY_CLUE = _utf8_read_as(tuple(ftfy.chardata.CHARMAP_ENCODINGS), C1_CONTROLS)

ZERO_WIDTH = "\u200b\u2060\ufeff\u180e"
SOFT_HYPHEN = "\u00ad"
INVISIBLE = re.compile(f"[{ZERO_WIDTH}{SOFT_HYPHEN}]")
WHITESPACE_RUN = re.compile(r"(\s+)")
LINE_BREAK_CHARS = "\r\u2028\u2029\x0b\x0c"  # not NEL (\x85): it is a byte of latin-1 mojibake
LINE_BREAKS = re.compile(f"\r\n|[{LINE_BREAK_CHARS}]")
NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")
CONTROLS = "\x00-\x08\x0e-\x1f\x7f"
CONTROL = re.compile(f"[{CONTROLS}]")
# What normalisation drops, but for the soft hyphen, which windows-1252 mojibake is made of.
HIDDEN = re.compile(f"[{CONTROLS}{ZERO_WIDTH}]")

# For keys: one spelling of each quote, apostrophe and dash; ellipsis as three dots.
KEY_TRANSLATION = str.maketrans(
    {
        **dict.fromkeys(map(ord, "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02"), '"'),
        **dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2039\u203a\u2032`\u00b4"), "'"),
        **dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"),
        ord("\u2026"): "...",
        **dict.fromkeys(map(ord, "\u200e\u200f"), None),
    }
)


KEY_CHARS = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(KEY_TRANSLATION)) + "]")


def read_bytes(path: Path) -> bytes:
    """Return the bytes of ``path``, or raise :class:`DedupeError` naming it."""
    try:
        return path.read_bytes()
    except IsADirectoryError as err:
        raise DedupeError("is a directory", path) from err
    except FileNotFoundError as err:
        raise DedupeError("no such file", path) from err
    except OSError as err:
        raise DedupeError(f"cannot read: {err.strerror or err}", path) from err


def read(data: bytes) -> Source:
    """Decode ``data``, repair mojibake, normalise whitespace and detect the layout."""
    text, encoding, confidence, repairs, warnings = decode(data)
    newline = _dominant_newline(text)
    original = _unify_line_breaks(text)
    # Characters normalisation drops anyway must not hide a garbled line from the repair; the
    # soft hyphen stays until after it, as it is a byte of windows-1252 mojibake ("Ã\u00ad").
    text, fixes = repair_mojibake(_on_odd_lines(lambda line: HIDDEN.sub("", line), original))
    normal = normalize(text)
    lines = normal.split("\n")
    return Source(
        text=normal,
        encoding=encoding,
        confidence=confidence,
        repairs=repairs + fixes,
        warnings=warnings,
        newline=newline,
        layout=detect_layout(lines),
        final_newline=original.rstrip(" \t").endswith("\n"),
        original=original,
    )


def decode(data: bytes) -> tuple[str, str, float, tuple[str, ...], tuple[str, ...]]:
    """Return ``(text, encoding, confidence, repairs, warnings)`` for ``data``.

    >>> decode("café".encode("utf-8"))[:2]
    ('café', 'utf-8')
    >>> decode(codecs.BOM_UTF16_LE + "hi".encode("utf-16-le"))[:2]
    ('hi', 'utf-16')
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(f"invalid {encoding} after its byte order mark ({err.reason})") from err
            return _checked(text), encoding, 1.0, (), ()
    if b"\x00" in data:
        return _decode_utf16_without_bom(data), _utf16_order(data), 0.9, (), ()
    try:
        return _checked(data.decode("utf-8")), "utf-8", 1.0, (), ()
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    return _decode_legacy(data)


def _checked(text: str) -> str:
    controls = sum(len(CONTROL.findall(line)) for line in _odd_lines(text))
    if controls and controls > max(2, len(text) // 200):
        raise BinaryInputError(f"binary data ({controls} control characters), not text")
    return text


def _utf16_order(data: bytes) -> str:
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    return "utf-16-be" if even > odd else "utf-16-le"


def _decode_utf16_without_bom(data: bytes) -> str:
    # UTF-16 text puts a NUL in the high byte of every ASCII character (spaces, digits,
    # punctuation), always on the same side of each pair; binary data scatters NULs.
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if len(data) % 2 == 0 and max(even, odd) >= 0.95 * (even + odd):
        try:
            text = data.decode(_utf16_order(data))
        except UnicodeDecodeError:
            pass
        else:
            if not CONTROL.search(text) and implausibility(text) < 0.2:
                return text
    raise BinaryInputError("binary data (NUL bytes), not text")


def _decode_legacy(data: bytes) -> tuple[str, str, float, tuple[str, ...], tuple[str, ...]]:
    import chardet  # 40 MB once its models load: only files that are not UTF-8 pay for them

    guesses = chardet.detect_all(data)
    confidence_of: dict[str, float] = {}
    candidates: list[str] = []
    for guess in guesses:
        name = guess.get("encoding")
        if not name:
            continue
        try:
            canonical = codecs.lookup(name).name
        except LookupError:
            continue
        if canonical not in confidence_of:
            confidence_of[canonical] = float(guess.get("confidence") or 0.0)
            candidates.append(canonical)
    candidates += [codecs.lookup(e).name for e in LEGACY_ENCODINGS if codecs.lookup(e).name not in candidates]

    best: tuple[float, int, str, str] | None = None
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding.startswith(("utf-16", "utf-32")):
            continue  # without a BOM or NUL bytes these are never right
        penalty = implausibility(text)
        if best is None or (penalty, rank) < (best[0], best[1]):
            best = (penalty, rank, encoding, text)
        if penalty == 0:
            break  # no later candidate can beat it: ties go to the earlier one
    if best is None:
        raise DecodeError("cannot decode: not UTF-8 and no known encoding fits")
    penalty, _, encoding, text = best
    if penalty > 0.5:
        raise DecodeError(f"cannot decode: not UTF-8, and {encoding} gives implausible text")
    text = _checked(text)
    confidence = confidence_of.get(encoding, 0.0)
    warnings: tuple[str, ...] = ()
    if confidence < LOW_CONFIDENCE:
        warnings = (f"encoding guessed as {encoding} with low confidence ({confidence:.2f})",)
    return text, encoding, confidence, (), warnings


def _decode_mixed(data: bytes) -> tuple[str, str, float, tuple[str, ...], tuple[str, ...]] | None:
    """Decode a mostly UTF-8 file whose few broken lines use a legacy code page."""
    lines = data.split(b"\n")
    bad = []
    for number, line in enumerate(lines):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(number)
    non_ascii_good = sum(1 for n, line in enumerate(lines) if n not in bad and max(line, default=0) > 127)
    if not bad or non_ascii_good == 0 or len(bad) > len(lines) // 2:
        return None
    decoded = []
    repairs = []
    for number, line in enumerate(lines):
        if number not in bad:
            decoded.append(line.decode("utf-8"))
            continue
        text, encoding, _, _, _ = _decode_legacy(line)
        decoded.append(text)
        repairs.append(f"line {number + 1} decoded as {encoding}")
    return _checked("\n".join(decoded)), "utf-8", 1.0, tuple(repairs), ()


def implausibility(text: str) -> float:
    """Return the share of non-ASCII characters that look wrong in ``text`` (0 = all plausible).

    Wrong: control or replacement characters, box drawing, a word mixing scripts, a capital
    inside a lower-case word, mostly capital letters (KOI8-R and windows-1251 swap the cases of
    Cyrillic), words made mostly of Latin-1 letters ("Ïðåçèäåíò").

    >>> implausibility("Привет, мир")
    0.0
    >>> implausibility("Привет, мир".encode("koi8-r").decode("cp1251")) > 0.3
    True
    """
    odd = non_ascii = upper = lower = 0
    for word in NON_ASCII_WORD.findall(text):
        scripts = set()
        previous_lower = False
        latin1_letters = letters = 0
        for char in word:
            if char < "\x80":
                if char.isalpha():
                    scripts.add("LATIN")
                    letters += 1
                previous_lower = char.islower()
                continue
            non_ascii += 1
            wrong, script, is_upper, is_lower = _char_class(char)
            odd += wrong
            if script is None:
                continue
            letters += 1
            latin1_letters += "\u00c0" <= char <= "\u00ff"
            scripts.add(script)
            upper += is_upper
            lower += is_lower
            if is_upper and previous_lower:
                odd += 1
            previous_lower = is_lower
        if latin1_letters >= 3 and latin1_letters * 2 > letters:
            odd += latin1_letters  # "Ïðåçèäåíò": Cyrillic read as windows-1252
        if len(scripts) > 1:
            odd += 2
    if upper > lower:
        odd += upper - lower
    return odd / non_ascii if non_ascii else 0.0


@functools.cache
def _char_class(char: str) -> tuple[bool, str | None, bool, bool]:
    """Return (looks wrong, script if a letter, upper case, lower case) for a non-ASCII character."""
    wrong = unicodedata.category(char)[0] == "C" or char == "\ufffd" or PSEUDO_GRAPHICS.match(char) is not None
    if not char.isalpha():
        return wrong, None, False, False
    return wrong, unicodedata.name(char, "?").split(" ")[0], char.isupper(), char.islower()


def repair_mojibake(text: str) -> tuple[str, tuple[str, ...]]:
    """Return ``text`` with mojibake lines repaired, and a note per kind of repair.

    >>> repair_mojibake("Don\u00e2\u20ac\u2122t")
    ('Don\u2019t', ('mojibake repaired: utf-8 read as sloppy-windows-1252',))
    >>> repair_mojibake("Don't stop: \u00e9t\u00e9")
    ("Don't stop: \u00e9t\u00e9", ())
    """
    if text.isascii() or not any(MOJIBAKE_CLUE.search(form) for form in _as_read_and_normalised(text)):
        return text, ()
    notes: dict[str, None] = {}
    lines = text.split("\n")
    for number, line in enumerate(lines):
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
    # Soft hyphens stay for the repair (one is a byte of windows-1252 mojibake: "Ã\u00ad" is
    # "í"), but normalisation drops them, which must not leave a line the repair would change.
    return (text, text.replace(SOFT_HYPHEN, "")) if SOFT_HYPHEN in text else (text,)


def _repair_line(line: str) -> tuple[str, str | None]:
    """Return the line repaired and the code page it was read with, or the line and None."""
    clue = None if line.isascii() else MOJIBAKE_CLUE.search(line)
    if clue is None:
        return line, None
    fixed, codec = _redecode_line(line, clue.group())
    if codec is None and FTFY_CLUE.search(line):
        fixed, explanation = ftfy.fix_and_explain(line, config=FTFY_CONFIG)
        steps = [value for action, value in explanation or () if action == "encode"]
        codec = steps[0] if fixed != line and steps else None
    return fixed, codec


def _redecode_line(line: str, clue: str) -> tuple[str, str | None]:
    """Undo a whole line of UTF-8 read with one legacy code page, if one fits exactly.

    The re-encoded bytes must be valid UTF-8, which correct text in these code pages never is
    (its letters are UTF-8 lead bytes followed by other letters, not continuation bytes), and the
    result must look more plausible than the line. Whitespace the page added between words (a
    no-break space is a continuation byte in most code pages) is kept as it is. A code page that
    has no byte for ``clue``, a character of the line but a space, is not tried.
    """
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


def _odd_lines(text: str) -> list[str]:
    """Return the lines of ``text`` that hold a character ``str.isprintable`` refuses: a control,
    a format or zero-width character, a line break, a space other than U+0020.

    Everything the reader removes or unifies is such a character, and most lines hold none, so
    the regular expressions run on these lines only (a check per line costs a fraction of a scan).
    """
    return [line for line in text.split("\n") if not line.isprintable()]


def _on_odd_lines(change: Callable[[str], str], text: str) -> str:
    """Return ``text`` with ``change`` applied to its odd lines (see ``_odd_lines``)."""
    lines = text.split("\n")
    if all(line.isprintable() for line in lines):
        return text
    return "\n".join(line if line.isprintable() else change(line) for line in lines)


def _unify_line_breaks(text: str) -> str:
    text = text.replace("\r\n", "\n")
    return LINE_BREAKS.sub("\n", text) if any(char in text for char in LINE_BREAK_CHARS) else text


def _dominant_newline(text: str) -> str:
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
    text = _on_odd_lines(lambda line: CONTROL.sub("", INVISIBLE.sub("", line)), _unify_line_breaks(text))
    # str.split() splits at every Unicode space (NBSP, tabs, U+3000), and only there.
    lines = [" ".join(line.split()) if _untidy(line) else line for line in text.split("\n")]
    return "\n".join(lines).strip("\n")


def _untidy(line: str) -> bool:
    return not line.isprintable() or "  " in line or line[:1] == " " or line[-1:] == " "


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
    paragraphs: list[Paragraph] = []
    blank = 0
    start = 0
    chunk: list[str] = []

    def flush() -> None:
        text = "\n".join(chunk)
        paragraphs.append(Paragraph(len(paragraphs), start + 1, text, make_key(text), blank))

    for number, line in enumerate(source.text.split("\n")):
        if not line:
            if chunk:
                flush()
                chunk = []
                blank = 0
            blank += 1 if paragraphs else 0
            continue
        if source.layout == "lines" and chunk:
            flush()
            chunk = []
            blank = 0
        if not chunk:
            start = number
        chunk.append(line)
    if chunk:
        flush()
    return tuple(paragraphs)


def make_key(text: str) -> str:
    """Return the matching form of ``text``: case-folded, one spelling per quote and dash.

    Letters and digits stay as they are (no ё -> е, no digit folding).

    >>> make_key("«Ёлка» — 5\\u00a0шт…")
    '"ёлка" - 5 шт...'
    """
    key = KEY_CHARS.sub(_key_char, unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(key.split()) if _untidy(key) else key


def _key_char(match: re.Match[str]) -> str:
    # A regex finds the few quotes and dashes faster than str.translate walks every character.
    return KEY_TRANSLATION[ord(match.group())] or ""

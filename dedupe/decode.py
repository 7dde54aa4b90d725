"""bytes -> text: BOM, strict UTF-8, UTF-16 without BOM, legacy code pages, mojibake repair.

Decoding always yields text or raises a :class:`~dedupe.model.DedupeError`:

1. a BOM (UTF-8, UTF-16, UTF-32) decides;
2. otherwise strict UTF-8;
3. otherwise UTF-16 without BOM when the NUL pattern says so;
4. otherwise the candidates chardet proposes plus common legacy code pages, each decoded and
   scored for plausibility (control characters, words mixing scripts, case flipped mid-word);
5. a file that is mostly UTF-8 with a few lines in a legacy code page is decoded line by line.

Mojibake (UTF-8 once decoded with the wrong code page) is repaired afterwards, line by line
(``mojibake``).
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from pathlib import Path
from typing import Any, NamedTuple

from dedupe.model import BinaryInputError, DecodeError, DedupeError


class Decoded(NamedTuple):
    """What decoding gave: the text and how it was read."""

    text: str
    encoding: str
    confidence: float
    """1.0 for a BOM or valid UTF-8; the detector's confidence for a guessed legacy encoding."""
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
# Tried after chardet's own candidates, in this order, when UTF-8 fails.
LEGACY_ENCODINGS = ("cp1251", "cp1252", "koi8-r", "cp866", "iso8859-5", "cp1256", "cp1250")
LOW_CONFIDENCE = 0.5
DETECT_BYTES = 4096  # what the detector reads of a file
# ... or of a file whose first 2 KB already hold this much evidence (bytes outside ASCII): for
# Japanese the detector then costs half as much, and its guess is the same.
SHORT_SAMPLE, SHORT_SAMPLE_EVIDENCE = 2048, 512
ASCII_BYTES = bytes(range(0x80))
TOO_WEAK = 0.05  # the detector's confidence under which a guess is never written out as text
CJK_RUN = re.compile("[\u3001-\u303f\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e\x21-\x7e]+")
SIGNS = ("Sc", "Sk", "So")  # currency, modifier and other signs, which stand beside words, not inside
CJK_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HALFWIDTH", "FULLWIDTH", "IDEOGRAPHIC"})

# UTF-8 read as KOI8-R or cp866 turns Cyrillic into box-drawing and pseudo-graphics.
PSEUDO_GRAPHICS = re.compile(r"[\u2219\u221a\u2248\u2264\u2265\u2320\u2321\u2500-\u25ff]")
ZERO_WIDTH = "\u200b\u2060\ufeff\u180e"
# The line breaks the reader counts (and the writers keep): LF, CRLF and these.
LINE_BREAK_CHARS = "\r\u2028\u2029\x0b\x0c"  # not NEL (\x85): it is a byte of latin-1 mojibake
LINE_BREAKS = re.compile(f"\r\n|[{LINE_BREAK_CHARS}]")
SOFT_HYPHEN = "\u00ad"
NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")
CONTROLS = "\x00-\x08\x0e-\x1f\x7f"
CONTROL = re.compile(f"[{CONTROLS}]")
CONTROL_OR_C1 = re.compile(f"[{CONTROLS}\x80-\x9f]")
# What normalisation drops, but for the soft hyphen, which windows-1252 mojibake is made of.
HIDDEN = re.compile(f"[{CONTROLS}{ZERO_WIDTH}]")


def read_bytes(path: str | Path) -> bytes:
    """Return the bytes of ``path``, or raise :class:`DedupeError` naming it."""
    try:
        with open(path, "rb") as stream:
            return stream.read()
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
    """
    for bom, encoding, _ in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(f"invalid {encoding} after its byte order mark ({err.reason})") from err
            return Decoded(_checked(text), encoding, 1.0)
    if b"\x00" in data:
        return Decoded(_decode_utf16_without_bom(data), _utf16_order(data), 0.9)
    try:
        return Decoded(_checked(data.decode("utf-8")), "utf-8", 1.0)
    except UnicodeDecodeError:
        pass
    mixed = _decode_mixed(data)
    if mixed is not None:
        return mixed
    return _decode_legacy(data)


def _checked(text: str) -> str:
    controls = sum(len(CONTROL.findall(line)) for line in odd_lines(text))
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


def _decode_legacy(data: bytes, *, whole: bool = True) -> Decoded:
    """Decode ``data`` with the legacy code page that gives the most plausible text; one line
    of a mostly UTF-8 file (``whole=False``) is judged by its fit alone."""
    import chardet  # 40 MB once its models load: only files that are not UTF-8 pay for them

    # The detector proposes and ranks; every candidate is then judged on the whole text. Its first
    # few kilobytes are enough to propose from, at half the cost on a typical article. The web's
    # encodings are asked first (a fifth of the cost for Japanese and Chinese): a plausible,
    # confident guess among them stands; otherwise every era's encodings are asked (DOS, Mac, ...).
    sample = DETECT_BYTES
    if len(data) > SHORT_SAMPLE and len(data[:SHORT_SAMPLE].translate(None, ASCII_BYTES)) >= SHORT_SAMPLE_EVIDENCE:
        sample = SHORT_SAMPLE
    web = chardet.EncodingEra.MODERN_WEB
    # The whole ranking's choice is its first candidate that decodes to flawless text: when that
    # is the first guess, the guess alone (a sixth cheaper to make for Japanese) is enough.
    modern = _best_legacy(data, [chardet.detect(data, max_bytes=sample, encoding_era=web)], code_pages=False)
    if modern is None or modern[0] != 0:
        modern = _best_legacy(data, chardet.detect_all(data, max_bytes=sample, encoding_era=web))
    if modern is not None and modern[0] == 0 and modern[3] >= LOW_CONFIDENCE:
        _, encoding, text, confidence = modern
    else:
        found = _best_legacy(data, chardet.detect_all(data, max_bytes=DETECT_BYTES))
        if found is None:
            raise DecodeError("cannot decode: not UTF-8 and no known encoding fits")
        penalty, encoding, text, confidence = found
        if penalty > 0.5:
            raise DecodeError(f"cannot decode: not UTF-8, and {encoding} gives implausible text")
    text = _checked(text)
    if whole and confidence < TOO_WEAK:
        # A code page fits the bytes, but the detector all but rules it out: written out, such a
        # guess is garbage (EUC-JP read as windows-1256 is Arabic letters and currency signs).
        raise DecodeError(
            f"cannot decode: not UTF-8, and the best guess ({encoding}, detector confidence "
            f"{confidence:.2f}) is too weak to trust"
        )
    warnings: tuple[str, ...] = ()
    if confidence < LOW_CONFIDENCE:
        warnings = (f"encoding guessed as {encoding} with low confidence ({confidence:.2f})",)
    return Decoded(text, encoding, confidence, (), warnings)


def _best_legacy(data: bytes, guesses: list[Any], *, code_pages: bool = True) -> tuple[float, str, str, float] | None:
    """Return the most plausible decoding of ``data`` among the detector's ``guesses`` and (with
    ``code_pages``) the common legacy code pages: its implausibility, encoding, text and the
    detector's confidence."""
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
    if code_pages:
        candidates += [codecs.lookup(e).name for e in LEGACY_ENCODINGS if codecs.lookup(e).name not in candidates]

    best: tuple[float, int, str, str] | None = None
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding.startswith(("utf-16", "utf-32")):
            continue  # without a BOM or NUL bytes these are never right
        # Penalties a hundredth apart are a tie, which the detector's own ranking breaks.
        penalty = round(implausibility(text), 2)
        if best is None or (penalty, rank) < (best[0], best[1]):
            best = (penalty, rank, encoding, text)
        if penalty == 0:
            break  # no later candidate can beat it: ties go to the earlier one
    if best is None:
        return None
    penalty, _, encoding, text = best
    return penalty, encoding, text, confidence_of.get(encoding, 0.0)


def _decode_mixed(data: bytes) -> Decoded | None:
    """Decode a mostly UTF-8 file whose few broken lines use a legacy code page."""
    lines = data.split(b"\n")
    bad: set[int] = set()
    for number, line in enumerate(lines):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            bad.add(number)
            if len(bad) > len(lines) // 2:
                return None  # a legacy file: most of its lines are not UTF-8
    non_ascii_good = sum(1 for n, line in enumerate(lines) if n not in bad and max(line, default=0) > 127)
    if not bad or non_ascii_good == 0:
        return None
    decoded = []
    repairs = []
    for number, line in enumerate(lines):
        if number not in bad:
            decoded.append(line.decode("utf-8"))
            continue
        legacy = _decode_legacy(line, whole=False)
        decoded.append(legacy.text)
        repairs.append(f"line {number + 1} decoded as {legacy.encoding}")
    return Decoded(_checked("\n".join(decoded)), "utf-8", 1.0, tuple(repairs))


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
        if CJK_RUN.fullmatch(word):
            # Han, Kana and CJK punctuation (with ASCII beside them) never look wrong: counted at once.
            # Each of them is three bytes in UTF-8, each ASCII character one.
            non_ascii += (len(word.encode("utf-8")) - len(word)) // 2
            continue
        scripts = set()
        previous_lower = False
        latin1_letters = letters = 0
        for position, char in enumerate(word):
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
                # A sign between letters ("¤ھ¤«": EUC-JP read as windows-1256) is no writing.
                between = 0 < position < len(word) - 1 and word[position - 1].isalpha() and word[position + 1].isalpha()
                odd += between and unicodedata.category(char) in SIGNS
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
        if scripts & CJK_SCRIPTS:
            # Han, Hiragana and Katakana share a run in Japanese, and Latin words run into them
            # without a space ("Xiスマホ"): with them, only a third script is mixed.
            scripts = (scripts - CJK_SCRIPTS - {"LATIN"}) | {"CJK"}
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

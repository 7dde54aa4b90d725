"""Legacy code pages: which one reads a file's lines that are not UTF-8, and the text they hold.

chardet proposes and ranks; every candidate is judged by the plausibility of what it reads on
all of those lines. A guess the reader cannot stand behind is an error naming the candidates:

- among Latin code pages windows-1252 wins a tie, and its subsets (ISO-8859-1/15), DOS, Mac and
  HP code pages must read the bytes better to be chosen (one capital letter proves nothing);
  the Central European, Turkish and Baltic web pages win it when windows-1252 reads letters of
  several alphabets and they read one language's ("Dvořák", not "Dvoøák");
- a candidate the detector all but rules out is no candidate (but for the Latin web pages, which
  ASCII text with one "£" leaves without a vote);
- a code page of another script must too, when the text is Latin but for a few of its characters;
- a line valid in UTF-8 is UTF-8, and the other lines are tried first in the code pages of the
  UTF-8 lines' script (a UTF-8 article's odd line: windows-1252 first);
- Chinese is read as GB18030, Japanese as JIS X 0208 reads it.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NamedTuple

from dedupe.model import DecodeError
from dedupe.plausibility import CJK_RUN, CJK_SCRIPTS, NON_ASCII_WORD, char_class, implausibility, one_alphabet


class Reading(NamedTuple):
    """A file read line by line: its text, the encoding of most of its lines, the detector's
    confidence in the code page, the lines read in the other encoding, and what to warn of."""

    text: str
    encoding: str
    confidence: float
    repairs: tuple[str, ...]
    warnings: tuple[str, ...]


# Judged after the detector's own candidates, when it has none that reads well.
LEGACY_ENCODINGS = ("cp1251", "cp1252", "koi8-r", "cp866", "iso8859-5", "cp1256", "cp1250")
# Latin code pages other than windows-1252, its subsets (ISO-8859-1, ISO-8859-15) among them: each
# must read the bytes better than windows-1252 does to be chosen; a tie is windows-1252's.
OTHER_LATIN = frozenset(
    codecs.lookup(name).name
    for name in (
        "latin-1", "iso8859-15", "mac-roman", "hp-roman8", "cp437", "cp850", "cp858", "cp860", "cp863",
        "cp865", "cp852", "mac-latin2", "mac-iceland", "mac-turkish", "cp1250", "cp1254", "cp1257", "cp1258",
        "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-9", "iso8859-10", "iso8859-13", "iso8859-14", "iso8859-16",
    )
)  # fmt: skip
# The code pages of the web and of their languages' standards; any other (DOS, Mac, HP, ...) must
# read the bytes better than these do to be chosen, as must the Latin ones above.
COMMON = frozenset(
    codecs.lookup(name).name
    for name in (
        "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258", "cp874",
        "tis-620", "koi8-r", "koi8-u", "latin-1", "iso8859-5", "iso8859-6", "iso8859-7", "iso8859-8",
        "iso8859-11", "iso8859-15", "iso8859-2", "iso8859-9", "iso8859-13", "cp932", "shift_jis",
        "shift_jis_2004", "euc_jp", "euc_jis_2004", "gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp949", "euc_kr",
    )
)  # fmt: skip
LATIN_DEFAULT = "cp1252"
# The web's Latin code pages for the languages windows-1252 does not write, tried when its reading
# mixes the letters of several alphabets.
LATIN_WEB = ("cp1250", "iso8859-2", "cp1254", "cp1257", "iso8859-13")
# The families of Chinese, Japanese and Korean code pages, each with the standard its bytes are
# read in first: GB18030 for all Chinese ones (GB2312 reads A1AA as "―", GBK and GB18030 as "—"),
# for Japanese and the others the narrowest that reads all of the bytes.
_FAMILIES = (
    ("gb18030", "gb2312", "gbk"),
    ("shift_jis", "shift_jis_2004", "cp932"),
    ("euc_jp", "euc_jis_2004"),
    ("big5", "big5hkscs"),
    ("euc_kr", "cp949"),
)
LATIN_PAGES = OTHER_LATIN | {LATIN_DEFAULT}
LATIN_VOTELESS = frozenset(codecs.lookup(name).name for name in (LATIN_DEFAULT, *LATIN_WEB))
NARROWEST = {codecs.lookup(member).name: tuple(family) for family in _FAMILIES for member in family}
# What Microsoft's Shift_JIS (cp932) reads six JIS X 0208 characters as; Shift_JIS and EUC-JP
# read them as JIS does ("〜", not "～"), and so does the text written here.
CP932_TO_JIS = str.maketrans("\uff5e\u2225\uff0d\uffe0\uffe1\uffe2", "\u301c\u2016\u2212\u00a2\u00a3\u00ac")
LOW_CONFIDENCE = 0.5
DETECT_BYTES = 4096  # how much of the lines to read the detector is given
# ... or of lines whose first 2 KB already hold this much evidence (bytes outside ASCII): for
# Japanese the detector then costs half as much, and its guess is the same.
SHORT_SAMPLE, SHORT_SAMPLE_EVIDENCE = 2048, 512
ASCII_BYTES = bytes(range(0x80))
ASCII_CHARS = frozenset(map(chr, range(0x80)))
NOT_ASCII_LETTERS = bytes(byte for byte in range(256) if not chr(byte).isascii() or not chr(byte).isalpha())
ASCII_CONTEXT = 3  # ASCII letters per byte beyond ASCII that make a Latin page's reading need no vote
# A word of three characters beyond Latin-1 in a row, with no ASCII letter: written in a script.
SCRIPT_WORD = re.compile(r"(?<!\S)[^\sA-Za-z]*[^\x00-\xff\s]{3}[^\sA-Za-z]*(?!\S)")
TINY_EVIDENCE = 16  # bytes beyond ASCII under which a weak guess must have no equal rival
TOO_WEAK = 0.05  # the detector's confidence under which a guess is never written out as text
MAX_PENALTY = 0.3  # the implausibility past which a decoding is never written out as text
# The code pages a line that is no text in its file's code page is tried in.
LINE_CANDIDATES = (
    "cp1252", "cp1250", "cp1254", "cp1257", "cp1251", "koi8-r", "koi8-u", "cp1253", "cp1255", "cp1256", "cp874",
    "gb18030", "shift_jis", "euc_jp", "big5", "euc_kr",
)  # fmt: skip
# The Chinese and Japanese code pages whose characters ``_rare`` judges, from the first of them on
# (the CJK radicals).
RARE_FAMILIES = ("gb18030", "shift_jis", "euc_jp")
FIRST_CJK = "\u2e80"
# Characters beyond ASCII of a text written in one script and Latin that are counted one by one (a
# scan of the text each) to weigh the two; a text with more is counted character by character.
MAX_COUNTED = 48
UTF8_EVIDENCE = 6  # bytes of multi-byte sequences (three characters of two bytes) in a valid UTF-8 line
KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]")
HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]")
SPACED_HAN = re.compile("[\u3400-\u9fff] (?=[\u3400-\u9fff])")
SPACED_PAIRS = 2  # Han characters set apart by a space this often in a line: words, not Chinese or Japanese
# What ``_doubtful`` looks for in a line of a Chinese or Japanese code page, for the whole file at once.
DOUBTFUL_CJK = re.compile(f"{HALF_WIDTH_KANA.pattern}|{SPACED_HAN.pattern}")
DOUBTFUL_GB = re.compile(f"{KANA.pattern}|{DOUBTFUL_CJK.pattern}")
# The scripts of a UTF-8 text, and the code pages its odd lines are tried in first.
SCRIPT_CODE_PAGES = {
    "CYRILLIC": ("cp1251", "koi8-r"),
    "ARABIC": ("cp1256",),
    "GREEK": ("cp1253",),
    "HEBREW": ("cp1255",),
    "THAI": ("cp874",),
    "HANGUL": ("cp949",),
    "HIRAGANA": ("cp932", "euc_jp"),
    "KATAKANA": ("cp932", "euc_jp"),
    "CJK": ("gb18030", "big5"),
}


def decode_lines(data: bytes) -> Reading:
    """Decode ``data``, which is not UTF-8, line by line.

    A line valid in UTF-8 (with characters outside ASCII that read well) is UTF-8; the other lines
    outside ASCII are read in the one code page chosen on all of their bytes, tried first in the
    code pages of the UTF-8 lines' script. The encoding of most such lines names the file; the
    lines in the other one are listed in ``repairs``.
    """
    lines = data.split(b"\n")
    utf8: dict[int, str] = {}
    legacy: list[int] = []
    for number, line in enumerate(lines):
        if line.isascii():
            continue
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            legacy.append(number)
            continue
        # Bytes of another code page are seldom valid UTF-8: a line with several characters beyond
        # ASCII that is (mojibake or not) is UTF-8; one with a few must also read well.
        if implausibility(text) == 0 or len(line) - len(text) >= UTF8_EVIDENCE:
            utf8[number] = text
        else:
            legacy.append(number)
    sample = b"\n".join(lines[number] for number in legacy)
    utf8_text = "\n".join(utf8.values())
    hints = _script_code_pages(utf8_text)
    # The letters the file writes in UTF-8 are its language's too: evidence for its other lines.
    context = "".join(sorted({char for char in utf8_text if char > "\x7f" and char.isalpha()}))
    ascii_letters = len(data.translate(None, NOT_ASCII_LETTERS))
    encoding, text_of, confidence = _choose_code_page(sample, hints, ascii_letters, context)
    texts = [line.decode("ascii") if line.isascii() else "" for line in lines]
    for number, line_text in [*utf8.items(), *zip(legacy, text_of.split("\n"), strict=True)]:
        texts[number] = line_text
    other = _odd_lines(lines, legacy, texts, encoding)
    text = "\n".join(texts)
    moved = [number for number in legacy if number not in other]
    others = sorted(other.items())
    if len(utf8) > len(legacy):
        repairs = tuple(f"line {number + 1} decoded as {other.get(number, encoding)}" for number in legacy)
        return Reading(text, "utf-8", 1.0, repairs, _guess_warnings(encoding, confidence, len(moved), others))
    repairs = tuple(f"line {number + 1} decoded as {other.get(number, 'utf-8')}" for number in sorted([*utf8, *other]))
    return Reading(text, encoding, confidence, repairs, _guess_warnings(encoding, confidence, 0, others))


def _odd_lines(lines: list[bytes], legacy: list[int], texts: list[str], encoding: str) -> dict[int, str]:
    """Check each line read in ``encoding`` on its own; read one that is no text in it in the one
    other code page that reads it as text of the file's script or Latin, and return those lines
    with their code page (``texts`` is updated).

    One code page chosen on a whole file reads a line in another one as garbage ("Cafй Mьller": a
    windows-1252 line in a windows-1251 file), as rare characters (Cyrillic read as GB18030), as
    signs (Arabic read as windows-1252) or as another script's letters (Cyrillic read as Greek).
    Such a line (one of several read in that code page) that another code page reads as text of
    another script, or that several read as different texts, makes the file one whose encoding
    cannot be told: nothing is written rather than a wrong line. So does a line that is garbage in
    every code page.
    """
    cjk = encoding in NARROWEST
    several = len(legacy) > 1
    joined = "\n".join(texts[number] for number in legacy)
    # Each character beyond ASCII once (a set is made in C at half the cost of a Counter): the
    # screens below read each class of characters once, and count (str.count) only the few they need.
    beyond = set(joined).difference(ASCII_CHARS)
    wide_letters = set(filter(str.isalpha, beyond))
    non_letters = beyond.difference(wide_letters)
    script, scripts = _main_script(joined, wide_letters, non_letters)
    # The signs and punctuation beyond ASCII that the lines hold (Chinese and Japanese set their own
    # punctuation thickly: not those).
    signs = [
        char for char in non_letters if unicodedata.category(char)[0] in "SP" and not (cjk and CJK_RUN.fullmatch(char))
    ]
    # What no line can hold when the whole does not (most files): those checks are skipped.
    odd = _implausibility(joined) > 0  # as the code page was judged: no second pass
    scripted = several and not scripts <= {script, "LATIN"}
    # Each character counted is in the text at least once: three of them are three occurrences.
    signed = several and (len(signs) >= 3 or sum(map(joined.count, signs)) >= 3)
    rare_chars = _rare_chars(beyond, encoding)
    # No line holds three rare characters when the whole does not: ``_rare`` is then false for each.
    rare_ones = len(rare_chars) >= 3 or sum(map(joined.count, rare_chars)) >= 3
    doubtful_cjk = DOUBTFUL_GB if NARROWEST.get(encoding, ("",))[0] == "gb18030" else DOUBTFUL_CJK
    found = doubtful_cjk.findall(joined) if several and cjk else []
    doubt_cjk = bool(found)
    # What ``_doubtful`` finds in a line of a Chinese or Japanese code page, the whole shows: a
    # kana (one character), two Han characters set apart (a match of two), or a line with nothing
    # beyond ASCII (all of its characters beyond ASCII are half-width kana).
    cjk_doubts = doubt_cjk and (
        min(map(len, found)) == 1 or len(found) >= SPACED_PAIRS or any(texts[number].isascii() for number in legacy)
    )
    if not (odd or scripted or signed or cjk_doubts or rare_ones):
        return {}
    other: dict[int, str] = {}
    for number in legacy:
        text = texts[number]
        penalty = implausibility(text, cases=False) if odd else 0.0
        rare = rare_ones and not rare_chars.isdisjoint(text) and _rare(text, encoding)
        wrong = penalty > 0 or rare
        # The detector chose the code page on the lines' bytes: one line alone is its own evidence.
        doubt = "" if wrong else _doubtful(text, encoding, script, scripted, signs if signed else [], doubt_cjk)
        if not wrong and not doubt:
            continue
        letters = _letter_share(text)
        readings: dict[str, tuple[int, str]] = {}
        foreign: list[str] = []
        fits = one_alphabet(lines[number].decode(LATIN_DEFAULT, errors="replace"))
        # Chinese and Japanese code pages read each other's bytes as plausible Han: a line that is
        # only a little odd in one of them (a kaomoji's "ω") is not tried in the others.
        strong = rare or penalty > MAX_PENALTY or encoding not in NARROWEST
        for candidate in LINE_CANDIDATES:
            if candidate == encoding or (candidate in NARROWEST and not strong and doubt != "kana"):
                continue
            try:
                reading = lines[number].decode(candidate)
            except UnicodeDecodeError:
                continue
            if reading == text or _letter_share(reading) < letters:
                continue
            if implausibility(reading, cases=False) or _rare(reading, candidate):
                continue
            if not _scripts(reading) <= {script, "LATIN"}:
                if strong or not wrong:  # another script's reading of a line a little odd proves nothing
                    foreign.append(candidate)
                continue
            proof = _proof(candidate, reading, fits)
            if reading not in readings or proof < readings[reading][0]:
                readings[reading] = (proof, candidate)
        best = min((proof for proof, _ in readings.values()), default=None)
        choices = sorted((candidate, reading) for reading, (proof, candidate) in readings.items() if proof == best)
        if wrong and len(choices) == 1 and not foreign:
            other[number], texts[number] = choices[0]
        elif choices or foreign:
            listed = ", ".join([encoding, *(candidate for candidate, _ in choices), *foreign])
            raise DecodeError(f"cannot decode: line {number + 1} reads as different texts in {listed}")
        elif penalty > MAX_PENALTY or rare:
            raise DecodeError(f"cannot decode: line {number + 1} is no text in {encoding}, nor in another encoding")
    return other


def _main_script(joined: str, letters: set[str], others: set[str]) -> tuple[str, set[str]]:
    """Return the script most letters of ``joined`` are written in (the first letter's on a tie,
    "LATIN" for none) and the scripts of all of them; ``letters`` and ``others`` are its letters
    and its other characters beyond ASCII, each once.

    Lines in one code page are written in one script and perhaps Latin: those two are weighed by
    counting the few characters that are neither (``MAX_COUNTED``, a scan of the text each) and
    the Latin letters beyond ASCII; the letters of the script are what is left. A tie, more
    scripts or more characters to count are counted character by character, as they always were.
    """
    script_of = dict(zip(letters, map(_script, letters), strict=True))
    scripts = set(script_of.values())
    ascii_text = joined.encode("ascii", errors="ignore")
    ascii_letters = len(ascii_text.translate(None, NOT_ASCII_LETTERS))
    if ascii_letters:
        scripts.add("LATIN")
    if scripts <= {"LATIN"}:
        return "LATIN", scripts
    if len(scripts) == 1:
        return next(iter(scripts)), scripts
    wide_latin = [letter for letter, script in script_of.items() if script == "LATIN"]
    if len(scripts) == 2 and "LATIN" in scripts and len(wide_latin) + len(others) <= MAX_COUNTED:
        wide_latin_count = sum(map(joined.count, wide_latin))
        latin = ascii_letters + wide_latin_count
        own = len(joined) - len(ascii_text) - wide_latin_count - sum(map(joined.count, others))
        if own != latin:
            (other,) = scripts - {"LATIN"}
            return other if own > latin else "LATIN", scripts
    counts: Counter[str] = Counter()
    for char, count in Counter(joined).items():
        if char.isalpha():
            counts["LATIN" if char < "\x80" else script_of[char]] += count
    return counts.most_common(1)[0][0], scripts


def _doubtful(text: str, encoding: str, script: str, scripted: bool, signs: list[str], cjk: bool) -> str:
    """Whether a plausible line still looks like another code page's bytes: letters of a script
    that is neither the file's nor Latin, more signs beyond ASCII than letters, or in a Chinese or
    Japanese code page, nothing but half-width kana beyond ASCII ("(｣31.7bn)": windows-1252's "£"
    read as Shift_JIS), kana in a Chinese one, or Han characters set apart by spaces as words are
    (Cyrillic read as GB18030). The flags, and the ``signs`` the file holds, say which of these
    the whole file can show at all. Returns the reason, or "" for none."""
    if scripted and not _scripts(text) <= {script, "LATIN"}:
        return "script"
    if signs:
        count = sum(map(text.count, signs))
        if count >= 3 and count > sum(map(str.isalpha, text)):
            return "signs"
    if not cjk:
        return ""
    if NARROWEST[encoding][0] == "gb18030" and KANA.search(text):
        return "kana"  # Japanese bytes: EUC-JP and GB2312 hold the kana at the same places
    if all("\uff61" <= char <= "\uff9f" for char in text if char >= "\x80"):
        return "half-width"
    return "spaced" if len(SPACED_HAN.findall(text)) >= SPACED_PAIRS else ""


def _letter_share(text: str) -> float:
    """The share of letters among the characters beyond ASCII: a reading with fewer is no better
    ("”лаг €ѓ€‹" is Mac Cyrillic's "Флаг ИГИЛ" read as windows-1251)."""
    wide = [char for char in text if char >= "\x80" and not char.isspace()]
    return sum(1 for char in wide if char.isalpha()) / len(wide) if wide else 1.0


def _scripts(text: str) -> set[str]:
    return {_script(letter) for letter in text if letter >= "\x80" and letter.isalpha()}


@functools.cache
def _script(letter: str) -> str:
    script = char_class(letter)[1] or ""
    return "CJK" if script in CJK_SCRIPTS else script


def _rare(text: str, encoding: str) -> bool:
    """Whether ``text``, read in a Chinese or Japanese code page, is mostly characters that its
    language's text seldom holds (beyond GB2312's or JIS X 0208's first level, half-width kana):
    bytes of another code page read as such ("Привет" in windows-1251 read as GB18030)."""
    count, rare = _rare_count(text, encoding)
    return rare >= 3 and rare * 2 >= count


def _rare_count(text: str, encoding: str) -> tuple[int, int]:
    """Return how many Chinese or Japanese characters ``text`` holds, and how many are rare (see
    ``_rare``); (0, 0) for other code pages."""
    family = NARROWEST.get(encoding, ("",))[0]
    if family not in RARE_FAMILIES:
        return 0, 0
    rare_char = _rare_test(family)
    count = rare = 0
    for char, times in Counter(text).items():
        if char >= FIRST_CJK:
            count += times
            rare += times * rare_char(char)
    return count, rare


def _rare_chars(chars: Iterable[str], encoding: str) -> set[str]:
    """Return the characters among ``chars`` that ``_rare`` counts as rare in ``encoding``; none
    for a code page that is not Chinese or Japanese."""
    family = NARROWEST.get(encoding, ("",))[0]
    if family not in RARE_FAMILIES:
        return set()
    return set(filter(_rare_test(family), filter(FIRST_CJK.__le__, chars)))


@functools.cache
def _rare_test(family: str) -> Callable[[str], bool]:
    """Return the test of one character for ``family``: beyond the first level of GB2312 or JIS
    X 0208 (or outside them), cached by the character alone (called in C, through ``filter``)."""
    standard, first_level = ("gb2312", 0xD7) if family == "gb18030" else ("euc_jp", 0xCF)

    @functools.lru_cache(maxsize=65536)
    def rare_char(char: str) -> bool:
        try:
            lead = char.encode(standard)[0]
        except UnicodeEncodeError:
            return True
        return not (0xA1 <= lead <= 0xA9 or 0xB0 <= lead <= first_level)

    return rare_char


def _guess_warnings(
    encoding: str, confidence: float, lines: int, others: Sequence[tuple[int, str]] = ()
) -> tuple[str, ...]:
    """One warning of the guess: the lines read in ``encoding`` (in a UTF-8 file), or the file's
    encoding, with the detector's confidence where it is low; one more for each line read in
    another code page (``others``)."""
    weak = f"detector confidence {confidence:.2f}" if confidence < LOW_CONFIDENCE else ""
    more = tuple(f"line {number + 1} is no text in {encoding}: decoded as {page}" for number, page in others)
    if lines:
        return (
            f"{lines} line{'s' if lines > 1 else ''} not UTF-8, decoded as {encoding}" + (f" ({weak})" if weak else ""),
            *more,
        )
    return ((f"encoding guessed as {encoding} with low confidence ({confidence:.2f})",) if weak else ()) + more


def _script_code_pages(text: str) -> tuple[str, ...]:
    """Return the code pages the main script of ``text`` is written in, windows-1252 last."""
    scripts: Counter[str] = Counter()
    for word in NON_ASCII_WORD.findall(text[:20000]):
        for char in word:
            if char >= "\x80" and char.isalpha():
                scripts[char_class(char)[1] or ""] += 1
    for script, _ in scripts.most_common(3):
        if script in SCRIPT_CODE_PAGES:
            return (*SCRIPT_CODE_PAGES[script], LATIN_DEFAULT)
    return (LATIN_DEFAULT,)


def _choose_code_page(
    sample: bytes, hints: tuple[str, ...], ascii_letters: int, context: str = ""
) -> tuple[str, str, float]:
    """Return the code page that reads ``sample`` best, the text and the detector's confidence.

    The detector proposes and ranks; every candidate is then judged on all of ``sample``. The web's
    encodings are asked first (a fifth of the cost for Japanese and Chinese): a plausible,
    confident guess among them stands; otherwise every era's encodings are asked (DOS, Mac, ...).
    """
    import chardet  # 40 MB once its models load: only files that are not UTF-8 pay for them

    size = DETECT_BYTES
    if len(sample) > SHORT_SAMPLE and len(sample[:SHORT_SAMPLE].translate(None, ASCII_BYTES)) >= SHORT_SAMPLE_EVIDENCE:
        size = SHORT_SAMPLE
    # A first word such as "BMW" or "ID3" is text: the detector's file-type check reads the first
    # bytes, which a line break before them keeps from it (it changes no statistic of the text).
    probe = b"\n" + sample[:size]
    web = chardet.EncodingEra.MODERN_WEB
    first = [chardet.detect(probe, max_bytes=len(probe), encoding_era=web)]
    judged = _judge(sample, first, hints, context=context)
    if not _trusted(judged):
        judged = _judge(
            sample, chardet.detect_all(probe, max_bytes=len(probe), encoding_era=web), hints, context=context
        )
    evidence = len(sample.translate(None, ASCII_BYTES))  # bytes beyond ASCII
    tiny = evidence < TINY_EVIDENCE
    if not _trusted(judged):
        everything = chardet.detect_all(probe, max_bytes=len(probe))
        judged = _judge(sample, everything, (*hints, *LEGACY_ENCODINGS), every=tiny, context=context)
    if not judged:
        raise DecodeError("cannot decode: not UTF-8 and no known encoding fits")
    listed = ", ".join(f"{e} {c:.2f}" for _, _, e, _, c in judged[:3])
    # A candidate the detector all but rules out is none: written out, such a guess is garbage
    # (EUC-JP read as windows-1256 is Arabic letters and currency signs). A Latin web page that
    # reads the bytes as plausible text needs no such vote where they are a few among ASCII
    # letters: ASCII text with one "£" gets none (but "Да" in windows-1251 is no "Äà").
    in_ascii = ascii_letters >= ASCII_CONTEXT * evidence
    heard = [
        entry for entry in judged if entry[4] >= TOO_WEAK or (entry[2] in LATIN_VOTELESS and entry[0] == 0 and in_ascii)
    ]
    if not heard:
        encoding, confidence = judged[0][2], judged[0][4]
        raise DecodeError(
            f"cannot decode: not UTF-8, and the most plausible reading ({encoding}, detector confidence "
            f"{confidence:.2f}) is too weak to trust (candidates: {listed})"
        )
    penalty, proof, encoding, text, confidence = heard[0]
    if penalty > MAX_PENALTY:
        raise DecodeError(f"cannot decode: not UTF-8, and no encoding gives plausible text (candidates: {listed})")
    if confidence < LOW_CONFIDENCE and tiny:
        # A few bytes that two code pages read equally well as letters of different scripts are
        # either's: "«Да»" in windows-1251 is "ซฤเป" in cp874. (Within a script, ``_proof`` decides.)
        scripts = _scripts(text)
        # A rival the detector rates far below the guess is none, unless the guess is all but void.
        rivals = sorted(
            {
                e
                for p, q, e, t, c in judged
                if (p, q) == (penalty, proof)
                and _scripts(t) != scripts
                and (c * 4 >= confidence or confidence < 2 * TOO_WEAK)
            }
        )
        if rivals:
            raise DecodeError(
                f"cannot decode: too few bytes to tell {encoding} from {', '.join(rivals)} (candidates: {listed})"
            )
    return (*_narrowest(encoding, sample, text), confidence)


def _narrowest(encoding: str, sample: bytes, text: str) -> tuple[str, str]:
    """Return the standard of ``encoding``'s family that reads ``sample`` (see ``NARROWEST``),
    and its text.

    The members of a family read a few bytes as different characters: GB2312 reads A1A4 as "・"
    where GBK and GB18030 read "·"; JIS X 0208 (Shift_JIS) reads 8160 as "〜" where Microsoft's
    cp932 reads "～".
    """
    for narrow in NARROWEST.get(encoding, ()):
        if narrow == encoding:
            break
        try:
            return narrow, sample.decode(narrow)
        except UnicodeDecodeError:
            continue
    return encoding, text.translate(CP932_TO_JIS) if encoding == "cp932" else text


def _trusted(judged: list[tuple[float, int, str, str, float]]) -> bool:
    return bool(judged) and judged[0][0] == 0 and judged[0][4] >= LOW_CONFIDENCE


def _judge(
    sample: bytes, guesses: list[Any], extra: tuple[str, ...], *, every: bool = False, context: str = ""
) -> list[tuple[float, int, str, str, float]]:
    """Return the candidates that decode ``sample``, best first: implausibility (a hundredth
    apart is a tie), then the common code pages before the others (windows-1252 before the other
    Latin ones: ``_proof``), then the detector's rank (its guesses, then ``extra``); each with its
    proof, its text and the detector's confidence. The first that no later one can come before ends the list."""
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
    if any(name in LATIN_PAGES for name in candidates):
        extra = (LATIN_DEFAULT, *extra)  # windows-1252 answers for every Latin code page
    for name in extra:
        canonical = codecs.lookup(name).name
        if canonical not in candidates:
            candidates.append(canonical)
    judged = []
    rank = 0
    latin_fits = True  # whether windows-1252 reads letters of one alphabet
    while rank < len(candidates):
        encoding = candidates[rank]
        rank += 1
        if not _ascii_compatible(encoding):
            continue  # EBCDIC, UTF-7, UTF-16 without its evidence: never the reading of a text file
        try:
            text = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        penalty = round(_implausibility(text), 2)
        if encoding == LATIN_DEFAULT and not one_alphabet(text + context):
            latin_fits = False
            candidates.extend(name for name in LATIN_WEB if name not in candidates)
        proof = _proof(encoding, text, latin_fits, context)
        judged.append((penalty, proof, rank, encoding, text))
        if penalty == 0 and not proof and not every:
            break  # no later candidate can come before it
    if not latin_fits:  # a Latin page read as one alphabet comes before windows-1252's mixture
        judged = [(p, _proof(e, t, latin_fits, context), r, e, t) for p, _, r, e, t in judged]
    judged.sort(key=lambda entry: entry[:3])
    # windows-1252 and the other Latin pages stand or fall together with the detector.
    latin = max((confidence_of.get(name, 0.0) for name in candidates if name in LATIN_PAGES), default=0.0)
    return [
        (penalty, proof, encoding, text, latin if encoding in LATIN_PAGES else confidence_of.get(encoding, 0.0))
        for penalty, proof, _, encoding, text in judged
    ]


def _proof(encoding: str, text: str, latin_fits: bool, context: str = "") -> int:
    """Return how much a reading must prove to be chosen at equal plausibility: 0, a common code
    page (windows-1252 among them while its letters fit one alphabet); 1, another Latin web page
    whose letters fit one alphabet when windows-1252's do not; 2, windows-1252 then; 3, another
    Latin web page; 4, any other, or another script's characters sprinkled in Latin text."""
    if encoding not in COMMON or _sprinkled(encoding, text):
        return 4
    if encoding == LATIN_DEFAULT:
        return 0 if latin_fits else 2
    if encoding in OTHER_LATIN:
        return 1 if not latin_fits and one_alphabet(text + context) else 3
    return 0


def _sprinkled(encoding: str, text: str) -> bool:
    """Whether ``text``, read in the code page of another script than Latin, is Latin text with
    that script's characters sprinkled in it, none of its words written in that script alone:
    "ÞÓR" in windows-1252 is one Han character before an R in EUC-JP, "BOGOTÁ" a Thai letter
    after BOGOT in cp874; "Привет из Москвы" in windows-1251 is Cyrillic words."""
    return encoding != LATIN_DEFAULT and encoding not in OTHER_LATIN and SCRIPT_WORD.search(text) is None


@functools.lru_cache(maxsize=4)
def _implausibility(text: str) -> float:
    """``implausibility``, kept for the few texts of the file at hand: the chosen reading is
    judged once, and its lines are checked only when it is not plausible throughout."""
    return implausibility(text)


@functools.cache
def _ascii_compatible(encoding: str) -> bool:
    try:
        return ASCII_BYTES.decode(encoding) == ASCII_BYTES.decode("ascii") and not encoding.startswith("utf")
    except (UnicodeDecodeError, LookupError):
        return False

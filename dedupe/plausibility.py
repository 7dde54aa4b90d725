"""How plausible a text is as writing: the measure by which a decoding or a repair is judged.

Text decoded with the wrong code page shows it in its words: letters of two scripts in one word,
signs between letters, capitals inside lower-case words, Latin-1 letter soup where Cyrillic was,
letters of two languages' alphabets that no text holds together. ``implausibility`` counts
these per character outside ASCII.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter

CJK_RUN = re.compile(
    "[\u3000-\u303f\u3041-\u3096\u309b-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff5e\x21-\x7e"
    # Signs that Chinese and Japanese text sets among its characters without spaces: quotes,
    # dashes (Japanese sets "──" of box drawing as one), the ellipsis, bullets, stars, arrows,
    # circled numbers, the reference mark.
    "\u00b7\u2014-\u201f\u2026\u203b\u2190-\u21ff\u2460-\u24ff\u2500\u2501\u25a0-\u25ff\u2605\u2606\u3200-\u33ff]+"
)
# Between two letters of a word, no character but these (and marks, letters, digits) is writing:
# "za¿ó³æ" is Polish read as windows-1252.
IN_WORD = frozenset("\u2019\u2018'\u00b7\u2010\u2011-\u30fb\u05f3\u05f4\u00ad")
CJK_SCRIPTS = frozenset({"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HALFWIDTH", "FULLWIDTH", "IDEOGRAPHIC"})
# Cyrillic letters no text holds together: Serbian and Macedonian letters with "й", "щ", "ь", "ю",
# "я", which their alphabets lack, or Ukrainian ones with "ы", "э", "ъ", "ё", which Ukrainian lacks. Windows-1251
# reads Mac Cyrillic capitals as the first ("ђособрнадзор"), and KZ-1048's Kazakh and Kyrgyz
# letters as the second ("бїгїн").
FOREIGN_LETTERS = (
    (frozenset("ђћџљњјѓќѕЂЋЏЉЊЈЃЌЅ"), frozenset("йыэъёщьюяЙЫЭЪЁЩЬЮЯ")),
    (frozenset("їєґЇЄҐ"), frozenset("ыэъёЫЭЪЁ")),
)
# Scripts written without spaces between words, into which Latin words run.
UNSPACED_SCRIPTS = CJK_SCRIPTS | {"THAI", "LAO", "KHMER", "MYANMAR"}
# Windows-1251's signs where Mac Cyrillic has its capitals: none begins a lower-case Cyrillic word.
GLUED_SIGNS = frozenset(
    "\u201a\u2026\u2020\u2021\u20ac\u2030\u2039\u203a\u2022\u2013\u2014\u2122\u2018\u2019\u201c\u201d"
)
NO_CAPITALS = 200  # lower-case Cyrillic or Greek letters past which a text holds a capital
# Scripts whose legacy code pages swap the cases (KOI8-R read as windows-1251, say).
CASED_SCRIPTS = frozenset({"CYRILLIC", "GREEK"})

# UTF-8 read as KOI8-R or cp866 turns Cyrillic into box-drawing and pseudo-graphics.
PSEUDO_GRAPHICS = re.compile(r"[\u2219\u221a\u2248\u2264\u2265\u2320\u2321\u2500-\u25ff]")
HAN_IN_LATIN = re.compile("[a-z][\u3400-\u4dbf\u4e00-\u9fff\uff61-\uff9f]{1,2}[a-z]")
SOFT_HYPHEN = "\u00ad"  # a format character, and writing: where a word may break ("Not\u00adfall")
NON_ASCII_WORD = re.compile(r"\S*[^\x00-\x7f]\S*")
# The letters beyond ASCII of the languages written in Latin script with a web code page (lower
# case): a text's letters fit one of them, or they are two languages' letters mixed, as Czech read
# as windows-1252 is ("Dvoøák in Plzeò").
LATIN_ALPHABETS = tuple(
    frozenset(letters)
    for letters in (
        "äöüß", "àâæçéèêëîïôœùûüÿ", "áéíñóúü", "áâãàçéêíóôõúü", "àèéìíîòóùú", "àçèéíïòóúüŀ",
        "áàäéèëïíóöüú", "æøåéèêóòôü", "åäöéü", "åäöšž", "áæðéíóöúýþ", "áæðíóøúý", "áčďéěíňóřšťúůýž",
        "áäčďéíĺľňóôŕšťúýž", "ąćęłńóśźż", "áéíóöőúüű", "ăâîșşțţ", "čćđšž", "ąčęėįšųūž", "āčēģīķļņšūž",
        "äöõüšž", "çğıöşüâîû", "çəğıöşü", "çë", "ċġħżàèìòù", "âêîôûŵŷäëïöüáéíóúàèìòùẅÿ", "ĉĝĥĵŝŭ", "çêîşû",
    )
)  # fmt: skip


def implausibility(text: str, *, cases: bool = True) -> float:
    """Return the share of non-ASCII characters that look wrong in ``text`` (0 = all plausible).

    Wrong: control or replacement characters, box drawing, a word mixing scripts, a capital
    inside a lower-case word, a sign or punctuation between two letters, the currency sign "¤",
    mostly capital Cyrillic or Greek letters (KOI8-R and windows-1251 swap the cases of Cyrillic)
    or a long text with none,
    words made mostly of Latin-1 letters ("Ïðåçèäåíò").

    ``cases=False`` leaves out the share of capitals, which a short line in capitals has of its own.

    >>> implausibility("Привет, мир")
    0.0
    >>> implausibility("Привет, мир".encode("koi8-r").decode("cp1251")) > 0.3
    True
    """
    odd = non_ascii = upper = lower = 0
    cyrillic: Counter[str] = Counter()
    # Each distinct word is judged once (a word's count multiplies what it adds): the sums are
    # those of judging every word in turn.
    for word, times in Counter(NON_ASCII_WORD.findall(text)).items():
        w_odd, w_non_ascii, w_upper, w_lower, w_cyrillic = _word(word)
        odd += w_odd * times
        non_ascii += w_non_ascii * times
        upper += w_upper * times
        lower += w_lower * times
        for letter, count in w_cyrillic:
            cyrillic[letter] += count * times
    if cases and upper > lower:
        odd += upper - lower
    elif lower >= NO_CAPITALS and not upper:
        odd += lower // 10  # a long text with no capital at all: Mac Cyrillic's read as windows-1251 ("”лаг")
    for foreign, native in FOREIGN_LETTERS if cyrillic else ():
        if not native.isdisjoint(cyrillic):
            odd += sum(cyrillic[letter] for letter in foreign)
    return odd / non_ascii if non_ascii else 0.0


@functools.lru_cache(maxsize=1 << 14)
def _word(word: str) -> tuple[int, int, int, int, tuple[tuple[str, int], ...]]:
    """What one word of non-ASCII letters adds to ``implausibility``: characters that look wrong,
    characters beyond ASCII, capital and small Cyrillic or Greek letters, and its Cyrillic letters
    with their counts."""
    odd = non_ascii = upper = lower = 0
    cyrillic: Counter[str] = Counter()
    if word[0] in GLUED_SIGNS and len(word) > 1 and "\u0430" <= word[1] <= "\u045f":
        odd += 1  # "‘ообщение": Mac Cyrillic's capital read as windows-1251's sign
    if CJK_RUN.fullmatch(word):
        # Han, Kana and CJK punctuation (with ASCII beside them) never look wrong, but for Han
        # inside a lower-case Latin word ("co皦e": French read as cp932): counted at once.
        non_ascii += len(word) - len(word.encode("ascii", errors="ignore"))
        odd += len(HAN_IN_LATIN.findall(word))
        return odd, non_ascii, 0, 0, ()
    scripts = set()
    previous_lower = False
    latin1_letters = accented = letters = 0
    for position, char in enumerate(word):
        if char < "\x80":
            if char.isalpha():
                scripts.add("LATIN")
                letters += 1
            previous_lower = char.islower()
            continue
        non_ascii += 1
        wrong, script, is_upper, is_lower = char_class(char)
        odd += wrong
        if script is None:
            # A sign or punctuation between letters ("¤ھ¤«": EUC-JP read as windows-1256;
            # "za¿ó³æ": Polish read as windows-1252) is no writing; "¤" alone is no sign.
            between = 0 < position < len(word) - 1 and _letter(word[position - 1]) and _letter(word[position + 1])
            odd += char == "\u00a4" or (between and char not in IN_WORD and _breaks_word(char) and not _cjk_sign(char))
            # A mark of one script on a letter of another ("seٌor": windows-1252's "ñ" read as
            # windows-1256's tanween) is no writing either.
            # So is one on no letter ("๐่": a Thai tone mark on a digit, Cyrillic read as cp874).
            mark = _mark_script(char)
            previous = word[position - 1] if position else " "
            if mark and previous.isalpha():
                odd += mark != ("LATIN" if previous < "\x80" else char_class(previous)[1])
            elif mark:
                odd += unicodedata.category(previous)[0] != "M"
            continue
        letters += 1
        latin1_letters += "\u00c0" <= char <= "\u00ff"
        accented += "\u00c0" <= char <= "\u024f"
        scripts.add(script)
        if script in CASED_SCRIPTS:
            upper += is_upper
            lower += is_lower
            cyrillic[char] += script == "CYRILLIC"
        if is_upper and previous_lower:
            odd += 1
        previous_lower = is_lower
    if latin1_letters >= 3 and latin1_letters * 2 > letters:
        odd += latin1_letters  # "Ïðåçèäåíò": Cyrillic read as windows-1252
    elif accented >= 3 and accented * 4 > letters * 3:
        odd += accented  # "Ļščāåņ", "ůěĺí": Cyrillic, Hebrew read as a Baltic or Central European page
    if scripts & UNSPACED_SCRIPTS:
        # Han, Hiragana and Katakana share a run in Japanese, and Latin words run into them
        # and into Thai without a space ("Xiスマホ", "รถEV"): with them, only a third script is mixed.
        scripts = {"CJK" if script in CJK_SCRIPTS else script for script in scripts - {"LATIN"}}
    if len(scripts) > 1:
        odd += 2
    return odd, non_ascii, upper, lower, tuple(cyrillic.items())


def one_alphabet(text: str) -> bool:
    """Whether the Latin letters beyond ASCII in ``text`` all belong to one language's alphabet
    (``LATIN_ALPHABETS``); a text with none fits.

    >>> one_alphabet("Dvořák in Plzeň"), one_alphabet("Dvořák in Plzeň".encode("cp1250").decode("cp1252"))
    (True, False)
    """
    letters = {
        letter for letter in text.lower() if letter > "\x7f" and letter.isalpha() and char_class(letter)[1] == "LATIN"
    }
    return not letters or any(letters <= alphabet for alphabet in LATIN_ALPHABETS)


def _letter(char: str) -> bool:
    """Whether ``char`` is a letter of a script written with spaces (Chinese and Japanese set
    punctuation between their characters)."""
    return char.isalpha() and char < "\u2e80"


def _cjk_sign(char: str) -> bool:
    """Whether ``char`` is Chinese or Japanese punctuation, which follows a Latin word without a
    space ("139g。OS")."""
    return "\u3000" <= char <= "\u303f" or "\uff01" <= char <= "\uff65"


@functools.cache
def _breaks_word(char: str) -> bool:
    """Whether ``char`` (not a letter) cannot stand inside a word: a sign, punctuation, a number
    that is no digit ("³"), a control; marks, digits and joiners can."""
    category = unicodedata.category(char)
    return category[0] in "SPC" and category not in ("Cf", "Pd") or category == "No"


@functools.cache
def _mark_script(char: str) -> str | None:
    """Return the script of a combining mark that belongs to one ("ARABIC" for a tanween), else None."""
    if unicodedata.category(char) != "Mn":
        return None
    script = unicodedata.name(char, "COMBINING").split(" ")[0]
    return None if script in ("COMBINING", "VARIATION") else script


@functools.cache
def char_class(char: str) -> tuple[bool, str | None, bool, bool]:
    """Return (looks wrong, script if a letter, upper case, lower case) for a non-ASCII character."""
    wrong = (unicodedata.category(char)[0] == "C" and char != SOFT_HYPHEN) or char == "\ufffd"
    wrong = wrong or PSEUDO_GRAPHICS.match(char) is not None
    if not char.isalpha():
        return wrong, None, False, False
    return wrong, unicodedata.name(char, "?").split(" ")[0], char.isupper(), char.islower()

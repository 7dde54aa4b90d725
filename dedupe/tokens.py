"""The one tokenizer every rule compares with: words of spaced scripts, and one token per
character of the scripts written without spaces (Thai, Hiragana, Katakana, Han; SPEC §2)."""

from __future__ import annotations

import itertools
import re

# Scripts written without spaces between words: Thai, Hiragana, Katakana and Han. Each of
# their characters is a token, as a word is elsewhere (SPEC §2).
HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
THAI = "\u0e00-\u0e7f"
UNSPACED = THAI + HAN_KANA
WORD = re.compile(f"[{UNSPACED}]|[^\\W{UNSPACED}]+")
# Han and Kana say as much in one character as other scripts in about two: they count double
# toward Config.min_length. (A Thai character is a letter, as in Latin script.)
DOUBLE_WIDTH = re.compile(f"[{HAN_KANA}]+")  # runs of them: fewer matches than one per character
NUMBER = re.compile(r"\d+")
# Combining marks (Arabic harakat and the like) and the Arabic tatweel carry no fact.
MARKS = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Characters the byte-wise word split cannot handle: others than ASCII that are no word
# characters, and those MARKS drops from inside words.
UNPLAIN = re.compile(f"[^\\x00-\\x7f\\w]|{MARKS.pattern}|[{UNSPACED}]")
# ASCII letters and digits, and every byte of a character outside ASCII, stay; the rest split.
WORD_BYTES = bytes(byte if byte >= 0x80 or chr(byte).isalnum() else 0x20 for byte in range(256))
UNSPACED_CHAR = re.compile(f"[{UNSPACED}]")

# Splits after a sentence: the words of the parts are all that is kept of them, so the closing
# mark may go with the split (matching it is several times faster than looking back for it).
# A sentence ends at a mark and a space, or at a mark before a character of a script written
# without spaces; "。" ends one wherever it stands.
SENTENCE_END = re.compile(f"[.!?\u061f\u3002][\"')\\]]*(?:\\s+|(?=[{UNSPACED}]))|\u3002[\"')\\]]*")
# The tokens of a text and the ends of its sentences, in one pass: a run of Han and Kana, a run of
# Thai, another word, or a sentence end (no group). A run of characters without spaces gives its
# characters at once (a match per character costs several times more than the list of them).
TOKEN_OR_END = re.compile(f"([{HAN_KANA}]+)|([{THAI}]+)|([^\\W{UNSPACED}]+)|(?:{SENTENCE_END.pattern})")


def words(text: str) -> list[str]:
    """Return the tokens of ``text``: its words, and each character of a script without spaces."""
    return plain_words(text) if plain(text) else marked_words(unmarked(text))


def marked_words(text: str) -> list[str]:
    """Return ``WORD.findall(text)`` for an ``unmarked`` text.

    >>> marked_words("東京は20日、Xiスマホ")
    ['東', '京', 'は', '20', '日', 'Xi', 'ス', 'マ', 'ホ']
    """
    parts = marked_sentences(text)[0]
    return parts[0] if len(parts) == 1 else list(itertools.chain.from_iterable(parts))


def marked_sentences(text: str) -> tuple[list[list[str]], int]:
    """Return ``[marked_words(part) for part in SENTENCE_END.split(text)]`` for an ``unmarked``
    text, in one pass, and how many of its tokens are Han or Kana (``DOUBLE_WIDTH`` characters).

    >>> marked_sentences("東京は晴れ。Xi 20日. Done.")
    ([['東', '京', 'は', '晴', 'れ'], ['Xi', '20', '日'], ['Done']], 6)
    """
    current: list[str] = []
    parts = [current]
    double_width = 0
    for han_kana, thai, word in TOKEN_OR_END.findall(text):
        if han_kana:
            current += han_kana
            double_width += len(han_kana)
        elif thai:
            current += thai
        elif word:
            current.append(word)
        else:  # a sentence ends
            current = []
            parts.append(current)
    return parts, double_width


def plain(text: str) -> bool:
    """True when every character of ``text`` outside ASCII is a word character to keep."""
    return text.isascii() or UNPLAIN.search(text) is None


def plain_words(plain: str) -> list[str]:
    """Return ``WORD.findall(unmarked(plain))`` for a ``_plain`` text, several times faster."""
    return plain.encode().translate(WORD_BYTES).decode().split()


def numbers(bare: str) -> tuple[str, ...]:
    """Return the numbers of ``bare`` (tokens joined by spaces), sorted.

    >>> numbers("7 people 2 days 12")
    ('12', '2', '7')
    """
    # Every digit is a word character: a text of letters alone holds no number.
    return () if bare.replace(" ", "").isalpha() else tuple(sorted(NUMBER.findall(bare)))


def unmarked(text: str) -> str:
    """Return ``text`` without combining marks and tatweel, ``_`` (no letter) as a space."""
    return MARKS.sub("", text).replace("_", " ")

"""Frames around a paragraph's facts, which a copy may add or drop: a dateline or a label before
the text, an attribution after it, a source in brackets (SPEC §2.2)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from dedupe import tokens
from dedupe.tokens import UNSPACED

ATTACHED_CONJUNCTIONS = ("\u0648", "\u0641")  # Arabic writes "and" and "so" as a prefix
LIST_ITEM = re.compile(r"^(?:[*\u2022\u00b7\u25aa\u25cf\u25e6\u2023]|\d{1,3}(?:[.)]|\s+[-\u2013\u2014]))\s")
MAX_FRAME_WORDS = 6  # a dateline before a dash, or an attribution after a comma
MAX_ATTRIBUTION_WORDS = 12  # an attribution that opens with its verb, then names who said it
# A dateline or a source before a dash or a colon ("ASTANA. KAZINFORM -", "DUBAI, UAE -"), and an
# attribution after a comma or a dash (", сообщил РИА Новости", ", dep habarlaıdy Aqorda"): a
# frame around the facts, which a copy may add or drop.
LEAD_FRAME = re.compile(r"([^\"\-:;]{2,80}?)\s(-|:)\s")
# Before a colon only a label is a frame: a name there says who ("Angie Errigo, Empire: ...").
LABELS = (
    "breaking news update updated watch video photo photos live exclusive analysis opinion срочно молния видео фото"
)
LABEL_WORDS = frozenset(LABELS.split())
TAIL_FRAME = re.compile(r"(?:,|\s-)\s([^,\"]{2,80})$")
ATTRIBUTION_WORDS = {
    "en": "said says say reported reports according told writes wrote quoted announced added noted stated",
    "ru": "сообщил сообщила сообщили сообщает сообщают сообщается передает передаёт передают заявил заявила "
    "заявили пишет пишут информирует отмечает отметил отметила рассказал рассказала говорится уточнил "
    "уточнила подчеркнул подчеркнула",
    "ky": "билдирди билдиришти кабарлады маалымдады",
    "kk": "habarlaıdy habarlady málimdedi",
    "id": "kata ujar menurut dilansir melansir",
    "ar": "قال قالت وفقا حسب نقلا أفاد أفادت ذكر ذكرت أضاف أضافت",
}
ATTRIBUTIONS = frozenset(word for words in ATTRIBUTION_WORDS.values() for word in words.split())
MAX_BRACKET_TOKENS = 20  # a source or dateline in brackets, counted in tokens
LEAD_BRACKET = re.compile(r"\s*[【〔\[(]([^】〕\])]{1,40})[】〕\])]\s*(?:-\s*)?")
CJK_DATELINE = re.compile(r"[\u4e00-\u9fff]{2,12}\d{1,2}月\d{1,2}日(?:\d{1,2}时)?电\s*")
CJK_TAIL_BRACKET = re.compile(f"\\s*[【〔\\[(][^】〕\\])]*[{UNSPACED}][^】〕\\])]{{0,20}}[】〕\\])][。.]?$")
CJK_CONNECTIVE = re.compile(r"(?:另外|此外|同时|据悉|据了解|与此同时|また|なお|さらに|一方)[，,、]\s*")
FRAME_WINDOW = 96  # characters at either end of a paragraph that can hold a frame
# The attribution words, and each with "و" or "ف" attached (Arabic writes "and he said" as one word).
ATTRIBUTION_FORMS = ATTRIBUTIONS | {c + word for c in ATTACHED_CONJUNCTIONS for word in ATTRIBUTIONS}


def lead(key: str, total: int) -> tuple[int, bool]:
    """Return the words of a dateline, label or source that opens a paragraph of ``total`` words
    (0 for none), and whether it stands in brackets or is a dateline, which tells a frame apart
    even in a short paragraph."""
    head = key[:FRAME_WINDOW]
    connective = CJK_CONNECTIVE.match(head)
    if connective is not None:
        # "此外，", "また、": a connective of a script without spaces, several characters long.
        count = len(tokens.words(connective.group()))
        return (count if 2 * count <= total else 0), False
    bracketed = LEAD_BRACKET.match(head) or CJK_DATELINE.match(head)
    if bracketed is not None:
        # "【Sports Watch】", "〔共同〕", "(AP)", "新华社北京11月20日电": a source or dateline.
        # ("[A]", "(1)": one token in brackets labels an item of a list.)
        count = len(tokens.words(bracketed.group()))
        fits = 2 <= count <= MAX_BRACKET_TOKENS and 2 * count <= total
        return (count, True) if fits else (0, False)
    if " - " not in head and ": " not in head:
        return 0, False  # most paragraphs: a substring test is much cheaper than the pattern
    frame = LEAD_FRAME.match(head)
    if frame is None or LIST_ITEM.match(frame.group(1) + " "):
        return 0, False
    words = tokens.words(frame.group(1))
    if frame.group(2) == ":" and not LABEL_WORDS.issuperset(words):
        return 0, False
    return (len(words) if words and len(words) <= MAX_FRAME_WORDS and 3 * len(words) <= total else 0), False


def tail_words(key: str, words: Sequence[str]) -> int:
    """Return the words of an attribution that closes a paragraph of ``words``, or 0.

    A clause after a comma is a fact unless it says who reported it."""
    total = len(words)
    if ATTRIBUTION_FORMS.isdisjoint(words[-MAX_ATTRIBUTION_WORDS:]) and not key.endswith((")", "】", "〕")):
        return 0  # most paragraphs: no attribution word near the end, no closing bracket
    bracketed = CJK_TAIL_BRACKET.search(key, max(0, len(key) - FRAME_WINDOW))
    if bracketed is not None:
        # "（共同）", "(记者 王晓)": a source in brackets, in a script written without spaces.
        count = len(tokens.words(bracketed.group()))
        return count if count and count <= MAX_BRACKET_TOKENS and 2 * count <= total else 0
    frame = TAIL_FRAME.search(key, max(0, len(key) - FRAME_WINDOW))
    if frame is None:
        return 0
    words = tokens.words(frame.group(1))
    if words and is_attribution(words[0]):
        # ", сообщил РИА Новости глава департамента Сергей Капков": the verb, then who said it.
        return len(words) if len(words) <= MAX_ATTRIBUTION_WORDS and 2 * len(words) <= total else 0
    if not any(is_attribution(word) for word in words):
        return 0
    return len(words) if len(words) <= MAX_FRAME_WORDS and 3 * len(words) <= total else 0


def is_attribution(word: str) -> bool:
    return word in ATTRIBUTION_FORMS

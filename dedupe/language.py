"""The language a text is written in, as far as its letters and commonest words tell: enough for
the audit page's ``lang`` attributes (which font, hyphenation and screen reader voice a browser
picks), not a language identifier. None where the text does not say."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from dedupe.plausibility import char_class

SAMPLE = 400  # characters of a text looked at
WORD = re.compile(r"[^\W\d_]+")

# Scripts that name one language each (or the one a news crawl most likely holds).
SCRIPTS = {
    "HANGUL": "ko",
    "THAI": "th",
    "ARABIC": "ar",
    "HEBREW": "he",
    "GREEK": "el",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
    "DEVANAGARI": "hi",
}
# Letters that only some languages written in Cyrillic use, most telling first.
CYRILLIC_LETTERS = (
    ("kk", "әғқұһ"),
    ("ky", "өүң"),  # Mongolian writes "ө" and "ү" too: told by its words (MONGOLIAN_WORDS)
    ("be", "ў"),
    ("uk", "їєґ"),
    ("mk", "ѓќѕ"),
    ("sr", "ђћ"),
)
# Words of Mongolian that Kyrgyz, which writes its letters "ө" and "ү" too, does not have.
MONGOLIAN_WORDS = frozenset({"байна", "болон", "юм", "байгаа", "байсан", "энэ", "нь", "бол", "хийлээ"})
# The commonest short words of languages written in Latin letters.
LATIN_WORDS = {
    "en": "the and of to in is that for on with was as by at from are it",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke",
    "de": "der die und das ist nicht mit den von zu sich des auf für dem ein eine",
    "fr": "le la les et des est une du dans pour que qui sur pas au avec",
    "es": "el la los las y de que en del se por con una para es",
    "pt": "o os as e do da que em não uma para com dos das por",
    "it": "il di che e la per un una non sono del della con gli",
    "nl": "de het een en van is dat op te niet met voor zijn",
    "kk": "jáne men bul úshin ol osy bir bolyp degen edi",
    "tr": "ve bir bu da de için ile olarak çok daha gibi",
}
WORDS = {word: language for language, words in LATIN_WORDS.items() for word in words.split()}


def language(text: str) -> str | None:
    """Return the language ``text`` is written in (a BCP 47 tag), or None where it does not say.

    >>> language("Полиция задержала подозреваемого в краже"), language("The police arrested a man at the station")
    ('ru', 'en')
    >>> language("東京で会議が開かれた"), language("北京举行会议"), language("12 345")
    ('ja', 'zh', None)
    >>> language("The mayor of Gdańsk met the mayor of Poznań at the town hall")  # a name's letter
    'en'
    >>> language("Беларусь і Расія ўзмацняюць супрацоўніцтва"), language("Македонија потпиша договор за ѕидот")
    ('be', 'mk')
    """
    text = text[:SAMPLE]
    scripts: Counter[str] = Counter()
    for char in text:
        if char.isalpha():
            scripts["LATIN" if char < "\x80" else char_class(char)[1] or "OTHER"] += 1
    if not scripts:
        return None
    letters = sum(scripts.values())
    if scripts["HIRAGANA"] + scripts["KATAKANA"] >= 0.05 * letters:
        return "ja"
    script, count = scripts.most_common(1)[0]
    if count < 0.6 * letters:
        return None
    if script == "CJK":
        return "zh"
    if script == "CYRILLIC":
        lowered = text.lower()
        tag = next((tag for tag, marks in CYRILLIC_LETTERS if any(mark in lowered for mark in marks)), "ru")
        if tag == "ky" and "ң" not in lowered and not MONGOLIAN_WORDS.isdisjoint(WORD.findall(lowered)):
            return "mn"
        return tag
    if script == "LATIN":
        lowered = text.lower()
        turkic = (
            "ı" in lowered and sum(mark in lowered for mark in "áúýń") >= 2 and not any(c in lowered for c in "şğç")
        )
        if "ǵ" in lowered or turkic:  # Turkish writes "ı" too, with "ş", "ğ" and "ç", which Kazakh does not
            return "kk"  # the Kazakh Latin alphabet of 2018: no other language writes these together
        votes = Counter(WORDS[word] for word in WORD.findall(text.lower()) if word in WORDS)
        if not votes:
            return None
        (best, most), *rest = votes.most_common(2)
        return best if most >= 2 and (not rest or most > rest[0][1]) else None
    return SCRIPTS.get(script)


def dominant(tags: Iterable[str | None], share: float = 0.6) -> str | None:
    """The language that at least ``share`` of ``tags`` name (None, a text that did not say, aside).

    >>> dominant(["ru", "ru", None, "en"]), dominant(["ru", "en"]), dominant([None])
    ('ru', None, None)
    """
    counts = Counter(tag for tag in tags if tag is not None)
    if not counts:
        return None
    count, tag = max((count, tag) for tag, count in counts.items())
    return tag if count >= share * counts.total() else None

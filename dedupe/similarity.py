"""What one paragraph offers for comparison (its features), and the score between two.

Pure: no I/O, and nothing kept between calls but a cache of ``length_window``, a function of its
arguments alone. ``matcher`` applies the rules with these parts.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from types import ModuleType

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from dedupe import frames, tokens
from dedupe.frames import ATTACHED_CONJUNCTIONS, LIST_ITEM
from dedupe.model import Config, Paragraph
from dedupe.tokens import SENTENCE_END, UNSPACED_CHAR

CLOSING = tuple(".!?\u061f\u3002\u2026")
CLOSING_TRAILER = "\"')]» "  # what may follow the closing mark: quotes, brackets, a space
# "Read more" links that end a teaser without dots (after them, dots are enough to cut).
READ_MORE = (
    "read more",
    "continue reading",
    "подробнее",
    "читать далее",
    "читать полностью",
    "толугу менен",
    "اقرأ المزيد",
    "baca selengkapnya",
    "weiterlesen",
    "leia mais",
    "saiba mais",
)
CUT_MARK_TRAILER = " >\u00bb\u2192"
CUT_MARK = re.compile(
    r"(?:\s*(?:\.{3,}|\[\s*\.{3}\s*\]|\(\s*\.{3}\s*\))\s*"
    r"(?:[|>\u00bb\u2192-]?\s*(?:read more|more|continue reading|подробнее|читать далее|читать полностью"
    r"|далее|толугу менен|кененирээк|толығырақ|tolyǵyraq|اقرأ المزيد|المزيد|selengkapnya"
    r"|baca selengkapnya|weiterlesen|leia mais|saiba mais)\s*[>\u00bb\u2192]*)?"
    rf"|\s*[|>\u00bb\u2192-]?\s*(?:{'|'.join(READ_MORE)})\s*[>\u00bb\u2192]*)"
    # A gallery caption cut short keeps its credit after the mark ("... more Photo: Name, AP").
    r"(?:\s*(?:photo|image|credit|фото|foto|صورة)\s*:[^.!?]{0,80})?\s*$"
)
# A cut mark by its shape, whatever its words or language: a run of dots or arrows, a short
# bracketed note of letters ("(more)", "[continued]", "(続く)", "【全文】", "(تتمة)"), or a
# few words an arrow closes ("read more »", "lire la suite →"), after an optional separator. It
# holds no digit: "(2)" or "(part 2)" number an item, they cut nothing.
_ARROWS = "\u2192\u21d2\u25b6\u25ba\u27a4\u2794\u279c"
_ARROW = f"(?:[{_ARROWS}]+|>{{2,}})"  # one ">" closes an angle bracket more often than it points
# A letter, with the marks that sit on letters (Thai vowels and tones, combining accents): "อ่านต่อ".
_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])"
_NOTE = rf"{_LETTER}+(?:\s+{_LETTER}+){{0,3}}\.?"
CUT_SHAPE = re.compile(
    rf"(?:\s*[|:\-]?\s*(?:\.{{2,}}(?:\s*{_NOTE})?|{_ARROW}(?:\s*{_NOTE})?"
    rf"|[(\[\u3010\u3014{{]\s*{_NOTE}\s*(?:\.{{2,}})?\s*[)\]\u3011\u3015}}]|{_NOTE}\s*{_ARROW}))+\s*$"
)
BRACKETS = {")": "(", "]": "[", "\u3011": "\u3010", "\u3015": "\u3014", "}": "{"}
BRACKET_NOTE = re.compile(rf"\s*(?:{_NOTE}\s*(?:\.{{2,}})?|\.{{2,}})\s*")  # what a bracketed mark holds
CUT_SHAPE_ENDS = frozenset(f"{_ARROWS}>)]\u3011\u3015}}")  # a key's last character, when it ends in one (or "..")
CUT_SHAPE_WINDOW = 32  # characters at the end of a paragraph that can hold a cut mark of that shape
CUT_NOTE_WINDOW = 24  # characters at the end of a paragraph where dots or an arrow may lead a mark of words
CUT_SIGN = re.compile(rf"\.\.|[{_ARROWS}>]")
CUT_SHAPE_START = re.compile(r"\s|[^\w\s]")  # where a cut mark may begin: a space or a sign
MIN_CUT_PREFIX_WORDS = 2
MIN_CUT_PREFIX_CHARS = 8
MIN_NOTE_PREFIX_WORDS = 4  # words (characters, in scripts without spaces) before a mark of words
MIN_NOTE_PREFIX_UNSPACED = 12
# Words that join or frame a sentence without stating a fact: a copy that adds, drops or swaps
# only these is still a copy ("And", "Meanwhile,", "و", "Бул тууралуу"). Quantifiers such as
# "all" and name particles such as "bin" are here too: "Muhammad bin Abdulaziz" is one person.
CONNECTIVE_WORDS = {
    "en": "a an the and or but so as at by for from in into of on onto to with that this which who while "
    "when where also meanwhile however moreover furthermore then thus still yet is are was were be been has "
    "have had it its he she they his her their said says reported reporting all every each both bin ibn "
    "von van der de del",
    "ru": "и а но да или в во на с со к по о об от до из у за при для что как же ли бы не это также однако "
    "тем между кроме того этом сообщает передает сообщил сообщила все всех весь",
    "ky": "жана менен да де деп бул ал эми ошондой тууралуу бардык",
    "kk": "men jáne da de dep bul al sondaı-aq týraly barlyq",
    "id": "dan di ke dari yang untuk dengan pada ini itu juga adalah semua",
    "ar": "و في من على إلى الى عن أن ان إن ما كما قد لقد ثم أو او هذا هذه ذلك التي الذي كان كانت وقد كل "
    "كافة جميع بن ابن",
    # Scripts without spaces are compared character by character: their particles and function
    # characters are the connectives there.
    "ja": "の を は が に で と も へ や",
    "zh": "的 了 在 是 和 与 及 据 也 并",
}
CONNECTIVES = frozenset(word for words in CONNECTIVE_WORDS.values() for word in words.split())
# Arabic writes "and" and "so" as a prefix: "ومن" is "و" + "من".
MAX_COMPARED_LENGTH = 100_000  # characters; a longer paragraph is matched by its exact key only
CUT_MARK_WINDOW = 120  # characters at the end of a paragraph that can hold a cut mark
MAX_BUCKET = 64  # word pairs shared by more paragraphs than this are too common to pair on
MAX_SHORT_NAME = 5  # letters of a word too short to take a typo: another letter makes another word
MIN_QUOTE_WORDS = 4  # a quoted span shorter than this is a phrase, not a pull quote's text
QUOTED = re.compile(r'"([^"]+)"')
MAX_CUT_CHARACTERS = 2  # characters a copy in a script without spaces may lose at its end
MIN_CUT_COPY = 8  # tokens such a copy keeps


class Features:
    """What the rules compare for one paragraph (thousands are made per article).

    ``words``, ``vocabulary`` and ``pairs`` are made from ``bare`` when first read: most
    paragraphs are never compared word by word, and those fields cost more than all the others.
    """

    __slots__ = (
        "bare",
        "numbers",
        "sentences",
        "closed",
        "cut_prefix",
        "length",
        "frame",
        "lead",
        "tail",
        "quotes",
        "bracketed",
        "cut_mark",
        "cut_signed",
        "cut_key",
        "pair_keys",
        "_words",
        "_vocabulary",
        "_pairs",
        "_number_groups",
    )
    bare: str
    """The words joined by single spaces (a token holds no space)."""
    numbers: tuple[str, ...]
    sentences: tuple[str, ...]
    closed: bool
    cut_prefix: str | None
    """The words before a cut mark ("... Read more »", "(more)", "【全文】"), when a longer
    paragraph may start with them."""
    length: int
    frame: bool
    """A list item or a question: repeated on purpose, so treated as a short line."""
    lead: int
    """Words of a dateline or source that opens the paragraph before a dash or colon (else 0)."""
    tail: int
    """Words of an attribution that closes the paragraph after a comma or dash (else 0)."""
    quotes: tuple[str, ...]
    """The words of each quoted span of the paragraph, joined as ``bare`` is."""
    bracketed: bool
    """The lead frame is a source in brackets or a dateline ("【Sports Watch】"), which tells a
    frame apart even in a short paragraph."""
    cut_mark: str
    """The words of the cut mark ("read more"): a paragraph going on with them is no host."""
    cut_signed: bool
    """The cut mark holds dots or an arrow: never how a paragraph goes on, as words and brackets may."""
    cut_key: str
    """The key before a mark of words: where a longer paragraph goes on after it with a sign (a
    comma, a full stop), the "mark" is a label on a headline or a row ("(video)", "(kg)")."""
    pair_keys: bytes | None
    """The word pairs as the compiled core's candidate index reads them (``dedupe._core``), or
    None when the pure-Python code made these features."""
    _words: tuple[str, ...] | None
    _vocabulary: frozenset[str] | None
    _pairs: frozenset[tuple[str, ...]] | None
    _number_groups: tuple[tuple[str, ...], ...] | None

    def __init__(
        self,
        bare: str,
        numbers: tuple[str, ...],
        sentences: tuple[str, ...],
        closed: bool,
        cut_prefix: str | None,
        length: int,
        frame: bool,
        lead: int,
        tail: int,
        quotes: tuple[str, ...],
        bracketed: bool = False,
        cut_mark: str = "",
        cut_signed: bool = True,
        cut_key: str = "",
        *,
        words: tuple[str, ...] | None = None,
        comparable: bool = True,
    ) -> None:
        self.bare = bare
        self.numbers = numbers
        self.sentences = sentences
        self.closed = closed
        self.cut_prefix = cut_prefix
        self.length = length
        self.frame = frame
        self.lead = lead
        self.tail = tail
        self.quotes = quotes
        self.bracketed = bracketed
        self.cut_mark = cut_mark
        self.cut_signed = cut_signed
        self.cut_key = cut_key
        self.pair_keys = None
        self._words = words
        self._vocabulary = None
        # A paragraph too long to compare shares no pair with any other.
        self._pairs = None if comparable else frozenset()
        self._number_groups = None

    @property
    def words(self) -> tuple[str, ...]:
        """The tokens (``tokens.words``): words, and each character of a script without spaces."""
        words = self._words
        if words is None:
            words = self._words = tuple(self.bare.split(" ")) if self.bare else ()
        return words

    @property
    def vocabulary(self) -> frozenset[str]:
        vocabulary = self._vocabulary
        if vocabulary is None:
            vocabulary = self._vocabulary = frozenset(self.words)
        return vocabulary

    @property
    def pairs(self) -> frozenset[tuple[str, ...]]:
        """Adjacent word pairs (the one word of a one-word paragraph): what near copies share."""
        pairs = self._pairs
        if pairs is None:
            words = self.words
            pairs = self._pairs = frozenset(itertools.pairwise(words)) if len(words) > 1 else frozenset([words])
        return pairs

    def fields(self) -> tuple[object, ...]:
        """Every feature, as a tuple: what two makers of features must agree on."""
        return (
            self.words,
            self.bare,
            self.numbers,
            self.sentences,
            self.closed,
            self.cut_prefix,
            self.length,
            self.frame,
            self.vocabulary,
            self.pairs,
            self.lead,
            self.tail,
            self.quotes,
            self.bracketed,
            self.cut_mark,
            self.cut_signed,
            self.cut_key,
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Features) and self.fields() == other.fields()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Features(bare={self.bare!r}, lead={self.lead}, tail={self.tail}, cut_prefix={self.cut_prefix!r})"

    @property
    def number_groups(self) -> tuple[tuple[str, ...], ...]:
        """The numbers a near copy may hold: all of them, or those outside the frames."""
        groups = self._number_groups
        if groups is None:
            if not (self.lead or self.tail):
                groups = (self.numbers,)
            else:
                core = tokens.numbers(" ".join(self.words[self.lead : len(self.words) - self.tail]))
                groups = (self.numbers,) if core == self.numbers else (self.numbers, core)
            self._number_groups = groups
        return groups


def features(paragraph: Paragraph) -> Features:
    """Return the comparison features of ``paragraph``."""
    key = paragraph.key
    if len(key) > MAX_COMPARED_LENGTH:
        # Megabytes on one line are no article text; only an exact copy of it is found.
        return Features("", (), (), False, None, len(key), False, 0, 0, (), comparable=False)
    # Sentence ends hold no word character, so the words of the parts are the words of the key.
    plain = tokens.plain(key)
    text = key if plain else tokens.unmarked(key)
    if plain:
        parts, double_width = [tokens.plain_words(part) for part in SENTENCE_END.split(text)], 0
    else:
        parts, double_width = tokens.marked_sentences(text)
    words = tuple(parts[0]) if len(parts) == 1 else tuple(itertools.chain.from_iterable(parts))
    if len(parts) > 1:
        sentences = tuple(" ".join(part) for part in parts if part)
        bare = " ".join(sentences)  # the words joined: a few sentences to join instead of every word
    else:
        bare = " ".join(words)
        sentences = (bare,) if bare else ()
    made = Features(
        words=words,
        bare=bare,
        numbers=tokens.numbers(bare),
        sentences=sentences,
        closed=(end := key.rstrip(CLOSING_TRAILER)).endswith(CLOSING),
        cut_prefix=None,
        length=len(key) + double_width,
        frame=LIST_ITEM.match(key) is not None or end.endswith(("?", "\u061f")),
        lead=0,
        tail=0,
        # A quoted span of a plain key is plain; without marks or "_" a key is its own text.
        quotes=_quotes(key, tokens.plain_words if plain else tokens.marked_words if text == key else tokens.words)
        if '"' in key
        else (),
    )
    # The frames and the cut mark, by the rules the compiled core's features get them by too.
    complete_features(made, key, paragraph.text, len(words), True, True, True)
    return made


def features_by_key(paragraphs: Iterable[Paragraph]) -> dict[str, Features]:
    """Return the features of each distinct key of ``paragraphs`` (made from its first
    paragraph): copies share theirs. The compiled core makes them when it is in use (``CORE``)."""
    firsts: dict[str, Paragraph] = {}
    for paragraph in paragraphs:
        firsts.setdefault(paragraph.key, paragraph)
    if CORE is None:
        return {key: features(paragraph) for key, paragraph in firsts.items()}
    made = CORE.features(list(firsts), [paragraph.text for paragraph in firsts.values()])
    return {
        key: feature if feature is not None else features(paragraph)  # past MAX_COMPARED_LENGTH
        for (key, paragraph), feature in zip(firsts.items(), made, strict=True)
    }


def complete_features(f: Features, key: str, text: str, count: int, lead: bool, tail: bool, cut: bool) -> None:
    """Add the frames and the cut mark to features (``features`` asks for all three; the compiled
    core only for those that may be found, by its own cheap tests): ``count`` is the tokens."""
    if lead:
        f.lead, f.bracketed = frames.lead(key, count)
    if tail:
        f.tail = frames.tail_words(key, f.words)
    if cut:
        f.cut_prefix, f.cut_mark, f.cut_signed, f.cut_key = cut_fields(key, text)


@functools.cache
def load_core() -> ModuleType | None:
    """Return the compiled core (``dedupe._core``), set up once per process, or None when it is
    not built (no C compiler at install time) or another interpreter of the process set it up."""
    try:
        import dedupe._core as _core
    except ImportError:
        return None
    seed = int.from_bytes(os.urandom(8), "little")  # word pairs hash by it: no text is made to collide
    try:
        _core.setup(Features, complete_features, sorted(frames.ATTRIBUTION_FORMS), READ_MORE, MAX_COMPARED_LENGTH, seed)
    except RuntimeError:
        return None  # another interpreter of the process set it up for its own Features: Python here
    return _core


def _compiled_core() -> ModuleType | None:
    """The compiled core, unless ``DEDUPE_PURE_PYTHON`` asks for pure Python (``asks_pure_python``)
    or it is not built: then None, and Python does its work."""
    return None if asks_pure_python(os.environ.get("DEDUPE_PURE_PYTHON", "")) else load_core()


def asks_pure_python(value: str) -> bool:
    """Whether a value of ``DEDUPE_PURE_PYTHON`` asks for pure Python: anything but nothing and
    the usual words for no ("0", "false", "no", "off", in any case)."""
    return value.strip().lower() not in ("", "0", "false", "no", "off")


CORE = _compiled_core()
"""The compiled core in use, or None for pure Python."""


def core_name() -> str:
    """The name of what cleans: "compiled core" or "pure Python" (``CORE``)."""
    return "pure Python" if CORE is None else "compiled core"


def cut_fields(key: str, text: str) -> tuple[str | None, str, bool, str]:
    """Return the cut mark's features of a paragraph's ``key`` (and ``text``): ``cut_prefix``,
    ``cut_mark``, ``cut_signed`` and ``cut_key``."""
    # A cut mark ends the paragraph: looking at the tail is enough, and much faster on long ones.
    tail = key[-CUT_MARK_WINDOW:]
    cut = None
    if "..." in tail or tail.rstrip(CUT_MARK_TRAILER).endswith(READ_MORE):
        cut = CUT_MARK.search(key, len(key) - len(tail))
    cut_prefix = None if cut is None else _cut_prefix(key, cut)
    last = key[-1:]  # a key ends in no space
    shaped = None
    if cut is None and (last in CUT_SHAPE_ENDS or last == '"' or _cut_lead(key[-CUT_NOTE_WINDOW:])):
        if last == '"' and _link_arrow(text):
            # "»" reads as a quote in the key; set apart at a paragraph's end, it is a link's arrow.
            shaped = _cut_shape(key[:-1] + ">>", len(key) - CUT_SHAPE_WINDOW)
        elif last == '"':
            if key[:-1].endswith(".."):  # dots inside a quote: «We will...»
                shaped = _cut_shape(key[:-1], len(key) - CUT_SHAPE_WINDOW)
        elif last in CUT_SHAPE_ENDS or last.isalpha() or key.endswith(".."):
            shaped = _cut_shape(key, len(key) - CUT_SHAPE_WINDOW)
    cut_mark, cut_signed, cut_key = "", True, ""
    if shaped is not None:
        # A mark of words ("(more)", "read more →") may be a label that stays ("(video)", "(au)",
        # "(笑)"): it cuts only a longer start (``_cut_prefix``), and only where a paragraph of
        # text goes on inside the clause (``teasers``).
        cut, cut_prefix = shaped
        cut_mark = " ".join(tokens.words(cut.group()))
        cut_signed = CUT_SIGN.search(cut.group()) is not None
        cut_key = key[: cut.start()].rstrip()
    return cut_prefix, cut_mark, cut_signed, cut_key


def _cut_lead(window: str) -> bool:
    """True when the end of a key (``window``) holds what may lead a mark of words: dots or an
    arrow (string tests: a regex search costs more on every paragraph)."""
    return ".." in window or ">>" in window or (not window.isascii() and any(arrow in window for arrow in _ARROWS))


def _link_arrow(text: str) -> bool:
    """True when ``text`` ends in "»" (or "›") set apart, as a link's arrow, not a quote's end."""
    end = text.rstrip()
    return end.endswith((" \u00bb", " \u203a", "\u00bb\u00bb")) and "\u00ab" not in end and "\u2039" not in end


def _cut_prefix(key: str, cut: re.Match[str] | None) -> str | None:
    """The words before ``cut`` joined, when enough of them stand there to start a longer
    paragraph; a mark of words (``CUT_SHAPE``) needs more of them (it may be a label)."""
    if cut is None or cut.start() == 0:
        return None
    words = tokens.words(key[: cut.start()])
    prefix = " ".join(words)
    if len(words) < MIN_CUT_PREFIX_WORDS or len(prefix) < MIN_CUT_PREFIX_CHARS:
        return None
    if cut.re is CUT_SHAPE and any(char.isalpha() for char in cut.group()):
        unspaced = UNSPACED_CHAR.search(words[-1]) is not None
        if len(words) < (MIN_NOTE_PREFIX_UNSPACED if unspaced else MIN_NOTE_PREFIX_WORDS):
            return None
    return prefix


def _cut_shape(key: str, start: int) -> tuple[re.Match[str], str] | None:
    """Return the longest cut mark (``CUT_SHAPE``) that ends ``key`` after ``start`` and leaves
    enough words before it to start a longer paragraph (``_cut_prefix``), tried from each space
    or sign on, with those words."""
    start = max(start, 0)
    closing = key[-1:]
    if closing in BRACKETS:  # most such ends are a number or a source in brackets: a look inside says so
        opening = key.rfind(BRACKETS[closing], start)
        if opening < 0 or not BRACKET_NOTE.fullmatch(key, opening + 1, len(key) - 1):
            return None
    for boundary in CUT_SHAPE_START.finditer(key, start):  # a pattern try at each character costs 3x more
        cut = CUT_SHAPE.match(key, boundary.start())
        prefix = _cut_prefix(key, cut)
        if cut is not None and prefix is not None:
            return cut, prefix
    return None


def closes(key: str) -> bool:
    """True when a paragraph's key ends with closing punctuation (a headline does not)."""
    return key.rstrip(CLOSING_TRAILER).endswith(CLOSING)


def _quotes(key: str, split: Callable[[str], list[str]] = tokens.words) -> tuple[str, ...]:
    """Return the quoted spans of ``key`` of ``MIN_QUOTE_WORDS`` or more, each split with
    ``split``: ``tokens.words`` or what it comes to for the key."""
    spans = (split(span) for span in QUOTED.findall(key))
    return tuple(" ".join(words) for words in spans if len(words) >= MIN_QUOTE_WORDS)


def near_score(a: Features, b: Features, config: Config | None = None) -> float | None:
    """Return the similarity (0-100) when ``b`` is a near copy of the earlier ``a``, else None.

    Outside a dateline or an attribution that either may add, ``b`` must hold the same numbers
    and words as ``a`` but for spelling, punctuation, connectives and moved words. The score is
    RapidFuzz's ratio of what the two share, and never below ``config.threshold``.

    >>> from dedupe.reader import make_key
    >>> f = lambda text: features(Paragraph(0, 1, text, make_key(text)))
    >>> near_score(f("Kerry arrived in Pakistan on Sunday."), f("And Kerry arrived in Pakistan on Sunday"))
    94.6
    >>> near_score(f("Film - The Aviator; director - Clint Eastwood"),
    ...            f("Film - The Aviator; director - Martin Scorsese"))
    """
    config = config or Config()
    if not may_be_near(a, b, config.threshold):
        return None
    framed = a.lead or a.tail or b.lead or b.tail
    if not framed:
        if not _numbers_in_order(a.bare, b.bare, a.numbers):
            return None
        # Then the ratio itself, which aligning them whole starts with: cheaper than the words
        # below when a word is a character (Japanese paragraphs share most of their kana).
        score = round(fuzz.ratio(a.bare, b.bare), 1)
        if score < config.threshold:
            return None
    # Most words of a copy stand in the original; a respelled word is one of the few that do not.
    # Counting them is much cheaper than aligning the two, which decides.
    unseen = (b.vocabulary - a.vocabulary).difference(CONNECTIVES)
    if len(unseen) * 2 > len(b.vocabulary):
        return None
    if not framed:  # aligned whole, as aligned_score would: the numbers and the ratio are known
        return None if _adds_content(a.words, a.vocabulary, b.words, b.vocabulary) else score
    return aligned_score(a, b, config)


def may_be_near(a: Features, b: Features, threshold: float) -> bool:
    """False when ``b`` can be no near copy of ``a`` whatever the rest: one has no words, or,
    neither having a frame, their numbers differ or their lengths keep the ratio below the
    threshold (without a frame the two are compared whole, and a paragraph much longer than the
    other never reaches it: a third of the alignments in Japanese articles, saved)."""
    if not a.bare or not b.bare:
        return False
    if a.lead or a.tail or b.lead or b.tail:
        return True
    return a.numbers == b.numbers and ratio_bound(len(a.bare), len(b.bare)) >= threshold


def _numbers_in_order(bare_a: str, bare_b: str, numbers: tuple[str, ...]) -> bool:
    """True when two texts holding the same ``numbers`` hold them in the same order. Numbers that
    trade places are other facts: a table of "Monday 12, Tuesday 18" against "Monday 18, Tuesday
    12" holds the same words and numbers, each figure beside another day."""
    return len(set(numbers)) < 2 or tokens.NUMBER.findall(bare_a) == tokens.NUMBER.findall(bare_b)


def ratio_bound(length_a: int, length_b: int) -> float:
    """The highest score (RapidFuzz's ratio, rounded as scores are) two texts of these lengths can
    have: 200 * shorter / (both lengths), as the characters only the longer has are never matched."""
    return round(200 * min(length_a, length_b) / (length_a + length_b), 1)


@functools.lru_cache(maxsize=4096)
def length_window(length: int, threshold: float) -> tuple[int, int]:
    """Return the least and the greatest length (both at least 1) of a text whose ``ratio_bound``
    with a text of ``length`` (at least 1) reaches ``threshold``: the partners a paragraph
    compared whole can have. The bound grows with the shorter length and falls with the longer,
    so each end is found by bisection."""
    if threshold <= 0:
        return 1, sys.maxsize
    low = bisect.bisect_left(range(1, length + 1), True, key=lambda other: ratio_bound(length, other) >= threshold)
    high = length
    while ratio_bound(length, 2 * high) >= threshold:
        high *= 2
    above = range(high + 1, 2 * high + 1)
    high += bisect.bisect_left(above, True, key=lambda other: ratio_bound(length, other) < threshold)
    return low + 1, high


def aligned_score(a: Features, b: Features, config: Config) -> float | None:
    """``near_score`` without the shortcuts: the two paragraphs aligned word by word, always."""
    if not a.bare or not b.bare:  # no words
        return None
    best = None
    for core_a, core_b in _cores(a, b, config):
        score = _copy_score(a, core_a, b, core_b, config.threshold)
        if score is not None and (best is None or score > best):
            best = score
    return best


def _cores(a: Features, b: Features, config: Config) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """Yield the spans of ``a`` and ``b`` to compare: whole first, then without a frame either has
    (``frames``), around paragraphs long enough to hold one and a fact beside it."""
    # One side drops what only it has: two different frames are two facts ("Name1 - title" and
    # "Name2 - title" are two people), so a frame is never stripped from both sides at once. A
    # short paragraph has room for a frame only in brackets (or a dateline), which the other lacks.
    long_ = min(a.length, b.length) >= config.min_length
    leads = [(0, 0)]
    if a.lead and (long_ or (a.bracketed and not b.bracketed)):
        leads.append((a.lead, 0))
    if b.lead and (long_ or (b.bracketed and not a.bracketed)):
        leads.append((0, b.lead))
    tails = [(0, 0)] + [tail for tail in ((a.tail, 0), (0, b.tail)) if any(tail) and long_]
    for (lead_a, lead_b), (tail_a, tail_b) in itertools.product(leads, tails):  # whole spans first
        yield (lead_a, len(a.words) - tail_a), (lead_b, len(b.words) - tail_b)


def _copy_score(
    a: Features, span_a: tuple[int, int], b: Features, span_b: tuple[int, int], threshold: float
) -> float | None:
    """Return the ratio of the two spans when it reaches ``threshold`` and neither holds a number
    or content word the other lacks."""
    whole_a, whole_b = span_a == (0, len(a.words)), span_b == (0, len(b.words))
    words_a = a.words if whole_a else a.words[span_a[0] : span_a[1]]
    words_b = b.words if whole_b else b.words[span_b[0] : span_b[1]]
    bare_a = a.bare if whole_a else " ".join(words_a)
    bare_b = b.bare if whole_b else " ".join(words_b)
    numbers = a.numbers if whole_a else tokens.numbers(bare_a)
    if numbers != (b.numbers if whole_b else tokens.numbers(bare_b)) or not _numbers_in_order(bare_a, bare_b, numbers):
        return None
    # The ratio first: it is several times cheaper than finding the regions where the two differ.
    score = round(fuzz.ratio(bare_a, bare_b), 1)
    if score < threshold:
        return None
    vocabulary_a = a.vocabulary if whole_a else frozenset(words_a)
    vocabulary_b = b.vocabulary if whole_b else frozenset(words_b)
    return None if _adds_content(words_a, vocabulary_a, words_b, vocabulary_b) else score


def _adds_content(
    words_a: Sequence[str], vocabulary_a: frozenset[str], words_b: Sequence[str], vocabulary_b: frozenset[str]
) -> bool:
    """True when ``b`` holds a content word ``a`` lacks, or ``a`` one ``b`` lacks after its start.

    Words that differ only in spelling or spacing, that move, or that are connectives are not
    content. A region where both sides hold content words is another fact in the same frame.
    The earlier paragraph may open with words of its own (a breadcrumb, a label: "Home SPORT NEWS
    ..."), but words it adds further on qualify the rest (a unit: "... (млн USD)"), so both stay.
    """
    for i1, i2, j1, j2 in _regions(words_a, words_b):
        side_a, side_b = words_a[i1:i2], words_b[j1:j2]
        if side_a and side_b and _spelling_variant(side_a, side_b):
            continue
        if any(_is_content(w, vocabulary_a) for w in side_b):
            return True
        if i1 > 0 and any(_is_content(w, vocabulary_b) for w in side_a) and not _cut_short(words_a, i1, i2, j1, j2):
            return True
    return False


def _cut_short(words_a: Sequence[str], i1: int, i2: int, j1: int, j2: int) -> bool:
    """True when the later copy only lacks the last character or two of a script written without
    spaces ("…集体呕吐" / "…集体呕"): a cut, as a typo is, in a copy long enough to tell."""
    return (
        j1 == j2
        and i2 == len(words_a)
        and i2 - i1 <= MAX_CUT_CHARACTERS
        and i1 >= MIN_CUT_COPY
        and all(len(word) == 1 and UNSPACED_CHAR.match(word) for word in words_a[i1:i2])
    )


def _is_content(word: str, other: frozenset[str]) -> bool:
    """True when ``word`` states something the other paragraph's words do not."""
    if word in other or word in CONNECTIVES:
        return False
    if word.startswith(ATTACHED_CONJUNCTIONS) and len(word) > 2:
        rest = word[1:]
        return rest not in other and rest not in CONNECTIVES
    return True


def _regions(words_a: Sequence[str], words_b: Sequence[str]) -> list[tuple[int, int, int, int]]:
    """Return the differing regions of two word sequences, adjacent edits merged."""
    regions: list[tuple[int, int, int, int]] = []
    for opcode in Levenshtein.opcodes(words_a, words_b):
        if opcode.tag == "equal":
            continue
        i1, i2, j1, j2 = opcode.src_start, opcode.src_end, opcode.dest_start, opcode.dest_end
        if regions and regions[-1][1] == i1 and regions[-1][3] == j1:
            regions[-1] = (regions[-1][0], i2, regions[-1][2], j2)
        else:
            regions.append((i1, i2, j1, j2))
    return regions


def _spelling_variant(side_a: Iterable[str], side_b: Iterable[str]) -> bool:
    """True for a typo, an inflection or a space added or lost: a few letters apart.

    >>> _spelling_variant(["della", "serie"], ["dellaserie"]), _spelling_variant(["king"], ["prince"])
    (True, False)
    """
    joined_a, joined_b = "".join(side_a), "".join(side_b)
    shorter, longer = sorted((joined_a, joined_b), key=len)
    if len(shorter) >= 3 and len(longer) == len(shorter) + 1 and longer.startswith(shorter):
        return True  # an inflected ending ("قدم" / "قدما")
    # A letter or two apart is a typo in a long word, but another name in a short one: "Iran" and
    # "Iraq", "Austria" and "Australia", "Niger" and "Nigeria" are different places.
    if len(shorter) <= MAX_SHORT_NAME:
        return _folded(joined_a) == _folded(joined_b)  # "ان" / "أنّ": one word in two spellings
    allowed = 1 if len(shorter) < 8 else 2 if len(shorter) < 12 else 3
    distance = Levenshtein.distance(joined_a, joined_b, score_cutoff=allowed)
    return distance <= allowed and fuzz.ratio(joined_a, joined_b) >= 75


# Letters written in two ways that spell one word: Arabic alef with or without hamza or madda,
# ta marbuta and ha, alef maqsura and ya (and, in ``_folded``, the marks on letters: shadda,
# accents).
SPELLING_FOLD = str.maketrans("\u0623\u0625\u0622\u0671\u0629\u0649", "\u0627\u0627\u0627\u0627\u0647\u064a")


def _folded(word: str) -> str:
    """``word`` with the letters of ``SPELLING_FOLD`` folded and the marks on letters dropped."""
    return tokens.unmarked(unicodedata.normalize("NFD", word.translate(SPELLING_FOLD)))

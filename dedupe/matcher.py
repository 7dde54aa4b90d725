"""paragraphs -> duplicates. Pure: no I/O, no state kept between calls.

The rules (``SPEC.md`` §2-§3), applied to the paragraphs still kept until nothing changes:

- **exact**: the same key; the later copy goes.
- **near**: the same numbers and, word by word, only spelling, punctuation, moved words,
  connectives or a few added words differ; the later copy goes. A word replaced by a
  different word (another name, place or title) means other facts, and both stay.
- **teaser**: a paragraph cut off with a marker ("...", "…", "read more") whose text starts a
  longer paragraph, or one made of whole sentences that stand, in order, in a longer paragraph.
  The shorter one goes even when it comes first.
- **run**: consecutive paragraphs repeated as a block go as a whole, short lines included.

Short lines (under ``Config.min_length`` characters), list items (a bullet or "1." first) and
questions, which interviews and lists repeat on purpose, go only when they follow their first
copy directly, belong to a run, or are marked teasers. A headline (a first line without closing
punctuation) is not a sentence, so the lead that repeats it never makes it a teaser, and a lead
that adds words to it is never its copy.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from dedupe.model import Config, Duplicate, Paragraph, Rule

WORD = re.compile(r"\w+")
NUMBER = re.compile(r"\d+")
# Combining marks (Arabic harakat and the like) and the Arabic tatweel carry no fact.
MARKS = re.compile(r"[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
# Splits after a sentence: the words of the parts are all that is kept of them, so the closing
# mark may go with the split (matching it is several times faster than looking back for it).
# Characters the byte-wise word split cannot handle: others than ASCII that are no word
# characters, and those MARKS drops from inside words.
UNPLAIN = re.compile(f"[^\\x00-\\x7f\\w]|{MARKS.pattern}")
# ASCII letters and digits, and every byte of a character outside ASCII, stay; the rest split.
WORD_BYTES = bytes(byte if byte >= 0x80 or chr(byte).isalnum() else 0x20 for byte in range(256))
SENTENCE_END = re.compile(r"[.!?\u061f\u3002][\"')\]]*\s+")
CLOSING = tuple(".!?\u061f\u3002\u2026")
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
}
CONNECTIVES = frozenset(word for words in CONNECTIVE_WORDS.values() for word in words.split())
# Arabic writes "and" and "so" as a prefix: "ومن" is "و" + "من".
ATTACHED_CONJUNCTIONS = ("\u0648", "\u0641")
LIST_ITEM = re.compile(r"^(?:[*\u2022\u00b7\u25aa\u25cf\u25e6\u2023]|\d{1,3}(?:[.)]|\s+[-\u2013\u2014]))\s")
MAX_RUN_SCAN = 256  # paragraphs followed each way from a pair when looking for a repeated block
MAX_SHORT_COPIES = 16  # earlier copies of a short line tried as the start of a repeated block
MAX_COMPARED_LENGTH = 100_000  # characters; a longer paragraph is matched by its exact key only
CUT_MARK_WINDOW = 120  # characters at the end of a paragraph that can hold a cut mark
MAX_BUCKET = 64  # word pairs shared by more paragraphs than this are too common to pair on
MAX_FRAME_WORDS = 6  # a dateline before a dash, or an attribution after a comma
MAX_ATTRIBUTION_WORDS = 12  # an attribution that opens with its verb, then names who said it
MAX_MERGED = 8  # paragraphs a later one may join into one and still be their copy
MIN_QUOTE_WORDS = 4  # a quoted span shorter than this is a phrase, not a pull quote's text
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
QUOTED = re.compile(r'"([^"]+)"')
FRAME_WINDOW = 96  # characters at either end of a paragraph that can hold a frame
# The attribution words, and each with "و" or "ف" attached (Arabic writes "and he said" as one word).
ATTRIBUTION_FORMS = ATTRIBUTIONS | {c + word for c in ATTACHED_CONJUNCTIONS for word in ATTRIBUTIONS}


class Features(NamedTuple):
    """What the rules compare for one paragraph (a named tuple: thousands are made per article)."""

    words: tuple[str, ...]
    bare: str
    numbers: tuple[str, ...]
    sentences: tuple[str, ...]
    closed: bool
    cut_prefix: str | None
    length: int
    frame: bool
    """A list item or a question: repeated on purpose, so treated as a short line."""
    vocabulary: frozenset[str]
    pairs: frozenset[tuple[str, ...]]
    """Adjacent word pairs (the one word of a one-word paragraph): what near copies share."""
    lead: int
    """Words of a dateline or source that opens the paragraph before a dash or colon (else 0)."""
    tail: int
    """Words of an attribution that closes the paragraph after a comma or dash (else 0)."""
    quotes: tuple[str, ...]
    """The words of each quoted span of the paragraph, joined as ``bare`` is."""

    @property
    def number_groups(self) -> tuple[tuple[str, ...], ...]:
        """The numbers a near copy may hold: all of them, or those outside the frames."""
        if not (self.lead or self.tail):
            return (self.numbers,)
        core = _numbers(self.words[self.lead : len(self.words) - self.tail])
        return (self.numbers,) if core == self.numbers else (self.numbers, core)


def features(paragraph: Paragraph) -> Features:
    """Return the comparison features of ``paragraph``."""
    key = paragraph.key
    if len(key) > MAX_COMPARED_LENGTH:
        # Megabytes on one line are no article text; only an exact copy of it is found.
        return Features((), "", (), (), False, None, len(key), False, frozenset(), frozenset(), 0, 0, ())
    # Sentence ends hold no word character, so the words of the parts are the words of the key.
    plain = _plain(key)
    text = key if plain else _unmarked(key)
    parts = [_plain_words(part) if plain else WORD.findall(part) for part in SENTENCE_END.split(text)]
    words = tuple(parts[0]) if len(parts) == 1 else tuple(itertools.chain.from_iterable(parts))
    # A cut mark ends the paragraph: looking at the tail is enough, and much faster on long ones.
    tail = key[-CUT_MARK_WINDOW:]
    cut = None
    if "..." in tail or tail.rstrip(CUT_MARK_TRAILER).endswith(READ_MORE):
        cut = CUT_MARK.search(key, len(key) - len(tail))
    cut_prefix = None
    if cut and cut.start() > 0:
        prefix_words = _plain_words(key[: cut.start()]) if plain else WORD.findall(_unmarked(key[: cut.start()]))
        prefix = " ".join(prefix_words)
        if len(prefix_words) >= 2 and len(prefix) >= 8:
            cut_prefix = prefix
    bare = " ".join(words)
    sentences = tuple(" ".join(part) for part in parts if part) if len(parts) > 1 else ((bare,) if bare else ())
    return Features(
        words=words,
        bare=bare,
        # Every digit is a word character: a bare text of letters alone holds no number.
        numbers=() if bare.replace(" ", "").isalpha() else _numbers(words),
        sentences=sentences,
        closed=key.rstrip("\"')]» ").endswith(CLOSING),
        cut_prefix=cut_prefix,
        length=len(key),
        frame=LIST_ITEM.match(key) is not None or key.rstrip("\"')]» ").endswith(("?", "\u061f")),
        vocabulary=frozenset(words),
        pairs=frozenset(itertools.pairwise(words)) if len(words) > 1 else frozenset([words]),
        lead=_lead_words(key, len(words)),
        tail=0 if ATTRIBUTION_FORMS.isdisjoint(words[-MAX_ATTRIBUTION_WORDS:]) else _tail_words(key, len(words)),
        quotes=_quotes(key) if '"' in key else (),
    )


def _words(text: str) -> list[str]:
    return _plain_words(text) if _plain(text) else WORD.findall(_unmarked(text))


def _lead_words(key: str, total: int) -> int:
    """Return the words of a dateline or label that opens a paragraph of ``total`` words, or 0."""
    head = key[:FRAME_WINDOW]
    if " - " not in head and ": " not in head:
        return 0  # most paragraphs: a substring test is much cheaper than the pattern
    frame = LEAD_FRAME.match(head)
    if frame is None or LIST_ITEM.match(frame.group(1) + " "):
        return 0
    words = _words(frame.group(1))
    if frame.group(2) == ":" and not LABEL_WORDS.issuperset(words):
        return 0
    return len(words) if words and len(words) <= MAX_FRAME_WORDS and 3 * len(words) <= total else 0


def _tail_words(key: str, total: int) -> int:
    """Return the words of an attribution that closes a paragraph of ``total`` words, or 0.

    A clause after a comma is a fact unless it says who reported it."""
    frame = TAIL_FRAME.search(key, max(0, len(key) - FRAME_WINDOW))
    if frame is None:
        return 0
    words = _words(frame.group(1))
    if words and _is_attribution(words[0]):
        # ", сообщил РИА Новости глава департамента Сергей Капков": the verb, then who said it.
        return len(words) if len(words) <= MAX_ATTRIBUTION_WORDS and 2 * len(words) <= total else 0
    if not any(_is_attribution(word) for word in words):
        return 0
    return len(words) if len(words) <= MAX_FRAME_WORDS and 3 * len(words) <= total else 0


def _is_attribution(word: str) -> bool:
    return word in ATTRIBUTION_FORMS


def _quotes(key: str) -> tuple[str, ...]:
    spans = (_words(span) for span in QUOTED.findall(key))
    return tuple(" ".join(words) for words in spans if len(words) >= MIN_QUOTE_WORDS)


def _plain(text: str) -> bool:
    """True when every character of ``text`` outside ASCII is a word character to keep."""
    return text.isascii() or UNPLAIN.search(text) is None


def _plain_words(plain: str) -> list[str]:
    """Return ``WORD.findall(_unmarked(plain))`` for a ``_plain`` text, several times faster."""
    return plain.encode().translate(WORD_BYTES).decode().split()


def _numbers(words: Sequence[str]) -> tuple[str, ...]:
    # Only the words that are not all letters hold digits.
    return tuple(sorted(NUMBER.findall(" ".join(itertools.filterfalse(str.isalpha, words)))))


def _unmarked(text: str) -> str:
    """Return ``text`` without combining marks and tatweel, ``_`` (no letter) as a space."""
    return MARKS.sub("", text).replace("_", " ")


def find_duplicates(paragraphs: Sequence[Paragraph], config: Config | None = None) -> tuple[Duplicate, ...]:
    """Return the paragraphs to remove, each with the paragraph that keeps its text.

    Removals never point at a removed paragraph, and cleaning the kept paragraphs again finds
    nothing more.

    >>> from dedupe.reader import make_key
    >>> texts = ["Title", "A lead paragraph that repeats.", "A lead paragraph that repeats."]
    >>> ps = [Paragraph(i, i + 1, t, make_key(t)) for i, t in enumerate(texts)]
    >>> find_duplicates(ps)
    (Duplicate(index=2, kept_index=1, rule=<Rule.EXACT: 'exact'>, score=100.0),)
    """
    config = config or Config()
    feats = {p.index: features(p) for p in paragraphs}
    scores: dict[tuple[int, int], float | None] = {}  # near_score by paragraph pair, for every pass
    refused: set[int] = set()  # copies that looked like structure until their neighbours went
    while True:
        found, groups = _all_passes(paragraphs, feats, config, scores, refused)
        kept = [p for p in paragraphs if p.index not in found]
        broken = [group for group in groups if not _still_structure(group, kept)]
        if not broken:
            break
        refused.update(itertools.chain.from_iterable(broken))
    # Point every removal at a paragraph that stays.
    resolved = []
    for index in sorted(found):
        duplicate = found[index]
        keeper = duplicate.kept_index
        while keeper in found:
            keeper = found[keeper].kept_index
        resolved.append(Duplicate(index, keeper, duplicate.rule, duplicate.score))
    return tuple(resolved)


def _all_passes(
    paragraphs: Sequence[Paragraph],
    feats: dict[int, Features],
    config: Config,
    scores: dict[tuple[int, int], float | None],
    refused: set[int],
) -> tuple[dict[int, Duplicate], list[list[int]]]:
    """Return the removals of passes run until one finds nothing, and the structure groups kept."""
    active = list(paragraphs)
    found: dict[int, Duplicate] = {}
    groups: list[list[int]] = []
    first = True
    while True:
        new, settled = _one_pass(active, feats, config, scores, groups, refused, first=first)
        first = False
        found.update(new)
        if not new or settled:
            return found, groups
        active = [p for p in active if p.index not in new]


def _still_structure(group: list[int], kept: list[Paragraph]) -> bool:
    """True when the copies in ``group`` still look like structure among the ``kept`` paragraphs."""
    position = {p.index: k for k, p in enumerate(kept)}
    places = [position[index] for index in group]
    if any(b - a < 2 for a, b in itertools.pairwise(places)):
        return False
    after = [kept[k + 1].key for k in places if k + 1 < len(kept)]
    before = [kept[k - 1].key for k in places if k]
    return len(set(after)) == len(after) or len(set(before)) == len(before)


def _one_pass(
    active: list[Paragraph],
    feats: dict[int, Features],
    config: Config,
    scores: dict[tuple[int, int], float | None],
    groups: list[list[int]],
    refused: set[int],
    *,
    first: bool,
) -> tuple[dict[int, Duplicate], bool]:
    """Return this pass's removals, and whether another pass would find nothing more.

    The first pass also finds teasers and repeated structure (added to ``groups``, as paragraph
    indexes, unless ``refused``): removals take hosts and items away and never add one."""
    n = len(active)
    fs = [feats[p.index] for p in active]
    keys = [p.key for p in active]
    long_ = [f.length >= config.min_length and not f.frame for f in fs]

    # Copies: each paragraph with the earlier paragraph it repeats (exact key or near copy).
    first_with_key: dict[str, int] = {}
    positions_of_key: dict[str, list[int]] = defaultdict(list)
    copy_of: dict[int, tuple[int, Rule, float]] = {}
    index = _PairIndex()
    for j in range(n):
        i = first_with_key.get(keys[j])
        if i is not None:
            copy_of[j] = (i, Rule.EXACT, 100.0)
        else:
            first_with_key[keys[j]] = j
            best: tuple[float, int] | None = None
            for i in index.candidates(fs[j], j) if fs[j].cut_prefix is None else ():
                pair = (active[i].index, active[j].index)
                if pair in scores:
                    score = scores[pair]
                else:
                    score = scores[pair] = near_score(fs[i], fs[j], config)
                if score is not None and (best is None or score > best[0]):
                    best = (score, i)
            if best is not None:
                copy_of[j] = (best[1], Rule.NEAR, best[0])
        positions_of_key[keys[j]].append(j)
        index.add(fs[j], j)

    def related(i: int, j: int) -> bool:
        return keys[i] == keys[j] or copy_of.get(j, (-1,))[0] == i

    long_before = list(itertools.accumulate(long_, initial=0))  # long paragraphs before each position

    def in_run(i: int, j: int) -> bool:
        return _run_around(i, j, n, related, long_, long_before)

    if first:
        for group in _repeated_structure(n, keys, copy_of, in_run):
            if not refused.intersection(active[j].index for j in group):
                groups.append([active[j].index for j in group])
    structure = set(itertools.chain.from_iterable(groups))
    kept_whole = {j for j in range(n) if active[j].index in structure} if structure else set()

    removed: dict[int, tuple[int, Rule, float]] = {}
    for j, (i, rule, score) in copy_of.items():
        if j in kept_whole:
            continue
        run = in_run(i, j)
        if run:
            removed[j] = (i, Rule.RUN, score)
        elif long_[j] or j == i + 1:
            removed[j] = (i, rule, score)
    # Short lines repeated inside a run, whose first copy is not the one copy_of names.
    for j in range(n) if long_before[n] else ():  # without a long paragraph there is no run
        if j in removed or long_[j] or j in kept_whole:
            continue
        for i in positions_of_key[keys[j]][:MAX_SHORT_COPIES]:
            if i >= j:
                break
            if i == j - 1 or in_run(i, j):
                removed[j] = (i, Rule.RUN if i != j - 1 else Rule.EXACT, 100.0)
                break

    if first:
        _find_teasers(active, fs, removed, kept_whole, config)
    new = {
        active[j].index: Duplicate(active[j].index, active[i].index, rule, round(score, 1))
        for j, (i, rule, score) in removed.items()
    }
    settled = (
        index.stable
        and all(j in removed or j in kept_whole for j in copy_of)
        and not _new_neighbours_copy(active, fs, removed, config, scores)
    )
    return new, settled


def _new_neighbours_copy(
    active: list[Paragraph],
    fs: list[Features],
    removed: dict[int, tuple[int, Rule, float]],
    config: Config,
    scores: dict[tuple[int, int], float | None],
) -> bool:
    """True when a paragraph is a near copy of the one that precedes it once ``removed`` go.

    The next pass differs from this one only by such neighbours when every paragraph this pass
    found a copy of goes (so no copy and no run is left to extend), and when no word-pair index
    was built (whose common pairs become usable as paragraphs go). Teasers never appear later.
    """
    kept = [j for j in range(len(active)) if j not in removed]
    for i, j in zip(kept, kept[1:], strict=False):
        if j == i + 1 or fs[j].cut_prefix is not None:
            continue  # the same neighbour as in this pass, or no near copy at all
        pair = (active[i].index, active[j].index)
        if pair not in scores:
            scores[pair] = near_score(fs[i], fs[j], config)
        if scores[pair] is not None:
            return True
    return False


def _run_around(
    i: int, j: int, n: int, related: Callable[[int, int], bool], long_: list[bool], long_before: list[int]
) -> bool:
    """True when (i, j) sits in a repeated block of two or more paragraphs, one of them long.

    The block is followed at most ``MAX_RUN_SCAN`` paragraphs each way from the pair, and not at
    all when none of those is long: a million repeated short lines cost no more than a few.
    """
    low, high = max(0, j - MAX_RUN_SCAN), min(n, j + MAX_RUN_SCAN + 1)
    if not long_[i] and long_before[high] == long_before[low]:
        return False
    size = 1
    has_long = long_[i] or long_[j]
    step = 1
    while step <= MAX_RUN_SCAN and i - step >= 0 and j - step > i and related(i - step, j - step):
        has_long = has_long or long_[j - step]
        size += 1
        step += 1
        if has_long and size >= 2:
            return True
    step = 1
    while step <= MAX_RUN_SCAN and j + step < n and i + step < j and related(i + step, j + step):
        has_long = has_long or long_[j + step]
        size += 1
        step += 1
        if has_long and size >= 2:
            return True
    return size >= 2 and has_long


def _repeated_structure(
    n: int,
    keys: list[str],
    copy_of: dict[int, tuple[int, Rule, float]],
    in_run: Callable[[int, int], bool],
) -> list[list[int]]:
    """Return the positions of paragraphs that head or close several different items (SPEC §3).

    The sign: three or more copies (the same key or near copies), none next to another, none in a
    repeated run, and each before different content, or each after different content: an
    interview's prompt, "Vote for her on the last page!" after each entry, a table's row label.
    """
    root: dict[int, int] = {}
    copies: dict[int, list[int]] = defaultdict(list)
    for j in range(n):
        i = copy_of.get(j, (j,))[0]
        root[j] = root.get(i, i)
        copies[root[j]].append(j)
    items = []
    for group in copies.values():
        if len(group) < 3 or any(b - a < 2 for a, b in itertools.pairwise(group)):
            continue
        if any(in_run(copy_of[j][0], j) for j in group[1:]):
            continue
        after = [keys[j + 1] if j + 1 < n else None for j in group]
        before = [keys[j - 1] if j else None for j in group]
        if _all_different(after, root, group, 1) or _all_different(before, root, group, -1):
            items.append(group)
    return items


def _all_different(neighbours: list[str | None], root: dict[int, int], group: list[int], step: int) -> bool:
    """True when the paragraphs beside the copies of ``group`` are no copies of one another."""
    present = [key for key in neighbours if key is not None]
    if len(set(present)) < len(present):
        return False
    roots = [root[j + step] for j in group if 0 <= j + step < len(root)]
    return len(set(roots)) == len(roots)


def _find_teasers(
    active: list[Paragraph],
    fs: list[Features],
    removed: dict[int, tuple[int, Rule, float]],
    kept_whole: set[int],
    config: Config,
) -> None:
    kept = [j for j in range(len(active)) if j not in removed]
    cut = [a for a in kept if fs[a].cut_prefix is not None]
    by_bare = sorted((fs[j].bare, j) for j in kept) if cut else []
    bares = [bare for bare, _ in by_bare]
    hosts = _sentence_hosts(kept, fs, config)

    for a in kept:
        f = fs[a]
        if a in kept_whole or a in removed:
            continue
        keeper = None
        if f.cut_prefix is not None:
            start = bisect.bisect_left(bares, f.cut_prefix)
            for bare, b in by_bare[start:]:
                if not bare.startswith(f.cut_prefix):
                    break
                # A host may be cut itself, further on ("... you need to" above "... to know ...").
                host_cut = fs[b].cut_prefix
                longer = len(bare) > len(f.cut_prefix) and (host_cut is None or len(host_cut) > len(f.cut_prefix))
                if b != a and b not in removed and longer:
                    keeper = b if keeper is None else min(keeper, b)
        elif a in hosts:
            keeper = next((b for b in hosts[a] if b not in removed), None)
            if keeper is not None and keeper > a:
                merged = _merged_copy(a, keeper, kept, active, fs, removed, config)
                if merged is not None:
                    # The later paragraph is earlier ones run together: it goes, they all stay.
                    removed[keeper] = merged
                    continue
        if keeper is not None:
            removed[a] = (keeper, Rule.TEASER, 100.0)


def _merged_copy(
    a: int,
    b: int,
    kept: list[int],
    active: list[Paragraph],
    fs: list[Features],
    removed: dict[int, tuple[int, Rule, float]],
    config: Config,
) -> tuple[int, Rule, float] | None:
    """Return the removal of ``b`` when it is consecutive kept paragraphs around ``a`` joined into
    one (two stories in one file, the second repeating the first's paragraphs run together)."""
    position = bisect.bisect_left(kept, a)
    target = len(fs[b].sentences)
    for start in range(max(0, position - MAX_MERGED + 1), position + 1):
        sentences = 0
        for end in range(start, min(len(kept), start + MAX_MERGED)):
            k = kept[end]
            if k >= b or k in removed:
                break
            sentences += len(fs[k].sentences)
            if sentences > target:
                break
            if sentences == target and end > start and end >= position:
                pieces = [active[x].key for x in kept[start : end + 1]]
                joined = features(Paragraph(-1, 0, "", " ".join(pieces)))
                score = aligned_score(joined, fs[b], config)
                if score is not None:
                    return kept[start], Rule.RUN, score
    return None


def _sentence_hosts(kept: list[int], fs: list[Features], config: Config) -> dict[int, list[int]]:
    """Return, for each closed paragraph, the longer ones holding all its sentences in a row, in
    order, or holding its text as a quotation (a pull quote: “…,” says …). Paragraphs are looked up
    by their first sentence, one look-up per sentence and quotation of a host."""
    starting: dict[str, list[int]] = defaultdict(list)
    whole: dict[str, list[int]] = defaultdict(list)
    for a in kept:
        f = fs[a]
        if f.closed and f.sentences and f.cut_prefix is None:
            starting[f.sentences[0]].append(a)
            if f.length >= config.min_length and not f.frame:
                whole[f.bare].append(a)
    hosts: dict[int, list[int]] = defaultdict(list)
    for b in kept:
        for quote in fs[b].quotes if whole else ():
            for a in whole.get(quote, ()):
                if a != b and len(fs[a].bare) < len(fs[b].bare):
                    hosts[a].append(b)
        sentences = fs[b].sentences
        if len(sentences) < 2:
            continue
        for position, sentence in enumerate(sentences):
            for a in starting.get(sentence, ()):
                inner = fs[a].sentences
                if a != b and len(inner) < len(sentences) and sentences[position : position + len(inner)] == inner:
                    hosts[a].append(b)
    return hosts


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
    if not a.words or not b.words:
        return None
    framed = a.lead or a.tail or b.lead or b.tail
    if a.numbers != b.numbers and not framed:
        return None
    # Most words of a copy stand in the original; a respelled word is one of the few that do not.
    # Counting them is much cheaper than aligning the two, which decides.
    unseen = (b.vocabulary - a.vocabulary).difference(CONNECTIVES)
    if len(unseen) * 2 > len(b.vocabulary):
        return None
    return aligned_score(a, b, config)


def aligned_score(a: Features, b: Features, config: Config) -> float | None:
    """``near_score`` without the shortcuts: the two paragraphs aligned word by word, always."""
    if not a.words or not b.words:
        return None
    best = None
    for core_a, core_b in _cores(a, b, config):
        score = _copy_score(a, core_a, b, core_b)
        if score is not None and score >= config.threshold and (best is None or score > best):
            best = score
    return best


def _cores(a: Features, b: Features, config: Config) -> Iterator[tuple[tuple[int, int], tuple[int, int]]]:
    """Yield the spans of ``a`` and ``b`` to compare: whole, then without the frames either has.

    Frames count only around paragraphs long enough to hold one and a fact beside it."""
    yield (0, len(a.words)), (0, len(b.words))
    if min(a.length, b.length) < config.min_length:
        return
    # One side drops what only it has: two different frames are two facts ("Name1 - title" and
    # "Name2 - title" are two people), so a frame is never stripped from both sides at once.
    leads = [(0, 0)] + [lead for lead in ((a.lead, 0), (0, b.lead)) if any(lead)]
    tails = [(0, 0)] + [tail for tail in ((a.tail, 0), (0, b.tail)) if any(tail)]
    for (lead_a, lead_b), (tail_a, tail_b) in itertools.product(leads, tails):
        if lead_a or lead_b or tail_a or tail_b:
            yield (lead_a, len(a.words) - tail_a), (lead_b, len(b.words) - tail_b)


def _copy_score(a: Features, span_a: tuple[int, int], b: Features, span_b: tuple[int, int]) -> float | None:
    """Return the ratio of the two spans when neither holds a number or content word the other lacks."""
    whole_a, whole_b = span_a == (0, len(a.words)), span_b == (0, len(b.words))
    words_a = a.words if whole_a else a.words[span_a[0] : span_a[1]]
    words_b = b.words if whole_b else b.words[span_b[0] : span_b[1]]
    if (a.numbers if whole_a else _numbers(words_a)) != (b.numbers if whole_b else _numbers(words_b)):
        return None
    vocabulary_a = a.vocabulary if whole_a else frozenset(words_a)
    vocabulary_b = b.vocabulary if whole_b else frozenset(words_b)
    if _adds_content(words_a, vocabulary_a, words_b, vocabulary_b):
        return None
    return round(fuzz.ratio(a.bare if whole_a else " ".join(words_a), b.bare if whole_b else " ".join(words_b)), 1)


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
        if i1 > 0 and any(_is_content(w, vocabulary_b) for w in side_a):
            return True
    return False


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
    if len(shorter) < 4:
        return False
    return Levenshtein.distance(joined_a, joined_b, score_cutoff=3) <= 3 and fuzz.ratio(joined_a, joined_b) >= 75


class _PairIndex:
    """Candidate earlier paragraphs for a near copy: those with the same numbers that share a word
    pair, and the previous one. A near copy holds the same numbers (outside the frames, when it
    has them), so other ones never pair. A group's word pairs are indexed once it has more than
    ``MAX_BUCKET`` members; until then each member is checked for a shared pair, which finds the
    same paragraphs."""

    def __init__(self) -> None:
        self.members: dict[tuple[str, ...], list[tuple[int, Features]]] = {}
        self.groups: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = {}

    def candidates(self, f: Features, j: int) -> list[int]:
        found = {j - 1} if j else set()
        for numbers in f.number_groups:
            self._look_up(numbers, f, found)
        return sorted(found)

    def _look_up(self, numbers: tuple[str, ...], f: Features, found: set[int]) -> None:
        members = self.members.get(numbers)
        if members and len(members) <= MAX_BUCKET:
            # No pair can be too common yet: a set check per member is cheaper than an index.
            found.update(i for i, earlier in members if not f.pairs.isdisjoint(earlier.pairs))
        elif members:
            group = self.groups.get(numbers)
            if group is None:
                group = self.groups[numbers] = {}
                for i, earlier in members:
                    self._index(group, earlier, i)
            for pair in f.pairs:
                bucket = group.get(pair)
                if bucket and len(bucket) <= MAX_BUCKET:
                    found.update(bucket)

    @property
    def stable(self) -> bool:
        """True when, with fewer paragraphs, the index offers no candidate it does not offer now
        (but new neighbours): until a group is indexed, no pair is left out as too common."""
        return not self.groups

    def add(self, f: Features, j: int) -> None:
        for numbers in f.number_groups:
            self.members.setdefault(numbers, []).append((j, f))
            group = self.groups.get(numbers)
            if group is not None:
                self._index(group, f, j)

    @staticmethod
    def _index(group: dict[tuple[str, ...], list[int]], f: Features, j: int) -> None:
        for pair in f.pairs:
            bucket = group.get(pair)
            if bucket is None:
                group[pair] = [j]
            else:
                bucket.append(j)

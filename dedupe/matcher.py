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
from collections.abc import Callable, Iterable, Sequence
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
    rf"|\s*[|>\u00bb\u2192-]?\s*(?:{'|'.join(READ_MORE)})\s*[>\u00bb\u2192]*)\s*$"
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
MAX_FRAME_WORDS = 5  # a dateline, a source or a breadcrumb around an otherwise equal copy


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


def features(paragraph: Paragraph) -> Features:
    """Return the comparison features of ``paragraph``."""
    key = paragraph.key
    if len(key) > MAX_COMPARED_LENGTH:
        # Megabytes on one line are no article text; only an exact copy of it is found.
        return Features((), "", (), (), False, None, len(key), False, frozenset(), frozenset())
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
    )


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
    active = list(paragraphs)
    found: dict[int, Duplicate] = {}
    while True:
        new, settled = _one_pass(active, feats, config, scores, teasers=not found)
        found.update(new)
        if not new or settled:
            break
        active = [p for p in active if p.index not in new]
    # Point every removal at a paragraph that stays.
    resolved = []
    for index in sorted(found):
        duplicate = found[index]
        kept = duplicate.kept_index
        while kept in found:
            kept = found[kept].kept_index
        resolved.append(Duplicate(index, kept, duplicate.rule, duplicate.score))
    return tuple(resolved)


def _one_pass(
    active: list[Paragraph],
    feats: dict[int, Features],
    config: Config,
    scores: dict[tuple[int, int], float | None],
    *,
    teasers: bool,
) -> tuple[dict[int, Duplicate], bool]:
    """Return this pass's removals, and whether another pass would find nothing more."""
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

    removed: dict[int, tuple[int, Rule, float]] = {}
    for j, (i, rule, score) in copy_of.items():
        run = in_run(i, j)
        if run:
            removed[j] = (i, Rule.RUN, score)
        elif long_[j] or j == i + 1:
            removed[j] = (i, rule, score)
    # Short lines repeated inside a run, whose first copy is not the one copy_of names.
    for j in range(n) if long_before[n] else ():  # without a long paragraph there is no run
        if j in removed or long_[j]:
            continue
        for i in positions_of_key[keys[j]][:MAX_SHORT_COPIES]:
            if i >= j:
                break
            if i == j - 1 or in_run(i, j):
                removed[j] = (i, Rule.RUN if i != j - 1 else Rule.EXACT, 100.0)
                break

    if teasers:
        # Later passes find no teaser: removals take hosts away and never add one.
        _find_teasers(active, fs, removed)
    new = {
        active[j].index: Duplicate(active[j].index, active[i].index, rule, round(score, 1))
        for j, (i, rule, score) in removed.items()
    }
    settled = (
        index.stable
        and all(j in removed for j in copy_of)
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


def _find_teasers(active: list[Paragraph], fs: list[Features], removed: dict[int, tuple[int, Rule, float]]) -> None:
    kept = [j for j in range(len(active)) if j not in removed]
    cut = [a for a in kept if fs[a].cut_prefix is not None]
    by_bare = sorted((fs[j].bare, j) for j in kept) if cut else []
    bares = [bare for bare, _ in by_bare]
    hosts = _sentence_hosts(kept, fs)

    for a in kept:
        f = fs[a]
        keeper = None
        if f.cut_prefix is not None:
            start = bisect.bisect_left(bares, f.cut_prefix)
            for bare, b in by_bare[start:]:
                if not bare.startswith(f.cut_prefix):
                    break
                if b != a and b not in removed and len(bare) > len(f.cut_prefix) and fs[b].cut_prefix is None:
                    keeper = b if keeper is None else min(keeper, b)
        elif a in hosts:
            keeper = next((b for b in hosts[a] if b not in removed), None)
        if keeper is not None:
            removed[a] = (keeper, Rule.TEASER, 100.0)


def _sentence_hosts(kept: list[int], fs: list[Features]) -> dict[int, list[int]]:
    """Return, for each closed paragraph, the longer ones holding all its sentences in a row, in
    order. Paragraphs are looked up by their first sentence, one look-up per sentence of a host."""
    starting: dict[str, list[int]] = defaultdict(list)
    for a in kept:
        f = fs[a]
        if f.closed and f.sentences and f.cut_prefix is None:
            starting[f.sentences[0]].append(a)
    hosts: dict[int, list[int]] = defaultdict(list)
    for b in kept:
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

    ``b`` must hold the same numbers and add no content word to ``a``; ``a`` may add a few
    words at its start or end (a dateline, a source, a breadcrumb) when both are long.

    >>> from dedupe.reader import make_key
    >>> f = lambda text: features(Paragraph(0, 1, text, make_key(text)))
    >>> near_score(f("Kerry arrived in Pakistan on Sunday."), f("And Kerry arrived in Pakistan on Sunday"))
    94.6
    >>> near_score(f("Film - The Aviator; director - Clint Eastwood"),
    ...            f("Film - The Aviator; director - Martin Scorsese"))
    """
    config = config or Config()
    if a.numbers != b.numbers or not a.words or not b.words:
        return None
    # Most words of a copy stand in the original; a respelled word is one of the few that do not.
    # Counting them is much cheaper than aligning the two, which decides.
    unseen = (b.vocabulary - a.vocabulary).difference(CONNECTIVES)
    if len(unseen) * 2 > len(b.vocabulary):
        return None
    return aligned_score(a, b, config)


def aligned_score(a: Features, b: Features, config: Config) -> float | None:
    """``near_score`` without the shortcuts: the two paragraphs aligned word by word, always."""
    if a.numbers != b.numbers or not a.words or not b.words:
        return None
    extra_a, extra_b, edges_only = _differences(a, b)
    if extra_b:
        return None
    score = round(fuzz.ratio(a.bare, b.bare), 1)
    if score >= config.threshold:
        return score
    long_enough = min(a.length, b.length) >= config.min_length
    if long_enough and edges_only and len(extra_a) <= min(MAX_FRAME_WORDS, len(a.words) // 4):
        return score
    return None


def _differences(a: Features, b: Features) -> tuple[list[str], list[str], bool]:
    """Return the content words only ``a`` has, those only ``b`` has, and whether ``a``'s sit
    at its start or end. Stops at the first region where ``b`` has content words of its own.

    Words that differ only in spelling or spacing, that move, or that are connectives are not
    content. A region where both sides hold content words is another fact in the same frame.
    """
    words_a, words_b = a.vocabulary, b.vocabulary
    extra_a: list[str] = []
    extra_b: list[str] = []
    edges_only = True
    for i1, i2, j1, j2 in _regions(a.words, b.words):
        side_a, side_b = a.words[i1:i2], b.words[j1:j2]
        if side_a and side_b and _spelling_variant(side_a, side_b):
            continue
        only_b = [w for w in side_b if _is_content(w, words_a)]
        if only_b:
            return extra_a, only_b, edges_only  # b adds a fact: no copy, whatever else differs
        only_a = [w for w in side_a if _is_content(w, words_b)]
        if only_a and i1 > 0 and i2 < len(a.words):
            edges_only = False
        extra_a += only_a
    return extra_a, extra_b, edges_only


def _is_content(word: str, other: frozenset[str]) -> bool:
    """True when ``word`` states something the other paragraph's words do not."""
    if word in other or word in CONNECTIVES:
        return False
    if word.startswith(ATTACHED_CONJUNCTIONS) and len(word) > 2:
        rest = word[1:]
        return rest not in other and rest not in CONNECTIVES
    return True


def _regions(words_a: tuple[str, ...], words_b: tuple[str, ...]) -> list[tuple[int, int, int, int]]:
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
    if min(len(joined_a), len(joined_b)) < 4:
        return False
    return Levenshtein.distance(joined_a, joined_b, score_cutoff=3) <= 3 and fuzz.ratio(joined_a, joined_b) >= 75


class _PairIndex:
    """Candidate earlier paragraphs for a near copy: those with the same numbers that share a word
    pair, and the previous one. A near copy holds the same numbers, so other ones never pair.
    A group's word pairs are indexed once it has more than ``MAX_BUCKET`` members; until then
    each member is checked for a shared pair, which finds the same paragraphs."""

    def __init__(self) -> None:
        self.members: dict[tuple[str, ...], list[tuple[int, Features]]] = {}
        self.groups: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = {}

    def candidates(self, f: Features, j: int) -> list[int]:
        found = {j - 1} if j else set()
        members = self.members.get(f.numbers)
        if members and len(members) <= MAX_BUCKET:
            # No pair can be too common yet: a set check per member is cheaper than an index.
            found.update(i for i, earlier in members if not f.pairs.isdisjoint(earlier.pairs))
        elif members:
            group = self.groups.get(f.numbers)
            if group is None:
                group = self.groups[f.numbers] = {}
                for i, earlier in self.members[f.numbers]:
                    self._index(group, earlier, i)
            for pair in f.pairs:
                bucket = group.get(pair)
                if bucket and len(bucket) <= MAX_BUCKET:
                    found.update(bucket)
        return sorted(found)

    @property
    def stable(self) -> bool:
        """True when, with fewer paragraphs, the index offers no candidate it does not offer now
        (but new neighbours): until a group is indexed, no pair is left out as too common."""
        return not self.groups

    def add(self, f: Features, j: int) -> None:
        self.members.setdefault(f.numbers, []).append((j, f))
        group = self.groups.get(f.numbers)
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

"""paragraphs -> duplicates: the rules and the passes. Pure: no I/O, no state kept between calls.

The rules (``SPEC.md`` §2-§3), applied to the paragraphs still kept until nothing changes:

- **exact**: the same key; the later copy goes.
- **near**: the same numbers and words but for spelling, punctuation, moved words, connectives,
  a breadcrumb before the text, or a frame one copy adds or drops (a dateline, a label, an
  attribution, a bracketed source: ``frames``); scored on what the two share, never below the
  threshold (``similarity``). The later copy goes. Another word in place of one (a name, a
  place, a unit) is another fact, and both stay.
- **teaser**: a paragraph cut off with a marker whose text starts a longer one, whole sentences
  that stand in a longer paragraph, or a pull quote the body quotes; it goes even when it comes
  first. A later paragraph that only runs earlier ones together goes instead (``teasers``).
- **run**: consecutive paragraphs repeated as a block go as a whole, short lines included.

Short lines (under ``Config.min_length``), list items and questions, which interviews and lists
repeat on purpose, go only when they follow their first copy directly, belong to a run, or are
marked teasers. Repeated structure stays: three or more copies, none side by side or in a run,
each before (or after) different paragraphs; the sign is checked again on what stays. A headline
(a first line without closing punctuation) is not a sentence, so the lead that repeats it never
makes it a teaser, and a lead that adds words to it is never its copy.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from dedupe.candidates import AllPairs, CandidateIndex, PairIndex
from dedupe.model import Config, Duplicate, Paragraph, Rule
from dedupe.similarity import Features, aligned_score, features_by_key, near_score
from dedupe.teasers import find_teasers
from dedupe.tokens import UNSPACED_CHAR

MIN_STRUCTURE = 5  # paragraphs: three copies with different paragraphs between them
MAX_RUN_SCAN = 256  # paragraphs followed each way from a pair when looking for a repeated block
MIN_FAMILY = 3  # lines of one template, each another slot value, that make a family
MIN_FRAME_WORDS = 2  # words of the template a family's lines share, around one slot
MAX_SLOT_WORDS = 4  # words of a slot's value (a name, a number, a short phrase)
MAX_SLOT_TOKENS = 12  # or characters, in a script without spaces
MAX_LABELLED_WORDS = 16  # words of a line that a label's family holds
MAX_FAMILY_WORDS = 40  # a longer paragraph is no templated line
FRAME_SHARE_NUMERATOR, FRAME_SHARE_DENOMINATOR = 2, 5  # the template is 2/5 of each line or more
MAX_FAMILY_CANDIDATES = 64  # lines with the same first (or last) word tried as members
MAX_SHORT_COPIES = 16  # earlier copies of a short line tried as the start of a repeated block
LABEL = re.compile(r"[^\W\d_]+(?:[ -][^\W\d_]+){0,3}:")  # "Its drawbacks:": a line's label


@dataclass(frozen=True, slots=True)
class Search:
    """How the passes look for copies: the same rules, with or without the shortcuts."""

    index: Callable[[Config], CandidateIndex]
    score: Callable[[Features, Features, Config], float | None]
    exhaustive: bool
    """Teasers looked for in every pass, and passes run until one finds nothing."""


FAST = Search(PairIndex, near_score, exhaustive=False)
EXHAUSTIVE = Search(AllPairs, aligned_score, exhaustive=True)
"""Every pair offered and aligned, every rule in every pass: the plain reference that ``FAST``
must agree with (the tests compare them)."""


def find_duplicates(
    paragraphs: Sequence[Paragraph], config: Config | None = None, *, search: Search = FAST
) -> tuple[Duplicate, ...]:
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
    if len(paragraphs) < 2:
        return ()
    by_key = features_by_key(paragraphs)  # features depend on the key alone: copies share theirs
    feats = {p.index: by_key[p.key] for p in paragraphs}
    scores: dict[tuple[int, int], float | None] = {}  # near_score by paragraph pair, for every pass
    refused: set[int] = set()  # copies that looked like structure until their neighbours went
    while True:
        found, groups = _all_passes(paragraphs, feats, config, scores, refused, search)
        if not groups:
            break
        # Structure must still be structure among the paragraphs that stay (cleaning the output
        # again changes nothing): a group whose copies would go then goes now.
        kept = [p for p in paragraphs if p.index not in found]
        again, _ = _all_passes(kept, feats, config, scores, refused, search)
        if not again:
            break
        broken = [group for group in groups if not again.keys().isdisjoint(group)] or groups
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
    search: Search,
) -> tuple[dict[int, Duplicate], list[list[int]]]:
    """Return the removals of passes run until one finds nothing, and the structure groups kept."""
    active = list(paragraphs)
    found: dict[int, Duplicate] = {}
    groups: list[list[int]] = []
    first = True
    while True:
        new, settled = _one_pass(active, feats, config, scores, groups, refused, search, first=first)
        first = False
        found.update(new)
        if not new or settled:
            return found, groups
        active = [p for p in active if p.index not in new]


def _one_pass(
    active: list[Paragraph],
    feats: dict[int, Features],
    config: Config,
    scores: dict[tuple[int, int], float | None],
    groups: list[list[int]],
    refused: set[int],
    search: Search,
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
    index = search.index(config)
    for j in range(n):
        i = first_with_key.get(keys[j])
        if i is not None:
            copy_of[j] = (i, Rule.EXACT, 100.0)
        else:
            first_with_key[keys[j]] = j
            best: tuple[float, int] | None = None
            for i in index.candidates(fs[j], j) if fs[j].cut_prefix is None or not fs[j].cut_signed else ():
                pair = (active[i].index, active[j].index)
                if pair in scores:
                    score = scores[pair]
                else:
                    score = scores[pair] = search.score(fs[i], fs[j], config)
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

    if first and n >= MIN_STRUCTURE:
        for group in _repeated_structure(n, copy_of, in_run, fs, keys):
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

    if first or search.exhaustive:
        find_teasers(active, fs, removed, kept_whole, config)
    new = {
        active[j].index: Duplicate(active[j].index, active[i].index, rule, round(score, 1))
        for j, (i, rule, score) in removed.items()
    }
    settled = (
        index.stable
        and all(j in removed or j in kept_whole for j in copy_of)
        and not _new_neighbours_copy(active, fs, removed, config, scores, search)
    )
    return new, settled


def _new_neighbours_copy(
    active: list[Paragraph],
    fs: list[Features],
    removed: dict[int, tuple[int, Rule, float]],
    config: Config,
    scores: dict[tuple[int, int], float | None],
    search: Search,
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
            scores[pair] = search.score(fs[i], fs[j], config)
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
    copy_of: dict[int, tuple[int, Rule, float]],
    in_run: Callable[[int, int], bool],
    fs: list[Features],
    keys: list[str],
) -> list[list[int]]:
    """Return the positions of paragraphs that head or close several different items (SPEC §3).

    The sign: three or more copies (the same key or near copies), or two copies of a line of a
    family (``_family``), none next to another, none in a repeated run, and each before different
    content, or each after different content: an interview's prompt, "Vote for her on the last
    page!" after each entry, a table's row label.
    """
    root: dict[int, int] = {}
    copies: dict[int, list[int]] = defaultdict(list)
    for j in range(n):
        i = copy_of.get(j, (j,))[0]
        root[j] = root.get(i, i)
        copies[root[j]].append(j)
    items = []
    families: _Families | None = None
    for group in copies.values():
        if len(group) < 2 or any(b - a < 2 for a, b in itertools.pairwise(group)):
            continue
        if len(group) == 2:
            families = families or _Families(fs, keys, copies)
            if group[0] <= families.lead_end or not families.holds(group):
                continue  # a copy of the lead or the standfirst is a scraper's double, as one of no family is
        if any(in_run(copy_of[j][0], j) for j in group[1:]):
            continue
        if _all_different(root, group, 1) or _all_different(root, group, -1):
            items.append(group)
    return items


class _Families:
    """Lines built from one template with other slot values ("Vote for Olga on the last page!",
    "Vote for Anna on ..."): a line repeated twice is an item's part when its family has three
    members or more, each another value (SPEC §3 counts the family where it counts copies)."""

    def __init__(self, fs: list[Features], keys: list[str], copies: dict[int, list[int]]) -> None:
        self.fs, self.keys = fs, keys
        # The lead and the standfirst: the first two closed paragraphs (a byline, a date or a
        # caption may stand above them).
        closed = list(itertools.islice((j for j, f in enumerate(fs) if f.closed), 2))
        self.lead_end = closed[-1] if closed else 1
        # One member per value (the first paragraph with it), by its first and by its last word.
        self.by_first: dict[str, list[int]] = defaultdict(list)
        self.by_last: dict[str, list[int]] = defaultdict(list)
        for first in copies:
            words = fs[first].words
            if MIN_FRAME_WORDS <= len(words) <= MAX_FAMILY_WORDS:
                self.by_first[words[0]].append(first)
                self.by_last[words[-1]].append(first)

    def holds(self, group: list[int]) -> bool:
        f = self.fs[group[0]]
        if not MIN_FRAME_WORDS <= len(f.words) <= MAX_FAMILY_WORDS:
            return False
        label = LABEL.match(self.keys[group[0]])
        siblings: set[int] = set()
        for members in (self.by_first.get(f.words[0], []), self.by_last.get(f.words[-1], [])):
            for k in members[:MAX_FAMILY_CANDIDATES]:
                if k not in group and _same_frame(f.words, self.fs[k].words, label, self.keys[k]):
                    siblings.add(k)
                    if len(siblings) + 1 >= MIN_FAMILY:
                        return True
        return False


def _same_frame(a: tuple[str, ...], b: tuple[str, ...], label: re.Match[str] | None, key_b: str) -> bool:
    """True when words ``a`` and ``b`` are one template with another slot value: they share a
    start and an end (around one slot of a few words) of two words or more that is 2/5 of each or
    more, or one label before a colon (``label``, matched on ``a``'s key: "Its drawbacks: ...",
    "Минусы: ...") and then differ."""
    if a == b:
        return False
    if label is not None and key_b.startswith(label.group()):
        return max(len(a), len(b)) <= MAX_LABELLED_WORDS  # a label's items, not speech ("He said: ...")
    most = min(len(a), len(b))
    start = next((k for k in range(most) if a[k] != b[k]), most)
    end = next((k for k in range(most - start) if a[-1 - k] != b[-1 - k]), most - start)
    frame = start + end
    if frame >= most:
        return False  # one holds the other whole: no slot of its own
    slot = MAX_SLOT_TOKENS if UNSPACED_CHAR.match(a[start]) else MAX_SLOT_WORDS
    if max(len(a), len(b)) - frame > slot:
        return False  # the rest is no slot value (a name, a number, a short phrase)
    return frame >= MIN_FRAME_WORDS and frame * FRAME_SHARE_DENOMINATOR >= max(len(a), len(b)) * FRAME_SHARE_NUMERATOR


def _all_different(root: dict[int, int], group: list[int], step: int) -> bool:
    """True when the paragraphs beside the copies of ``group`` (``step`` after each, or before)
    are no copies of one another: their roots differ (exact copies share the first's root)."""
    roots = [root[j + step] for j in group if 0 <= j + step < len(root)]
    return len(set(roots)) == len(roots)

"""Which earlier paragraphs to compare each paragraph with: an index, or every one of them."""

from __future__ import annotations

import sys
from typing import Protocol

from dedupe import similarity
from dedupe.model import Config
from dedupe.similarity import MAX_BUCKET, Features, length_window, may_be_near


class PairIndex:
    """Candidate earlier paragraphs for a near copy: those with the same numbers that share a word
    pair, and the previous one unless it can be no near copy (``similarity.may_be_near``). A near copy holds
    the same numbers (outside the frames, when it has them), so other ones never pair. A group's
    word pairs are indexed once it has more than ``MAX_BUCKET`` members; until then each member is
    checked for a shared pair, which finds the same paragraphs, and two members without a frame
    also for lengths that let their ratio reach the threshold (``similarity.length_window``), as
    they are compared whole."""

    def __init__(self, config: Config) -> None:
        self.threshold = config.threshold
        self.members: dict[tuple[str, ...], list[tuple[int, Features]]] = {}
        self.last: Features | None = None  # the paragraph added last: the next one's neighbour
        core = similarity.CORE  # the core in use compares the features it made (``pair_keys``)
        self.meeting = None if core is None else core.meeting
        self.groups: dict[tuple[str, ...], dict[tuple[str, ...], list[int]]] = {}

    def candidates(self, f: Features, j: int) -> list[int]:
        found = [j - 1] if j and self.last is not None and may_be_near(self.last, f, self.threshold) else []
        window = None
        for numbers in f.number_groups:
            members = self.members.get(numbers)
            if not members:
                continue
            if len(members) > MAX_BUCKET:
                found.extend(self._indexed(numbers, members, f))
                continue
            # No pair can be too common yet: a set check per member is cheaper than an index.
            if window is None:  # the lengths a near copy of f may have (any, with frames or no words)
                any_length = f.lead or f.tail or not f.bare
                window = (0, sys.maxsize) if any_length else length_window(len(f.bare), self.threshold)
            low, high = window
            if f.pair_keys is not None and self.meeting is not None:  # the compiled core's test, the same
                found.extend(self.meeting(f, members, low, high))
            else:
                found.extend(
                    i
                    for i, earlier in members
                    if (low <= len(earlier.bare) <= high or earlier.lead or earlier.tail)
                    and not f.pairs.isdisjoint(earlier.pairs)
                )
        return sorted(set(found)) if len(found) > 1 else found

    def _indexed(self, numbers: tuple[str, ...], members: list[tuple[int, Features]], f: Features) -> list[int]:
        """The members of a group too large to check one by one that share a pair with ``f``,
        by the group's index of word pairs (made on first use)."""
        group = self.groups.get(numbers)
        if group is None:
            group = self.groups[numbers] = {}
            for i, earlier in members:
                self._index(group, earlier, i)
        found: list[int] = []
        for pair in f.pairs:
            bucket = group.get(pair)
            if bucket and len(bucket) <= MAX_BUCKET:
                found.extend(bucket)
        return found

    @property
    def stable(self) -> bool:
        """True when, with fewer paragraphs, the index offers no candidate it does not offer now
        (but new neighbours): until a group is indexed, no pair is left out as too common."""
        return not self.groups

    def add(self, f: Features, j: int) -> None:
        self.last = f
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


class AllPairs:
    """Every earlier paragraph as a candidate: the exhaustive search that checks ``PairIndex``."""

    stable = False  # with every pair offered, passes run until one finds nothing

    def __init__(self, config: Config) -> None:
        self.seen: list[int] = []

    def candidates(self, f: Features, j: int) -> list[int]:
        return list(self.seen)

    def add(self, f: Features, j: int) -> None:
        self.seen.append(j)


class CandidateIndex(Protocol):
    """Which earlier paragraphs may be near copies of the next one."""

    @property
    def stable(self) -> bool: ...

    def candidates(self, f: Features, j: int) -> list[int]: ...

    def add(self, f: Features, j: int) -> None: ...

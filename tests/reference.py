"""A plain reference for the matcher: every pair aligned, no index, no word-overlap shortcut, and
passes with every rule until one finds nothing.

The optimised matcher must agree with it (tests/test_reference.py and test_properties.py)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from dedupe import matcher
from dedupe.model import Config, Duplicate, Paragraph


class AllPairs:
    """Drop-in for the matcher's candidate index that offers every earlier paragraph."""

    stable = False  # the reference runs passes until one finds nothing, never stopping early

    def __init__(self) -> None:
        self.seen: list[int] = []

    def candidates(self, f: matcher.Features, j: int) -> list[int]:
        return list(self.seen)

    def add(self, f: matcher.Features, j: int) -> None:
        self.seen.append(j)


@contextmanager
def plain_matcher() -> Iterator[None]:
    """Within the block, the matcher offers every pair, aligns every pair it scores, and looks
    for teasers in every pass, until a pass finds nothing."""
    index, score, one_pass = matcher._PairIndex, matcher.near_score, matcher._one_pass

    def every_rule_every_pass(*args: Any, first: bool) -> Any:
        return one_pass(*args, first=True)

    matcher._PairIndex = AllPairs  # type: ignore[misc,assignment]
    matcher.near_score = matcher.aligned_score  # type: ignore[assignment]
    matcher._one_pass = every_rule_every_pass
    try:
        yield
    finally:
        matcher._PairIndex, matcher.near_score, matcher._one_pass = index, score, one_pass  # type: ignore[misc]


def reference_duplicates(paragraphs: Sequence[Paragraph], config: Config | None = None) -> tuple[Duplicate, ...]:
    with plain_matcher():
        return matcher.find_duplicates(paragraphs, config)

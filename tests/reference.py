"""A plain reference for the matcher: every pair compared, no index, no pruning.

The optimised matcher must agree with it (tests/test_properties.py and test_reference.py)."""

from __future__ import annotations

from collections.abc import Sequence

from dedupe import matcher
from dedupe.model import Config, Duplicate, Paragraph


class AllPairs:
    """Drop-in for the matcher's candidate index that offers every earlier paragraph."""

    def __init__(self) -> None:
        self.seen: list[int] = []

    def candidates(self, f: matcher.Features, j: int) -> list[int]:
        return list(self.seen)

    def add(self, f: matcher.Features, j: int) -> None:
        self.seen.append(j)


def reference_duplicates(paragraphs: Sequence[Paragraph], config: Config | None = None) -> tuple[Duplicate, ...]:
    original = matcher._PairIndex
    matcher._PairIndex = AllPairs  # type: ignore[misc,assignment]
    try:
        return matcher.find_duplicates(paragraphs, config)
    finally:
        matcher._PairIndex = original  # type: ignore[misc]

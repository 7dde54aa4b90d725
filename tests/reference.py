"""A plain reference for the matcher: every pair aligned, no index, no word-overlap shortcut, and
passes with every rule until one finds nothing.

The optimised matcher must agree with it (tests/test_reference.py and test_properties.py). It is
the matcher's own ``EXHAUSTIVE`` search: the same rules, composed without the shortcuts."""

from __future__ import annotations

from collections.abc import Sequence

from dedupe.matcher import EXHAUSTIVE, find_duplicates
from dedupe.model import Config, Duplicate, Paragraph


def reference_duplicates(paragraphs: Sequence[Paragraph], config: Config | None = None) -> tuple[Duplicate, ...]:
    return find_duplicates(paragraphs, config, search=EXHAUSTIVE)

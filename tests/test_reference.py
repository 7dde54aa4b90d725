"""The optimised matcher (pair index, shortcuts, score cache) removes exactly what the plain
all-pairs reference removes: on every fixture and on articles built like the benchmark's."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks import benchmark
from dedupe.matcher import find_duplicates
from dedupe.reader import read, split_paragraphs
from tests.reference import reference_duplicates

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(path for path in FIXTURES.iterdir() if (path / "input.txt").is_file())


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_fixture_removals_match_the_reference(case: Path) -> None:
    data = (case / "input.txt").read_bytes()
    paragraphs = split_paragraphs(read(data))
    assert find_duplicates(paragraphs) == reference_duplicates(paragraphs)


def test_generated_articles_match_the_reference() -> None:
    pools = benchmark.paragraph_pools()
    rng = random.Random(7)
    for _ in range(60):
        script = rng.choice(sorted(pools))
        texts, _ = benchmark.build_article(pools[script], rng, rng.randint(2000, 9000))
        paragraphs = split_paragraphs(read("\n".join(texts).encode()))
        assert find_duplicates(paragraphs) == reference_duplicates(paragraphs)


def test_long_article_matches_the_reference() -> None:
    paragraphs = split_paragraphs(read(benchmark.long_article(400, seed=3).encode()))
    found = find_duplicates(paragraphs)
    assert len(found) >= 30
    assert found == reference_duplicates(paragraphs)

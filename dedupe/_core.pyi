# The compiled core (dedupe/_core.c): the twin of dedupe.similarity.features and of the word-pair
# test of dedupe.candidates.PairIndex.
from collections.abc import Callable, Iterable, Sequence

from dedupe.similarity import Features

def features(keys: Sequence[str], texts: Sequence[str]) -> list[Features | None]: ...
def meeting(f: Features, members: list[tuple[int, Features]], low: int, high: int) -> list[int]: ...
def setup(
    features: type[Features],
    complete: Callable[[Features, str, str, int, bool, bool, bool], None],
    attribution_forms: Iterable[str],
    read_more: Iterable[str],
    max_length: int,
    seed: int,
) -> None: ...

# The compiled core (dedupe/_core.c): the twin of dedupe.similarity.features, of the word-pair
# test of dedupe.candidates.PairIndex and of dedupe.reader.make_key.
from collections.abc import Callable, Iterable, Sequence

from dedupe.similarity import Features

def features(keys: Sequence[str], texts: Sequence[str]) -> list[Features | None]: ...
def keys(texts: list[str], nfkc: Callable[[str], str], translation: dict[int, str | None]) -> list[str]: ...
def meeting(f: Features, members: list[tuple[int, Features]], low: int, high: int) -> list[int]: ...
def setup(
    features: type[Features],
    complete: Callable[[Features, str, str, int, bool, bool, bool], None],
    attribution_forms: Iterable[str],
    read_more: Iterable[str],
    max_length: int,
    seed: int,
) -> None: ...

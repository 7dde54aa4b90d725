"""dedupe: remove duplicate paragraphs from scraped news articles and say what went."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from dedupe.model import (
    BinaryInputError,
    CleanResult,
    Config,
    DecodeError,
    DedupeError,
    Paragraph,
    Removal,
    Rule,
    Source,
)

if TYPE_CHECKING:
    from dedupe.clean import clean_bytes, clean_file, clean_text

__version__ = "0.1.0"

__all__ = [
    "BinaryInputError",
    "CleanResult",
    "Config",
    "DecodeError",
    "DedupeError",
    "Paragraph",
    "Removal",
    "Rule",
    "Source",
    "__version__",
    "clean_bytes",
    "clean_file",
    "clean_text",
]


def __getattr__(name: str) -> Any:
    # The cleaning functions bring in the matcher and the decoders (chardet, ftfy, rapidfuzz):
    # they load on first use, so `dedupe --help`, a run with nothing to clean and a program
    # that only uses the data types start without them.
    if name in ("clean_bytes", "clean_file", "clean_text"):
        from dedupe import clean

        return getattr(clean, name)
    raise AttributeError(f"module 'dedupe' has no attribute {name!r}")

"""dedupe: remove duplicate paragraphs from scraped news articles and say what went."""

from __future__ import annotations

from dedupe.clean import clean_bytes, clean_file, clean_text
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

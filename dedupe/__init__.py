"""dedupe: remove duplicate paragraphs from scraped news articles and say what went.

The library::

    from dedupe import Config, clean_text, clean_bytes, clean_file

    result = clean_text(article)                     # str in; result.text, result.removed
    result = clean_bytes(data, Config(threshold=92))  # bytes in any encoding
    result = clean_file("a.txt", out="a.txt", faithful=True)  # its own bytes less the duplicates

Each returns a :class:`CleanResult`: the cleaned ``text`` and ``output`` bytes, whether it
``changed``, and each :class:`Removal` (where it stood, the paragraph that keeps its text, the
rule and the score). ``faithful=True`` keeps the input's encoding, line ends and whitespace and
cuts out only the duplicates. Problems with an input raise :class:`DedupeError`.

Site boilerplate (a line many articles of one site carry)::

    from dedupe import count_sites, clean_text
    from dedupe.boilerplate import Table, Thresholds

    table = count_sites((site, text) for site, text in corpus)  # or Table.load("table.json")
    table.save("table.json")                                     # as --boilerplate-table saves it
    result = clean_text(article, boilerplate=table, site="bbc.co.uk")
"""

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
    from dedupe.boilerplate import count_sites
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
    "count_sites",
]


def __dir__() -> list[str]:
    # What the module offers: the cleaning functions load on first use (below), and the names it
    # imports for itself (typing's, ``annotations``) are not its own.
    return sorted(__all__)


def __getattr__(name: str) -> Any:
    # The cleaning functions bring in the matcher and the decoders (chardet, ftfy, rapidfuzz):
    # they load on first use, so `dedupe --help`, a run with nothing to clean and a program
    # that only uses the data types start without them.
    if name in ("clean_bytes", "clean_file", "clean_text"):
        from dedupe import clean

        return getattr(clean, name)
    if name == "count_sites":
        from dedupe import boilerplate

        return boilerplate.count_sites
    raise AttributeError(f"module 'dedupe' has no attribute {name!r}")

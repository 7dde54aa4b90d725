"""Frozen values shared by every stage: options, paragraphs, removals, results, errors."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol

Layout = Literal["lines", "blocks"]
"""``lines``: one paragraph per line; ``blocks``: hard-wrapped blocks split by blank lines."""


class Rule(enum.Enum):
    """Why a paragraph was removed."""

    EXACT = "exact"
    NEAR = "near"
    TEASER = "teaser"
    RUN = "run"
    BOILERPLATE = "boilerplate"
    """A site's line found in many of its articles (``--site-boilerplate``): no copy keeps it."""


DEFAULT_THRESHOLD = 90.0
DEFAULT_MIN_LENGTH = 30


@dataclass(frozen=True, slots=True)
class Config:
    """Matching options; vary them with ``dataclasses.replace``."""

    threshold: float = DEFAULT_THRESHOLD
    """Lowest RapidFuzz ratio (0-100) at which two paragraphs are near copies."""
    min_length: int = DEFAULT_MIN_LENGTH
    """Repeated paragraphs shorter than this (in characters) stay unless they follow their
    first copy directly or belong to a repeated run."""

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int | float):
            raise TypeError(f"Config.threshold takes a number from 0 to 100, not {type(self.threshold).__name__}")
        if isinstance(self.min_length, bool) or not isinstance(self.min_length, int):
            raise TypeError(f"Config.min_length takes a whole number, not {type(self.min_length).__name__}")
        if not 0 <= self.threshold <= 100:
            raise ValueError(f"threshold must be between 0 and 100, not {self.threshold}")
        if self.min_length < 0:
            raise ValueError(f"min_length must not be negative, not {self.min_length}")


@dataclass(frozen=True, slots=True)
class Source:
    """Decoded, normalised text and what the reader learnt on the way."""

    text: str
    encoding: str
    confidence: float = 1.0
    """1.0 for a BOM or valid UTF-8; the detector's confidence for a guessed legacy encoding."""
    repairs: tuple[str, ...] = ()
    """Changes beyond whitespace: mojibake repaired, lines decoded with another encoding."""
    warnings: tuple[str, ...] = ()
    newline: str = "\n"
    """The line ending the input used most (the output always uses ``\\n``)."""
    layout: Layout = "lines"
    final_newline: bool = True
    original: str = ""
    """The decoded input before repairs and normalisation, with ``\\n`` line ends (for diffs)."""
    lead: int = 0
    """The blank lines before the first one with text, which normalisation drops: the report's
    line numbers count them, as they are the input's."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph: ``text`` is written back, ``key`` is what matching compares."""

    index: int
    line: int
    """1-based line of the input where the paragraph starts."""
    text: str
    key: str
    blank_lines_before: int = 0


@dataclass(frozen=True, slots=True)
class Duplicate:
    """A paragraph whose text stands in paragraph ``kept_index``."""

    index: int
    kept_index: int
    rule: Rule
    score: float


@dataclass(frozen=True, slots=True)
class Removal:
    """A removed paragraph as the report shows it."""

    index: int
    line: int
    kept_index: int | None
    """The paragraph that keeps the text; None for site boilerplate, which no copy keeps."""
    kept_line: int | None
    rule: Rule
    score: float
    text: str
    kept_text: str | None = None
    """The text of the paragraph that keeps this one's text (None for site boilerplate)."""
    threshold: float | None = None
    """A near copy: the threshold its score was held to."""
    documents: int | None = None
    """Site boilerplate: how many of the site's articles hold the paragraph ..."""
    articles: int | None = None
    """... out of how many articles of the site."""


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The outcome of cleaning one article."""

    source: Source
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...]
    text: str
    """The cleaned article: normalised, ``\\n`` line endings; or, faithful, the input's own text
    less the removed paragraphs."""
    changed: bool
    """True when ``output`` differs from the input bytes."""
    kept: tuple[Paragraph, ...] = field(default=())
    output: bytes = b""
    """The bytes to write: ``text`` in UTF-8, or, faithful, the input's bytes less the removals."""


@dataclass(frozen=True, slots=True)
class Job:
    """One article to clean: a file, standard input, or one record of a JSON Lines dataset.

    Jobs cross to the worker processes, so they hold strings and bytes, never open files."""

    display: str
    """How messages and the report name the input: its path, ``-``, or the dataset's path."""
    path: str | None = None
    """The file to read; None when the article is ``data``."""
    data: bytes | None = None
    """Standard input's bytes, or a dataset record's line."""
    target: str | None = None
    """The file the cleaned article goes to (``path`` itself in place); None writes no file."""
    line: int | None = None
    """A dataset record's line (JSON Lines) or row (Parquet) number, 1-based."""
    error: str | None = None
    """Why the input cannot be cleaned, known before any cleaning (a folder that cannot be listed)."""
    text: bool = False
    """A record whose ``data`` is its text itself (a Parquet row), cleaned as standard input is,
    not a JSON line."""
    site: str | None = None
    """The site the article belongs to, for the site boilerplate pass (``--site-boilerplate``)."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one job gave: the same value for a file, standard input and a dataset record."""

    display: str
    changed: bool = False
    removed: tuple[Removal, ...] = ()
    paragraphs: int | None = None
    encoding: str | None = None
    confidence: float | None = None
    repairs: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    layout: Layout | None = None
    newline: str | None = None
    error: str | None = None
    diff: str = ""
    output: bytes | None = None
    """What to write where the job names no file: standard output, or the dataset's line."""
    line: int | None = None
    record_id: str | None = None
    site: str | None = None
    keys: tuple[bytes, ...] = ()
    """The site boilerplate count: the hashes of the article's eligible kept paragraphs."""
    fatal: bool = False
    """The error stops the whole input it belongs to (a dataset): nothing of it is written."""


class DedupeError(Exception):
    """Any problem dedupe reports about an input; carries the path when known."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path is not None else self.message


class BinaryInputError(DedupeError):
    """The input is not text (NUL bytes or control characters)."""


class DecodeError(DedupeError):
    """No encoding gives plausible text for the input."""


def text_name(name: str) -> str:
    """``name`` as text: a byte of a file name that is not UTF-8 (Python's surrogate escape) or a
    lone surrogate becomes a ``\\xff`` escape, so that a site or a path named so can be written in
    JSON and on a terminal (a name of other bytes stays another, but for one that spells the
    escape out: the byte 0xFF and the four characters "\\xff" name one site).

    >>> text_name("bad\\udcff"), text_name("bbc")
    ('bad\\\\xff', 'bbc')
    """
    if not lone_surrogate(name):
        return name
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", "backslashreplace")


def lone_surrogate(value: str) -> bool:
    """Whether ``value`` holds a surrogate code point alone (JSON's "\\ud83d"), which is no text:
    no UTF-8 holds it."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


class Boilerplate(Protocol):
    """What ``clean_text`` and ``clean_bytes`` ask of a site boilerplate table
    (``dedupe.boilerplate.Table``): the article's result less its site's lines."""

    def remove(self, result: CleanResult, data: bytes, site: str | None, *, faithful: bool = False) -> CleanResult: ...


# What no message writes to a terminal as it is: control characters but the line break and the
# tab (an escape sequence starts with one: it could move the cursor, retitle the window or write
# the clipboard), and the marks that reorder text (right-to-left overrides and isolates); each is
# written as its escape. A name, a column or a site in a message may hold them.
UNSHOWN = {
    code: f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    for code in (
        *range(0x00, 0x09),
        *range(0x0B, 0x20),
        *range(0x7F, 0xA0),
        0x061C,  # the Arabic letter mark
        0x200E,  # the left-to-right and right-to-left marks
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    )
}

"""Frozen values shared by every stage: options, paragraphs, removals, results, errors."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

Layout = Literal["lines", "blocks"]
"""``lines``: one paragraph per line; ``blocks``: hard-wrapped blocks split by blank lines."""


class Rule(enum.Enum):
    """Why a paragraph was removed."""

    EXACT = "exact"
    NEAR = "near"
    TEASER = "teaser"
    RUN = "run"


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
    kept_index: int
    kept_line: int
    rule: Rule
    score: float
    text: str


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The outcome of cleaning one article."""

    source: Source
    paragraphs: tuple[Paragraph, ...]
    removed: tuple[Removal, ...]
    text: str
    """The cleaned article, UTF-8 ready, ``\\n`` line endings."""
    changed: bool
    """True when the cleaned bytes differ from the input bytes."""
    kept: tuple[Paragraph, ...] = field(default=())


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

"""The options of one ``dedupe clean`` run, read once from the command line: what the runner and
the site boilerplate pass share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from dedupe.work import Settings

if TYPE_CHECKING:
    from dedupe.boilerplate import Thresholds


@dataclass(frozen=True)
class SiteOptions:
    """What ``--site-boilerplate`` and the options beside it ask for."""

    thresholds: Thresholds
    table: Path | None = None
    """A saved table: read when the file exists, else written at the end of the run."""
    dry_run: bool = False
    site_field: str | None = None
    """A dataset's field holding each record's URL, whose host is its site."""


@dataclass(frozen=True)
class RunOptions:
    """Where one ``dedupe clean`` takes its inputs from and puts its outputs, read once."""

    out: Path | None
    """A folder; or, for one text file or standard input, the file (``out_file``)."""
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    workers: int
    settings: Settings
    sites: SiteOptions | None = None
    out_file: bool = False

"""One job's shared pieces: the run's settings, the site boilerplate's part, and the outcome a
cleaned article gives (the runner, ``batch``, and the record cleaner, ``records``, use them)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dedupe import decode
from dedupe.model import CleanResult, Config, Job, Outcome

if TYPE_CHECKING:
    from dedupe.boilerplate import Table, Thresholds


@dataclass(frozen=True, slots=True)
class Settings:
    """What a run does with every job, sent to the workers once per batch."""

    config: Config
    write: bool = True
    """Write what changes; without it (--check, --diff) nothing is written."""
    diff: bool = False
    """Give each changed article's unified diff (--diff)."""
    verbose: bool = False
    field: str | None = None
    """The text field of a dataset's records."""
    removed_field: str | None = None
    """A field each cleaned record gets, listing its removals."""
    id_field: str | None = None
    """The field whose value names a record in the report."""
    faithful: bool = False
    """Write the input's own bytes less the removed paragraphs, instead of normalised UTF-8."""
    count_sites: Thresholds | None = None
    """Site boilerplate, pass 1: write nothing; give each article's eligible keys to count."""
    site_field: str | None = None
    """The field of a dataset's records holding the URL whose host is the record's site."""
    boilerplate_table: str | None = None
    """Site boilerplate, pass 2: the table file whose lines go from each job's site."""
    max_size: int = decode.MAX_SIZE
    """The largest input read, in bytes (--max-size)."""
    prose_only: bool = False
    """Leave a file that does not read as prose paragraphs as it is (the pre-commit hooks)."""


def site_pass(
    settings: Settings, job: Job, result: CleanResult, data: bytes, site: str | None
) -> Outcome | CleanResult:
    """The site boilerplate's part in cleaning one article (of ``site``, read from ``data``): in
    pass 1 the outcome carrying its keys to count; in pass 2 ``result`` less its site's
    boilerplate; outside a site boilerplate run ``result`` itself."""
    if settings.count_sites is not None:
        from dedupe.boilerplate import article_keys

        return Outcome(job.display, keys=article_keys(result, settings.count_sites), site=site, line=job.line)
    if settings.boilerplate_table is None or site is None:
        return result
    return load_table(settings.boilerplate_table).remove(result, data, site, faithful=settings.faithful)


@functools.lru_cache(maxsize=2)
def load_table(path: str) -> Table:
    """Read the site boilerplate table once per process (a run uses one)."""
    from dedupe.boilerplate import Table

    return Table.load(path)


def outcome(
    display: str,
    result: CleanResult,
    *,
    diff: str = "",
    output: bytes | None = None,
    line: int | None = None,
    record_id: str | None = None,
    site: str | None = None,
) -> Outcome:
    """Return the outcome of a cleaned article: what the report and the messages need of it."""
    source = result.source
    return Outcome(
        display,
        changed=result.changed,
        removed=result.removed,
        paragraphs=len(result.paragraphs),
        encoding=source.encoding,
        confidence=source.confidence,
        repairs=source.repairs,
        warnings=source.warnings,
        layout=source.layout,
        newline=source.newline,
        diff=diff,
        output=output,
        line=line,
        record_id=record_id,
        site=site,
    )

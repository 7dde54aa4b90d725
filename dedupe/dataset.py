"""Datasets: each record is a job that cleans one string field; stream in, stream out (JSON Lines
here, Parquet in ``dedupe.parquet``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from dedupe import report
from dedupe.model import DedupeError, Job, Outcome

if TYPE_CHECKING:
    from dedupe.work import Settings


def target(path: Path, out: Path | None, *, alone: bool) -> Path:
    """Return where the cleaned dataset goes: in place, the --out file for a dataset given
    alone (a name with an extension), or under the --out folder at its path below the working
    folder."""
    from dedupe.files import relative_to_cwd

    if out is None:
        return path
    if alone and not out.is_dir() and out.suffix:
        return out
    return out / relative_to_cwd(path)


def clean_dataset(
    path: Path, target: Path, settings: Settings, workers: int, account: Callable[[Outcome], None]
) -> report.Summary:
    """Clean a JSON Lines or Parquet dataset (``clean``, ``dedupe.parquet.clean``) by its name,
    handing each record's outcome to ``account``; return the Summary of its records."""
    counts = report.Summary(check=not settings.write)

    def both(outcome: Outcome) -> None:
        account(outcome)
        counts.add(outcome)

    if path.suffix.lower() == ".parquet":
        from dedupe import parquet  # pyarrow loads only for a Parquet dataset

        parquet.clean(path, target, settings, workers, both)
    else:
        clean(path, target, settings, workers, both)
    return counts


def records_in(path: Path) -> int | None:
    """How many records the dataset at ``path`` holds (a progress bar's length): the lines of a
    JSON Lines file, counted as bytes (fast: no line is parsed), or a Parquet file's rows, from
    its metadata; None when it cannot be told."""
    try:
        if path.suffix.lower() == ".parquet":
            from dedupe import parquet

            return parquet.rows(path)
        lines, last = 0, b"\n"
        with path.open("rb") as stream:
            while chunk := stream.read(1 << 20):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
        return lines + (last != b"\n")
    except (OSError, DedupeError):
        return None


def clean(path: Path, target: Path, settings: Settings, workers: int, account: Callable[[Outcome], None]) -> None:
    """Clean every record of the dataset at ``path``, handing each outcome to ``account`` in
    order; in write mode, write the records to ``target`` in order, atomically (the whole file or
    nothing)."""
    from dedupe import batch, writer

    outcomes = batch.run(jobs(path), settings, workers)
    with writer.atomic_writer(target) if settings.write else contextlib.nullcontext(None) as stream:
        for outcome in outcomes:
            if outcome.fatal:  # the temporary goes: nothing of the dataset is written
                written = "nothing written" if settings.write else "it would not be written"
                raise DedupeError(f"line {outcome.line}: {outcome.error}; {written}", path)
            if stream is not None and outcome.output is not None:
                stream.write(outcome.output)
            account(outcome)


def jobs(path: Path) -> Iterator[Job]:
    """Yield a job per line of the dataset at ``path``, reading it as a stream."""
    display = str(path)
    try:
        with path.open("rb") as stream:
            for number, line in enumerate(stream, start=1):
                yield Job(display, data=line, line=number)
    except OSError as err:
        raise DedupeError(f"cannot read: {err.strerror or err}", path) from err

"""Many files: what to do with each (clean, check, diff, write), in order, in parallel."""

from __future__ import annotations

import os
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Literal, TypeVar

from dedupe import writer
from dedupe.model import CleanResult, Config, DedupeError

Mode = Literal["write", "check", "diff"]
T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class FileJob:
    """One input file and where its cleaned text goes (``target``; the input itself in place)."""

    path: Path
    display: str
    target: Path | None
    mode: Mode
    config: Config
    verbose: bool = False
    error: str | None = None
    """Why ``path`` cannot be cleaned, found before any job ran (a folder that cannot be listed)."""


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """What happened to one file: the report record plus what the command line prints."""

    display: str
    changed: bool
    removed: int
    record: dict[str, Any]
    diff: str = ""
    error: str | None = None


def process_file(job: FileJob) -> FileOutcome:
    """Clean one file as ``job`` says; problems come back in the outcome, never raised."""
    from dedupe.clean import clean_file  # on first use: a run with nothing to clean never loads it

    if job.error is not None:
        return _failure(job, job.error)
    try:
        result = clean_file(job.path, job.config, out=job.target if job.mode == "write" else None)
        diff = ""
        if job.mode == "diff" and result.changed:
            diff = writer.unified_diff(result.source.original, result.text, job.display)
        return _outcome(job, result, diff)
    except DedupeError as err:
        return _failure(job, err.message)
    except Exception as err:  # a bug must not stop the other files; -v shows where it was
        detail = traceback.format_exc() if job.verbose else f"{type(err).__name__}: {err}"
        return _failure(job, f"internal error: {detail}".rstrip())


def _outcome(job: FileJob, result: CleanResult, diff: str) -> FileOutcome:
    record = writer.report_record(result, job.display)
    return FileOutcome(job.display, result.changed, len(result.removed), record, diff)


def _failure(job: FileJob, message: str) -> FileOutcome:
    return FileOutcome(job.display, False, 0, writer.report_record(None, job.display, message), error=message)


def ordered_map(function: Callable[[T], R], items: Iterable[T], jobs: int, *, batch: int = 16) -> Iterator[R]:
    """Yield ``function(item)`` for every item, in input order, using ``jobs`` processes.

    This process is one of them: every ``jobs``-th batch is its own, the others go to ``jobs - 1``
    workers, which start once. It runs its batches while it waits for the workers' results. At
    most ``2 * jobs`` batches are in flight, so memory does not grow with the number of items.
    ``jobs=1`` runs everything here.
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    pool = ProcessPoolExecutor(max_workers=jobs - 1, initializer=_ignore_interrupts)
    pending: deque[Future[list[R]] | _Own[T, R]] = deque()
    try:
        for number, chunk in enumerate(_chunks(items, batch)):
            own = number % jobs == jobs - 1
            pending.append(_Own(function, chunk) if own else pool.submit(_apply, function, chunk))
            if len(pending) >= 2 * jobs:
                yield from _next_results(pending)
        while pending:
            yield from _next_results(pending)
    finally:
        # On Ctrl-C or an early stop, batches not started are dropped, not run to the end.
        pool.shutdown(wait=True, cancel_futures=True)


class _Own(Generic[T, R]):
    """A batch this process runs itself, at the latest when its results are due."""

    def __init__(self, function: Callable[[T], R], chunk: list[T]) -> None:
        self.function = function
        self.chunk = chunk
        self.results: list[R] | None = None

    def run(self) -> list[R]:
        if self.results is None:
            self.results = _apply(self.function, self.chunk)
        return self.results


def _next_results(pending: deque[Future[list[R]] | _Own[T, R]]) -> list[R]:
    head = pending.popleft()
    if isinstance(head, _Own):
        return head.run()
    for entry in pending:
        if head.done():
            break
        if isinstance(entry, _Own):
            entry.run()  # rather than wait idle for a worker
    return head.result()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    chunk: list[T] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the parent stops handing out work, and workers
    # finish the batch in hand (each write atomic) instead of dying mid-way with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _apply(function: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [function(item) for item in chunk]


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1

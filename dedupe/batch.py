"""The runner: jobs -> outcomes, in input order, in a pool of processes sized to the work.

Every input takes this road: a file, standard input and each record of a dataset are a ``Job``,
and cleaning one gives an ``Outcome``. Only small values cross between processes: a job holds
a path (or the bytes of standard input or of one record), an outcome what the report needs.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import signal
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from typing import Generic, TypeVar

from dedupe import decode, writer
from dedupe.model import DedupeError, Job, Outcome
from dedupe.work import Settings, outcome, site_pass

__all__ = ["Settings", "default_jobs", "ordered_map", "outcome", "plan", "run", "run_job", "site_pass"]

T = TypeVar("T")
R = TypeVar("R")
LOOK_AHEAD = 4096  # jobs taken before the pool is sized; a larger run is never held whole
JOBS_PER_PROCESS = 8  # fewer jobs than this per process finish before another process starts
MAX_BATCH = 64  # jobs handed to a worker at once: each hand-over costs the parent a thread switch


PARENT_WATCH_SECONDS = 0.5  # how often a worker looks whether its parent is still there


def run(jobs: Iterable[Job], settings: Settings, workers: int) -> Iterator[Outcome]:
    """Yield the outcome of every job, in input order, using up to ``workers`` processes."""
    jobs = iter(jobs)
    head = list(itertools.islice(jobs, LOOK_AHEAD))
    processes, size = plan(len(head), workers)
    if processes > 1 and head:
        # Loaded before the workers fork, the decoders and the matcher are theirs without loading.
        import dedupe.clean  # noqa: F401
    return ordered_map(functools.partial(run_job, settings), itertools.chain(head, jobs), processes, batch=size)


def plan(count: int, workers: int) -> tuple[int, int]:
    """Return how many processes to use and how many jobs to hand over at once, for ``count``
    jobs seen ahead (``LOOK_AHEAD`` or more: a long run)."""
    processes = max(1, min(workers, count // JOBS_PER_PROCESS))
    return processes, max(1, min(MAX_BATCH, count // (JOBS_PER_PROCESS * processes)))


def run_job(settings: Settings, job: Job) -> Outcome:
    """Clean one job as ``settings`` say; problems come back in the outcome, never raised."""
    if job.error is not None:
        return Outcome(job.display, error=job.error, line=job.line, site=job.site)
    try:
        if job.line is not None and not job.text:
            from dedupe.records import clean_record  # in the processes that clean, on first use

            return clean_record(settings, job)
        return _clean_article(settings, job)  # a file, standard input, or a record's text
    except DedupeError as err:
        return Outcome(job.display, error=err.message, line=job.line, site=job.site, output=_passed(job))
    except Exception as err:  # a bug must not stop the other inputs; -v shows where it was
        detail = traceback.format_exc() if settings.verbose else f"{type(err).__name__}: {err}"
        message = f"internal error: {detail}".rstrip()
        return Outcome(job.display, error=message, line=job.line, site=job.site, output=_passed(job))


def _passed(job: Job) -> bytes | None:
    """What a job that failed writes: a JSON Lines record's line as it came (a dataset never
    loses a record); nothing for a file, which stays as it is."""
    return job.data if job.line is not None and not job.text else None


def _clean_article(settings: Settings, job: Job) -> Outcome:
    from dedupe.clean import clean_bytes, record_line_ends  # the decoders and the matcher load on first use

    read = None
    if job.path is not None and job.target == job.path and settings.write:
        with contextlib.suppress(OSError):  # the reader names the problem
            read = writer.Snapshot.of(job.path)  # before the bytes: an edit after it is seen
    data = decode.read_bytes(job.path, settings.max_size) if job.path is not None else job.data or b""
    if len(data) > settings.max_size:  # a Parquet row's text (a file's is read no further)
        raise DedupeError(f"larger than --max-size ({settings.max_size:,} bytes): passed through as it is")
    result = site_pass(settings, job, clean_bytes(data, settings.config, faithful=settings.faithful), data, job.site)
    if isinstance(result, Outcome):
        return result
    if job.text and not settings.faithful:  # a Parquet row's text keeps its CR LF line ends
        result = record_line_ends(result, data)
    if settings.prose_only and result.changed and job.line is None:
        from dedupe.prose import reads_as_prose

        if not reads_as_prose(result.source.original):  # code, a build file, a log: its lines are meaning
            note = "does not read as prose paragraphs: left as it is (--prose-only)"
            source = replace(result.source, warnings=(*result.source.warnings, note))
            kept = replace(result, source=source, removed=(), changed=False)
            passed = data if settings.write and job.target is None else None  # standard input: as it came
            return outcome(job.display, kept, output=passed, site=job.site)
    output = None
    if settings.write:
        if job.target is None:
            output = result.output
        elif job.target == job.path:
            if result.changed:
                writer.rewrite(job.target, result.output, read)
        else:
            writer.write_atomic(job.target, result.output)
    diff = ""
    if settings.diff and result.changed and job.line is None:
        diff = writer.unified_diff(result.source.original, result.text, job.display)
        if not settings.faithful:
            diff = writer.normalized_header(result.source, job.display) + diff
    elif settings.diff and result.changed:  # a Parquet row's text, named by its row
        diff = writer.unified_diff(result.source.original, result.text, f"{job.display}:{job.line}")
    return outcome(job.display, result, diff=diff, output=output, line=job.line, site=job.site)


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
    pool = ProcessPoolExecutor(max_workers=jobs - 1, initializer=_ignore_interrupts, initargs=(os.getpid(),))
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


def _ignore_interrupts(parent: int) -> None:
    # Ctrl-C reaches the whole process group: the parent stops handing out work, and workers
    # finish the batch in hand (each write atomic) instead of dying mid-way with a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed alone (kill -9, the OOM killer, SIGTERM to it only) would leave its workers
    # waiting on the call pipe forever, holding the caller's stdout and stderr: each watches its
    # parent and goes when it is gone (a write in hand is atomic: at most a temporary stays).
    # ``parent`` is the pid the parent gave: one killed before this runs has left the worker to
    # another process already, which os.getppid() here would take for the parent to watch.
    threading.Thread(target=_watch_parent, args=(parent,), name="dedupe-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(PARENT_WATCH_SECONDS)
    os._exit(3)


def _apply(function: Callable[[T], R], chunk: list[T]) -> list[R]:
    return [function(item) for item in chunk]


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1

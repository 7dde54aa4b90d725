"""CleanResult -> cleaned text, unified diff, JSON report record; atomic file writes."""

from __future__ import annotations

import contextlib
import difflib
import itertools
import json
import os
import signal
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from dedupe.model import CleanResult, DedupeError, Paragraph, Source

TEMP_PREFIX = ".dedupe-"
TEMP_SUFFIX = ".tmp"


def render(source: Source, kept: Iterable[Paragraph], paragraphs: Iterable[Paragraph]) -> str:
    """Return the kept paragraphs joined in the layout they came in.

    A removed paragraph takes its own line with it; the gap before the next kept paragraph is
    the widest gap among the removed paragraphs and its own, so a blank line is never lost.
    """
    kept_indexes = {p.index for p in kept}
    parts: list[str] = []
    gap = 0
    for paragraph in paragraphs:
        gap = max(gap, paragraph.blank_lines_before)
        if paragraph.index not in kept_indexes:
            continue
        if parts:
            parts.append("\n" * (1 + gap))
        parts.append(paragraph.text)
        gap = 0
    text = "".join(parts)
    return text + "\n" if text and source.final_newline else text


def unified_diff(before: str, after: str, path: str) -> str:
    """Return a unified diff from ``before`` to ``after``, empty when they are equal."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


def report_record(result: CleanResult | None, path: str, error: str | None = None) -> dict[str, Any]:
    """Return the JSON-ready report object for one input file."""
    # A file name that is not UTF-8 is shown with replacement characters, never a failed report.
    path = path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    if result is None:
        return {
            "path": path,
            "encoding": None,
            "repairs": [],
            "warnings": [],
            "changed": False,
            "paragraphs": 0,
            "removed": [],
            "error": error,
        }
    source = result.source
    return {
        "path": path,
        "encoding": source.encoding,
        "confidence": round(source.confidence, 2),
        "repairs": list(source.repairs),
        "warnings": list(source.warnings),
        "layout": source.layout,
        "newline": {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}.get(source.newline, "LF"),
        "changed": result.changed,
        "paragraphs": len(result.paragraphs),
        "removed": [
            {
                "index": r.index,
                "line": r.line,
                "kept_index": r.kept_index,
                "kept_line": r.kept_line,
                "rule": r.rule.value,
                "score": r.score,
                "text": r.text,
            }
            for r in result.removed
        ],
        "error": error,
    }


def dumps_record(record: dict[str, Any]) -> str:
    """Return ``record`` as one JSON Lines line (no newline)."""
    return json.dumps(record, ensure_ascii=False, sort_keys=False)


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader of ``path`` sees the old bytes or the new ones, never a part; an interrupted write
    leaves at most a ``.dedupe-*.tmp`` file, which folder walks skip and remove.
    """
    with atomic_writer(path) as stream:
        stream.write(data)


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary stream whose bytes replace ``path`` only when the block ends normally.

    The rename is atomic for other processes and survives this one being killed. Like most
    formatters, it does not fsync: surviving a power cut is left to the filesystem.
    """
    temporary = None
    try:
        # A Ctrl-C between creating the temporary file and learning its name would leave it behind.
        with _interrupts_deferred():
            handle, temporary = _open_temporary(path)
        with os.fdopen(handle, "wb") as stream:
            yield stream
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, os.stat(path).st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException as err:
        if temporary is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
        if isinstance(err, OSError):
            raise DedupeError(f"cannot write: {err.strerror or err}", path) from err
        raise


def _open_temporary(path: Path) -> tuple[int, str]:
    """Create a temporary file beside ``path`` (and its folder if missing); return its handle and name."""
    try:
        return _create_temporary(path.parent)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _create_temporary(path.parent)


@contextlib.contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT) back until the block ends; it is raised right after."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _create_temporary(folder: Path) -> tuple[int, str]:
    # tempfile.mkstemp costs several times the write itself; the process id, a counter and
    # random bits make a name no other writer picks, and O_EXCL makes sure of it.
    while True:
        name = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{next(_counter)}-{os.urandom(4).hex()}{TEMP_SUFFIX}")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644), name
        except FileExistsError:
            continue


_counter = itertools.count()


def probe_folder(folder: Path) -> None:
    """Raise a :class:`DedupeError` unless a file can be created in ``folder`` (made if missing)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name = _create_temporary(folder)
    except OSError as err:
        raise DedupeError(str(err.strerror or err), folder) from err
    os.close(handle)
    os.unlink(name)


def remove_stale_temporaries(folder: Path, names: Iterable[str]) -> list[Path]:
    """Remove the ``.dedupe-*.tmp`` files among ``names`` in ``folder`` that an interrupted run
    left behind; return them. Files of a writer still running elsewhere are left alone."""
    removed = []
    for name in names:
        if not is_temporary(name):
            continue
        pid = name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and _alive(int(pid)):
            continue
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.unlink(folder / name)
            removed.append(folder / name)
    return removed


def is_temporary(name: str) -> bool:
    """True for the name of a temporary file dedupe writes before renaming it."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

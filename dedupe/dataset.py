"""JSON Lines datasets: clean one string field of each record, stream in, stream out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dedupe import writer
from dedupe.model import Config, DedupeError


@dataclass(frozen=True, slots=True)
class RecordJob:
    """One line of a dataset and how to clean it."""

    number: int
    line: bytes
    field: str
    removed_field: str | None
    config: Config


@dataclass(frozen=True, slots=True)
class RecordOutcome:
    """The line to write (the input line itself when nothing changed or it was bad)."""

    number: int
    line: bytes
    changed: bool
    removed: int
    error: str | None = None


def clean_record(job: RecordJob) -> RecordOutcome:
    """Return the cleaned line for one record; a bad line passes through with an error.

    >>> job = RecordJob(1, b'{"id": 1, "text": "Lead.\\\\nLead.\\\\nBody."}\\n', "text", None, Config())
    >>> clean_record(job).line
    b'{"id": 1, "text": "Lead.\\\\nBody."}\\n'
    """
    ending = b"\n" if job.line.endswith(b"\n") else b""
    body = job.line[: len(job.line) - len(ending)]
    if not body.strip():
        return RecordOutcome(job.number, job.line, False, 0)
    try:
        record = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return _bad(job, f"invalid JSON ({err})")
    if not isinstance(record, dict):
        return _bad(job, "not a JSON object")
    value = record.get(job.field)
    if not isinstance(value, str):
        reason = "missing" if job.field not in record else f"not a string ({type(value).__name__})"
        return _bad(job, f"field {job.field!r} is {reason}")
    from dedupe.clean import clean_text  # on first use, in the processes that clean

    try:
        result = clean_text(value, job.config)
    except DedupeError as err:
        return _bad(job, err.message)
    if result.text == value and job.removed_field is None:
        return RecordOutcome(job.number, job.line, False, 0)
    record[job.field] = result.text
    if job.removed_field is not None:
        record[job.removed_field] = writer.report_record(result, "")["removed"]
    line = json.dumps(record, ensure_ascii=False).encode("utf-8") + ending
    return RecordOutcome(job.number, line, result.text != value, len(result.removed))


def _bad(job: RecordJob, message: str) -> RecordOutcome:
    return RecordOutcome(job.number, job.line, False, 0, message)


def iter_records(path: Path, field: str, removed_field: str | None, config: Config) -> Iterator[RecordJob]:
    """Yield a job per line of the dataset at ``path``, reading it as a stream."""
    try:
        with path.open("rb") as stream:
            for number, line in enumerate(stream, start=1):
                yield RecordJob(number, line, field, removed_field, config)
    except OSError as err:
        raise DedupeError(f"cannot read: {err.strerror or err}", path) from err


def is_dataset(path: Path) -> bool:
    """True for a JSON Lines file, by its name."""
    return path.suffix.lower() in {".jsonl", ".ndjson"}


def describe(outcome: RecordOutcome) -> dict[str, Any]:
    """Return the report entry for a bad record."""
    return {"line": outcome.number, "error": outcome.error}

"""One JSON Lines record cleaned: its text field's value spliced into its line, every other byte
kept; a bad record passed through as it came."""

from __future__ import annotations

import codecs
import json
from typing import TYPE_CHECKING, Any

from dedupe import report
from dedupe.model import DedupeError, Job, Outcome, lone_surrogate
from dedupe.work import outcome, site_pass

if TYPE_CHECKING:
    from dedupe.work import Settings


def clean_record(settings: Settings, job: Job) -> Outcome:
    """Return the outcome of one record, whose ``output`` is the line to write: the cleaned
    record, or the input line itself when nothing changed or the record is bad.

    >>> from dedupe.work import Settings
    >>> from dedupe.model import Config
    >>> line = b'{"id": 1, "text": "Lead.\\\\nLead.\\\\nBody."}\\n'
    >>> clean_record(Settings(Config(), field="text"), Job("d.jsonl", data=line, line=1)).output
    b'{"id": 1, "text": "Lead.\\\\nBody."}\\n'
    """
    from dedupe.clean import clean_text, record_line_ends

    line = job.data or b""
    ending = b"\n" if line.endswith(b"\n") else b""
    body = line[: len(line) - len(ending)]
    if len(body) > settings.max_size:  # a record of any size passes; only one this size is cleaned
        return _bad(job, f"larger than --max-size ({settings.max_size:,} bytes): passed through as it is")
    if not body.strip():
        return Outcome(job.display, output=line, line=job.line)
    try:
        record = json.loads(body, parse_float=_finite)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        return _bad(job, f"invalid JSON ({err})")
    except ValueError as err:  # 1e400: no float holds it, and written back it would be no JSON
        return _bad(job, str(err).splitlines()[0])
    except RecursionError:
        return _bad(job, "invalid JSON (nested too deeply)")
    if not isinstance(record, dict):
        return _bad(job, "not a JSON object")
    field = settings.field or ""
    value = record.get(field)
    record_id = _record_id(record, settings.id_field)
    if not isinstance(value, str):
        reason = "missing" if field not in record else f"not a string ({type(value).__name__})"
        return _bad(job, f"field {field!r} is {reason}", record_id)
    if settings.removed_field is not None and settings.removed_field in record:
        message = f"the record has a field {settings.removed_field!r}: --removed-field would overwrite it"
        return Outcome(job.display, error=message, line=job.line, record_id=record_id, fatal=True)
    if lone_surrogate(value):
        return _bad(job, f"field {field!r} holds a lone surrogate escape, which is no text", record_id)
    try:
        result = clean_text(value, settings.config, faithful=settings.faithful)
    except DedupeError as err:
        return _bad(job, err.message, record_id)
    site = None
    if settings.site_field is not None:
        from dedupe.boilerplate import site_of_url

        site = site_of_url(record.get(settings.site_field))
        passed = site_pass(settings, job, result, value.encode("utf-8", "surrogatepass"), site)
        if isinstance(passed, Outcome):
            return passed
        result = passed
    if not settings.faithful:
        result = record_line_ends(result, value.encode("utf-8", "surrogatepass"))
    changed = result.text != value
    output = line
    if changed or settings.removed_field is not None:
        removed = report.removals(result.removed) if settings.removed_field is not None else None
        output = _splice(body, field, value, result.text, settings.removed_field, removed) + ending
    diff = ""
    if settings.diff and changed:  # the record's text as a file of its own, named by its line
        from dedupe.writer import unified_diff

        diff = unified_diff(value, result.text, f"{job.display}:{job.line}")
    return outcome(job.display, result, diff=diff, output=output, line=job.line, record_id=record_id, site=site)


def _splice(
    body: bytes, field: str, value: str, text: str, removed_field: str | None, removed: list[dict[str, Any]] | None
) -> bytes:
    """Return the record's line ``body`` with the value of ``field`` (the last, as JSON reads a key
    given twice) replaced by ``text``, and ``removed`` added as ``removed_field``: every other byte
    of the line stays (other fields, their numbers and escapes, a key given twice, a BOM, spacing).

    The new value is escaped as the old one was: characters beyond ASCII as ``\\u`` escapes when
    the old value wrote them so."""
    bom = codecs.BOM_UTF8 if body.startswith(codecs.BOM_UTF8) else b""
    line = body[len(bom) :].decode("utf-8")
    spans, closing = _top_level_values(line)
    start, end = next((start, end) for key, start, end in reversed(spans) if key == field)
    ascii_only = line[start:end].isascii() and not value.isascii()
    new = json.dumps(text, ensure_ascii=ascii_only)
    line = line[:start] + new + line[end:]
    if removed_field is not None:
        closing += len(new) - (end - start)
        tight = '":' in line and '": ' not in line  # the record's own separators
        comma, colon = (",", ":") if tight else (", ", ": ")
        listed = json.dumps(removed, ensure_ascii=ascii_only, separators=(comma, colon))
        added = f"{json.dumps(removed_field)}{colon}{listed}"
        before = line[:closing].rstrip(" \t\r\n")
        line = before + ("" if before.endswith("{") else comma) + added + line[len(before) :]
    return bom + line.encode("utf-8", "surrogatepass")


_DECODER = json.JSONDecoder()


def _space(line: str, at: int) -> int:
    """The index of the first character at or after ``at`` that is no JSON whitespace."""
    while at < len(line) and line[at] in " \t\n\r":
        at += 1
    return at


def _top_level_values(line: str) -> tuple[list[tuple[str, int, int]], int]:
    """Return the key and the span of each value of the JSON object ``line`` (which json.loads
    read), and where its closing brace stands."""
    spans: list[tuple[str, int, int]] = []
    at = _space(line, _space(line, 0) + 1)  # past "{"
    while line[at] != "}":
        key, at = _DECODER.raw_decode(line, at)
        at = _space(line, _space(line, at) + 1)  # past ":"
        _, end = _DECODER.raw_decode(line, at)
        spans.append((key, at, end))
        at = _space(line, end)
        if line[at] == ",":
            at = _space(line, at + 1)
    return spans, at


def _finite(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text} is too large for a float: the record is passed through as it is")
    return number


def _record_id(record: dict[str, object], field: str | None) -> str | None:
    if field is None or field not in record:
        return None
    value = record[field]
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _bad(job: Job, message: str, record_id: str | None = None) -> Outcome:
    return Outcome(job.display, error=message, output=job.data, line=job.line, record_id=record_id)

"""What a run did: the Summary of every outcome (counts, exit code) and the one report record."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from dedupe import __version__
from dedupe.model import Outcome, Removal

NEWLINES = {"\n": "LF", "\r\n": "CRLF", "\r": "CR"}


@dataclass
class Summary:
    """Counts over one run; ``exit_code`` is what the command returns.

    >>> summary = Summary()
    >>> summary.add(Outcome("a.txt", changed=True))
    >>> summary.add(Outcome("b.txt", error="cannot read"))
    >>> summary.line(), summary.exit_code
    ('1 file cleaned (1 only normalized), 0 files unchanged, 0 paragraphs removed, 1 file failed.', 2)
    """

    check: bool = False
    files: int = 0
    changed: int = 0
    removed: int = 0
    failed: int = 0
    records: int = 0
    records_changed: int = 0
    bad_records: int = 0
    normalized: int = 0
    """Files changed by normalisation alone (whitespace, encoding), without a duplicate."""

    def add(self, outcome: Outcome) -> None:
        """Count one outcome: a file (or standard input), or a record of a dataset."""
        self.count(
            record=outcome.line is not None,
            failed=outcome.error is not None,
            changed=outcome.changed,
            removed=len(outcome.removed),
        )

    def count(self, *, record: bool, failed: bool, changed: bool, removed: int) -> None:
        """Count one input (``add`` for an outcome; the audit for a record of a report)."""
        if not record:
            self.files += 1
            self.failed += failed
            self.changed += changed
            self.normalized += changed and not removed
        else:
            self.records += 1
            self.bad_records += failed
            self.records_changed += changed
        self.removed += removed

    @property
    def errors(self) -> int:
        """Inputs that could not be cleaned: files failed and bad records."""
        return self.failed + self.bad_records

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.check and (self.changed or self.records_changed) else 0

    def line(self) -> str:
        verb = "would be cleaned" if self.check else "cleaned"
        parts = []
        if self.files or not self.records:
            unchanged = self.files - self.changed - self.failed
            changed = f"{plural(self.changed, 'file')} {verb}"
            if self.normalized:
                changed += f" ({self.normalized} {'would only be' if self.check else 'only'} normalized)"
            parts += [changed, f"{plural(unchanged, 'file')} unchanged"]
        if self.records:
            unchanged = self.records - self.records_changed - self.bad_records
            parts += [f"{plural(self.records_changed, 'record')} {verb}", f"{plural(unchanged, 'record')} unchanged"]
        parts.append(f"{plural(self.removed, 'paragraph')} {'to remove' if self.check else 'removed'}")
        if self.failed:
            parts.append(f"{plural(self.failed, 'file')} failed")
        if self.bad_records:
            parts.append(f"{plural(self.bad_records, 'bad record')} passed through")
        return ", ".join(parts) + "."


def plural(count: int, noun: str) -> str:
    """Return ``count`` and ``noun``, made plural unless the count is one."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def run_record(settings: Mapping[str, Any], *, started: datetime | None = None) -> dict[str, Any]:
    """Return the report's first record, of its own kind: how the run was made (dedupe's version,
    the settings that shape its output, when it started). It alone has the key ``run``; every
    record after it is one input's (``record``). ``core`` names the code that cleaned: the
    compiled core or pure Python (the same outputs either way).

    >>> entry = run_record({"threshold": 90.0}, started=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    >>> entry["run"]["started"], entry["run"]["settings"]
    ('2026-01-02T03:04:05Z', {'threshold': 90.0})
    """
    from dedupe.similarity import core_name  # the cleaning loads it anyway; the audit needs it not

    moment = (started or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    return {
        "run": {
            "dedupe": __version__,
            "core": core_name(),
            "started": moment.isoformat().replace("+00:00", "Z"),
            "settings": dict(settings),
        }
    }


def record(outcome: Outcome, *, sites: bool = False, ids: bool = False) -> dict[str, Any]:
    """Return the JSON-ready report object for one outcome: the same keys for a cleaned file,
    an input that failed (null where unknown) and a dataset record (which adds ``line``, and
    ``id`` when the run names an id field, ``ids``: null for a record without one, a blank or
    broken line; and ``site`` in a site boilerplate run, ``sites``)."""
    # A file name that is not UTF-8 keeps its bytes as "\xff" escapes: two such names stay two.
    path = outcome.display.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    entry: dict[str, Any] = {"path": path}
    if outcome.line is not None:
        entry["line"] = outcome.line
        if ids or outcome.record_id is not None:
            entry["id"] = outcome.record_id
    if sites or outcome.site is not None:
        entry["site"] = outcome.site  # a site boilerplate run: null where unknown (a bad record)
    entry.update(
        encoding=outcome.encoding,
        confidence=None if outcome.confidence is None else round(outcome.confidence, 2),
        repairs=list(outcome.repairs),
        warnings=list(outcome.warnings),
        layout=outcome.layout,
        newline=None if outcome.newline is None else NEWLINES.get(outcome.newline, "LF"),
        changed=outcome.changed,
        paragraphs=outcome.paragraphs,
        removed=removals(outcome.removed),
        error=outcome.error,
    )
    return entry


def removals(removed: Iterable[Removal]) -> list[dict[str, Any]]:
    """Return the report's entry for each removal: where it stood, what keeps its text, why (and,
    for site boilerplate, which keeps no copy, how many of the site's articles hold it)."""
    entries = []
    for r in removed:
        entry = {
            "index": r.index,
            "line": r.line,
            "kept_index": r.kept_index,
            "kept_line": r.kept_line,
            "rule": r.rule.value,
            "score": r.score,
            "text": r.text,
            "kept_text": r.kept_text,
        }
        if r.threshold is not None:
            entry["threshold"] = r.threshold
        if r.documents is not None:
            entry.update(documents=r.documents, articles=r.articles)
        entries.append(entry)
    return entries


def dumps(entry: dict[str, Any]) -> str:
    """Return ``entry`` as one JSON Lines line (no newline)."""
    return json.dumps(entry, ensure_ascii=False)

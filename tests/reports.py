"""Reading a run's report in the tests: its run record first, then one record per input."""

from __future__ import annotations

import json
from typing import Any


def report_entries(text: str) -> list[dict[str, Any]]:
    """The input records of a report's ``text``, after checking that it opens with its run record."""
    lines = [json.loads(line) for line in text.splitlines()]
    assert lines, "a report opens with its run record"
    assert set(lines[0]) == {"run"}, lines[0]
    assert {"dedupe", "started", "settings"} <= set(lines[0]["run"])
    assert all("run" not in entry for entry in lines[1:])
    return lines[1:]

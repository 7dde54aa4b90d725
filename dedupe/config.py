"""``[tool.dedupe]`` in the nearest pyproject.toml -> defaults for the command line."""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

import click

from dedupe.model import DedupeError

# Keys are the long option names of `dedupe clean`, each with the parameter it sets; the command
# line wins over them.
KNOWN_KEYS = {
    "threshold": "threshold",
    "min-length": "min_length",
    "include": "include",
    "exclude": "exclude",
    "jobs": "jobs",
    "field": "field",
    "jsonl-field": "field",
    "removed-field": "removed_field",
    "jsonl-removed": "removed_field",
    "jsonl-id": "jsonl_id",
    "normalize": "normalize",
    "no-normalize": "normalize",  # its value negated
    "prose-only": "prose_only",
    "max-size": "max_size",
    "site-boilerplate": "site_boilerplate",
    "boilerplate-min-docs": "boilerplate_min_docs",
    "boilerplate-min-share": "boilerplate_min_share",
    "boilerplate-length": "boilerplate_length",
    "site-field": "site_field",
    "quiet": "quiet",
    "verbose": "verbose",
}


BOOLEAN_KEYS = frozenset({"normalize", "no-normalize", "prose-only", "site-boilerplate", "quiet", "verbose"})


def _wrong_value(key: str, value: Any) -> str:
    """What ``key`` takes, when ``value`` is not that (TOML gives each its type); "" when right."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if key in BOOLEAN_KEYS:
        return "" if isinstance(value, bool) else "true or false"
    if key == "threshold":
        return "" if number and 0 <= value <= 100 else "a number from 0 to 100"
    if key == "boilerplate-min-share":
        return "" if number and 0 <= value <= 1 else "a number from 0 to 1"
    if key in ("min-length", "jobs", "boilerplate-min-docs"):
        least = 0 if key == "min-length" else 1
        whole = isinstance(value, int) and not isinstance(value, bool) and value >= least
        return "" if whole else f"a whole number of at least {least}"
    if key in ("include", "exclude"):
        return "" if isinstance(value, list) and all(isinstance(item, str) for item in value) else "a list of patterns"
    if key == "max-size":
        return "" if isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool)) else "a size"
    return "" if isinstance(value, str) else "text"


def find_pyproject(start: Path) -> Path | None:
    """Return the nearest pyproject.toml at or above ``start``, stopping at a repository root."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists() or (folder / ".hg").exists():
            return None
    return None


def read_defaults(path: Path) -> dict[str, Any]:
    """Return the ``[tool.dedupe]`` table of ``path`` as click defaults (underscored names).

    Raises :class:`DedupeError` for unreadable TOML or keys no option has.
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise DedupeError(f"cannot read configuration: {err}", path) from err
    table = data.get("tool", {}).get("dedupe", {})
    if not isinstance(table, dict):
        raise DedupeError("[tool.dedupe] must be a table", path)
    for key in sorted(table):
        if key not in KNOWN_KEYS:
            near = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else f" (keys: {', '.join(sorted(KNOWN_KEYS))})"
            raise DedupeError(f"unknown key {key!r} in [tool.dedupe]{hint}", path)
    if "normalize" in table and "no-normalize" in table:
        raise DedupeError("[tool.dedupe] sets both normalize and no-normalize: keep one", path)
    for key, value in table.items():
        problem = _wrong_value(key, value)
        if problem:
            raise DedupeError(f"[tool.dedupe] {key} takes {problem}, not {value!r}", path)
    return {KNOWN_KEYS[key]: (not value if key == "no-normalize" else value) for key, value in table.items()}


def read_pyproject(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Load ``[tool.dedupe]`` (the given file or the nearest pyproject.toml) into click's defaults."""
    path = Path(value) if value else find_pyproject(Path.cwd())
    if path is None:
        return None
    try:
        defaults = read_defaults(path)
    except DedupeError as err:
        raise click.BadParameter(str(err), ctx=ctx, param=param) from err
    ctx.default_map = {**defaults, **(ctx.default_map or {})}
    return str(path)

"""report -> one self-contained HTML page a person reads to trust a cleaning run (``dedupe audit``).

The report is read as a stream, twice (once for the folder its paths share, once for the rest),
and only counts and bounded samples are kept, so a report of any length fits in memory and the
page stays small. Everything the page needs is inline: CSS, an SVG histogram, no script, no
request to the network; it opens offline and can be mailed.
"""

from __future__ import annotations

import hashlib
import heapq
import html
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dedupe.boilerplate import key_hash
from dedupe.files import site_below
from dedupe.model import DEFAULT_THRESHOLD, DedupeError, lone_surrogate
from dedupe.reader import make_key
from dedupe.report import Summary
from dedupe.tokens import UNSPACED

RULES = ("exact", "near", "teaser", "run", "boilerplate")
SAMPLE = 50  # removals shown per rule in report order, and near copies nearest the threshold
MAX_ERRORS = 200  # errors listed; the rest are counted
MAX_SITES = 500  # sites listed, those with the most articles first
MAX_SHOWN = 10_000  # characters of a paragraph shown in a sample (a longer one is cut, marked "…")
MAX_NAME = 500  # characters of a path, a site or an error shown
MAX_SITE_LINES = 1000  # a site's boilerplate lines told apart (more are counted as removals only)
MAX_COMPARED = 1_000_000  # token pairs a highlight compares (its cost grows with their product)
# Tokens compared when highlighting: a character of a script without spaces, a word, a space
# run, or one other sign.
TOKEN = re.compile(f"[{UNSPACED}]|\\w+|\\s+|[^\\w\\s]")


@dataclass
class Sample:
    """A removal shown on the page."""

    order: int
    path: str
    record: str
    removal: dict[str, Any]


@dataclass
class Site:
    articles: int = 0
    touched: int = 0
    removed: int = 0
    boilerplate: set[bytes] = field(default_factory=set)
    """The site's boilerplate lines, known by their keys' hashes (a few bytes each, whatever the
    texts weigh), up to ``MAX_SITE_LINES``."""


@dataclass
class Audit:
    """What the page shows, gathered from the report's records one at a time."""

    root: str = ""
    summary: Summary = field(default_factory=Summary)
    """Inputs, changed, removed and failed, counted as the run itself counted them."""
    repaired: int = 0
    warned: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    sites: dict[str, Site] = field(default_factory=dict)
    scores: Counter[float] = field(default_factory=Counter)
    """Near copies by score, rounded down to 0.5."""
    thresholds: Counter[float] = field(default_factory=Counter)
    spread: dict[str, list[tuple[tuple[int, int, int], Sample]]] = field(default_factory=dict)
    """Per rule, a heap of the samples shown (``_spread``)."""
    per_site: dict[str, Counter[str]] = field(default_factory=dict)
    """Per rule, the removals seen of each site."""
    nearest: list[tuple[float, int, Sample]] = field(default_factory=list)
    """A heap of the near copies nearest the threshold (scores negated: the largest goes first)."""
    error_list: list[tuple[str, str]] = field(default_factory=list)
    run: dict[str, Any] | None = None
    """How the run was made: the report's run record (the first, when reports were joined)."""
    runs: int = 0
    """Run records read: more than one when reports were joined."""

    @property
    def threshold(self) -> float:
        if self.thresholds:
            return self.thresholds.most_common(1)[0][0]
        given = (self.run or {}).get("settings", {}).get("threshold")
        return float(given) if isinstance(given, int | float) and 0 <= given <= 100 else DEFAULT_THRESHOLD

    def add(self, entry: dict[str, Any], order: int) -> None:
        if "run" in entry:
            self.runs += 1
            self.run = self.run or entry["run"]
            return
        path = cut(str(entry.get("path", "")), MAX_NAME)
        line = entry.get("line")
        record = f"{path}:{line}" if line is not None else path
        failed = entry.get("error") is not None
        removed = [] if failed else entry.get("removed") or []
        changed = bool(entry.get("changed")) and not failed
        self.summary.count(record=line is not None, failed=failed, changed=changed, removed=len(removed))
        if failed:
            if len(self.error_list) < MAX_ERRORS:
                self.error_list.append((record, cut(str(entry["error"]), MAX_NAME)))
            return
        self.repaired += bool(entry.get("repairs"))
        self.warned += bool(entry.get("warnings"))
        site_name = cut(self.site_of(entry), MAX_NAME)
        site = self.sites.setdefault(site_name, Site())
        site.articles += 1
        site.touched += bool(removed)
        site.removed += len(removed)
        for number, removal in enumerate(removed):
            rule = str(removal.get("rule"))
            self.rules[rule] += 1
            # A sample holds what the page shows of its texts, so memory stays bounded whatever
            # the report's articles weigh.
            shown_texts = {key: cut(removal[key]) for key in ("text", "kept_text") if isinstance(removal.get(key), str)}
            sample = Sample(order * 10_000 + number, path, record, {**removal, **shown_texts})
            if rule == "boilerplate":  # a site's line is shown once, however many articles lose it
                line = key_hash(make_key(str(removal.get("text"))))  # its key's hash, as the table's
                if line in site.boilerplate:
                    continue
                if len(site.boilerplate) < MAX_SITE_LINES:
                    site.boilerplate.add(line)
            self._spread(rule, site_name, sample)
            if rule == "near" and isinstance(removal.get("score"), int | float):
                score = float(removal["score"])
                self.scores[int(score * 2) / 2] += 1
                self.thresholds[float(removal.get("threshold") or DEFAULT_THRESHOLD)] += 1
                item = (-score, -sample.order, sample)
                if len(self.nearest) < SAMPLE:
                    heapq.heappush(self.nearest, item)
                elif item > self.nearest[0]:
                    heapq.heapreplace(self.nearest, item)

    def _spread(self, rule: str, site: str, sample: Sample) -> None:
        """Keep ``sample`` among the rule's ``SAMPLE`` shown when it ranks there: a site's first
        removal before any site's second, and so on, sites in a fixed order of their names'
        hashes, so every site has its samples on the page and the choice is the same for any
        order of the report's lines but their own."""
        seen = self.per_site.setdefault(rule, Counter())
        rank = seen[site]
        seen[site] += 1
        # Negated, so the heap's top is the sample that ranks last: the first to give way.
        key = (-rank, -_stable_hash(site), -sample.order)
        chosen = self.spread.setdefault(rule, [])
        if len(chosen) < SAMPLE:
            heapq.heappush(chosen, (key, sample))
        elif key > chosen[0][0]:
            heapq.heapreplace(chosen, (key, sample))

    def shown(self, rule: str) -> list[Sample]:
        """The samples of ``rule`` spread across sites, in report order."""
        return sorted((sample for _, sample in self.spread.get(rule, [])), key=lambda sample: sample.order)

    def site_of(self, entry: dict[str, Any]) -> str:
        """The record's ``site``, else its dataset's name, else the first folder below the folder
        the report's paths share (or that folder, for a file directly in it)."""
        if entry.get("site"):
            return str(entry["site"])
        path = str(entry.get("path", ""))
        if entry.get("line") is not None:
            return os.path.basename(path) or path
        below = os.path.relpath(path, self.root) if self.root else path
        return site_below(below.replace(os.sep, "/"), self.root or ".")


def records(path: Path) -> Iterator[dict[str, Any]]:
    """Yield the report's records; a line that is none raises a DedupeError naming it."""
    try:
        with path.open(encoding="utf-8") as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                try:
                    entry = json.loads(line)
                except json.JSONDecodeError as err:
                    raise DedupeError(f"line {number}: not JSON ({err.msg})", path) from err
                except (ValueError, RecursionError) as err:  # a 5,000-digit number, deep nesting
                    raise DedupeError(f"line {number}: not a dedupe report record (JSON no run writes)", path) from err
                if isinstance(entry, dict) and "run" in entry and set(entry) != {"run"}:
                    raise DedupeError(f"line {number}: 'run' beside other keys: not a dedupe report record", path)
                if isinstance(entry, dict) and set(entry) == {"run"}:
                    problem = _wrong_run(entry["run"])
                    if problem:
                        raise DedupeError(f"line {number}: {problem}: not a dedupe report's run record", path)
                    yield entry
                    continue
                if not isinstance(entry, dict) or "path" not in entry or "removed" not in entry:
                    raise DedupeError(f"line {number}: not a dedupe report record", path)
                problem = _wrong_type(entry)
                if problem:
                    raise DedupeError(f"line {number}: {problem}: not a dedupe report record", path)
                yield entry
    except OSError as err:
        raise DedupeError(f"cannot read: {err.strerror or err}", path) from err
    except UnicodeDecodeError as err:
        raise DedupeError(f"not UTF-8 ({err.reason})", path) from err


# The types each field of a record may have (a crafted report is refused, never drawn).
_NUMBER = (int, float)
RECORD_TYPES: dict[str, tuple[type, ...]] = {
    "path": (str,), "line": (int,), "changed": (bool,), "removed": (list,), "error": (str,), "site": (str,),
    "id": (str,), "encoding": (str,), "repairs": (list,), "warnings": (list,), "paragraphs": (int,),
}  # fmt: skip
REMOVAL_TYPES: dict[str, tuple[type, ...]] = {
    "line": (int,), "kept_line": (int,), "rule": (str,), "score": _NUMBER, "threshold": _NUMBER,
    "text": (str,), "kept_text": (str,), "documents": (int,), "articles": (int,),
}  # fmt: skip


def _wrong_run(run: object) -> str:
    """Say what is wrong with a run record's ``run`` object ("" when nothing is): the version,
    the start and the core (which earlier reports lack) are text, the settings an object of
    numbers, text, true/false, null, lists of numbers and objects of those."""
    if not isinstance(run, dict):
        return "'run' is not an object"
    for key in ("dedupe", "started"):
        if not isinstance(run.get(key), str):
            return f"{key!r} is not text"
    if not isinstance(run.get("core", ""), str) or lone_surrogate(run.get("core", "")):
        return "'core' is not text"
    settings = run.get("settings")
    if not isinstance(settings, dict):
        return "'settings' is not an object"
    for key, given in flat_settings(settings):
        for value in given if isinstance(given, list) else [given]:
            if value is not None and not isinstance(value, str | int | float | bool):
                return f"setting {key!r} is {type(value).__name__}"
            if (isinstance(value, str) and lone_surrogate(value)) or lone_surrogate(key):
                return f"setting {key!r} holds a lone surrogate, which is no text"
    if lone_surrogate(run["dedupe"]) or lone_surrogate(run["started"]):
        return "a lone surrogate, which is no text"
    return ""


def flat_settings(settings: dict[str, Any]) -> Iterator[tuple[str, Any]]:
    """The settings' keys and values, a nested object's (one level) as ``outer.inner``."""
    for key, value in settings.items():
        if isinstance(value, dict):
            yield from ((f"{key}.{inner}", item) for inner, item in value.items())
        else:
            yield key, value


def _wrong_type(entry: dict[str, Any]) -> str:
    """Name the first field of ``entry`` (or of one of its removals) whose value has a type no
    dedupe report gives it (null aside); "" when all are right."""
    for key, types in RECORD_TYPES.items():
        if not _typed(entry.get(key), types):
            return f"field {key!r} is {type(entry[key]).__name__}"
    for removal in entry.get("removed") or []:
        if not isinstance(removal, dict):
            return "a removal that is not an object"
        for key, types in REMOVAL_TYPES.items():
            if not _typed(removal.get(key), types):
                return f"removal field {key!r} is {type(removal[key]).__name__}"
        if removal.get("rule") not in RULES:
            return f"removal rule {cut(str(removal.get('rule')), 40)!r}, which no run writes"
        for key in ("score", "threshold"):
            value = removal.get(key)
            if value is not None and not 0 <= value <= 100:  # NaN too
                return f"removal field {key!r} is {value!r}, not a score from 0 to 100"
    for key, value in _strings(entry):
        if lone_surrogate(value):
            return f"field {key!r} holds a lone surrogate, which is no text"
    return ""


def _strings(entry: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key, value in entry.items():
        if isinstance(value, str):
            yield key, value
        elif key in ("removed", "repairs", "warnings") and isinstance(value, list):
            for item in value:
                if isinstance(item, str):
                    yield key, item
                elif isinstance(item, dict):
                    yield from ((f"removed.{k}", v) for k, v in item.items() if isinstance(v, str))


def _typed(value: object, types: tuple[type, ...]) -> bool:
    if value is None:
        return True
    if isinstance(value, bool) and bool not in types:
        return False  # true is no line number
    return isinstance(value, types)


def gather(path: Path) -> Audit:
    """Read the report at ``path`` (twice, as a stream) into an Audit."""
    folders: list[str] | None = None
    for entry in records(path):
        if "path" in entry and entry.get("line") is None and not entry.get("site"):
            parent = os.path.dirname(str(entry["path"]))
            parts = parent.split("/") if parent else []
            folders = parts if folders is None else _common(folders, parts)
    audit = Audit(root="/".join(folders) if folders else "")
    for order, entry in enumerate(records(path)):
        audit.add(entry, order)
    return audit


def _common(a: list[str], b: list[str]) -> list[str]:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return a[:size]


def highlight(removed: str, kept: str) -> tuple[str, str]:
    """Return both texts as HTML, the words (characters, in scripts without spaces) that differ
    marked: ``<del>`` in the removed paragraph, ``<ins>`` in the kept one.

    The alignment is RapidFuzz's (a longest common subsequence of the tokens, bit-parallel in C++):
    its cost grows with the tokens' product over the machine word, whatever the texts hold, where
    difflib's grows with their repeats (a crafted report of dots would take minutes a sample).
    """
    from rapidfuzz.distance import Indel

    a, b = TOKEN.findall(cut(removed)), TOKEN.findall(cut(kept))
    if len(a) * len(b) > MAX_COMPARED:  # too long to mark what differs in time: shown as they are
        return html.escape("".join(a)), html.escape("".join(b))
    left: list[str] = []
    right: list[str] = []
    gone: list[str] = []
    came: list[str] = []

    def differ() -> None:
        if gone:
            left.append(f"<del>{html.escape(''.join(gone))}</del>")
        if came:
            right.append(f"<ins>{html.escape(''.join(came))}</ins>")
        gone.clear()
        came.clear()

    for op in Indel.opcodes(a, b):
        i1, i2, j1, j2 = op.src_start, op.src_end, op.dest_start, op.dest_end
        if op.tag == "equal":
            differ()
            left.append(html.escape("".join(a[i1:i2])))
            right.append(html.escape("".join(b[j1:j2])))
        else:
            gone += a[i1:i2]
            came += b[j1:j2]
    differ()
    return "".join(left), "".join(right)


def _stable_hash(text: str) -> int:
    """A hash of ``text`` that is the same in every process (Python's own is salted)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


def cut(text: str, most: int = MAX_SHOWN) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def samples(audit: Audit, rule: str) -> Iterable[tuple[str, list[Sample]]]:
    """The groups of samples shown for ``rule``: spread across sites, and for near copies
    those nearest the threshold (lowest score first) not shown already."""
    first = audit.shown(rule)
    yield "spread across sites (each site's first before any site's second)", first
    if rule == "near" and audit.nearest:
        shown = {sample.order for sample in first}
        nearest = sorted(audit.nearest, key=lambda item: (-item[0], -item[1]))
        others = [sample for _, _, sample in nearest if sample.order not in shown]
        if others:
            yield "more, nearest the threshold (lowest score first)", others

"""Site boilerplate: paragraphs repeated across a site's articles, counted, then removed.

A second pass, on request (``--site-boilerplate``). Pass 1 counts, per site, in how many articles
each paragraph key occurs, after the per-article cleaning (an article counts once; keys are the
matcher's, digits kept). A key found in at least ``min_documents`` articles and at least
``min_share`` of the site's articles is boilerplate, and pass 2 removes every copy of it, the
first too. Only paragraphs of ``min_chars`` to ``max_chars`` characters count; an article's
headline and its last remaining paragraph never go.

Counts are sums, so the table does not depend on the order of the articles or on how they are
split between processes or tasks. A key is known by a stable 128-bit hash (BLAKE2b), never by
Python's salted ``hash()``. Counts spill to disk in hash buckets as they come: memory holds one
bucket at a time, whatever the number of articles.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import stat
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from dedupe import clean, similarity
from dedupe.model import CleanResult, Config, DedupeError, Removal, Rule, lone_surrogate, text_name
from dedupe.reader import make_key

HASH_BYTES = 16
SITE_BYTES = 4
RECORD = SITE_BYTES + HASH_BYTES
BUCKETS = 256  # one per value of a hash's first byte
FLUSH_BYTES = 1 << 16  # a bucket's buffer is appended to its file when it holds this much
TABLE_FORMAT = "dedupe-site-boilerplate"
MAX_TABLE_BYTES = 1 << 30  # a table larger than this is no table (a device, a wrong file)
MAX_SITE_NAME = 1000  # characters: a longer "site" is an article given in its place


@dataclass(frozen=True, slots=True)
class Thresholds:
    """What makes a paragraph a site's boilerplate."""

    min_documents: int = 5
    """Articles of the site that must hold the paragraph."""
    min_share: float = 0.1
    """Share of the site's articles that must hold it."""
    min_chars: int = 20
    max_chars: int = 300
    """Only paragraphs of this many characters are eligible."""

    def __post_init__(self) -> None:
        for name in ("min_documents", "min_chars", "max_chars"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise TypeError(f"{name} takes a whole number, not {type(value).__name__}")
        if isinstance(self.min_share, bool) or not isinstance(self.min_share, int | float):
            raise TypeError(f"min_share takes a number from 0 to 1, not {type(self.min_share).__name__}")
        if self.min_chars < 0:
            raise ValueError(f"min_chars must be at least 0, not {self.min_chars}")
        if self.min_chars > self.max_chars:
            raise ValueError(f"min_chars {self.min_chars} is more than max_chars {self.max_chars}")
        if self.min_documents < 1:
            raise ValueError(f"min_documents must be at least 1, not {self.min_documents}")
        if not 0 <= self.min_share <= 1:
            raise ValueError(f"min_share must be between 0 and 1, not {self.min_share}")

    def to_json(self) -> dict[str, int | float]:
        """The thresholds as a saved table and a report's run record name them."""
        return dataclasses.asdict(self)

    def eligible(self, text: str) -> bool:
        return self.min_chars <= len(text) <= self.max_chars

    def holds(self, documents: int, articles: int) -> bool:
        """True when a key in ``documents`` of a site's ``articles`` articles is boilerplate."""
        return documents >= self.min_documents and documents >= self.min_share * articles


def key_hash(key: str) -> bytes:
    """Return the stable 128-bit hash of a paragraph key."""
    return hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=HASH_BYTES).digest()


def article_keys(result: CleanResult, thresholds: Thresholds) -> tuple[bytes, ...]:
    """Return the hashes of the eligible paragraphs an article keeps, each once, sorted."""
    return tuple(sorted({key_hash(p.key) for p in result.kept if thresholds.eligible(p.text)}))


def site_of_url(url: object) -> str | None:
    """Return the host of ``url`` (without ``www.``), or None when it holds none."""
    if not isinstance(url, str):
        return None
    try:
        host = urlsplit(url.strip() if "//" in url else f"//{url.strip()}").hostname
    except ValueError:
        return None
    if not host:
        return None
    return text_name(host.removeprefix("www."))


def count_sites(
    articles: Iterable[tuple[str | None, str | bytes]],
    *,
    thresholds: Thresholds | Mapping[str, Any] | None = None,
    config: Config | None = None,
    faithful: bool = False,
) -> Table:
    """Count site boilerplate over a corpus and return its table: ``articles`` yields each
    article's site and its text (``str``) or bytes (any encoding), as a stream; an article of no
    site (None) or one that cannot be read is left out. Each article is cleaned first (its own
    duplicates count once), as ``dedupe clean --site-boilerplate`` counts.

    >>> lines = ["Follow us on Telegram for more stories.", "Story {}."]
    >>> table = count_sites(("news", f"{lines[0]}\\n{lines[1].format(n)}") for n in range(6))
    >>> table.boilerplate_lines(), table.sites["news"].articles
    (1, 6)
    """
    import tempfile

    from dedupe.clean import clean_bytes, clean_text

    limits = _thresholds(thresholds)
    sweep_counts()
    with tempfile.TemporaryDirectory(prefix=counts_prefix()) as folder:
        counts = SiteCounts(folder)
        for number, pair in enumerate(articles):
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise TypeError(f"count_sites takes (site, article) pairs: item {number} is {type(pair).__name__}")
            site, article = pair
            if site is not None and (not isinstance(site, str) or "\n" in site or len(site) > MAX_SITE_NAME):
                shown = f"text of {len(site):,} characters" if isinstance(site, str) else type(site).__name__
                raise TypeError(
                    f"count_sites takes (site, article) pairs, the site a name (a host, a folder): item {number} "
                    f"has {shown} for its site"
                )
            if not isinstance(article, str | bytes):
                raise TypeError(f"count_sites: item {number}'s article is {type(article).__name__}, not str or bytes")
            if site is None:
                continue
            try:
                cleaned = clean_text if isinstance(article, str) else clean_bytes
                result = cleaned(article, config, faithful=faithful)  # type: ignore[arg-type]
            except DedupeError:
                continue
            counts.add(site, article_keys(result, limits))
        counts.close()
        return reduce([folder], limits)


COUNTS_PREFIX = "dedupe-sites-"  # the counting folders in the system's temporary folder


def counts_prefix() -> str:
    """The name a counting folder starts with: its process's id in it, so that a later run knows
    one a killed run left (``sweep_counts``)."""
    return f"{COUNTS_PREFIX}{os.getpid()}-"


def sweep_counts() -> list[str]:
    """Remove the counting folders in the system's temporary folder whose run is gone (killed: a
    SIGKILL, a SIGTERM, the OOM killer); return them. A running one's stays."""
    import shutil
    import tempfile

    from dedupe.writer import alive

    removed = []
    top = tempfile.gettempdir()
    try:
        names = os.listdir(top)
    except OSError:
        return []
    for name in names:
        pid = name[len(COUNTS_PREFIX) :].split("-", 1)[0]
        if name.startswith(COUNTS_PREFIX) and pid.isdigit() and not alive(int(pid)):
            path = os.path.join(top, name)
            if os.path.isdir(path) and not os.path.islink(path) and os.stat(path).st_uid == os.getuid():
                shutil.rmtree(path, ignore_errors=True)
                removed.append(path)
    return removed


def _thresholds(given: Thresholds | Mapping[str, Any] | None) -> Thresholds:
    """``given`` as Thresholds: a mapping of its fields (``{"min_documents": 3}``) is taken too."""
    if given is None or isinstance(given, Thresholds):
        return given or Thresholds()
    if isinstance(given, Mapping):
        names = {item.name for item in dataclasses.fields(Thresholds)}
        unknown = sorted(set(given) - names)
        if unknown:
            raise TypeError(f"thresholds: no field {', '.join(map(repr, unknown))} (Thresholds has {sorted(names)})")
        return Thresholds(**given)
    raise TypeError(f"thresholds takes a Thresholds (or a mapping of its fields), not {type(given).__name__}")


# ---------------------------------------------------------------------------------------------
# Pass 1: counting


class SiteCounts:
    """Per site, in how many articles each key occurs: records spilled to ``folder`` in buckets
    by hash, and the number of articles of each site.

    Several counters (the tasks of a pipeline) may each write a folder; ``reduce`` sums them.
    """

    def __init__(self, folder: str | Path, *, flush_bytes: int = FLUSH_BYTES) -> None:
        self.folder = Path(folder)
        self.flush_bytes = flush_bytes
        self.folder.mkdir(parents=True, exist_ok=True)
        self.sites: dict[str, int] = {}
        self.articles: list[int] = []
        self._buffers = [bytearray() for _ in range(BUCKETS)]

    def add(self, site: str, keys: Iterable[bytes]) -> None:
        """Count one article of ``site`` holding ``keys`` (each once)."""
        number = self.sites.setdefault(text_name(site), len(self.sites))
        if number == len(self.articles):
            self.articles.append(0)
        self.articles[number] += 1
        prefix = number.to_bytes(SITE_BYTES, "little")
        for key in keys:
            buffer = self._buffers[key[0]]
            buffer += prefix
            buffer += key
            if len(buffer) >= self.flush_bytes:
                self._flush(key[0])

    def close(self) -> None:
        """Write what the buffers hold and the sites' article counts."""
        for bucket in range(BUCKETS):
            self._flush(bucket)
        sites = [[name, self.articles[number]] for name, number in self.sites.items()]
        (self.folder / "sites.json").write_text(json.dumps({"sites": sites}, ensure_ascii=False), encoding="utf-8")

    def _flush(self, bucket: int) -> None:
        buffer = self._buffers[bucket]
        if buffer:
            with open(self.folder / f"{bucket:03d}.bin", "ab") as stream:
                stream.write(buffer)
            buffer.clear()


def reduce(folders: Sequence[str | Path], thresholds: Thresholds) -> Table:
    """Sum the counts that ``SiteCounts`` wrote to ``folders`` and return the boilerplate table."""
    paths = [Path(folder) for folder in folders]
    names_of: list[list[str]] = []
    articles: Counter[str] = Counter()
    for folder in paths:
        sites = json.loads((folder / "sites.json").read_text(encoding="utf-8"))["sites"]
        names_of.append([name for name, _ in sites])
        for name, count in sites:
            articles[name] += count
    lines: dict[str, dict[bytes, int]] = {}
    for bucket in range(BUCKETS):
        counts: Counter[tuple[str, bytes]] = Counter()
        for folder, names in zip(paths, names_of, strict=True):
            path = folder / f"{bucket:03d}.bin"
            if path.exists():
                counts.update(_records(path.read_bytes(), names))
        for (site, key), documents in counts.items():
            if thresholds.holds(documents, articles[site]):
                lines.setdefault(site, {})[key] = documents
    return Table(thresholds, {site: SiteLines(articles[site], lines.get(site, {})) for site in sorted(articles)})


def _records(data: bytes, names: list[str]) -> Iterator[tuple[str, bytes]]:
    for start in range(0, len(data) - RECORD + 1, RECORD):
        number = int.from_bytes(data[start : start + SITE_BYTES], "little")
        yield names[number], data[start + SITE_BYTES : start + RECORD]


# ---------------------------------------------------------------------------------------------
# The table


@dataclass(frozen=True, slots=True)
class SiteLines:
    """One site's boilerplate: its number of articles, and each boilerplate key's article count."""

    articles: int
    lines: Mapping[bytes, int]


@dataclass(frozen=True, slots=True)
class Table:
    """Every site's boilerplate, with the thresholds that made it, and an example text per key."""

    thresholds: Thresholds
    sites: Mapping[str, SiteLines]
    examples: Mapping[tuple[str, bytes], str] = field(default_factory=dict)

    def boilerplate_lines(self) -> int:
        return sum(len(site.lines) for site in self.sites.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "format": TABLE_FORMAT,
            "version": 1,
            **self.thresholds.to_json(),
            "sites": [
                {
                    "site": name,
                    "articles": site.articles,
                    "lines": [
                        {"key": key.hex(), "documents": documents, "example": self.examples.get((name, key))}
                        for key, documents in sorted(site.lines.items(), key=lambda item: (-item[1], item[0]))
                    ],
                }
                for name, site in sorted(self.sites.items())
            ],
        }

    def save(self, path: str | Path) -> None:
        """Write the table as JSON (atomically)."""
        from dedupe import writer

        text = json.dumps(self.to_json(), ensure_ascii=False, indent=1) + "\n"
        writer.write_atomic(path, text.encode("utf-8"), follow=True)

    @classmethod
    def load(cls, path: str | Path) -> Table:
        """Read a table that ``save`` wrote; a ValueError names the file and says what is wrong
        with it (a field of the wrong type or out of range included), so a damaged table is one
        error, not a crash; an OSError says why it cannot be read."""
        try:
            return cls._load(path)
        except ValueError as err:
            raise ValueError(f"{path}: {err}") from err

    @classmethod
    def _load(cls, path: str | Path) -> Table:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file")
        if info.st_size > MAX_TABLE_BYTES:
            raise ValueError(f"larger than a table ({info.st_size:,} bytes)")
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ValueError(f"not a dedupe site boilerplate table ({err})") from err
        except (ValueError, RecursionError) as err:  # deep nesting, a number of thousands of digits
            raise ValueError("not a dedupe site boilerplate table (JSON no run writes)") from err
        if not isinstance(data, dict) or data.get("format") != TABLE_FORMAT:
            raise ValueError("not a dedupe site boilerplate table")
        if data.get("version") != 1:
            raise ValueError(f"version: this dedupe reads version 1 tables, not {_short(data.get('version'))}")
        share = data.get("min_share")
        if isinstance(share, bool) or not isinstance(share, int | float) or not 0 <= share <= 1:
            raise ValueError(f"min_share: a number from 0 to 1 belongs here, not {share!r}")
        thresholds = Thresholds(
            _count(data, "min_documents", least=1), float(share), _count(data, "min_chars"), _count(data, "max_chars")
        )
        if thresholds.min_chars > thresholds.max_chars:
            raise ValueError(f"min_chars {thresholds.min_chars} is more than max_chars {thresholds.max_chars}")
        sites: dict[str, SiteLines] = {}
        examples: dict[tuple[str, bytes], str] = {}
        for site in _list(data, "sites"):
            name = site.get("site") if isinstance(site, dict) else None
            if not isinstance(name, str) or name in sites or lone_surrogate(name):
                raise ValueError(f"sites: each entry names a site once, in text, not {_short(site)}")
            articles = _count(site, "articles", least=1, where=name)
            lines = {}
            for line in _list(site, "lines", where=name):
                key_text = line.get("key") if isinstance(line, dict) else None
                if not isinstance(key_text, str) or not re.fullmatch(f"[0-9a-f]{{{2 * HASH_BYTES}}}", key_text):
                    raise ValueError(f"{name}: each line has a key of {2 * HASH_BYTES} hex digits, not {_short(line)}")
                key = bytes.fromhex(key_text)
                if key in lines:
                    raise ValueError(f"{name}: the key {key_text} stands twice")
                documents = lines[key] = _count(line, "documents", least=1, most=articles, where=name)
                if not thresholds.holds(documents, articles):
                    raise ValueError(
                        f"{name}: a line in {documents} of {articles} articles is below the table's own thresholds"
                        " (min_documents, min_share): the table was edited by hand"
                    )
                example = line.get("example")
                if example is not None:
                    if not isinstance(example, str) or lone_surrogate(example):
                        raise ValueError(f"{name}: an example is text, not {_short(example)}")
                    examples[name, key] = example
            sites[name] = SiteLines(articles, lines)
        return cls(thresholds, sites, examples)

    def remove(self, result: CleanResult, data: bytes, site: str | None, *, faithful: bool = False) -> CleanResult:
        """Return ``result`` (the article cleaned from ``data``) less ``site``'s boilerplate lines
        (rule ``boilerplate``); ``result`` itself for a site the table does not know. The CLI, the
        datatrove step and ``clean_text(..., boilerplate=table, site=...)`` all remove through here."""
        lines = self.sites.get(text_name(site)) if site is not None else None
        if lines is None:
            return result
        return strip(result, data, lines, self.thresholds, faithful=faithful)

    def with_examples(self, found: Iterable[tuple[str, str]]) -> Table:
        """Return the table with an example text per key, from ``found``: the site and the text of
        each boilerplate paragraph removed. The smallest text is kept, so the example does not
        depend on the order of the articles."""
        examples = dict(self.examples)
        for site, text in found:
            if not self.thresholds.eligible(text) or lone_surrogate(text):
                continue  # no paragraph a run removes: a line's text is of the lengths counted
            name = (site, key_hash(make_key(text)))
            if name not in examples or text < examples[name]:
                examples[name] = text
        return Table(self.thresholds, self.sites, examples)


def _count(data: dict[str, Any], key: str, *, least: int = 0, most: int | None = None, where: str = "") -> int:
    """``data[key]``, a whole number from ``least`` to ``most``, or a ValueError naming the field."""
    value = data.get(key)
    name = f"{where}: {key}" if where else key
    if isinstance(value, bool) or not isinstance(value, int) or value < least or (most is not None and value > most):
        span = f"from {least} to {most}" if most is not None else f"of at least {least}"
        raise ValueError(f"{name}: a whole number {span} belongs here, not {_short(value)}")
    return value


def _list(data: dict[str, Any], key: str, *, where: str = "") -> list[Any]:
    value = data.get(key)
    if not isinstance(value, list):
        raise ValueError(f"{where + ': ' if where else ''}{key}: a list belongs here, not {_short(value)}")
    return value


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=True)
    return text if len(text) <= 60 else text[:57] + "..."


# ---------------------------------------------------------------------------------------------
# Pass 2: removing


def strip(result: CleanResult, data: bytes, site: SiteLines, thresholds: Thresholds, *, faithful: bool) -> CleanResult:
    """Return ``result`` less the paragraphs that are ``site``'s boilerplate (rule ``boilerplate``).

    The headline (a first paragraph without closing punctuation) stays, and so does an article's
    last remaining paragraph: when every kept paragraph is boilerplate, the first of them stays.
    """
    if not site.lines or not result.kept:
        return result
    gone: list[Removal] = []
    for paragraph in result.kept:
        if not thresholds.eligible(paragraph.text):
            continue
        documents = site.lines.get(key_hash(paragraph.key))
        if documents is None or (paragraph.index == 0 and not similarity.closes(paragraph.key)):
            continue
        gone.append(
            Removal(
                index=paragraph.index,
                line=paragraph.line + result.source.lead,
                kept_index=None,
                kept_line=None,
                rule=Rule.BOILERPLATE,
                score=100.0,
                text=paragraph.text,
                documents=documents,
                articles=site.articles,
            )
        )
    if len(gone) == len(result.kept):
        gone = gone[1:]
    if not gone:
        return result
    left = [p for p in result.kept if p.index not in {r.index for r in gone}]
    if result.source.layout == "blocks" and len(left) == 1 and "\n" in left[0].text:
        return result  # one wrapped block left would read back as lines: cleaning again would differ
    removed = tuple(sorted(result.removed + tuple(gone), key=lambda r: r.index))
    return clean.finish(result.source, data, result.paragraphs, removed, faithful=faithful)

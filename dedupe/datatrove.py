"""dedupe as datatrove pipeline steps (``pip install "dedupe-paragraphs[datatrove]"``); the only
module that imports datatrove.

- ``DedupeParagraphs``: cleans each document's text exactly as ``clean_text`` does, and puts the
  removals (the report's ``removed`` entries) in ``document.metadata["dedupe"]``.
- ``CountSiteParagraphs``, ``ReduceSiteParagraphs`` and ``DedupeParagraphs(boilerplate_table=...)``:
  the site boilerplate pass as three stages (count per task, sum into the table in one task,
  remove), the same removals as ``dedupe clean --site-boilerplate`` for any task count; and
  ``AddSiteExamples``, a fourth, puts an example text of each line in the table.
- ``ArticleReader``: reads a folder of loose article files in any encoding with dedupe's decoder,
  one document per file (its id: the path below the folder), so that reader and step give for a
  file what ``clean_bytes`` gives for its bytes.

A pipeline runs the same on a laptop (``LocalPipelineExecutor``), Slurm or Ray; the output is a
pure function of each document, so it does not depend on the task count.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from datatrove.data import Document, DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader

from dedupe import report, writer
from dedupe.boilerplate import MAX_TABLE_BYTES, SiteCounts, Table, Thresholds, article_keys, reduce, site_of_url
from dedupe.clean import clean_text, record_line_ends
from dedupe.files import site_below
from dedupe.model import Config, DedupeError, Rule
from dedupe.reader import make_key, read

__all__ = [
    "AddSiteExamples",
    "ArticleReader",
    "CountSiteParagraphs",
    "DedupeParagraphs",
    "ReduceSiteParagraphs",
    "document_site",
]


def document_site(document: Document) -> str | None:
    """Return a document's site: its ``site`` metadata (``ArticleReader`` sets it), else the host
    of its ``url`` metadata; None when it has neither."""
    site = document.metadata.get("site")
    if isinstance(site, str) and site:
        return site
    return site_of_url(document.metadata.get("url"))


class DedupeParagraphs(PipelineStep):
    """Remove duplicate paragraphs from each document's text; say what went in its metadata."""

    name = "dedupe paragraphs"
    type = "✂️ - DEDUP"

    def __init__(
        self,
        config: Config | None = None,
        *,
        faithful: bool = False,
        boilerplate_table: str | Path | None = None,
        site: Callable[[Document], str | None] = document_site,
        examples_folder: str | Path | None = None,
    ) -> None:
        """``boilerplate_table``: the table ``ReduceSiteParagraphs`` wrote; each document then also
        loses its site's boilerplate (rule ``boilerplate``), its site given by ``site``.
        ``examples_folder``: each task writes there the boilerplate it removed, one example per
        line, for ``AddSiteExamples`` to put in the table (as ``dedupe clean`` saves it)."""
        super().__init__()
        self.config = config or Config()
        self.faithful = faithful
        self.boilerplate_table = boilerplate_table
        self.site = site
        self.examples_folder = None if examples_folder is None else Path(examples_folder)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        table = Table.load(self.boilerplate_table) if self.boilerplate_table is not None else None
        examples: dict[tuple[str, str], str] = {}  # per site and key, the smallest text removed
        for document in data or ():
            with self.track_time():
                site = self.site(document) if table is not None else None
                result = clean_text(document.text, self.config, faithful=self.faithful, boilerplate=table, site=site)
                if not self.faithful:  # a text that ends its lines with CR LF keeps them
                    result = record_line_ends(result, document.text.encode("utf-8", "surrogatepass"))
            document.text = result.text
            document.metadata["dedupe"] = report.removals(result.removed)
            self.stat_update("documents")
            if result.changed:
                self.stat_update("changed")
            for removal in result.removed:
                self.stat_update(f"removed_{removal.rule.value}")
                if removal.rule is Rule.BOILERPLATE and site is not None and self.examples_folder is not None:
                    key = (site, make_key(removal.text))
                    examples[key] = min(examples.get(key, removal.text), removal.text)
            yield document
        if self.examples_folder is not None:
            self.examples_folder.mkdir(parents=True, exist_ok=True)
            found = [[site, text] for (site, _), text in sorted(examples.items())]
            text = json.dumps({"examples": found}, ensure_ascii=False)
            writer.write_atomic(self.examples_folder / f"{rank:05d}.json", text.encode("utf-8"))


class CountSiteParagraphs(PipelineStep):
    """Site boilerplate, stage 1 of 3: clean each document and count, per site, its eligible kept
    paragraphs; each task writes its counts to ``counts_folder/<rank>`` (a folder every task and
    the reduce stage can reach). Yields nothing."""

    name = "🧮 count site paragraphs"
    type = "✂️ - DEDUP"

    def __init__(
        self,
        counts_folder: str | Path,
        config: Config | None = None,
        *,
        thresholds: Thresholds | None = None,
        site: Callable[[Document], str | None] = document_site,
    ) -> None:
        super().__init__()
        self.counts_folder = Path(counts_folder)
        self.config = config or Config()
        self.thresholds = thresholds or Thresholds()
        self.site = site

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        folder = self.counts_folder / f"{rank:05d}"
        shutil.rmtree(folder, ignore_errors=True)  # a task run again starts its counts over
        counts = SiteCounts(folder)
        for document in data or ():
            site = self.site(document)
            if site is None:
                self.stat_update("without site")
                continue
            with self.track_time():
                counts.add(site, article_keys(clean_text(document.text, self.config), self.thresholds))
            self.stat_update("documents")
        counts.close()
        yield from ()


class ReduceSiteParagraphs(PipelineStep):
    """Site boilerplate, stage 2 of 3 (one task): sum every task's counts and write the table that
    ``DedupeParagraphs(boilerplate_table=...)`` removes by (a JSON file, as
    ``dedupe clean --boilerplate-table`` saves)."""

    name = "🧮 site boilerplate table"
    type = "✂️ - DEDUP"

    def __init__(self, counts_folder: str | Path, table: str | Path, *, thresholds: Thresholds | None = None) -> None:
        super().__init__()
        self.counts_folder = Path(counts_folder)
        self.table = Path(table)
        self.thresholds = thresholds or Thresholds()

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if rank == 0:
            folders = sorted(path for path in self.counts_folder.iterdir() if path.is_dir())
            table = reduce(folders, self.thresholds)
            table.save(self.table)
            self.stat_update("sites", value=len(table.sites))
            self.stat_update("boilerplate lines", value=table.boilerplate_lines())
        yield from data or ()


class AddSiteExamples(PipelineStep):
    """Site boilerplate, after stage 3 (one task): put in the table an example text of each line,
    from what every ``DedupeParagraphs(examples_folder=...)`` task removed; the smallest text of
    a line is its example, so the table is the same for any task count, and the one
    ``dedupe clean --boilerplate-table`` saves."""

    name = "🧮 site boilerplate examples"
    type = "✂️ - DEDUP"

    def __init__(self, examples_folder: str | Path, table: str | Path) -> None:
        super().__init__()
        self.examples_folder = Path(examples_folder)
        self.table = Path(table)

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if rank == 0:
            if not self.examples_folder.is_dir():
                message = "no such folder: DedupeParagraphs(examples_folder=...) writes it"
                raise DedupeError(message, self.examples_folder)
            found: list[tuple[str, str]] = []
            for path in sorted(self.examples_folder.glob("*.json")):
                found += _examples(path)
            table = Table.load(self.table).with_examples(found)
            table.save(self.table)
            self.stat_update("examples", value=len(table.examples))
        yield from data or ()


def _examples(path: Path) -> list[tuple[str, str]]:
    """The (site, text) pairs of one task's examples file; a DedupeError naming it when it is not
    one that ``DedupeParagraphs`` writes."""
    if not path.is_file():  # a pipe would never end, a device never be read whole
        raise DedupeError("no regular file: not an examples file of DedupeParagraphs", path)
    if path.stat().st_size > MAX_TABLE_BYTES:
        raise DedupeError("larger than a table: not an examples file of DedupeParagraphs", path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as err:
        raise DedupeError(f"not an examples file of DedupeParagraphs ({type(err).__name__})", path) from err
    pairs = data.get("examples") if isinstance(data, dict) else None
    if not isinstance(pairs, list) or not all(
        isinstance(pair, list) and len(pair) == 2 and all(isinstance(item, str) for item in pair) for pair in pairs
    ):
        raise DedupeError("not an examples file of DedupeParagraphs (a list of [site, text] pairs)", path)
    return [(site, text) for site, text in pairs]


class ArticleReader(BaseDiskReader):
    """Read article files in any encoding (UTF-8, UTF-16, legacy code pages, mojibake) from a
    folder: one document per file, its text as dedupe reads it, its id the path below the folder.

    A file dedupe cannot read (binary data, a guess too weak to trust) is counted in the stats
    (``unreadable``) and left out."""

    name = "📰 articles"

    def __init__(self, data_folder: Any, glob_pattern: str | None = "**/*.txt", **kwargs: Any) -> None:
        # "**/*.txt" takes the folder's articles at any depth, as `dedupe clean FOLDER` does
        # (datatrove's "*.txt" would take the top folder's only).
        super().__init__(data_folder, glob_pattern=glob_pattern, **kwargs)

    def read_file(self, filepath: str) -> DocumentsPipeline:
        with self.data_folder.open(filepath, "rb") as stream:
            data = stream.read()
        try:
            source = read(data)
        except DedupeError as err:
            self.stat_update("unreadable")
            self.stat_update(f"unreadable: {err.message[:60]}")
            return
        # The text as the reader leaves it, with its final line end: cleaning it gives what
        # clean_bytes gives for the file's bytes.
        text = source.text + ("\n" if source.text and source.final_newline else "")
        site = site_below(filepath, self.data_folder.path)  # as `dedupe clean` names it
        metadata = {"encoding": source.encoding, "repairs": list(source.repairs), "site": site}
        document = self.get_document_from_dict({"text": text, "id": filepath, **metadata}, filepath, 0)
        if document is not None:
            yield document

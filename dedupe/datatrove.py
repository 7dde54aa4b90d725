"""dedupe as datatrove pipeline steps (``pip install "dedupe-paragraphs[datatrove]"``); the only
module that imports datatrove.

- ``DedupeParagraphs``: cleans each document's text exactly as ``clean_text`` does, and puts the
  removals (the report's ``removed`` entries) in ``document.metadata["dedupe"]``.
- ``ArticleReader``: reads a folder of loose article files in any encoding with dedupe's decoder,
  one document per file (its id: the path below the folder), so that reader and step give for a
  file what ``clean_bytes`` gives for its bytes.

A pipeline runs the same on a laptop (``LocalPipelineExecutor``), Slurm or Ray; the output is a
pure function of each document, so it does not depend on the task count.
"""

from __future__ import annotations

from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep
from datatrove.pipeline.readers.base import BaseDiskReader

from dedupe import report
from dedupe.clean import clean_text
from dedupe.model import Config, DedupeError
from dedupe.reader import read

__all__ = ["ArticleReader", "DedupeParagraphs"]


class DedupeParagraphs(PipelineStep):
    """Remove duplicate paragraphs from each document's text; say what went in its metadata."""

    name = "dedupe paragraphs"
    type = "✂️ - DEDUP"

    def __init__(self, config: Config | None = None, *, faithful: bool = False) -> None:
        super().__init__()
        self.config = config or Config()
        self.faithful = faithful

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        for document in data or ():
            with self.track_time():
                result = clean_text(document.text, self.config, faithful=self.faithful)
            document.text = result.text
            document.metadata["dedupe"] = report.removals(result.removed)
            self.stat_update("documents")
            if result.changed:
                self.stat_update("changed")
            for removal in result.removed:
                self.stat_update(f"removed_{removal.rule.value}")
            yield document


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
        metadata = {"encoding": source.encoding, "repairs": list(source.repairs)}
        document = self.get_document_from_dict({"text": text, "id": filepath, **metadata}, filepath, 0)
        if document is not None:
            yield document

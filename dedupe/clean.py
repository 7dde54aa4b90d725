"""clean_text() / clean_bytes() / clean_file(): reader -> matcher -> writer."""

from __future__ import annotations

from pathlib import Path

from dedupe import decode, matcher, reader, writer
from dedupe.model import CleanResult, Config, DedupeError, Removal, Source


def clean_text(text: str, config: Config | None = None) -> CleanResult:
    """Return ``text`` with duplicate paragraphs removed.

    >>> clean_text("Lead.\\nLead.\\nBody.").text
    'Lead.\\nBody.'
    """
    data = text.encode("utf-8", errors="surrogatepass")
    source = reader.read(data)
    return _clean(source, data, config or Config())


def clean_bytes(data: bytes, config: Config | None = None) -> CleanResult:
    """Return the cleaned article for ``data`` in any encoding; the result text is for UTF-8."""
    return _clean(reader.read(data), data, config or Config())


def clean_file(path: str | Path, config: Config | None = None, *, out: str | Path | None = None) -> CleanResult:
    """Clean the file at ``path``; write the result to ``out`` (UTF-8, atomically) when given.

    ``out`` may be ``path`` itself; the file is then rewritten only when its bytes change.
    """
    path = Path(path)
    data = decode.read_bytes(path)
    try:
        result = clean_bytes(data, config)
    except DedupeError as err:
        err.path = path
        raise
    if out is not None:
        out = Path(out)
        if result.changed or out.resolve() != path.resolve():
            writer.write_atomic(out, result.text.encode("utf-8"))
    return result


def _clean(source: Source, data: bytes, config: Config) -> CleanResult:
    paragraphs = reader.split_paragraphs(source)
    duplicates = matcher.find_duplicates(paragraphs, config)
    gone = {d.index for d in duplicates}
    kept = tuple(p for p in paragraphs if p.index not in gone)
    text = writer.render(source, kept, paragraphs)
    removed = tuple(
        Removal(
            index=d.index,
            line=paragraphs[d.index].line,
            kept_index=d.kept_index,
            kept_line=paragraphs[d.kept_index].line,
            rule=d.rule,
            score=d.score,
            text=paragraphs[d.index].text,
        )
        for d in duplicates
    )
    return CleanResult(
        source=source,
        paragraphs=paragraphs,
        removed=removed,
        text=text,
        changed=text.encode("utf-8") != data,
        kept=kept,
    )

"""clean_text() / clean_bytes() / clean_file(): reader -> matcher -> writer."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from dedupe import decode, matcher, reader, writer
from dedupe.model import Boilerplate, CleanResult, Config, DecodeError, DedupeError, Paragraph, Removal, Rule, Source


def clean_text(
    text: str,
    config: Config | Mapping[str, Any] | None = None,
    *,
    faithful: bool = False,
    boilerplate: Boilerplate | None = None,
    site: str | None = None,
) -> CleanResult:
    """Return ``text`` with duplicate paragraphs removed.

    Normalised (the default), the result's ``text`` has its whitespace tidied and ``\\n`` line
    ends; ``faithful=True`` keeps every character of ``text`` but the removed paragraphs'.
    ``boilerplate``, a site boilerplate table (``count_sites``, ``Table.load``), also removes the
    lines it holds for the article's ``site``.

    >>> clean_text("Lead.\\nLead.\\nBody.").text
    'Lead.\\nBody.'
    >>> clean_text("Lead.  \\r\\nLead.\\r\\nBody.", faithful=True).text
    'Lead.  \\r\\nBody.'
    """
    if not isinstance(text, str):
        raise TypeError(
            f"clean_text() takes the article as str, not {type(text).__name__} (use {_other(text, 'clean_bytes')})"
        )
    config = _config(config)
    _site_table(boilerplate, site)
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as err:  # a str is text already: it is never decoded again
        char = text[err.start]
        raise DecodeError(f"a lone surrogate (U+{ord(char):04X}) at character {err.start}: not text") from None
    result = _clean(reader.read(data), data, config, faithful=faithful)
    if boilerplate is not None:
        result = boilerplate.remove(result, data, site, faithful=faithful)
    if faithful:
        # The text as it came, less the removals (the bytes were its own UTF-8).
        return replace(result, text=result.output.decode("utf-8"))
    return result


def clean_bytes(
    data: bytes,
    config: Config | Mapping[str, Any] | None = None,
    *,
    faithful: bool = False,
    boilerplate: Boilerplate | None = None,
    site: str | None = None,
) -> CleanResult:
    """Return the cleaned article for ``data`` in any encoding.

    Normalised (the default), ``output`` is ``text`` in UTF-8; with ``faithful=True`` it is
    ``data`` itself less the removed paragraphs: encoding, BOM, line ends and whitespace stay.
    ``boilerplate`` and ``site`` as for ``clean_text``.
    """
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(
            f"clean_bytes() takes the article as bytes, not {type(data).__name__} (use {_other(data, 'clean_text')})"
        )
    config = _config(config)
    _site_table(boilerplate, site)
    data = bytes(data)
    result = _clean(reader.read(data), data, config, faithful=faithful)
    return result if boilerplate is None else boilerplate.remove(result, data, site, faithful=faithful)


def clean_file(
    path: str | Path,
    config: Config | Mapping[str, Any] | None = None,
    *,
    out: str | Path | None = None,
    faithful: bool = False,
    boilerplate: Boilerplate | None = None,
    site: str | None = None,
) -> CleanResult:
    """Clean the file at ``path``; write the result to ``out`` (atomically) when given.

    ``out`` may be ``path`` itself; the file is then rewritten only when its bytes change. The
    output is UTF-8, or, with ``faithful=True``, the file's own bytes less the removals.
    ``boilerplate`` and ``site`` as for ``clean_text``.
    """
    path = Path(path)
    read = writer.Snapshot.of(path) if out is not None and os.path.exists(path) else None
    data = decode.read_bytes(path)
    try:
        result = clean_bytes(data, config, faithful=faithful, boilerplate=boilerplate, site=site)
    except DedupeError as err:
        err.path = path
        raise
    if out is not None:
        out = Path(out)
        if out.resolve() == path.resolve():
            if result.changed:
                writer.rewrite(path, result.output, read)
        else:
            writer.write_atomic(out, result.output)
    return result


def _other(value: object, other: str) -> str:
    """The function to use instead: clean_file for a path."""
    return "clean_file" if hasattr(value, "__fspath__") else other


def _site_table(boilerplate: object, site: object) -> None:
    """Raise a TypeError naming what to give when ``boilerplate`` is no table or ``site`` no name."""
    if boilerplate is None:
        return
    if isinstance(boilerplate, type) or not callable(getattr(boilerplate, "remove", None)):
        raise TypeError(
            f"boilerplate takes a site boilerplate table (dedupe.count_sites(...), or "
            f"dedupe.boilerplate.Table.load(path) for a saved one), not "
            f"{boilerplate.__name__ if isinstance(boilerplate, type) else type(boilerplate).__name__}"
        )
    if site is not None and not isinstance(site, str):
        raise TypeError(f"site takes the article's site as str (as the table names it), not {type(site).__name__}")


def _config(config: Config | Mapping[str, Any] | None) -> Config:
    """``config`` as a Config: a mapping of its fields (``{"threshold": 92}``) is taken too."""
    if config is None or isinstance(config, Config):
        return config or Config()
    if isinstance(config, Mapping):
        unknown = sorted(set(config) - {field.name for field in fields(Config)})
        if unknown:
            raise TypeError(f"config: no option {', '.join(map(repr, unknown))} (Config has threshold, min_length)")
        return Config(**config)
    raise TypeError(f"config takes a Config (or a mapping of its fields), not {type(config).__name__}")


def record_line_ends(result: CleanResult, original: bytes) -> CleanResult:
    """Return ``result`` for a dataset record's text (UTF-8 ``original``): a text that ends every
    line with CR LF (or every line with CR) keeps them, as a field of the user's data keeps what is no error; a file's
    normalised text has ``\\n`` line ends. The faithful text has its own line ends already.

    >>> record_line_ends(clean_text("A.\\r\\nA.\\r\\nB.\\r\\n"), "A.\\r\\nA.\\r\\nB.\\r\\n".encode()).text
    'A.\\r\\nB.\\r\\n'
    """
    crlf, cr, lf = original.count(b"\r\n"), original.count(b"\r"), original.count(b"\n")
    uniform = crlf == cr == lf or not lf  # every line end CR LF, or every one CR
    if not cr or not uniform or b"\r" in result.output:
        return result  # no CR, or line ends of more than one kind: the normalised "\n"
    text = result.text.replace("\n", "\r\n" if crlf else "\r")
    output = text.encode("utf-8", "surrogatepass")
    return replace(result, text=text, output=output, changed=output != original)


def _clean(source: Source, data: bytes, config: Config, *, faithful: bool) -> CleanResult:
    paragraphs = reader.split_paragraphs(source)
    duplicates = matcher.find_duplicates(paragraphs, config)
    gone = {d.index for d in duplicates}
    kept = tuple(p for p in paragraphs if p.index not in gone)
    if source.layout == "blocks" and len(kept) == 1 and "\n" in kept[0].text:
        # One wrapped block left reads back as a line per paragraph (a block needs a blank line
        # beside it), so cleaning the output again would differ: the article is read that way.
        return _clean(replace(source, layout="lines"), data, config, faithful=faithful)
    removed = tuple(
        Removal(
            index=d.index,
            line=paragraphs[d.index].line + source.lead,
            kept_index=d.kept_index,
            kept_line=paragraphs[d.kept_index].line + source.lead,
            rule=d.rule,
            score=d.score,
            text=paragraphs[d.index].text,
            kept_text=paragraphs[d.kept_index].text,
            threshold=config.threshold if d.rule is Rule.NEAR else None,
        )
        for d in duplicates
    )
    return finish(source, data, paragraphs, removed, faithful=faithful)


def finish(
    source: Source, data: bytes, paragraphs: tuple[Paragraph, ...], removed: tuple[Removal, ...], *, faithful: bool
) -> CleanResult:
    """Return the result of removing ``removed`` (in paragraph order) from the article read from
    ``data``: the kept paragraphs written out, normalised or faithful."""
    gone = {r.index for r in removed}
    kept = tuple(p for p in paragraphs if p.index not in gone)
    if faithful:
        output = writer.faithful(data, source, paragraphs, removed)
        # The text as it came, less the removals, with its own line ends (as ``output`` holds it).
        text = output.decode(source.encoding, errors="replace")
    else:
        text = writer.render(source, kept, paragraphs)
        output = text.encode("utf-8")
    return CleanResult(
        source=source,
        paragraphs=paragraphs,
        removed=removed,
        text=text,
        changed=output != data,
        kept=kept,
        output=output,
    )

"""Parquet datasets: clean one string column, row group by row group, into a file of the same
schema (every other column and the row order kept). The only module that imports pyarrow."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dedupe import report, writer
from dedupe.model import DedupeError, Job, Outcome

if TYPE_CHECKING:
    from dedupe.work import Settings


def clean(path: Path, target: Path, settings: Settings, workers: int, account: Callable[[Outcome], None]) -> None:
    """Clean the text column of every row of the Parquet file at ``path``, handing each outcome to
    ``account`` in order; in write mode, write the rows to ``target`` (atomically) with the same
    schema, plus a ``settings.removed_field`` column of JSON removals when asked. Memory holds a
    few row groups at most."""
    from dedupe import batch

    pq, pa = _pyarrow()
    source = _open(path)
    field = settings.field or ""
    schema = source.schema_arrow
    _check_columns(schema.names, settings, path)
    if settings.removed_field is not None:
        if schema.get_field_index(settings.removed_field) >= 0:
            raise DedupeError(f"column {settings.removed_field!r} exists: --removed-field would overwrite it", path)
        schema = schema.append(pa.field(settings.removed_field, pa.string()))
    groups: deque[Any] = deque()  # row groups read ahead by the jobs, written as their rows come back
    outcomes = batch.run(_jobs(source, field, str(path), groups, settings.site_field), settings, workers)
    write = settings.write
    with writer.atomic_writer(target) if write else _nothing() as stream:
        sink = pq.ParquetWriter(stream, schema) if stream is not None else None
        done: list[Outcome] = []
        for outcome in outcomes:
            account(outcome)
            done.append(outcome)
            while groups and len(done) >= groups[0].num_rows:  # a row group whose rows are all back
                table = groups.popleft()
                if sink is not None:
                    sink.write_table(_cleaned(table, field, done[: table.num_rows], settings.removed_field, pa))
                done = done[table.num_rows :]
        while groups:  # row groups without rows at the end
            table = groups.popleft()
            if sink is not None:
                sink.write_table(_cleaned(table, field, [], settings.removed_field, pa))
        if sink is not None:
            sink.close()


def jobs(path: Path, settings: Settings) -> Iterator[Job]:
    """Yield a job per row of the Parquet file at ``path`` (the site boilerplate's counting pass)."""
    source = _open(path)
    _check_columns(source.schema_arrow.names, settings, path)
    yield from _jobs(source, settings.field or "", str(path), deque(maxlen=1), settings.site_field)


def _check_columns(names: list[str], settings: Settings, path: Path) -> None:
    """Raise a DedupeError naming the text column or the site column the file lacks."""
    for column in (settings.field or "", settings.site_field):
        if column is not None and column not in names:
            raise DedupeError(f"no column {column!r} (columns: {', '.join(names)})", path)


def _jobs(source: Any, field: str, display: str, groups: deque[Any], site_field: str | None = None) -> Iterator[Job]:
    from dedupe.boilerplate import site_of_url

    _, pa = _pyarrow()
    row = 0
    for number in range(source.num_row_groups):
        try:
            table = source.read_row_group(number)
        except (OSError, pa.ArrowException) as err:  # a damaged page: the dataset is one error
            raise DedupeError(f"row group {number + 1}: cannot read ({err}); nothing written", display) from err
        groups.append(table)
        sites = table.column(site_field).to_pylist() if site_field is not None else [None] * table.num_rows
        for value, url in zip(table.column(field).to_pylist(), sites, strict=True):
            row += 1
            site = site_of_url(url) if site_field is not None else None
            if isinstance(value, str):
                data = value.encode("utf-8", errors="surrogatepass")
                yield Job(display, data=data, line=row, text=True, site=site)
            else:
                kind = "null" if value is None else f"not a string ({type(value).__name__})"
                yield Job(display, line=row, error=f"column {field!r} is {kind}", site=site)


def _cleaned(table: Any, field: str, done: list[Outcome], removed_field: str | None, pa: Any) -> Any:
    """Return ``table`` with the cleaned texts in ``field``; a bad row has no output and keeps its value."""
    index = table.schema.get_field_index(field)
    column = table.column(index).to_pylist()
    texts = [
        value if outcome.output is None else outcome.output.decode("utf-8", errors="surrogatepass")
        for value, outcome in zip(column, done, strict=True)
    ]
    table = table.set_column(index, table.schema.field(index), pa.array(texts, type=table.schema.field(index).type))
    if removed_field is not None:
        gone = [json.dumps(report.removals(outcome.removed), ensure_ascii=False) for outcome in done]
        table = table.append_column(pa.field(removed_field, pa.string()), pa.array(gone, type=pa.string()))
    return table


def rows(path: Path) -> int:
    """The rows of the Parquet file at ``path``, from its metadata (no row group is read)."""
    return int(_open(path).metadata.num_rows)


def _open(path: Path) -> Any:
    """Return the Parquet file at ``path`` opened for reading by row group."""
    pq, pa = _pyarrow()
    try:
        return pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as err:
        raise DedupeError(f"cannot read as Parquet: {err}", path) from err


def _nothing() -> Any:
    import contextlib

    return contextlib.nullcontext(None)


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as err:
        raise DedupeError('Parquet needs pyarrow: pip install "dedupe-paragraphs[parquet]"') from err
    return pq, pa

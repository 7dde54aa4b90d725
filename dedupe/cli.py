"""Command line: ``dedupe clean PATH...`` and ``dedupe audit REPORT``; options and the exit code.

Every input takes one road: the walk (``files``) or a dataset (``dataset``) gives jobs, the
runner (``batch``) gives their outcomes in order, and the ``console.Accountant`` counts each in
the Summary, writes its report record and says what happened. ``--site-boilerplate`` runs that
road twice (``sitepass``); ``dedupe audit`` reads a report into a page (``audit``).
"""

from __future__ import annotations

import contextlib
import fnmatch
import itertools
import os
import shlex
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from dedupe import __version__, batch, console, dataset, files, report, sitepass, writer
from dedupe.config import read_pyproject
from dedupe.console import Accountant, Number, Printer, Size, open_report, shown
from dedupe.model import DEFAULT_MIN_LENGTH, DEFAULT_THRESHOLD, UNSHOWN, Config, DedupeError, Job, Outcome
from dedupe.options import RunOptions
from dedupe.report import Summary, plural

PROGRESS_AFTER = 200  # files; fewer finish before a bar would be worth drawing


def out_is_file(paths: Sequence[Path], out: Path | None) -> bool:
    """True when ``out`` names the output file of the one text input (a file, or '-'): it is no
    folder, and it ends in a file name with an extension."""
    if out is None or len(paths) != 1 or out.is_dir() or str(out).endswith(("/", os.sep)) or not out.suffix:
        return False
    return paths[0] == Path("-") or paths[0].is_file()


class _Commands(click.Group):
    """The command group: an error it shows (a usage error, a bad option value) writes the names
    in it (a file, a column, a site) with no terminal escape or reordering mark, as every other
    line does."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except click.ClickException as err:
            err.message = err.message.translate(UNSHOWN)  # type: ignore[misc]  # Final in click's stubs
            raise


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """Print the version and the core in use; the matcher loads only here, not for every command."""
    if not value or ctx.resilient_parsing:
        return
    from dedupe.similarity import core_name

    click.echo(f"dedupe {__version__} ({core_name()})")
    ctx.exit()


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version (and whether the compiled core or pure Python cleans) and exit.",
)
def main() -> None:
    """Remove duplicate paragraphs from scraped news articles, and report what went.

    \b
    Examples:
      dedupe clean articles/ --out cleaned/      clean a folder into another
      dedupe clean --check articles/             list what would change (exit 1 if anything)
      dedupe clean --diff article.txt            show the changes as a unified diff
      dedupe clean - < article.txt > clean.txt   filter standard input
      dedupe clean data.parquet --field text --out clean.parquet
      dedupe clean crawl/ --boilerplate-dry-run  lines repeated across each site's articles
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="Write every cleaned file under the folder PATH at its relative path; inputs stay untouched. "
    "With one input (a text file, '-' or a dataset) and an --out that is no folder and ends in a "
    "file name with an extension (b.txt; for a dataset, its own kind: b.jsonl, b.parquet), the output file itself.",
)
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change (exit 1 if any).")
@click.option(
    "--diff",
    "show_diff",
    is_flag=True,
    help="Write nothing; print a unified diff (exit 1 if any). Combines with --check.",
)
@click.option(
    "--normalize/--no-normalize",
    default=True,
    help="--no-normalize keeps each file's own bytes (encoding, BOM, line ends, whitespace) and cuts out only "
    "the duplicate paragraphs; --check and --diff then report duplicates only. [default: normalize]",
)
@click.option(
    "--max-size",
    type=Size(),
    default="256M",
    show_default=True,
    metavar="SIZE",
    help="Refuse an input larger than this (bytes, or with K, M, G), before reading it; a dataset's record "
    "larger than this passes through uncleaned, as a bad record.",
)
@click.option(
    "--prose-only/--no-prose-only",
    default=False,
    help="Leave a file that does not read as prose paragraphs (code, a build file, a log, a list of "
    "names or numbers) as it is, with a warning; the pre-commit hooks use it.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(path_type=Path, allow_dash=True),
    metavar="FILE",
    help="Write a JSON Lines report: a first record of how the run was made (version, start, settings), then "
    "one object per input file or dataset record ('-' for stdout).",
)
@click.option(
    "--threshold",
    type=Number(0, 100),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Lowest similarity (0-100) for a near copy.",
)
@click.option(
    "--min-length",
    type=click.IntRange(min=0),
    default=DEFAULT_MIN_LENGTH,
    show_default=True,
    help="Repeated lines shorter than this stay unless next to their copy or in a run (Han, Kana count 2).",
)
@click.option(
    "--include",
    multiple=True,
    default=("*.txt",),
    show_default=True,
    metavar="GLOB",
    help="File names to take from folders (repeatable). Files named on the command line are always taken.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Paths or names to skip in folders (repeatable). Hidden folders, node_modules, __pycache__ "
    "and site-packages are always skipped unless named.",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Processes to clean with, this one included [default: all cores]. Output is the same for any number.",
)
@click.option(
    "--field",
    "--jsonl-field",
    metavar="FIELD",
    help="Treat *.jsonl, *.ndjson and *.parquet inputs as datasets and clean this string field of each record.",
)
@click.option("--removed-field", "--jsonl-removed", metavar="FIELD", help="With --field: add each record's removals.")
@click.option(
    "--jsonl-id", metavar="FIELD", help="With --field: name each JSON Lines record in the report by this field."
)
@sitepass.click_options
@click.option(
    "--summary/--no-summary",
    "summary_line",
    default=True,
    help="End with the run's totals [default: summary]. The pre-commit hooks, run once per batch of "
    "files, leave them out.",
)
@click.option("-q", "--quiet/--no-quiet", default=False, help="Print nothing but errors.")
@click.option("-v", "--verbose/--no-verbose", default=False, help="Also name unchanged files and show tracebacks.")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False),
    is_eager=True,
    callback=read_pyproject,
    expose_value=False,
    help="Read [tool.dedupe] from this file [default: the nearest pyproject.toml].",
)
@click.pass_context
def clean(
    ctx: click.Context,
    paths: tuple[Path, ...],
    out: Path | None,
    check: bool,
    show_diff: bool,
    normalize: bool,
    max_size: int,
    prose_only: bool,
    report_path: Path | None,
    threshold: float,
    min_length: int,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int | None,
    field: str | None,
    removed_field: str | None,
    jsonl_id: str | None,
    site_boilerplate: bool,
    boilerplate_min_docs: int,
    boilerplate_min_share: float,
    boilerplate_length: tuple[int, int],
    boilerplate_dry_run: bool,
    boilerplate_table: Path | None,
    site_field: str | None,
    summary_line: bool,
    quiet: bool,
    verbose: bool,
) -> None:
    """Clean the articles in PATHS (files or folders; '-' for standard input).

    Without --out, files are rewritten in place, and only when their content changes. Exit
    status: 0 done, 1 --check or --diff found changes, 2 a usage error, an input that could not
    be read or decoded, a folder that could not be listed, or a dataset record passed through as
    bad (the other inputs are still processed).
    """
    faithful = not normalize
    if out is not None and (check or show_diff):
        raise click.UsageError("--out writes files; --check and --diff write none")
    if boilerplate_dry_run and (out is not None or check or show_diff):
        given = "--out" if out is not None else "--check" if check else "--diff"
        raise click.UsageError(
            f"--boilerplate-dry-run writes nothing and lists the lines a run would remove: {given} does nothing "
            "with it (for what a run would change, use --site-boilerplate with --check or --diff)"
        )
    if quiet and verbose:
        raise click.UsageError("--quiet prints nothing but errors, --verbose more than usual: give one")
    if not (site_boilerplate or boilerplate_dry_run):
        thresholds = [
            f"--{name.replace('_', '-')}"
            for name in ("boilerplate_min_docs", "boilerplate_min_share", "boilerplate_length")
            if ctx.get_parameter_source(name) is click.core.ParameterSource.COMMANDLINE
        ]
        if thresholds:
            raise click.UsageError(f"{', '.join(thresholds)} goes with --site-boilerplate (or --boilerplate-dry-run)")
    if out is not None:
        for path in paths:
            if path != Path("-") and path.is_dir() and _below(path, out):
                raise click.UsageError(
                    f"--out {out} holds the input folder {path}: its files would replace others "
                    "(to clean in place, leave out --out or give the folder itself)"
                )
            if path != Path("-") and path.is_dir() and _below(out, path) and _holds_files(out):
                raise click.UsageError(
                    f"--out {out} lies inside the input folder {path} and holds files: the input's "
                    "files would replace them (give an --out outside it, or an empty one)"
                )
    for name, value in (("--removed-field", removed_field), ("--jsonl-id", jsonl_id), ("--site-field", site_field)):
        if value and not field:
            raise click.UsageError(f"{name} needs --field")
    for name, value in (("--field", field), ("--jsonl-id", jsonl_id), ("--site-field", site_field)):
        if removed_field is not None and removed_field == value:
            raise click.UsageError(f"--removed-field {removed_field!r} is the {name} field: it would overwrite it")
    sites = None
    if site_boilerplate or boilerplate_dry_run:
        sites = sitepass.options(
            paths,
            min_documents=boilerplate_min_docs,
            min_share=boilerplate_min_share,
            lengths=boilerplate_length,
            dry_run=boilerplate_dry_run,
            table=boilerplate_table,
            site_field=site_field,
        )
        if boilerplate_table is not None:
            _check_table_path(boilerplate_table, report_path, out)
    elif boilerplate_table is not None or site_field is not None:
        given = "--boilerplate-table" if boilerplate_table is not None else "--site-field"
        raise click.UsageError(f"{given} goes with --site-boilerplate (or --boilerplate-dry-run)")
    settings = batch.Settings(
        config=Config(threshold=threshold, min_length=min_length),
        write=not (check or show_diff or boilerplate_dry_run),
        diff=show_diff,
        verbose=verbose,
        field=field,
        removed_field=removed_field,
        id_field=jsonl_id,
        faithful=faithful,
        site_field=site_field,
        prose_only=prose_only,
        max_size=max_size,
    )
    if Path("-") in paths and str(report_path) == "-":
        raise click.UsageError("'-' writes the article to standard output: give --report a file, not '-'")
    if not field and (named := [p for p in paths if files.is_dataset(p) and p.is_file()]):
        raise click.UsageError(
            f"{named[0]} is a dataset: name the text field of its records with --field "
            "(a dataset is not cleaned as lines of text)"
        )
    out_file = out_is_file(paths, out) and not (field and files.is_dataset(paths[0]))
    if Path("-") in paths and out is not None and (out.is_dir() or (not field and not out_file)):
        raise click.UsageError(
            f"with '-' (standard input), --out names the output file, not a folder: {out}"
            + ("" if field or out.is_dir() else " (give a file name with an extension, such as cleaned.txt)")
        )
    dataset_out = out is not None and field and len(paths) == 1 and files.is_dataset(paths[0]) and bool(out.suffix)
    if out is not None and not out.is_dir() and (out_file or dataset_out) and settings.write:
        # The one output file named: written through a symlink there, never over a device, and
        # refused before the input is read when it cannot be written (a path below a file).
        out = _named_output(out, "--out")
        _check_kind(paths[0], out, field)
    _check_report_path(report_path, paths, out, out_file, include)
    options = RunOptions(out, include, exclude, jobs or batch.default_jobs(), settings, sites, out_file=out_file)
    summary = Summary(check=not settings.write)
    say = Printer(quiet=quiet, verbose=verbose)

    if (
        out is not None
        and settings.write
        and Path("-") not in paths
        and not (field and any(map(files.is_dataset, paths)))
        and not out_file
    ):
        _prepare_output(out, say)
    try:
        _run(paths, options, report_path, summary, say)
    except KeyboardInterrupt:
        say.error("interrupted: files already written are complete, the others untouched")
        ctx.exit(130)
    except DedupeError as err:  # the report: the files are done, it is not written
        summary.add(Outcome(str(err.path or report_path), error=err.message))
        say.error(str(err))
    if summary_line:
        (say.error if summary.exit_code == 2 else say.info)(summary.line())
    if check and summary.exit_code == 1 and Path("-") not in paths:
        given = " ".join(shlex.quote(str(path)) for path in paths)
        mode = "--no-normalize " if faithful else ""  # pasted without it, the files would be normalised
        say.info(f"to clean them: dedupe clean {mode}{given} (the same options, without --check)")
    ctx.exit(0 if boilerplate_dry_run and summary.exit_code == 1 else summary.exit_code)


@main.command()
@click.argument("report_path", metavar="REPORT", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("audit.html"),
    show_default=True,
    metavar="FILE",
    help="The HTML page to write.",
)
@click.pass_context
def audit(ctx: click.Context, report_path: Path, out: Path) -> None:
    """Write one self-contained HTML page about a run from its --report file: totals, sites, near-copy
    scores against the threshold, sample removals beside the text that keeps them, errors."""
    from dedupe.audit_html import write_page

    if os.path.exists(out) and os.path.exists(report_path) and os.path.samefile(out, report_path):
        raise click.UsageError(f"--out {out} is the report itself: name another page")
    if os.path.exists(report_path) and not os.path.isfile(report_path):  # it is read twice
        click.echo(f"error: {shown(str(report_path))}: not a regular file (a report is read twice)", err=True)
        ctx.exit(2)
    try:
        gathered = write_page(report_path, out)
    except DedupeError as err:
        click.echo(f"error: {str(err).translate(UNSHOWN)}", err=True)
        ctx.exit(2)
    counts = gathered.summary
    if not counts.files + counts.records:
        empty = f"the report {shown(str(report_path))} holds no records (a run with no input)"
        click.echo(f"{shown(str(out))}: {empty}", err=True)
        return
    inputs = plural(counts.files + counts.records, "input")
    counted = f"{inputs}, {plural(counts.removed, 'removal')}, {plural(counts.errors, 'error')}"
    click.echo(f"{shown(str(out))}: {counted}", err=True)


def _check_kind(source: Path, out: Path, field: str | None) -> None:
    """The one output file is of its input's kind: text for a text file, a dataset of the same
    format for a dataset (standard input with --field: JSON Lines); dedupe converts nothing."""
    kind = "JSON Lines" if field and source == Path("-") else _kind(source) if field else "text"
    named = _kind(out)
    if named != kind:
        raise click.UsageError(
            f"--out {out} names a {named} file, and the input {source} is {kind}: dedupe converts no format"
        )


def _kind(path: Path) -> str:
    """The kind of file ``path`` names: a Parquet or a JSON Lines dataset, or text."""
    if not files.is_dataset(path):
        return "text"
    return "Parquet" if path.suffix.lower() == ".parquet" else "JSON Lines"


def _named_output(path: Path, option: str) -> Path:
    """The file an output the user names (``--report``, ``--boilerplate-table``, the one ``--out``
    file) is written to (``writer.followed``), refused before the run when nothing could be
    written there: a device, a pipe or a folder (or a link to one), a loop of links, a folder
    that cannot take the file."""
    if path.is_dir():
        raise click.BadParameter(f"{path} is a folder: name a file", param_hint=option)
    try:
        written = Path(writer.followed(path))
        if not os.path.lexists(written):
            writer.probe_folder(written.parent)
    except DedupeError as err:
        raise click.BadParameter(str(err), param_hint=option) from err
    return written


def _named_as_article(real: str, include: tuple[str, ...]) -> bool:
    """Whether a file at ``real`` is named as the articles a folder walk takes (--include)."""
    return any(fnmatch.fnmatch(os.path.basename(real), pattern) for pattern in include)


def _replaces_an_input(real: str, paths: tuple[Path, ...], include: tuple[str, ...]) -> Path | None:
    """The input that an output at ``real`` would replace: a file given, or a file a folder given
    holds by the --include patterns (a report named a.txt in the folder cleaned)."""
    for path in paths:
        if path == Path("-"):
            continue
        top = os.path.realpath(path)
        if top == real:
            return path
        if _named_as_article(real, include) and os.path.isdir(top) and files.inside(real, top):
            return path
    return None


def _check_report_path(
    report_path: Path | None, paths: tuple[Path, ...], out: Path | None, out_file: bool, include: tuple[str, ...]
) -> None:
    """The report replaces no input and no output: it is none of the files given or found, not the
    --out file, not a file under --out that an input could be written to; and it can be written."""
    if report_path is None or str(report_path) == "-":
        return
    real = os.path.realpath(_named_output(report_path, "--report"))
    replaced = _replaces_an_input(real, paths, include)
    if replaced is not None:
        which = f"the input {replaced}" if os.path.realpath(replaced) == real else f"an input in {replaced}"
        raise click.UsageError(f"--report {report_path} is {which}: the report would replace it")
    if out is not None and os.path.realpath(out) == real:
        raise click.UsageError(f"--report {report_path} is the --out file: name two files")
    below = out is not None and not out_file and files.inside(real, os.path.realpath(out))
    if below and _named_as_article(real, include):
        raise click.UsageError(
            f"--report {report_path} lies in --out {out} and is named as an article: an output could replace "
            "it (name it report.jsonl, or put it elsewhere)"
        )


def _check_table_path(table: Path, report_path: Path | None, out: Path | None) -> None:
    """The saved table is no other output of the run (the report, a file under --out), and it can
    be written: checked before the run counts, not after. (One that exists is read, not written.)"""
    real = os.path.realpath(_named_output(table, "--boilerplate-table"))
    if report_path is not None and str(report_path) != "-" and os.path.realpath(report_path) == real:
        raise click.UsageError(f"--boilerplate-table {table} is the --report file: name two files")
    if out is not None and (real == os.path.realpath(out) or files.inside(real, os.path.realpath(out))):
        raise click.UsageError(f"--boilerplate-table {table} lies in --out {out}, where an output could replace it")


def _holds_files(folder: Path) -> bool:
    """Whether ``folder`` holds anything (a file, or a folder with files) but dedupe's temporaries."""
    return any(any(not writer.is_temporary(name) for name in names) for _, _, names in os.walk(folder))


def _below(path: Path, folder: Path) -> bool:
    """Whether ``path`` lies below ``folder`` (both resolved), not at it."""
    real, top = os.path.realpath(path), os.path.realpath(folder)
    return real != top and files.inside(real, top)


def _prepare_output(out: Path, say: Printer) -> None:
    """Fail early, with one message, when ``out`` cannot take files; clear what a killed run left."""
    try:
        writer.probe_folder(out)
    except DedupeError as err:
        raise click.BadParameter(f"cannot write to {out}: {err.message}", param_hint="--out") from err
    for folder, folders, names in os.walk(out):
        folders[:] = [name for name in folders if not files.skipped_folder(name)]  # not into .git
        _remove_stale([os.path.join(folder, name) for name in names if writer.is_temporary(name)], say)


def _run(
    paths: tuple[Path, ...], options: RunOptions, report_path: Path | None, summary: Summary, say: Printer
) -> None:
    if report_path is not None and str(report_path) != "-":
        _remove_stale(writer.temporaries_beside(report_path), say)  # a killed run's report, part-written
    with open_report(report_path) as stream:
        account = Accountant(summary, stream, say, ids=options.settings.id_field is not None)
        account.run = report.run_record(_provenance(options))
        try:
            _run_all(paths, options, account)
            account.write_run()
        finally:
            if account.report_error is not None:  # the temporary goes: no part of a report
                raise DedupeError(f"cannot write the report: {account.report_error}; not written", report_path or "-")


def _to_stdout(data: bytes, *, rest: bool = False) -> bool:
    """Write ``data`` (and, with ``rest``, what standard input still holds) to standard output;
    False when its reader is gone (the run goes on, and its report is not blamed)."""
    try:
        sys.stdout.buffer.write(data)
        if rest:
            shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    except OSError:
        console.stdout_closed()
        return False
    return True


def _provenance(options: RunOptions) -> dict[str, object]:
    """The settings that shape a run's outputs and report, as its report's first record gives them."""
    settings, sites = options.settings, options.sites
    action = "write" if settings.write else "diff" if settings.diff else "check"
    if sites is not None and sites.dry_run:
        action = "boilerplate-dry-run"
    boilerplate = None
    if sites is not None:
        boilerplate = {
            **sites.thresholds.to_json(),
            "table": None if sites.table is None else str(sites.table),
            "table_read": False,
            "site_field": sites.site_field,
        }
    return {
        "action": action,
        "mode": "faithful" if settings.faithful else "normalize",
        "threshold": settings.config.threshold,
        "min_length": settings.config.min_length,
        "prose_only": settings.prose_only,
        "max_size": settings.max_size,
        "field": settings.field,
        "removed_field": settings.removed_field,
        "jsonl_id": settings.id_field,
        "site_boilerplate": boilerplate,
    }


def _run_all(paths: tuple[Path, ...], options: RunOptions, account: Accountant) -> None:
    """Run every input, each outcome to ``account``."""
    if Path("-") in paths:
        if len(paths) > 1:
            raise click.UsageError("'-' (standard input) cannot be mixed with other paths")
        if options.settings.field:
            _run_stream(options, account)
            return
        limit = options.settings.max_size
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:  # a filter never empties what it was given: it passes through
            account(Outcome("-", error=f"larger than --max-size ({limit:,} bytes): passed through as it is"))
            if options.settings.write:
                _to_stdout(data, rest=True)
            return
        if files.looks_like_json_lines(data):  # identical records would vanish as lines of text
            account(Outcome("-", error="JSON Lines records: name the text field of its records with --field"))
            if options.settings.write:
                _to_stdout(data)
            return
        for outcome in batch.run([Job("-", data=data)], options.settings, 1):
            # A filter never empties what it was given: an input it cannot clean passes through.
            output = outcome.output if outcome.error is None else data
            if output is not None and options.settings.write:
                if options.out_file and options.out is not None:
                    try:
                        writer.write_atomic(options.out, output, follow=True)
                    except DedupeError as err:
                        outcome = Outcome("-", error=f"not written to {options.out}: {err.message}")
                elif not _to_stdout(output):
                    outcome = Outcome("-", error="standard output closed: the article was not written out")
            account(outcome)
        return
    field = options.settings.field
    datasets = [p for p in paths if field and files.is_dataset(p) and p.is_file()]
    inputs = [p for p in paths if p not in datasets]
    if options.sites is None:
        _run_inputs(datasets, inputs, options, account)
    else:
        sitepass.run(datasets, inputs, options, account, _run_inputs)


def _run_stream(options: RunOptions, account: Accountant) -> None:
    """Clean standard input as a JSON Lines stream, record by record, to standard output (or the
    ``--out`` file, written atomically); a bad record passes through as it came."""
    jobs = (Job("-", data=line, line=number) for number, line in enumerate(sys.stdin.buffer, start=1))
    outcomes = batch.run(jobs, options.settings, 1)
    write = options.settings.write
    out = options.out if write else None
    try:
        written = writer.atomic_writer(out, follow=True) if out is not None else None
        with written or contextlib.nullcontext(sys.stdout.buffer) as stream:
            for outcome in outcomes:
                if outcome.fatal:  # stops the stream; an --out file is not written
                    raise DedupeError(f"line {outcome.line}: {outcome.error}; stopped", "-")
                if outcome.output is not None and write:
                    try:
                        stream.write(outcome.output)
                    except OSError as err:  # standard output's reader gone: the stream stops
                        if out is not None:
                            raise
                        console.stdout_closed()
                        raise DedupeError(f"line {outcome.line}: standard output closed; stopped", "-") from err
                account(outcome)
    except DedupeError as err:
        account(Outcome("-", error=err.message))
    with contextlib.suppress(OSError):
        sys.stdout.buffer.flush()


def _run_inputs(datasets: list[Path], inputs: list[Path], options: RunOptions, account: Accountant) -> None:
    targets: set[Path] = set()
    for path in datasets:
        target = dataset.target(path, options.out, alone=len(datasets) == 1)
        if target in targets:  # two datasets of one name from different folders
            account(Outcome(str(path), error=f"not written: {target} is the output of an earlier input"))
            continue
        targets.add(target)
        _run_dataset(path, target, options, account)
    if inputs:
        _run_files(inputs, options, account)


def _run_files(paths: Sequence[Path], options: RunOptions, account: Accountant) -> None:
    present = []
    for root in paths:
        if root.exists() or root.is_symlink():
            present.append(root)
        else:
            account(Outcome(str(root), error="no such file or directory"))
    write = options.settings.write
    temporaries: list[str] | None = [] if write and options.out is None else None
    out = options.out
    found: list[tuple[Path, Path]] = []  # datasets found in folders, and their targets
    jobs = files.jobs(
        present,
        options.include,
        options.exclude,
        out=out,
        out_file=options.out_file,
        write=write,
        temporaries=temporaries,
        sites=options.sites is not None,
        field=options.settings.field,
        datasets=found,
    )
    head = list(itertools.islice(jobs, batch.LOOK_AHEAD))
    known = len(head) < batch.LOOK_AHEAD
    say = account.say
    if not head and present and not found:
        globs = " ".join(options.include)
        say.info(f"no files matching {globs} in {', '.join(map(str, present))} (see --include)")
    outcomes = batch.run(itertools.chain(head, jobs), options.settings, options.workers)
    show_bar = _on_terminal() and not say.quiet and (len(head) >= PROGRESS_AFTER or not known)
    total = len(head) if known or not show_bar else _count_files(present, options)
    with click.progressbar(
        outcomes,
        length=total,
        label="cleaning" if options.settings.write else "checking",
        file=sys.stderr,
        hidden=not show_bar,
    ) as bar:
        say.over_bar = show_bar
        try:
            for outcome in bar:
                account(outcome)
        finally:
            say.over_bar = False
    if temporaries is not None:
        for path in paths:  # files named alone: what a killed run left beside them
            if not path.is_dir():
                temporaries.extend(writer.temporaries_beside(path))
    if temporaries:
        _remove_stale(sorted(set(temporaries)), say)  # what a killed run left beside the files it rewrote
    for path, target in found:
        _run_dataset(path, target, options, account)


def _count_files(paths: Sequence[Path], options: RunOptions) -> int:
    """Return how many jobs ``files.jobs`` yields for ``paths`` (for the progress bar)."""
    return sum(1 for _ in files.inputs(paths, options.include, options.exclude, skip=options.out))


def _on_terminal() -> bool:
    return console.on_terminal()


def _remove_stale(paths: list[str], say: Printer) -> None:
    """Remove the temporary files among ``paths`` that a killed run left (a live writer's stay)."""
    for removed in writer.remove_stale_temporaries(paths):
        if "-into-" in os.path.basename(removed):
            say.info(f"{shown(removed)}: finished the write an interrupted run left part-done, and removed it")
        else:
            say.info(f"{shown(removed)}: removed a temporary file left by an interrupted run")


def _run_dataset(path: Path, target: Path, options: RunOptions, account: Accountant) -> None:
    """Clean each record of the dataset at ``path``; write the records to ``target`` in order,
    atomically."""
    say = account.say
    if options.settings.write:
        _remove_stale(writer.temporaries_beside(target), say)  # a killed run's, beside it
    total = dataset.records_in(path) if _on_terminal() and not say.quiet else None
    show_bar = total is not None and total >= PROGRESS_AFTER
    verb = "cleaning" if options.settings.write else "checking"
    with click.progressbar(
        length=total or 0, label=f"{verb} {shown(str(path))}", file=sys.stderr, hidden=not show_bar
    ) as bar:

        def told(outcome: Outcome) -> None:
            account(outcome)
            bar.update(1)

        say.over_bar = show_bar
        try:
            counts = dataset.clean_dataset(path, target, options.settings, options.workers, told)
        except DedupeError as err:
            account(Outcome(str(path), error=err.message))
            return
        finally:
            say.over_bar = False
    if counts.records_changed:
        verb = "would clean" if account.summary.check else "cleaned"
        records = plural(counts.records_changed, "record")
        gone = f"{plural(counts.removed, 'paragraph')} {'to remove' if account.summary.check else 'removed'}"
        account.say.info(f"{shown(str(path))}: {verb} {records}, {gone}")


if __name__ == "__main__":  # pragma: no cover
    main()

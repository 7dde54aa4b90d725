"""Command line: ``dedupe clean PATH...``; the only module that prints or exits."""

from __future__ import annotations

import contextlib
import fnmatch
import itertools
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click

from dedupe import __version__, batch, dataset, writer
from dedupe.config import find_pyproject, read_defaults
from dedupe.model import DEFAULT_MIN_LENGTH, DEFAULT_THRESHOLD, Config, DedupeError

PROGRESS_AFTER = 200  # files; fewer finish before a bar would be worth drawing
LOOK_AHEAD = 4096  # files listed before the work starts; a larger tree is never held whole
# Folders a walk never enters (named on the command line, they are walked): version control,
# caches and installed packages, whose text files are no articles and must not be rewritten.
SKIPPED_FOLDERS = ("node_modules", "__pycache__", "site-packages")


@dataclass
class Summary:
    """Counts over one run; ``exit_code`` is what the command returns."""

    check: bool = False
    files: int = 0
    changed: int = 0
    removed: int = 0
    failed: int = 0
    bad_records: int = 0

    @property
    def exit_code(self) -> int:
        if self.failed or self.bad_records:
            return 2
        return 1 if self.check and self.changed else 0

    def line(self) -> str:
        verb = "would be cleaned" if self.check else "cleaned"
        parts = [
            f"{_plural(self.changed, 'file')} {verb}",
            f"{_plural(self.files - self.changed - self.failed, 'file')} unchanged",
        ]
        parts.append(f"{_plural(self.removed, 'paragraph')} {'to remove' if self.check else 'removed'}")
        if self.failed:
            parts.append(f"{_plural(self.failed, 'file')} failed")
        if self.bad_records:
            parts.append(f"{_plural(self.bad_records, 'bad record')} passed through")
        return ", ".join(parts) + "."


@dataclass(frozen=True)
class RunOptions:
    """What one ``dedupe clean`` does with every input, read once from the command line."""

    out: Path | None
    mode: batch.Mode
    config: Config
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    verbose: bool
    jsonl_field: str | None
    jsonl_removed: str | None
    workers: int


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


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


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "-V", "--version", prog_name="dedupe")
def main() -> None:
    """Remove duplicate paragraphs from scraped news articles, and report what went.

    \b
    Examples:
      dedupe clean articles/ --out cleaned/      clean a folder into another
      dedupe clean --check articles/             list what would change (exit 1 if anything)
      dedupe clean --diff article.txt            show the changes as a unified diff
      dedupe clean - < article.txt > clean.txt   filter standard input
      dedupe clean data.jsonl --jsonl-field text --out clean.jsonl
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, allow_dash=True))
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path),
    metavar="DIR",
    help="Write every cleaned file under DIR at its relative path; inputs stay untouched. "
    "With one JSON Lines input, the output file.",
)
@click.option("--check", is_flag=True, help="Write nothing; list the files that would change (exit 1 if any).")
@click.option("--diff", "show_diff", is_flag=True, help="Write nothing; print a unified diff (exit 1 if any).")
@click.option(
    "--report",
    type=click.Path(path_type=Path, allow_dash=True),
    metavar="FILE",
    help="Write a JSON Lines report, one object per input file ('-' for stdout).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=DEFAULT_THRESHOLD,
    show_default=True,
    help="Lowest similarity (0-100) for a near copy.",
)
@click.option(
    "--min-length",
    type=click.IntRange(min=0),
    default=DEFAULT_MIN_LENGTH,
    show_default=True,
    help="Repeated lines shorter than this stay unless next to their copy or in a run.",
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
    "--jsonl-field",
    metavar="FIELD",
    help="Treat *.jsonl inputs as datasets and clean this string field of each record.",
)
@click.option("--jsonl-removed", metavar="FIELD", help="With --jsonl-field: add the removals to each record.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
@click.option("-v", "--verbose", is_flag=True, help="Also name unchanged files and show tracebacks.")
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
    report: Path | None,
    threshold: float,
    min_length: int,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int | None,
    jsonl_field: str | None,
    jsonl_removed: str | None,
    quiet: bool,
    verbose: bool,
) -> None:
    """Clean the articles in PATHS (files or folders; '-' for standard input).

    Without --out, files are rewritten in place, and only when their content changes. Exit
    status: 0 done, 1 --check or --diff found changes, 2 a usage error, an input that could not
    be read or decoded, or a folder that could not be listed (the other inputs are still
    processed).
    """
    if check and show_diff:
        raise click.UsageError("--check and --diff do not go together")
    if out is not None and (check or show_diff):
        raise click.UsageError("--out writes files; --check and --diff write none")
    if jsonl_removed and not jsonl_field:
        raise click.UsageError("--jsonl-removed needs --jsonl-field")
    options = RunOptions(
        out=out,
        mode="check" if check else "diff" if show_diff else "write",
        config=Config(threshold=threshold, min_length=min_length),
        include=include,
        exclude=exclude,
        verbose=verbose,
        jsonl_field=jsonl_field,
        jsonl_removed=jsonl_removed,
        workers=jobs or batch.default_jobs(),
    )
    summary = Summary(check=check or show_diff)
    say = _Printer(quiet=quiet, verbose=verbose)

    if out is not None and options.mode == "write" and not (jsonl_field and any(map(dataset.is_dataset, paths))):
        _prepare_output(out, say)
    try:
        _run(paths, options, report, summary, say)
    except KeyboardInterrupt:
        say.error("interrupted: files already written are complete, the others untouched")
        ctx.exit(130)
    if summary.exit_code == 2:
        say.error(summary.line())
    else:
        say.info(summary.line())
    ctx.exit(summary.exit_code)


def _prepare_output(out: Path, say: _Printer) -> None:
    """Fail early, with one message, when ``out`` cannot take files; clear what a killed run left."""
    try:
        writer.probe_folder(out)
    except DedupeError as err:
        raise click.BadParameter(f"cannot write to {out}: {err.message}", param_hint="--out") from err
    for folder, _, names in os.walk(out):
        _remove_stale(Path(folder), names, say)


def _run(paths: tuple[Path, ...], options: RunOptions, report: Path | None, summary: Summary, say: _Printer) -> None:
    with _open_report(report) as report_stream:
        if Path("-") in paths:
            if len(paths) > 1:
                raise click.UsageError("'-' (standard input) cannot be mixed with other paths")
            _clean_stdin(options, summary, report_stream, say)
            return
        datasets = [p for p in paths if options.jsonl_field and dataset.is_dataset(p) and p.is_file()]
        files = [p for p in paths if p not in datasets]
        if datasets:
            _clean_datasets(datasets, options, summary, report_stream, say)
        if files:
            _run_files(files, options, summary, report_stream, say)


class _Printer:
    def __init__(self, *, quiet: bool, verbose: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.over_bar = False
        """True while a progress bar holds the terminal's last line."""

    def info(self, message: str) -> None:
        """A line about one file, or the summary; under a progress bar only with -v."""
        if not self.quiet and (self.verbose or not self.over_bar):
            self._echo(message)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self._echo(message)

    def error(self, message: str) -> None:
        self._echo(message)

    def clear_bar(self) -> None:
        """Erase the progress bar's line; the bar draws itself again below what comes next."""
        if self.over_bar:
            click.echo("\r\x1b[K", err=True, nl=False)

    def _echo(self, message: str) -> None:
        self.clear_bar()
        click.echo(message, err=True)


@contextlib.contextmanager
def _open_report(path: Path | None) -> Iterator[IO[str] | None]:
    if path is None:
        yield None
    elif str(path) == "-":
        yield sys.stdout
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            stream = path.open("w", encoding="utf-8")
        except OSError as err:
            raise click.BadParameter(
                f"cannot write the report {path}: {err.strerror or err}", param_hint="--report"
            ) from err
        with stream:
            yield stream


def _emit(stream: IO[str] | None, record: dict[str, Any]) -> None:
    if stream is not None:
        stream.write(writer.dumps_record(record) + "\n")


def _file_jobs(paths: Sequence[Path], options: RunOptions, say: _Printer) -> Iterator[batch.FileJob]:
    """Yield a job per file under ``paths`` (which exist), walking folders as the jobs are taken:
    a tree of any size costs no more memory than its largest folder listing."""
    out, mode = options.out, options.mode

    def remove_stale(folder: Path, names: list[str]) -> None:
        _remove_stale(folder, names, say)

    # Several inputs can map to one output (two folders holding the same names): the later
    # one is an error, not a silent overwrite. One input never does.
    taken: set[str] | None = set() if out is not None and mode == "write" and len(paths) > 1 else None
    for root, path, error in _inputs(paths, options, remove_stale if mode == "write" and out is None else None):
        target = path if out is None else out / (path.relative_to(root) if root != path else _relative_to_cwd(path))
        if taken is not None and error is None:
            key = str(target)
            if key in taken:
                error = f"not written: {target} is the output of an earlier input"
            taken.add(key)
        yield batch.FileJob(path, str(path), target, mode, options.config, options.verbose, error)


def _count_files(paths: Sequence[Path], options: RunOptions) -> int:
    """Return how many jobs ``_file_jobs`` yields for ``paths`` (for the progress bar)."""
    return sum(1 for _ in _inputs(paths, options))


def _inputs(
    paths: Sequence[Path], options: RunOptions, on_stale: Callable[[Path, list[str]], None] | None = None
) -> Iterator[tuple[Path, Path, str | None]]:
    """Yield ``(root, path, error)`` for every input: each of ``paths`` that is a file (as its
    own root), and what ``_walk`` yields under each folder."""
    # An output folder inside an input folder holds cleaned files, never inputs.
    skip = _identity(options.out) if options.out else None
    for root in paths:
        if root.is_dir():
            for path, error in _walk(root, options.include, options.exclude, on_stale, skip=skip):
                yield root, path, error
        else:
            yield root, root, None


def _walk(
    root: Path,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    on_stale: Callable[[Path, list[str]], None] | None = None,
    *,
    skip: tuple[int, int] | None = None,
) -> Iterator[tuple[Path, str | None]]:
    """Yield the files under ``root`` that match ``include`` and not ``exclude``, in the order
    ``sorted()`` gives paths, one folder listing at a time, each with None (hidden folders and
    those of ``SKIPPED_FOLDERS`` below ``root`` are not entered); and, in its place,
    each folder that cannot be listed with the reason. Folder symlinks are followed once each (a
    loop ends at the first repeat); a folder gone before it is listed is skipped.

    Temporary files of an interrupted run are never yielded; ``on_stale`` gets each folder's.
    The folder whose ``_identity`` is ``skip`` is not entered, unless it is ``root`` itself.
    """
    seen: set[tuple[int, int]] = {skip} if skip and skip != _identity(root) else set()

    def files_in(folder: Path) -> Iterator[tuple[Path, str | None]]:
        identity = _identity(folder)
        if identity in seen:
            return
        if identity is not None:
            seen.add(identity)
        try:
            with os.scandir(folder) as listing:
                entries = sorted((entry.name, _is_dir(entry), _is_file(entry)) for entry in listing)
        except FileNotFoundError:
            return
        except OSError as err:
            yield folder, f"cannot list the folder: {err.strerror or err}"
            return
        if on_stale is not None:
            stale = [name for name, is_dir, _ in entries if not is_dir and writer.is_temporary(name)]
            if stale:
                on_stale(folder, stale)
        for name, is_dir, is_file in entries:
            path = folder / name
            if is_dir:
                if not _skipped_folder(name) and not any(fnmatch.fnmatch(name, glob) for glob in exclude):
                    yield from files_in(path)
                continue
            if writer.is_temporary(name):
                continue
            relative = path.relative_to(root).as_posix()
            if not any(fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(relative, glob) for glob in include):
                continue
            if any(fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(relative, glob) for glob in exclude):
                continue
            # Reading a named pipe would wait for a writer forever; a broken link is left to the
            # reader, which names the problem.
            yield path, None if is_file else _special_file(path)

    return files_in(root)


def _skipped_folder(name: str) -> bool:
    """True for a hidden folder (``.git``, ``.venv``) and the others of ``SKIPPED_FOLDERS``."""
    return name.startswith(".") or name in SKIPPED_FOLDERS


def _identity(folder: Path) -> tuple[int, int] | None:
    """Return the device and inode of ``folder``, which tell it apart whatever its path."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()  # a symlink to a folder is one
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()  # a regular file, or a symlink to one
    except OSError:
        return False


def _special_file(path: Path) -> str | None:
    """Return why ``path`` is no file to read (a named pipe, a socket, a device), else None."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "not a regular file (a named pipe)"
    if stat.S_ISSOCK(mode):
        return "not a regular file (a socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "not a regular file (a device)"
    return None


def _remove_stale(folder: Path, names: list[str], say: _Printer) -> None:
    """Remove the temporary files among ``names`` that a killed run left (a live writer's stay)."""
    for removed in writer.remove_stale_temporaries(folder, names):
        say.detail(f"{removed}: removed a temporary file left by an interrupted run")


def _relative_to_cwd(path: Path) -> Path:
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return Path(path.name)


def _run_files(
    paths: Sequence[Path], options: RunOptions, summary: Summary, report: IO[str] | None, say: _Printer
) -> None:
    present = []
    for root in paths:
        if root.exists() or root.is_symlink():
            present.append(root)
        else:
            summary.files += 1
            summary.failed += 1
            say.error(f"{root}: no such file or directory")
            _emit(report, writer.report_record(None, str(root), "no such file or directory"))
    jobs = _file_jobs(present, options, say)
    # A look ahead decides how many processes to start: a few files are done before one starts.
    head = list(itertools.islice(jobs, LOOK_AHEAD))
    known = len(head) < LOOK_AHEAD
    if not head and present:
        globs = " ".join(options.include)
        say.info(f"no files matching {globs} in {', '.join(map(str, present))} (see --include)")
    processes = min(options.workers, max(1, len(head) // 8))
    # Batches of up to 64 files: each hand-over to a worker costs the parent a thread switch.
    size = max(1, min(64, len(head) // (8 * processes)))
    outcomes = batch.ordered_map(batch.process_file, itertools.chain(head, jobs), processes, batch=size)
    show_bar = _on_terminal() and not say.quiet and (len(head) >= PROGRESS_AFTER or not known)
    total = len(head) if known or not show_bar else _count_files(present, options)
    with click.progressbar(outcomes, length=total, label="cleaning", file=sys.stderr, hidden=not show_bar) as bar:
        say.over_bar = show_bar
        try:
            for outcome in bar:
                _account(outcome, summary, report, say)
        finally:
            say.over_bar = False


def _on_terminal() -> bool:
    return sys.stderr.isatty()


def _account(outcome: batch.FileOutcome, summary: Summary, report: IO[str] | None, say: _Printer) -> None:
    summary.files += 1
    _emit(report, outcome.record)
    if outcome.error is not None:
        summary.failed += 1
        say.error(
            f"{outcome.display}: {outcome.error}"
            if say.verbose
            else f"{outcome.display}: {outcome.error.splitlines()[0]}"
        )
        return
    if outcome.diff:
        say.clear_bar()
        click.echo(outcome.diff, nl=False)
    if outcome.changed:
        summary.changed += 1
        summary.removed += outcome.removed
        verb = "would remove" if summary.check else "removed"
        what = (
            f"{verb} {_plural(outcome.removed, 'duplicate paragraph')}"
            if outcome.removed
            else ("would normalize whitespace or encoding" if summary.check else "normalized whitespace or encoding")
        )
        say.info(f"{outcome.display}: {what}")
    else:
        say.detail(f"{outcome.display}: unchanged")


def _clean_stdin(options: RunOptions, summary: Summary, report: IO[str] | None, say: _Printer) -> None:
    data = sys.stdin.buffer.read()
    summary.files = 1
    try:
        from dedupe.clean import clean_bytes  # the decoders load only when something is cleaned here

        result = clean_bytes(data, options.config)
    except DedupeError as err:
        summary.failed = 1
        say.error(f"-: {err.message}")
        _emit(report, writer.report_record(None, "-", err.message))
        return
    _emit(report, writer.report_record(result, "-"))
    if options.mode == "write":
        sys.stdout.buffer.write(result.text.encode("utf-8"))
        sys.stdout.buffer.flush()
    elif options.mode == "diff" and result.changed:
        click.echo(writer.unified_diff(result.source.original, result.text, "-"), nl=False)
    if result.changed:
        summary.changed = 1
        summary.removed = len(result.removed)


def _clean_datasets(
    paths: list[Path], options: RunOptions, summary: Summary, report: IO[str] | None, say: _Printer
) -> None:
    out, field_name = options.out, options.jsonl_field
    assert field_name is not None  # datasets are only recognised with --jsonl-field
    for path in paths:
        if out is None:
            target = path
        elif len(paths) == 1 and not out.is_dir():
            target = out
        else:
            target = out / _relative_to_cwd(path)
        summary.files += 1
        changed = removed = 0
        bad: list[dict[str, Any]] = []
        try:
            records = dataset.iter_records(path, field_name, options.jsonl_removed, options.config)
            outcomes = batch.ordered_map(dataset.clean_record, records, options.workers, batch=256)
            sink = writer.atomic_writer(target) if options.mode == "write" else contextlib.nullcontext(None)
            with sink as stream:
                for outcome in outcomes:
                    if stream is not None:
                        stream.write(outcome.line)
                    changed, removed = changed + outcome.changed, removed + outcome.removed
                    if outcome.error:
                        bad.append(dataset.describe(outcome))
        except DedupeError as err:
            summary.failed += 1
            say.error(str(err))
            _emit(report, writer.report_record(None, str(path), err.message))
            continue
        for entry in bad:
            say.error(f"{path}:{entry['line']}: {entry['error']}")
        summary.bad_records += len(bad)
        if changed:
            summary.changed += 1
            summary.removed += removed
            verb = "would clean" if summary.check else "cleaned"
            say.info(f"{path}: {verb} {_plural(changed, 'record')}, {_plural(removed, 'duplicate paragraph')}")
        _emit(
            report,
            {"path": str(path), "records_changed": changed, "removed": removed, "bad_records": bad, "error": None},
        )


if __name__ == "__main__":  # pragma: no cover
    main()

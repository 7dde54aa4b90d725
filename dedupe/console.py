"""Messages and the report: where every outcome goes, counted, written and told."""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import click

from dedupe import report, writer
from dedupe.model import UNSHOWN, DedupeError, Outcome, Rule
from dedupe.report import Summary, plural


class Printer:
    """Messages on standard error: errors always, the rest as --quiet and --verbose say."""

    def __init__(self, *, quiet: bool, verbose: bool) -> None:
        self.quiet = quiet
        self.verbose = verbose
        self.over_bar = False
        """True while a progress bar holds the terminal's last line."""
        self.closed = False
        """Standard error could not be written: nothing more is."""

    def info(self, message: str) -> None:
        """A line about one file, or the summary; under a progress bar only with -v."""
        if not self.quiet and (self.verbose or not self.over_bar):
            self._echo(message)

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self._echo(message)

    def warn(self, message: str) -> None:
        """A guess the reader made (a low-confidence encoding, a dropped NUL), or a file --check
        finds: above the bar too."""
        if not self.quiet:
            self._echo(message)

    def error(self, message: str) -> None:
        self._echo(message)

    def clear_bar(self) -> None:
        """Erase the progress bar's line; the bar draws itself again below what comes next."""
        if self.over_bar:
            self._write("\r\x1b[K", nl=False)

    def _echo(self, message: str) -> None:
        self.clear_bar()
        self._write(message.translate(UNSHOWN))

    def _write(self, text: str, *, nl: bool = True) -> None:
        # Standard error closed (a reader gone: `2>&1 | head -1`, `2>&-`): the messages stop, the
        # run does not; its exit status and its report still say what happened.
        if self.closed:
            return
        try:
            click.echo(text, err=True, nl=nl)
        except (OSError, ValueError):
            self.closed = True


class Accountant:
    """The one place every outcome goes: counted in the Summary, written to the report, told."""

    def __init__(self, summary: Summary, stream: IO[str] | None, say: Printer, *, ids: bool = False) -> None:
        self.summary = summary
        self.stream = stream
        self.say = say
        self.report_error: str | None = None
        """Why the report could not be written (a full disk, a closed pipe): the run goes on, the
        report is not written, and the run ends with this error."""
        self.ids = ids
        """The run names an id field (--jsonl-id): every dataset record's entry has ``id``."""
        self.run: dict[str, Any] | None = None
        """The report's run record, written before the first input's (``report.run_record``): its
        settings may still be told more until then (a saved table's own thresholds)."""
        self.boilerplate: Counter[tuple[str, str]] | None = None
        """When a Counter: the site and text of the site boilerplate paragraphs removed, with the
        number of articles each went from (a site's line is mostly one text, however many articles
        hold it); and ``sites``, the sites of the articles seen."""
        self.sites: set[str] = set()

    def __call__(self, outcome: Outcome) -> None:
        self.summary.add(outcome)
        if self.boilerplate is not None and outcome.site is not None:
            self.boilerplate.update((outcome.site, r.text) for r in outcome.removed if r.rule is Rule.BOILERPLATE)
            self.sites.add(outcome.site)
        if self.stream is not None:
            self.write_entry(report.record(outcome, sites=self.boilerplate is not None, ids=self.ids))
        say = self.say
        where = shown(outcome.display) if outcome.line is None else f"{shown(outcome.display)}:{outcome.line}"
        if outcome.error is not None:
            say.error(f"{where}: {outcome.error if say.verbose else outcome.error.splitlines()[0]}")
            return
        for warning in outcome.warnings:
            say.warn(f"{where}: warning: {warning}")
        if outcome.diff:
            say.clear_bar()
            try:
                click.echo(outcome.diff, nl=False)
            except OSError:  # the reader of the diffs is gone (`| head`): the run and its report go on
                stdout_closed()
        if outcome.line is not None:
            return  # a dataset is told about as a whole
        if outcome.changed:
            check = self.summary.check
            what = (
                f"{'would remove' if check else 'removed'} {removed_text(outcome)}"
                if outcome.removed
                else ("would normalize whitespace or encoding" if check else "normalized whitespace or encoding")
            )
            mojibake = [repair.split(": ", 1)[-1] for repair in outcome.repairs if repair.startswith("mojibake")]
            if mojibake:
                what += f" ({'would repair' if check else 'repaired'} mojibake: {'; '.join(mojibake)})"
            if check:  # what --check finds is its answer: named above a progress bar too, as black does
                say.warn(f"{where}: {what}")
            else:
                say.info(f"{where}: {what}")
        else:
            say.detail(f"{where}: unchanged")

    def write_entry(self, entry: dict[str, Any]) -> None:
        """Write one record to the report, if there is one and it can still be written (the run
        record first)."""
        if self.stream is None:
            return
        if self.run is not None:
            self.write_run()
        try:
            self.stream.write(report.dumps(entry) + "\n")
        except OSError as err:
            self.report_error = err.strerror or str(err)
            if self.stream is sys.stdout:  # a closed pipe: nothing more goes to it, not even at exit
                stdout_closed()
            self.stream = None

    def settings(self) -> dict[str, Any] | None:
        """The run record's settings while it is still to be written, else None."""
        return None if self.run is None else self.run["run"]["settings"]

    def write_run(self) -> None:
        """Write the run record, if it is still to be written: before the first input's record, or
        at the end of a run that had no input."""
        run, self.run = self.run, None
        if run is not None:
            self.write_entry(run)


def stdout_closed() -> None:
    """Send what more goes to standard output nowhere: its reader is gone (a closed pipe), and
    neither the rest of the run nor the exit may fail on it."""
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def on_terminal() -> bool:
    """Whether standard error is a terminal (a progress bar's place); not when it is closed."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError):
        return False


@contextlib.contextmanager
def open_report(path: Path | None) -> Iterator[IO[str] | None]:
    """Yield the report's stream: none, standard output ('-'), or the file, made anew."""
    if path is None:
        yield None
    elif str(path) == "-":
        yield sys.stdout
    else:
        # Written beside its place and renamed there at the end: never a part of a report.
        try:
            writer.probe_folder(path.parent)
        except DedupeError as err:
            raise click.BadParameter(f"cannot write the report {path}: {err.message}", param_hint="--report") from err
        with writer.atomic_writer(path, follow=True) as raw:
            stream = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
            try:
                yield stream
                stream.flush()
            finally:
                stream.detach()


def removed_text(outcome: Outcome) -> str:
    """Return what went from an article: "2 duplicate paragraphs and 1 site boilerplate paragraph"."""
    site = sum(r.rule is Rule.BOILERPLATE for r in outcome.removed)
    parts = [plural(len(outcome.removed) - site, "duplicate paragraph")] if len(outcome.removed) > site else []
    if site:
        parts.append(plural(site, "site boilerplate paragraph"))
    return " and ".join(parts)


class Number(click.FloatRange):
    """A number in a range, and a number: "nan" compares as inside any range, so it is refused."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        number: float = super().convert(value, param, ctx)
        if number != number:
            self.fail(f"{value!r} is not a number", param, ctx)
        return number


def shown(name: str) -> str:
    """Return a file name as a terminal line may show it: a control character, a line break or
    an escape sequence in it is written as its escape ("\\n", "\\x1b"), and a byte that is no
    UTF-8 as "\\xff"; the name cannot move the cursor, colour the terminal or start a line."""
    if name.isprintable():
        return name
    parts = []
    for char in name:
        if "\udc80" <= char <= "\udcff":  # a byte the file system name held that is no UTF-8
            parts.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif char.isprintable():
            parts.append(char)
        else:
            parts.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(parts)


class Size(click.ParamType):  # type: ignore[type-arg]  # generic only from click 8.2
    """A number of bytes: 1000, 64K, 256M, 1G (powers of 1,024)."""

    name = "size"
    UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = str(value).strip().upper().removesuffix("B")
            unit = text[-1:] if text[-1:] in ("K", "M", "G") else ""
            digits = text[: len(text) - len(unit)].strip()
            if not digits.isdigit():
                self.fail(f"{value!r} is no size (bytes, or a number with K, M or G)", param, ctx)
            number = int(digits) * self.UNITS[unit]
        if number < 1:
            self.fail(f"{value!r} is no size: at least one byte", param, ctx)
        return number

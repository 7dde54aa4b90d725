"""The site boilerplate run (``--site-boilerplate``): pass 1 counts the inputs' keys per site into
a table (or reads a saved one), pass 2 is the normal run with the table (``batch.Settings``), and
the end saves the table with an example per line or prints the dry run's audit."""

from __future__ import annotations

import dataclasses
import itertools
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import click

from dedupe import batch, dataset, files
from dedupe.console import Accountant, Number, Printer, on_terminal, shown, stdout_closed
from dedupe.model import DedupeError, Job
from dedupe.options import RunOptions, SiteOptions
from dedupe.report import plural

if TYPE_CHECKING:
    from dedupe.boilerplate import Table, Thresholds

# The options of `dedupe clean` that ask for it (the matcher and the table load only when they do).
OPTIONS = (
    click.option(
        "--site-boilerplate/--no-site-boilerplate",
        default=False,
        help="Also remove every copy of a paragraph found in many articles of one site (a second pass; a site "
        "is the first folder below a folder given, or a dataset's --site-field host).",
    ),
    click.option(
        "--boilerplate-min-docs",
        type=click.IntRange(min=1),
        default=5,
        show_default=True,
        metavar="N",
        help="With --site-boilerplate: articles of a site a line must be in.",
    ),
    click.option(
        "--boilerplate-min-share",
        type=Number(0, 1),
        default=0.1,
        show_default=True,
        metavar="SHARE",
        help="With --site-boilerplate: share (0-1) of a site's articles a line must be in.",
    ),
    click.option(
        "--boilerplate-length",
        default="20-300",
        show_default=True,
        metavar="MIN-MAX",
        callback=lambda ctx, param, value: _length(value),
        help="With --site-boilerplate: the lengths (characters) of the paragraphs that can be boilerplate.",
    ),
    click.option(
        "--boilerplate-dry-run",
        is_flag=True,
        help="Count site boilerplate and print, per site, the lines a run would remove, with counts and an example; "
        "change nothing (but --boilerplate-table, saved when asked).",
    ),
    click.option(
        "--boilerplate-table",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="FILE",
        help="With --site-boilerplate or --boilerplate-dry-run: use this saved table if it exists (no counting "
        "pass), else save the table counted here.",
    ),
    click.option(
        "--site-field",
        metavar="FIELD",
        help="With --field and --site-boilerplate: the field holding each record's URL (its site).",
    ),
)


def click_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give ``command`` the site boilerplate options, in their order on ``--help``."""
    for option in reversed(OPTIONS):
        command = option(command)
    return command


def _length(value: object) -> tuple[int, int]:
    low, separator, high = str(value).partition("-")
    if not (separator and low.strip().isdigit() and high.strip().isdigit()) or int(low) > int(high):
        raise click.BadParameter(f"{value!r} is no range of lengths like 20-300")
    return int(low), int(high)


AUDIT_EXAMPLE_CHARS = 100  # characters of a line's example shown in the audit


def options(
    paths: Iterable[Path],
    *,
    min_documents: int,
    min_share: float,
    lengths: tuple[int, int],
    dry_run: bool,
    table: Path | None,
    site_field: str | None,
) -> SiteOptions:
    """Return the site boilerplate options of a ``dedupe clean``, or raise a usage error: a line
    is boilerplate in ``min_documents`` and ``min_share`` of its site's articles, at ``lengths``."""
    from dedupe.boilerplate import Thresholds

    if Path("-") in paths:
        raise click.UsageError("--site-boilerplate counts across many articles: give files or folders, not '-'")
    return SiteOptions(Thresholds(min_documents, min_share, *lengths), table, dry_run, site_field)


def run(
    datasets: list[Path],
    inputs: list[Path],
    options: RunOptions,
    account: Accountant,
    run_inputs: Callable[[list[Path], list[Path], RunOptions, Accountant], None],
) -> None:
    """The site boilerplate run: the table (counted, or read from --boilerplate-table), then the
    normal run with it; the table saved with its examples, or the dry run's audit printed."""
    from dedupe.boilerplate import Table, counts_prefix, sweep_counts

    sites, say = options.sites, account.say
    assert sites is not None
    if datasets and sites.site_field is None:
        given = "--boilerplate-dry-run" if sites.dry_run else "--site-boilerplate"
        raise click.UsageError(f"{given} on a dataset needs --site-field (the field holding the URL)")
    reused = sites.table is not None and sites.table.exists()
    sweep_counts()  # what a killed run's count left
    with tempfile.TemporaryDirectory(prefix=counts_prefix()) as work:
        if reused:
            assert sites.table is not None
            try:
                table = Table.load(sites.table)
            except ValueError as err:  # it names the file
                raise click.BadParameter(str(err), param_hint="--boilerplate-table") from err
            except OSError as err:
                raise click.BadParameter(f"{sites.table}: {err}", param_hint="--boilerplate-table") from err
            if table.thresholds != sites.thresholds:
                say.warn(
                    f"site boilerplate: {shown(str(sites.table))} was made with other thresholds than these options'"
                    " (--boilerplate-min-docs, --boilerplate-min-share, --boilerplate-length): its own apply"
                    " (delete it, or name another file, to count again)"
                )
            say.info(f"site boilerplate: using the table {shown(str(sites.table))} (its lines are not counted again)")
            told = account.settings()
            if told is not None and told.get("site_boilerplate"):  # the report says what applied
                told["site_boilerplate"].update(table.thresholds.to_json(), table_read=True)
        else:
            say.info("site boilerplate: counting paragraphs per site (pass 1 of 2)")
            present = [path for path in inputs if path.exists() or path.is_symlink()]
            met: list[tuple[Path, Path]] = []  # datasets met in the folders, counted after their files
            jobs = itertools.chain(
                itertools.chain.from_iterable(_dataset_jobs(path, options.settings) for path in datasets),
                files.jobs(
                    present,
                    options.include,
                    options.exclude,
                    out=None,
                    write=False,
                    sites=True,
                    field=options.settings.field,
                    datasets=met,
                ),
                _found_jobs(met, options.settings),
            )
            bar = on_terminal() and not say.quiet
            # The bar's length: a walk of the folders, which lists names only, and the datasets'
            # records (their lines counted as bytes, or a Parquet file's metadata).
            total = None
            if bar:
                records = [dataset.records_in(path) for path in datasets]
                if None not in records:
                    listed = sum(1 for _ in files.inputs(present, options.include, options.exclude))
                    total = listed + sum(count or 0 for count in records)
            counts = Path(work) / "counts"
            table = count(jobs, options.settings, options.workers, sites.thresholds, counts, bar=bar, total=total)
        working = Path(work) / "table.json"
        table.save(working)
        say.info(summary_line(table) + ("" if sites.dry_run else "; removing them (pass 2 of 2)"))
        settings = dataclasses.replace(options.settings, boilerplate_table=str(working))
        if sites.dry_run:  # the audit says what a run would remove; the files stay unnamed
            account.say = Printer(quiet=True, verbose=False)
        found: Counter[tuple[str, str]] = Counter()
        account.boilerplate = found
        try:
            run_inputs(datasets, inputs, dataclasses.replace(options, settings=settings), account)
        finally:
            account.say = say
    unknown = sorted(account.sites.difference(table.sites)) if reused else []
    if unknown:  # a table of other sites (or other names for them) removes nothing from these
        named = ", ".join(map(shown, unknown[:5])) + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")
        say.warn(
            f"site boilerplate: {plural(len(unknown), 'site')} of the inputs not in the table "
            f"{shown(str(sites.table))}, nothing removed from {'its' if len(unknown) == 1 else 'their'} "
            f"articles: {named}"
        )
    table = table.with_examples(found)
    if sites.table is not None and not reused:
        table.save(sites.table)
        say.info(f"site boilerplate: table saved to {shown(str(sites.table))}")
    if sites.dry_run:
        show(table, removable(found))


def _found_jobs(found: list[tuple[Path, Path]], settings: batch.Settings) -> Iterable[Job]:
    """The records of the datasets the walk met, once it has met them all (``found`` fills as the
    walk goes: it is read only when the walk is done)."""
    for path, _ in found:
        yield from _dataset_jobs(path, settings)


def _dataset_jobs(path: Path, settings: batch.Settings) -> Iterable[Job]:
    """The records of a dataset to count; one that cannot be read (a missing column, a damaged
    page) gives what it gave before the problem, and pass 2 reports it."""
    try:
        if path.suffix.lower() == ".parquet":
            from dedupe import parquet

            yield from parquet.jobs(path, settings)
        else:
            yield from dataset.jobs(path)
    except DedupeError:
        return


def count(
    jobs: Iterable[Job],
    settings: batch.Settings,
    workers: int,
    thresholds: Thresholds,
    folder: Path,
    *,
    bar: bool = False,
    total: int | None = None,
) -> Table:
    """Pass 1: clean every job (writing nothing), count its eligible keys per site in ``folder``,
    and return the table of boilerplate lines. Inputs that fail are left to pass 2 to report.
    ``bar`` draws a progress bar on standard error (of ``total`` articles, when known)."""
    from dedupe.boilerplate import SiteCounts, reduce

    counter = SiteCounts(folder)
    counting = dataclasses.replace(settings, write=False, diff=False, count_sites=thresholds)
    outcomes = batch.run(jobs, counting, workers)
    with click.progressbar(outcomes, length=total, label="counting", file=sys.stderr, hidden=not bar) as shown:
        for outcome in shown:
            if outcome.error is None and outcome.site is not None:
                counter.add(outcome.site, outcome.keys)
    counter.close()
    return reduce([folder], thresholds)


def summary_line(table: Table) -> str:
    sites = sum(1 for site in table.sites.values() if site.lines)
    return (
        f"site boilerplate: {plural(table.boilerplate_lines(), 'line')} in {plural(sites, 'site')} "
        f"of {len(table.sites)}"
    )


def removable(found: Mapping[tuple[str, str], int]) -> dict[tuple[str, bytes], int]:
    """The site and key of each boilerplate paragraph a run removed, with the number of articles it
    went from (``found``: site and text, with theirs)."""
    from dedupe.boilerplate import key_hash
    from dedupe.reader import make_key

    gone: Counter[tuple[str, bytes]] = Counter()
    for (site, text), articles in found.items():
        gone[site, key_hash(make_key(text))] += articles
    return gone


def audit(table: Table, gone: Mapping[tuple[str, bytes], int]) -> str:
    """Return the dry run's audit: per site, the boilerplate lines a run removes (``gone``, with
    the articles each goes from), with their counts and an example; a line the table holds that
    no article loses (a headline, an article's last paragraph stay) is counted, not listed."""
    t = table.thresholds
    lines = [
        f"Site boilerplate: a paragraph of {t.min_chars}-{t.max_chars} characters in at least "
        f"{t.min_documents} of a site's articles and at least {t.min_share:.0%} of them.",
    ]
    for name, site in sorted(table.sites.items()):
        lines.append("")
        listed = {key: documents for key, documents in site.lines.items() if (name, key) in gone}
        count = plural(len(listed), "boilerplate line") if listed else "no boilerplate line"
        kept = len(site.lines) - len(listed)
        if kept:
            count += f" ({kept} more found, but kept where {'it stands' if kept == 1 else 'they stand'}: "
            count += "a headline, or an article's last paragraph)"
        lines.append(f"{shown(name)}: {plural(site.articles, 'article')}, {count}")
        for key, documents in sorted(listed.items(), key=lambda item: (-item[1], item[0])):
            example = table.examples.get((name, key), "")
            if len(example) > AUDIT_EXAMPLE_CHARS:
                example = example[: AUDIT_EXAMPLE_CHARS - 1] + "…"
            stays = documents - gone[name, key]
            note = f"  (kept in {stays}: a headline or an article's last paragraph)" if stays > 0 else ""
            line = f"  {documents:>6}/{site.articles:<6} {documents / site.articles:4.0%}  {shown(example)}{note}"
            lines.append(line)
    return "\n".join(lines) + "\n"


def show(table: Table, gone: Mapping[tuple[str, bytes], int]) -> None:
    try:
        click.echo(audit(table, gone), nl=False)
    except OSError:  # its reader is gone (`| head`): the report is still written
        stdout_closed()

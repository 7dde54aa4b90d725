"""Command line: ``dedupe clean PATH...``."""

from __future__ import annotations

from pathlib import Path

import click

from dedupe import __version__
from dedupe.clean import clean_file
from dedupe.model import Config, DedupeError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="dedupe")
def main() -> None:
    """Remove duplicate paragraphs from scraped news articles."""


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Write cleaned files under DIR.")
@click.pass_context
def clean(ctx: click.Context, paths: tuple[Path, ...], out: Path | None) -> None:
    """Clean the articles in PATHS."""
    config = Config()
    failed = 0
    for root in paths:
        files = sorted(p for p in root.rglob("*.txt") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            relative = path.relative_to(root) if root.is_dir() else Path(path.name)
            target = out / relative if out else path
            try:
                clean_file(path, config, out=target)
            except DedupeError as err:
                failed += 1
                click.echo(str(err), err=True)
    ctx.exit(2 if failed else 0)

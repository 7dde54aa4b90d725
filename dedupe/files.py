"""The walk: which files under the given folders are inputs, in a deterministic order.

Listing never changes anything: the temporary files a killed run left are gathered for the caller,
which removes them as a step of its own (``writer.remove_stale_temporaries``).
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import NamedTuple

from dedupe import writer
from dedupe.model import Job, text_name

# Folders a walk never enters (named on the command line, they are walked): version control,
# caches and installed packages, whose text files are no articles and must not be rewritten.
SKIPPED_FOLDERS = ("node_modules", "__pycache__", "site-packages")
DATASET_SUFFIXES = (".jsonl", ".ndjson", ".parquet")


class Entry(NamedTuple):
    """One input: its path, its path below the folder walked (empty for a file named alone), and
    why it cannot be read (if so)."""

    path: str
    relative: str
    error: str | None = None


def inputs(
    paths: Sequence[Path],
    include: Sequence[str],
    exclude: Sequence[str],
    *,
    skip: Path | None = None,
    temporaries: list[str] | None = None,
    contained: bool = False,
) -> Iterator[tuple[Path, Entry]]:
    """Yield ``(root, entry)`` for every input: each of ``paths`` that is not a folder (as its
    own root, with an empty ``relative``), and the files ``walk`` finds under each folder.
    ``skip`` (an output folder) is never entered below a root; with ``contained``, no folder
    link leading outside its root is followed."""
    skipped = identity(skip) if skip is not None else None
    for root in paths:
        if root.is_dir():
            for entry in walk(root, include, exclude, skip=skipped, temporaries=temporaries, contained=contained):
                yield root, entry
        else:
            yield root, Entry(str(root), "")


def jobs(
    paths: Sequence[Path],
    include: Sequence[str],
    exclude: Sequence[str],
    *,
    out: Path | None,
    write: bool,
    out_file: bool = False,
    temporaries: list[str] | None = None,
    sites: bool = False,
    field: str | None = None,
    datasets: list[tuple[Path, Path]] | None = None,
) -> Iterator[Job]:
    """Yield a job per input under ``paths`` (which exist), walking folders as the jobs are
    taken: a tree of any size costs no more memory than its largest folder listing. A written
    file goes in place, or under ``out`` at its path below the folder given (a file named
    alone: at its path below the working folder). With ``sites``, each job names its site
    (``site_of``). With ``out_file``, the one file named goes to ``out`` itself.

    A dataset found in a folder (``DATASET_SUFFIXES``) is no text file: with ``field`` it is added
    to ``datasets`` with its target (its own path, or its path under ``out``), without it the
    job is an error; lines of records are never cleaned as lines of text."""
    # Several inputs can map to one output (two folders holding the same names): the later
    # one is an error, not a silent overwrite. One input never does.
    taken: set[str] | None = set() if out is not None and write and len(paths) > 1 else None
    # In place, a folder link leading out of the folder given would rewrite files elsewhere.
    contained = out is None and write
    for root, entry in inputs(paths, include, exclude, skip=out, temporaries=temporaries, contained=contained):
        error = entry.error
        if not write:
            target = None
        elif out is None:
            target = entry.path
        elif entry.relative:
            target = os.path.join(out, entry.relative)
        elif out_file:  # the one file named alone, to the file --out names
            target = str(out)
        else:  # a file named alone
            target = str(out / relative_to_cwd(root))
        if taken is not None and error is None and target is not None:
            if target in taken:
                error = f"not written: {target} is the output of an earlier input"
            taken.add(target)
        if entry.relative and error is None and is_dataset(Path(entry.path)):
            if field is None:
                error = "a dataset (JSON Lines or Parquet): name the text field of its records with --field"
            else:
                if datasets is not None:
                    datasets.append((Path(entry.path), Path(target) if target is not None else Path(entry.path)))
                continue
        site = site_of(root, entry) if sites else None
        yield Job(entry.path, path=entry.path, target=target, error=error, site=site)


def site_of(root: Path, entry: Entry) -> str:
    """Return the site of an input, for the site boilerplate pass (``site_below``); a file named
    alone belongs to the folder it is in."""
    return site_below(entry.relative, root if entry.relative else Path(entry.path).parent)


def site_below(relative: str, folder: str | Path) -> str:
    """Return the site of the file at ``relative`` (``/``-separated) below ``folder``: the first
    folder below it, or, for a file directly in it, the folder's own name."""
    head, separator, _ = relative.partition("/")
    if separator:
        return text_name(head)
    return text_name(Path(os.path.abspath(folder)).name or str(folder))


def walk(
    root: Path,
    include: Sequence[str],
    exclude: Sequence[str],
    *,
    skip: tuple[int, int] | None = None,
    temporaries: list[str] | None = None,
    contained: bool = False,
) -> Iterator[Entry]:
    """Yield the files under ``root`` that match ``include`` and not ``exclude`` (by name or by
    path below ``root``), in the order ``sorted()`` gives paths, one folder listing at a time
    (hidden folders and those of ``SKIPPED_FOLDERS`` below ``root`` are not entered); and, in its
    place, each folder that cannot be listed, with the reason. Folder symlinks are followed once
    each (a loop ends at the first repeat); a folder gone before it is listed is skipped.

    Temporary files of an interrupted run are never yielded; they are added to ``temporaries``.
    The folder whose ``identity`` is ``skip`` is not entered, unless it is ``root`` itself. With
    ``contained`` (cleaning in place), a link to a folder outside ``root`` is not followed: it is
    an entry with that error.
    """
    taken, left_out = _matcher(include), _matcher(exclude)
    seen: set[tuple[int, int]] = {skip} if skip and skip != identity(root) else set()
    top = str(root)
    real_top = os.path.realpath(top)

    def files_in(folder: str, below: str) -> Iterator[Entry]:
        found = identity(folder)
        if found in seen:
            return
        if found is not None:
            seen.add(found)
        try:
            with os.scandir(folder) as listing:
                entries = sorted((entry.name, _is_dir(entry), _is_file(entry), entry.is_symlink()) for entry in listing)
        except FileNotFoundError:
            return
        except OSError as err:
            yield Entry(folder, below, f"cannot list the folder: {err.strerror or err}")
            return
        for name, is_dir, is_file, is_link in entries:
            path = os.path.join(folder, name)
            relative = f"{below}/{name}" if below else name
            if is_dir:
                if skipped_folder(name) or left_out(name) or left_out(relative):
                    continue
                if contained and is_link and not inside(os.path.realpath(path), real_top):
                    yield Entry(path, relative, f"a link to a folder outside {top}: not followed in place")
                    continue
                yield from files_in(path, relative)
                continue
            if writer.is_temporary(name):
                if temporaries is not None:
                    temporaries.append(path)
                continue
            if not (taken(name) or taken(relative)) or left_out(name) or left_out(relative):
                continue
            # Reading a named pipe would wait for a writer forever; a broken link is left to the
            # reader, which names the problem.
            yield Entry(path, relative, None if is_file else special_file(path))

    return files_in(top, "")


def _matcher(globs: Sequence[str]) -> Callable[[str], bool]:
    """Return a function telling whether a name matches any of ``globs`` (compiled once)."""
    if not globs:
        return _never
    pattern = re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(glob))})" for glob in globs))
    return lambda name: pattern.match(os.path.normcase(name)) is not None


def _never(name: str) -> bool:
    return False


def inside(path: str, folder: str) -> bool:
    """Whether the real path ``path`` is the real path ``folder`` or lies below it."""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def skipped_folder(name: str) -> bool:
    """True for a hidden folder (``.git``, ``.venv``) and the others of ``SKIPPED_FOLDERS``."""
    return name.startswith(".") or name in SKIPPED_FOLDERS


def looks_like_json_lines(data: bytes, lines: int = 20) -> bool:
    """Whether ``data`` (standard input) is JSON Lines: of its first non-blank lines (up to
    ``lines``), two at least, and half at least, are each a JSON object. A broken record among
    them does not make the stream text (its identical records would vanish as lines of text)."""
    import json

    seen = objects = 0
    for line in data.splitlines():
        if not line.strip():
            continue
        seen += 1
        if line.lstrip().startswith(b"{"):
            with contextlib.suppress(ValueError):
                objects += isinstance(json.loads(line), dict)
        if seen == lines:
            break
    return objects >= 2 and objects * 2 >= seen


def is_dataset(path: Path) -> bool:
    """True for a JSON Lines or Parquet file, by its name."""
    return path.suffix.lower() in DATASET_SUFFIXES


def identity(folder: str | Path) -> tuple[int, int] | None:
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


def special_file(path: str) -> str | None:
    """Return why ``path`` is no file to read (a named pipe, a socket, a device), else None."""
    from dedupe.decode import special_kind

    try:
        return special_kind(os.stat(path).st_mode)
    except OSError:
        return None


def relative_to_cwd(path: Path) -> Path:
    """Return ``path`` below the working folder, or its name when it is elsewhere."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return Path(path.name)

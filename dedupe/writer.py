"""CleanResult -> text (normalised, or the input's own bytes less the removals), unified diff;
atomic file writes and their temporary files."""

from __future__ import annotations

import contextlib
import difflib
import itertools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, NamedTuple, NoReturn, TypeVar

from dedupe.decode import BOMS, LINE_BREAK_CHARS, unify_line_breaks
from dedupe.model import UNSHOWN, DedupeError, Paragraph, Removal, Source

T = TypeVar("T", str, bytes)
TEMP_PREFIX = ".dedupe-"
TEMP_SUFFIX = ".tmp"


def render(source: Source, kept: Iterable[Paragraph], paragraphs: Iterable[Paragraph]) -> str:
    """Return the kept paragraphs joined in the layout they came in.

    A removed paragraph takes its own line with it; the gap before the next kept paragraph is
    the widest gap among the removed paragraphs and its own, so a blank line is never lost.
    """
    kept_indexes = {p.index for p in kept}
    parts: list[str] = []
    gap = 0
    for paragraph in paragraphs:
        gap = max(gap, paragraph.blank_lines_before)
        if paragraph.index not in kept_indexes:
            continue
        if parts:
            parts.append("\n" * (1 + gap))
        parts.append(paragraph.text)
        gap = 0
    text = "".join(parts)
    return text + "\n" if text and source.final_newline else text


def faithful(data: bytes, source: Source, paragraphs: Sequence[Paragraph], removed: Iterable[Removal]) -> bytes:
    """Return ``data`` with only the removed paragraphs, and the line breaks that went with them,
    cut out: the encoding, a BOM, line endings, whitespace and every kept byte stay as they were.

    Blank lines are kept as the normalised writer keeps them: a removal never leaves two gaps
    side by side, only the wider one.

    >>> from dedupe.clean import clean_bytes
    >>> data = "Лид статьи, длинный абзац.  \\r\\nЛид статьи, длинный абзац.\\r\\nТекст\\u00a0\\r\\n".encode("cp1251")
    >>> result = clean_bytes(data)
    >>> faithful(data, result.source, result.paragraphs, result.removed).decode("cp1251")
    'Лид статьи, длинный абзац.  \\r\\nТекст\\xa0\\r\\n'
    """
    removed = list(removed)
    if not removed:
        return data
    lines = source.original.split("\n")
    drop = _dropped_lines(lines, paragraphs, removed)
    prefix, codec = _codec_parts(data, source.encoding)
    body = data[len(prefix) :]
    try:
        text = body.decode(codec)
        exact = text.encode(codec) == body
    except (UnicodeError, LookupError):
        exact = False
    if exact:
        return prefix + _cut(LINE_BREAK.split(text), drop, "").encode(codec)
    # A file whose lines were decoded in two encodings: its lines are cut as bytes.
    parts = BYTE_LINE_BREAK.split(body)
    if codec.startswith(("utf-16", "utf-32")) or (len(parts) + 1) // 2 != len(lines):
        raise DedupeError("cannot cut the duplicates out of this file and keep its bytes (--no-normalize)")
    return prefix + _cut(parts, drop, b"")


LINE_BREAK = re.compile(f"(\r\n|[\n{LINE_BREAK_CHARS}])")  # the breaks the reader counts
# Those of them that are one byte in an ASCII-compatible encoding (the line count checks the rest).
BYTE_LINE_BREAK = re.compile(b"(\r\n|[\n" + "".join(c for c in LINE_BREAK_CHARS if c.isascii()).encode() + b"])")


def _codec_parts(data: bytes, encoding: str) -> tuple[bytes, str]:
    """Return the BOM ``data`` starts with (if its encoding was read from one) and the codec of the rest."""
    for bom, name, codec in BOMS:
        if encoding == name and data.startswith(bom):
            return bom, codec
    return b"", encoding


def _dropped_lines(lines: list[str], paragraphs: Sequence[Paragraph], removed: list[Removal]) -> set[int]:
    """Return the input's lines (0-based) that go with the removed paragraphs: their own lines,
    and the blank lines their going would double. Between two lines that stay, only the widest
    of the blank runs a removal leaves stays (as the normalised writer keeps the widest gap); the
    file's own blank lines before its first kept line and after its last one stay."""
    blank = [not _visible(line) for line in lines]
    drop: set[int] = set()
    for removal in removed:
        paragraph = paragraphs[removal.index]
        first = removal.line - 1  # the input's line: the blank lines before the text counted
        drop.update(range(first, first + paragraph.text.count("\n") + 1))
    runs: list[range] = []  # blank runs since the last line that stays
    cuts: list[int] = []  # dropped lines since then
    top = True  # no line stays before this stretch
    number = 0
    while number <= len(lines):
        if number < len(lines) and blank[number]:
            end = number
            while end < len(lines) and blank[end]:
                end += 1
            runs.append(range(number, end))
            number = end
            continue
        if number < len(lines) and number in drop:
            cuts.append(number)
            number += 1
            continue
        if cuts and runs:
            if top:  # the file's own leading blank lines, if they come before what went
                keep = runs[0] if runs[0].start < cuts[0] else None
            elif number == len(lines):  # its own trailing blank lines, if they come after it
                keep = runs[-1] if runs[-1].start > cuts[-1] else None
            else:
                keep = max(runs, key=len)
            for run in runs:
                if run is not keep:
                    drop.update(run)
        runs, cuts, top = [], [], False
        number += 1
    return drop


def _visible(line: str) -> bool:
    from dedupe.reader import normalize

    return bool(normalize(line))


def _cut(parts: list[T], drop: set[int], empty: T) -> T:
    """Join ``parts`` (each line and the break after it, alternately; the last line has none)
    without the dropped lines. A file that did not end with a line break still does not."""
    count = (len(parts) + 1) // 2
    kept = [n for n in range(count) if n not in drop]
    pieces = [parts[2 * n] + (parts[2 * n + 1] if 2 * n + 1 < len(parts) else empty) for n in kept]
    if parts[-1] and kept and kept[-1] != count - 1:
        pieces[-1] = parts[2 * kept[-1]]  # the last line went, and it had no break after it
    return empty.join(pieces)


def unified_diff(before: str, after: str, path: str) -> str:
    """Return a unified diff from ``before`` to ``after``, empty when they are equal; line ends
    of either kind compare equal (a faithful output keeps CRLF, the text read has LF)."""
    lines = difflib.unified_diff(
        unify_line_breaks(before).splitlines(keepends=True),
        unify_line_breaks(after).splitlines(keepends=True),
        fromfile=f"a/{path.translate(UNSHOWN)}",  # a name with an escape sequence moves no cursor
        tofile=f"b/{path.translate(UNSHOWN)}",
    )
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


LINE_ENDS = {"\r\n": "CRLF", "\r": "CR"}


def normalized_header(source: Source, path: str) -> str:
    """Return the line a --diff prints above a file's hunks when normalising also changes what
    no line shows: its encoding (or BOM) and its line ends; "" when neither changes."""
    changes = []
    if source.encoding not in ("utf-8", "ascii"):
        changes.append(f"encoding {source.encoding} -> utf-8")
    if source.newline in LINE_ENDS:
        changes.append(f"line ends {LINE_ENDS[source.newline]} -> LF")
    return f"# {path.translate(UNSHOWN)}: {', '.join(changes)}\n" if changes else ""


def followed(path: str | Path) -> str | Path:
    """The file a named output is written to: ``path``, or the file a symlink there leads to (made
    if missing), so that the link stays a link; a DedupeError when it is, or leads to, something
    that is no regular file (``/dev/null``, a pipe, a folder), which a rename would replace."""
    if not os.path.islink(path):
        if os.path.exists(path) and not os.path.isfile(path):  # a device, a pipe, a folder
            raise DedupeError("not a regular file (a device, a pipe, a folder): refused", path)
        return path
    try:
        real = os.path.realpath(path, strict=True)
    except FileNotFoundError:  # a link to a file to make
        real = os.path.realpath(path)
    except OSError as err:  # a loop of links
        raise DedupeError(f"cannot be written: {err.strerror or err}", path) from err
    if os.path.exists(real) and not os.path.isfile(real):
        raise DedupeError(f"a symlink to {real}, which is not a regular file: refused", path)
    return real


def write_atomic(
    path: str | Path,
    data: bytes,
    *,
    keep: os.stat_result | None = None,
    read: Snapshot | None = None,
    into: bool = False,
    follow: bool = False,
) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader of ``path`` sees the old bytes or the new ones, never a part; an interrupted write
    leaves at most a ``.dedupe-*.tmp`` file, which folder walks skip and remove. (The bytes go
    with ``os.write``: a file object would cost more than the write itself for a short article.)
    ``follow``: a symlink at ``path`` stays, and the file it leads to is written (``followed``):
    for an output the user names (a report, a table, a page), not one in an output folder.
    """
    if follow:
        path = followed(path)
    names: list[str] = []  # the temporary's name, known before the file exists
    handle = -1
    try:
        handle = _open_temporary(path, names)
        view = memoryview(data)
        while view:
            view = view[os.write(handle, view) :]
        handle, closing = -1, handle  # marked closed first: a Ctrl-C between never closes it twice
        os.close(closing)
        if into:
            # Complete now: named for its file, so that a run killed while copying it into the
            # file leaves what the next run needs to finish the write (``remove_stale_temporaries``).
            marked = _into_name(names[-1], path)
            if marked != names[-1]:
                os.rename(names[-1], marked)
                names[-1] = marked
            _copy_into(marked, path)
            _discard(names)
        else:
            _replace(names[-1], path, keep, read)
    except BaseException as err:
        if handle >= 0:
            with contextlib.suppress(OSError):
                os.close(handle)
        _abandon(names, path, err)


class Snapshot(NamedTuple):
    """What a file was when it was read: the rewrite checks that it still is."""

    size: int
    mtime_ns: int
    inode: int

    @classmethod
    def of(cls, path: str | Path, info: os.stat_result | None = None) -> Snapshot:
        info = info or os.stat(path)
        return cls(info.st_size, info.st_mtime_ns, info.st_ino)

    def check(self, path: str | Path, info: os.stat_result | None = None) -> None:
        """Raise a DedupeError naming ``path`` unless the file is still as it was read."""
        try:
            now = Snapshot.of(path, info)
        except FileNotFoundError:
            raise DedupeError("removed while it was cleaned: not written", path) from None
        if now != self:
            raise DedupeError("changed while it was cleaned: not written", path)


def rewrite(path: str | Path, data: bytes, read: Snapshot | None = None) -> None:
    """Replace the content of the file at ``path`` with ``data``, as the file it is.

    A symlink stays a link, and the file it leads to is rewritten; the mode, and the owner and
    group where this user may set them, stay. A file without write permission is an error, as is
    one that changed or went since it was ``read``: nothing is written. A file with other hard
    links keeps its inode, so every name sees the new bytes: it is written in place (after the
    bytes were written once beside it, so a full disk fails before the file is touched), which
    an interruption can leave part-written; every other file is replaced atomically.
    """
    real = os.path.realpath(path)
    try:
        info = os.stat(real)
    except FileNotFoundError as err:
        raise DedupeError("removed while it was cleaned: not written", path) from err
    except OSError as err:
        raise DedupeError(f"cannot write: {err.strerror or err}", path) from err
    if not info.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise DedupeError("read-only: not written", path)
    if read is not None:
        read.check(path, info)
    if info.st_nlink > 1:
        write_atomic(real, data, keep=info, into=True)
    else:
        write_atomic(real, data, keep=info, read=read)


def _abandon(names: list[str], path: str | Path, err: BaseException) -> NoReturn:
    """Remove the temporary file and raise: a file system error as a DedupeError naming ``path``."""
    _discard(names)
    if isinstance(err, OSError):
        raise DedupeError(f"cannot write: {err.strerror or err}", path) from err
    raise err


def _replace(
    temporary: str, path: str | Path, keep: os.stat_result | None = None, read: Snapshot | None = None
) -> None:
    """Give ``temporary`` the mode, owner and group of the file it replaces (if any; the owner
    where this user may set it), then put it in its place, unless that file changed since it
    was ``read``."""
    try:
        info = keep or os.stat(path)
    except FileNotFoundError:
        info = None
    if info is not None:
        os.chmod(temporary, info.st_mode & 0o7777)
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != _owner(temporary):
            with contextlib.suppress(PermissionError):
                os.chown(temporary, info.st_uid, info.st_gid)
    if read is not None:  # the last look before the rename: an edit saved meanwhile wins
        read.check(path)
    os.replace(temporary, path)


def _owner(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid


def _copy_into(temporary: str, path: str | Path) -> None:
    """Write the bytes of ``temporary`` into the file at ``path`` itself (its inode stays)."""
    with open(temporary, "rb") as source, open(path, "r+b") as target:
        while chunk := source.read(1 << 20):
            target.write(chunk)
        target.truncate()


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, follow: bool = False) -> Iterator[BinaryIO]:
    """Yield a binary stream whose bytes replace ``path`` only when the block ends normally.

    The rename is atomic for other processes and survives this one being killed. Like most
    formatters, it does not fsync: surviving a power cut is left to the filesystem. ``follow``
    as for ``write_atomic``.
    """
    if follow:
        path = followed(path)
    names: list[str] = []  # the temporary's name, known before the file exists
    try:
        with os.fdopen(_open_temporary(path, names), "wb") as stream:
            yield stream
        _replace(names[-1], path)
    except BaseException as err:
        _abandon(names, path, err)


def _open_temporary(path: str | Path, names: list[str]) -> int:
    """Create a temporary file beside ``path`` (and its folder if missing) and return its handle.

    Its name is added to ``names`` before the file is made, so a Ctrl-C at any point leaves the
    caller knowing what to remove (``_discard``)."""
    folder = os.path.dirname(path) or "."
    try:
        return _create_temporary(folder, names)
    except FileNotFoundError:
        os.makedirs(folder, exist_ok=True)
        return _create_temporary(folder, names)


def _create_temporary(folder: str | Path, names: list[str]) -> int:
    # tempfile.mkstemp costs several times the write itself; the process id, a counter and
    # random bits make a name no other writer picks, and O_EXCL makes sure of it.
    while True:
        name = os.path.join(folder, f"{TEMP_PREFIX}{os.getpid()}-{next(_counter)}-{os.urandom(4).hex()}{TEMP_SUFFIX}")
        names.append(name)
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
        except FileExistsError:
            names.pop()  # another file's name: never ours to remove


def _discard(names: list[str]) -> None:
    for name in names:
        with contextlib.suppress(FileNotFoundError, NotADirectoryError):
            os.unlink(name)


_counter = itertools.count()


def probe_folder(folder: Path) -> None:
    """Raise a :class:`DedupeError` unless a file can be created in ``folder`` (made if missing)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        names: list[str] = []
        os.close(_create_temporary(folder, names))
    except (FileExistsError, NotADirectoryError) as err:  # a file where a folder should be
        raise DedupeError(f"{err.filename or folder} is no folder", folder) from err
    except OSError as err:
        raise DedupeError(str(err.strerror or err), folder) from err
    _discard(names)


def remove_stale_temporaries(paths: Iterable[str]) -> list[str]:
    """Remove the ``.dedupe-*.tmp`` files among ``paths`` that an interrupted run left behind;
    return them. Files of a writer still running elsewhere are left alone. One that holds the
    complete output of a write into a hard-linked file (``-into-NAME``) first finishes that
    write: the run was killed while the file was being overwritten."""
    removed = []
    for path in paths:
        name = os.path.basename(path)
        match = TEMPORARY_NAME.fullmatch(name)
        if match is None:
            continue
        pid = name[len(TEMP_PREFIX) :].split("-", 1)[0]
        if pid.isdigit() and alive(int(pid)):
            continue
        if match.group(1):
            target = os.path.join(os.path.dirname(path), match.group(1))
            if not os.path.isfile(target):
                continue  # its file is gone: the bytes stay for the user
            try:
                _copy_into(path, target)
            except OSError:
                continue
        with contextlib.suppress(FileNotFoundError, PermissionError):
            os.unlink(path)
            removed.append(path)
    return removed


def _into_name(temporary: str, path: str | Path) -> str:
    """The name of a complete temporary about to be copied into ``path`` (or itself, where the
    file's name would make it too long)."""
    base = os.path.basename(path)
    if len(os.fsencode(base)) > 160:
        return temporary
    return temporary[: -len(TEMP_SUFFIX)] + f"-into-{base}{TEMP_SUFFIX}"


TEMPORARY_NAME = re.compile(r"\.dedupe-\d+-\d+-[0-9a-f]{8}(?:-into-(.+))?\.tmp", re.DOTALL)


def is_temporary(name: str) -> bool:
    """True for the name of a temporary file dedupe writes before renaming it (exactly: a
    user's own ``.dedupe-notes.tmp`` is no such file)."""
    return TEMPORARY_NAME.fullmatch(name) is not None


def temporaries_beside(path: str | Path) -> list[str]:
    """Return the temporary files dedupe may have left in the folder of ``path``."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [os.path.join(folder, name) for name in sorted(names) if is_temporary(name)]


def alive(pid: int) -> bool:
    """True while process ``pid`` runs; a zombie (dead, not yet reaped by its parent) writes no more."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as stream:
            # The state follows the command name, which is in parentheses and may hold any byte.
            return stream.read().rpartition(b")")[2].split()[:1] == [b"Z"]
    except OSError:
        return False  # no /proc here, or the process just went: alive is the safe answer

"""The walk: sorted order, one folder listing at a time, folders skipped, and nothing deleted."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dedupe import files, writer


def test_walk_gives_sorted_order_one_folder_at_a_time(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    names = ["a", "a.txt", "a b.txt", "A.txt", "b/x.txt", "a/z.txt", "a/y/1.txt", "a.b/c.txt", "é.txt", "b0.txt"]
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        if name != "a":
            (root / name).write_text("x\n")
    (root / "link").symlink_to(root / "b", target_is_directory=True)  # b again: listed once
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "o.txt").write_text("x\n")
    (root / "m").symlink_to(tmp_path / "elsewhere", target_is_directory=True)  # followed
    stale = root / "b" / ".dedupe-1-2-0000abcd.tmp"
    stale.write_text("left by a killed run\n")

    temporaries: list[str] = []
    walk = files.walk(root, ("*",), (), temporaries=temporaries)
    found = [p for p in root.rglob("*") if p.is_file() and not p.name.startswith(".dedupe-")]
    expected = sorted([*found, root / "m" / "o.txt"])
    entries = list(walk)
    assert [Path(entry.path) for entry in entries] == expected
    assert all(entry.error is None for entry in entries)
    assert [entry.relative for entry in entries][:2] == ["A.txt", "a/y/1.txt"]
    assert temporaries == [str(stale)]  # once: b and link are one folder
    assert stale.exists()  # listing never deletes; removing is the caller's step

    # Folders are listed as the walk reaches them: one removed meanwhile is simply not there.
    walk = files.walk(root, ("*",), ())
    assert next(walk).path == str(root / "A.txt")
    shutil.rmtree(root / "b")
    assert [Path(entry.path).name for entry in walk] == [
        "1.txt",
        "z.txt",
        "a b.txt",
        "c.txt",
        "a.txt",
        "b0.txt",
        "o.txt",
        "é.txt",
    ]


def test_include_and_exclude_match_names_and_paths(tmp_path: Path) -> None:
    for name in ["keep.txt", "skip.txt", "sub/keep.txt", "sub/deep/keep.txt", "node_modules/x.txt", ".git/y.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    walked = [entry.relative for entry in files.walk(tmp_path, ("*.txt",), ("skip.txt", "sub/deep"))]
    assert walked == ["keep.txt", "sub/keep.txt"]


def test_stale_temporaries_of_dead_writers_go_and_a_live_ones_stay(tmp_path: Path) -> None:
    dead = tmp_path / ".dedupe-999999999-0-000000aa.tmp"
    live = tmp_path / f".dedupe-{os.getpid()}-0-000000bb.tmp"
    other = tmp_path / "article.txt"
    for path in (dead, live, other):
        path.write_text("x")
    removed = writer.remove_stale_temporaries([str(dead), str(live), str(other)])
    assert removed == [str(dead)]
    assert live.exists()
    assert other.exists()
    assert not dead.exists()


def test_a_dead_writer_not_yet_reaped_counts_as_dead(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        # Not waited for, the finished child stays a zombie: its pid still exists.
        deadline = time.monotonic() + 30
        while (Path(f"/proc/{child.pid}/stat").read_bytes().rpartition(b")")[2].split()[:1]) != [b"Z"]:
            assert time.monotonic() < deadline, "the child did not finish"
            time.sleep(0.01)
        left = tmp_path / f".dedupe-{child.pid}-0-000000cc.tmp"
        left.write_text("x")
        assert writer.remove_stale_temporaries([str(left)]) == [str(left)]
    finally:
        child.wait()

"""Bad input, faults and interruptions: every problem is one line naming the file, the good files
are cleaned, and no file is ever left half-written."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe import clean_bytes
from dedupe.cli import main
from tests.reports import report_entries

DOUBLED = "Lead paragraph of the article.\nLead paragraph of the article.\nBody paragraph.\n"
CLEAN = "Lead paragraph of the article.\nBody paragraph.\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_bad_inputs_beside_good_files(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = {
        "good.txt": DOUBLED.encode(),
        "empty.txt": b"",
        "blank.txt": b"  \n\t\n\xc2\xa0\n",
        "all duplicates.txt": (DOUBLED.splitlines()[0] + "\n").encode() * 50,
        "mixed encodings.txt": DOUBLED.encode()
        + "Второй абзац статьи в другой кодировке.\n".encode("cp1251")
        + "Третий абзац статьи в UTF-8, как и весь файл.\n".encode(),
        "статья.txt": DOUBLED.encode(),
    }
    bad = {
        "nul.txt": b"text\x00\x01\x02\x03" * 20,
        "image.txt": PNG,
        "undecodable.txt": bytes(range(0x80, 0x100)) * 4 + b"\x00\x81\x8d\x8f\x90\x9d" * 8,
    }
    for name, data in {**good, **bad}.items():
        (folder / name).write_bytes(data)
    (folder / "x.txt").mkdir()  # a folder with an article's name is walked, not read
    (folder / "x.txt" / "inner.txt").write_text(DOUBLED)
    (folder / "broken.txt").symlink_to(folder / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "pipe.txt")  # reading it would wait for a writer forever
    (folder / "sub").mkdir()
    (folder / "sub" / "back").symlink_to(folder, target_is_directory=True)  # a folder loop
    report = tmp_path / "report.jsonl"

    out = tmp_path / "out"
    result = runner.invoke(
        main, ["clean", str(folder), str(tmp_path / "missing.txt"), "--out", str(out), "--report", str(report)]
    )

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    problems = [line for line in result.stderr.splitlines() if ": " in line and "removed" not in line]
    failed = {"nul.txt", "image.txt", "undecodable.txt", "broken.txt", "loop.txt", "pipe.txt", "missing.txt"}
    for name in failed:
        assert sum(Path(line.split(": ")[0]).name == name for line in problems) == 1, (name, result.stderr)
    records = {Path(r["path"]).name: r for r in report_entries(report.read_text())}
    assert {name for name, r in records.items() if r["error"]} == failed
    assert "binary data" in records["image.txt"]["error"]
    assert records["pipe.txt"]["error"] == "not a regular file (a named pipe)"
    for name, data in good.items():
        assert (tmp_path / "out" / name).read_text(encoding="utf-8") == clean_bytes(data).text
    assert (tmp_path / "out" / "good.txt").read_text() == CLEAN
    assert (tmp_path / "out" / "all duplicates.txt").read_text() == DOUBLED.splitlines()[0] + "\n"
    assert "второй абзац" in (tmp_path / "out" / "mixed encodings.txt").read_text().lower()
    assert (tmp_path / "out" / "x.txt" / "inner.txt").read_text() == CLEAN
    assert "7 files failed" in result.stderr


def test_traceback_only_with_verbose_on_internal_errors(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(PNG)
    result = runner.invoke(main, ["clean", "-v", str(tmp_path / "a.txt")])
    assert result.exit_code == 2
    assert "Traceback" not in result.output  # a bad file is not a bug


def test_one_huge_line_beside_a_good_file(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    huge = ("word " * 20_000_000).rstrip().encode()  # 100 MB on one line
    (tmp_path / "in" / "huge.txt").write_bytes(huge)
    (tmp_path / "in" / "good.txt").write_text(DOUBLED)
    result = runner.invoke(main, ["clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "out" / "huge.txt").read_bytes() == huge
    assert (tmp_path / "out" / "good.txt").read_text() == CLEAN


def test_a_million_tiny_paragraphs() -> None:
    data = "".join(f"p{number % 1000}\n" for number in range(1_000_000)).encode()
    result = clean_bytes(data)
    # Short lines repeated far apart stay (SPEC 3); nothing repeats next to its copy here.
    assert result.removed == ()
    assert len(result.paragraphs) == 1_000_000


def test_unwritable_output_folder_is_one_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DOUBLED)
    (tmp_path / "file").write_text("not a folder")
    result = runner.invoke(main, ["clean", str(tmp_path / "a.txt"), "--out", str(tmp_path / "file" / "out")])
    assert result.exit_code == 2
    assert "cannot write to" in result.stderr
    assert result.stderr.count("\n") <= 4
    assert (tmp_path / "a.txt").read_text() == DOUBLED


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
def test_read_only_output_folder(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int) -> None:
    # Tests may run as root, which writes through permission bits: the error is injected.
    (tmp_path / "a.txt").write_text(DOUBLED)
    real_open = os.open

    def refuse(path: str, flags: int, mode: int = 0o777) -> int:
        if flags & os.O_CREAT:
            raise OSError(code, os.strerror(code), path)
        return real_open(path, flags, mode)

    monkeypatch.setattr("dedupe.writer.os.open", refuse)
    result = runner.invoke(main, ["clean", "-j", "1", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert f"cannot write to {tmp_path / 'out'}: {os.strerror(code)}" in result.stderr
    in_place = runner.invoke(main, ["clean", "-j", "1", str(tmp_path / "a.txt")])
    assert in_place.exit_code == 2
    assert f"a.txt: cannot write: {os.strerror(code)}" in in_place.stderr
    assert (tmp_path / "a.txt").read_text() == DOUBLED


def test_full_disk_leaves_no_partial_file(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text(DOUBLED)
    real_write = os.write
    temporaries: list[int] = []
    real_open = os.open

    def open_(path: str, flags: int, mode: int = 0o777) -> int:
        handle = real_open(path, flags, mode)
        if os.path.basename(path).startswith(".dedupe-"):
            temporaries.append(handle)
        return handle

    def write(handle: int, data: bytes) -> int:
        if handle not in temporaries:
            return real_write(handle, data)
        real_write(handle, bytes(data[:3]))  # a part goes, then the disk is full
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("dedupe.writer.os.open", open_)
    monkeypatch.setattr("dedupe.writer.os.write", write)
    result = runner.invoke(main, ["clean", "-j", "1", str(tmp_path / "a.txt")])
    assert temporaries  # the fault was met
    assert result.exit_code == 2
    assert f"a.txt: cannot write: {os.strerror(errno.ENOSPC)}" in result.stderr
    assert (tmp_path / "a.txt").read_text() == DOUBLED
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def _archive(folder: Path, count: int) -> dict[Path, bytes]:
    originals = {}
    for number in range(count):
        path = folder / f"{number // 100:02d}" / f"article {number:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        body = f"Paragraph {number} of the archive, long enough to count.\n" * 3
        data = (DOUBLED + body).encode() * 20
        path.write_bytes(data)
        originals[path] = data
    return originals


def _start(folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "dedupe", "clean", str(folder), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the signal reaches the workers too
        # A shell starts background jobs with Ctrl-C ignored, and programs keep that (as they
        # should): the run under test gets the terminal's default, whoever started the tests.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _wait_until_some_changed(originals: dict[Path, bytes], process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if sum(path.read_bytes() != data for path, data in list(originals.items())[:: len(originals) // 50]) >= 2:
            return
        time.sleep(0.02)
    pytest.fail("the run finished or stalled before it could be interrupted")


def _wait_until_group_gone(group: int) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        members = []
        for entry in Path("/proc").iterdir():
            try:
                fields = (entry / "stat").read_bytes().rsplit(b")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[2]) == group:  # state, ppid, process group
                members.append(entry.name)
        if not members:
            return
        time.sleep(0.05)
    pytest.fail(f"processes of the killed run still there: {members}")


def _assert_whole(originals: dict[Path, bytes]) -> int:
    changed = 0
    for path, data in originals.items():
        now = path.read_bytes()
        if now != data:
            assert now.decode() == clean_bytes(data).text, path
            changed += 1
    return changed


def test_sigkill_midway_costs_no_file(tmp_path: Path) -> None:
    originals = _archive(tmp_path, 3000)
    process = _start(tmp_path)
    _wait_until_some_changed(originals, process)
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    _wait_until_group_gone(process.pid)  # a temporary file of a live process is left alone
    changed = _assert_whole(originals)
    assert 0 < changed < len(originals)
    finish = subprocess.run([sys.executable, "-m", "dedupe", "clean", str(tmp_path)], capture_output=True, check=False)
    assert finish.returncode == 0, finish.stderr
    assert _assert_whole(originals) == len(originals)
    assert not list(tmp_path.rglob(".dedupe-*"))


def test_ctrl_c_exits_130_and_leaves_no_partial_file(tmp_path: Path) -> None:
    originals = _archive(tmp_path, 3000)
    process = _start(tmp_path)
    _wait_until_some_changed(originals, process)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr
    assert b"Traceback" not in stderr
    changed = _assert_whole(originals)
    assert 0 < changed < len(originals)
    assert not list(tmp_path.rglob(".dedupe-*"))


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        found.update(int(child) for child in task.read_text().split())
    return found


def test_a_worker_whose_parent_died_before_it_started_goes() -> None:
    # A parent killed between starting a worker and the worker's set-up has left the worker to
    # another process: the worker watches the parent it was given, not the one it finds then.
    gone = -1  # no process's parent
    program = f"import time; from dedupe.batch import _ignore_interrupts; _ignore_interrupts({gone}); time.sleep(60)"
    worker = subprocess.run([sys.executable, "-c", program], timeout=50, check=False)
    assert worker.returncode == 3


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads the process tree from /proc (Linux)")
def test_workers_go_when_their_parent_is_killed_alone(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    body = "\n".join(f"Paragraph {n} of a long article that the workers take their time over." for n in range(400))
    for number in range(3000):
        (folder / f"{number:05}.txt").write_text(f"{body}\n{body}\n")
    command = [sys.executable, "-m", "dedupe", "clean", str(folder), "--out", str(tmp_path / "out"), "-j", "3"]
    parent = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(parent.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) >= 2, "the run started no workers"
        parent.kill()  # SIGKILL to the parent alone, as the OOM killer sends it
        parent.wait(timeout=30)
        deadline = time.monotonic() + 20
        while any(Path(f"/proc/{worker}").exists() for worker in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        alive = [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)]
        assert alive == []
    finally:
        if parent.poll() is None:
            parent.kill()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def test_a_report_that_cannot_be_written_is_one_error_and_no_part_of_it_stays(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(3):
        (folder / f"{number}.txt").write_text(DOUBLED)
    report = tmp_path / "reports" / "report.jsonl"
    from dedupe import report as reporting

    dumps = reporting.dumps

    def full_disk(entry: dict[str, object]) -> str:  # the disk fills up at the second record
        if str(entry.get("path")).endswith("1.txt"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return dumps(entry)

    monkeypatch.setattr(reporting, "dumps", full_disk)
    result = runner.invoke(main, ["clean", str(folder), "--report", str(report)])
    assert result.exit_code == 2
    assert f"{report}: cannot write the report: No space left on device; not written" in result.stderr
    assert "Traceback" not in result.output
    assert not report.exists()
    assert not list(report.parent.glob(".dedupe-*"))
    assert [(folder / f"{n}.txt").read_text() for n in range(3)] == [CLEAN] * 3  # the files are done


def test_a_report_to_a_closed_pipe_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(DOUBLED)
    command = [sys.executable, "-m", "dedupe", "clean", str(tmp_path), "--report", "-"]
    run = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert run.stdout is not None
    assert run.stderr is not None
    run.stdout.close()  # the reader of the report went away
    run.stdout = None
    _, error_bytes = run.communicate(timeout=60)
    error = error_bytes.decode()
    assert run.returncode == 2
    assert "cannot write the report" in error
    assert "Traceback" not in error


def site_folder(tmp_path: Path) -> Path:
    crawl = tmp_path / "crawl" / "site"
    crawl.mkdir(parents=True)
    for number in range(6):
        crawl.joinpath(f"{number}.txt").write_text(
            f"Story {number} of the site is here.\nFollow us on Telegram for more stories today.\n"
        )
    return tmp_path / "crawl"


def test_a_named_output_that_is_a_symlink_stays_one(runner: CliRunner, tmp_path: Path) -> None:
    crawl = site_folder(tmp_path)
    names = {"table": "table.json", "report": "report.jsonl", "page": "page.html"}
    for name in names.values():
        (tmp_path / f"link-{name}").symlink_to(tmp_path / name)  # each leads to a file not made yet
    table, report, page = (tmp_path / f"link-{name}" for name in names.values())
    args = ["clean", str(crawl), "--boilerplate-dry-run", "--boilerplate-table", str(table), "--report", str(report)]
    assert runner.invoke(main, args).exit_code == 0
    assert runner.invoke(main, ["audit", str(report), "-o", str(page)]).exit_code == 0
    for name in names.values():
        assert (tmp_path / f"link-{name}").is_symlink()
        assert (tmp_path / name).is_file()
    assert json.loads((tmp_path / "table.json").read_text())["format"] == "dedupe-site-boilerplate"


def test_the_table_is_no_other_output_and_its_folder_is_checked_first(runner: CliRunner, tmp_path: Path) -> None:
    crawl = site_folder(tmp_path)
    same = tmp_path / "x.json"
    result = runner.invoke(
        main, ["clean", str(crawl), "--boilerplate-dry-run", "--boilerplate-table", str(same), "--report", str(same)]
    )
    assert result.exit_code == 2
    assert "is the --report file" in result.output
    out = tmp_path / "out"
    args = [
        "clean",
        str(crawl),
        "--site-boilerplate",
        "--out",
        str(out),
        "--boilerplate-table",
        str(out / "site" / "0.txt"),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert "where an output could replace it" in result.output
    (tmp_path / "file").write_text("a file, not a folder")
    result = runner.invoke(
        main, ["clean", str(crawl), "--boilerplate-dry-run", "--boilerplate-table", str(tmp_path / "file" / "t.json")]
    )
    assert result.exit_code == 2
    assert "is no folder" in result.output
    assert "Site boilerplate:" not in result.output  # refused before counting


def test_an_output_below_a_file_is_one_error(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file, not a folder")
    result = runner.invoke(main, ["clean", "-", "--out", str(tmp_path / "file" / "x.txt")], input="Lead.\nLead.\n")
    assert result.exit_code == 2
    assert "is no folder" in result.stderr  # refused before standard input is read
    assert "Traceback" not in result.output


def test_a_killed_run_s_counting_folder_goes_at_the_next_site_run(runner: CliRunner, tmp_path: Path) -> None:
    import tempfile

    from dedupe.boilerplate import COUNTS_PREFIX

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(gone.stdout)  # a process that has ended: its folder is a killed run's
    top = Path(tempfile.gettempdir())
    left = top / f"{COUNTS_PREFIX}{dead}-killed"
    running = top / f"{COUNTS_PREFIX}{os.getpid()}-running"  # this process's: a run still going
    for folder in (left, running):
        (folder / "counts").mkdir(parents=True, exist_ok=True)
        (folder / "counts" / "000.bin").write_bytes(b"\x00" * 20)
    try:
        assert runner.invoke(main, ["clean", str(site_folder(tmp_path)), "--boilerplate-dry-run"]).exit_code == 0
        assert not left.exists()
        assert running.exists()
    finally:
        import shutil

        shutil.rmtree(left, ignore_errors=True)
        shutil.rmtree(running, ignore_errors=True)


def test_a_pipe_named_as_an_output_is_refused_and_stays_a_pipe(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Lead paragraph of the article.\nLead paragraph of the article.\n")
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    for args in (
        ["clean", str(article), "--out", str(pipe)],
        ["clean", str(article), "--check", "--report", str(pipe)],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2
        assert f"{pipe}: not a regular file" in result.output
        assert pipe.is_fifo()
    result = runner.invoke(main, ["clean", "-", "--out", str(pipe)], input="Lead.\nLead.\n")
    assert result.exit_code == 2
    assert pipe.is_fifo()


def test_the_report_replaces_no_input_and_no_output(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    text = "Lead paragraph of the article.\nLead paragraph of the article.\n"
    article.write_text(text)
    for args, said in (
        (["--report", str(article)], "is the input"),
        (["--out", str(tmp_path / "o.txt"), "--report", str(tmp_path / "o.txt")], "is the --out file"),
        (["--out", str(tmp_path / "out"), "--report", str(tmp_path / "out" / "x.txt")], "named as an article"),
        (["--report", str(tmp_path)], "is a folder"),
    ):
        result = runner.invoke(main, ["clean", str(article), *args])
        assert result.exit_code == 2, args
        assert said in result.output
        assert article.read_text() == text
    assert (
        runner.invoke(
            main, ["clean", str(article), "--out", str(tmp_path / "out"), "--report", str(tmp_path / "out" / "r.jsonl")]
        ).exit_code
        == 0
    )


def test_an_output_file_of_one_input_takes_its_kind(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Lead paragraph of the article.\nLead paragraph of the article.\n")
    result = runner.invoke(main, ["clean", str(article), "--out", str(tmp_path / "a.parquet")])
    assert result.exit_code == 2
    assert "converts no format" in result.output
    stream = json.dumps({"text": "Lead.\nLead.\n"}) + "\n"
    result = runner.invoke(main, ["clean", "-", "--field", "text", "--out", str(tmp_path / "o.parquet")], input=stream)
    assert result.exit_code == 2
    assert "converts no format" in result.output
    assert not (tmp_path / "a.parquet").exists()
    assert not (tmp_path / "o.parquet").exists()


def test_out_naming_a_symlink_writes_the_file_it_leads_to(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Lead paragraph of the article.\nLead paragraph of the article.\n")
    (tmp_path / "real").mkdir()
    link = tmp_path / "l.txt"
    link.symlink_to(tmp_path / "real" / "x.txt")
    assert runner.invoke(main, ["clean", str(article), "--out", str(link)]).exit_code == 0
    assert link.is_symlink()
    assert (tmp_path / "real" / "x.txt").read_text() == "Lead paragraph of the article.\n"


@pytest.mark.parametrize("closed", ["reader gone", "descriptor closed"])
def test_a_closed_standard_error_stops_the_messages_not_the_run(tmp_path: Path, closed: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(30):
        (folder / f"{number}.txt").write_text(f"Lead paragraph {number} of the article.\n" * 2)
    report, out = tmp_path / "r.jsonl", tmp_path / "out"
    command = [sys.executable, "-m", "dedupe", "clean", str(folder), "--out", str(out), "--report", str(report)]
    if closed == "reader gone":
        read, write = os.pipe()
        os.close(read)
        done = subprocess.run(command, stderr=write, stdout=subprocess.DEVNULL, check=False)
        os.close(write)
    else:
        done = subprocess.run(command, stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL, check=False,
                              preexec_fn=lambda: os.close(2))  # fmt: skip
    assert done.returncode == 0
    assert len(list(out.glob("*.txt"))) == 30
    assert len(report_entries(report.read_text())) == 30


def test_no_message_writes_a_terminal_escape_a_name_holds(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    name = "x\x1b]52;c;cHduZWQ=\x07\x1b[2J\u202e.txt"
    (folder / name).write_text("Lead paragraph of the article.\nLead paragraph of the article.\n")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    for args in (["--check"], ["--diff"], ["--out", str(tmp_path / "out")]):
        result = runner.invoke(main, ["clean", str(folder), *args])
        assert "\x1b" not in result.output, args
        assert "\u202e" not in result.output
        assert "\\x1b]52" in result.output


def test_the_report_replaces_no_article_a_folder_given_holds(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    text = "Lead paragraph of the article.\nLead paragraph of the article.\n"
    for name in ("a.txt", "sub/b.txt"):
        (folder / name).write_text(text)
    (tmp_path / "link.txt").symlink_to(folder / "a.txt")
    for report in (folder / "a.txt", folder / "sub" / "b.txt", tmp_path / "link.txt"):
        for extra in (["--check"], ["--out", str(tmp_path / "out")]):
            result = runner.invoke(main, ["clean", str(folder), *extra, "--report", str(report)])
            assert result.exit_code == 2
            assert "the report would replace it" in result.output
    assert all((folder / name).read_text() == text for name in ("a.txt", "sub/b.txt"))


def test_a_loop_of_links_as_a_named_output_is_refused_before_the_run(runner: CliRunner, tmp_path: Path) -> None:
    crawl = site_folder(tmp_path)
    before = {path: path.read_bytes() for path in crawl.rglob("*.txt")}
    (tmp_path / "one.json").symlink_to(tmp_path / "two.json")
    (tmp_path / "two.json").symlink_to(tmp_path / "one.json")
    for option in ("--boilerplate-table", "--report"):
        result = runner.invoke(main, ["clean", str(crawl), "--site-boilerplate", option, str(tmp_path / "one.json")])
        assert result.exit_code == 2
        assert "symbolic links" in result.output
    assert {path: path.read_bytes() for path in crawl.rglob("*.txt")} == before  # nothing ran


def test_a_reader_of_standard_output_gone_stops_the_diffs_not_the_report(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(300):
        (folder / f"{number}.txt").write_text(f"Lead paragraph {number} of the article.\n" * 2)
    report = tmp_path / "r.jsonl"
    command = [sys.executable, "-m", "dedupe", "clean", "--diff", str(folder), "--report", str(report)]
    read, write = os.pipe()
    os.close(read)
    done = subprocess.run(command, stdout=write, stderr=subprocess.PIPE, text=True, check=False)
    os.close(write)
    assert done.returncode == 1  # the diffs found changes; nothing failed
    assert "cannot write" not in done.stderr
    assert len(report_entries(report.read_text())) == 300


def test_a_usage_error_writes_a_name_s_escape_sequence_as_text(runner: CliRunner, tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Lead paragraph of the article.\nLead paragraph of the article.\n")
    result = runner.invoke(main, ["clean", str(article), "--out", str(tmp_path / "x\x1b]0;PWN\x07\u200f.jsonl")])
    assert result.exit_code == 2
    assert "\x1b" not in result.output
    assert "\u200f" not in result.output
    assert "x\\x1b]0;PWN\\x07\\u200f.jsonl" in result.output

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import dedupe
from dedupe import clean_bytes, similarity
from dedupe.cli import main
from tests.reports import report_entries

DOUBLED = "Lead paragraph of the article.\nLead paragraph of the article.\nBody paragraph.\n"
CLEAN = "Lead paragraph of the article.\nBody paragraph.\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(DOUBLED)
    (tmp_path / "in" / "sub" / "b.txt").write_text(CLEAN)
    (tmp_path / "in" / "notes.md").write_text(DOUBLED)
    return tmp_path


def test_out_writes_every_file_and_leaves_inputs(runner: CliRunner, tree: Path) -> None:
    result = runner.invoke(main, ["clean", str(tree / "in"), "--out", str(tree / "out")])
    assert result.exit_code == 0, result.output
    assert (tree / "out" / "a.txt").read_text() == CLEAN
    assert (tree / "out" / "sub" / "b.txt").read_text() == CLEAN
    assert not (tree / "out" / "notes.md").exists()
    assert (tree / "in" / "a.txt").read_text() == DOUBLED
    assert "a.txt: removed 1 duplicate paragraph" in result.stderr
    assert "1 file cleaned, 1 file unchanged, 1 paragraph removed." in result.stderr


def test_in_place_rewrites_only_changed_files(runner: CliRunner, tree: Path) -> None:
    untouched = tree / "in" / "sub" / "b.txt"
    before = untouched.stat().st_mtime_ns
    result = runner.invoke(main, ["clean", str(tree / "in")])
    assert result.exit_code == 0
    assert (tree / "in" / "a.txt").read_text() == CLEAN
    assert untouched.stat().st_mtime_ns == before
    assert not list((tree / "in").rglob(".dedupe-*"))


@pytest.mark.parametrize(("flag", "code"), [("--check", 1), ("--diff", 1)])
def test_check_and_diff_write_nothing(runner: CliRunner, tree: Path, flag: str, code: int) -> None:
    result = runner.invoke(main, ["clean", flag, str(tree / "in")])
    assert result.exit_code == code
    assert (tree / "in" / "a.txt").read_text() == DOUBLED
    if flag == "--diff":
        assert "-Lead paragraph of the article." in result.stdout
    else:
        assert "would remove 1 duplicate paragraph" in result.stderr


def test_check_passes_on_clean_files(runner: CliRunner, tree: Path) -> None:
    result = runner.invoke(main, ["clean", "--check", str(tree / "in" / "sub")])
    assert result.exit_code == 0


def test_bad_file_is_named_and_others_go_on(runner: CliRunner, tree: Path) -> None:
    (tree / "in" / "zz.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00")
    result = runner.invoke(main, ["clean", str(tree / "in"), "--out", str(tree / "out")])
    assert result.exit_code == 2
    assert "zz.txt: binary data" in result.stderr
    assert "Traceback" not in result.output
    assert (tree / "out" / "a.txt").read_text() == CLEAN


def test_missing_path_exits_2(runner: CliRunner, tree: Path) -> None:
    result = runner.invoke(main, ["clean", str(tree / "nope.txt"), str(tree / "in" / "a.txt")])
    assert result.exit_code == 2
    assert "nope.txt: no such file or directory" in result.stderr
    assert (tree / "in" / "a.txt").read_text() == CLEAN


def test_stdin_to_stdout(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean", "-"], input=DOUBLED.encode())
    assert result.exit_code == 0
    assert result.stdout == CLEAN


def test_report_lines_match_the_library(runner: CliRunner, tree: Path) -> None:
    report = tree / "report.jsonl"
    result = runner.invoke(main, ["clean", str(tree / "in"), "--out", str(tree / "out"), "--report", str(report)])
    assert result.exit_code == 0
    records = report_entries(report.read_text())
    assert [Path(r["path"]).name for r in records] == ["a.txt", "b.txt"]
    library = clean_bytes((tree / "in" / "a.txt").read_bytes())
    assert records[0]["removed"] == [
        {
            "index": r.index,
            "line": r.line,
            "kept_index": r.kept_index,
            "kept_line": r.kept_line,
            "rule": r.rule.value,
            "score": r.score,
            "text": r.text,
            "kept_text": library.paragraphs[r.kept_index].text,
            **({"threshold": 90.0} if r.rule.value == "near" else {}),
        }
        for r in library.removed
        if r.kept_index is not None
    ]
    assert len(records[0]["removed"]) == len(library.removed) > 0
    assert records[0]["encoding"] == "utf-8"
    assert records[0]["error"] is None


def test_jobs_give_identical_output(runner: CliRunner, tree: Path) -> None:
    for number in range(40):
        (tree / "in" / f"n{number:02d}.txt").write_text(DOUBLED if number % 3 else CLEAN)
    outputs = {}
    for jobs in ("1", "2"):
        out, report = tree / f"out{jobs}", tree / f"report{jobs}.jsonl"
        result = runner.invoke(
            main, ["clean", str(tree / "in"), "--out", str(out), "--report", str(report), "--jobs", jobs]
        )
        assert result.exit_code == 0
        files = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.txt"))}
        outputs[jobs] = (files, report_entries(report.read_text().replace(f"out{jobs}", "out")))
    assert outputs["1"] == outputs["2"]


def test_options_and_pyproject_defaults(runner: CliRunner, tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Title\n\nPhoto: AP\n\nA paragraph that is long enough.\n\nPhoto: AP\n"
    (tree / "in" / "c.txt").write_text(text)
    monkeypatch.chdir(tree)
    assert runner.invoke(main, ["clean", "--check", "in/c.txt"]).exit_code == 0
    (tree / "pyproject.toml").write_text("[tool.dedupe]\nmin-length = 5\n")
    assert runner.invoke(main, ["clean", "--check", "in/c.txt"]).exit_code == 1
    assert runner.invoke(main, ["clean", "--check", "in/c.txt", "--min-length", "30"]).exit_code == 0
    (tree / "pyproject.toml").write_text("[tool.dedupe]\nnonsense = 1\n")
    bad = runner.invoke(main, ["clean", "--check", "in/c.txt"])
    assert bad.exit_code == 2
    assert "unknown key" in bad.stderr


@pytest.mark.parametrize(
    "args",
    [["--jsonl-id", "id"], ["--threshold", "120"], ["--jsonl-removed", "r"], ["--jobs", "0"]],
)
def test_usage_errors_exit_2(runner: CliRunner, tree: Path, args: list[str]) -> None:
    assert runner.invoke(main, ["clean", *args, str(tree / "in")]).exit_code == 2


def test_jsonl_dataset(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    lines = [
        json.dumps({"id": 1, "text": DOUBLED, "lang": "en"}),
        "not json",
        json.dumps({"id": 2, "body": "x"}),
        json.dumps({"id": 3, "text": CLEAN.rstrip("\n")}),
    ]
    data.write_text("\n".join(lines) + "\n")
    out = tmp_path / "clean.jsonl"
    result = runner.invoke(
        main, ["clean", str(data), "--jsonl-field", "text", "--jsonl-removed", "gone", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "data.jsonl:2: invalid JSON" in result.stderr
    assert "data.jsonl:3: field 'text' is missing" in result.stderr
    written = out.read_text().splitlines()
    first = json.loads(written[0])
    assert list(first) == ["id", "text", "lang", "gone"]
    assert first["text"] == CLEAN
    assert first["gone"][0]["rule"] == "exact"
    assert written[1:3] == lines[1:3]


def test_version_and_help(runner: CliRunner) -> None:
    shown = runner.invoke(main, ["--version"]).stdout
    assert shown == f"dedupe {dedupe.__version__} ({similarity.core_name()})\n"
    assert similarity.core_name() in ("compiled core", "pure Python")
    assert "--min-length" in runner.invoke(main, ["clean", "--help"]).stdout


def test_installed_entry_point(tmp_path: Path) -> None:
    exe = shutil.which("dedupe") or str(Path(sys.executable).parent / "dedupe")
    source = tmp_path / "a.txt"
    source.write_text(DOUBLED)
    run = subprocess.run([exe, "clean", str(source)], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert source.read_text() == CLEAN
    again = subprocess.run([exe, "clean", "--check", str(source)], capture_output=True, text=True, check=False)
    assert again.returncode == 0


def test_quiet_prints_only_errors(runner: CliRunner, tree: Path) -> None:
    (tree / "in" / "zz.txt").write_bytes(b"\x00\x01\x02 binary")
    result = runner.invoke(main, ["clean", "-q", str(tree / "in"), "--out", str(tree / "out")])
    assert result.exit_code == 2
    assert "zz.txt: binary data" in result.stderr
    assert "removed 1 duplicate paragraph" not in result.stderr
    quiet_ok = runner.invoke(main, ["clean", "--quiet", str(tree / "in" / "a.txt"), "--out", str(tree / "out2")])
    assert quiet_ok.exit_code == 0
    assert quiet_ok.stderr == ""


def test_verbose_names_unchanged_files_and_shows_tracebacks(
    runner: CliRunner, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    verbose = runner.invoke(main, ["clean", "-v", "--check", str(tree / "in")])
    assert "b.txt: unchanged" in verbose.stderr
    assert "b.txt: unchanged" not in runner.invoke(main, ["clean", "--check", str(tree / "in")]).stderr

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("matcher fell over")

    monkeypatch.setattr("dedupe.clean.clean_bytes", broken)
    plain = runner.invoke(main, ["clean", "-j", "1", str(tree / "in" / "a.txt")])
    assert plain.exit_code == 2
    assert "a.txt: internal error: RuntimeError: matcher fell over" in plain.stderr
    assert "Traceback" not in plain.stderr
    traced = runner.invoke(main, ["clean", "-j", "1", "--verbose", str(tree / "in" / "a.txt")])
    assert traced.exit_code == 2
    assert "Traceback (most recent call last)" in traced.stderr


def test_include_and_exclude(runner: CliRunner, tree: Path) -> None:
    (tree / "in" / "sub" / "c.txt").write_text(DOUBLED)
    result = runner.invoke(
        main,
        [
            "clean",
            str(tree / "in"),
            "--include",
            "*.md",
            "--include",
            "*.txt",
            "--exclude",
            "sub",
            "--out",
            str(tree / "o"),
        ],
    )
    assert result.exit_code == 0
    assert "notes.md: removed" in result.stderr
    assert "c.txt" not in result.stderr
    by_glob = runner.invoke(main, ["clean", "--check", str(tree / "in"), "--exclude", "a.*"])
    assert by_glob.exit_code == 1  # sub/c.txt still holds a duplicate
    assert "a.txt" not in by_glob.stderr
    assert "c.txt: would remove" in by_glob.stderr


def test_report_to_stdout_and_short_out(runner: CliRunner, tree: Path) -> None:
    result = runner.invoke(main, ["clean", str(tree / "in"), "-o", str(tree / "out"), "--report", "-"])
    assert result.exit_code == 0
    records = report_entries(result.stdout)
    assert [len(r["removed"]) for r in records] == [1, 0]
    assert (tree / "out" / "a.txt").read_text() == CLEAN


def test_config_file_option(runner: CliRunner, tree: Path) -> None:
    text = "Title\n\nPhoto: AP\n\nA paragraph that is long enough.\n\nPhoto: AP\n"
    (tree / "in" / "c.txt").write_text(text)
    settings = tree / "settings.toml"
    settings.write_text("[tool.dedupe]\nmin-length = 5\n")
    checked = runner.invoke(main, ["clean", "--check", "--config", str(settings), str(tree / "in" / "c.txt")])
    assert checked.exit_code == 1
    missing = runner.invoke(main, ["clean", "--config", str(tree / "nope.toml"), str(tree / "in")])
    assert missing.exit_code == 2


def test_readme_names_every_option_and_hook() -> None:
    root = Path(__file__).resolve().parents[1]
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = main.commands["clean"]
    options = [opt for param in [*main.params, *command.params] for opt in [*param.opts, *param.secondary_opts]]
    missing = [opt for opt in options if opt.startswith("-") and f"`{opt}" not in readme]
    assert missing == []
    hooks = re.findall(r"^- id: (\S+)$", (root / ".pre-commit-hooks.yaml").read_text(), flags=re.MULTILINE)
    assert hooks == ["dedupe", "dedupe-check"]
    assert all(f"id: {hook} " in readme for hook in hooks)


@pytest.mark.parametrize("verbose", [False, True])
def test_progress_bar_replaces_the_line_per_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, verbose: bool
) -> None:
    from dedupe import cli

    for number in range(cli.PROGRESS_AFTER):
        (tmp_path / "in" / f"{number:03d}.txt").parent.mkdir(exist_ok=True)
        (tmp_path / "in" / f"{number:03d}.txt").write_text(DOUBLED)
    (tmp_path / "in" / "zz.txt").write_bytes(b"\x00\x01\x02 binary")
    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    args = ["clean", "-j", "1", str(tmp_path / "in"), "--out", str(tmp_path / "out")]
    result = runner.invoke(main, [*args, "-v"] if verbose else args)
    assert result.exit_code == 2
    assert "cleaning" in result.stderr  # the bar (drawn as its label alone off a terminal)
    assert result.stderr.count("removed 1 duplicate paragraph") == (cli.PROGRESS_AFTER if verbose else 0)
    assert "zz.txt: binary data" in result.stderr  # errors always show
    assert "200 files cleaned, 0 files unchanged, 200 paragraphs removed, 1 file failed." in result.stderr


def test_folder_that_cannot_be_listed_is_an_error_in_its_place(
    runner: CliRunner, tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tree / "in" / "locked").mkdir()
    (tree / "in" / "locked" / "c.txt").write_text(DOUBLED)
    real_scandir = os.scandir

    def scandir(path: Any) -> Any:
        if str(path).endswith("locked"):  # root reads any folder: refuse this one by hand
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr("dedupe.cli.os.scandir", scandir)
    args = ["clean", "-j", "1", str(tree / "in"), "--out", str(tree / "out"), "--report", str(tree / "r.jsonl")]
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert f"{tree / 'in' / 'locked'}: cannot list the folder: Permission denied" in result.stderr
    records = report_entries((tree / "r.jsonl").read_text())
    assert [(Path(r["path"]).name, r["error"]) for r in records] == [
        ("a.txt", None),
        ("locked", "cannot list the folder: Permission denied"),
        ("b.txt", None),
    ]
    assert (tree / "out" / "a.txt").read_text() == CLEAN  # the other files go on


def test_out_inside_the_input_folder_is_not_read_again(runner: CliRunner, tree: Path) -> None:
    out = tree / "in" / "zz-cleaned"
    result = runner.invoke(main, ["clean", str(tree / "in"), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert "1 file cleaned, 1 file unchanged" in result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["a.txt", "sub/b.txt"]
    # Once it holds files, the input's files would replace them: refused, nothing written.
    (out / "a.txt").write_text("The user's own file.\n")
    again = runner.invoke(main, ["clean", str(tree / "in"), "--out", str(out)])
    assert again.exit_code == 2
    assert "lies inside the input folder" in again.output
    assert (out / "a.txt").read_text() == "The user's own file.\n"
    same = runner.invoke(main, ["clean", str(tree / "in"), "--out", str(tree / "in")])  # out is the input
    assert same.exit_code == 0, same.stderr
    assert (tree / "in" / "a.txt").read_text() == CLEAN


def test_two_inputs_with_one_output_path(runner: CliRunner, tmp_path: Path) -> None:
    for folder, text in (("one", DOUBLED), ("two", DOUBLED.replace("Lead", "Other lead"))):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(text)
    out = tmp_path / "out"
    result = runner.invoke(main, ["clean", "-j", "1", str(tmp_path / "one"), str(tmp_path / "two"), "--out", str(out)])
    assert result.exit_code == 2
    assert f"{tmp_path / 'two' / 'x.txt'}: not written: {out / 'x.txt'} is the output of an earlier input" in (
        result.stderr
    )
    assert (out / "x.txt").read_text() == CLEAN  # the first input's, not overwritten


def test_folder_without_matching_files_says_so(runner: CliRunner, tree: Path) -> None:
    result = runner.invoke(main, ["clean", str(tree / "in"), "--include", "*.html", "--check"])
    assert result.exit_code == 0
    assert f"no files matching *.html in {tree / 'in'} (see --include)" in result.stderr
    assert "no files matching" not in runner.invoke(main, ["clean", str(tree / "in"), "--check"]).stderr


def test_hidden_and_package_folders_are_not_walked(runner: CliRunner, tree: Path) -> None:
    skipped = [".git/notes.txt", ".venv/lib/site-packages/pkg/LICENSE.txt", "node_modules/m/README.txt"]
    skipped += ["lib/site-packages/p/top_level.txt", "__pycache__/x.txt"]
    for name in skipped:
        (tree / "in" / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / "in" / name).write_text(DOUBLED)
    result = runner.invoke(main, ["clean", str(tree / "in")])
    assert result.exit_code == 0, result.stderr
    assert "1 file cleaned, 1 file unchanged" in result.stderr
    assert all((tree / "in" / name).read_text() == DOUBLED for name in skipped)
    named = runner.invoke(main, ["clean", str(tree / "in" / ".git")])  # named, a hidden folder is walked
    assert named.exit_code == 0, named.stderr
    assert (tree / "in" / ".git" / "notes.txt").read_text() == CLEAN


@pytest.mark.parametrize("args", [["--threshold", "nan"], ["--site-boilerplate", "--boilerplate-min-share", "nan"]])
def test_nan_is_no_number_for_an_option(runner: CliRunner, tree: Path, args: list[str]) -> None:
    result = runner.invoke(main, ["clean", str(tree / "in"), "--check", *args])
    assert result.exit_code == 2
    assert "is not a number" in result.output
    assert "Traceback" not in result.output


def test_nan_in_the_config_is_no_number(runner: CliRunner, tree: Path) -> None:
    (tree / "pyproject.toml").write_text("[tool.dedupe]\nthreshold = nan\n")
    result = runner.invoke(main, ["clean", str(tree / "in"), "--check", "--config", str(tree / "pyproject.toml")])
    assert result.exit_code == 2
    assert "threshold takes a number from 0 to 100, not nan" in result.output


def test_check_names_each_file_above_the_progress_bar_of_a_terminal(tmp_path: Path) -> None:
    import pty

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(210):  # enough for the progress bar
        (folder / f"a{number:03d}.txt").write_text(f"Lead {number} here.\nLead {number} here.\nBody.\n")
    (folder / "m.txt").write_text("Notes\nIt is called caf\u00c3\u00a9 on the menu.\n")
    command = [sys.executable, "-m", "dedupe", "clean", str(folder), "--check"]
    pid, fd = pty.fork()
    if pid == 0:  # the child runs dedupe on the terminal
        os.execv(sys.executable, command)
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 1
    assert len(set(re.findall(r"a\d{3}\.txt: would remove 1 duplicate paragraph", shown))) == 210
    assert "m.txt: would normalize whitespace or encoding (would repair mojibake: " in shown


def test_diff_says_when_normalising_changes_the_encoding_or_line_ends(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dedupe.cli import main

    article = "Президент заявил в понедельник, что закон поможет семьям.\r\nВторая строка статьи здесь.\r\n"
    (tmp_path / "c.txt").write_bytes(article.encode("cp1251"))
    (tmp_path / "u.txt").write_text(article.replace("\r\n", "\n"))
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "c.txt"), str(tmp_path / "u.txt"), "--diff"])
    assert result.exit_code == 1
    headers = [line for line in result.stdout.splitlines() if line.startswith("# ")]
    assert headers == [f"# {tmp_path / 'c.txt'}: encoding cp1251 -> utf-8, line ends CRLF -> LF"]


def test_config_switches_have_negations_and_wrong_keys_or_values_are_named(tmp_path: Path) -> None:
    from click.testing import CliRunner

    article = tmp_path / "a.txt"
    article.write_bytes(b"Lead paragraph here.\r\nLead paragraph here.\r\nBody.\r\n")
    settings = tmp_path / "settings.toml"
    settings.write_text("[tool.dedupe]\nno-normalize = true\n")
    CliRunner().invoke(main, ["clean", "--config", str(settings), str(article), "--out", str(tmp_path / "kept")])
    assert (tmp_path / "kept" / "a.txt").read_bytes() == b"Lead paragraph here.\r\nBody.\r\n"
    CliRunner().invoke(
        main, ["clean", "--config", str(settings), "--normalize", str(article), "--out", str(tmp_path / "n")]
    )
    assert (tmp_path / "n" / "a.txt").read_bytes() == b"Lead paragraph here.\nBody.\n"
    wrong = (
        ("treshold = 90", "did you mean 'threshold'"),
        ('prose-only = "yes"', "prose-only takes true or false"),
        ("threshold = true", "threshold takes a number from 0 to 100"),
        ("min-length = 40.9", "min-length takes a whole number"),
        ('include = "*.txt"', "include takes a list of patterns"),
        ("jobs = 0", "jobs takes a whole number of at least 1"),
    )
    for line, named in wrong:
        settings.write_text(f"[tool.dedupe]\n{line}\n")
        result = CliRunner().invoke(main, ["clean", "--config", str(settings), str(article), "--check"])
        assert result.exit_code == 2
        assert named in result.output
        assert str(settings) in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-q", "-v"], "give one"),
        (["--boilerplate-min-docs", "3"], "--boilerplate-min-docs goes with --site-boilerplate"),
    ],
)
def test_options_that_would_do_nothing_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    from click.testing import CliRunner

    (tmp_path / "a.txt").write_text("Lead.\nBody.\n")
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "a.txt"), "--check", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_check_says_how_to_clean_what_it_found(tmp_path: Path) -> None:
    from click.testing import CliRunner

    (tmp_path / "a b.txt").write_text("Lead paragraph here.\nLead paragraph here.\nBody.\n")
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "a b.txt"), "--check"])
    assert result.exit_code == 1
    assert f"to clean them: dedupe clean '{tmp_path / 'a b.txt'}'" in result.output
    faithful = CliRunner().invoke(main, ["clean", str(tmp_path / "a b.txt"), "--check", "--no-normalize"])
    assert faithful.exit_code == 1
    assert f"to clean them: dedupe clean --no-normalize '{tmp_path / 'a b.txt'}'" in faithful.output


def test_no_summary_leaves_out_the_totals_and_keeps_the_names(tmp_path: Path) -> None:
    from click.testing import CliRunner

    (tmp_path / "a.txt").write_text("Lead paragraph here.\nLead paragraph here.\nBody.\n")
    result = CliRunner().invoke(main, ["clean", str(tmp_path / "a.txt"), "--check", "--no-summary"])
    assert result.exit_code == 1
    assert "a.txt: would remove 1 duplicate paragraph" in result.output
    assert "to remove" not in result.output  # the totals line: "... 1 paragraph to remove."
    assert "to clean them: dedupe clean" in result.output

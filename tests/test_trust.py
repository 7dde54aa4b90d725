"""What a user of a repository of articles must be able to trust: the faithful mode changes
nothing but duplicates, options mean what they say, and the library says what it takes."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import dedupe
from dedupe import clean_bytes, clean_text
from dedupe.cli import main
from dedupe.reader import normalize

LEAD = "В Бишкеке за неделю выявлено 4191 нарушение правил дорожного движения, сообщает патрульная служба."
BODY = "Об этом\u00a0сообщила пресс-служба.   "
# A CRLF windows-1251 article with NBSP and trailing spaces, its lead doubled.
ARTICLE = f"{LEAD}\r\n{LEAD}\r\n{BODY}\r\n\r\nДорожная  авария.\r\n".encode("cp1251")
WITHOUT_DOUBLE = f"{LEAD}\r\n{BODY}\r\n\r\nДорожная  авария.\r\n".encode("cp1251")
CLEAN_ARTICLE = f"{LEAD}  \r\n{BODY}\r\n".encode("cp1251")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_no_normalize_cuts_only_the_duplicate(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_bytes(ARTICLE)
    result = runner.invoke(main, ["clean", "--no-normalize", str(tmp_path / "in"), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "a.txt").read_bytes() == WITHOUT_DOUBLE
    assert "removed 1 duplicate paragraph" in result.stderr
    in_place = runner.invoke(main, ["clean", "--no-normalize", str(tmp_path / "in" / "a.txt")])
    assert in_place.exit_code == 0
    assert (tmp_path / "in" / "a.txt").read_bytes() == WITHOUT_DOUBLE
    again = runner.invoke(main, ["clean", "--no-normalize", "--check", str(tmp_path / "in" / "a.txt")])
    assert again.exit_code == 0  # idempotent: nothing more to cut


def test_no_normalize_check_passes_without_duplicates(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "clean.txt"
    path.write_bytes(CLEAN_ARTICLE)
    assert runner.invoke(main, ["clean", "--no-normalize", "--check", str(path)]).exit_code == 0
    normalising = runner.invoke(main, ["clean", "--check", str(path)])
    assert normalising.exit_code == 1  # the default would rewrite it as UTF-8 with LF
    assert "would normalize whitespace or encoding" in normalising.stderr
    assert "(1 would only be normalized)" in normalising.stderr
    assert path.read_bytes() == CLEAN_ARTICLE


def test_no_normalize_on_stdin_keeps_bom_and_utf16(runner: CliRunner) -> None:
    text = f"{LEAD}\r\n{LEAD}\r\nBody.\r\n"
    data = codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    result = runner.invoke(main, ["clean", "--no-normalize", "-"], input=data)
    assert result.exit_code == 0
    assert result.stdout_bytes == codecs.BOM_UTF16_BE + f"{LEAD}\r\nBody.\r\n".encode("utf-16-be")


@pytest.mark.parametrize(
    "text",
    [
        f"{LEAD}\n\nOther paragraph here.\n\n{LEAD}\n\nLast one.",
        f"\n\n{LEAD}\n{LEAD}\n\n\nOther paragraph here.\n\n",
        f"Title\n{LEAD}\nBody line\n{LEAD}",
        f"{LEAD}  \r\n\r\n{LEAD}\r\n\r\n\r\nBody\u00a0 line.\r\n",
    ],
)
def test_faithful_and_normalised_outputs_agree(text: str) -> None:
    faithful = clean_text(text, faithful=True)
    normal = clean_text(text)
    assert [r.index for r in faithful.removed] == [r.index for r in normal.removed]
    assert normalize(faithful.text) == normal.text.rstrip("\n")
    assert faithful.removed  # every case holds a duplicate
    assert clean_text(faithful.text, faithful=True).removed == ()


def test_check_and_diff_together(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE)
    result = runner.invoke(main, ["clean", "--check", "--diff", "--no-normalize", str(path)])
    assert result.exit_code == 1
    assert result.stdout.count(f"-{LEAD}") == 1  # the diff shows the one line that goes
    assert "would remove 1 duplicate paragraph" in result.stderr
    assert path.read_bytes() == ARTICLE


@pytest.mark.parametrize("name", ["data.jsonl", "data.ndjson"])
def test_dataset_without_field_is_refused(runner: CliRunner, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    record = json.dumps({"text": f"{LEAD}\n{LEAD}"}) + "\n"
    path.write_text(record + record)
    result = runner.invoke(main, ["clean", str(path)])
    assert result.exit_code == 2
    assert "--field" in result.stderr
    assert path.read_text() == record + record


def test_stdin_with_report_to_stdout_is_refused(runner: CliRunner) -> None:
    result = runner.invoke(main, ["clean", "-", "--report", "-"], input=b"x\n")
    assert result.exit_code == 2
    assert "--report" in result.stderr


def test_library_shows_itself_and_names_the_type_it_takes() -> None:
    for name in ("clean_text", "clean_bytes", "clean_file", "Config"):
        assert name in dir(dedupe)
        assert name in (dedupe.__doc__ or "")
    with pytest.raises(TypeError, match="clean_text.* str, not bytes"):
        clean_text(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="clean_bytes.* bytes, not str"):
        clean_bytes("text")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("separators", "ascii_only"), [((", ", ": "), False), ((",", ":"), False), ((",", ":"), True), ((", ", ": "), True)]
)
def test_changed_records_keep_the_datasets_json_style(
    runner: CliRunner, tmp_path: Path, separators: tuple[str, str], ascii_only: bool
) -> None:
    records = [{"id": 1, "text": f"{LEAD}\n{LEAD}\nКонец."}, {"id": 2, "text": "Без изменений — «текст»."}]
    lines = [json.dumps(r, separators=separators, ensure_ascii=ascii_only) for r in records]
    data = tmp_path / "data.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(main, ["clean", str(data), "--jsonl-field", "text", "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = out.read_text(encoding="utf-8").splitlines()
    assert written[1] == lines[1]
    expected = dict(records[0], text=f"{LEAD}\nКонец.")
    assert written[0] == json.dumps(expected, separators=separators, ensure_ascii=ascii_only)


def test_pyproject_takes_the_new_option_names(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.dedupe]\nno-normalize = true\nfield = "text"\n')
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE)
    result = runner.invoke(main, ["clean", "--config", str(tmp_path / "pyproject.toml"), str(path)])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == WITHOUT_DOUBLE  # faithful, as the configuration says


def test_faithful_text_is_the_inputs_own_with_or_without_removals() -> None:
    for data in (ARTICLE, CLEAN_ARTICLE):
        result = clean_bytes(data, faithful=True)
        assert result.text == result.output.decode("cp1251")  # CRLF and spaces as they came
        assert "\r\n" in result.text


def test_library_names_only_its_own_and_says_what_a_wrong_argument_should_be(tmp_path: Path) -> None:
    assert dir(dedupe) == sorted(dedupe.__all__)
    with pytest.raises(TypeError, match=r"not PosixPath \(use clean_file\)"):
        clean_text(tmp_path / "a.txt")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Config.threshold takes a number"):
        dedupe.Config(threshold="90")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="Config.min_length takes a whole number"):
        dedupe.Config(min_length=2.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="no option 'treshold'"):
        clean_text("A.\nA.", {"treshold": 90})
    with pytest.raises(TypeError, match="takes a Config"):
        clean_text("A.", 90)  # type: ignore[arg-type]
    text = "A lead paragraph that repeats.\nA lead paragraph that repeats!\nBody."
    assert clean_text(text, {"threshold": 95}) == clean_text(text, dedupe.Config(threshold=95))

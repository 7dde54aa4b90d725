"""The edges where a user's data could be lost: an output field that would overwrite one, a
dataset found in a folder or read from standard input, and in-place writes through links,
permissions and concurrent edits."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe import clean_text
from dedupe.cli import main
from dedupe.model import DedupeError
from dedupe.writer import Snapshot, rewrite
from tests.reports import report_entries

LEAD = "The lead paragraph of the article, which the scraper captured twice over."
DOUBLED = f"{LEAD}\n{LEAD}\nThe body of the article.\n"
CLEAN = f"{LEAD}\nThe body of the article.\n"


def records(*texts: str, **extra: object) -> str:
    return "".join(json.dumps({"id": n, "text": text, **extra}) + "\n" for n, text in enumerate(texts))


@pytest.mark.parametrize("other", ["--field", "--jsonl-id", "--site-field"])
def test_removed_field_naming_another_field_is_a_usage_error(tmp_path: Path, other: str) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(records(DOUBLED))
    value = "text" if other == "--field" else "id"
    args = ["clean", str(data), "--field", "text", "--removed-field", value, "--out", str(tmp_path / "o.jsonl")]
    if other != "--field":
        args += [other, "id"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "would overwrite it" in result.output
    assert not (tmp_path / "o.jsonl").exists()


def test_removed_field_from_the_config_is_checked_too(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(records(DOUBLED))
    (tmp_path / "pyproject.toml").write_text('[tool.dedupe]\nfield = "text"\nremoved-field = "text"\n')
    args = ["clean", str(data), "--config", str(tmp_path / "pyproject.toml"), "--out", str(tmp_path / "o.jsonl")]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "would overwrite it" in result.output


def test_a_record_holding_the_removed_field_stops_the_run_and_writes_nothing(tmp_path: Path) -> None:
    data, out = tmp_path / "d.jsonl", tmp_path / "o.jsonl"
    data.write_text(records(DOUBLED) + json.dumps({"id": 9, "text": DOUBLED, "gone": "mine"}) + "\n")
    result = CliRunner().invoke(
        main, ["clean", str(data), "--field", "text", "--removed-field", "gone", "--out", str(out)]
    )
    assert result.exit_code == 2
    assert "line 2" in result.stderr
    assert "'gone'" in result.stderr
    assert "nothing written" in result.stderr
    assert not out.exists()
    assert not list(tmp_path.glob(".dedupe-*"))
    before = data.read_bytes()  # in place: the dataset stays as it was
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--removed-field", "gone"])
    assert result.exit_code == 2
    assert data.read_bytes() == before


def test_a_parquet_column_that_exists_is_refused_before_writing(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    data, out = tmp_path / "d.parquet", tmp_path / "o.parquet"
    pq.write_table(pa.table({"text": [DOUBLED], "lang": ["en"]}), data)
    args = ["clean", str(data), "--field", "text", "--removed-field", "lang", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "column 'lang' exists" in result.stderr
    assert not out.exists()


def test_a_dataset_found_in_a_folder_is_cleaned_as_records_with_field(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    same = records(DOUBLED, DOUBLED)  # two identical records: both stay, each cleaned
    (folder / "sub" / "d.jsonl").write_text(same)
    (folder / "a.txt").write_text(DOUBLED)
    result = CliRunner().invoke(
        main, ["clean", str(folder), "--include", "*.txt", "--include", "*.jsonl", "--field", "text"]
    )
    assert result.exit_code == 0, result.output
    assert (folder / "a.txt").read_text() == CLEAN
    cleaned = [json.loads(line) for line in (folder / "sub" / "d.jsonl").read_text().splitlines()]
    assert [record["text"] for record in cleaned] == [clean_text(DOUBLED).text] * 2
    assert [record["id"] for record in cleaned] == [0, 1]


def test_a_dataset_found_in_a_folder_goes_under_out_as_its_text_files_do(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "d.jsonl").write_text(records(DOUBLED))
    args = ["clean", str(folder), "--include", "*.jsonl", "--field", "text", "--out", str(out)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert json.loads((out / "d.jsonl").read_text())["text"] == clean_text(DOUBLED).text
    assert json.loads((folder / "d.jsonl").read_text())["text"] == DOUBLED


def test_a_dataset_found_in_a_folder_without_field_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    same = records(DOUBLED, DOUBLED)
    (folder / "d.jsonl").write_text(same)
    (folder / "a.txt").write_text(DOUBLED)
    result = CliRunner().invoke(main, ["clean", str(folder), "--include", "*.txt", "--include", "*.jsonl"])
    assert result.exit_code == 2
    assert "d.jsonl: a dataset (JSON Lines or Parquet): name the text field" in result.stderr
    assert (folder / "d.jsonl").read_text() == same
    assert (folder / "a.txt").read_text() == CLEAN  # the other files go on


def test_standard_input_with_field_is_a_stream_of_records(tmp_path: Path) -> None:
    stream = records(DOUBLED, DOUBLED) + "{not json\n"
    result = CliRunner().invoke(main, ["clean", "-", "--field", "text"], input=stream)
    assert result.exit_code == 2  # the bad record passes through and is an error
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert [json.loads(line)["text"] for line in lines[:2]] == [clean_text(DOUBLED).text] * 2
    assert lines[2] == "{not json"
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(main, ["clean", "-", "--field", "text", "--out", str(out)], input=records(DOUBLED))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert json.loads(out.read_text())["text"] == clean_text(DOUBLED).text


def test_standard_input_that_cannot_be_read_passes_through(tmp_path: Path) -> None:
    data = b"\x00\x01\x02\x03 binary \xff\xfe\x00"
    result = CliRunner().invoke(main, ["clean", "-"], input=data)
    assert result.exit_code == 2
    assert result.stdout_bytes == data


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX links and modes")
def test_in_place_keeps_links_modes_and_refuses_read_only_files(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    real = tmp_path / "real.txt"
    real.write_text(DOUBLED)
    (folder / "link.txt").symlink_to(real)
    (folder / "hard.txt").write_text(DOUBLED)
    os.link(folder / "hard.txt", tmp_path / "other-name.txt")
    (folder / "mode.txt").write_text(DOUBLED)
    os.chmod(folder / "mode.txt", 0o640)
    (folder / "ro.txt").write_text(DOUBLED)
    os.chmod(folder / "ro.txt", 0o444)
    result = CliRunner().invoke(main, ["clean", str(folder)])
    assert result.exit_code == 2
    assert (folder / "link.txt").is_symlink()
    assert real.read_text() == CLEAN
    assert (tmp_path / "other-name.txt").read_text() == CLEAN  # one inode, both names
    assert os.path.samefile(folder / "hard.txt", tmp_path / "other-name.txt")
    assert (folder / "mode.txt").read_text() == CLEAN
    assert (folder / "mode.txt").stat().st_mode & 0o777 == 0o640
    if os.geteuid() != 0:  # root may write anywhere; the refusal is by the permission bits
        assert (folder / "ro.txt").read_text() == DOUBLED
    assert "ro.txt: read-only: not written" in result.stderr
    assert not list(folder.glob(".dedupe-*"))
    assert not list(tmp_path.glob(".dedupe-*"))


def test_a_file_edited_while_it_was_cleaned_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DOUBLED)
    read = Snapshot.of(path)
    path.write_text(DOUBLED + "A paragraph the user added meanwhile.\n")
    with pytest.raises(DedupeError, match="changed while it was cleaned"):
        rewrite(path, CLEAN.encode(), read)
    assert path.read_text().endswith("meanwhile.\n")
    path.unlink()
    with pytest.raises(DedupeError, match="removed while it was cleaned"):
        rewrite(path, CLEAN.encode(), read)
    assert not path.exists()


def test_a_folder_of_datasets_only_is_not_called_empty(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "d.jsonl").write_text(records(DOUBLED))
    result = CliRunner().invoke(main, ["clean", str(folder), "--include", "*.jsonl", "--field", "text"])
    assert result.exit_code == 0, result.output
    assert "no files matching" not in result.stderr
    assert "1 record cleaned" in result.stderr


def test_out_above_an_input_folder_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("An unrelated article that must stay as it is.\n")
    (folder / "sub" / "a.txt").write_text(DOUBLED)
    result = CliRunner().invoke(main, ["clean", str(folder / "sub"), "--out", str(folder)])
    assert result.exit_code == 2
    assert "holds the input folder" in result.output
    assert (folder / "a.txt").read_text() == "An unrelated article that must stay as it is.\n"
    assert (folder / "sub" / "a.txt").read_text() == DOUBLED


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX links")
def test_in_place_a_folder_link_leading_outside_is_not_followed(tmp_path: Path) -> None:
    outside, folder = tmp_path / "outside", tmp_path / "in"
    outside.mkdir()
    folder.mkdir()
    (outside / "theirs.txt").write_text(DOUBLED)
    (folder / "a.txt").write_text(DOUBLED)
    (folder / "link").symlink_to(outside, target_is_directory=True)
    (folder / "inner").mkdir()
    (folder / "inner" / "b.txt").write_text(DOUBLED)
    (folder / "again").symlink_to(folder / "inner", target_is_directory=True)  # inside: followed once
    result = CliRunner().invoke(main, ["clean", str(folder)])
    assert result.exit_code == 2
    assert "link: a link to a folder outside" in result.stderr
    assert (outside / "theirs.txt").read_text() == DOUBLED
    assert (folder / "a.txt").read_text() == CLEAN
    assert (folder / "inner" / "b.txt").read_text() == CLEAN
    out = CliRunner().invoke(main, ["clean", str(folder), "--out", str(tmp_path / "o")])  # reading only: followed
    assert (tmp_path / "o" / "link" / "theirs.txt").read_text() == CLEAN, out.output


def test_the_sweep_takes_only_dedupes_own_temporaries_and_stays_out_of_hidden_folders(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / ".git").mkdir(parents=True)
    mine = out / ".dedupe-999999999-1-0000abcd.tmp"  # a dead process's temporary
    users = [out / ".dedupe-notes.tmp", out / ".git" / ".dedupe-999999999-1-0000abcd.tmp"]
    for path in [mine, *users]:
        path.write_text("x")
    source = tmp_path / "in"
    source.mkdir()
    (source / "a.txt").write_text(DOUBLED)
    result = CliRunner().invoke(main, ["clean", str(source), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not mine.exists()
    assert all(path.exists() for path in users)


def test_a_killed_runs_temporaries_beside_a_dataset_or_a_named_file_are_swept(tmp_path: Path) -> None:
    data, article = tmp_path / "d.jsonl", tmp_path / "a.txt"
    data.write_text(records(DOUBLED))
    article.write_text(DOUBLED)
    stale = [tmp_path / ".dedupe-999999999-1-0000abcd.tmp", tmp_path / ".dedupe-999999999-2-0000abce.tmp"]
    stale[0].write_text("x")
    assert CliRunner().invoke(main, ["clean", str(data), "--field", "text"]).exit_code == 0
    assert not stale[0].exists()
    stale[1].write_text("x")
    assert CliRunner().invoke(main, ["clean", str(article)]).exit_code == 0
    assert not stale[1].exists()
    assert article.read_text() == CLEAN


def test_prose_only_leaves_code_and_build_files_as_they_are(tmp_path: Path) -> None:
    from dedupe.prose import reads_as_prose

    cmake = "cmake_minimum_required(VERSION 3.10)\nif(A)\n  if(B)\n  endif()\nendif()\n"
    assert not reads_as_prose(cmake)
    assert reads_as_prose(DOUBLED)
    assert reads_as_prose("新华社北京11月20日电 国家统计局20日发布数据，前十个月全国规模以上工业增加值同比增长。")
    path = tmp_path / "CMakeLists.txt"
    path.write_text(cmake)
    (tmp_path / "a.txt").write_text(DOUBLED)
    result = CliRunner().invoke(main, ["clean", str(path), str(tmp_path / "a.txt"), "--prose-only"])
    assert result.exit_code == 0, result.output
    assert "does not read as prose paragraphs: left as it is" in result.stderr
    assert path.read_text() == cmake
    assert (tmp_path / "a.txt").read_text() == CLEAN
    piped = CliRunner().invoke(main, ["clean", "-", "--prose-only"], input=cmake)
    assert piped.stdout == cmake


def test_a_lone_surrogate_is_no_text_and_its_record_passes_through_byte_for_byte(tmp_path: Path) -> None:
    from dedupe import DecodeError

    with pytest.raises(DecodeError, match="lone surrogate"):
        clean_text(f"{LEAD}\n{LEAD}\nBad \ud83d here.")
    data, out = tmp_path / "d.jsonl", tmp_path / "o.jsonl"
    bad = '{"id": 1, "text": "' + LEAD + "\\n" + LEAD + '\\nBad \\ud83d here."}\n'
    data.write_text(records(DOUBLED) + bad)
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--out", str(out)])
    assert result.exit_code == 2
    assert "lone surrogate" in result.stderr
    assert out.read_text().splitlines(keepends=True)[1] == bad


@pytest.mark.parametrize("broken", ["", '{"id": 9, "text": "cut off\n'], ids=["whole", "with-a-broken-record"])
def test_json_lines_on_standard_input_without_field_pass_through_refused(broken: str) -> None:
    stream = records(DOUBLED, DOUBLED) + broken
    result = CliRunner().invoke(main, ["clean", "-"], input=stream)
    assert result.exit_code == 2
    assert "name the text field of its records with --field" in result.stderr
    assert result.stdout == stream


def test_a_killed_write_into_a_hard_linked_file_is_finished_by_the_next_run(tmp_path: Path) -> None:
    from dedupe import writer

    path = tmp_path / "a.txt"
    path.write_text(DOUBLED)
    os.link(path, tmp_path / "other.txt")
    names: list[str] = []
    os.close(writer._create_temporary(tmp_path, names))  # what a run killed while copying leaves:
    complete = writer._into_name(names[-1], path).replace(f"{os.getpid()}-", "999999999-", 1)
    Path(complete).write_text(CLEAN)  # the complete output, beside a file part-written
    os.unlink(names[-1])
    path.write_text(CLEAN[:20])
    result = CliRunner().invoke(main, ["clean", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "finished the write an interrupted run left part-done" in result.stderr
    assert path.read_text() == CLEAN
    assert (tmp_path / "other.txt").read_text() == CLEAN  # the inode is shared still
    assert not Path(complete).exists()


def test_a_number_no_float_holds_passes_through_and_names_are_shown_escaped(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    big = '{"id": 1e400, "text": "' + LEAD + "\\n" + LEAD + '"}\n'
    data.write_text(big + records(DOUBLED))
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text"])
    assert result.exit_code == 2
    assert data.read_text().splitlines(keepends=True)[0] == big  # never "Infinity"
    odd = tmp_path / "a\nb\x1b[31m.txt"
    odd.write_text(DOUBLED)
    result = CliRunner().invoke(main, ["clean", str(odd)])
    assert "a\\nb\\x1b[31m.txt: removed 1 duplicate paragraph" in result.stderr
    assert "\x1b" not in result.stderr


def test_an_input_larger_than_max_size_is_refused_unread_and_a_filter_passes_it_through(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DOUBLED)
    result = CliRunner().invoke(main, ["clean", str(path), "--max-size", "20"])
    assert result.exit_code == 2
    assert "larger than --max-size (20)" in result.stderr
    assert path.read_text() == DOUBLED
    assert CliRunner().invoke(main, ["clean", str(path), "--max-size", "1K"]).exit_code == 0
    assert path.read_text() == CLEAN
    piped = CliRunner().invoke(main, ["clean", "-", "--max-size", "20"], input=DOUBLED)
    assert piped.exit_code == 2
    assert piped.stdout == DOUBLED
    bad = CliRunner().invoke(main, ["clean", str(path), "--max-size", "lots"])
    assert bad.exit_code == 2
    assert "is no size" in bad.output


def test_a_records_crlf_line_ends_stay_in_json_lines_parquet_and_datatrove(tmp_path: Path) -> None:
    crlf = DOUBLED.replace("\n", "\r\n")
    mixed = f"{LEAD}\r\n{LEAD}\nThe body.\n"  # no one line end: the normalised text's \n
    data, out = tmp_path / "d.jsonl", tmp_path / "o.jsonl"
    data.write_text(records(crlf, mixed, CLEAN.replace("\n", "\r\n"), DOUBLED.replace("\n", "\r")))
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--out", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text().splitlines(keepends=True)
    assert [json.loads(line)["text"] for line in lines] == [
        CLEAN.replace("\n", "\r\n"),
        f"{LEAD}\nThe body.\n",
        CLEAN.replace("\n", "\r\n"),
        CLEAN.replace("\n", "\r"),
    ]
    assert lines[2] == data.read_text().splitlines(keepends=True)[2]  # nothing to change: as it was
    again = tmp_path / "again.jsonl"
    CliRunner().invoke(main, ["clean", str(out), "--field", "text", "--out", str(again)])
    assert again.read_bytes() == out.read_bytes()

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"text": [crlf, mixed]}), tmp_path / "d.parquet")
    result = CliRunner().invoke(
        main, ["clean", str(tmp_path / "d.parquet"), "--field", "text", "--out", str(tmp_path / "o.parquet")]
    )
    assert result.exit_code == 0, result.output
    assert pq.read_table(tmp_path / "o.parquet").column("text").to_pylist() == [
        CLEAN.replace("\n", "\r\n"),
        f"{LEAD}\nThe body.\n",
    ]

    datatrove = pytest.importorskip("dedupe.datatrove")
    from datatrove.data import Document

    documents = [Document(text=crlf, id="a"), Document(text=mixed, id="b")]
    cleaned = [document.text for document in datatrove.DedupeParagraphs().run(documents)]
    assert cleaned == [CLEAN.replace("\n", "\r\n"), f"{LEAD}\nThe body.\n"]


def test_every_record_of_a_run_naming_an_id_field_has_an_id_key(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(records(DOUBLED) + "\n{broken\n" + json.dumps({"text": CLEAN}) + "\n")
    result = CliRunner().invoke(
        main, ["clean", str(data), "--field", "text", "--jsonl-id", "id", "--check", "--report", "-"]
    )
    entries = report_entries(result.stdout)
    assert [entry["line"] for entry in entries] == [1, 2, 3, 4]
    assert [entry["id"] for entry in entries] == ["0", None, None, None]
    assert len({tuple(entry) for entry in entries}) == 1  # the same keys, in the same order


def test_one_text_input_with_an_out_file_name_writes_that_file(tmp_path: Path) -> None:
    source = tmp_path / "a.txt"
    source.write_text(DOUBLED)
    result = CliRunner().invoke(main, ["clean", str(source), "--out", str(tmp_path / "b.txt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "b.txt").read_text() == CLEAN
    assert source.read_text() == DOUBLED
    result = CliRunner().invoke(main, ["clean", "-", "--out", str(tmp_path / "x.txt")], input=DOUBLED)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert (tmp_path / "x.txt").read_text() == CLEAN
    # A name without an extension, or an existing folder, is a folder: the file goes below it.
    (tmp_path / "folder.txt").mkdir()
    for out in ("cleaned", "folder.txt"):
        CliRunner().invoke(main, ["clean", str(source), "--out", str(tmp_path / out)])
        assert (tmp_path / out).is_dir()
        assert [path.read_text() for path in (tmp_path / out).rglob("a.txt")] == [CLEAN]


def test_a_record_nested_too_deeply_passes_through_and_no_record_is_lost(tmp_path: Path) -> None:
    deep = '{"x": ' + "[" * 5000 + "]" * 5000 + ', "text": "a"}\n'
    data, out = tmp_path / "d.jsonl", tmp_path / "o.jsonl"
    data.write_text(deep + records(DOUBLED))
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--out", str(out)])
    assert result.exit_code == 2
    assert "nested too deeply" in result.stderr
    lines = out.read_text().splitlines(keepends=True)
    assert lines[0] == deep
    assert json.loads(lines[1])["text"] == CLEAN


def test_a_changed_record_keeps_every_other_byte_of_its_line(tmp_path: Path) -> None:
    doubled = json.dumps(DOUBLED)
    lines = [
        '{"tag":"a","tag":"b","n":12345678901234567890.123,"m":1e-400,"k":1.0e2,"s":"\\/x","text":' + doubled + "}\n",
        '\ufeff{ "z" : "\\ud83d" ,\t"text" :' + doubled + " }\r\n",
        '{"text": "drop me", "text": ' + doubled + ', "u": "\\u00e9"}\n',
    ]
    data, out = tmp_path / "d.jsonl", tmp_path / "o.jsonl"
    data.write_bytes("".join(lines).encode("utf-8"))
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--out", str(out)])
    assert result.exit_code == 0, result.output
    clean = json.dumps(CLEAN)
    assert out.read_bytes().decode("utf-8").splitlines(keepends=True) == [
        line.replace(doubled, clean) for line in lines
    ]
    removed = tmp_path / "r.jsonl"
    CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--out", str(removed), "--removed-field", "gone"])
    written = removed.read_bytes().decode("utf-8").splitlines()
    from dedupe.report import removals

    gone = removals(clean_text(DOUBLED).removed)
    tight = json.dumps(gone, separators=(",", ":"))
    assert written[0] == lines[0].replace(doubled, clean).rstrip("\n")[:-1] + ',"gone":' + tight + "}"
    assert [json.loads(line.lstrip("\ufeff"))["gone"][0]["rule"] for line in written] == ["exact"] * 3


def test_standard_input_with_an_out_folder_is_a_usage_error(tmp_path: Path) -> None:
    for out in (tmp_path, tmp_path / "no-extension"):
        result = CliRunner().invoke(main, ["clean", "-", "--out", str(out)], input=DOUBLED)
        assert result.exit_code == 2
        assert "--out names the output file, not a folder" in result.output
    result = CliRunner().invoke(main, ["clean", "-", "--field", "text", "--out", str(tmp_path)], input=records(DOUBLED))
    assert result.exit_code == 2


def test_a_dataset_on_a_terminal_shows_a_bar_of_its_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dedupe import cli, dataset

    data = tmp_path / "d.jsonl"
    data.write_text(records(*[DOUBLED] * cli.PROGRESS_AFTER).rstrip("\n"))  # the last line unended
    assert dataset.records_in(data) == cli.PROGRESS_AFTER
    monkeypatch.setattr(cli, "_on_terminal", lambda: True)
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--check"])
    assert f"checking {data}" in result.stderr  # the bar (drawn as its label alone off a terminal)
    assert result.exit_code == 1
    small = tmp_path / "small.jsonl"
    small.write_text(records(DOUBLED))
    result = CliRunner().invoke(main, ["clean", str(small), "--field", "text", "--check"])
    assert "checking" not in result.stderr  # too few records to be worth a bar


@pytest.mark.parametrize("out", ["o.parquet", "o.txt"])
def test_a_dataset_is_written_to_no_file_of_another_kind(tmp_path: Path, out: str) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(records(DOUBLED))
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--out", str(tmp_path / out)])
    assert result.exit_code == 2
    assert "converts no format" in result.output
    assert not (tmp_path / out).exists()


def test_a_dataset_out_without_an_extension_is_a_folder_as_for_a_text_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("d.jsonl").write_text(records(DOUBLED))
    result = CliRunner().invoke(main, ["clean", "d.jsonl", "--field", "text", "--out", "cleaned"])
    assert result.exit_code == 0, result.output
    assert json.loads(Path("cleaned", "d.jsonl").read_text())["text"] == clean_text(DOUBLED).text


@pytest.mark.parametrize("given", [["--out", "x"], ["--check"], ["--diff"]])
def test_the_boilerplate_dry_run_takes_no_option_that_would_do_nothing(tmp_path: Path, given: list[str]) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "a.txt").write_text(DOUBLED)
    result = CliRunner().invoke(main, ["clean", str(tmp_path), "--boilerplate-dry-run", *given])
    assert result.exit_code == 2
    assert f"{given[0]} does nothing with it" in result.output


def test_diff_on_a_dataset_gives_each_changed_record_its_own(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text(records(DOUBLED, CLEAN, DOUBLED))
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--diff"])
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if line.startswith("+++")] == [
        f"+++ b/{data}:1",
        f"+++ b/{data}:3",
    ]
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert removed == [f"-{LEAD}"] * 2  # one removed line a record
    assert data.read_text() == records(DOUBLED, CLEAN, DOUBLED)


def test_max_size_holds_for_each_record_of_a_dataset(tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    big = json.dumps({"text": DOUBLED + "x" * 5000})
    data.write_text(records(DOUBLED) + big + "\n")
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text", "--max-size", "1K", "--out", str(out)])
    assert result.exit_code == 2
    assert f"{data}:2: larger than --max-size (1,024 bytes): passed through as it is" in result.stderr
    first, second = out.read_text().splitlines()
    assert json.loads(first)["text"] == clean_text(DOUBLED).text
    assert second == big  # as it came

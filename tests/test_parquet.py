"""Parquet datasets in the CLI: the text column cleaned as clean_text cleans it, every other
column, the schema and the row order kept, row group by row group."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from click.testing import CliRunner

from dedupe import clean_text
from dedupe.cli import main
from tests.reports import report_entries

LEAD = "The lead paragraph of the article, which the scraper captured twice over."
TEXTS = [
    f"{LEAD}\n{LEAD}\nThe body.",
    "A clean article.\nWith two lines.",
    None,
    f"Title\n{LEAD}\nBody.\n{LEAD}",
    "Одна строка.  \nОдна строка.  ",
]


def write_dataset(path: Path) -> pa.Table:
    table = pa.table(
        {
            "id": pa.array([10, 11, 12, 13, 14], type=pa.int64()),
            "text": pa.array(TEXTS, type=pa.large_string()),
            "lang": ["en", "en", "en", "en", "ru"],
        }
    )
    pq.write_table(table, path, row_group_size=2)  # three row groups
    return table


def test_parquet_keeps_schema_rows_and_other_columns(tmp_path: Path) -> None:
    data, out, report = tmp_path / "data.parquet", tmp_path / "clean.parquet", tmp_path / "r.jsonl"
    table = write_dataset(data)
    args = ["clean", str(data), "--field", "text", "--out", str(out), "--report", str(report)]
    result = CliRunner().invoke(main, [*args, "--removed-field", "gone"])
    assert result.exit_code == 2, result.output  # the null text is a bad record, passed through
    assert "data.parquet:3: column 'text' is null" in result.stderr
    cleaned = pq.read_table(out)
    assert cleaned.schema.remove(cleaned.schema.get_field_index("gone")) == table.schema
    assert pq.ParquetFile(out).metadata.num_rows == 5
    assert cleaned.column("id").to_pylist() == [10, 11, 12, 13, 14]
    assert cleaned.column("lang").to_pylist() == table.column("lang").to_pylist()
    expected = [clean_text(text).text if text is not None else None for text in TEXTS]
    assert cleaned.column("text").to_pylist() == expected
    gone = [json.loads(entry) for entry in cleaned.column("gone").to_pylist()]
    assert [len(entry) for entry in gone] == [1, 0, 0, 1, 1]
    assert gone[0][0]["rule"] == "exact"
    records = report_entries(report.read_text())
    assert [record["line"] for record in records] == [1, 2, 3, 4, 5]
    assert [len(record["removed"]) for record in records] == [1, 0, 0, 1, 1]


def test_parquet_check_writes_nothing_and_a_missing_column_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "data.parquet"
    write_dataset(data)
    before = data.read_bytes()
    check = CliRunner().invoke(main, ["clean", "--check", str(data), "--field", "text"])
    assert check.exit_code == 2  # would clean, and one bad record
    assert "would clean 3 records" in check.stderr
    assert data.read_bytes() == before
    missing = CliRunner().invoke(main, ["clean", str(data), "--field", "body", "--out", str(tmp_path / "o.parquet")])
    assert missing.exit_code == 2
    assert "no column 'body'" in missing.stderr
    assert not (tmp_path / "o.parquet").exists()


def test_field_names_the_json_lines_field_too(tmp_path: Path) -> None:
    data = tmp_path / "data.jsonl"
    data.write_text(json.dumps({"text": TEXTS[0]}) + "\n")
    result = CliRunner().invoke(main, ["clean", str(data), "--field", "text"])
    assert result.exit_code == 0
    assert json.loads(data.read_text())["text"] == clean_text(TEXTS[0]).text


def test_a_parquet_dataset_counts_its_rows_for_the_bar(tmp_path: Path) -> None:
    from dedupe.dataset import records_in

    data = tmp_path / "data.parquet"
    write_dataset(data)
    assert records_in(data) == len(TEXTS)
    (tmp_path / "broken.parquet").write_bytes(b"not parquet")
    assert records_in(tmp_path / "broken.parquet") is None  # the run itself says what is wrong


def test_a_damaged_page_is_one_error_for_its_dataset_and_the_others_go_on(tmp_path: Path) -> None:
    data, other = tmp_path / "data.parquet", tmp_path / "other.jsonl"
    write_dataset(data)
    page = pq.ParquetFile(data).metadata.row_group(2).column(1).data_page_offset
    damaged = bytearray(data.read_bytes())
    damaged[page : page + 16] = b"\xff" * 16  # the page header of the last row group's text
    data.write_bytes(bytes(damaged))
    other.write_text(json.dumps({"text": TEXTS[0]}) + "\n")
    report = tmp_path / "r.jsonl"
    args = ["clean", str(data), str(other), "--field", "text", "--out", str(tmp_path / "out"), "--report", str(report)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert f"{data}: row group 3: cannot read" in result.stderr
    assert "Traceback" not in result.output
    assert not list((tmp_path / "out").rglob("data.parquet"))  # nothing of it written
    [cleaned] = list((tmp_path / "out").rglob("other.jsonl"))
    assert json.loads(cleaned.read_text())["text"] == clean_text(TEXTS[0]).text
    assert [entry["path"] for entry in report_entries(report.read_text()) if entry["error"]] == [str(data)]


def test_a_site_column_missing_is_one_error_in_a_site_run(tmp_path: Path) -> None:
    data = tmp_path / "data.parquet"
    write_dataset(data)
    for run in ("--site-boilerplate", "--boilerplate-dry-run"):
        args = ["clean", str(data), "--field", "text", "--site-field", "nosuch", run]
        result = CliRunner().invoke(main, [*args, "--check"] if run == "--site-boilerplate" else args)
        assert result.exit_code == 2
        assert "no column 'nosuch'" in result.stderr
        assert result.exception is None or isinstance(result.exception, SystemExit)

"""One report record for every input: a cleaned file, one that failed, and a dataset record."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from dedupe import similarity
from dedupe.cli import main
from dedupe.model import Outcome
from dedupe.report import Summary, record
from tests.reports import report_entries

CORE_KEYS = ["path", "encoding", "confidence", "repairs", "warnings", "layout", "newline", "changed"]
DOUBLED = "Lead paragraph of the article.\nLead paragraph of the article.\nBody paragraph.\n"


def report_of(args: list[str], report: Path) -> list[dict[str, object]]:
    CliRunner().invoke(main, [*args, "--report", str(report)])
    return report_entries(report.read_text(encoding="utf-8"))


def test_file_error_and_record_share_the_keys(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DOUBLED)
    (tmp_path / "in" / "b.txt").write_bytes(b"\x00\x01\x02\x03 binary")
    data = tmp_path / "data.jsonl"
    data.write_text(json.dumps({"id": "x1", "text": DOUBLED}) + "\nnot json\n")

    files = report_of(["clean", str(tmp_path / "in"), "--out", str(tmp_path / "out")], tmp_path / "r1.jsonl")
    records = report_of(
        ["clean", str(data), "--jsonl-field", "text", "--jsonl-id", "id", "--out", str(tmp_path / "o.jsonl")],
        tmp_path / "r2.jsonl",
    )
    cleaned, failed = files
    good, bad = records
    for entry in (cleaned, failed, good, bad):
        assert [key for key in entry if key in CORE_KEYS] == CORE_KEYS
        assert isinstance(entry["removed"], list)
        assert "error" in entry
    assert set(cleaned) == set(failed)
    assert set(good) == set(cleaned) | {"line", "id"}
    assert list(bad) == list(good)  # the same keys: a line that is no JSON object has a null id
    assert bad["id"] is None
    assert failed["error"].startswith("binary data")
    assert failed["encoding"] is None
    assert failed["paragraphs"] is None
    assert cleaned["removed"][0]["rule"] == "exact"
    assert (good["line"], good["id"], good["removed"][0]["kept_index"]) == (1, "x1", 0)
    assert (bad["line"], bad["error"][:12]) == (2, "invalid JSON")


def test_summary_counts_files_and_records_apart() -> None:
    summary = Summary(check=True)
    summary.add(Outcome("a.txt", changed=True))
    summary.add(Outcome("d.jsonl", changed=True, line=1))
    summary.add(Outcome("d.jsonl", line=2))
    summary.add(Outcome("d.jsonl", error="invalid JSON", line=3))
    assert (summary.files, summary.records, summary.bad_records) == (1, 3, 1)
    assert summary.exit_code == 2
    assert summary.line() == (
        "1 file would be cleaned (1 would only be normalized), 0 files unchanged, 1 record would be cleaned, "
        "1 record unchanged, "
        "0 paragraphs to remove, 1 bad record passed through."
    )


def test_a_name_that_is_not_utf8_is_reported_with_its_bytes_escaped() -> None:
    assert record(Outcome("caf\udce9.txt"))["path"] == "caf\\xe9.txt"  # the byte kept, escaped
    assert record(Outcome("caf\udce8.txt"))["path"] != record(Outcome("caf\udce9.txt"))["path"]


def test_report_lines_count_the_blank_lines_that_open_the_file(tmp_path: Path) -> None:
    lead = "Lead paragraph of the article, which the scraper captured twice over."
    article = tmp_path / "a.txt"
    article.write_bytes(f"  \r\n\u00a0\r\n\r\n{lead}\r\n{lead}\r\nBody.\r\n".encode())
    report = tmp_path / "r.jsonl"
    for faithful in ([], ["--no-normalize"]):
        result = CliRunner().invoke(main, ["clean", str(article), "--check", "--report", str(report), *faithful])
        assert result.exit_code == 1, result.output
        removed = report_entries(report.read_text())[0]["removed"]
        assert [(r["line"], r["kept_line"]) for r in removed] == [(5, 4)]
        lines = article.read_bytes().decode().split("\r\n")
        assert lines[removed[0]["line"] - 1] == lines[removed[0]["kept_line"] - 1] == lead


def test_the_report_opens_with_how_the_run_was_made(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    import dedupe

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(DOUBLED)
    report = tmp_path / "r.jsonl"
    before = datetime.now(UTC).replace(microsecond=0)
    args = ["clean", str(tmp_path / "in"), "--check", "--no-normalize", "--threshold", "85", "--min-length", "12"]
    CliRunner().invoke(main, [*args, "--report", str(report)])
    run = json.loads(report.read_text(encoding="utf-8").splitlines()[0])["run"]
    assert run["dedupe"] == dedupe.__version__
    assert run["core"] == similarity.core_name()  # which code cleaned: the compiled core or pure Python
    started = datetime.fromisoformat(run["started"].replace("Z", "+00:00"))
    assert before <= started <= datetime.now(UTC)
    settings = run["settings"]
    assert (settings["action"], settings["mode"], settings["threshold"], settings["min_length"]) == (
        "check",
        "faithful",
        85.0,
        12,
    )
    assert settings["site_boilerplate"] is None
    assert [entry["path"] for entry in report_entries(report.read_text(encoding="utf-8"))] == [
        str(tmp_path / "in" / "a.txt")
    ]


def test_a_site_boilerplate_run_gives_its_thresholds(tmp_path: Path) -> None:
    (tmp_path / "in" / "site").mkdir(parents=True)
    (tmp_path / "in" / "site" / "a.txt").write_text(DOUBLED)
    report = tmp_path / "r.jsonl"
    args = ["clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--site-boilerplate"]
    CliRunner().invoke(main, [*args, "--boilerplate-min-docs", "3", "--report", str(report)])
    settings = json.loads(report.read_text(encoding="utf-8").splitlines()[0])["run"]["settings"]
    assert settings["action"] == "write"
    site = settings["site_boilerplate"]
    assert (site["min_documents"], site["min_chars"], site["max_chars"], site["table_read"]) == (3, 20, 300, False)


def test_a_saved_table_s_own_thresholds_are_the_ones_reported(tmp_path: Path) -> None:
    (tmp_path / "in" / "site").mkdir(parents=True)
    (tmp_path / "in" / "site" / "a.txt").write_text(DOUBLED)
    table, report = tmp_path / "table.json", tmp_path / "r.jsonl"
    CliRunner().invoke(
        main, ["clean", str(tmp_path / "in"), "--boilerplate-dry-run", "--boilerplate-table", str(table)]
    )
    assert table.exists()
    args = ["clean", str(tmp_path / "in"), "--check", "--site-boilerplate", "--boilerplate-table", str(table)]
    result = CliRunner().invoke(main, [*args, "--boilerplate-min-docs", "9", "--report", str(report)])
    assert "made with other thresholds" in result.stderr
    site = json.loads(report.read_text(encoding="utf-8").splitlines()[0])["run"]["settings"]["site_boilerplate"]
    assert (site["min_documents"], site["table_read"], site["table"]) == (5, True, str(table))

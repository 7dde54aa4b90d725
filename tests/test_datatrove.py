"""dedupe on datatrove, run as a user runs it: a LocalPipelineExecutor, several tasks, two
workers, no cluster. Outputs equal the library's, document by document, for any task count."""

from __future__ import annotations

import codecs
import gzip
import json
import os
from pathlib import Path

import pytest
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from dedupe import clean_bytes, clean_text
from dedupe.datatrove import ArticleReader, DedupeParagraphs
from tests.reports import report_entries

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def articles() -> list[str]:
    """The fixtures' articles as text, each a document."""
    return [
        clean_bytes((case / "input.txt").read_bytes()).source.text
        for case in sorted(FIXTURES.iterdir())
        if (case / "input.txt").is_file()
    ]


def run(pipeline: list[object], tmp: Path, name: str, tasks: int) -> list[dict[str, object]]:
    LocalPipelineExecutor(pipeline=pipeline, tasks=tasks, workers=2, logging_dir=str(tmp / f"logs-{name}")).run()
    documents = []
    for path in sorted((tmp / name).glob("*.jsonl")):
        documents += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return documents


def test_jsonl_pipeline_equals_the_library_for_any_task_count(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    texts = articles()
    for part in range(3):
        with (source / f"part-{part}.jsonl").open("w", encoding="utf-8") as stream:
            for number, text in enumerate(texts):
                if number % 3 == part:
                    stream.write(json.dumps({"id": f"doc-{number}", "text": text}) + "\n")

    def pipeline(name: str) -> list[object]:
        writer = JsonlWriter(str(tmp_path / name), output_filename="${rank}.jsonl", compression=None)
        return [JsonlReader(str(source)), DedupeParagraphs(), writer]

    three = run(pipeline("three"), tmp_path, "three", tasks=3)
    again = run(pipeline("again"), tmp_path, "again", tasks=3)
    one = run(pipeline("one"), tmp_path, "one", tasks=1)
    by_id = {document["id"]: document for document in three}
    assert len(by_id) == len(texts)
    removals = 0
    for number, text in enumerate(texts):
        expected = clean_text(text)
        document = by_id[f"doc-{number}"]
        assert document["text"] == expected.text
        assert [entry["index"] for entry in document["metadata"]["dedupe"]] == [r.index for r in expected.removed]
        removals += len(expected.removed)
    assert removals > 10  # the fixtures hold duplicates of every kind
    assert sorted(json.dumps(d, sort_keys=True) for d in again) == sorted(json.dumps(d, sort_keys=True) for d in three)
    assert {d["id"]: d["text"] for d in one} == {d["id"]: d["text"] for d in three}
    for name in ("three", "again"):  # byte-identical files on a second run
        assert [p.read_bytes() for p in sorted((tmp_path / "three").glob("*.jsonl"))] == [
            p.read_bytes() for p in sorted((tmp_path / name).glob("*.jsonl"))
        ]


def test_article_reader_and_step_equal_clean_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    cases = [case for case in sorted(FIXTURES.iterdir()) if (case / "input.txt").is_file()]
    for case in cases:  # mixed encodings: UTF-8, BOMs, UTF-16, cp1251, KOI8-R, GB18030, mojibake
        (folder / case.name).mkdir(parents=True)
        (folder / case.name / "article.txt").write_bytes((case / "input.txt").read_bytes())
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02\x03 not text")
    text = "Lead paragraph, repeated by the scraper.\nLead paragraph, repeated by the scraper.\nBody.\n"
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    writer = JsonlWriter(str(tmp_path / "out"), output_filename="${rank}.jsonl.gz")
    pipeline = [ArticleReader(str(folder)), DedupeParagraphs(), writer]
    LocalPipelineExecutor(pipeline=pipeline, tasks=2, workers=2, logging_dir=str(tmp_path / "logs")).run()
    documents = {}
    for path in (tmp_path / "out").glob("*.jsonl.gz"):
        for line in gzip.decompress(path.read_bytes()).decode("utf-8").splitlines():
            document = json.loads(line)
            documents[document["id"]] = document
    expected_ids = {f"{case.name}/article.txt" for case in cases} | {"utf16.txt"}
    assert set(documents) == expected_ids  # the binary file is left out
    for name in expected_ids:
        result = clean_bytes((folder / name).read_bytes())
        assert documents[name]["text"] == result.text, name
        assert len(documents[name]["metadata"]["dedupe"]) == len(result.removed)


def test_parquet_pipeline_equals_the_library(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq
    from datatrove.pipeline.readers import ParquetReader

    texts = articles()
    (tmp_path / "in").mkdir()
    table = pa.table({"id": [f"doc-{n}" for n in range(len(texts))], "text": texts})
    pq.write_table(table, tmp_path / "in" / "data.parquet", row_group_size=7)
    writer = JsonlWriter(str(tmp_path / "out"), output_filename="${rank}.jsonl", compression=None)
    pipeline = [ParquetReader(str(tmp_path / "in")), DedupeParagraphs(), writer]
    documents = run(pipeline, tmp_path, "out", tasks=2)
    assert {d["id"]: d["text"] for d in documents} == {f"doc-{n}": clean_text(t).text for n, t in enumerate(texts)}


def test_site_boilerplate_stages_remove_what_the_cli_removes_for_1_and_3_tasks(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dedupe.cli import main
    from dedupe.datatrove import AddSiteExamples, CountSiteParagraphs, ReduceSiteParagraphs
    from tests.test_boilerplate import build_sites, fixture_articles

    folder = tmp_path / "in"
    build_sites(folder, fixture_articles(FIXTURES))
    report = tmp_path / "report.jsonl"
    saved = tmp_path / "cli-table.json"
    args = ["clean", str(folder), "--out", str(tmp_path / "cli"), "--site-boilerplate", "--report", str(report)]
    args += ["--boilerplate-table", str(saved)]
    assert CliRunner().invoke(main, args).exit_code == 0
    expected = {}
    for record in report_entries(report.read_text(encoding="utf-8")):
        document_id = str(Path(record["path"]).relative_to(folder))
        expected[document_id] = [(r["index"], r["rule"], r["text"], r.get("documents")) for r in record["removed"]]
    assert sum(rule == "boilerplate" for removals in expected.values() for _, rule, _, _ in removals) > 100

    for tasks in (1, 3):
        counts, table = tmp_path / f"counts-{tasks}", tmp_path / f"table-{tasks}.json"
        logs = str(tmp_path / f"logs-{tasks}")
        count = [ArticleReader(str(folder)), CountSiteParagraphs(counts)]
        LocalPipelineExecutor(pipeline=count, tasks=tasks, workers=2, logging_dir=f"{logs}-count").run()
        LocalPipelineExecutor(
            pipeline=[ReduceSiteParagraphs(counts, table)], tasks=1, logging_dir=f"{logs}-reduce"
        ).run()
        writer = JsonlWriter(str(tmp_path / f"out-{tasks}"), output_filename="${rank}.jsonl", compression=None)
        examples = tmp_path / f"examples-{tasks}"
        remove = [
            ArticleReader(str(folder)),
            DedupeParagraphs(boilerplate_table=table, examples_folder=examples),
            writer,
        ]
        documents = run(remove, tmp_path, f"out-{tasks}", tasks=tasks)
        LocalPipelineExecutor(
            pipeline=[AddSiteExamples(examples, table)], tasks=1, logging_dir=f"{logs}-examples"
        ).run()
        assert table.read_bytes() == saved.read_bytes()  # the table, examples and all, the CLI saves
        assert len(documents) == len(expected)
        for document in documents:
            removals = [(r["index"], r["rule"], r["text"], r.get("documents")) for r in document["metadata"]["dedupe"]]
            assert removals == expected[document["id"]], document["id"]
            assert document["text"] == (tmp_path / "cli" / document["id"]).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("content", "said"),
    [
        ("{not json", "not an examples file"),
        ('{"other": []}', r"a list of \[site, text\] pairs"),
        ('{"examples": [["a", 5]]}', r"a list of \[site, text\] pairs"),
        ("[" * 100_000, "not an examples file"),
    ],
)
def test_a_crafted_examples_file_is_one_error_naming_it(tmp_path: Path, content: str, said: str) -> None:
    from dedupe.boilerplate import Table, Thresholds
    from dedupe.datatrove import AddSiteExamples
    from dedupe.model import DedupeError

    table = tmp_path / "table.json"
    Table(Thresholds(), {}).save(table)
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "00000.json").write_text(content)
    with pytest.raises(DedupeError, match=said) as raised:
        list(AddSiteExamples(tmp_path / "examples", table).run([]))
    assert "00000.json" in str(raised.value)
    with pytest.raises(DedupeError, match="no such folder"):
        list(AddSiteExamples(tmp_path / "missing", table).run([]))


def test_an_example_of_no_length_a_line_has_is_left_out() -> None:
    from dedupe.boilerplate import SiteLines, Table, Thresholds, key_hash
    from dedupe.reader import make_key

    line = "Follow us on Telegram for more stories."
    key = key_hash(make_key(line))
    table = Table(Thresholds(), {"bbc": SiteLines(10, {key: 8})})
    padded = line + " " * 50_000_000  # the same key, 50 MB: no paragraph a run removes
    assert table.with_examples([("bbc", padded)]).examples == {}
    assert table.with_examples([("bbc", padded), ("bbc", line)]).examples == {("bbc", key): line}


def test_an_examples_file_that_is_no_regular_file_is_refused_unread(tmp_path: Path) -> None:
    from dedupe.boilerplate import Table, Thresholds
    from dedupe.datatrove import AddSiteExamples
    from dedupe.model import DedupeError

    table = tmp_path / "table.json"
    Table(Thresholds(), {}).save(table)
    (tmp_path / "examples").mkdir()
    os.mkfifo(tmp_path / "examples" / "00000.json")  # read, it would never end
    with pytest.raises(DedupeError, match="no regular file"):
        list(AddSiteExamples(tmp_path / "examples", table).run([]))

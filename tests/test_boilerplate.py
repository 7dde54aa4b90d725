"""Site boilerplate (--site-boilerplate): counted per site, removed with its counts, the same for
any order, process count or task split, and nothing else changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe import clean_bytes, clean_text
from dedupe.boilerplate import SiteCounts, SiteLines, Thresholds, article_keys, key_hash, reduce, site_of_url, strip
from dedupe.cli import main
from dedupe.reader import make_key
from tests.reports import report_entries

SITES = ("alpha", "beta", "gamma")
# Two lines per site: one in 70% of its articles, one in 90%.
PLANTED = {
    site: (f"Follow {site.title()} News on Telegram for the latest stories.", f"All rights reserved by {site} media.")
    for site in SITES
}
SHARED = "A sentence three articles of one site share, quoted from the same report."


def fixture_articles(fixtures: Path) -> list[str]:
    """The fixtures' articles as dedupe cleans them: real news text, each paragraph once."""
    return [clean_bytes(path.read_bytes()).text for path in sorted(fixtures.glob("*/input.txt"))]


def build_sites(root: Path, articles: list[str]) -> dict[str, list[Path]]:
    """Three sites of the fixture articles, with the planted lines: one in 70% and one in 90% of
    each site's articles, a sentence three articles share, another site's line placed twice."""
    made: dict[str, list[Path]] = {}
    for number, site in enumerate(SITES):
        often, mostly = PLANTED[site]
        paths = []
        for index, text in enumerate(articles[number:] + articles[:number]):
            separator = "\n\n" if "\n\n" in text else "\n"  # hard-wrapped blocks, or a line each
            lines = text.rstrip("\n").split(separator)
            if index % 10 < 7:
                lines.insert(min(2, len(lines)), often)
            if index % 10 < 9:
                lines.append(mostly)
            if site == "beta" and index < 3:
                lines.append(SHARED)
            if site == "gamma" and index in (4, 11):
                lines.append(PLANTED["alpha"][0])
            path = root / site / f"article-{index:03d}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(separator.join(lines) + "\n", encoding="utf-8")
            paths.append(path)
        made[site] = paths
    return made


@pytest.fixture
def sites(tmp_path: Path, fixtures: Path) -> Path:
    build_sites(tmp_path / "in", fixture_articles(fixtures))
    return tmp_path / "in"


def run(*args: str) -> str:
    result = CliRunner().invoke(main, ["clean", *args])
    assert result.exit_code == 0, result.output
    return result.output


def paragraphs(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]


def test_planted_site_lines_go_from_their_site_and_nothing_else_changes(sites: Path, tmp_path: Path) -> None:
    run(str(sites), "--out", str(tmp_path / "plain"), "-q")
    run(str(sites), "--out", str(tmp_path / "sites"), "--site-boilerplate", "--report", str(tmp_path / "r.jsonl"))
    for site in SITES:
        for plain in sorted((tmp_path / "plain" / site).iterdir()):
            cleaned = tmp_path / "sites" / site / plain.name
            expected = [line for line in paragraphs(plain) if line not in PLANTED[site]]
            assert paragraphs(cleaned) == expected, cleaned
    # The line of another site placed twice, and the sentence three articles share, stay.
    gamma = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "sites" / "gamma").iterdir())
    assert gamma.count(PLANTED["alpha"][0]) == 2
    beta = "".join(path.read_text(encoding="utf-8") for path in (tmp_path / "sites" / "beta").iterdir())
    assert beta.count(SHARED) == 3


def test_report_gives_each_removal_its_site_count(sites: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.jsonl"
    run(str(sites), "--out", str(tmp_path / "out"), "--site-boilerplate", "--report", str(report), "-q")
    records = report_entries(report.read_text(encoding="utf-8"))
    size = {site: sum(record["site"] == site for record in records) for site in SITES}
    planted = {
        site: {
            line: sum(line in path.read_text(encoding="utf-8") for path in (sites / site).iterdir()) for line in lines
        }
        for site, lines in PLANTED.items()
    }
    seen: dict[tuple[str, str], int] = {}
    for record in records:
        for removal in record["removed"]:
            if removal["rule"] != "boilerplate":
                continue
            site = record["site"]
            assert removal["text"] in PLANTED[site]
            assert removal["kept_index"] is None
            assert removal["documents"] == planted[site][removal["text"]]
            assert removal["articles"] == size[site]
            seen[site, removal["text"]] = seen.get((site, removal["text"]), 0) + 1
    # Every copy goes, the first too (none of them is an article's headline or only paragraph).
    assert seen == {(site, line): count for site, lines in planted.items() for line, count in lines.items()}


def test_same_files_for_any_process_count_and_for_a_reused_table(sites: Path, tmp_path: Path) -> None:
    table = tmp_path / "table.json"
    run(str(sites), "--out", str(tmp_path / "one"), "--site-boilerplate", "--jobs", "1", "-q")
    run(str(sites), "--out", str(tmp_path / "two"), "--site-boilerplate", "--jobs", "2", "-q")
    run(str(sites), "--out", str(tmp_path / "saved"), "--site-boilerplate", "--boilerplate-table", str(table), "-q")
    saved = json.loads(table.read_text(encoding="utf-8"))
    assert {line["example"] for site in saved["sites"] for line in site["lines"]} == {
        line for lines in PLANTED.values() for line in lines
    }
    # A new crawl of the same sites: the saved table is used, and counts nothing.
    run(str(sites), "--out", str(tmp_path / "reused"), "--site-boilerplate", "--boilerplate-table", str(table), "-q")
    for other in ("two", "saved", "reused"):
        for path in sorted((tmp_path / "one").rglob("*.txt")):
            assert (tmp_path / other / path.relative_to(tmp_path / "one")).read_bytes() == path.read_bytes()


def test_dry_run_prints_the_lines_and_changes_nothing(sites: Path) -> None:
    before = {path: path.read_bytes() for path in sites.rglob("*.txt")}
    output = run(str(sites), "--boilerplate-dry-run")
    assert {path: path.read_bytes() for path in sites.rglob("*") if path.is_file()} == before
    articles = len(list((sites / "alpha").iterdir()))
    for site, lines in PLANTED.items():
        assert f"{site}: {articles} articles, 2 boilerplate lines" in output
        for line in lines:
            count = sum(line in path.read_text(encoding="utf-8") for path in (sites / site).iterdir())
            [shown] = [row for row in output.splitlines() if row.endswith(line)]
            assert shown.split()[0] == f"{count}/{articles}"


def test_dry_run_lists_only_what_a_run_removes_and_saves_the_table_asked_for(sites: Path, tmp_path: Path) -> None:
    masthead = "Delta Daily News Network"  # every article's first line: a headline, never removed
    for path in sorted((sites / "alpha").iterdir()):
        path.write_text(f"{masthead}\n{path.read_text(encoding='utf-8')}", encoding="utf-8")
    table = tmp_path / "table.json"
    output = run(str(sites), "--boilerplate-dry-run", "--boilerplate-table", str(table))
    articles = len(list((sites / "alpha").iterdir()))
    assert f"alpha: {articles} articles, 2 boilerplate lines (1 more found, but kept where it stands" in output
    assert not [row for row in output.splitlines() if masthead in row]
    assert [row for row in output.splitlines() if row.endswith(PLANTED["alpha"][0])]
    saved = json.loads(table.read_text(encoding="utf-8"))
    alpha = next(site for site in saved["sites"] if site["site"] == "alpha")
    assert len(alpha["lines"]) == 3  # the table holds what was counted: a run decides per article
    cleaned = tmp_path / "out"
    run(str(sites), "--site-boilerplate", "--boilerplate-table", str(table), "--out", str(cleaned))
    assert all(
        masthead in path.read_text(encoding="utf-8") for path in (cleaned / "alpha").iterdir()
    )  # the saved table is used, and the headline stays


def test_thresholds_count_documents_and_share() -> None:
    t = Thresholds(min_documents=5, min_share=0.1)
    assert t.holds(5, 50)
    assert t.holds(10, 100)
    assert not t.holds(4, 10)
    assert not t.holds(9, 100)
    with pytest.raises(ValueError, match="min_share"):
        Thresholds(min_share=1.5)


def test_counts_are_sums_whatever_the_order_and_the_task_split(tmp_path: Path) -> None:
    articles = [("a", [key_hash(f"line {n % 7}"), key_hash(f"unique {n}")]) for n in range(60)]
    articles += [("b", [key_hash("line 1")]) for _ in range(4)]
    one = SiteCounts(tmp_path / "one", flush_bytes=40)  # spills every other record
    for site, keys in articles:
        one.add(site, keys)
    one.close()
    tasks = [SiteCounts(tmp_path / f"task{n}") for n in range(3)]
    for number, (site, keys) in enumerate(reversed(articles)):
        tasks[number % 3].add(site, keys)
    for task in tasks:
        task.close()
    thresholds = Thresholds(min_documents=5, min_share=0.1)
    whole = reduce([tmp_path / "one"], thresholds)
    split = reduce([tmp_path / f"task{n}" for n in range(3)], thresholds)
    assert whole == split
    assert whole.sites["a"] == SiteLines(60, {key_hash(f"line {n}"): len(range(n, 60, 7)) for n in range(7)})
    assert whole.sites["b"].lines == {}  # 4 articles: under min_documents


def test_key_hash_is_stable_across_processes() -> None:
    code = "from dedupe.boilerplate import key_hash; print(key_hash('follow us on telegram').hex())"
    seen = {
        subprocess.run(
            [sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True
        ).stdout
        for seed in ("1", "2")
    }
    assert seen == {key_hash("follow us on telegram").hex() + "\n"}


def test_headline_and_last_paragraph_never_go() -> None:
    thresholds = Thresholds(min_documents=1, min_share=0)
    headline = "Follow us on Telegram for more news"
    body = "Subscribe to our channel for more news."
    result = clean_text(f"{headline}\nA fact of this article only.\n{body}\n")
    site = SiteLines(10, {key_hash(make_key(headline)): 9, key_hash(make_key(body)): 9})
    stripped = strip(result, result.output, site, thresholds, faithful=False)
    assert stripped.text == f"{headline}\nA fact of this article only.\n"
    alone = clean_text(f"{body}\n{body.replace('more', 'all')}\n")
    site = SiteLines(10, {key_hash(make_key(p.text)): 9 for p in alone.kept})
    assert strip(alone, alone.output, site, thresholds, faithful=False).text == f"{body}\n"


def test_faithful_removal_keeps_the_other_bytes() -> None:
    thresholds = Thresholds(min_documents=1, min_share=0)
    data = "Headline\r\nA fact of this article only.  \r\nFollow us on Telegram, please.\r\n".encode("cp1251")
    result = clean_bytes(data, faithful=True)
    site = SiteLines(
        10,
        {
            key: 9
            for key in article_keys(result, thresholds)
            if key == key_hash(make_key("Follow us on Telegram, please."))
        },
    )
    stripped = strip(result, data, site, thresholds, faithful=True)
    assert stripped.output == "Headline\r\nA fact of this article only.  \r\n".encode("cp1251")


def test_site_of_url() -> None:
    assert site_of_url("https://www.example.com/news/1") == "example.com"
    assert site_of_url("news.example.org/a") == "news.example.org"
    assert site_of_url(None) is None
    assert site_of_url("") is None


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_dataset_records_take_their_site_from_a_url_field(tmp_path: Path, fixtures: Path, suffix: str) -> None:
    articles = fixture_articles(fixtures)[:20]
    line = PLANTED["alpha"][1]
    records = []
    for number, text in enumerate(articles):
        host = "https://www.alpha.example/news" if number % 2 else "https://beta.example/a"
        separator = "\n\n" if "\n\n" in text else "\n"
        body = text if number % 4 == 0 else f"{text.rstrip()}{separator}{line}"  # all 10 of alpha, 5 of beta
        records.append({"id": number, "url": f"{host}/{number}", "text": body})
    dataset, out, report = tmp_path / f"d{suffix}", tmp_path / f"out{suffix}", tmp_path / "r.jsonl"
    if suffix == ".parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.Table.from_pylist(records), dataset, row_group_size=7)
    else:
        dataset.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    args = [str(dataset), "--field", "text", "--site-field", "url", "--site-boilerplate"]
    run(*args, "--boilerplate-min-share", "0.6", "--out", str(out), "--report", str(report), "-q")
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        cleaned = pq.read_table(out).to_pylist()
    else:
        cleaned = [json.loads(row) for row in out.read_text(encoding="utf-8").splitlines()]
    plain = [clean_text(r["text"]).text for r in records]
    for record, text, before in zip(cleaned, plain, records, strict=True):
        alpha = "alpha" in before["url"]  # beta holds the line in 5 of 10 articles: under 0.6
        expected = [row for row in text.split("\n") if row.strip() and not (alpha and row == line)]
        assert [row for row in record["text"].split("\n") if row.strip()] == expected
    reported = report_entries(report.read_text(encoding="utf-8"))
    assert {record["site"] for record in reported} == {"alpha.example", "beta.example"}
    assert sum(r["rule"] == "boilerplate" for record in reported for r in record["removed"]) == 10


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-", "--site-boilerplate"], "not '-'"),
        (["x", "--boilerplate-table", "t.json"], "--boilerplate-table goes with --site-boilerplate"),
        (["d.jsonl", "--field", "text", "--site-boilerplate"], "needs --site-field"),
    ],
)
def test_site_options_that_cannot_work_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "d.jsonl").write_text('{"text": "A."}\n', encoding="utf-8")
    (tmp_path / "x").mkdir()
    result = CliRunner().invoke(main, ["clean", *[str(tmp_path / a) if a in ("x", "d.jsonl") else a for a in args]])
    assert result.exit_code == 2
    assert message in result.output


def test_pyproject_sets_the_site_boilerplate_thresholds(sites: Path, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.dedupe]\nboilerplate-min-share = 0.8\n", encoding="utf-8")
    output = run(str(sites), "--boilerplate-dry-run", "--config", str(tmp_path / "pyproject.toml"))
    # The 70% line is under the share now; the 90% one still over it.
    for site, (often, mostly) in PLANTED.items():
        assert f"{site}: " in output
        assert often not in output
        assert mostly in output


def test_every_report_record_of_a_site_run_names_its_site(sites: Path, tmp_path: Path) -> None:
    (sites / "alpha" / "broken.txt").write_bytes(b"\x00\x01\x02\x03 not text")
    report = tmp_path / "r.jsonl"
    result = CliRunner().invoke(
        main, ["clean", str(sites), "--out", str(tmp_path / "out"), "--site-boilerplate", "--report", str(report)]
    )
    assert result.exit_code == 2  # the broken file, named
    assert "broken.txt" in result.output
    records = report_entries(report.read_text(encoding="utf-8"))
    assert all("site" in record for record in records)
    [broken] = [record for record in records if record["error"] is not None]
    assert broken["site"] == "alpha"
    # The broken file is no article of its site: the counts are the readable ones.
    removal = next(r for record in records for r in record["removed"] if record["site"] == "alpha")
    assert removal["articles"] == len(list((sites / "alpha").iterdir())) - 1


def test_cleaning_the_output_again_with_the_same_table_changes_nothing(sites: Path, tmp_path: Path) -> None:
    table = tmp_path / "table.json"
    run(str(sites), "--out", str(tmp_path / "once"), "--site-boilerplate", "--boilerplate-table", str(table), "-q")
    result = CliRunner().invoke(
        main, ["clean", str(tmp_path / "once"), "--check", "--site-boilerplate", "--boilerplate-table", str(table)]
    )
    assert result.exit_code == 0, result.output
    assert "0 files would be cleaned" in result.output


def test_boilerplate_length_bounds_what_can_be_boilerplate(sites: Path) -> None:
    output = run(str(sites), "--boilerplate-dry-run", "--boilerplate-length", "40-300")
    for often, mostly in PLANTED.values():  # the 70% lines are over 40 characters, the 90% ones under
        assert len(often) >= 40 > len(mostly)
        assert often in output
        assert mostly not in output
    result = CliRunner().invoke(main, ["clean", str(sites), "--site-boilerplate", "--boilerplate-length", "300-20"])
    assert result.exit_code == 2
    assert "range of lengths" in result.output


@pytest.mark.parametrize(
    ("damage", "named"),
    [
        (lambda t: t["sites"][0].update(articles=0), "articles"),
        (lambda t: t["sites"][0].update(articles="12"), "articles"),
        (lambda t: t.update(min_share="0.1"), "min_share"),
        (lambda t: t.update(min_share=float("nan")), "min_share"),
        (lambda t: t.update(min_documents=True), "min_documents"),
        (lambda t: t["sites"][0]["lines"][0].update(documents=10**6), "documents"),
        (lambda t: t["sites"][0]["lines"][0].update(key="zz"), "key"),
        (lambda t: t["sites"][0]["lines"][0].update(example=7), "example"),
        (lambda t: t["sites"][0].update(lines={}), "lines"),
        (lambda t: t.update(sites=[7]), "sites"),
        (lambda t: t.clear(), "not a dedupe site boilerplate table"),
        (lambda t: t.update(version=9), "version"),
        (lambda t: t.update(min_documents=50), "below the table's own thresholds"),
        (lambda t: t.update(min_chars=400), "more than max_chars"),
        (lambda t: t["sites"][0]["lines"].append(dict(t["sites"][0]["lines"][0])), "stands twice"),
        (lambda t: t["sites"][0].update(site="a\udcff"), "in text"),
        (lambda t: t["sites"][0]["lines"][0].update(example="x\ud800"), "example"),
    ],
)
def test_a_damaged_table_is_one_usage_error_naming_the_field(sites: Path, tmp_path: Path, damage, named) -> None:  # type: ignore[no-untyped-def]
    table = tmp_path / "table.json"
    run(str(sites), "--out", str(tmp_path / "first"), "--site-boilerplate", "--boilerplate-table", str(table), "-q")
    data = json.loads(table.read_text(encoding="utf-8"))
    damage(data)
    table.write_text(json.dumps(data), encoding="utf-8")
    again = ["--out", str(tmp_path / "again"), "--site-boilerplate", "--boilerplate-table", str(table)]
    result = CliRunner().invoke(main, ["clean", str(sites), *again])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert named in result.output
    assert "Traceback" not in result.output
    assert not [path for path in (tmp_path / "again").rglob("*") if path.is_file()]


@pytest.mark.parametrize("kind", ["fifo", "device"])
def test_a_table_that_is_no_regular_file_is_refused_unread(sites: Path, tmp_path: Path, kind: str) -> None:
    table = tmp_path / "table.json"
    if kind == "fifo":
        os.mkfifo(table)
    else:
        table = Path("/dev/zero")
    args = ["clean", str(sites), "--out", str(tmp_path / "o"), "--site-boilerplate", "--boilerplate-table", str(table)]
    result = subprocess.run([sys.executable, "-m", "dedupe", *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "not a regular file" in result.stderr


def test_the_library_counts_a_corpus_and_cleans_with_its_table_as_the_cli_does(sites: Path, tmp_path: Path) -> None:
    import dedupe
    from dedupe.boilerplate import Table

    articles = sorted(sites.rglob("*.txt"))
    corpus = ((path.parent.name, path.read_bytes()) for path in articles)  # a stream, bytes in
    table = dedupe.count_sites(corpus)
    saved = tmp_path / "table.json"
    run(str(sites), "--boilerplate-dry-run", "--boilerplate-table", str(saved), "-q")
    assert table.sites == Table.load(saved).sites  # the table the CLI counts
    out = tmp_path / "out"
    run(str(sites), "--out", str(out), "--site-boilerplate", "-q")
    for path in articles:
        result = dedupe.clean_file(path, boilerplate=table, site=path.parent.name)
        assert result.output == (out / path.relative_to(sites)).read_bytes(), path
    text = articles[0].read_text(encoding="utf-8")
    gone = dedupe.clean_text(text, boilerplate=table, site="alpha").removed
    assert {r.text for r in gone if r.rule is dedupe.Rule.BOILERPLATE} <= set(PLANTED["alpha"])
    assert dedupe.clean_text(text, boilerplate=table, site="elsewhere") == dedupe.clean_text(text)


def test_dry_run_says_how_many_copies_of_a_line_stay(sites: Path) -> None:
    line = "Breaking news from our newsroom today"  # no closing stop: a headline where it opens
    for number, path in enumerate(sorted((sites / "beta").iterdir())[:8]):
        lines = path.read_text(encoding="utf-8").split("\n")
        lines.insert(0 if number < 6 else 2, line)
        path.write_text("\n".join(lines), encoding="utf-8")
    output = run(str(sites), "--boilerplate-dry-run")
    [row] = [row for row in output.splitlines() if line in row]
    documents = int(row.split()[0].split("/")[0])  # the articles that hold it as a paragraph of its own
    kept = int(row.split("(kept in ")[1].split(":")[0])
    assert row.endswith(f"(kept in {kept}: a headline or an article's last paragraph)")
    assert documents - kept == 2  # the two placed inside an article go; where it opens one, it stays


def test_a_saved_table_without_a_site_of_the_inputs_says_so(sites: Path, tmp_path: Path) -> None:
    table = tmp_path / "table.json"
    run(str(sites), "--boilerplate-dry-run", "--boilerplate-table", str(table))
    (sites / "alpha").rename(sites / "alpha-news")
    result = CliRunner().invoke(main, ["clean", str(sites), "--site-boilerplate", "--boilerplate-table", str(table)])
    assert result.exit_code == 0
    assert f"1 site of the inputs not in the table {table}, nothing removed from its articles: alpha-news" in (
        result.stderr
    )


def test_the_library_says_what_to_give_when_misused(tmp_path: Path) -> None:
    import dedupe
    from dedupe.boilerplate import Table

    article = "Follow us on Telegram for more stories.\nA story.\n"
    with pytest.raises(TypeError, match="Table.load"):
        dedupe.clean_text(article, boilerplate="sites.json", site="bbc")  # type: ignore[arg-type]
    table = dedupe.count_sites([("bbc", article)] * 6, thresholds={"min_documents": 3})
    with pytest.raises(TypeError, match="site takes"):
        dedupe.clean_text(article, boilerplate=table, site=5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="item 0 is str"):
        dedupe.count_sites(["bbc"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="item 0 has text of"):
        dedupe.count_sites([("x" * 2000, "bbc")])
    with pytest.raises(TypeError, match="no field 'docs'"):
        dedupe.count_sites([], thresholds={"docs": 3})
    (tmp_path / "other.json").write_text("{}")
    with pytest.raises(ValueError, match=f"{tmp_path / 'other.json'}: not a dedupe site boilerplate table"):
        Table.load(tmp_path / "other.json")


def test_sites_named_by_bytes_that_are_no_utf8_are_counted_and_shown_escaped(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl"
    folders = [os.fsdecode(b"bad\xff"), "x\x1b]52;c;cHduZWQ=\x07\x1b[2Jred"]  # no UTF-8; terminal escapes
    for folder in folders:
        (crawl / folder).mkdir(parents=True)
        for number in range(6):
            (crawl / folder / f"{number}.txt").write_text(
                f"Story {number} of the site is here.\nFollow us on Telegram for more stories\u202e today.\n"
            )
    table = tmp_path / "table.json"
    result = CliRunner().invoke(main, ["clean", str(crawl), "--boilerplate-dry-run", "--boilerplate-table", str(table)])
    assert result.exit_code == 0, result.output
    assert "bad\\xff: 6 articles, 1 boilerplate line" in result.stdout
    assert "\x1b" not in result.output
    assert "\u202e" not in result.stdout
    assert "stories\\u202e today." in result.stdout
    saved = json.loads(table.read_text(encoding="utf-8"))
    assert sorted(site["site"] for site in saved["sites"]) == ["bad\\xff", "x\x1b]52;c;cHduZWQ=\x07\x1b[2Jred"]
    out = tmp_path / "out"
    CliRunner().invoke(
        main, ["clean", str(crawl), "--site-boilerplate", "--boilerplate-table", str(table), "--out", str(out)]
    )
    assert "Telegram" not in (out / folders[0] / "0.txt").read_text(encoding="utf-8")


def test_datasets_met_in_a_folder_are_counted_as_those_named(tmp_path: Path) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    line = "Follow us on Telegram for more stories every day."
    rows = [{"url": f"https://www.ex.com/{n}", "text": f"Story {n} of the day.\n{line}\n"} for n in range(8)]
    (folder / "d.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows))
    args = ["--field", "text", "--site-field", "url", "--boilerplate-dry-run"]
    met = CliRunner().invoke(main, ["clean", str(folder), "--include", "*.jsonl", *args])
    named = CliRunner().invoke(main, ["clean", str(folder / "d.jsonl"), *args])
    assert met.exit_code == named.exit_code == 0, met.output
    assert "ex.com: 8 articles, 1 boilerplate line" in met.stdout
    assert met.stdout == named.stdout

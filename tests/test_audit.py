"""dedupe audit: one self-contained HTML page whose numbers are the report's, with samples that
show each removed paragraph beside the one keeping its text, looked at in a real browser."""

from __future__ import annotations

import html
import json
import os
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from dedupe.audit import SAMPLE, highlight
from dedupe.cli import main
from tests.reports import report_entries


class Page(HTMLParser):
    """What a test reads of the page: every tag with its attributes, the cards, the text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.cards: dict[str, int] = {}
        self.samples = 0
        self._card: str | None = None
        self.text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self.tags.append((tag, found))
        if found.get("class") == "card":
            self._card = found.get("data-key")
        if found.get("class") == "sample":
            self.samples += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._card is not None and data.strip():
            self.cards[self._card] = int(data.replace(",", ""))
            self._card = None


@pytest.fixture
def run_report(tmp_path: Path, fixtures: Path) -> Path:
    """A report of the fixtures' articles in two folders, with an unreadable file among them."""
    for number, case in enumerate(sorted(fixtures.glob("*/input.txt"))):
        target = tmp_path / "in" / ("one" if number % 2 else "two") / f"{case.parent.name}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(case, target)
    (tmp_path / "in" / "one" / "binary.txt").write_bytes(b"\x00\x01\x02\x03\xff" * 20)
    report = tmp_path / "report.jsonl"
    result = CliRunner().invoke(
        main, ["clean", str(tmp_path / "in"), "--out", str(tmp_path / "out"), "--report", str(report)]
    )
    assert result.exit_code == 2  # the binary file
    return report


def audit(report: Path, out: Path) -> tuple[str, Page]:
    result = CliRunner().invoke(main, ["audit", str(report), "--out", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    return text, Page(text)


def test_page_totals_are_the_reports(run_report: Path, tmp_path: Path) -> None:
    _, page = audit(run_report, tmp_path / "audit.html")
    records = report_entries(run_report.read_text(encoding="utf-8"))
    rules = Counter(r["rule"] for record in records for r in record["removed"])
    assert len(rules) >= 3
    for rule, count in rules.items():
        assert page.cards[f"rule-{rule}"] == count
    assert page.cards["files"] == len(records)
    assert page.cards["removed"] == sum(rules.values())
    assert page.cards["changed"] == sum(record["changed"] for record in records)
    assert page.cards["errors"] == sum(record["error"] is not None for record in records) == 1
    text = "".join(page.text)
    assert "binary.txt" in text  # the error, with its file and message
    source = (tmp_path / "audit.html").read_text(encoding="utf-8")
    for site in ("one", "two"):  # the sites: the first folders below the folder given
        assert f"<tr><td><bdi>{site}</bdi></td>" in source


def test_page_is_self_contained(run_report: Path, tmp_path: Path) -> None:
    source, page = audit(run_report, tmp_path / "audit.html")
    assert not [tag for tag, _ in page.tags if tag in ("link", "img", "iframe", "object", "embed")]
    assert not [attrs for tag, attrs in page.tags if tag == "script" and attrs.get("src")]
    for _, attrs in page.tags:
        for name in ("src", "href"):
            assert not (attrs.get(name) or "").startswith(("http:", "https:", "//"))
    assert "url(" not in source
    assert "@import" not in source
    assert any(tag == "svg" for tag, _ in page.tags)  # the score histogram, inline


def test_a_sampled_removal_stands_beside_its_kept_paragraph(run_report: Path, tmp_path: Path) -> None:
    _, page = audit(run_report, tmp_path / "audit.html")
    text = "".join(page.text)
    records = report_entries(run_report.read_text(encoding="utf-8"))
    near = [r for record in records for r in record["removed"] if r["rule"] == "near"]
    assert near
    for removal in near[:3]:
        assert " ".join(removal["text"].split()) in " ".join(text.split())
        assert " ".join(removal["kept_text"].split()) in " ".join(text.split())


def test_highlight_marks_words_and_characters_that_differ() -> None:
    removed, kept = highlight("The minister said on Monday.", "The minister said on Tuesday.")
    assert "<del>Monday</del>" in removed
    assert "<ins>Tuesday</ins>" in kept
    removed, kept = highlight("国家统计局发布数据", "国家统计局公布数据")
    assert "<del>发</del>" in removed
    assert "<ins>公</ins>" in kept
    removed, _ = highlight("<b>&</b>", "x")
    assert "<b>" not in removed


def test_any_size_report_gives_a_small_page(tmp_path: Path) -> None:
    report = tmp_path / "big.jsonl"
    with report.open("w", encoding="utf-8") as stream:
        for number in range(20_000):
            removal = {
                "index": 1,
                "line": 2,
                "kept_index": 0,
                "kept_line": 1,
                "rule": "near",
                "score": 90 + number % 100 / 10,
            }
            removal |= {
                "text": f"Paragraph {number} of the lead.",
                "kept_text": f"Paragraph {number} of a lead.",
                "threshold": 90.0,
            }
            record = {
                "path": f"crawl/site{number % 7}/a{number}.txt",
                "changed": True,
                "removed": [removal],
                "error": None,
            }
            stream.write(json.dumps(record) + "\n")
    source, page = audit(report, tmp_path / "audit.html")
    assert page.cards["rule-near"] == 20_000
    assert page.samples <= 2 * SAMPLE
    assert len(source) < 300_000
    assert "site3" in "".join(page.text)


def test_a_bad_report_is_one_error_naming_it_and_writes_nothing(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text('{"path": "a.txt", "removed": [], "error": null}\nnot json\n', encoding="utf-8")
    out = tmp_path / "audit.html"
    result = CliRunner().invoke(main, ["audit", str(report), "--out", str(out)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0
    assert str(report) in result.output
    assert "line 2" in result.output
    assert not out.exists()


def png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG (as Chromium writes them) into rows of pixel bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, chunks, header = 8, [], b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            chunks.append(body)
        position += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8
    assert color in (2, 6)
    size = 3 if color == 2 else 4
    raw = zlib.decompress(b"".join(chunks))
    stride = width * size
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up, corner = previous[x], previous[x - size] if x >= size else 0
            if kind == 1:
                line[x] = (line[x] + left) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + up) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows


@pytest.mark.skipif(
    shutil.which("chromium") is None and not os.environ.get("CI"),
    reason="headless Chromium (Debian's chromium package) is not installed; CI installs it",
)
def test_chromium_renders_the_page(run_report: Path, tmp_path: Path) -> None:
    audit(run_report, tmp_path / "audit.html")
    shot = tmp_path / "audit.png"
    command = [
        shutil.which("chromium") or "chromium",
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1000,900",
        f"--screenshot={shot}",
        (tmp_path / "audit.html").as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)
    width, height, rows = png_pixels(shot.read_bytes())
    assert (width, height) == (1000, 900)
    pixels = Counter(row[x : x + 3] for row in rows[::4] for x in range(0, len(row), 12))
    assert len(pixels) > 20  # text, cards, the table: many colours, not one blank fill
    colour, count = pixels.most_common(1)[0]
    assert count / sum(pixels.values()) < 0.95, f"the page looks blank ({colour!r} covers it)"
    assert html.escape("dedupe audit") in (tmp_path / "audit.html").read_text(encoding="utf-8")


def hostile_report(path: Path, url: str) -> None:
    """A crafted report: every string field carries markup that would run script or fetch ``url``."""
    script = "<script>document.title='ran'</script>"
    image = f"<img src='{url}/img' onerror=\"document.title='ran'\">"
    removal = {
        "line": 2,
        "kept_line": 1,
        "rule": "near",
        "score": 95.5,
        "threshold": 90,
        "text": f"Lead {script} paragraph {image}",
        "kept_text": f"Lead {image} paragraph {script}",
    }
    boilerplate = {"line": 3, "rule": "boilerplate", "text": image, "documents": 5, "articles": 9}
    records = [
        {"path": f"a/{script}.txt", "changed": True, "removed": [removal, boilerplate], "site": image},
        {"path": "b/x.txt", "changed": False, "removed": [], "error": f"cannot read {image}"},
    ]
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")


def test_a_crafted_report_cannot_put_markup_in_the_page(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    hostile_report(report, "http://127.0.0.1:9")
    text, page = audit(report, tmp_path / "audit.html")
    assert not [tag for tag, _ in page.tags if tag in ("script", "img", "iframe", "object")]
    assert not [attrs for _, attrs in page.tags if any(name.startswith("on") for name in attrs)]
    assert "&lt;script&gt;" in text


@pytest.mark.parametrize(
    ("field", "value"),
    [("line", "<b>2</b>"), ("score", "95"), ("kept_line", True), ("documents", [1]), ("text", {"a": 1})],
)
def test_a_report_field_of_the_wrong_type_is_refused(tmp_path: Path, field: str, value: object) -> None:
    report = tmp_path / "report.jsonl"
    removal = {"line": 2, "kept_line": 1, "rule": "near", "score": 95.0, "text": "x", "kept_text": "x", field: value}
    report.write_text(json.dumps({"path": "a.txt", "removed": [removal]}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(report), "--out", str(tmp_path / "audit.html")])
    assert result.exit_code == 2
    assert f"line 1: removal field {field!r}" in result.output
    assert not (tmp_path / "audit.html").exists()


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ('{"path": "a.txt", "removed": [{"rule": "near", "score": -1e8, "text": "a", "kept_text": "b"}]}', "score"),
        ('{"path": "a.txt", "removed": [{"rule": "near", "score": NaN, "text": "a", "kept_text": "b"}]}', "score"),
        ('{"path": "a.txt", "removed": [{"rule": "near", "threshold": 1e308, "text": "a"}]}', "threshold"),
        ('{"path": "a.txt", "removed": [{"rule": "exact", "text": "a\\ud800", "kept_text": "b"}]}', "lone surrogate"),
        ("[" * 100_000, "not a dedupe report record"),
        ('{"path": "a.txt", "removed": [], "n": ' + "1" * 5000 + "}", "not a dedupe report record"),
    ],
    ids=["negative-score", "nan-score", "huge-threshold", "lone-surrogate", "deep", "long-number"],
)
def test_a_report_no_run_writes_is_one_error_line(tmp_path: Path, line: str, said: str) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text(line + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(report), "--out", str(tmp_path / "audit.html")])
    assert result.exit_code == 2
    assert said in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "audit.html").exists()


def test_long_names_and_texts_are_cut_on_the_page_and_the_report_is_not_its_page(tmp_path: Path) -> None:
    from dedupe.audit import MAX_NAME

    report = tmp_path / "report.jsonl"
    removals = [{"rule": "exact", "score": 100.0, "text": "x" * 50, "kept_text": "x" * 50}] * 100
    report.write_text(json.dumps({"path": "p" * 1_000_000, "changed": True, "removed": removals}) + "\n")
    text, _ = audit(report, tmp_path / "audit.html")
    assert len(text) < 1_000_000
    assert "p" * (MAX_NAME - 1) + "\u2026" in text
    result = CliRunner().invoke(main, ["audit", str(report), "--out", str(report)])
    assert result.exit_code == 2
    assert json.loads(report.read_text())["changed"] is True


@pytest.mark.skipif(
    shutil.which("chromium") is None and not os.environ.get("CI"),
    reason="headless Chromium (Debian's chromium package) is not installed; CI installs it",
)
def test_chromium_runs_no_script_and_sends_no_request_from_a_crafted_report(tmp_path: Path) -> None:
    import http.server
    import threading

    requests: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            requests.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        report = tmp_path / "report.jsonl"
        hostile_report(report, f"http://127.0.0.1:{server.server_port}")
        audit(report, tmp_path / "audit.html")
        command = [
            shutil.which("chromium") or "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            (tmp_path / "audit.html").as_uri(),
        ]
        dom = subprocess.run(command, check=True, capture_output=True, text=True, timeout=120).stdout
    finally:
        server.shutdown()
        server.server_close()
    assert "<title>dedupe audit: report.jsonl</title>" in dom  # no script changed the title
    assert requests == []


def test_samples_hold_only_what_the_page_shows_of_long_texts(tmp_path: Path) -> None:
    from dedupe.audit import MAX_SHOWN, gather

    long = "A paragraph of a very long article. " * 20_000
    report = tmp_path / "long.jsonl"
    with report.open("w", encoding="utf-8") as stream:
        for number in range(3):
            removal = {"line": 2, "kept_line": 1, "rule": "exact", "score": 100.0, "text": long, "kept_text": long}
            stream.write(json.dumps({"path": f"a{number}.txt", "changed": True, "removed": [removal]}) + "\n")
    gathered = gather(report)
    held = [sample.removal for rule in gathered.rules for sample in gathered.shown(rule)]
    assert len(held) == 3
    assert all(len(removal["text"]) == len(removal["kept_text"]) == MAX_SHOWN for removal in held)
    assert all(removal["text"].startswith(long[: MAX_SHOWN - 1]) for removal in held)


def test_samples_are_spread_across_sites_whatever_the_path_order(tmp_path: Path) -> None:
    from dedupe.audit import gather

    report = tmp_path / "report.jsonl"
    with report.open("w", encoding="utf-8") as stream:
        for site, count in (("a-big", 200), ("b-small", 3), ("c-small", 2)):
            for number in range(count):
                removal = {"line": 2, "kept_line": 1, "rule": "exact", "score": 100.0, "text": "x", "kept_text": "x"}
                record = {"path": f"crawl/{site}/{number:03d}.txt", "changed": True, "removed": [removal]}
                stream.write(json.dumps(record) + "\n")
    shown = gather(report).shown("exact")
    assert len(shown) == SAMPLE
    sites = Counter(sample.path.split("/")[1] for sample in shown)
    assert sites == {"a-big": SAMPLE - 5, "b-small": 3, "c-small": 2}
    assert [sample.order for sample in shown] == sorted(sample.order for sample in shown)


def test_an_empty_report_says_so(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text("")
    result = CliRunner().invoke(main, ["audit", str(report), "--out", str(tmp_path / "audit.html")])
    assert result.exit_code == 0
    assert "holds no records" in result.output
    page = (tmp_path / "audit.html").read_text(encoding="utf-8")
    assert "holds no records" in page
    assert "rule-" not in page


def test_the_page_says_how_the_run_was_made(run_report: Path, tmp_path: Path) -> None:
    run = json.loads(run_report.read_text(encoding="utf-8").splitlines()[0])["run"]
    text, page = audit(run_report, tmp_path / "audit.html")
    shown = " ".join(page.text)
    made = f"Made by dedupe <bdi>{run['dedupe']}</bdi> (<bdi>{run['core']}</bdi>), started <bdi>{run['started']}</bdi>."
    assert made in text
    assert "threshold" in shown
    assert "normalize" in shown
    joined = tmp_path / "joined.jsonl"
    joined.write_text(run_report.read_text(encoding="utf-8") * 2, encoding="utf-8")
    _, page = audit(joined, tmp_path / "joined.html")
    assert "joins 2 runs" in " ".join(page.text)


def test_a_report_without_a_run_record_says_so(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text(json.dumps({"path": "a.txt", "removed": [], "changed": False}) + "\n", encoding="utf-8")
    _, page = audit(report, tmp_path / "audit.html")
    assert "does not say how the run was made" in " ".join(page.text)


@pytest.mark.parametrize(
    ("run", "said"),
    [
        ({"dedupe": 1, "started": "now", "settings": {}}, "'dedupe' is not text"),
        ({"dedupe": "1", "started": "now", "settings": []}, "'settings' is not an object"),
        ({"dedupe": "1", "started": "now", "settings": {"a": {"b": {"c": 1}}}}, "setting 'a.b' is dict"),
        ({"dedupe": "1", "started": "now", "settings": {"a": "\ud800"}}, "lone surrogate"),
        ({"dedupe": "1", "core": ["compiled"], "started": "now", "settings": {}}, "'core' is not text"),
        ("not an object", "'run' is not an object"),
    ],
)
def test_a_crafted_run_record_is_refused(tmp_path: Path, run: object, said: str) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text(json.dumps({"run": run}) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["audit", str(report), "--out", str(tmp_path / "audit.html")])
    assert result.exit_code == 2
    assert said in result.output
    assert "run record" in result.output
    assert not (tmp_path / "audit.html").exists()


def test_a_run_record_cannot_put_markup_in_the_page(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    run = {
        "dedupe": "<script>x</script>",
        "core": "<img src=y>",
        "started": "<img src=x>",
        "settings": {"<b>k</b>": "<iframe>"},
    }
    report.write_text(json.dumps({"run": run}) + "\n", encoding="utf-8")
    text, page = audit(report, tmp_path / "audit.html")
    assert not [tag for tag, _ in page.tags if tag in ("script", "img", "iframe", "b")]
    assert "&lt;script&gt;" in text
    # Each value stands in a bdi of its own: a direction mark in one reorders nothing around it.
    assert "<bdi>&lt;script&gt;x&lt;/script&gt;</bdi>" in text
    assert "(<bdi>&lt;img src=y&gt;</bdi>)" in text
    assert "<td><bdi>&lt;iframe&gt;</bdi></td>" in text


def test_samples_carry_the_language_of_their_articles(tmp_path: Path) -> None:
    lines = {
        "ru": "Полиция задержала подозреваемого в краже автомобиля в центре города.",
        "ja": "東京都内で大規模な会議が開かれ、多くの専門家が参加した。",
        "th": "รัฐบาลประกาศมาตรการใหม่เพื่อช่วยเหลือเกษตรกรในพื้นที่ภาคเหนือ",
    }
    folder = tmp_path / "in"
    folder.mkdir()
    for number in range(4):
        (folder / f"ru{number}.txt").write_text(f"{lines['ru']}\n{lines['ru']}\nИтоги {number}.\n", encoding="utf-8")
    for tag in ("ja", "th"):
        (folder / f"{tag}.txt").write_text(f"{lines[tag]}\n{lines[tag]}\n", encoding="utf-8")
    (folder / "short.txt").write_text("Итоги дня\nИтоги дня\n", encoding="utf-8")
    report = tmp_path / "report.jsonl"
    CliRunner().invoke(main, ["clean", str(folder), "--min-length", "5", "--check", "--report", str(report)])
    _, page = audit(report, tmp_path / "audit.html")
    langs = Counter(attrs.get("lang") for tag, attrs in page.tags if tag == "span" and "lang" in attrs)
    assert langs == {"ru": 2 * 5, "ja": 2, "th": 2}
    assert page.tags[0] == ("html", {"lang": "en"})  # the page's own words


@pytest.mark.parametrize("rule", ["near' onmouseover='x<img src=x>", "rule-7", ""])
def test_a_removal_rule_no_run_writes_is_refused(tmp_path: Path, rule: str) -> None:
    # A page gives each rule its heading, card and samples: a report of 20,000 rule names would
    # make a page of 90 MB.
    report = tmp_path / "report.jsonl"
    report.write_text(json.dumps({"path": "a.txt", "removed": [{"rule": rule, "text": "x"}]}) + "\n")
    result = CliRunner().invoke(main, ["audit", str(report), "--out", str(tmp_path / "audit.html")])
    assert result.exit_code == 2
    assert "which no run writes" in result.output
    assert not (tmp_path / "audit.html").exists()


@pytest.mark.parametrize(
    "line",
    [
        {"run": "x", "path": "a", "removed": []},
        {"run": {"dedupe": "1", "started": "now", "settings": {}}, "path": "a", "removed": []},
    ],
)
def test_a_record_with_run_beside_other_keys_is_refused(tmp_path: Path, line: dict[str, object]) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text(json.dumps(line) + "\n")
    result = CliRunner().invoke(main, ["audit", str(report), "--out", str(tmp_path / "audit.html")])
    assert result.exit_code == 2
    assert "'run' beside other keys" in result.output


def test_texts_that_repeat_one_sign_are_highlighted_all_the_same() -> None:
    # difflib aligned these in minutes (every token a repeat); the alignment used is linear in them.
    removed, kept = highlight("." * 1000, ".," * 500)
    assert removed.replace("<del>", "").replace("</del>", "") == "." * 1000
    assert kept.count("<ins>,</ins>") == 500  # the commas the kept text adds, each marked


def test_a_site_s_boilerplate_line_is_one_sample_however_many_articles_lose_it(tmp_path: Path) -> None:
    report = tmp_path / "report.jsonl"
    line = {"line": 3, "rule": "boilerplate", "text": "Follow us on Telegram.", "documents": 8, "articles": 9}
    other = {**line, "text": "All rights reserved by the site."}
    records = [
        {"path": f"in/site/{number}.txt", "site": "site", "changed": True, "removed": [line, other]}
        for number in range(8)
    ]
    report.write_text("".join(json.dumps(record) + "\n" for record in records))
    _, page = audit(report, tmp_path / "audit.html")
    assert page.samples == 2
    assert page.cards["rule-boilerplate"] == 16  # the count is every removal's

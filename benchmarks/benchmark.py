"""Benchmark: ``dedupe clean`` against exact-line dedup in one awk process, on the same files.

    python benchmarks/benchmark.py   # 10,000 files, 3 A/B rounds, the same on datatrove, 10,000 tiny
                                     # files, long article, per script, 100,000 small files, 500 MB JSONL
    python benchmarks/benchmark.py --files 2000 --rounds 1 --jsonl-mb 50 --many 0   # a quick look

The corpus is built deterministically from the articles in ``fixtures/`` (their cleaned
paragraphs, recombined) with injected duplicates (doubled leads, near copies, teasers, repeated
runs) in several encodings and layouts, under ``--work`` (default: a ``dedupe-bench`` folder in
the system temporary folder; reused while its recipe is the same). Each round times the commands
as whole processes, changing which goes first; the figures are the median over rounds. A third
command shows what Python itself costs for this work: exact-line dedup like awk's, in a pool of
processes on all cores that writes each file to a temporary name and renames it, as dedupe does
(no decoding beyond UTF-8, no matching). Peak
memory is sampled over the whole process tree (the command and its workers) every 20 ms, as
the sum of resident sizes (RSS: pages forked workers share count once per process) and of
proportional ones (PSS: a shared page counts once in all).

The site boilerplate run (``--sites``) cleans generated articles in 200 site folders with
``--site-boilerplate`` (both passes), and ``--count-only`` times the spilled counter alone on a
million articles, for the memory bound.

The tiny-file run (``--tiny``) times the same three commands on files of two short lines, where
cleaning is nearly free: what it shows is the cost of the road around the cleaning (the walk,
the processes, what crosses between them, the report and the writes). Its files and outputs
are on tmpfs (``/dev/shm``) when the machine has one, so the disk does not blur the figure.

Both paths are timed: the compiled core (``dedupe/_core.c``, when it is built) and pure Python
(``DEDUPE_PURE_PYTHON=1``), as whole runs (their output folders are checked byte for byte), in
one process (ms per file on the benchmark corpus and on ``../shared/corpus`` when it is there),
on the long article and per script.

Nothing here asserts a time: the machines are shared and noisy. The tests check behaviour.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
RECIPE_VERSION = 2
AWK_PROGRAM = 'FNR == 1 { if (out != "") close(out); delete seen; out = dest "/" FILENAME } !seen[$0]++ { print > out }'
# Exact-line dedup in Python on all cores, files handed out in batches and written atomically:
# the least a Python cleaner does per file.
PYTHON_PROGRAM = """
import multiprocessing, os, sys

def dedup(paths):
    source, target = paths
    text = open(source, "rb").read().decode("utf-8", "replace")
    seen = set()
    kept = [line for line in text.split("\\n") if not (line in seen or seen.add(line))]
    temporary = f"{target}.{os.getpid()}.tmp"
    with open(temporary, "wb") as stream:
        stream.write("\\n".join(kept).encode("utf-8"))
    os.replace(temporary, target)

source, target = sys.argv[1:3]
jobs = []
for folder, dirs, names in os.walk(source):
    dirs.sort()
    for name in sorted(names):
        path = os.path.join(folder, name)
        mirror = os.path.join(target, os.path.relpath(path, source))
        os.makedirs(os.path.dirname(mirror), exist_ok=True)
        jobs.append((path, mirror))
with multiprocessing.Pool() as pool:
    for _ in pool.imap(dedup, jobs, chunksize=64):
        pass
"""
SPACED_SCRIPTS = ("latin", "cyrillic", "arabic")
ENCODINGS = {
    "latin": ["utf-8", "utf-8", "utf-8-sig", "cp1252", "utf-16"],
    "cyrillic": ["utf-8", "utf-8", "cp1251", "koi8-r", "utf-16", "utf-8-sig"],
    "arabic": ["utf-8", "utf-8", "cp1256", "utf-16"],
    "chinese": ["utf-8", "utf-8", "gb18030", "utf-16"],
    "japanese": ["utf-8", "utf-8", "euc-jp", "shift_jis", "utf-16"],
    "thai": ["utf-8", "utf-8", "cp874", "utf-16"],
}


# ---------------------------------------------------------------------------------------------
# The corpus


def paragraph_pools() -> dict[str, list[str]]:
    """Return the distinct cleaned paragraphs of the fixture articles, by script."""
    from dedupe import clean_bytes
    from dedupe.reader import make_key

    pools: dict[str, list[str]] = {name: [] for name in ENCODINGS}
    seen: set[str] = set()
    for case in sorted(FIXTURES.iterdir()):
        article = case / "input.txt"
        if not article.is_file():
            continue
        for paragraph in clean_bytes(article.read_bytes()).kept:
            key = make_key(paragraph.text)
            if key not in seen and len(paragraph.text) >= 20:
                seen.add(key)
                pools[_script(paragraph.text)].append(paragraph.text)
    return {name: pool for name, pool in pools.items() if pool}


def _script(text: str) -> str:
    letters = [c for c in text if c.isalpha()]
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in letters)
    arabic = sum("\u0600" <= c <= "\u06ff" for c in letters)
    thai = sum("\u0e00" <= c <= "\u0e7f" for c in letters)
    kana = sum("\u3040" <= c <= "\u30ff" for c in letters)
    han = sum("\u4e00" <= c <= "\u9fff" for c in letters)
    if kana * 10 > len(letters):
        return "japanese"
    if han * 3 > len(letters):
        return "chinese"
    if thai * 3 > len(letters):
        return "thai"
    if arabic * 3 > len(letters):
        return "arabic"
    return "cyrillic" if cyrillic * 3 > len(letters) else "latin"


def near_copy(text: str, rng: random.Random) -> str:
    """A copy a scraper might make: doubled spaces, another dash or quote, a dropped full stop."""
    words = text.split(" ")
    spot = rng.randrange(len(words))
    words[spot] = words[spot] + " "
    copy = " ".join(words).replace(" - ", " \u2014 ", 1).replace('"', "\u201c", 1)
    return copy[:-1] if copy.endswith(".") else copy + "."


def teaser(text: str, rng: random.Random) -> str:
    cut = max(12, int(len(text) * rng.uniform(0.3, 0.7)))
    cut = text.rfind(" ", 0, cut) if " " in text[:cut] else cut
    return text[:cut].rstrip(" ,;:") + "\u2026"


def build_article(pool: list[str], rng: random.Random, size: int) -> tuple[list[str], int]:
    """Return the paragraphs of one article about ``size`` bytes long and how many are copies."""
    order = rng.sample(pool, len(pool))
    paragraphs: list[str] = []
    total = 0
    for text in order:
        if total >= size and len(paragraphs) >= 3:
            break
        paragraphs.append(text)
        total += len(text.encode("utf-8")) + 1
    injected = 0
    for kind in rng.sample(["lead", "near", "teaser", "run", "none"], rng.randint(1, 3)):
        if kind == "lead":
            paragraphs.insert(1, paragraphs[0])
        elif kind == "near":
            paragraphs.append(near_copy(rng.choice(paragraphs[:3]), rng))
        elif kind == "teaser":
            at = rng.randrange(len(paragraphs))
            paragraphs.insert(at, teaser(paragraphs[at], rng))
        elif kind == "run":
            start = rng.randrange(max(1, len(paragraphs) - 3))
            block = paragraphs[start : start + 3]
            paragraphs.extend(block)
            injected += len(block) - 1
        injected += kind != "none"
    return paragraphs, injected


def encode_article(paragraphs: list[str], script: str, rng: random.Random) -> bytes:
    separator = "\n\n" if rng.random() < 0.3 else "\n"
    text = separator.join(paragraphs) + "\n"
    if rng.random() < 0.1:
        text = text.replace(" ", "\u00a0", 3).replace("\n", " \t\n", 2)
    if rng.random() < 0.15:
        text = text.replace("\n", "\r\n")
    for encoding in rng.sample(ENCODINGS[script], len(ENCODINGS[script])):
        try:
            return text.encode(encoding)
        except UnicodeEncodeError:
            continue
    return text.encode("utf-8")


@dataclass(frozen=True)
class Corpus:
    folder: Path
    files: int
    size: int
    injected: int


def build_corpus(work: Path, files: int, seed: int) -> Corpus:
    """Write the corpus under ``work`` unless the same recipe is already there."""
    pools = paragraph_pools()
    recipe = hashlib.sha256(json.dumps([RECIPE_VERSION, files, seed, pools], ensure_ascii=False).encode()).hexdigest()
    folder = work / "corpus"
    stamp = work / "corpus.json"
    if stamp.exists():
        saved = json.loads(stamp.read_text())
        if saved["recipe"] == recipe:
            return Corpus(folder, saved["files"], saved["size"], saved["injected"])
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(seed)
    scripts = sorted(pools)
    size = injected = 0
    for number in range(files):
        script = rng.choice(scripts)
        paragraphs, copies = build_article(pools[script], rng, rng.randint(2000, 9000))
        data = encode_article(paragraphs, script, rng)
        path = folder / f"{number // 500:03d}" / f"{script}-{number:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        size += len(data)
        injected += copies
    stamp.write_text(json.dumps({"recipe": recipe, "files": files, "size": size, "injected": injected}))
    return Corpus(folder, files, size, injected)


def build_many(work: Path, files: int) -> Path:
    """Write ``files`` three-line articles (a headline and a doubled lead) in folders of 1,000,
    unless they are there: a tree whose size is its number of files, for the memory figure."""
    folder = work / f"many-{files}"
    stamp = folder / "done"
    if stamp.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    for number in range(files):
        path = folder / f"{number // 1000:04d}" / f"article-{number:07d}.txt"
        if number % 1000 == 0:
            path.parent.mkdir(parents=True)
        lead = f"The lead of article {number}, as the page summary and the body both carried it."
        path.write_text(f"Headline {number}\n{lead}\n{lead}\n", encoding="utf-8")
    stamp.write_text("")
    return folder


def build_sites(work: Path, articles: int, sites: int = 200) -> Path:
    """Write ``articles`` short articles in ``sites`` site folders, unless
    they are there: a headline, three paragraphs of their own, a site line in 60% of a site's
    articles and another in 85%, for the site boilerplate run."""
    folder = work / f"sites-{articles}"
    stamp = folder / "done"
    if stamp.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(articles)
    for number in range(articles):
        site = number % sites
        path = folder / f"site-{site:03d}" / f"article-{number:07d}.txt"
        if number < sites:
            path.parent.mkdir(parents=True)
        lines = [f"Headline number {number}"]
        lines += [f"Paragraph {k} of article {number} states a fact that no other article states." for k in range(3)]
        share = rng.random()
        if share < 0.6:
            lines.insert(2, f"Follow site {site} on every network for the latest news.")
        if share < 0.85:
            lines.append(f"All rights reserved by site {site}; copying requires permission.")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    stamp.write_text("")
    return folder


def count_only(articles: int, keys: int = 5, sites: int = 1000) -> tuple[float, float, int]:
    """Count ``articles`` articles of ``keys`` keys each in the site boilerplate's spilled counter
    and reduce them, in this process: return the seconds, the peak RSS (MB) and the lines found."""
    import resource

    from dedupe.boilerplate import SiteCounts, Thresholds, key_hash, reduce

    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dedupe-bench-counts-") as folder:
        counts = SiteCounts(folder)
        for number in range(articles):
            site = number % sites
            own = [key_hash(f"paragraph {k} of article {number}") for k in range(keys - 1)]
            counts.add(f"site-{site}", [*own, key_hash(f"the line of site {site}")])
        counts.close()
        table = reduce([folder], Thresholds())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return time.perf_counter() - start, peak, table.boilerplate_lines()


# ---------------------------------------------------------------------------------------------
# Timing whole processes


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_tree_mb: float  # sampled sum over the process and its descendants
    peak_process_mb: float  # the largest single process, sampled the same way
    peak_pss_mb: float  # the sum of proportional set sizes: pages shared by forked workers count once
    stderr: str


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _tree_rss(root: int) -> tuple[int, int, int]:
    """Return the resident memory of ``root`` and its descendants: the sum, the largest process,
    and the sum of proportional set sizes (a page shared by n processes counts 1/n in each)."""
    tree = _children()
    pending, total, largest, proportional = [root], 0, 0, 0
    page = os.sysconf("SC_PAGE_SIZE")
    while pending:
        pid = pending.pop()
        pending.extend(tree.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                resident = int(statm.read().split()[1]) * page
            with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
                pss = next((line for line in rollup if line.startswith(b"Pss:")), b"Pss: 0 kB")
        except OSError:
            continue
        total += resident
        largest = max(largest, resident)
        proportional += int(pss.split()[1]) * 1024
    return total, largest, proportional


def timed(command: Sequence[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run ``command`` to the end; return its wall time and peak memory (sampled every 20 ms)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_total = peak_largest = peak_pss = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak_total, peak_largest, peak_pss
        while not done.wait(0.02):
            total, largest, pss = _tree_rss(process.pid)
            peak_total, peak_largest, peak_pss = max(peak_total, total), max(peak_largest, largest), max(peak_pss, pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode}): {stderr.strip()[-2000:]}")
    return Run(seconds, peak_total / 2**20, peak_largest / 2**20, peak_pss / 2**20, stderr)


def dedupe_command() -> list[str]:
    found = shutil.which("dedupe") or str(Path(sys.executable).parent / "dedupe")
    return [found]


def run_dedupe(corpus: Corpus, out: Path) -> Run:
    return timed([*dedupe_command(), "clean", str(corpus.folder), "--out", str(out)])


def run_pure(corpus: Corpus, out: Path) -> Run:
    """dedupe on its pure-Python path (``DEDUPE_PURE_PYTHON=1``): the compiled core's twin."""
    env = {**os.environ, "DEDUPE_PURE_PYTHON": "1"}
    return timed([*dedupe_command(), "clean", str(corpus.folder), "--out", str(out)], env=env)


def run_awk(corpus: Corpus, out: Path) -> Run:
    names = sorted(str(p.relative_to(corpus.folder)) for p in corpus.folder.rglob("*.txt"))
    for folder in sorted({str(Path(name).parent) for name in names}):
        (out / folder).mkdir(parents=True, exist_ok=True)
    return timed(["awk", "-v", f"dest={out}", AWK_PROGRAM, *names], cwd=corpus.folder)


def run_python(corpus: Corpus, out: Path) -> Run:
    return timed([sys.executable, "-c", PYTHON_PROGRAM, str(corpus.folder), str(out)])


RUNNERS = {"dedupe": run_dedupe, "pure": run_pure, "awk": run_awk, "python": run_python}


def _same_outputs(first: Path, second: Path) -> int:
    """Return how many files two output folders hold, after checking they hold the same bytes."""
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    others = sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    if names != others:
        raise SystemExit(f"{first} and {second} hold different files")
    for name in names:
        if (first / name).read_bytes() != (second / name).read_bytes():
            raise SystemExit(f"the compiled core and pure Python wrote different bytes for {name}")
    return len(names)


def _remove_outputs(work: Path) -> None:
    for folder in work.glob("out-*"):
        shutil.rmtree(folder, ignore_errors=True)
    os.sync()  # let the file system finish the deletions before anything is timed


# ---------------------------------------------------------------------------------------------
# The two paths in one process


def _core_name() -> str:
    from dedupe.similarity import core_name

    return core_name()


@contextlib.contextmanager
def _path(pure: bool) -> Iterator[str]:
    """Clean on the pure-Python path (``pure``) or on the one this process uses (the compiled
    core when it is built), as ``DEDUPE_PURE_PYTHON=1`` would; yield the path's name."""
    from dedupe import similarity

    core = similarity.CORE
    if pure:
        similarity.CORE = None
    try:
        yield similarity.core_name()
    finally:
        similarity.CORE = core


PATHS = (False, True)


def in_process(corpus: Corpus, repeat: int = 5) -> None:
    """Print ms per file of ``clean_bytes`` in one process on the benchmark corpus and on the
    shared corpus of real articles (``../shared/corpus`` beside the project, when it is there),
    on each path (median of ``repeat`` rounds, the paths taking turns), and the ratio."""
    from dedupe import clean_bytes

    sets = {"benchmark corpus": sorted(corpus.folder.rglob("*.txt"))[:3000]}
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        sets["shared corpus"] = sorted(shared.rglob("*.txt"))
    for name, paths in sets.items():
        data = [path.read_bytes() for path in paths]
        times: dict[bool, list[float]] = {pure: [] for pure in PATHS}
        for round_number in range(repeat):
            for pure in PATHS if round_number % 2 == 0 else PATHS[::-1]:
                with _path(pure):
                    start = time.perf_counter()
                    for article in data:
                        clean_bytes(article)
                    times[pure].append((time.perf_counter() - start) / len(data))
        compiled, pure_python = (statistics.median(times[pure]) * 1e3 for pure in PATHS)
        print(
            f"one process, {name} ({len(data)} files): {_core_name()} {compiled:.3f} ms per file, "
            f"pure Python {pure_python:.3f} ms per file, {pure_python / compiled:.2f}x"
        )


# ---------------------------------------------------------------------------------------------
# One long article


def long_article(paragraphs: int, seed: int) -> str:
    """``paragraphs`` distinct paragraphs of which 10% are near copies of earlier ones.

    Each paragraph is copied at most once: three copies, each before other paragraphs, would be
    repeated structure, which stays (SPEC §3)."""
    rng = random.Random(seed)
    pools = paragraph_pools()
    # Words of the scripts that have them (the per-script figures show the others' cost), so the
    # figure measures how cost grows with length, comparable from one version to the next.
    spaced = [pool for script, pool in pools.items() if script in SPACED_SCRIPTS]
    words = sorted({word for pool in spaced for text in pool for word in text.split()})
    texts: list[str] = []
    originals: list[str] = []
    for number in range(paragraphs):
        if originals and number % 10 == 9:
            texts.append(near_copy(originals.pop(rng.randrange(len(originals))), rng))
        else:
            body = " ".join(rng.choices(words, k=rng.randint(12, 60)))
            texts.append(f"{body} ({number}).")
            originals.append(texts[-1])
    return "\n".join(texts) + "\n"


def time_long_article(paragraphs: int, seed: int, repeat: int) -> tuple[float, int]:
    from dedupe import clean_text

    text = long_article(paragraphs, seed)
    best, removed = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        result = clean_text(text)
        best = min(best, time.perf_counter() - start)
        removed = len(result.removed)
    return best, removed


# ---------------------------------------------------------------------------------------------
# A large JSON Lines dataset


def build_jsonl(work: Path, corpus: Corpus, megabytes: int) -> Path:
    from dedupe import clean_bytes

    path = work / f"dataset-{megabytes}mb.jsonl"
    if path.exists() and path.stat().st_size >= megabytes * 2**20:
        return path
    articles = [clean_bytes(p.read_bytes()).source.text for p in sorted(corpus.folder.rglob("*.txt"))[:2000]]
    written = 0
    with path.open("w", encoding="utf-8") as stream:
        number = 0
        while written < megabytes * 2**20:
            line = json.dumps(
                {"id": number, "text": articles[number % len(articles)], "lang": "xx"}, ensure_ascii=False
            )
            stream.write(line + "\n")
            written += len(line.encode("utf-8")) + 1
            number += 1
    return path


# ---------------------------------------------------------------------------------------------


def per_script(corpus: Corpus, path: str, files: int = 300, repeat: int = 5) -> None:
    """Print the cost of cleaning one file of each script (in this process, best of ``repeat``),
    and its ratio to the files of the other scripts: per file, and per kilobyte of text (the
    UTF-8 size of what the file decodes to, so that legacy and UTF-16 files weigh as they read).

    The scripts take turns, a round each, so that a busy spell of a shared machine slows every
    script's round alike instead of all the rounds of one script."""
    from dedupe import clean_bytes
    from dedupe.decode import decode

    articles: dict[str, list[bytes]] = {}
    for script in sorted(ENCODINGS):
        paths = sorted(corpus.folder.rglob(f"{script}-*.txt"))[:files]
        if paths:
            articles[script] = [path.read_bytes() for path in paths]
    best = dict.fromkeys(articles, float("inf"))
    for _ in range(repeat):
        for script, data in articles.items():
            start = time.perf_counter()
            for article in data:
                clean_bytes(article)
            best[script] = min(best[script], time.perf_counter() - start)
    costs: dict[str, float] = {}
    per_kb: dict[str, float] = {}
    sizes: dict[str, float] = {}
    for script, data in articles.items():
        costs[script] = best[script] / len(data)
        sizes[script] = statistics.mean(len(decode(article).text.encode("utf-8")) for article in data) / 1024
        per_kb[script] = costs[script] / sizes[script]
    for script, cost in costs.items():
        others = statistics.mean(c for name, c in costs.items() if name != script) if len(costs) > 1 else cost
        others_kb = statistics.mean(c for name, c in per_kb.items() if name != script) if len(costs) > 1 else cost
        print(
            f"per script ({path}): {script:9s} {cost * 1e3:6.2f} ms per file, {cost / others:.2f}x the other scripts; "
            f"{sizes[script]:4.1f} KB of text, {per_kb[script] * 1e6:5.0f} us per KB, "
            f"{per_kb[script] / others_kb:.2f}x the other scripts"
        )


def compare(corpus: Corpus, work: Path, rounds: int) -> float:
    """Time dedupe, awk and Python on ``corpus`` in ``rounds`` rounds, changing which goes first,
    and print the medians and each command's ratio to awk."""
    # Every run writes to a folder of its own, removed only after the last round: on a disk
    # mounted with "discard", creating files right after deleting thousands stalls for seconds.
    _remove_outputs(work)
    runs: dict[str, list[Run]] = {name: [] for name in RUNNERS}
    for round_number in range(rounds):
        names = list(RUNNERS)
        order = names[round_number % len(names) :] + names[: round_number % len(names)]
        for name in order:
            out = work / f"out-{name}-{round_number + 1}"
            run = RUNNERS[name](corpus, out)
            runs[name].append(run)
            print(
                f"  round {round_number + 1} {name:6s} {run.seconds:7.2f} s  "
                f"peak {run.peak_tree_mb:6.1f} MB RSS, {run.peak_pss_mb:6.1f} MB PSS"
            )
    print()
    print(
        f"{'':8s} {'wall s':>8s} {'files/s':>9s} {'MB/s':>7s} {'peak tree RSS MB':>17s} "
        f"{'peak tree PSS MB':>17s} {'largest process MB':>19s}"
    )
    megabytes = corpus.size / 2**20
    for name, done in runs.items():
        seconds = statistics.median(r.seconds for r in done)
        print(
            f"{name:8s} {seconds:8.2f} {corpus.files / seconds:9.0f} {megabytes / seconds:7.2f} "
            f"{max(r.peak_tree_mb for r in done):17.1f} {max(r.peak_pss_mb for r in done):17.1f} "
            f"{max(r.peak_process_mb for r in done):19.1f}"
        )
    same = _same_outputs(work / f"out-dedupe-{rounds}", work / f"out-pure-{rounds}")
    print(f"compiled core ({_core_name()}) and pure Python: the same bytes in all {same} output files")
    for name in ("dedupe", "pure", "python"):
        ratios = [run.seconds / awk.seconds for run, awk in zip(runs[name], runs["awk"], strict=True)]
        rounds_text = ", ".join(f"{r:.2f}" for r in ratios)
        print(f"median ratio {name}/awk: {statistics.median(ratios):.2f} (rounds: {rounds_text})")
    print(f"dedupe said: {runs['dedupe'][-1].stderr.strip().splitlines()[-1]}")
    _remove_outputs(work)
    return statistics.median(r.seconds for r in runs["dedupe"])


DATATROVE_PROGRAM = """
import sys
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.writers import JsonlWriter
from dedupe.datatrove import ArticleReader, DedupeParagraphs

if __name__ == "__main__":
    source, target, logs = sys.argv[1:4]
    pipeline = [ArticleReader(source), DedupeParagraphs(), JsonlWriter(target, compression=None)]
    LocalPipelineExecutor(pipeline=pipeline, tasks=2, workers=2, logging_dir=logs).run()
"""


def run_datatrove(corpus: Corpus, out: Path, logs: Path) -> Run | None:
    """Time the same cleaning as a datatrove pipeline, or say why it cannot run here."""
    try:
        import datatrove  # noqa: F401
    except ImportError:
        print('datatrove: not installed (pip install ".[datatrove]"); run skipped')
        return None
    shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(logs, ignore_errors=True)
    script = out.parent / "datatrove_run.py"
    script.write_text(DATATROVE_PROGRAM)
    return timed([sys.executable, str(script), str(corpus.folder), str(out), str(logs)])


def build_tiny(work: Path, files: int) -> Corpus:
    """Return ``files`` files of two short lines (every fifth one doubled), 100 to a folder."""
    folder = work / "corpus"
    marker = work / f"tiny-{files}.done"
    if not marker.exists():
        shutil.rmtree(folder, ignore_errors=True)
        for number in range(files):
            target = folder / f"{number // 100:04d}" / f"{number:06d}.txt"
            target.parent.mkdir(parents=True, exist_ok=True)
            first = f"Line {number} of a tiny article."
            target.write_text(f"{first}\n{first if number % 5 == 0 else 'Another line.'}\n", encoding="utf-8")
        marker.touch()
    size = sum(path.stat().st_size for path in folder.rglob("*.txt"))
    return Corpus(folder, files, size, files // 5)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000, help="articles in the corpus [10000]")
    parser.add_argument("--rounds", type=int, default=3, help="A/B rounds [3]")
    parser.add_argument("--paragraphs", type=int, default=20_000, help="paragraphs in the long article [20000]")
    parser.add_argument("--jsonl-mb", type=int, default=500, help="size of the JSON Lines dataset; 0 skips it [500]")
    parser.add_argument(
        "--many", type=int, default=100_000, help="small files for the memory-by-file-count run; 0 skips it [100000]"
    )
    parser.add_argument(
        "--sites", type=int, default=200_000, help="articles for the site boilerplate run; 0 skips it [200000]"
    )
    parser.add_argument(
        "--count-only", type=int, default=1_000_000, help="articles for the counting alone; 0 skips it [1000000]"
    )
    parser.add_argument("--tiny", type=int, default=10_000, help="tiny files for the road's cost; 0 skips it [10000]")
    parser.add_argument("--no-datatrove", dest="datatrove", action="store_false", help="skip the datatrove run")
    parser.add_argument("--seed", type=int, default=20261125)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "dedupe-bench")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    corpus = build_corpus(args.work, args.files, args.seed)
    megabytes = corpus.size / 2**20
    print(f"corpus: {corpus.files} files, {megabytes:.1f} MB, {corpus.injected} injected copies ({corpus.folder})")
    print(f"built in {time.perf_counter() - started:.1f} s; cores: {os.cpu_count()}; python {sys.version.split()[0]}")

    cli_seconds = compare(corpus, args.work, args.rounds)

    if args.datatrove:
        print()
        run = run_datatrove(corpus, args.work / "out-datatrove", args.work / "logs-datatrove")
        if run is not None:
            print(
                f"datatrove: {corpus.files} documents in {run.seconds:.2f} s "
                f"({corpus.files / run.seconds:.0f} documents/s), "
                f"{run.seconds / cli_seconds:.2f}x the CLI's median, peak tree {run.peak_tree_mb:.1f} MB RSS "
                "(ArticleReader -> DedupeParagraphs -> JsonlWriter, 2 tasks on 2 workers)"
            )

    if args.tiny:
        print()
        base = Path("/dev/shm") if Path("/dev/shm").is_dir() else args.work
        tiny_work = base / "dedupe-bench-tiny"
        tiny = build_tiny(tiny_work, args.tiny)
        print(f"tiny files: {tiny.files} files of two short lines, {tiny.size / 2**10:.0f} KB ({tiny.folder})")
        compare(tiny, tiny_work, args.rounds)

    print()
    in_process(corpus)

    small = max(1, args.paragraphs // 20)
    for pure in PATHS:
        print()
        with _path(pure) as path:
            for count, repeat in ((small, 5), (args.paragraphs, 2)):
                seconds, removed = time_long_article(count, args.seed, repeat)
                print(
                    f"long article ({path}): {count:6d} paragraphs in {seconds:6.2f} s "
                    f"({seconds / count * 1e6:6.1f} us per paragraph), {removed} removed"
                )
                if count == small:
                    per_small = seconds / count
            print(f"per-paragraph cost ratio {args.paragraphs} / {small}: {seconds / args.paragraphs / per_small:.2f}")

    for pure in PATHS:
        print()
        with _path(pure) as path:
            per_script(corpus, path)

    if args.many:
        print()
        many = build_many(args.work, args.many)
        run = timed([*dedupe_command(), "clean", str(many), "--out", str(args.work / "out-many"), "--quiet"])
        print(
            f"many files: {args.many} in {run.seconds:.1f} s ({args.many / run.seconds:.0f} files/s), "
            f"peak tree {run.peak_tree_mb:.1f} MB RSS, {run.peak_pss_mb:.1f} MB PSS, "
            f"largest process {run.peak_process_mb:.1f} MB"
        )
        _remove_outputs(args.work)

    if args.sites:
        print()
        sites = build_sites(args.work, args.sites)
        out = args.work / "out-sites"
        shutil.rmtree(out, ignore_errors=True)
        run = timed([*dedupe_command(), "clean", str(sites), "--out", str(out), "--site-boilerplate", "--quiet"])
        print(
            f"site boilerplate: {args.sites} articles in 200 sites, two passes in {run.seconds:.1f} s "
            f"({args.sites / run.seconds:.0f} articles/s), peak tree {run.peak_tree_mb:.1f} MB RSS, "
            f"{run.peak_pss_mb:.1f} MB PSS, largest process {run.peak_process_mb:.1f} MB"
        )
        shutil.rmtree(out, ignore_errors=True)

    if args.count_only:
        seconds, peak, lines = count_only(args.count_only)
        print(
            f"site boilerplate counting alone: {args.count_only} articles of 5 keys in 1,000 sites, "
            f"counted and reduced in {seconds:.1f} s, peak {peak:.1f} MB RSS, {lines} lines found"
        )

    if args.jsonl_mb:
        print()
        dataset = build_jsonl(args.work, corpus, args.jsonl_mb)
        size = dataset.stat().st_size / 2**20
        run = timed(
            [*dedupe_command(), "clean", str(dataset), "--jsonl-field", "text", "--out", str(args.work / "out.jsonl")]
        )
        print(
            f"jsonl: {size:.0f} MB in {run.seconds:.1f} s ({size / run.seconds:.2f} MB/s), "
            f"peak tree {run.peak_tree_mb:.1f} MB RSS, {run.peak_pss_mb:.1f} MB PSS, "
            f"largest process {run.peak_process_mb:.1f} MB"
        )


if __name__ == "__main__":
    # The dedupe the CLI runs (installed) cleans in this process too; the checkout only when none is.
    if importlib.util.find_spec("dedupe") is None:
        sys.path.insert(0, str(ROOT))
    main()

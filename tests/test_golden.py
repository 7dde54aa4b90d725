"""Golden cases: fixtures/<case>/input.txt (raw bytes) -> expected.txt (or unchanged but for
whitespace when there is none). Every case is also cleaned twice: the second pass changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from dedupe import Config, clean_bytes
from dedupe.model import DEFAULT_MIN_LENGTH, DEFAULT_THRESHOLD
from dedupe.reader import normalize, read

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CASES = sorted(path for path in FIXTURES.iterdir() if (path / "input.txt").is_file())


def config_for(case: Path) -> Config:
    flags = case / "flags"
    if not flags.exists():
        return Config()
    options = dict(item.split("=", 1) for item in flags.read_text().split())
    return Config(
        threshold=float(options.get("threshold", DEFAULT_THRESHOLD)),
        min_length=int(options.get("min_length", DEFAULT_MIN_LENGTH)),
    )


def expected_text(case: Path) -> str:
    expected = case / "expected.txt"
    if expected.exists():
        return expected.read_text(encoding="utf-8")
    source = read((case / "input.txt").read_bytes())
    return source.text + ("\n" if source.text and source.final_newline else "")


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden(case: Path) -> None:
    result = clean_bytes((case / "input.txt").read_bytes(), config_for(case))
    assert result.text == expected_text(case)
    if not (case / "expected.txt").exists():
        assert result.removed == ()


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_golden_is_stable(case: Path) -> None:
    config = config_for(case)
    once = clean_bytes((case / "input.txt").read_bytes(), config)
    twice = clean_bytes(once.text.encode("utf-8"), config)
    assert twice.text == once.text
    assert twice.removed == ()
    assert not twice.changed


def test_seed_loses_exactly_its_second_line() -> None:
    data = (FIXTURES / "seed-doubled-lead" / "input.txt").read_bytes()
    lines = data.split(b"\n")
    assert lines[0] == lines[1]
    result = clean_bytes(data)
    assert result.text.encode("utf-8") == b"\n".join(lines[:1] + lines[2:])
    assert [(r.index, r.line, r.kept_index, r.rule.value) for r in result.removed] == [(1, 2, 0, "exact")]


def test_every_case_has_a_readme() -> None:
    assert all((case / "README").read_text().strip() for case in CASES)


def test_expected_files_are_normalized_utf8() -> None:
    for case in CASES:
        expected = case / "expected.txt"
        if expected.exists():
            text = expected.read_bytes().decode("utf-8")
            assert normalize(text) == text.rstrip("\n")

"""ordered_map: every result, in input order, from this process and its workers."""

from __future__ import annotations

import os

import pytest

from dedupe.batch import ordered_map


def _square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


@pytest.mark.parametrize(("jobs", "batch"), [(1, 16), (2, 1), (2, 7), (3, 4)])
def test_results_come_in_input_order(jobs: int, batch: int) -> None:
    results = list(ordered_map(_square_and_pid, range(100), jobs, batch=batch))
    assert [square for square, _ in results] == [number * number for number in range(100)]


def test_this_process_takes_its_share_and_workers_the_rest() -> None:
    pids = [pid for _, pid in ordered_map(_square_and_pid, range(64), 2, batch=8)]
    here = pids.count(os.getpid())
    # Every second batch of 8 runs here, the others in the one worker process.
    assert here == 32
    assert len(set(pids) - {os.getpid()}) == 1


def test_no_items_no_results() -> None:
    assert list(ordered_map(_square_and_pid, [], 2)) == []


def test_one_job_starts_no_process() -> None:
    assert {pid for _, pid in ordered_map(_square_and_pid, range(10), 1)} == {os.getpid()}

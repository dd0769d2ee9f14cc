"""The process pool: results in order or as they finish, and its garbage-collector settings."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from dupcheck.corpus.parallel import (
    WORKER_GC_THRESHOLD,
    Workers,
    chunked,
    fewer_collections,
    resolve_jobs,
)


def square(x: int) -> int:
    return x * x


def threshold(_: int) -> int:
    return gc.get_threshold()[0]


@pytest.mark.parametrize("jobs", [1, 2])
def test_map_keeps_chunk_order(jobs: int) -> None:
    with Workers(jobs) as workers:
        assert list(workers.map(square, range(20))) == [x * x for x in range(20)]


@pytest.mark.parametrize("jobs", [1, 2])
def test_map_unordered_names_each_result_by_position(jobs: int) -> None:
    chunks = list(range(30))
    with Workers(jobs) as workers:
        found = list(workers.map_unordered(square, chunks))
    assert sorted(found) == [(k, k * k) for k in chunks]


def test_map_unordered_takes_chunks_as_the_workers_need_them() -> None:
    # A generator of chunks is not drained up front: its chunks are made while the workers
    # are busy, and only a window of them is held at once.
    made: list[int] = []

    def chunks() -> Iterator[int]:
        for k in range(40):
            made.append(k)
            yield k

    with Workers(2) as workers:
        found = workers.map_unordered(square, chunks())
        first = next(found)
        assert len(made) == 4 * workers.jobs + 1
        rest = list(found)
    assert sorted([first, *rest]) == [(k, k * k) for k in range(40)]


def test_workers_collect_less_often() -> None:
    with Workers(2) as workers:
        assert set(workers.map(threshold, range(4))) == {WORKER_GC_THRESHOLD}


def test_fewer_collections_restores_the_collector() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] == WORKER_GC_THRESHOLD
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0


def test_fewer_collections_restores_after_an_error() -> None:
    before = gc.get_threshold()
    with pytest.raises(RuntimeError), fewer_collections():
        raise RuntimeError("boom")
    assert gc.get_threshold() == before


def test_chunked_and_jobs() -> None:
    assert chunked([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert resolve_jobs(3) == 3 and resolve_jobs(0) >= 1
    with pytest.raises(ValueError, match="jobs"):
        resolve_jobs(-1)


def fails(x: int) -> int:
    raise ValueError(f"no {x}")


@pytest.mark.parametrize("jobs", [1, 2])
def test_submit_runs_beside_the_caller_and_hands_back_errors(jobs: int) -> None:
    with Workers(jobs) as workers:
        assert workers.submit(square, 7).result() == 49
        with pytest.raises(ValueError, match="no 3"):
            workers.submit(fails, 3).result()

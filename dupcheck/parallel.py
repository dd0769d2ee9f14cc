"""Ordered, chunked work across processes, or in-process for one job.

Results come back in the order of the chunks whatever finishes first, which is what makes a
scan's output identical for any ``--jobs``. No global state and no start-method changes: the
platform default is used, so the library is safe to import from any program.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from types import TracebackType
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def resolve_jobs(jobs: int) -> int:
    """``jobs`` as a worker count: 0 means every core."""
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (all cores) or positive, got {jobs}")
    return jobs or os.cpu_count() or 1


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut into consecutive slices of at most ``size``."""
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]


class Workers:
    """A pool of ``jobs`` processes for one scan (none at all when ``jobs`` is 1).

    Use as a context manager; ``map`` may be called several times (one pool for every stage, so
    processes start once).
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = resolve_jobs(jobs)
        self._pool: Executor | None = None

    def __enter__(self) -> Workers:
        if self.jobs > 1:
            self._pool = ProcessPoolExecutor(max_workers=self.jobs)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=exc is not None)
            self._pool = None

    def map(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[R]:
        """``fn`` of each chunk, in chunk order. ``fn`` must be a module-level function (it is
        pickled), its argument small: send indices or paths rather than big objects."""
        if self._pool is None:
            yield from map(fn, chunks)
            return
        # Keep a bounded window of chunks in flight so memory stays flat on huge inputs.
        window = 4 * self.jobs
        pending: list[Future[R]] = []
        for chunk in chunks:
            pending.append(self._pool.submit(fn, chunk))
            if len(pending) >= window:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()

"""Ordered, chunked work across processes, or in-process for one job.

Results come back in the order of the chunks whatever finishes first, which is what makes a
scan's output identical for any ``--jobs``. No global state and no start-method changes: the
platform default is used, so the library is safe to import from any program.
"""

from __future__ import annotations

import gc
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from contextlib import contextmanager
from itertools import groupby
from types import TracebackType
from typing import Protocol, TypeVar

from dupcheck.corpus.clusters import components

T = TypeVar("T")
R = TypeVar("R")


WORKER_GC_THRESHOLD = 20_000
"""Allocations between young-generation collections in a worker (CPython's default: 700)."""
_IN_FLIGHT_PER_JOB = 4
"""Chunks a map keeps submitted per worker: enough to keep workers busy, few enough that memory
holds the window's chunks, not every chunk's."""


def _start_worker(parent: int) -> None:
    # An interrupt is the main process's to handle (it stops the workers itself): a worker
    # that took Ctrl-C too would die printing a traceback. SIGINT was blocked when this process
    # was started (see ``_quiet_start``): ignored now, then unblocked, a pending one is dropped.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with(parent)
    # Verification makes millions of short-lived objects, few of them cyclic: at CPython's
    # default threshold the collector takes a noticeable share of a scan's CPU, at this one
    # next to none, for the same peak memory. What the worker inherited at start lives as long
    # as the process: frozen, it is not scanned again by every full collection.
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, *gc.get_threshold()[1:])


_PR_SET_PDEATHSIG = 1


def _die_with(parent: int) -> None:
    """End this worker when its parent process ends, however it ends (``kill -9`` included):
    no worker may outlive a scan. Linux kills it on the parent's death (``PR_SET_PDEATHSIG``);
    elsewhere a thread checks every second whether the parent is still the same process."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
            # The parent may have died before prctl: then this process was already re-parented.
            if os.getppid() != parent:
                os._exit(1)
            return
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


@contextmanager
def _quiet_start() -> Iterator[None]:
    """SIGINT blocked while worker processes may be started (a pool starts them on submit):
    they inherit the mask, so none takes an interrupt before it has set itself to ignore it.
    An interrupt that comes meanwhile is delivered here once the block ends."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signals are the main thread's; a pool used from another thread starts as is
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Collect garbage in this process as the workers do, until the block ends: for a program
    that runs one scan, the command line (a library leaves its host's collector alone). It
    saves collector time in collecting results and building pairs; the walk's long-lived
    objects cost the same at any threshold."""
    before = gc.get_threshold()
    # Objects the host froze itself stay frozen.
    frozen = gc.get_freeze_count()
    gc.freeze()
    gc.set_threshold(WORKER_GC_THRESHOLD, before[1], before[2])
    try:
        yield
    finally:
        gc.set_threshold(*before)
        if not frozen:
            gc.unfreeze()


def resolve_jobs(jobs: int) -> int:
    """``jobs`` as a worker count: 0 means every core."""
    if jobs < 0:
        raise ValueError(f"jobs must be 0 (all cores) or positive, got {jobs}")
    return jobs or os.cpu_count() or 1


def chunked(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """``items`` cut into consecutive slices of at most ``size``."""
    return [items[i : i + size] for i in range(0, len(items), max(1, size))]


class Pool(Protocol):
    """What a scan's stages need of the processes that do their work: `Workers` here, or a Dask
    cluster's (`dupcheck.corpus.dask_engine`). A scan enters it once for all its stages."""

    def __enter__(self) -> Pool: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def submit(self, fn: Callable[[T], R], arg: T) -> Future[R]: ...

    def map(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[R]: ...

    def map_unordered(
        self, fn: Callable[[T], R], chunks: Iterable[T]
    ) -> Iterator[tuple[int, R]]: ...


def _terminate(pool: ProcessPoolExecutor) -> None:
    """Kill a pool's worker processes (SIGTERM: they hold nothing to save)."""
    stop = getattr(pool, "terminate_workers", None)  # Python 3.14
    if stop is not None:
        stop()
        return
    for process in list((pool._processes or {}).values()):
        process.terminate()


class Workers:
    """A pool of ``jobs`` processes for one scan (none at all when ``jobs`` is 1).

    Use as a context manager; ``map`` may be called several times (one pool for every stage, so
    processes start once).
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = resolve_jobs(jobs)
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.jobs > 1:
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=_start_worker, initargs=(os.getpid(),)
            )
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            if exc is not None:
                # Interrupted or failed: stop the workers now rather than wait for their chunks,
                # and do not join the pool's manager thread: an interrupt that lands inside
                # concurrent.futures' own bookkeeping can leave it waiting on a lock for ever.
                _terminate(self._pool)
            self._pool.shutdown(wait=exc is None, cancel_futures=exc is not None)
            self._pool = None

    def _submit(self, fn: Callable[[T], R], arg: T) -> Future[R]:
        assert self._pool is not None
        with _quiet_start():
            return self._pool.submit(fn, arg)

    def submit(self, fn: Callable[[T], R], arg: T) -> Future[R]:
        """``fn(arg)`` in a worker while this process goes on (computed here and now when there
        is no pool). For work this process would otherwise wait on, such as an import."""
        if self._pool is not None:
            return self._submit(fn, arg)
        done: Future[R] = Future()
        try:
            done.set_result(fn(arg))
        except Exception as exc:
            # Raised by result(), as a worker's would be; an interrupt stops this at once.
            done.set_exception(exc)
        return done

    def map(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[R]:
        """``fn`` of each chunk, in chunk order. ``fn`` must be a module-level function (it is
        pickled), its argument small: send indices or paths rather than big objects."""
        if self._pool is None:
            yield from map(fn, chunks)
            return
        # Keep a bounded window of chunks in flight so memory stays flat on huge inputs.
        window = _IN_FLIGHT_PER_JOB * self.jobs
        pending: list[Future[R]] = []
        for chunk in chunks:
            pending.append(self._submit(fn, chunk))
            if len(pending) >= window:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()

    def map_unordered(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[tuple[int, R]]:
        """``(position, fn(chunk))`` for every chunk, as each finishes: one slow chunk does not
        hold back the others' results, nor keep workers idle. A bounded window of chunks is in
        flight, the next submitted as soon as one finishes: chunks made lazily (``chunks`` a
        generator) are made while the workers are busy with the window, and memory holds the
        window's, not every chunk's."""
        if self._pool is None:
            yield from enumerate(map(fn, chunks))
            return
        todo = enumerate(chunks)
        pending: dict[Future[R], int] = {}
        for k, chunk in itertools.islice(todo, _IN_FLIGHT_PER_JOB * self.jobs):
            pending[self._submit(fn, chunk)] = k
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                # The next chunk goes in before this one's result is handed on, so the workers
                # have work while the caller uses it.
                for k, chunk in itertools.islice(todo, 1):
                    pending[self._submit(fn, chunk)] = k
                yield pending.pop(future), future.result()


GROUP_CHUNK = 1024
"""Pairs per unit of work of one group too big for a chunk: cutting a group re-analyses the
documents of each piece, so the pieces are large (the largest group of a 30,000-page corpus has
877 pairs among 210 documents)."""


def plan_chunks(pairs: list[tuple[int, int]], size: int) -> list[list[tuple[int, int]]]:
    """Cut the pairs into chunks: connected groups of candidates packed whole up to ``size``
    pairs, a larger group alone (cut every ``GROUP_CHUNK`` pairs). A document is analysed once
    per chunk it appears in. Cutting the same order every ``size`` pairs regardless of groups
    analyses many documents more than once; this way none is."""
    groups = components((str(a), str(b)) for a, b in pairs)
    where = {int(m): g for g, members in enumerate(groups) for m in members}
    ordered = sorted(pairs, key=lambda p: (where[p[0]], p))
    chunks: list[list[tuple[int, int]]] = []
    current: list[tuple[int, int]] = []
    for _, run in groupby(ordered, key=lambda p: where[p[0]]):
        group = list(run)
        if current and len(current) + len(group) > size:
            chunks.append(current)
            current = []
        if len(group) > size:
            # A big group alone: cut only when huge, as every cut re-analyses its documents.
            chunks.extend(list(c) for c in chunked(group, GROUP_CHUNK))
        else:
            current.extend(group)
    if current:
        chunks.append(current)
    return chunks

"""scan on a Dask cluster: the local scan's stages, with a cluster's workers doing the work.

The client walks the tree; reading (read, fingerprint, sketch), both index levels, the story
counts and verification are Dask tasks (`dupcheck.corpus.dask_stages`): the index levels and the
counts as shuffles by key on the workers (`dupcheck.corpus.dask_index`), which never send the
sketches to the client. It keeps what the report needs of each document (name, where to read it,
fingerprint, date; not its sketch, nor its text where its file can be read again, so that what
it holds does not grow with the articles' length) and the candidate pairs, and makes the
clusters and the result as the local scan does. Read results are taken in chunk order, pairs
are sorted sets, verified pairs are sorted: the output is the same bytes as the local scan's,
whatever the number of workers or the order they finish in.

With an archive index (``--against FILE.db``) the index levels run on the client, as the local
scan runs them (`pipeline.scan` with `DaskWorkers` as its pool): looking the new documents up
in the index needs their sketches there.

Workers must import ``dupcheck`` (the same version) and reach the files under the paths the
client sees: a shared mount such as NFS, or a LocalCluster on the same machine. Paths sent to
workers are absolute.

Faults are Dask's: a worker that dies runs no more of our code, and the scheduler gives its tasks
to another worker (up to ``distributed.scheduler.allowed-failures`` times per task); the chunk
functions are pure, so a rerun gives the same answer. A task that keeps killing workers, or a
lost scheduler, ends the scan with a `ClusterError`. So does a cluster without a worker for
``ScanOptions.worker_wait`` seconds, at the start or mid-scan (`WorkerWatch`): its scheduler
would hold the tasks for ever, for workers that may never come.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, TypeVar

from dupcheck.corpus import dask_stages, pipeline
from dupcheck.corpus.pipeline import Progress
from dupcheck.corpus.reading import absolute
from dupcheck.corpus.sources import discover_url, gather
from dupcheck.corpus.types import ScanOptions, ScanResult
from dupcheck.corpus.urls import is_url
from dupcheck.errors import ClusterError, InputError

if TYPE_CHECKING:
    # Imported where used: distributed brings in click (its own command line), which the core
    # never loads for a library caller that only imports it.
    from distributed import Client
    from distributed import Future as DaskFuture

T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT = 5.0
"""Seconds to reach the scheduler before giving up (a scheduler answers at once or not at all;
its workers are waited for longer: ``ScanOptions.worker_wait``)."""
WATCH_EVERY = 1.0
"""Seconds between two looks at the cluster's workers during a scan (at most)."""
IN_FLIGHT_PER_THREAD = 2
"""Read chunks submitted but not yet collected, per worker thread: enough that no worker waits
for the client, few enough that the client's memory stays flat on huge inputs."""


def connect(
    address: str, *, timeout: float = CONNECT_TIMEOUT, worker_wait: float | None = None
) -> Client:
    """A client of the scheduler at ``address`` (``tcp://host:8786``) that has at least one
    worker: a `ClusterError` when the scheduler does not answer within ``timeout`` seconds, or
    has no worker within ``worker_wait`` (default ``ScanOptions().worker_wait``), rather than
    waiting for ever."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("the Dask engine needs Dask: pip install 'dupcheck[dask]'") from None
    try:
        # A bare connection first: a Client that fails half-way (on a server that is not a
        # scheduler) prints a traceback when it is collected, which the user must not see.
        with ThreadPoolExecutor(1) as thread:  # its own event loop, whatever the caller runs
            thread.submit(asyncio.run, _handshake(address, timeout)).result()
        client = Client(address, timeout=timeout, set_as_default=False)
    except TimeoutError:
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address}: no answer within {timeout:g} s"
        ) from None
    except (OSError, ValueError) as exc:
        # Refused, timed out, or not an address.
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ClusterError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    except Exception:
        # Something answered, in another protocol (its bytes read as a Dask message fail in
        # any way: a huge allocation, a decoding error).
        raise ClusterError(
            f"cannot reach the Dask scheduler at {address}: what answers is not a Dask scheduler"
        ) from None
    try:
        first_worker(client, ScanOptions().worker_wait if worker_wait is None else worker_wait)
    except ClusterError:
        client.close()
        raise
    return client


def first_worker(client: Client, wait: float) -> None:
    """Return once ``client``'s cluster has a worker; a `ClusterError` after ``wait`` seconds."""
    try:
        client.wait_for_workers(1, timeout=wait)
    except Exception:
        address = client.scheduler.address if client.scheduler is not None else "?"
        raise ClusterError(
            f"the Dask scheduler at {address} has no worker after {wait:g} s"
        ) from None


async def _handshake(address: str, timeout: float) -> None:
    from distributed.comm.core import connect as open_comm

    # Bounded as a whole: Dask bounds the TCP connection, but a server that takes it and then
    # waits for more (an HTTP server given the handshake) would otherwise hold it for ever.
    comm = await asyncio.wait_for(open_comm(address, timeout=timeout), timeout)
    await comm.close()


class Cancels(Protocol):
    def cancel(self) -> None:
        """Cancel the tasks submitted and not yet collected."""


class WorkerWatch:
    """Ends a scan whose cluster has had no worker for ``wait`` seconds, as a `ClusterError`.

    The scheduler keeps the tasks of a cluster without workers waiting for one, for ever: the
    jobs of a batch cluster that ended, workers that all died of the same cause and were not
    replaced. A thread looks at the workers every `WATCH_EVERY` seconds; when there have been
    none for ``wait`` seconds it cancels the tasks of the holders added (what wakes a scan
    waiting on them), and leaving the context turns the scan's error into the reason.
    """

    def __init__(self, client: Client, wait: float) -> None:
        self.client = client
        self.wait = wait
        self.holders: list[Cancels] = []
        self.fired = False
        """Whether the watch gave up on the cluster (and cancelled the holders' tasks)."""
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="dupcheck-watch", daemon=True)

    def add(self, holder: Cancels) -> None:
        self.holders.append(holder)

    def _run(self) -> None:
        every = min(WATCH_EVERY, self.wait / 4)
        since: float | None = None
        while not self._stop.wait(every):
            try:
                workers = len(self.client.nthreads())
            except Exception:
                return  # the scheduler is gone: the scan's own wait ends with that error
            now = time.monotonic()
            if workers:
                since = None
            elif since is None:
                since = now
            elif now - since >= self.wait:
                self.fired = True
                for holder in list(self.holders):
                    holder.cancel()
                return

    def __enter__(self) -> WorkerWatch:
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stop.set()
        # Bounded: a look at the workers under way ends with the scheduler's answer or loss.
        self._thread.join(CONNECT_TIMEOUT)
        if self.fired and kind is not None:
            raise ClusterError(f"the Dask cluster has had no worker for {self.wait:g} s") from None


class DaskWorkers:
    """A `dupcheck.corpus.parallel.Pool` over a Dask client: each chunk is one task.

    The client is the caller's: it stays open after the scan. Tasks still pending when the scan
    fails are cancelled.
    """

    def __init__(self, client: Client) -> None:
        self.client = client
        self._held = dask_stages.Held(client)

    def __enter__(self) -> DaskWorkers:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc is not None:
            self.cancel()
        self._held = dask_stages.Held(self.client)

    def cancel(self) -> None:
        self._held.cancel()

    def _threads(self) -> int:
        threads: dict[str, int] = self.client.nthreads()
        return max(1, sum(threads.values()))

    def submit(self, fn: Callable[[T], R], arg: T) -> Future[R]:
        """``fn(arg)`` computed here: the scan submits only the LSH's parameters, which take the
        client a fraction of a second, less than a round trip's worth of waiting to gain."""
        done: Future[R] = Future()
        try:
            done.set_result(fn(arg))
        except Exception as exc:
            done.set_exception(exc)
        return done

    def _task(self, fn: Callable[[T], R], chunk: T) -> DaskFuture[R]:
        # Not pure: two equal chunks are two tasks (Dask would otherwise share one key between
        # them, and between scans on the same cluster).
        future: DaskFuture[R] = self._held.keep(self.client.submit(fn, chunk, pure=False))
        return future

    def map(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[R]:
        """``fn`` of each chunk, in chunk order, with a bounded window of tasks in flight."""
        window = IN_FLIGHT_PER_THREAD * self._threads()
        pending: deque[DaskFuture[R]] = deque()
        for chunk in chunks:
            pending.append(self._task(fn, chunk))
            if len(pending) >= window:
                yield self._collect(pending.popleft())
        while pending:
            yield self._collect(pending.popleft())

    def map_unordered(self, fn: Callable[[T], R], chunks: Iterable[T]) -> Iterator[tuple[int, R]]:
        """``(position, fn(chunks[position]))`` for every chunk, as each finishes."""
        from distributed import as_completed

        futures = [self._task(fn, chunk) for chunk in chunks]
        positions = {future.key: k for k, future in enumerate(futures)}
        finished = as_completed(futures, loop=self.client.loop)
        # as_completed holds each future until it yields it; holding them here too would keep
        # every result on the cluster until the last one is in.
        futures.clear()
        for future in finished:
            yield positions[future.key], self._collect(future)

    def _collect(self, future: DaskFuture[R]) -> R:
        result: R = self._held.collect(future)
        return result


def scan(
    root: Path | Sequence[Path] | str,
    *,
    client: Client | str,
    options: ScanOptions | None = None,
    against: Path | Sequence[Path] | None = None,
    progress: Callable[[Progress], None] | None = None,
    excerpts: bool = False,
) -> ScanResult:
    """`dupcheck.corpus.pipeline.scan` with a Dask cluster doing the read and verify work: the
    same result. ``client`` is a connected client (left open), or a scheduler's address to
    connect to for this scan (see `connect`). ``options.jobs`` is not used: the cluster has the
    workers it has. ``root`` may be an fsspec URL (a folder, or one JSONL or Parquet file; see
    `dupcheck.corpus.urls`), listed and read by the workers and named from the URL as given;
    it takes no ``against``. Raises what the local scan raises, and `ClusterError` when the
    cluster cannot be reached or cannot finish the work."""
    opts = options or ScanOptions()
    if isinstance(client, str):
        connected = connect(client, worker_wait=opts.worker_wait)
        try:
            return scan(
                root,
                client=connected,
                options=options,
                against=against,
                progress=progress,
                excerpts=excerpts,
            )
        finally:
            connected.close()
    given = [against] if isinstance(against, str | Path) else list(against or ())
    url = root if isinstance(root, str) and is_url(root) else None
    local = Path(root) if isinstance(root, str) else root
    if url is not None and given:
        raise InputError(url, "a URL is scanned on its own, without --against")
    first_worker(client, opts.worker_wait)
    with cluster_errors(), WorkerWatch(client, opts.worker_wait) as watch:
        if url is not None:
            # Listed by a worker: the client may not reach the store, nor have its package.
            with DaskWorkers(client) as workers:
                watch.add(workers)
                (root_name, listed), *_ = workers.map(partial(discover_url, options=opts), [url])
            return dask_stages.run(
                client,
                root_name,
                listed,
                [],
                opts=opts,
                report=_reporter(progress),
                excerpts=excerpts,
                watch=watch,
            )
        if any(Path(a).is_file() for a in given):
            # An archive index: its look-up needs the new documents' sketches on the client.
            with DaskWorkers(client) as workers:
                watch.add(workers)
                return pipeline.scan(
                    local,
                    options=opts,
                    against=against,
                    progress=progress,
                    excerpts=excerpts,
                    pool=workers,
                )
        found = gather(local, opts, against)
        # Absolute paths: the workers run in other directories, or on other machines.
        sources, archive = absolute(found.new), absolute(found.archive)
        root_name = found.root.as_posix()
        return dask_stages.run(
            client,
            root_name,
            sources,
            archive,
            opts=opts,
            report=_reporter(progress),
            excerpts=excerpts,
            watch=watch,
        )


def _reporter(progress: Callable[[Progress], None] | None) -> Callable[[str, int, int], None]:
    def report(stage: str, done: int, total: int) -> None:
        if progress is not None:
            progress(Progress(stage, done, total))

    return report


@contextmanager
def cluster_errors() -> Iterator[None]:
    """Dask's errors for a cluster that cannot finish the work, as `ClusterError`: a task that
    killed its workers more often than the scheduler allows, or a scheduler lost mid-scan."""
    from distributed import KilledWorker
    from distributed.comm.core import CommClosedError

    try:
        yield
    except KilledWorker as exc:
        raise ClusterError(f"Dask workers kept dying on one task: {exc}") from None
    except (CancelledError, CommClosedError) as exc:
        raise ClusterError(f"lost the Dask scheduler during the scan ({exc})") from None

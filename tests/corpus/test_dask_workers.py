"""A Dask cluster without workers, from the start or from mid-scan, ends the scan after
``worker_wait`` seconds with a `ClusterError` (exit 2, one line), never waits for ever: real
schedulers (a LocalCluster of no workers; one whose only worker goes mid-scan) and a real
``dupcheck`` process."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Generic, TypeVar

import pytest

from dupcheck.corpus import dask_stages, verifying
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import ClusterError
from tests._dask import cluster_client
from tests._processes import environment
from tests._stories import story

distributed = pytest.importorskip("distributed")
cloudpickle = pytest.importorskip("cloudpickle")

from dupcheck.corpus.dask_engine import scan  # noqa: E402

R = TypeVar("R")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Copies enough to give verification work."""
    root = tmp_path / "corpus"
    root.mkdir()
    for n in range(4):
        (root / f"{n}.txt").write_text(story(n), encoding="utf-8")
        (root / f"copy-{n}.txt").write_text(f"COPY\n\n{story(n)}", encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(verifying, "VERIFY_CHUNK", 1)


@pytest.fixture(scope="module")
def no_workers() -> Iterator[Any]:
    """A scheduler, reachable over TCP, that has no worker and never gets one."""
    with distributed.LocalCluster(
        n_workers=0, processes=False, protocol="tcp", dashboard_address=":0"
    ) as empty:
        yield empty


@pytest.mark.parametrize("where", ["flag", "config"])
def test_a_scan_on_a_cluster_without_workers_ends_with_exit_2(
    no_workers: Any, corpus: Path, tmp_path: Path, where: str
) -> None:
    address = no_workers.scheduler_address
    args = ["scan", str(corpus), "--engine", "dask", "--scheduler", address]
    if where == "flag":
        args += ["--worker-wait", "2"]
    else:
        (tmp_path / "dupcheck.toml").write_text("worker_wait = 2\n", encoding="utf-8")
        args += ["--config", str(tmp_path / "dupcheck.toml")]
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "dupcheck", *args],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        f"dupcheck: error: the Dask scheduler at {address} has no worker after 2 s"
    ]
    # It waited for the worker as long as it was told to, not just the connection's timeout.
    assert time.monotonic() - started >= 2


def test_the_library_given_a_client_without_workers_raises(no_workers: Any, corpus: Path) -> None:
    with (
        distributed.Client(no_workers, set_as_default=False) as idle,
        pytest.raises(ClusterError, match="has no worker after 1 s"),
    ):
        scan(corpus, client=idle, options=ScanOptions(jobs=1, worker_wait=1))


class _Stall(Generic[R]):
    """``fn``, except that every call first writes the marker, then waits for ``seconds``: a
    task under way when its worker goes."""

    def __init__(self, fn: Callable[..., R], marker: str, seconds: float) -> None:
        self.fn = fn
        self.marker = marker
        self.seconds = seconds

    def __call__(self, *args: Any) -> R:
        Path(self.marker).touch()
        time.sleep(self.seconds)
        return self.fn(*args)


def test_a_cluster_left_without_workers_mid_scan_is_a_cluster_error(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "verifying"
    stalled = _Stall(dask_stages.verify, str(marker), seconds=60)
    monkeypatch.setattr(dask_stages, "verify", stalled)
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        with (
            cluster_client(workers=1) as connected,
            ThreadPoolExecutor(1) as thread,
        ):
            options = ScanOptions(jobs=1, worker_wait=1)
            running = thread.submit(scan, corpus, client=connected, options=options)
            for _ in range(600):
                if marker.exists() or running.done():
                    break
                time.sleep(0.1)
            assert marker.exists(), "no verification task started"
            connected.cluster.scale(0)  # the only worker goes, with a task under way
            with pytest.raises(ClusterError, match="has had no worker for 1 s"):
                running.result(timeout=60)
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])

"""scan on a real Dask LocalCluster (two worker processes): the same bytes as the local scan, a
worker killed mid-scan, a scheduler that cannot be reached or has no workers.

The chunk sizes are cut down so that a small tree makes many tasks over both workers.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
import pytest
from click.testing import CliRunner

from dupcheck.cli.app import main
from dupcheck.corpus import dask_index, dask_stages, pipeline, reading, verifying
from dupcheck.corpus.types import ScanOptions
from dupcheck.errors import ClusterError
from tests._dask import cluster_client
from tests._stories import story

distributed = pytest.importorskip("distributed")
dask = pytest.importorskip("dask")
cloudpickle = pytest.importorskip("cloudpickle")

try:
    import pyarrow
    import pyarrow.parquet

    PARQUET = True
except ImportError:  # the dask extra brings pyarrow; a bare dask install tests the rest
    PARQUET = False

from dupcheck.corpus.dask_engine import connect, scan  # noqa: E402

R = TypeVar("R")

OPTIONS = ScanOptions(jobs=1)


RESTART_WAIT = 60
"""Seconds a test waits for a killed worker's replacement to register."""


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    # A LocalCluster closes the nanny of a worker the scheduler lost unless a worker of the same
    # name registers within lost-worker-timeout (15 s): a killed worker whose restart took
    # longer, on a loaded machine, was never replaced and the cluster stayed a worker short.
    # The tests' own wait for the replacement bounds the restart instead.
    with (
        dask.config.set({"distributed.deploy.lost-worker-timeout": f"{2 * RESTART_WAIT}s"}),
        cluster_client() as connected,
    ):
        yield connected


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "READ_CHUNK", 3)
    monkeypatch.setattr(verifying, "VERIFY_CHUNK", 2)


def _write(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """Stories with copies (whole, trimmed, quoted), a JSONL feed, an archive, skipped files."""
    root = tmp_path / "corpus"
    for n in range(6):
        _write(root / f"wire/{n}.txt", story(n))
        _write(root / f"sites/a/{n}.txt", f"SITE A\n\n{story(n)}\n\nShare this story.")
    for n in range(3):
        paras = story(10 + n).split("\n\n")
        _write(root / f"sites/b/{n}.md", "\n\n".join([*paras[:3], story(n).split("\n\n")[2]]))
        _write(root / f"other/{n}.txt", story(20 + n))
    feed = [{"id": f"f{n}", "text": story(n % 4) + f"\n\nFeed note {n}."} for n in range(5)]
    lines = [json.dumps(r) for r in feed] + ["not json", json.dumps({"id": "x"})]
    _write(root / "feed.jsonl", "\n".join(lines) + "\n")
    if PARQUET:
        rows = [(f"p{n}", story(n % 3) + f"\n\nParquet note {n}.") for n in range(4)]
        table = pyarrow.table({"id": [r[0] for r in rows], "text": [r[1] for r in rows]})
        pyarrow.parquet.write_table(table, root / "feed.parquet")
    _write(root / "empty.txt", b"")
    _write(root / "binary.txt", b"\x00\x01binary")
    _write(tmp_path / "archive/2019/old.txt", story(4))
    _write(tmp_path / "archive/2019/older.txt", story(30))
    return root


INCLUDE = [f"--include={glob}" for glob in ("*.txt", "*.md", "*.jsonl", "*.parquet")]


def _json(args: list[str], fmt: str = "json") -> bytes:
    flags = ["--format", fmt, "-q", "--exit-zero", *INCLUDE]
    result = CliRunner().invoke(main, ["scan", *args, *flags])
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("against", [False, True], ids=["tree", "against"])
def test_json_output_is_byte_identical_to_the_local_scan(
    client: Any, corpus: Path, against: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A relative root from another directory than the workers': they must get absolute paths.
    monkeypatch.chdir(corpus.parent)
    args = ["corpus", *(["--against", "archive"] if against else [])]
    address = client.scheduler.address
    local = _json([*args, "-j", "2"])
    dask = _json([*args, "--engine", "dask", "--scheduler", address])
    assert dask == local
    data = json.loads(dask)
    assert data["documents"] == 23 + 4 * PARQUET + 2 * against
    clusters = {tuple(c["members"]) for c in data["clusters"]}
    zero: tuple[str, ...] = ("feed.jsonl#f0", "feed.jsonl#f4", "sites/a/0.txt", "wire/0.txt")
    if PARQUET:
        zero = (*zero[:2], "feed.parquet#p0", "feed.parquet#p3", *zero[2:])
    assert zero in clusters
    assert ("sites/a/5.txt", "wire/5.txt") in clusters
    assert {p["verdict"] for p in data["pairs"]} == {"duplicate", "partial"}
    assert {s["path"] for s in data["skipped"]} >= {"empty.txt", "binary.txt", "feed.jsonl:6"}
    if against:
        assert any(p["a"].startswith("archive/") for p in data["pairs"])
    else:
        # SARIF points at lines: its excerpts are aligned again, on the workers too.
        sarif = _json([*args, "--engine", "dask", "--scheduler", address], "sarif")
        assert sarif == _json([*args, "-j", "2"], "sarif")
        assert b'"startLine"' in sarif


def test_against_an_archive_index_is_the_local_scan(
    client: Any, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The one scan whose index levels run on the client: the index's look-up needs the sketches.
    monkeypatch.chdir(corpus.parent)
    built = CliRunner().invoke(main, ["index", "build", "archive", "--db", "a.db", "-j", "1"])
    assert built.exit_code == 0, built.output
    args = ["corpus", "--against", "a.db"]
    dask = _json([*args, "--engine", "dask", "--scheduler", client.scheduler.address])
    assert dask == _json([*args, "-j", "2"])
    assert b'"archive/2019/old.txt"' in dask


STAGES = {
    "read", "meta", "archive", "lengths", "labels", "group", "postings", "postings_part",
    "buckets", "buckets_part", "pairs", "story_postings", "story_postings_part", "stories",
    "story_counts", "verify",
}  # fmt: skip


def test_the_work_is_split_into_tasks_over_both_workers(client: Any, corpus: Path) -> None:
    with distributed.get_task_stream(client=client) as stream:
        result = scan(corpus, client=client, options=OPTIONS)
    assert result == pipeline.scan(corpus, options=OPTIONS)
    ran: dict[str, set[str]] = {}
    for task in stream.data:
        ran.setdefault(str(task["key"]).partition("-")[0], set()).add(task["worker"])
    # Both index levels and the story counts ran on the cluster, as shuffles.
    assert set(ran) == STAGES
    assert len(set().union(*ran.values())) == 2
    reads = sum(1 for task in stream.data if str(task["key"]).startswith("read-"))
    # 21 files in chunks of 3.
    assert reads == 7


class _KillOnce(Generic[R]):
    """``fn``, except that the first call anywhere (the marker file says whether one happened)
    kills its own worker process: SIGKILL, no cleanup, as the OOM killer would. Once: with no
    failure allowed, one death fails the task, and more deaths would only be more restarts to
    wait for."""

    def __init__(self, fn: Callable[..., R], marker: str) -> None:
        self.fn = fn
        self.marker = marker

    def __call__(self, *args: Any) -> R:
        try:
            fd = os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        except FileExistsError:
            return self.fn(*args)
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        os.kill(os.getpid(), signal.SIGKILL)
        raise AssertionError("unreachable: the worker is dead")


# A task of each kind: the read map, a shuffle's reduce, verification.
KILLED = {"read": (dask_stages, "read"), "buckets": (dask_index, "buckets")}
KILLED["verify"] = (dask_stages, "verify")


@contextmanager
def _killing(monkeypatch: pytest.MonkeyPatch, stage: str, marker: Path) -> Iterator[None]:
    """The engine with ``stage``'s task function swapped for one that kills its worker."""
    module, name = KILLED[stage]
    monkeypatch.setattr(module, name, _KillOnce(getattr(module, name), str(marker)))
    # Shipped by value: the workers need not import the tests.
    cloudpickle.register_pickle_by_value(sys.modules[__name__])
    try:
        yield
    finally:
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
        monkeypatch.undo()


@pytest.mark.parametrize("stage", sorted(KILLED))
def test_a_worker_killed_mid_scan_is_replaced_and_the_result_unchanged(
    client: Any, corpus: Path, tmp_path: Path, stage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = set(client.run(os.getpid).values())
    marker = tmp_path / "killed"
    with _killing(monkeypatch, stage, marker):
        killed = scan(corpus, client=client, options=OPTIONS)
    victim = int(marker.read_text())
    assert victim in before
    client.wait_for_workers(2, timeout=RESTART_WAIT)
    assert victim not in set(client.run(os.getpid).values())
    assert killed == pipeline.scan(corpus, options=OPTIONS)
    assert killed.pairs


def test_a_task_that_keeps_killing_workers_is_a_cluster_error(
    client: Any, corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scheduler = client.cluster.scheduler
    allowed = scheduler.allowed_failures
    before = set(client.run(os.getpid).values())
    # The scheduler gives up on a task after this many deaths (Dask's default is 3: four
    # worker restarts, slow on a busy machine). With none allowed, the one death the task
    # causes is one too many.
    scheduler.allowed_failures = 0
    try:
        dying = pytest.raises(ClusterError, match="Dask workers kept dying on one task")
        with dying, _killing(monkeypatch, "verify", tmp_path / "marker"):
            scan(corpus, client=client, options=OPTIONS)
    finally:
        scheduler.allowed_failures = allowed
    client.wait_for_workers(2, timeout=RESTART_WAIT)
    # One worker died and was replaced; the other ran on.
    assert len(before - set(client.run(os.getpid).values())) == 1
    assert scan(corpus, client=client, options=OPTIONS) == pipeline.scan(corpus, options=OPTIONS)


@pytest.fixture
def crowd(tmp_path: Path) -> Path:
    """Buckets over the caps: twelve copies of one story (one LSH bucket per band, each of its
    fingerprints held by twelve documents) and eight other stories under one long footer."""
    root = tmp_path / "crowd"
    for n in range(12):
        _write(root / f"copies/{n:02}.txt", f"Edition {n}\n\n{story(1)}")
    footer = story(99, paragraphs=1)
    for n in range(8):
        _write(root / f"footed/{n}.txt", f"{story(40 + n)}\n\n{footer}")
    _write(tmp_path / "older/copy.txt", story(1))
    _write(tmp_path / "older/other.txt", story(40))
    return root


def _spy(
    fn: Callable[[npt.NDArray[np.int64], Any], R], seen: list[npt.NDArray[np.int64]]
) -> Callable[[npt.NDArray[np.int64], Any], R]:
    def spied(pairs: npt.NDArray[np.int64], docs: Any) -> R:
        seen.append(pairs.copy())
        return fn(pairs, docs)

    return spied


@pytest.mark.parametrize("against", [False, True], ids=["tree", "against"])
def test_buckets_over_the_caps_give_the_local_candidates(
    client: Any, crowd: Path, against: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    capped = ScanOptions(jobs=1, fine_max_df=3)
    archive = crowd.parent / "older" if against else None
    proposed: dict[str, list[npt.NDArray[np.int64]]] = {"local": [], "dask": []}
    # The candidate pairs themselves, as each engine hands them to verification.
    for module, engine in ((pipeline, "local"), (dask_stages, "dask")):
        monkeypatch.setattr(module, "oriented", _spy(module.oriented, proposed[engine]))
    local = pipeline.scan(crowd, options=capped, against=archive)
    assert scan(crowd, client=client, options=capped, against=archive) == local
    (mine,), (theirs,) = proposed["dask"], proposed["local"]
    assert mine.tolist() == theirs.tolist()
    assert len(theirs) == local.candidates
    monkeypatch.undo()
    # The cap bites: the footer's fingerprints, held by eight documents, no longer pair them,
    # and the copies (whose every fingerprint twelve hold) are found by level 1 alone.
    uncapped = pipeline.scan(crowd, options=OPTIONS, against=archive)
    assert local.candidates < uncapped.candidates
    copies = {p for p in local.pairs if p.a.startswith("copies/") and p.b.startswith("copies/")}
    assert len(copies) == 12 * 11 // 2
    assert not any(p.a.startswith("footed/") and p.b.startswith("footed/") for p in local.pairs)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def test_unreachable_scheduler_is_one_line_and_exit_2(corpus: Path) -> None:
    address = f"tcp://127.0.0.1:{_free_port()}"
    result = CliRunner().invoke(
        main, ["scan", str(corpus), "--engine", "dask", "--scheduler", address]
    )
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"dupcheck: error: cannot reach the Dask scheduler at {address}")


class _QuietHandler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        del format, args  # the server's log is not the command's stderr under test


def test_a_web_server_given_as_the_scheduler_is_one_line_and_exit_2(corpus: Path) -> None:
    # The likeliest mistake: the dashboard's port (HTTP) instead of the scheduler's.
    server = ThreadingHTTPServer(("127.0.0.1", 0), _QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        address = f"tcp://127.0.0.1:{server.server_address[1]}"
        args = ["scan", str(corpus), "--engine", "dask", "--scheduler", address]
        result = CliRunner().invoke(main, args)
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"dupcheck: error: cannot reach the Dask scheduler at {address}: ")


def test_a_scheduler_without_workers_is_an_error(corpus: Path) -> None:
    with (
        distributed.LocalCluster(n_workers=0, processes=False, dashboard_address=":0") as empty,
        pytest.raises(ClusterError, match="no worker after 1 s"),
    ):
        connect(empty.scheduler_address, timeout=1, worker_wait=1)


@pytest.mark.parametrize("args", [["--engine", "dask"], ["--scheduler", "tcp://127.0.0.1:1"]])
def test_engine_and_scheduler_go_together(corpus: Path, args: list[str]) -> None:
    result = CliRunner().invoke(main, ["scan", str(corpus), *args])
    assert result.exit_code == 2
    assert "--engine dask and --scheduler ADDRESS go together" in result.stderr


def test_the_local_scan_never_imports_dask(corpus: Path) -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from dupcheck.cli.app import main\n"
        f"r = CliRunner().invoke(main, ['scan', {str(corpus)!r}, '-q', '--format', 'json'])\n"
        "assert r.exit_code == 1, r.output\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in {'dask', 'distributed'}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"

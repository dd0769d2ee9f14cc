"""Dask engine: what running the scan's work as Dask tasks costs, beside the local scan.

One ``bench.scale`` medium corpus (200,000 pages, as issue 18 asks; ``--quick`` 10,000) and a
LocalCluster of two worker processes of one thread each, on this machine, so the difference is
the engine's overhead and not more hardware. Both scans run as whole ``dupcheck scan --format
json`` processes, in alternation (local, dask, local, dask, ...), and their reports must be the
same bytes. The local scan uses ``--jobs 2``, as many processes as the cluster's workers.

Wall time on a shared machine says more about the other users than about the engine, so the
processor time of every part is measured too: the local scan's whole process tree, and for the
Dask scan the client process, the worker processes (their ``getrusage`` before and after, read
through the cluster) and the scheduler (which a LocalCluster runs in this bench process, idle
otherwise). Worker memory is each worker process's peak resident set (``ru_maxrss``).

Then one more Dask scan runs in this process under Dask's task stream, to show how the work
splits: tasks per stage and per worker and their compute time. Last, the estimate for 10 million
articles on ``N`` workers, from the per-article processor times measured here.

``python -m bench dask --data ../shared/corpora`` runs it as a study (writes RESULTS.md);
``python -m bench.dask_study --data ../shared/corpora --pages 30000`` prints the section for
another size.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.common import peak_rss_kib, table
from bench.peers import Measured, run_measured
from bench.scale import corpus, load_average

REPEATS = 2
PAGES = 200_000
QUICK_PAGES = 10_000
WORKERS = 2
TARGET = 10_000_000
"""Articles in the written estimate (issue 18)."""
CLUSTERS = (8, 32, 128)
"""Worker counts the estimate is written for."""
PRICE_PER_WORKER_HOUR = 0.05
"""Assumed price of one worker (one core, 4 GB) for an hour on a cloud, in US dollars: an
assumption of the estimate, stated beside it, not a measurement."""
RUN_TIMEOUT = 4 * 3600.0


@dataclass(frozen=True, slots=True)
class Run:
    """One scan as a whole process, with the processor time of each part."""

    measured: Measured
    client_cpu: float
    """The scan process and its children (the local scan's worker pool)."""
    worker_cpu: float = 0.0
    """Dask only: every worker process."""
    scheduler_cpu: float = 0.0
    """Dask only: the scheduler (this process)."""

    @property
    def cpu(self) -> float:
        return self.client_cpu + self.worker_cpu + self.scheduler_cpu


def _scan_argv(root: Path, out: Path, extra: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "dupcheck", "scan", str(root), "--format", "json", "-q",
        "--exit-zero", "--output", str(out), *extra,
    ]  # fmt: skip


def _cpu_seconds(who: int = resource.RUSAGE_SELF) -> float:
    used = resource.getrusage(who)
    return used.ru_utime + used.ru_stime


def _peak_rss_mib() -> float:
    """This process's peak resident set (run in each worker)."""
    return peak_rss_kib() / 1024


def _measure(argv: list[str], client: Any | None) -> Run:
    workers = client.run(_cpu_seconds) if client is not None else {}
    children, this = _cpu_seconds(resource.RUSAGE_CHILDREN), _cpu_seconds()
    measured = run_measured(argv, timeout=RUN_TIMEOUT)
    if measured.returncode != 0:
        raise RuntimeError(f"scan failed: {measured.stderr_tail}")
    client_cpu = _cpu_seconds(resource.RUSAGE_CHILDREN) - children
    if client is None:
        return Run(measured, client_cpu)
    scheduler_cpu = _cpu_seconds() - this
    after = client.run(_cpu_seconds)
    if set(after) != set(workers):
        raise RuntimeError("a worker was replaced during the run: its processor time is lost")
    worker_cpu = sum(after[w] - workers[w] for w in workers)
    return Run(measured, client_cpu, worker_cpu, scheduler_cpu)


def _split(client: Any, root: Path) -> tuple[str, str]:
    """One Dask scan in this process under the task stream: tasks per stage and worker."""
    from distributed import get_task_stream

    from dupcheck.corpus import dask_engine

    with get_task_stream(client=client) as stream:
        result = dask_engine.scan(root, client=client)
    per_stage: dict[str, list[float]] = defaultdict(list)
    per_worker: dict[str, Counter[str]] = defaultdict(Counter)
    for task in stream.data:
        stage = str(task["key"]).partition("-")[0].lstrip("_").removesuffix("_chunk")
        spans = task["startstops"]
        compute = sum(s["stop"] - s["start"] for s in spans if s["action"] == "compute")
        per_stage[stage].append(compute)
        per_worker[stage][task["worker"]] += 1
    rows = []
    for stage, times in sorted(per_stage.items()):
        counts = sorted(per_worker[stage].values())
        rows.append([
            stage, f"{len(times):,}", " / ".join(f"{c:,}" for c in counts),
            f"{sum(times):.1f}", f"{statistics.median(times) * 1000:.0f}",
            f"{max(times) * 1000:.0f}",
        ])  # fmt: skip
    tasks = table(
        ["stage", "tasks", "tasks per worker", "compute s (sum)", "median ms", "max ms"], rows
    )
    facts = (
        f"{result.documents:,} documents, {result.candidates:,} candidate pairs verified, "
        f"{len(result.pairs):,} pairs reported."
    )
    return tasks, facts


def _estimate(n: int, dask: list[Run], client_growth_mib: float) -> str:
    """Time and cost of ``TARGET`` articles on ``CLUSTERS`` workers, scaled from ``n``.

    The client's processor time is the serial part; the scheduler's runs beside it, on the
    same machine (the one more node of the cost), and much of it is Dask's own per-second
    housekeeping rather than work per article, so it is shown but not added to the time."""
    per_worker = statistics.median(r.worker_cpu for r in dask) / n
    per_client = statistics.median(r.client_cpu for r in dask) / n
    per_scheduler = statistics.median(r.scheduler_cpu for r in dask) / n
    rows = []
    for workers in CLUSTERS:
        hours = TARGET * (per_client + per_worker / workers) / 3600
        cost = hours * (workers + 1) * PRICE_PER_WORKER_HOUR
        rows.append([f"{workers}", f"{hours:.1f}", f"{hours * (workers + 1):,.0f}", f"{cost:,.2f}"])
    memory = client_growth_mib / n * TARGET / 1024
    return "\n\n".join(
        [
            f"Estimate for {TARGET:,} articles, from this run's processor time per article: "
            f"{per_worker * 1000:.2f} ms in the workers (read, sketch, verify), "
            f"{per_client * 1000:.2f} ms in the client (walk, collecting what the report needs "
            f"of each document, planning the tasks, clusters: serial, the floor no number of "
            f"workers lowers), and "
            f"{per_scheduler * 1000:.2f} ms in the scheduler (beside the client, not added). "
            "It assumes a corpus like this one (candidate pairs and cluster sizes per article), "
            "one core per worker, perfect balance, and workers that reach the files as fast as "
            f"here. Cost at an assumed ${PRICE_PER_WORKER_HOUR:.2f} per worker-hour (one core, "
            "4 GB; the client and scheduler counted as one more worker).",
            table(["workers", "hours", "worker-hours", "cost $"], rows),
            "The client's memory grows with the corpus (names, places and dates of the "
            "documents, the candidate pairs; the sketches stay on the workers): at this run's "
            "peak above an empty scan's, per article, "
            f"{TARGET:,} articles need about {memory:,.0f} GiB on the client.",
        ]
    )


def run(data: Path, *, quick: bool, pages: int | None = None) -> str:
    from distributed import Client, LocalCluster

    n = pages or (QUICK_PAGES if quick else PAGES)
    root = corpus(data, n)
    started = time.perf_counter()
    with (
        LocalCluster(
            n_workers=WORKERS, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
        tempfile.TemporaryDirectory(prefix="bench-dask-") as tmp,
    ):
        up = time.perf_counter() - started
        runs: dict[str, list[Run]] = {"local": [], "dask": []}
        loads: list[float] = []
        reports: dict[str, bytes] = {}
        argv = {
            "local": ["--jobs", str(WORKERS)],
            "dask": ["--engine", "dask", "--scheduler", cluster.scheduler_address],
        }
        for _ in range(REPEATS):
            for engine in ("local", "dask"):
                loads.append(load_average())
                out = Path(tmp) / f"{engine}.json"
                runs[engine].append(
                    _measure(
                        _scan_argv(root, out, argv[engine]), client if engine == "dask" else None
                    )
                )
                report = out.read_bytes()
                if reports.setdefault(engine, report) != report:
                    raise RuntimeError(f"{engine} scan gave different reports on reruns")
        if reports["local"] != reports["dask"]:
            raise RuntimeError("the Dask engine's report differs from the local scan's")
        empty = Path(tmp) / "empty"
        empty.mkdir()
        idle = _measure(_scan_argv(empty, Path(tmp) / "empty.json", argv["dask"]), client)
        split, facts = _split(client, root)
        workers = client.run(_peak_rss_mib)

    def median(engine: str, value: str) -> float:
        return float(statistics.median(getattr(r, value) for r in runs[engine]))

    def wall(engine: str) -> float:
        return statistics.median(r.measured.seconds for r in runs[engine])

    def peak(engine: str) -> float:
        return statistics.median(r.measured.peak_rss_mib for r in runs[engine])

    timing = table(
        [
            "engine", "wall s", "cpu s (all parts)", "client cpu s", "workers cpu s",
            "scheduler cpu s", "client peak RSS MiB",
        ],
        [
            [
                engine, f"{wall(engine):.1f}", f"{median(engine, 'cpu'):.1f}",
                f"{median(engine, 'client_cpu'):.1f}",
                f"{median(engine, 'worker_cpu'):.1f}" if engine == "dask" else "—",
                f"{median(engine, 'scheduler_cpu'):.1f}" if engine == "dask" else "—",
                f"{peak(engine):,.0f}",
            ]
            for engine in ("local", "dask")
        ],
    )  # fmt: skip
    memory = ", ".join(f"{rss:,.0f}" for _, rss in sorted(workers.items()))
    return "\n\n".join(
        [
            f"### Dask engine: {n:,} pages, {WORKERS} workers on one machine",
            f"{os.cpu_count()} cores; median of {REPEATS} runs each, alternated; 1-minute load "
            f"average before the runs {min(loads):.1f}–{max(loads):.1f}. The reports were the "
            f"same bytes. {facts}",
            timing,
            f"The Dask engine took {wall('dask') / wall('local'):.2f}× the local scan's wall "
            f"time and {median('dask', 'cpu') / median('local', 'cpu'):.2f}× its processor time "
            f"(the local scan's client cpu is its whole process tree, pool included). Starting "
            f"the LocalCluster took {up:.1f} s (not in either figure). Peak RSS per worker "
            f"process over all runs: {memory} MiB.",
            "How the work splits (one more Dask scan, in the bench process, under the task "
            "stream; compute times are wall times inside the tasks):",
            split,
            _estimate(n, runs["dask"], peak("dask") - idle.measured.peak_rss_mib),
        ]
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--pages", type=int, default=None)
    args = parser.parse_args(argv)
    print(run(args.data, quick=args.quick, pages=args.pages))


if __name__ == "__main__":
    main()

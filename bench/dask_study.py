"""Dask engine: what running the scan's work as Dask tasks costs, beside the local scan.

One ``bench.scale`` medium corpus (30,000 pages; ``--quick`` 3,000) and a LocalCluster of two
worker processes of one thread each, on this machine, so the difference is the engine's
overhead and not more hardware. Both scans run as whole ``dupcheck scan --format json``
processes, in alternation (local, dask, local, dask, ...), and their reports must be the same
bytes. The local scan uses ``--jobs 2``, as many processes as the cluster's workers.

Then one more Dask scan runs in this process, under Dask's task stream, to show how the work
splits: tasks per stage and per worker, their compute time, and each stage's wall time on the
client (the walk and read, the index, verification). Worker memory is each worker process's
peak resident set (``ru_maxrss``) after all the runs; the client's is the Dask scan process's.

``python -m bench.dask_study --data ../shared/corpora [--quick] [--pages N]`` prints the
section; ``python -m bench dask`` runs it as a study.
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
from pathlib import Path
from typing import Any

from bench.common import table
from bench.peers import Measured, run_measured
from bench.scale import corpus, load_average

REPEATS = 3
QUICK_REPEATS = 2
PAGES = 30_000
QUICK_PAGES = 3_000
WORKERS = 2


def _scan_argv(root: Path, out: Path, extra: list[str]) -> list[str]:
    return [
        sys.executable, "-m", "dupcheck", "scan", str(root), "--format", "json", "-q",
        "--exit-zero", "--output", str(out), *extra,
    ]  # fmt: skip


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _split(client: Any, root: Path) -> tuple[str, str]:
    """One Dask scan in this process under the task stream: tasks and stage wall times."""
    from distributed import get_task_stream

    from dupcheck.corpus import dask_engine
    from dupcheck.corpus.pipeline import Progress

    stamps: dict[str, list[float]] = defaultdict(list)

    def progress(p: Progress) -> None:
        stamps[p.stage].append(time.perf_counter())

    start = time.perf_counter()
    with get_task_stream(client=client) as stream:
        result = dask_engine.scan(root, client=client, progress=progress)
    end = time.perf_counter()
    per_stage: dict[str, list[float]] = defaultdict(list)
    per_worker: dict[str, Counter[str]] = defaultdict(Counter)
    for task in stream.data:
        stage = str(task["key"]).partition("-")[0].lstrip("_").removesuffix("_chunk")
        spans = task["startstops"]
        compute = sum(s["stop"] - s["start"] for s in spans if s["action"] == "compute")
        per_stage[stage].append(compute)
        per_worker[stage][task["worker"]] += 1
    rows = []
    for stage in ("read", "verify"):
        times = per_stage[stage]
        if not times:
            continue
        counts = sorted(per_worker[stage].values())
        rows.append([
            stage, f"{len(times):,}", " / ".join(f"{c:,}" for c in counts),
            f"{sum(times):.1f}", f"{statistics.median(times) * 1000:.0f}",
            f"{max(times) * 1000:.0f}",
        ])  # fmt: skip
    tasks = table(
        ["stage", "tasks", "tasks per worker", "compute s (sum)", "median ms", "max ms"], rows
    )
    read_end = stamps["read"][-1] if stamps["read"] else start
    index = stamps["index"] or [read_end, read_end]
    verify_end = stamps["verify"][-1] if stamps["verify"] else end
    walls = table(
        ["part", "wall s"],
        [
            ["connect + walk + read (tasks)", f"{read_end - start:.1f}"],
            ["index, both levels (client)", f"{index[-1] - index[0]:.1f}"],
            ["plan + verify (tasks)", f"{verify_end - index[-1]:.1f}"],
            ["pairs, clusters (client)", f"{end - verify_end:.1f}"],
            ["whole scan", f"{end - start:.1f}"],
        ],
    )
    facts = (
        f"{result.documents:,} documents, {result.candidates:,} candidate pairs verified, "
        f"{len(result.pairs):,} pairs reported."
    )
    return tasks + "\n\n" + walls, facts


def run(data: Path, *, quick: bool, pages: int | None = None) -> str:
    from distributed import Client, LocalCluster

    n = pages or (QUICK_PAGES if quick else PAGES)
    repeats = QUICK_REPEATS if quick else REPEATS
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
        runs: dict[str, list[Measured]] = {"local": [], "dask": []}
        loads: list[float] = []
        reports: dict[str, bytes] = {}
        argv = {
            "local": ["--jobs", str(WORKERS)],
            "dask": ["--engine", "dask", "--scheduler", cluster.scheduler_address],
        }
        for _ in range(repeats):
            for engine in ("local", "dask"):
                loads.append(load_average())
                out = Path(tmp) / f"{engine}.json"
                measured = run_measured(_scan_argv(root, out, argv[engine]))
                if measured.returncode != 0:
                    raise RuntimeError(f"{engine} scan failed: {measured.stderr_tail}")
                runs[engine].append(measured)
                report = out.read_bytes()
                if reports.setdefault(engine, report) != report:
                    raise RuntimeError(f"{engine} scan gave different reports on reruns")
        if reports["local"] != reports["dask"]:
            raise RuntimeError("the Dask engine's report differs from the local scan's")
        split, facts = _split(client, root)
        workers = client.run(_peak_rss_mib)

    def row(engine: str) -> list[str]:
        got = runs[engine]
        wall = statistics.median(m.seconds for m in got)
        return [
            engine, f"{wall:.1f}", f"{n / wall:,.0f}",
            f"{statistics.median(m.peak_rss_mib for m in got):,.0f}",
            f"{statistics.median(m.tree_pss_mib for m in got):,.0f}",
        ]  # fmt: skip

    local_s = statistics.median(m.seconds for m in runs["local"])
    dask_s = statistics.median(m.seconds for m in runs["dask"])
    timing = table(
        ["engine", "process s", "docs/s", "peak RSS MiB (one process)", "tree PSS MiB"],
        [row("local"), row("dask")],
    )
    memory = ", ".join(f"{rss:,.0f}" for _, rss in sorted(workers.items()))
    return "\n\n".join(
        [
            f"### Dask engine: {n:,} pages, {WORKERS} workers on one machine",
            f"`python -m bench.dask_study --pages {n}` on {os.cpu_count()} cores; median of "
            f"{repeats} runs each, alternated; 1-minute load average before the runs "
            f"{min(loads):.1f}–{max(loads):.1f}. The reports were the same bytes. {facts}",
            timing,
            f"The Dask engine took {dask_s / local_s:.2f}× the local scan's time. Starting the "
            f"LocalCluster took {up:.1f} s (not in either figure). Peak RSS per worker process "
            f"over all runs: {memory} MiB. For the dask row, RSS and PSS are the client's "
            "process tree only: the workers are the cluster's, outside it.",
            "How the work splits (one more Dask scan, in the bench process, under the task "
            "stream):",
            split,
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

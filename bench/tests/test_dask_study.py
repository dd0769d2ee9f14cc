"""The Dask study's estimate for 10 million articles: scaled from the measured per-article
processor times, with the client's serial part as a floor and the scheduler's beside it."""

from __future__ import annotations

import re

from bench.dask_study import CLUSTERS, PRICE_PER_WORKER_HOUR, TARGET, Run, _estimate
from bench.peers import Measured


def _run(client: float, workers: float, scheduler: float) -> Run:
    return Run(Measured(1.0, 100.0, 100.0, 0, ""), client, workers, scheduler)


def _rows(text: str) -> dict[int, tuple[float, float]]:
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows[int(cells[0])] = (float(cells[1]), float(cells[3].replace(",", "")))
    return rows


def test_the_estimate_scales_the_measured_cpu_per_article() -> None:
    n = 10_000
    # 3.6 ms per article in the workers, 0.36 ms in the client; the scheduler's is not added.
    text = _estimate(n, [_run(3.6, 36.0, 50.0), _run(3.6, 36.0, 50.0)], client_growth_mib=100.0)
    rows = _rows(text)
    assert sorted(rows) == sorted(CLUSTERS)
    for workers, (hours, cost) in rows.items():
        expected = TARGET * (0.36e-3 + 3.6e-3 / workers) / 3600
        assert abs(hours - expected) < 0.05
        assert abs(cost - hours * (workers + 1) * PRICE_PER_WORKER_HOUR) <= 0.5 + 0.01 * cost
    # More workers never go under the client's serial part.
    assert all(h >= TARGET * 0.36e-3 / 3600 - 0.05 for h, _ in rows.values())
    floor = re.search(r"about ([\d,]+) GiB", text)
    assert floor is not None and floor.group(1) == f"{100.0 / n * TARGET / 1024:,.0f}"


def test_a_run_counts_every_part() -> None:
    assert _run(1.0, 2.0, 0.5).cpu == 3.5

"""Scale: how scan's time and memory grow from 10,000 to 1,000,000 articles, beside its peers.

Corpora are ``bench.synth`` medium-level corpora of exactly *n* pages (``--total n``, one story
per 20 pages, seed 1), made once under ``bench/.cache/scale/`` (the 100k and 200k ones are
deleted after measuring: ~0.4 and ~0.8 GB). Three tools run on each, every one as a process of
its own (``bench.peers`` runners, measured from outside by ``run_measured``), in alternation
(A B C A B C A B C) so drift of a shared machine falls on all alike:

- dupcheck: ``scan()`` with default options (``--jobs`` 0: all cores);
- rensa, recall-tuned as in the scan study (threshold 0.3, lower-cased word 3-shingles), the
  fastest peer there;
- the straightforward datasketch pipeline the scan issue measures itself against
  (``bench.baseline_datasketch``: word 5-shingles, MinHash 128, LSH 0.5, exact Jaccard).

Sizes up to 30,000 run all three tools three times each. 100,000 and 200,000 run them once each,
A then B then C: a full study must fit the 20 minutes ``python -m bench all`` is allowed, and
three runs each at 200k would take 27 minutes on their own (the datasketch pipeline needs about
2 minutes and 6.7 GB per run there). Making the two large corpora takes about 1.5 and 3 minutes
of that budget. The datasketch pipeline runs up to 200,000 because the issue's speed target is
a ratio to it, and how that ratio moves with size is part of the answer. 1,000,000 pages (made
on the fly, ~4 GB, deleted after) run dupcheck alone, once: the issue's target there is absolute
(time and the process tree's peak memory), and the pipeline would need more memory than the
machine has.

*process s* is the median wall time of the whole process (interpreter start-up and imports
included), the figure the issue's targets are about; *docs/s* divides the corpus by it. Peak
RSS is the largest single process (``ru_maxrss``); tree PSS sums the process tree (a worker
pool counted in full); tree CPU is the user and system time of the whole tree (median), steadier
than wall time on a shared machine. The 1-minute load average before each run is listed, because the
machine is shared. The last column scores the first run's pairs against the corpus truth as
the scan study does (duplicate recall / precision; partial recall; precision over all related
pairs): at this scale most pages are real distractors, and template stories or two agencies'
stories of one event, which the truth calls unrelated, weigh on precision. The growth
exponent is the least-squares slope of log time (or memory) against log *n*: 1 is linear.

``python -m bench scale --data ../shared/corpora [--quick]`` (quick: 3k and 10k only).
"""

from __future__ import annotations

import math
import os
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import synthetic_corpus, table
from bench.peers import Measured, read_found, run_measured
from bench.truth import PR, Truth, evaluate

CACHE = Path(__file__).resolve().parent / ".cache" / "scale"
FIGURE = Path(__file__).resolve().parent / "figures" / "scale.png"
SEED = 1
REPEATS = 3
QUICK_SIZES = (3_000, 10_000)
"""``--quick``: small enough that ``python -m bench all --quick`` takes about 2 minutes."""
FULL_SIZES = (10_000, 30_000, 100_000, 200_000, 1_000_000)
KEEP_UP_TO = 30_000
PEERS_UP_TO = 200_000
"""Above this only dupcheck runs: the datasketch pipeline's memory grows linearly (6.7 GB at
200,000 pages), past this machine's 24 GiB at a million, and rensa's time would double the
study's length for a column the issue does not ask for."""
"""Corpora larger than this are deleted once measured, and measured ``LARGE_REPEATS`` times."""
LARGE_REPEATS = 1
RUN_TIMEOUT = 3600.0


@dataclass(frozen=True, slots=True)
class Tool:
    key: str
    label: str
    module: str
    args: tuple[str, ...] = ()


TOOLS = (
    Tool("dupcheck", "dupcheck scan (all cores)", "dupcheck_scan"),
    Tool("rensa", "rensa, recall-tuned (0.3, word 3-shingles)", "rensa_scan",
         ("--threshold", "0.3", "--shingle", "3")),
    Tool("datasketch", "datasketch pipeline (5-shingles, 128 perm, LSH 0.5)", "datasketch_scan"),
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Cell:
    """All runs of one tool on one corpus."""

    tool: Tool
    n: int
    runs: tuple[Measured, ...]
    loads: tuple[float, ...]
    """1-minute load average before each run."""
    error: str = ""
    accuracy: PR | None = None
    """Pair precision and recall of the first run against the corpus truth: at scale the
    corpus is mostly real distractors, among them template stories (earnings, bond issues)
    and same-event stories that the truth calls unrelated."""

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def rss(self) -> float:
        return statistics.median(r.peak_rss_mib for r in self.runs)

    @property
    def pss(self) -> float:
        return statistics.median(r.tree_pss_mib for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu_seconds for r in self.runs)


def corpus(data: Path, n: int, *, cache: Path = CACHE) -> Path:
    """The medium corpus of exactly ``n`` pages, made once under ``cache``."""
    out = cache / f"medium-n{n}-s{SEED}"
    return synthetic_corpus(
        data, out, "medium", originals=max(1, n // 20), distractors=None, total=n, seed=SEED
    )


def load_average() -> float:
    try:
        return float(Path("/proc/loadavg").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return math.nan


def measure(root: Path, n: int, tools: Sequence[Tool], repeats: int) -> list[Cell]:
    """Every tool ``repeats`` times on ``root``, in alternation."""
    runs: dict[str, list[Measured]] = {t.key: [] for t in tools}
    loads: dict[str, list[float]] = {t.key: [] for t in tools}
    errors: dict[str, str] = {}
    accuracy: dict[str, PR] = {}
    truth = Truth.read(root / "truth.json")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    for _ in range(repeats):
        for tool in tools:
            if tool.key in errors:
                continue
            with tempfile.TemporaryDirectory(prefix=f"bench-scale-{tool.key}-") as tmp:
                out = Path(tmp) / "pairs.json"
                argv = [sys.executable, "-m", f"bench.peers.{tool.module}", str(root), str(out)]
                loads[tool.key].append(load_average())
                m = run_measured([*argv, *tool.args], env=env, timeout=RUN_TIMEOUT)
                if m.returncode != 0 or not out.exists():
                    tail = m.stderr_tail.strip().splitlines()
                    errors[tool.key] = f"exit {m.returncode}: {tail[-1] if tail else ''}"
                    continue
                found = read_found(out)
                if found.documents != n:
                    errors[tool.key] = "read a different number of documents"
                    continue
                runs[tool.key].append(m)
                accuracy.setdefault(tool.key, evaluate(found.found, truth))
    return [
        Cell(
            t,
            n,
            tuple(runs[t.key]),
            tuple(loads[t.key]),
            errors.get(t.key, ""),
            accuracy.get(t.key),
        )
        for t in tools
    ]


def slope(points: Sequence[tuple[float, float]]) -> float | None:
    """Least-squares slope of log y against log x (``None`` under two points)."""
    pts = [(math.log(x), math.log(y)) for x, y in points if x > 0 and y > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    den = sum((x - mx) ** 2 for x, _ in pts)
    return sum((x - mx) * (y - my) for x, y in pts) / den if den else None


def cells_table(cells: Sequence[Cell]) -> str:
    base = {c.n: c for c in cells if c.tool.key == "datasketch" and c.runs}
    rows: list[list[object]] = []
    for c in cells:
        if not c.runs:
            rows.append([f"{c.n:,}", c.tool.label, f"could not run: {c.error}", *[None] * 8])
            continue
        ref = base.get(c.n)
        rows.append(
            [
                f"{c.n:,}",
                c.tool.label,
                f"{c.seconds:.1f}",
                f"{c.n / c.seconds:,.0f}",
                f"{ref.seconds / c.seconds:.2f}×" if ref else None,
                f"{c.rss:.0f}",
                f"{c.pss:.0f}",
                f"{c.cpu:.1f}",
                " / ".join(f"{s.seconds:.1f}" for s in c.runs),
                " / ".join(f"{x:.1f}" for x in c.loads),
                _accuracy(c.accuracy),
            ]
        )
    headers = ["articles", "tool", "process s (median)", "docs/s", "speed ÷ datasketch",
               "peak RSS MiB", "tree PSS MiB", "tree CPU s", "each run s", "load avg before each",
               "dup R / P; partial R; related P"]  # fmt: skip
    return table(headers, rows)


def _accuracy(pr: PR | None) -> str | None:
    if pr is None:
        return None
    return (
        f"{pr.duplicate_recall:.3f} / {pr.duplicate_precision:.3f}; "
        f"{pr.partial_recall:.3f}; {pr.precision:.3f}"
    )


def growth_table(cells: Sequence[Cell]) -> str:
    rows = []
    for tool in TOOLS:
        mine = [c for c in cells if c.tool.key == tool.key and c.runs]
        t = slope([(c.n, c.seconds) for c in mine])
        m = slope([(c.n, c.rss) for c in mine])
        rows.append(
            [tool.label, None if t is None else f"{t:.2f}", None if m is None else f"{m:.2f}"]
        )
    return table(["tool", "time exponent", "peak RSS exponent"], rows)


def plot(cells: Sequence[Cell], path: Path = FIGURE) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax_t, ax_m) = plt.subplots(1, 2, figsize=(10, 4))
    for tool in TOOLS:
        mine = sorted((c for c in cells if c.tool.key == tool.key and c.runs), key=lambda c: c.n)
        if not mine:
            continue
        ns = [c.n for c in mine]
        ax_t.plot(ns, [c.seconds for c in mine], marker="o", label=tool.label)
        ax_m.plot(ns, [c.rss for c in mine], marker="o", label=tool.label)
    for ax, what in ((ax_t, "process wall time (s)"), (ax_m, "peak RSS (MiB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("articles")
        ax.set_ylabel(what)
        ax.grid(True, which="both", alpha=0.3)
    ax_t.legend(fontsize=7)
    fig.suptitle("scan: growth with corpus size (medians, log-log)")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def run(data: Path, *, quick: bool, write_figures: bool = True, pages: int | None = None) -> str:
    """The section; ``pages`` measures that one size alone (as ``--pages`` asks)."""
    sizes = (pages,) if pages is not None else QUICK_SIZES if quick else FULL_SIZES
    cells: list[Cell] = []
    for n in sizes:
        root = corpus(data, n)
        large = n > KEEP_UP_TO
        tools = TOOLS if n <= PEERS_UP_TO else TOOLS[:1]
        measured = measure(root, n, tools, LARGE_REPEATS if large else REPEATS)
        cells.extend(measured)
        # Printed as measured: a long run that stops later keeps what it measured.
        print(cells_table(measured), flush=True)
        if large:
            shutil.rmtree(root, ignore_errors=True)
    if write_figures and pages is None:  # one size is no growth curve: the plot stays
        plot(cells)
    cpus = os.cpu_count()
    text = "\n\n".join(
        [
            "## Scale",
            f"Medium-level synthetic corpora of {', '.join(f'{n:,}' for n in sizes)} articles, "
            f"{cpus} cores. Up to {KEEP_UP_TO:,} articles: every tool {REPEATS} times in "
            f"alternation (medians); above: every tool {LARGE_REPEATS} time, to keep "
            "`python -m bench all` within its time. "
            f"Above {PEERS_UP_TO:,} articles only dupcheck runs (the peers' memory or time "
            "does not fit; see `bench/scale.py`). "
            "See `bench/scale.py` for what each column means.",
            cells_table(cells),
            "Growth exponents (slope of log time and log peak RSS against log articles; "
            "1 = linear):",
            growth_table(cells),
            f"![scan time and memory against corpus size]({FIGURE.relative_to(FIGURE.parents[1])})",
        ]
    )
    print(text, flush=True)
    return text

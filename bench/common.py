"""Helpers every study shares: timing, memory, markdown tables, an order-keeping process pool."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORKERS = 2
"""Processes a study may use: the bench machine has 2 cores."""


class MissingCorpus(Exception):
    """A corpus (or a file of one) a study needs is not where it should be."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"missing corpus: {path}")
        self.path = path


def require(*paths: Path) -> None:
    """Raise :class:`MissingCorpus` for the first of ``paths`` that does not exist."""
    for path in paths:
        if not path.exists():
            raise MissingCorpus(path)


def synthetic_corpus(data: Path, out: Path, level: str, **plan: Any) -> Path:
    """The ``bench.synth`` corpus ``out`` (``make_corpus(..., level=level, **plan)``), made once:
    built in a hidden sibling folder and renamed, so an interrupted run leaves no half corpus
    that looks finished."""
    if (out / "truth.json").exists():
        return out
    require(data / "reuters-21578", data / "bbc-news")
    from bench.corpora import load_all
    from bench.syndicate import Level
    from bench.synth import make_corpus

    out.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    make_corpus(load_all(data), partial, level=Level(level), **plan)
    if out.exists():
        shutil.rmtree(out)
    partial.rename(out)
    return out


def link_tree(pages: Sequence[Path], source: Path, target: Path) -> None:
    """Hard links to ``pages`` (under ``source``) at the same places under ``target``: a study
    splits a cached corpus into folders without copying it or touching it."""
    for page in pages:
        dest = target / page.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.link(page, dest)


def median_time(fn: Callable[[], object], *, repeats: int = 5) -> float:
    """Median wall time of ``fn()`` in seconds over ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_kib() -> int:
    """This process's peak resident memory in KiB: the kernel's high-water mark (``VmHWM``),
    which is this process's own memory's and can be reset through ``/proc/self/clear_refs``.
    Linux's ``ru_maxrss``, the answer where ``/proc`` is missing, carries the parent's peak over
    fork and exec (a worker would show the bench's own)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def peak_rss_mb(*, children: bool = False) -> float:
    """Peak resident memory of this process (or of its finished children) in MiB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    kib = resource.getrusage(who).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return kib / 1024 / (1024 if sys.platform == "darwin" else 1)


def pool_map(
    fn: Callable[[T], R], items: Sequence[T], *, workers: int = WORKERS, chunksize: int = 4
) -> list[R]:
    """``[fn(x) for x in items]`` over ``workers`` processes, results in the order of ``items``.

    ``fn`` must be a module-level function (it is pickled by name).
    """
    if workers <= 1 or len(items) <= 1:
        return [fn(x) for x in items]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(fn, items, chunksize=chunksize))


def fmt(value: float | int | str | None, digits: int = 3) -> str:
    """A table cell: floats to ``digits`` places, ``None`` as an em dash."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def pct(value: float | None, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage cell."""
    return "—" if value is None else f"{100 * value:.{digits}f}%"


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub markdown table; numbers right-aligned, ``None`` shown as an em dash."""
    body = [[_cell(c) for c in row] for row in rows]
    numeric = [
        all(_looks_numeric(row[i]) for row in body) if body else False for i in range(len(headers))
    ]
    widths = [max([len(h), *(len(row[i]) for row in body)]) for i, h in enumerate(headers)]

    columns = list(zip(widths, numeric, strict=True))

    def line(cells: Sequence[str]) -> str:
        padded = (
            c.rjust(w) if num else c.ljust(w) for c, (w, num) in zip(cells, columns, strict=True)
        )
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join("-" * (w + 1) + ":" if num else "-" * (w + 2) for w, num in columns) + "|"
    return "\n".join([line(headers), rule, *(line(row) for row in body)])


def _cell(value: object) -> str:
    if value is None or isinstance(value, float | int | str):
        return fmt(value)
    return str(value)


def _looks_numeric(cell: str) -> bool:
    stripped = cell.rstrip("%×xs").replace(",", "")
    try:
        float(stripped)
    except ValueError:
        return cell == "—"
    return True


def study_main(
    run: Callable[..., str], doc: str | None, *, quick_help: str = "a small, seeded sample"
) -> None:
    """The command line of a study run on its own (``python -m bench.NAME``): --data, --quick.

    ``python -m bench NAME --no-write`` does the same through the framework; this keeps the
    studies runnable as modules without each one repeating its argument parser.
    """
    parser = argparse.ArgumentParser(description=doc.splitlines()[0] if doc else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--quick", action="store_true", help=quick_help)
    args = parser.parse_args()
    run(args.data, quick=args.quick)

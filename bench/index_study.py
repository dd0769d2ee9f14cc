"""Archive index: build time, size and memory; adding a day's articles; one query, warm in
process and from the shell; a day's articles scanned against the index.

The archive is a ``bench.synth`` medium corpus of N pages (100,000; ``--quick`` 5,000); the
"day" is 200 more pages of the same corpus, kept out of the build. Both are hard links into a
temporary folder, so the cached corpus is never touched. Every step runs the real command
(``python -m dupcheck``) in a child process, timed from outside, except the warm query, which
times ``Index.query`` in this process after one query to warm it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import synthetic_corpus, table

CACHE = Path(__file__).resolve().parent / ".cache" / "index"
SEED = 1
DAY = 200
QUERIES = 20


def _corpus(data: Path, n: int) -> Path:
    out = CACHE / f"medium-n{n}-s{SEED}"
    return synthetic_corpus(
        data, out, "medium", originals=max(1, n // 20), distractors=None, total=n, seed=SEED
    )


def _link_tree(pages: list[Path], source: Path, target: Path) -> None:
    for page in pages:
        dest = target / page.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.link(page, dest)


def _run(*args: str) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of ``python -m dupcheck ARGS`` (exit 0 or 1)."""
    command = [sys.executable, "-c", _WRAPPER, *args]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise RuntimeError(f"dupcheck {' '.join(args)} failed: {done.stderr.strip()}")
    return seconds, float(done.stdout.strip().splitlines()[-1])


_WRAPPER = """
import sys
from dupcheck.cli.app import main
try:
    main(sys.argv[1:], standalone_mode=True, prog_name="dupcheck")
except SystemExit:
    pass
with open("/proc/self/status") as status:
    hwm = next(line for line in status if line.startswith("VmHWM:"))
sys.stdout.write("\\n%f\\n" % (int(hwm.split()[1]) / 1024))
"""
"""Runs the command and prints its peak RSS last: VmHWM, which starts afresh at exec (the
rusage maximum would carry this process's over; worker processes are not counted)."""


def _size(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20


def run(data: Path, *, quick: bool, n: int | None = None) -> str:
    from dupcheck.corpus.store import Index
    from dupcheck.text.intake import read_document

    size = n or (5_000 if quick else 100_000)
    root = _corpus(data, size + DAY)
    pages = sorted(root.rglob("*.txt"))
    archive_pages, day_pages = pages[:-DAY], pages[-DAY:]
    rows: list[list[object]] = []
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        work = Path(tmp)
        archive, day, db = work / "archive", work / "day", work / "archive.db"
        _link_tree(archive_pages, root, archive)
        _link_tree(day_pages, root, day)

        seconds, rss = _run("index", "build", str(archive), "--db", str(db), "-q", "-j", "2")
        rows.append([f"index build ({len(archive_pages):,} pages, 2 workers)", seconds, rss])
        rows.append([f"index size: {_size(db):.0f} MiB", None, None])

        seconds, rss = _run("scan", str(day), "--against", str(db), "-q", "-f", "json")
        rows.append([f"scan {DAY} new pages --against the index", seconds, rss])

        one = str(day_pages[0])
        times = [_run("query", one, "--db", str(db))[0] for _ in range(3)]
        rows.append(["query 1 page from the shell (median of 3)", statistics.median(times), None])

        with Index.open(db) as index:
            docs = [read_document(p) for p in day_pages[:QUERIES]]
            index.query(docs[-1])
            warm = []
            for d in docs[: QUERIES - 1]:
                started = time.perf_counter()
                index.query(d)
                warm.append(time.perf_counter() - started)
        rows.append(
            [
                f"query 1 page in process, warm (median of {len(warm)})",
                statistics.median(warm),
                None,
            ]
        )

        _link_tree(day_pages, root, archive / "day")
        seconds, rss = _run("index", "add", str(archive / "day"), "--db", str(db), "-q", "-j", "2")
        rows.append([f"index add {DAY} pages", seconds, rss])

    section = "\n".join(
        [
            "## Archive index",
            "",
            f"`python -m bench.index_study` — medium synthetic corpus, {size:,} archived pages.",
            "",
            table(["step", "seconds", "peak RSS MiB"], rows),
            "",
        ]
    )
    print(section)
    return section


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--quick", action="store_true", help="5,000 archived pages")
    parser.add_argument("--n", type=int, default=None, help="archived pages")
    args = parser.parse_args()
    run(args.data, quick=args.quick, n=args.n)

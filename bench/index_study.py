"""Archive index: build time, size and memory; adding a day's articles; one query, warm in
process and from the shell; a day's articles in one call; and whether answers through the index
equal those of a folder scan.

Speed: the archive is a ``bench.synth`` medium corpus of N pages (``--pages``; 100,000 by
default, 5,000 with ``--quick``), made by the corpus maker on first use and kept under
``bench/.cache/index/`` (corpora past ``KEEP_UP_TO`` pages are deleted once measured: a million
pages is about 4 GB). The "day" is ``DAY`` more pages of the same corpus, kept out of the build.
Both are hard links into a temporary folder, so the cached corpus is never touched. Every step
runs the real command (``python -m dupcheck``) in a process of its own, measured from outside
(``bench.peers.run_measured``: wall time with start-up and imports, the largest single
process's peak RSS, and the process tree's peak PSS, workers included), except the warm query,
which times ``Index.query`` in this process after one query to warm it. dupcheck's bytecode is
written before the queries from the shell (`_compile_bytecode`), as installing it does.

Equality: at the speed scale (up to ``KEEP_UP_TO`` pages), the day's scan against the index
and against the archive folder, whose JSON reports must be the same bytes; and on the scan
study's syndicated corpora (light, medium, heavy; ``--quick`` medium
only), every ``NEW_EVERY``-th page is "new" and the rest the archive. ``scan new --against
archive/`` (the folder), ``scan new --against archive.db`` (the index) and ``query`` of each new
page are scored against the corpus truth over the pairs of a new and an archived page (what
``query`` answers), and the two scans' JSON reports are compared byte for byte.

``python -m bench index --data ../shared/corpora [--quick | --pages N]``; ``python -m bench
index-1m`` measures the speed part alone at a million pages, into a section of its own.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.common import WORKERS, link_tree, synthetic_corpus, table
from bench.peers import Measured, run_measured
from bench.truth import Found, Label, Truth, evaluate

CACHE = Path(__file__).resolve().parent / ".cache" / "index"
SEED = 1
DAY = 200
"""New articles a day: added to the index, queried in one call, scanned against it."""
QUERIES = 20
SHELL_QUERIES = 3
KEEP_UP_TO = 200_000
MILLION = 1_000_000
NEW_EVERY = 10
TIMEOUT = 6 * 3600.0


def _corpus(data: Path, n: int) -> Path:
    out = CACHE / f"medium-n{n}-s{SEED}"
    return synthetic_corpus(
        data,
        out,
        "medium",
        originals=max(1, n // 20),
        distractors=None,
        total=n,
        seed=SEED,
        workers=WORKERS,
    )


def _dupcheck(*args: str | Path, cwd: Path | None = None) -> Measured:
    """``python -m dupcheck ARGS`` measured from outside; exit 0 or 1 (found) expected."""
    done = run_measured(
        [sys.executable, "-m", "dupcheck", *map(str, args)], cwd=cwd, timeout=TIMEOUT
    )
    if done.returncode not in (0, 1):
        raise RuntimeError(f"dupcheck {' '.join(map(str, args))} failed: {done.stderr_tail}")
    return done


def _compile_bytecode() -> None:
    """Write dupcheck's bytecode, as ``pip install`` does: a query from the shell then pays what
    an installed dupcheck pays, not compiling every module it imports (which it does on each
    run where no bytecode is written, as under ``PYTHONDONTWRITEBYTECODE`` in an editable
    checkout)."""
    import compileall

    import dupcheck

    compileall.compile_dir(Path(dupcheck.__file__).parent, quiet=1)


def _size_mib(db: Path) -> float:
    return sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 2**20


def _row(step: str, m: Measured) -> list[object]:
    return [step, m.seconds, m.cpu_seconds, m.peak_rss_mib, m.tree_pss_mib]


def _speed(data: Path, n: int) -> list[list[object]]:
    from dupcheck.corpus.store import Index
    from dupcheck.text.intake import read_document

    root = _corpus(data, n + DAY)
    pages = sorted(root.rglob("*.txt"))
    archive_pages, day_pages = pages[:-DAY], pages[-DAY:]
    rows: list[list[object]] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
            work = Path(tmp)
            archive, day, db = work / "archive", work / "day", work / "archive.db"
            link_tree(archive_pages, root, archive)
            link_tree(day_pages, root, day)

            built = _dupcheck("index", "build", archive, "--db", db, "-q", "-j", "2")
            rows.append(_row(f"index build, {len(archive_pages):,} pages, 2 workers", built))
            rows.append([f"index size {_size_mib(db):,.0f} MiB", None, None, None, None])

            _compile_bytecode()
            one = [_dupcheck("query", p, "--db", db) for p in day_pages[:SHELL_QUERIES]]
            shell = min(
                one, key=lambda m: abs(m.seconds - statistics.median(x.seconds for x in one))
            )
            rows.append(_row(f"query 1 page from the shell (median of {SHELL_QUERIES})", shell))

            with Index.open(db) as index:
                docs = [read_document(p) for p in day_pages[:QUERIES]]
                index.query(docs[-1])
                warm = []
                for d in docs[:-1]:
                    started = time.perf_counter()
                    index.query(d)
                    warm.append(time.perf_counter() - started)
            label = f"query 1 page in process, warm (median of {len(warm)})"
            rows.append([label, statistics.median(warm), None, None, None])

            listed = [str(p.relative_to(work)) for p in sorted(day.rglob("*.txt"))]
            many = _dupcheck("query", *listed, "--db", db, "-f", "json", "-o", "q.json", cwd=work)
            rows.append(_row(f"query {DAY} pages in one call", many))

            scanned = _dupcheck(
                "scan", day, "--against", db, "-q", "-f", "json", "-o", "s.json", cwd=work
            )
            rows.append(_row(f"scan {DAY} new pages --against the index", scanned))
            if n <= KEEP_UP_TO:
                # The same scan against the folder: its report must be the same bytes.
                folder = _dupcheck(
                    "scan", day, "--against", archive, "-q", "-f", "json", "-o", "f.json",
                    cwd=work,
                )  # fmt: skip
                same = _differences(work / "f.json", work / "s.json")
                rows.append(_row(f"scan {DAY} new pages --against the folder ({same})", folder))

            link_tree(day_pages, root, archive / "day")
            added = _dupcheck("index", "add", archive / "day", "--db", db, "-q", "-j", "2")
            rows.append(_row(f"index add {DAY} pages", added))
    finally:
        if n + DAY > KEEP_UP_TO:
            shutil.rmtree(root, ignore_errors=True)
    return rows


# --- equality with the folder scan ---------------------------------------------------------


def _cross(truth: Truth, new: set[str]) -> Truth:
    """The truth over pairs of one new and one archived page only."""
    pairs = tuple(p for p in truth.pairs if (p.a in new) != (p.b in new))
    return dataclasses.replace(truth, pairs=pairs)


def _scan_found(report: Path, new: set[str]) -> list[Found]:
    """Pairs of a new and an archived page in a scan's JSON report, in the truth's names
    (archived pages are named ``archive/…`` by ``--against archive``)."""
    found = []
    for pair in json.loads(report.read_text(encoding="utf-8"))["pairs"]:
        a, b = (name.removeprefix("archive/") for name in (pair["a"], pair["b"]))
        # A template pair is reported apart, as not a copy: the truth scores copies only.
        if (a in new) != (b in new) and pair["verdict"] in (Label.DUPLICATE, Label.PARTIAL):
            found.append(Found(a, b, Label(pair["verdict"])))
    return found


def _query_found(report: Path) -> list[Found]:
    found = []
    for article in json.loads(report.read_text(encoding="utf-8"))["articles"]:
        name = article["name"].removeprefix("new/")
        for copy in article["copies"]:
            if copy["verdict"] not in (Label.DUPLICATE, Label.PARTIAL):
                continue  # a template, as in _scan_found
            archived = copy["archived"].removeprefix("archive/")
            found.append(Found(name, archived, Label(copy["verdict"])))
    return found


def _differences(folder: Path, index: Path) -> str:
    """ "identical" when the two scans' JSON reports are byte-identical, else what differs: the
    pairs (or their verdicts), or only the named fields of some pairs."""
    if folder.read_bytes() == index.read_bytes():
        return "identical"
    a, b = (json.loads(p.read_text(encoding="utf-8")) for p in (folder, index))
    key = [(p["a"], p["b"], p["verdict"]) for p in a["pairs"]]
    if key != [(p["a"], p["b"], p["verdict"]) for p in b["pairs"]]:
        return "pairs or verdicts differ"
    fields = sorted(
        {k for x, y in zip(a["pairs"], b["pairs"], strict=True) for k in x if x[k] != y.get(k)}
    )
    rest = sorted(k for k in a if k != "pairs" and a[k] != b.get(k))
    return "same pairs and verdicts; differ: " + ", ".join(fields + rest)


def _equality(data: Path, quick: bool) -> list[list[object]]:
    from bench.scan_study import FULL, QUICK, corpus

    plan = QUICK if quick else FULL
    rows: list[list[object]] = []
    for level in plan.levels:
        root = corpus(data, level, plan)
        truth = Truth.read(root / "truth.json")
        pages = sorted(root.rglob("*.txt"))
        new_pages = pages[::NEW_EVERY]
        new = {str(p.relative_to(root)) for p in new_pages}
        with tempfile.TemporaryDirectory(prefix="bench-index-eq-") as tmp:
            work = Path(tmp)
            link_tree(
                [p for p in pages if str(p.relative_to(root)) not in new], root, work / "archive"
            )
            link_tree(new_pages, root, work / "new")
            _dupcheck("index", "build", "archive", "--db", "archive.db", "-q", cwd=work)
            _dupcheck(
                "scan", "new", "--against", "archive", "-f", "json", "-o", "folder.json", cwd=work
            )
            _dupcheck(
                "scan", "new", "--against", "archive.db", "-f", "json", "-o", "index.json", cwd=work
            )
            listed = [f"new/{name}" for name in sorted(new)]
            _dupcheck(
                "query", *listed, "--db", "archive.db", "-f", "json", "-o", "query.json", cwd=work
            )
            same = _differences(work / "folder.json", work / "index.json")
            cross = _cross(truth, new)
            for label, found in (
                ("scan --against archive/", _scan_found(work / "folder.json", new)),
                ("scan --against archive.db", _scan_found(work / "index.json", new)),
                ("query each new page", _query_found(work / "query.json")),
            ):
                pr = evaluate(found, cross)
                rows.append(
                    [level, label, len(new), pr.recall, pr.precision, pr.duplicate_recall,
                     pr.duplicate_precision, same]
                )  # fmt: skip
    return rows


SPEED_COLUMNS = ["step", "seconds", "CPU s", "peak RSS MiB", "tree PSS MiB"]


def _speed_lines(command: str, size: int, speed: list[list[object]]) -> list[str]:
    return [
        f"`{command}` — medium synthetic corpus, {size:,} archived pages, "
        f"{DAY} new ones. Seconds are wall time of the whole command (start-up included), "
        "CPU s its processor time (user and system, workers included): on a loaded machine "
        "wall time also counts the waiting. RSS is the largest single process, PSS the "
        "process tree with its workers.",
        "",
        table(SPEED_COLUMNS, speed),
        "",
    ]


def run(data: Path, *, quick: bool, pages: int | None = None) -> str:
    size = pages or (5_000 if quick else 100_000)
    # The shorter part first, each table printed as soon as it is measured.
    equal = _equality(data, quick)
    print(
        table(["level", "answered by", "new pages", "recall", "precision"], [r[:5] for r in equal])
    )
    speed = _speed(data, size)
    print(table(SPEED_COLUMNS, speed), flush=True)
    section = "\n".join(
        [
            "## Archive index",
            "",
            *_speed_lines("python -m bench index", size, speed),
            f"Answers through the index against the folder scan's: every {NEW_EVERY}th page of "
            "the scan study's corpora is new, the rest archived; pairs of a new and an archived "
            "page scored against the truth. *scan reports*: whether the two scans' JSON reports "
            "are byte-identical, and if not what differs.",
            "",
            table(
                [
                    "level",
                    "answered by",
                    "new pages",
                    "recall",
                    "precision",
                    "dup recall",
                    "dup precision",
                    "same JSON",
                ],
                equal,
            ),
            "",
        ]
    )
    print(section)
    return section


def run_million(data: Path, *, quick: bool, pages: int | None = None) -> str:
    """The speed part alone at a million archived pages (its own section, so rerunning the
    100,000-page study keeps it): answers through the index are checked at 100,000."""
    size = pages or (20_000 if quick else MILLION)
    speed = _speed(data, size)
    section = "\n".join(
        [
            "## Archive index at a million pages",
            "",
            *_speed_lines("python -m bench index-1m", size, speed),
        ]
    )
    print(section)
    return section


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/corpora"))
    parser.add_argument("--quick", action="store_true", help="5,000 archived pages")
    parser.add_argument("--pages", type=int, default=None, help="archived pages")
    args = parser.parse_args()
    run(args.data, quick=args.quick, pages=args.pages)

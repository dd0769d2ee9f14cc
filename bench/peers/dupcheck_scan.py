"""dupcheck's own scan as a scan runner, so it is timed and measured exactly like the peers.

``python -m bench.peers.dupcheck_scan CORPUS OUT [--jobs N]``: ``dupcheck.corpus.pipeline.scan``
with
default options (``--jobs 0``: all cores, as the CLI does); every pair it reports, with its
verdict.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from bench.peers import write_found
from bench.truth import Found, Label
from dupcheck.corpus.pipeline import scan
from dupcheck.corpus.types import ScanOptions


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peers.dupcheck_scan")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--jobs", type=int, default=0)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    result = scan(args.corpus, options=ScanOptions(jobs=args.jobs))
    seconds = time.perf_counter() - start
    # A template pair is reported apart, as not a copy: the truth scores copies and reuse only.
    found = [
        Found(p.a, p.b, Label(p.verdict.value))
        for p in result.pairs
        if p.verdict.value in (Label.DUPLICATE.value, Label.PARTIAL.value)
    ]
    write_found(args.out, documents=result.documents, seconds=seconds, found=found)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

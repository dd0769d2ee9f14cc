"""The straightforward datasketch pipeline (``bench.baseline_datasketch``) as a scan runner.

``python -m bench.peers.datasketch_scan CORPUS OUT [--threshold T] [--num-perm N]``: word
5-shingles, ``MinHash(num_perm=128, seed=1)``, ``MinHashLSH(threshold=0.5)``, exact Jaccard
verification at the same threshold. Every verified pair is reported as a duplicate (the
pipeline has no verdicts).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from bench.baseline_datasketch import run_baseline
from bench.peers import corpus_files, write_found
from bench.truth import found_from_scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peers.datasketch_scan")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--num-perm", type=int, default=128)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = corpus_files(args.corpus)
    pairs = run_baseline(paths, threshold=args.threshold, num_perm=args.num_perm, root=args.corpus)
    seconds = time.perf_counter() - start
    write_found(args.out, documents=len(paths), seconds=seconds, found=found_from_scores(pairs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

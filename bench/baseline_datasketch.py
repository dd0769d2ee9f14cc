"""The straightforward datasketch pipeline the scan issue measures itself against.

What a competent engineer writes in an afternoon from the datasketch 2.0 docs: word 5-shingles of
the lower-cased, whitespace-split text; one ``MinHash(num_perm=128, seed=1)`` per document
(default ``affine32`` scheme) built with ``MinHash.bulk``; a ``MinHashLSH(threshold=0.5)`` filled
in an insertion session; every document queried; every candidate verified by exact Jaccard of the
shingle sets. Single process, no tricks.

``python -m bench.baseline_datasketch CORPUS_DIR`` runs it on a synthetic corpus and scores it
against ``CORPUS_DIR/truth.json``.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from datasketch import MinHash, MinHashLSH

from bench.truth import Truth, evaluate, found_from_scores

SHINGLE = 5
SEED = 1
SCHEME = "affine32"


def shingles(text: str, k: int = SHINGLE) -> set[bytes]:
    """Word ``k``-shingles of the lower-cased, whitespace-split text (the whole text as one
    shingle when it has fewer than ``k`` words, so short identical notes still match)."""
    words = text.lower().split()
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def run_baseline(
    paths: list[Path], *, threshold: float = 0.5, num_perm: int = 128, root: Path | None = None
) -> list[tuple[str, str, float]]:
    """Pairs of documents with exact shingle Jaccard ≥ ``threshold`` among LSH candidates, as
    ``(a, b, jaccard)`` with ``a < b``, sorted. Names are ``path.as_posix()``, relative to
    ``root`` when given."""
    names = [(p.relative_to(root) if root else p).as_posix() for p in paths]
    sets = [shingles(p.read_text(encoding="utf-8", errors="replace")) for p in paths]
    keep = [i for i, s in enumerate(sets) if s]
    minhashes = MinHash.bulk([sets[i] for i in keep], num_perm=num_perm, seed=SEED, scheme=SCHEME)
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    with lsh.insertion_session() as session:
        for i, m in zip(keep, minhashes, strict=True):
            session.insert(i, m)
    pairs = []
    for i, m in zip(keep, minhashes, strict=True):
        for j in lsh.query(m):
            if j <= i:
                continue
            jaccard = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if jaccard >= threshold:
                a, b = sorted((names[i], names[j]))
                pairs.append((a, b, jaccard))
    return sorted(pairs)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.baseline_datasketch")
    parser.add_argument("corpus", type=Path, help="a directory made by python -m bench.synth")
    parser.add_argument("--threshold", type=float, default=0.5)
    parser.add_argument("--num-perm", type=int, default=128)
    args = parser.parse_args(argv)
    paths = sorted(args.corpus.rglob("*.txt"))
    started = time.perf_counter()
    pairs = run_baseline(paths, threshold=args.threshold, num_perm=args.num_perm, root=args.corpus)
    elapsed = time.perf_counter() - started
    pr = evaluate(found_from_scores(pairs), Truth.read(args.corpus / "truth.json"))
    print(
        f"{len(paths)} docs in {elapsed:.2f} s ({len(paths) / elapsed:,.0f} docs/s), "
        f"{len(pairs)} pairs"
    )
    print(
        f"duplicate recall {pr.duplicate_recall:.3f}  precision {pr.duplicate_precision:.3f}  "
        f"partial recall {pr.partial_recall:.3f}  (any-labelled found: {pr.reported_any})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""rensa's MinHash deduplication as a scan runner, the way its README does it.

``python -m bench.peers.rensa_scan CORPUS OUT [--threshold T] [--num-perm N] [--shingle K]``:
``RMinHashDeduplicator(threshold=0.8, num_perm=128, use_lsh=True)`` fed
``(key, text.split())`` with ``add_pairs`` (README, "Keep unique documents"); the documents it
refuses are duplicates of kept ones, found with ``get_duplicate_sets``. Kept documents and
their duplicates form clusters (connected components) and every pair inside a cluster is
reported, since that is what the tool asserts. ``--shingle K`` > 1 feeds lower-cased word
K-shingles instead of whitespace tokens.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from pathlib import Path

from rensa import RMinHashDeduplicator

from bench.peers import cluster_pairs, corpus_files, write_found


def tokens(text: str, shingle: int) -> list[str]:
    """``text.split()`` (the README's tokens), or lower-cased word ``shingle``-grams."""
    words = text.split()
    if shingle <= 1:
        return words
    words = [w.lower() for w in words]
    if len(words) < shingle:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + shingle]) for i in range(len(words) - shingle + 1)]


def components(n: int, links: Sequence[tuple[int, int]]) -> list[list[int]]:
    """Connected components of size > 1 of ``links`` over ``range(n)``."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in links:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return [g for g in groups.values() if len(g) > 1]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.peers.rensa_scan")
    parser.add_argument("corpus", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--threshold", type=float, default=0.8)
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--shingle", type=int, default=1)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = corpus_files(args.corpus)
    names = [p.relative_to(args.corpus).as_posix() for p in paths]
    docs = [tokens(p.read_text(encoding="utf-8", errors="replace"), args.shingle) for p in paths]
    dedup = RMinHashDeduplicator(threshold=args.threshold, num_perm=args.num_perm, use_lsh=True)
    keep = dedup.add_pairs((str(i), toks) for i, toks in enumerate(docs))
    refused = [i for i, kept in enumerate(keep) if not kept]
    matches = dedup.get_duplicate_sets([docs[i] for i in refused])
    links = [(i, int(k)) for i, keys in zip(refused, matches, strict=True) for k in keys]
    clusters = [[names[i] for i in group] for group in components(len(paths), links)]
    found = cluster_pairs(clusters)
    seconds = time.perf_counter() - start
    write_found(args.out, documents=len(paths), seconds=seconds, found=found)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

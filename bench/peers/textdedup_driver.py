"""Runs INSIDE text-dedup's own virtualenv (stdlib and text_dedup only; not part of bench).

``python textdedup_driver.py CORPUS OUT WORKDIR [text_dedup.minhash options…]`` writes the
corpus's ``*.txt`` pages as a local JSON-lines dataset (``{"id", "text"}``, one page a line, in
sorted path order), runs text-dedup's documented MinHash command on it (``python -m
text_dedup.minhash --path json --data_files … --split train --column text --output …``, called
in-process through its click entry point), and writes the duplicate clusters it built: the
union-find ``text_dedup.minhash.uf`` keyed by row index, which is what its ``--debug`` dump
saves. The timer covers everything from listing the files to the clusters (imports excluded).
"""

from __future__ import annotations

import importlib
import json
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    corpus, out, work, *options = argv
    root, workdir = Path(corpus), Path(work)
    # Imported before the clock starts, as the other runners' imports are.
    minhash = importlib.import_module("text_dedup.minhash")
    start = time.perf_counter()
    paths = sorted(root.rglob("*.txt"))
    names = [p.relative_to(root).as_posix() for p in paths]
    data = workdir / "corpus.jsonl"
    with data.open("w", encoding="utf-8") as handle:
        for name, path in zip(names, paths, strict=True):
            text = path.read_text(encoding="utf-8", errors="replace")
            handle.write(json.dumps({"id": name, "text": text}) + "\n")
    minhash.main.main(
        [
            "--path", "json", "--data_files", str(data), "--split", "train",
            "--cache_dir", str(workdir / "cache"), "--output", str(workdir / "output"),
            "--column", "text", *options,
        ],
        standalone_mode=False,
    )  # fmt: skip
    uf = minhash.uf
    groups: dict[int, list[str]] = {}
    for row in list(uf.parent):
        groups.setdefault(uf.find(row), []).append(names[row])
    clusters = sorted(sorted(g) for g in groups.values() if len(g) > 1)
    seconds = time.perf_counter() - start
    Path(out).write_text(
        json.dumps({"documents": len(paths), "seconds": seconds, "clusters": clusters}),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

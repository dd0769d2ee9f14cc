"""Worst-case memory of ``dupcheck compare``: alignment is bounded by ``max_sentence_pairs``.

Two documents of ``n`` sentences each, every sentence 80 words drawn from a 30-word vocabulary:
every sentence resembles every other, so every pair is scored, kept and ordered, the most work
and memory the aligner can be given for that many pairs. Each run is a fresh process running
the whole command (read, analyse, align, JSON report); its peak resident memory is the figure.
The largest run is at the default ``max_sentence_pairs`` (2,000 × 2,000 sentences, two files of
about 1 MB): a larger pair is refused before any alignment.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dupcheck.align.types import CompareOptions

SIZES = (500, 1000, 2000)
QUICK_SIZES = (250, 500)

_MEASURE = """
import resource, sys
from dupcheck.cli.app import run
sys.argv = ["dupcheck", "compare", *sys.argv[1:]]
run()
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _dense(path: Path, sentences: int, seed: int) -> None:
    rng = random.Random(seed)
    words = [f"wor{k}d" for k in range(30)]
    text = " ".join(
        " ".join(rng.choice(words) for _ in range(80)).capitalize() + "." for _ in range(sentences)
    )
    path.write_text(text, encoding="utf-8")


def _peak(a: Path, b: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak resident MiB of one ``dupcheck compare`` process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(a), str(b), "-f", "json", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise RuntimeError(f"compare failed: {done.stderr.strip()}")
    kib = int(done.stdout.split()[-1])  # ru_maxrss is in KiB on Linux
    return seconds, kib / 1024


def run(data: Path, *, quick: bool) -> str:
    del data  # synthetic inputs: the worst case is made, not found
    limit = CompareOptions().max_sentence_pairs
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in QUICK_SIZES if quick else SIZES:
            a, b = folder / f"a{n}.txt", folder / f"b{n}.txt"
            _dense(a, n, 1)
            _dense(b, n, 2)
            seconds, mib = _peak(a, b, folder / "out.json")
            pairs = n * n
            rows.append(
                f"| {n:,} × {n:,} | {pairs:,} | {a.stat().st_size / 1e6:.2f} MB | "
                f"{seconds:.1f} s | {mib:,.0f} MiB | {mib / pairs * 1e6:,.0f} |"
            )
    return "\n".join(
        [
            "## Worst-case memory of compare (dense sentences)",
            "",
            "Every sentence resembles every other (80 words from a 30-word vocabulary), the most",
            "alignment work a number of sentence pairs can ask for; a fresh `dupcheck compare`",
            f"process each, peak resident memory. The default `max_sentence_pairs` is {limit:,}:",
            "a pair with more is refused before alignment.",
            "",
            "| sentences (A × B) | pairs | each file | time | peak RSS | MiB per million pairs |",
            "|---|---|---|---|---|---|",
            *rows,
        ]
    )

"""Compare speed: how long ``compare`` takes on article-sized pairs, in-process and from the shell.

The compare issue's speed targets, measured where RESULTS.md can show them:

- in-process: ``compare_texts`` (analysis of both texts, alignment, word edits, passages, scores)
  on pairs of a real article (Reuters-21578 or BBC News) of 800–2,000 words and a medium-level
  syndicated copy of it
  (``bench.syndicate``: paragraphs trimmed, moved and added from another article, sentences
  reworded, split or merged, relative dates reworded), each pair once after one warm-up call;
- from the shell: ``dupcheck compare`` on the real seed pair (``../shared/seeds``, next to the
  corpora), interpreter start-up and imports included, the median of ``RUNS`` runs.

``python -m bench compare --data ../shared/corpora [--quick]`` (quick: 30 pairs, 3 shell runs).
"""

from __future__ import annotations

import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

from bench.common import study_main, table
from bench.corpora import Article, load_all
from bench.syndicate import Level, syndicated_paragraphs
from dupcheck.align.compare import compare_analyses, compare_texts
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Document

PAIRS, QUICK_PAIRS = 100, 30
RUNS, QUICK_RUNS = 5, 3
WORDS = (800, 2000)
"""Length of the originals in words: long news articles, as the issue's target (two 1,000-word
articles) assumes; Reuters-21578 and BBC News hold about 130 of them."""
SEED = 1
SEED_PAIR = ("001_14afed91700632d0.txt", "000_af14b15bd612daed.txt")


def _words(text: str) -> int:
    return len(text.split())


def pairs(data: Path, n: int) -> list[tuple[str, str]]:
    """``n`` (original, syndicated copy) texts, the originals the first articles of the right
    length in corpus order (Reuters, then BBC); each copy's added paragraphs come from the next
    article."""
    articles: list[Article] = [
        a for a in load_all(data) if WORDS[0] <= _words(a.title + " " + a.body) <= WORDS[1]
    ]
    out = []
    for k, article in enumerate(articles[:n]):
        rng = random.Random(f"{SEED}:{article.id}")
        local = list(articles[(k + 1) % len(articles)].paragraphs)
        copy = syndicated_paragraphs(list(article.paragraphs), local, rng, Level.MEDIUM)
        out.append((f"{article.title}\n\n{article.body}", "\n\n".join([article.title, *copy])))
    return out


def _ms(values: list[float]) -> tuple[float, float, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return 1000 * statistics.median(ordered), 1000 * p95, 1000 * ordered[-1]


def _program() -> list[str]:
    """How a user starts dupcheck: the installed script beside this interpreter, else ``-m``."""
    script = Path(sys.executable).with_name("dupcheck")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "dupcheck"]


def shell_runs(seeds: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of ``dupcheck compare`` on the seed pair, ``runs``
    times, after one untimed run. Bytecode is written and read as an installed package's is
    (``PYTHONDONTWRITEBYTECODE`` is dropped): otherwise every run compiles every module."""
    command = [
        *_program(), "compare",
        *(str(seeds / name) for name in SEED_PAIR), "--format", "json", "--exit-zero",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        wall.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return wall, cpu


def _timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def run(data: Path, *, quick: bool) -> str:
    texts = pairs(data, QUICK_PAIRS if quick else PAIRS)
    compare_texts(*texts[0])
    seconds: list[float] = []
    analysing: list[float] = []
    aligning: list[float] = []
    for a, b in texts:
        seconds.append(_timed(partial(compare_texts, a, b)))
        # The same pair in its two halves: both texts analysed, then the analyses compared.
        docs = [Document("a", a), Document("b", b)]
        analysing.append(_timed(partial(list, map(analyse, docs))))
        sides = [analyse(d) for d in docs]
        aligning.append(_timed(partial(compare_analyses, sides[0], sides[1])))
    words = statistics.mean(_words(a) + _words(b) for a, b in texts) / 2
    rows: list[list[object]] = []
    for what, values, target in (
        (f"`compare_texts`, {len(texts)} pairs (real article + medium syndicated copy)",
         seconds, "< 5 ms"),
        ("of which `analyse` of both texts", analysing, ""),
        ("of which `compare_analyses` (alignment, facts, edits, passages, scores)", aligning, ""),
    ):  # fmt: skip
        median, p95, worst = _ms(values)
        rows.append(
            [what, f"{words:,.0f}", f"{median:.1f} ms", f"{p95:.1f} ms", f"{worst:.1f} ms", target]
        )
    seeds = data.resolve().parent / "seeds"
    if all((seeds / name).exists() for name in SEED_PAIR):
        wall, cpu = shell_runs(seeds, QUICK_RUNS if quick else RUNS)
        words = sum(_words((seeds / n).read_text(encoding="utf-8")) for n in SEED_PAIR) / 2
        for what, values, target in (
            (f"`dupcheck compare` on the seed pair, {len(wall)} runs: wall", wall, "< 0.25 s"),
            ("the same runs: CPU (user + system)", cpu, ""),
        ):
            rows.append(
                [
                    what,
                    f"{words:,.0f}",
                    f"{statistics.median(values):.2f} s",
                    "—",
                    f"{max(values):.2f} s",
                    target,
                ]
            )
    out = [
        "## Compare speed",
        "",
        "Wall time on this machine (the two halves of `compare_texts` timed separately on the same"
        " pairs); the shell rows include interpreter start-up and imports, from bytecode as an"
        " installed package runs, after one untimed run.",
        "",
        table(["what", "words (mean per side)", "median", "p95", "max", "target"], rows),
    ]
    text = "\n".join(out) + "\n"
    print(text)
    return text


if __name__ == "__main__":
    study_main(run, __doc__, quick_help="30 pairs, 3 shell runs")

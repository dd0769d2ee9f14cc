"""Compare speed: how long ``compare`` takes on article-sized pairs, in-process and from the shell.

The compare issue's speed targets, measured where RESULTS.md can show them:

- in-process: ``compare_texts`` (analysis of both texts, alignment, word edits, passages, scores)
  on pairs of a real article (Reuters-21578 or BBC News) of 800–2,000 words and a medium-level
  syndicated copy of it
  (``bench.syndicate``: paragraphs trimmed, moved and added from another article, sentences
  reworded, split or merged, relative dates reworded), each pair once after one warm-up call;
- from the shell: ``python -m dupcheck compare`` on the real seed pair (``../shared/seeds``, next
  to the corpora), interpreter start-up and imports included, the median of ``RUNS`` runs.

``python -m bench compare --data ../shared/corpora [--quick]`` (quick: 30 pairs, 3 shell runs).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import study_main, table
from bench.corpora import Article, load_all
from bench.syndicate import Level, syndicated_paragraphs
from dupcheck.align.compare import compare_texts

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


def shell_runs(seeds: Path, runs: int) -> list[float]:
    """Wall seconds of ``python -m dupcheck compare`` on the seed pair, ``runs`` times."""
    command = [
        sys.executable, "-m", "dupcheck", "compare",
        *(str(seeds / name) for name in SEED_PAIR), "--format", "json", "--exit-zero",
    ]  # fmt: skip
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        out.append(time.perf_counter() - start)
    return out


def run(data: Path, *, quick: bool) -> str:
    texts = pairs(data, QUICK_PAIRS if quick else PAIRS)
    compare_texts(*texts[0])
    seconds = []
    for a, b in texts:
        start = time.perf_counter()
        compare_texts(a, b)
        seconds.append(time.perf_counter() - start)
    median, p95, worst = _ms(seconds)
    words = statistics.mean(_words(a) + _words(b) for a, b in texts) / 2
    rows: list[list[object]] = [
        [
            f"`compare_texts`, {len(texts)} pairs (real article + medium syndicated copy)",
            f"{words:,.0f}",
            f"{median:.1f} ms",
            f"{p95:.1f} ms",
            f"{worst:.1f} ms",
            "< 50 ms",
        ]
    ]
    seeds = data.resolve().parent / "seeds"
    if all((seeds / name).exists() for name in SEED_PAIR):
        shell = shell_runs(seeds, QUICK_RUNS if quick else RUNS)
        words = sum(_words((seeds / n).read_text(encoding="utf-8")) for n in SEED_PAIR) / 2
        rows.append(
            [
                f"`python -m dupcheck compare` on the seed pair, {len(shell)} runs",
                f"{words:,.0f}",
                f"{statistics.median(shell):.2f} s",
                "—",
                f"{max(shell):.2f} s",
                "< 0.5 s",
            ]
        )
    out = [
        "## Compare speed",
        "",
        "Wall time on this machine; the shell row includes interpreter start-up and imports.",
        "",
        table(["what", "words (mean per side)", "median", "p95", "max", "target"], rows),
    ]
    text = "\n".join(out) + "\n"
    print(text)
    return text


if __name__ == "__main__":
    study_main(run, __doc__, quick_help="30 pairs, 3 shell runs")

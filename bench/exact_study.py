"""Exact-duplicate recall on the real corpora (issue 3: 100% of the groups in Reuters and BBC).

Each corpus is written as one ``.txt`` file per story body into ``bench/.cache/exact/``
(git-ignored; the corpora are never copied into the repository) and scanned with
``dupcheck.scan``, default options. The truth is ``bench.corpora.exact_groups``: bodies
identical after ``fold`` (NFKC, quotes and dashes folded, whitespace collapsed, case folded).
A group is *recalled* when all its members land in one dupcheck cluster; a pair is recalled
when dupcheck reports it a duplicate.
"""

from __future__ import annotations

import time
from itertools import combinations
from pathlib import Path

from bench.common import pct, study_main, table
from bench.corpora import Article, exact_groups, load_bbc, load_reuters
from dupcheck import ScanOptions, Verdict, scan

CACHE = Path(__file__).resolve().parent / ".cache" / "exact"


def _write(articles: list[Article], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for article in articles:
        path = out / _file_name_of(article.id)
        if not path.exists():
            path.write_text(article.body + "\n", encoding="utf-8")


def _measure(name: str, articles: list[Article]) -> list[object]:
    out = CACHE / name
    _write(articles, out)
    groups = [tuple(_file_name_of(i) for i in g) for g in exact_groups(articles)]
    start = time.perf_counter()
    result = scan(out, options=ScanOptions(jobs=0))
    seconds = time.perf_counter() - start
    cluster_of = {m: c.id for c in result.clusters for m in c.members}
    duplicates = {(p.a, p.b) for p in result.pairs if p.verdict is Verdict.DUPLICATE}
    missed = [g for g in groups if not _whole(g, cluster_of)]
    whole = len(groups) - len(missed)
    pairs = [tuple(sorted(p)) for g in groups for p in combinations(g, 2)]
    found = sum(1 for p in pairs if p in duplicates)
    for g in missed[:10]:
        print(f"  missed group in {name}: {', '.join(g)}")
    return [
        name,
        len(articles),
        len(groups),
        f"{whole} ({pct(whole / len(groups) if groups else None)})",
        f"{found} / {len(pairs)} ({pct(found / len(pairs) if pairs else None)})",
        len(result.pairs),
        len(result.clusters),
        f"{seconds:.1f}",
    ]


def _whole(group: tuple[str, ...], cluster_of: dict[str, int]) -> bool:
    """All members in one cluster (a member in no cluster means the group was not found)."""
    return all(m in cluster_of for m in group) and len({cluster_of[m] for m in group}) == 1


def _file_name_of(article_id: str) -> str:
    return article_id.replace("/", "_") + ".txt"


def run(data: Path, *, quick: bool) -> str:
    """Scan each corpus whole (``--quick`` changes nothing: the study takes well under a minute)."""
    rows = [
        _measure("reuters-21578", list(load_reuters(data))),
        _measure("bbc-news", list(load_bbc(data))),
    ]
    text = "\n".join(
        [
            "## Exact-duplicate recall (real corpora)",
            "",
            "Groups of story bodies identical after `fold`; a group counts as found when all its",
            "members fall in one dupcheck cluster. Default `ScanOptions`, all cores.",
            "",
            table(
                [
                    "corpus",
                    "stories",
                    "exact groups",
                    "groups found whole",
                    "group pairs reported duplicate",
                    "pairs reported",
                    "clusters",
                    "scan s",
                ],
                rows,
            ),
        ]
    )
    print(text)
    return text


if __name__ == "__main__":
    study_main(run, __doc__)

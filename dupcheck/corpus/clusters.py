"""Clusters: the connected components of duplicate pairs, each with its likely original.

Only ``duplicate`` pairs join documents: a paragraph quoted in another story (``partial``) does
not make the two one story.

The original is the member the others were most likely copied from. When the scan knows the
members' dates (`dupcheck.corpus.dates`), the earliest is the original: only the members no
other is dated before (by more than ``dates.TOLERANCE``, and as far as their sources can tell)
stay in the running, and of those an ``--against`` archive's members when there are any
(`dupcheck.corpus.dates.earliest`; the cluster's ``original_by`` says which rule narrowed the
choice). Among those left, the pairs'
scores decide, in this order:

1. *Nearest to all the others* (the medoid): the highest mean, over its duplicate pairs in the
   cluster, of the two coverages (its own side's and the partner's, halved), in steps of
   ``NEAR_STEP``. Copies are made from the original, not from each other, so each copy shares
   more with the original than with another copy that was trimmed or extended differently.
   Means closer than a step are a tie: the difference is noise of rewording, not structure.
2. *Fewest additions*: the highest mean share of its own word shingles found in its partners
   (its side's containment). Copies add what the original lacks (local paragraphs, a credit,
   the site's name in the headline), so the original is the member most wholly found in the
   others. This decides every two-member cluster whose coverages round alike.
3. The highest mean coverage of its own side, then the shortest name, then the first in sorted
   order.

``python -m bench.scan_levels`` measures on ``bench.synth`` corpora how often the original is
named right. Rule 2 pays most for light copies, which differ from their original only in chrome
and relative dates, so rule 1 ties; most of what is left there are ties no text signal can
break. Two-member clusters are the hardest: a copy that only cuts paragraphs is wholly carried
by the original, and scores do not say *where* each side's unmatched text lies (a trimmed tail
against inserted paragraphs).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence

from dupcheck.align.types import Verdict
from dupcheck.corpus.dates import earliest
from dupcheck.corpus.types import Cluster, DocumentDate, Pair


class _DisjointSet:
    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self._parent.setdefault(x, x)
        while parent != x:
            grand = self._parent[parent]
            self._parent[x] = grand
            x, parent = parent, grand
        return x

    def nodes(self) -> list[str]:
        return list(self._parent)

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller name roots the set: no behaviour depends on it, but it is stable.
            lo, hi = sorted((ra, rb))
            self._parent[hi] = lo


def components(edges: Iterable[tuple[str, str]]) -> list[tuple[str, ...]]:
    """Connected components of an undirected graph, each sorted, sorted by first member."""
    sets = _DisjointSet()
    for a, b in edges:
        sets.union(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for node in sets.nodes():
        groups[sets.find(node)].append(node)
    return sorted(tuple(sorted(g)) for g in groups.values())


NEAR_STEP = 0.02
"""Granularity of the medoid score: nearer means are a tie, left to the later rules."""


def original_of(
    members: Sequence[str], pairs: Sequence[Pair], among: Sequence[str] | None = None
) -> str:
    """The likely original among ``members``, judged by the duplicate ``pairs`` between them
    (see the module docstring for the rules); only one of ``among`` (a non-empty subset of
    ``members``, by default all) may be chosen, each still judged by all its pairs."""
    near: dict[str, list[float]] = defaultdict(list)
    contained: dict[str, list[float]] = defaultdict(list)
    carried: dict[str, list[float]] = defaultdict(list)
    for p in pairs:
        s = p.scores
        near[p.a].append((s.coverage_a + s.coverage_b) / 2)
        near[p.b].append((s.coverage_a + s.coverage_b) / 2)
        contained[p.a].append(s.containment_a)
        contained[p.b].append(s.containment_b)
        carried[p.a].append(s.coverage_a)
        carried[p.b].append(s.coverage_b)

    def mean(values: list[float]) -> float:
        return sum(values) / len(values) if values else 0.0

    def key(m: str) -> tuple[int, float, float, int, str]:
        # Rounded so float noise in equal scores cannot decide; negated to sort best first.
        return (
            -round(mean(near[m]) / NEAR_STEP),
            -round(mean(contained[m]), 9),
            -round(mean(carried[m]), 9),
            len(m),
            m,
        )

    return min(among or members, key=key)


def build_clusters(
    pairs: Sequence[Pair],
    dates: Mapping[str, DocumentDate] | None = None,
    archived: Collection[str] = (),
) -> tuple[Cluster, ...]:
    """Clusters of the duplicate ``pairs``, ids from 1 in order of their first member. ``dates``
    (by name) and ``archived`` (the names of ``--against`` documents) name the originals first,
    as the module docstring says; without them the scores alone do."""
    dups = [p for p in pairs if p.verdict is Verdict.DUPLICATE]
    groups = components((p.a, p.b) for p in dups)
    where = {m: n for n, g in enumerate(groups) for m in g}
    by_group: dict[int, list[Pair]] = defaultdict(list)
    for p in dups:
        by_group[where[p.a]].append(p)
    clusters = []
    for n, group in enumerate(groups):
        eligible, by = earliest(group, dates or {}, archived)
        original = original_of(group, by_group[n], among=eligible)
        clusters.append(Cluster(id=n + 1, members=group, original=original, original_by=by))
    return tuple(clusters)

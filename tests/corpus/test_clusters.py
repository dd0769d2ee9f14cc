"""Clusters: components of duplicate pairs and their likely original."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dupcheck.align.types import Scores, Verdict
from dupcheck.corpus.clusters import build_clusters, components, original_of
from dupcheck.corpus.types import Pair


def pair(a: str, b: str, cov_a: float = 1.0, cov_b: float = 1.0, dup: bool = True) -> Pair:
    verdict = Verdict.DUPLICATE if dup else Verdict.PARTIAL
    return Pair(a, b, verdict, Scores(0.5, 0.5, 0.5, cov_a, cov_b), "fa", "fb")


def test_components_of_duplicates_only() -> None:
    pairs = [pair("c", "d"), pair("a", "b"), pair("b", "e"), pair("d", "x", dup=False)]
    clusters = build_clusters(pairs)
    assert [(c.id, c.members) for c in clusters] == [(1, ("a", "b", "e")), (2, ("c", "d"))]


def test_original_is_the_member_nearest_the_others() -> None:
    # o is the source of three copies; each copy edited differently, so copies share less
    # with each other than with o.
    pairs = [
        pair("c1", "o", 0.95, 0.9),
        pair("c2", "o", 0.9, 0.85),
        pair("c3", "o", 0.8, 0.9),
        pair("c1", "c2", 0.7, 0.7),
        pair("c2", "c3", 0.6, 0.65),
    ]
    (cluster,) = build_clusters(pairs)
    assert cluster.original == "o"


def test_two_members_the_one_its_partner_carries_wins() -> None:
    # b added a local paragraph: all of a is in b, 80% of b is in a.
    assert original_of(["a", "b"], [pair("a", "b", cov_a=1.0, cov_b=0.8)]) == "a"
    assert original_of(["a", "b"], [pair("a", "b", cov_a=0.8, cov_b=1.0)]) == "b"


def test_between_near_equals_the_member_with_fewest_additions_wins() -> None:
    # Coverages alike (both sides 0.9 matched), but a carries a local paragraph and a credit its
    # partner lacks: fewer of its shingles are found in b, so b is the original.
    p = Pair("a", "b", Verdict.DUPLICATE, Scores(0.6, 0.7, 0.85, 0.9, 0.9), "fa", "fb")
    assert original_of(["a", "b"], [p]) == "b"
    # The medoid still comes first: o is near both copies, which share less with each other.
    pairs = [
        Pair("c1", "o", Verdict.DUPLICATE, Scores(0.5, 0.9, 0.6, 0.9, 0.9), "f", "f"),
        Pair("c2", "o", Verdict.DUPLICATE, Scores(0.5, 0.9, 0.6, 0.9, 0.9), "f", "f"),
        Pair("c1", "c2", Verdict.DUPLICATE, Scores(0.5, 0.9, 0.9, 0.6, 0.6), "f", "f"),
    ]
    assert original_of(["c1", "c2", "o"], pairs) == "o"


def test_ties_go_to_the_shortest_then_first_name() -> None:
    assert original_of(["long/name.txt", "zz.txt"], [pair("long/name.txt", "zz.txt")]) == "zz.txt"
    assert original_of(["b.txt", "a.txt"], [pair("a.txt", "b.txt")]) == "a.txt"


@given(st.lists(st.tuples(st.integers(0, 15), st.integers(0, 15)), max_size=40))
def test_components_partition_the_nodes(edges: list[tuple[int, int]]) -> None:
    named = [(f"n{a:02d}", f"n{b:02d}") for a, b in edges if a != b]
    groups = components(named)
    nodes = [m for g in groups for m in g]
    assert len(nodes) == len(set(nodes)) == len({x for e in named for x in e})
    assert groups == sorted(groups) and all(list(g) == sorted(g) for g in groups)
    where = {m: i for i, g in enumerate(groups) for m in g}
    assert all(where[a] == where[b] for a, b in named)

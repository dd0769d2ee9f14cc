"""Sentence alignment: reordering, thresholds, seed extension, one-to-two merges, kinds, edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from dupcheck.align.aligner import align
from dupcheck.align.compare import compare, compare_texts
from dupcheck.align.types import CompareOptions, EditOp, MatchKind, Verdict
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Document

OPTIONS = CompareOptions()

P1 = "The city council approved a new budget for the harbour district on Monday evening."
P2 = "Officials expect construction of the ferry terminal to begin next spring."
P3 = "Local businesses welcomed the decision after months of uncertainty about funding."
P4 = "The mayor said the project would create hundreds of jobs in the coming decade."


def _align(
    a: str, b: str, options: CompareOptions = OPTIONS
) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    return [
        (m.a_sentences, m.b_sentences)
        for m in align(analyse(Document("a", a)), analyse(Document("b", b)), options)
    ]


def test_identical_documents_align_in_order() -> None:
    text = f"{P1} {P2}\n\n{P3} {P4}"
    matches = align(analyse(Document("a", text)), analyse(Document("b", text)), OPTIONS)
    assert [(m.a_sentences, m.b_sentences) for m in matches] == [((i,), (i,)) for i in range(4)]
    assert all(m.kind is MatchKind.IDENTICAL and m.score == 1.0 and not m.edits for m in matches)


def test_reordered_paragraphs_are_found_anywhere() -> None:
    a = f"{P1} {P2}\n\n{P3} {P4}"
    b = f"{P3} {P4}\n\n{P1} {P2}"
    assert _align(a, b) == [((0,), (2,)), ((1,), (3,)), ((2,), (0,)), ((3,), (1,))]


def test_matches_come_in_a_order() -> None:
    matches = align(
        analyse(Document("a", f"{P4} {P3} {P2} {P1}")),
        analyse(Document("b", f"{P1} {P2} {P3} {P4}")),
        OPTIONS,
    )
    assert [m.a_sentences for m in matches] == [(0,), (1,), (2,), (3,)]
    assert [m.b_sentences for m in matches] == [(3,), (2,), (1,), (0,)]


def test_unrelated_sentences_do_not_align() -> None:
    b = "Heavy rain flooded several roads in the north. Forecasters warned of more storms."
    assert _align(f"{P1} {P2}", b) == []


def test_empty_sides_give_no_matches() -> None:
    assert align(analyse(Document("a", "")), analyse(Document("b", P1)), OPTIONS) == ()


def test_rewritten_sentence_aligns_as_rewritten() -> None:
    a = (
        "Japan has approved shipments of a high-tech material to South Korea, "
        "two people familiar with the matter said on Tuesday."
    )
    b = (
        "Two sources said yesterday that Japan approved shipments of high-tech material "
        "to South Korea."
    )
    matches = align(analyse(Document("a", a)), analyse(Document("b", b)), OPTIONS)
    assert len(matches) == 1
    assert matches[0].kind is MatchKind.REWRITTEN
    assert OPTIONS.match_threshold <= matches[0].score < 1.0


def test_small_change_is_edited_with_word_edits() -> None:
    a = "The council approved the new budget for the harbour district on Monday."
    b = "The council approved the revised budget for the harbour district on Tuesday."
    (m,) = align(analyse(Document("a", a)), analyse(Document("b", b)), OPTIONS)
    assert m.kind is MatchKind.EDITED
    changed = [(e.op, e.a.slice(a), e.b.slice(b)) for e in m.edits]
    assert changed == [(EditOp.REPLACE, "new", "revised"), (EditOp.REPLACE, "Monday", "Tuesday")]


def test_edits_report_insertions_and_deletions_at_a_point() -> None:
    a = "Officials expect construction of the terminal to begin next spring."
    b = "Officials expect construction of the new ferry terminal to begin next spring."
    (m,) = align(analyse(Document("a", a)), analyse(Document("b", b)), OPTIONS)
    (edit,) = m.edits
    assert edit.op is EditOp.INSERT
    assert len(edit.a) == 0 and a[edit.a.start :].startswith("terminal")
    assert edit.b.slice(b) == "new ferry"


def test_isolated_weak_pair_is_rejected_but_accepted_next_to_a_strong_one() -> None:
    weak_a = "Shares of the harbour operator rose sharply in early trading."
    weak_b = "The operator's stock climbed in morning trading on the harbour news."
    strong = f"{P1} {P2}"
    assert _align(weak_a, weak_b) == []
    # The same weak pair right after two copied sentences, in the same order on both sides.
    got = _align(f"{strong} {weak_a}", f"{strong} {weak_b}")
    assert ((2,), (2,)) in got
    # ...but not when it sits elsewhere in B.
    got = _align(f"{strong} {weak_a}", f"{weak_b} {P3} {strong}")
    assert all(pair[0] != (2,) for pair in got)


def test_context_threshold_above_match_threshold_disables_extension() -> None:
    weak_a = "Shares of the harbour operator rose sharply in early trading."
    weak_b = "The operator's stock climbed in morning trading on the harbour news."
    strong = f"{P1} {P2}"
    options = CompareOptions(context_threshold=0.9)
    assert ((2,), (2,)) not in _align(f"{strong} {weak_a}", f"{strong} {weak_b}", options)


def test_split_sentence_becomes_one_to_two_match() -> None:
    a = (
        "The city council approved a new budget for the harbour district on Monday, "
        "and officials expect construction of the ferry terminal to begin next spring."
    )
    b = (
        "The city council approved a new budget for the harbour district on Monday. "
        "Officials expect construction of the ferry terminal to begin next spring."
    )
    matches = align(analyse(Document("a", a)), analyse(Document("b", b)), OPTIONS)
    assert [(m.a_sentences, m.b_sentences) for m in matches] == [((0,), (0, 1))]
    assert matches[0].b.slice(b) == b
    assert matches[0].score > 0.9


def test_merged_sentences_become_two_to_one_match() -> None:
    a = (
        "The city council approved a new budget for the harbour district on Monday. "
        "Officials expect construction of the ferry terminal to begin next spring."
    )
    b = (
        "The city council approved a new budget for the harbour district on Monday, "
        "and officials expect construction of the ferry terminal to begin next spring."
    )
    assert _align(a, b) == [((0, 1), (0,))]


def test_unrelated_neighbour_is_not_absorbed() -> None:
    extra = "Heavy rain flooded several roads in the north of the country overnight."
    assert _align(f"{P1} {P2}", f"{P1} {extra} {P2}") == [((0,), (0,)), ((1,), (2,))]


def test_repeated_sentences_pair_in_order() -> None:
    assert _align(f"{P1} {P1}", f"{P1} {P1}") == [((0,), (0,)), ((1,), (1,))]


def test_short_reworded_lines_need_a_neighbour_to_align() -> None:
    assert _align("Photo gallery.", "Photo gallery here.") == []
    assert _align(f"Photo gallery. {P1}", f"Photo gallery here. {P1}") == [
        ((0,), (0,)),
        ((1,), (1,)),
    ]


def test_short_identical_lines_align_alone() -> None:
    assert _align("Photo gallery.", "Photo gallery.") == [((0,), (0,))]


def test_alignment_is_deterministic() -> None:
    a, b = f"{P1} {P2} {P3} {P4}", f"{P4} {P2} {P1} {P3} {P2}"
    first = align(analyse(Document("a", a)), analyse(Document("b", b)), OPTIONS)
    assert all(
        align(analyse(Document("a", a)), analyse(Document("b", b)), OPTIONS) == first
        for _ in range(3)
    )


SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.mark.corpus
@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent")
def test_seed_pair_is_a_duplicate_with_the_readers_pairs() -> None:
    original = next(SEEDS.glob("001_*.txt"))
    copy = next(SEEDS.glob("000_*.txt"))
    result = compare(original, copy)
    ta, tb = result.a.document.text, result.b.document.text
    pairs = {(m.a.slice(ta)[:40], m.b.slice(tb)[:40]) for m in result.matches}
    expected = [
        ("Japan has approved shipments", "Japan has approved shipments"),
        ("In early July, Japan tightened", "Japan last month tightened"),
        ("“Tokyo’s latest export approval", "“Tokyo’s latest export approval"),
        ("The high-tech material cleared", "Photoresists were cleared"),
        ("A Samsung Electronics spokeswoman", "A Samsung spokeswoman"),
        ("A Japanese official in charge", "A Japanese official in charge"),
        ("Earlier this month, Japan gave", "Earlier this month, Japan gave"),
        ("Japan’s latest move comes ahead", "Japan’s move comes ahead"),
        ("“I believe that (we are)", "“We will have to actively"),
    ]
    for a_start, b_start in expected:
        assert any(
            pa.lstrip().startswith(a_start) or a_start in pa
            for pa, pb in pairs
            if pb.startswith(b_start)
        ), (a_start, b_start)
    assert len(result.matches) <= len(expected) + 1
    assert result.verdict is Verdict.DUPLICATE
    # Several pairs are out of order: B's second sentence is the original's sixth.
    b_order = [m.b_sentences[0] for m in result.matches]
    assert b_order != sorted(b_order)


def test_compare_texts_uses_options() -> None:
    strict = CompareOptions(match_threshold=0.99, context_threshold=0.99)
    a = "The council approved the new budget for the harbour district on Monday."
    b = "The council approved the revised budget for the harbour district on Tuesday."
    assert compare_texts(a, b).matches
    assert not compare_texts(a, b, options=strict).matches


# Eighteen content words, four letters or more and distinct in their first five letters.
_W = [
    *("harbour", "council", "budget", "ferry", "terminal", "spring", "cranes", "pilots"),
    *("channel", "dredging", "winter", "tariffs", "freight", "unions", "strike", "wages"),
    *("tourism", "museum"),
]


def test_words_moved_across_sentence_boundaries_align_as_a_block() -> None:
    # A says it in three sentences; B spreads every sentence's words over all three of its own,
    # so each sentence pair shares a third of its words (below every threshold) but the two
    # stretches share all of them.
    a_block = " ".join(" ".join(_W[k : k + 6]).capitalize() + "." for k in (0, 6, 12))
    b_block = " ".join(" ".join(_W[k::3]).capitalize() + "." for k in range(3))
    other_a = "Heavy rain flooded several roads in the north overnight."
    other_b = "The orchestra announced its new season of concerts yesterday."
    a, b = f"{other_a} {a_block}", f"{b_block} {other_b}"
    assert _align(a, b, CompareOptions(window_sentences=0, spread_threshold=1.0)) == []
    assert _align(a, b) == [((1, 2, 3), (0, 1, 2))]
    (m,) = align(analyse(Document("a", a)), analyse(Document("b", b)), OPTIONS)
    assert m.kind is MatchKind.REWRITTEN


def test_extension_steps_past_a_sentence_one_side_added() -> None:
    weak_a = "Shares of the harbour operator rose sharply in early trading."
    weak_b = "The operator's stock climbed in morning trading on the harbour news."
    extra = "Heavy rain flooded several roads in the north of the country overnight."
    got = _align(f"{P1} {P2} {weak_a}", f"{P1} {P2} {extra} {weak_b}")
    assert ((2,), (3,)) in got

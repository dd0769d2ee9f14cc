"""What the scan formats share: rounding, the cluster a pair belongs to, and its message.

Kept free of rich so the machine formats (json, csv, github, sarif) never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from dupcheck.align.types import Note, Verdict
from dupcheck.corpus.types import DocumentDate, Excerpt, Pair, ScanResult
from dupcheck.exitcode import ExitPolicy

DECIMALS = 4
"""Decimals of scores in machine formats, so equal results give equal bytes."""


_JSONL_RECORD = re.compile(r"(?i)^(.+?\.jsonl)(?:#.*|:\d+)$")


def artifact_path(name: str) -> str:
    """The file a document lives in: its name, less the ``#id`` or ``:line`` of a JSONL record
    (``feed.jsonl#A123`` → ``feed.jsonl``), for formats that point at files."""
    match = _JSONL_RECORD.match(name)
    return match.group(1) if match else name


def plural(n: int, word: str) -> str:
    """``1 pair``, ``2 pairs``."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def rounded(x: float) -> float:
    return round(x, DECIMALS)


def percent(x: float) -> str:
    """A score as a whole percentage, never rounded up to 100 unless it is 1."""
    value = int(x * 100 + 0.5)
    return f"{99 if value == 100 and x < 1 else value}%"


def pair_clusters(result: ScanResult) -> dict[tuple[str, str], int]:
    """The id of the cluster holding both documents of each pair (if one does)."""
    member_of = {m: c.id for c in result.clusters for m in c.members}
    found: dict[tuple[str, str], int] = {}
    for pair in result.pairs:
        cluster = member_of.get(pair.a)
        if cluster is not None and member_of.get(pair.b) == cluster:
            found[(pair.a, pair.b)] = cluster
    return found


@dataclass(frozen=True, slots=True)
class Precedence:
    """What tells the older document of a pair from the newer: the clusters' originals and
    the documents' dates."""

    originals: frozenset[str]
    dates: Mapping[str, DocumentDate]
    archived: frozenset[str] = frozenset()
    """Documents an archive holds (``scan --against``): settled, never the new copy."""


def precedence_of(result: ScanResult) -> Precedence:
    return Precedence(originals_of(result), {d.name: d for d in result.dates}, result.archived)


def annotated_sides(pair: Pair, precedence: Precedence) -> tuple[str, str]:
    """``(copy, other)``: the document an annotation should sit on, and its partner.

    The copy is the newer side, so a reviewer is pointed at the file to act on and never at an
    unchanged archive file: the one not in an archive when the other is; else the
    later one, when their dates say which came first (`dupcheck.corpus.dates.precedes`); else
    the side that is not its cluster's original; when neither (or both) is an original, ``b``.
    """
    # Imported here: a shell ``dupcheck query`` only borrows this module's number formats, and
    # need not compile the date patterns at start-up.
    from dupcheck.corpus.dates import precedes

    archived = precedence.archived
    if (pair.a in archived) != (pair.b in archived):
        return (pair.b, pair.a) if pair.a in archived else (pair.a, pair.b)
    date_a, date_b = precedence.dates.get(pair.a), precedence.dates.get(pair.b)
    if date_a is not None and date_b is not None:
        if precedes(date_b, date_a):
            return pair.a, pair.b
        if precedes(date_a, date_b):
            return pair.b, pair.a
    originals = precedence.originals
    if pair.b in originals and pair.a not in originals:
        return pair.a, pair.b
    return pair.b, pair.a


def originals_of(result: ScanResult) -> frozenset[str]:
    return frozenset(c.original for c in result.clusters)


def is_failing(pair: Pair, policy: ExitPolicy) -> bool:
    """Whether this pair is one of the findings that make the exit status 1 under ``policy``."""
    return not pair.baselined and not policy.exit_zero and policy.is_finding(pair.verdict)


def pair_message(pair: Pair, a: str | None = None, b: str | None = None) -> str:
    """One sentence saying how much the two documents share, for annotations.

    ``a`` and ``b`` replace the pair's paths when the annotation needs them spelled otherwise.
    """
    s = pair.scores
    text = (
        f"{a or pair.a} and {b or pair.b} share {percent(s.coverage_a)} / {percent(s.coverage_b)} "
        f"of their content (resemblance {s.resemblance:.2f})"
    )
    if pair.verdict is Verdict.TEMPLATE:
        text += ": the same wording with different facts (names, dates or figures)"
    return text + "".join(NOTE_SAID[note] for note in pair.notes)


NOTE_SAID = {
    Note.OTHER_TICKERS: " (different stock tickers)",
    Note.CHANGED_FIGURES: "; a figure differs where names and dates agree (a corrected re-send?)",
    Note.OTHER_DAYS: " (dated more than a day apart: another day's item)",
    Note.ONE_LINER: "; two one-liners, which recur in the same words on other days (check the "
    "dates)",
}
"""What an annotation adds for each note of its pair, in the order the notes come."""


_VERDICT_RANK = {Verdict.DUPLICATE: 0, Verdict.PARTIAL: 1, Verdict.TEMPLATE: 2}


def by_severity(pairs: Iterable[Pair], policy: ExitPolicy) -> list[Pair]:
    """The pairs a reviewer should look at (not baselined, not distinct), most severe first:
    findings that fail the run, then duplicates before partials, then the larger share of either
    document, then names (so equal results give equal order)."""
    shown = [p for p in pairs if not p.baselined and p.verdict in _VERDICT_RANK]
    return sorted(
        shown,
        key=lambda p: (
            not is_failing(p, policy),
            _VERDICT_RANK[p.verdict],
            -max(p.scores.coverage_a, p.scores.coverage_b),
            p.a,
            p.b,
        ),
    )


def excerpt_of(pair: Pair, name: str) -> Excerpt | None:
    """The first shared passage of the pair's document ``name`` (one of ``a`` and ``b``)."""
    return pair.excerpt_a if name == pair.a else pair.excerpt_b


def lines_text(lines: tuple[int, int]) -> str:
    """``line 4`` or ``lines 4-9``."""
    first, last = lines
    return f"line {first}" if first == last else f"lines {first}-{last}"

"""The verify stage of a scan: candidate pairs → verdicts and scores, in the workers; then the
scan's result.

Each candidate gets the verdict and scores ``dupcheck compare`` would give it
(``dupcheck.align.verify.reported``: the same alignment and thresholds, without the edits and
passages a scan does not report); only documents in some candidate are analysed, each once per
chunk of work (chunks hold whole connected groups of candidates), and copies with identical text
are compared once. Pairs judged ``distinct`` are dropped. Verified pairs are sorted, so the result
is the same whatever order the chunks finish in.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from dupcheck.align.side import Seen, Side, prepare
from dupcheck.align.types import CompareOptions, Note, Scores, Verdict
from dupcheck.align.verdict import on_other_days
from dupcheck.align.verify import Judgement, reported
from dupcheck.corpus.clusters import build_clusters
from dupcheck.corpus.dates import stated_apart
from dupcheck.corpus.excerpts import first_shared
from dupcheck.corpus.frequency import ShingleCounts
from dupcheck.corpus.parallel import Pool, plan_chunks
from dupcheck.corpus.reading import Corpus, Origin
from dupcheck.corpus.types import UNVERIFIED, Excerpt, Pair, ScanOptions, ScanResult, Skipped
from dupcheck.errors import InputError, TooLargeToAlign
from dupcheck.text.analyse import analyse
from dupcheck.text.intake import HTML_SUFFIXES, suffix
from dupcheck.text.types import Document

VERIFY_CHUNK = 64
"""Candidate pairs per unit of verification work: small connected groups of candidates are packed
together up to this many pairs."""


@dataclass(frozen=True, slots=True)
class VerifyTask:
    pairs: Sequence[tuple[int, int]]
    """Indices into ``documents``; the first is the ``a`` side."""
    documents: dict[int, Origin]
    options: CompareOptions
    wording: ShingleCounts
    """The corpus's story counts of the shingles of ``documents`` only: small to send."""
    excerpts: bool = False
    """Find each finding's first shared passage on both sides."""


@dataclass(frozen=True, slots=True)
class Verified:
    a: int
    b: int
    verdict: Verdict
    scores: Scores
    notes: tuple[Note, ...]
    excerpts: tuple[Excerpt, Excerpt] | None = None


@dataclass(frozen=True, slots=True)
class Unaligned:
    """A candidate pair too large to align (``max_sentence_pairs``): reported as skipped."""

    a: int
    b: int
    a_sentences: int
    b_sentences: int


@dataclass(frozen=True, slots=True)
class Unverified:
    """A candidate pair whose verification failed on its own (a file gone or changed since the
    read stage, or an error in aligning just this pair): reported as skipped, the scan goes on."""

    a: int
    b: int
    reason: str


def _own_lines(origin: Origin) -> bool:
    """Whether a document's text is its file's lines: not a web page's extracted text, not a
    JSONL record (which holds one line of its file). Decided by the name, so a document an
    archive index kept the text of is judged as its file would be."""
    if _JSONL_RECORD.search(origin.name):
        return False
    return suffix(origin.name) not in HTML_SUFFIXES


_JSONL_RECORD = re.compile(r"(?i)\.jsonl(?:#.*|:\d+)$")


def _verify_chunk(task: VerifyTask) -> list[Verified | Unaligned | Unverified]:
    # Keyed by text: copies with identical text (wire re-sends) are analysed and compared once;
    # verdicts and scores depend on the texts only, never on the names.
    prepared: dict[str, Side] = {}
    judged: dict[tuple[str, str], Judgement | None] = {}
    # A chunk holds connected candidates, mostly copies of one story: they share sentences.
    seen: Seen = {}

    documents: dict[int, Document] = {}
    unreadable: dict[int, str] = {}
    for i, origin in task.documents.items():
        try:
            documents[i] = origin.document()
        except InputError as exc:
            unreadable[i] = f"{exc.path}: {exc.reason}"

    def prepare_once(i: int) -> Side:
        text = documents[i].text
        if text not in prepared:
            prepared[text] = prepare(analyse(documents[i]), seen=seen)
        return prepared[text]

    out: list[Verified | Unaligned | Unverified] = []
    for i, j in task.pairs:
        gone = unreadable.get(i) or unreadable.get(j)
        if gone is not None:
            out.append(Unverified(i, j, gone))
            continue
        key = (documents[i].text, documents[j].text)
        if key not in judged:
            try:
                pa, pb = prepare_once(i), prepare_once(j)
                judged[key] = reported(pa, pb, task.options, wording=task.wording)
            except TooLargeToAlign:
                out.append(Unaligned(i, j, len(pa.analysis.sentences), len(pb.analysis.sentences)))
                continue
            except Exception as exc:  # one pair must not end the whole scan
                out.append(Unverified(i, j, f"internal error: {type(exc).__name__}: {exc}"))
                continue
        found = judged[key]
        if found is not None:
            # Not cached by text like the verdict: whether a side's lines are the file's
            # depends on the file, not only on its text.
            where = None
            if task.excerpts:
                lines = (_own_lines(task.documents[i]), _own_lines(task.documents[j]))
                where = first_shared(prepare_once(i), prepare_once(j), task.options, lines)
            out.append(Verified(i, j, found.verdict, found.scores, found.notes, where))
    return out


def _too_large(unaligned: list[Unaligned], docs: list[Origin], limit: int) -> list[Skipped]:
    """Candidate pairs too large to align, as skipped entries under the longer document."""
    out = []
    for u in unaligned:
        a, b = docs[u.a].name, docs[u.b].name
        path, other = (a, b) if u.a_sentences >= u.b_sentences else (b, a)
        out.append(
            Skipped(
                path,
                f"{UNVERIFIED} {other}: {u.a_sentences:,} × {u.b_sentences:,} sentences "
                f"are more than max_sentence_pairs ({limit:,}) to align",
                unverified_pair=True,
            )
        )
    return out


def _unverified(unverified: list[Unverified], docs: list[Origin]) -> list[Skipped]:
    """Pairs whose verification failed on their own, as skipped entries under their first
    document."""
    return [
        Skipped(docs[u.a].name, f"{UNVERIFIED} {docs[u.b].name}: {u.reason}", unverified_pair=True)
        for u in unverified
    ]


@dataclass(frozen=True, slots=True)
class Verification:
    """What the verify stage found: pairs that verified, and those it could not verify."""

    verified: list[Verified]
    unaligned: list[Unaligned]
    unverified: list[Unverified]


def oriented(pairs: npt.NDArray[np.int64], docs: list[Origin]) -> list[tuple[int, int]]:
    """Candidate pairs with the document of the smaller name first (a pair's ``a`` side)."""
    return [(int(i), int(j)) if docs[i].name < docs[j].name else (int(j), int(i)) for i, j in pairs]


def verify(
    candidates: list[tuple[int, int]],
    corpus: Corpus,
    counts: ShingleCounts,
    opts: ScanOptions,
    *,
    workers: Pool,
    report: Callable[[str, int, int], None],
    excerpts: bool,
) -> Verification:
    """Every candidate pair (``oriented``) verified in the workers, chunks of connected
    candidates at a time; ``counts`` are the corpus's story counts (`count_stories`)."""
    docs = corpus.origins
    found = Verification([], [], [])
    plans = plan_chunks(candidates, VERIFY_CHUNK)
    members = [sorted({k for pair in chunk for k in pair}) for chunk in plans]
    # Longest first, so the last chunks to finish are short ones and no worker waits long
    # for another at the end; the order of the results does not matter, pairs are sorted.
    order = sorted(range(len(plans)), key=lambda c: len(plans[c]) + len(members[c]), reverse=True)

    def tasks() -> Iterator[VerifyTask]:
        # Made as the workers ask for more (`Pool.map_unordered`), not all before the first is
        # sent: the workers start at once, and only the chunks in flight are held.
        for c in order:
            wording = counts.restricted(members[c], corpus.sketches, corpus.dense)
            chunk = {k: docs[k] for k in members[c]}
            yield VerifyTask(plans[c], chunk, opts.compare, wording, excerpts)

    report("verify", 0, len(candidates))
    done = 0
    for at, results in workers.map_unordered(_verify_chunk, tasks()):
        found.verified.extend(r for r in results if isinstance(r, Verified))
        found.unaligned.extend(r for r in results if isinstance(r, Unaligned))
        found.unverified.extend(r for r in results if isinstance(r, Unverified))
        done += len(plans[order[at]])
        report("verify", done, len(candidates))
    return found


def scan_result(
    root: str, corpus: Corpus, candidates: int, found: Verification, opts: ScanOptions
) -> ScanResult:
    """The scan's result: verified pairs by name, their clusters, every skipped entry."""
    docs = corpus.origins
    fps = corpus.fingerprints
    dated = {k for v in found.verified for k in (v.a, v.b)}
    dates = {docs[k].name: corpus.dates.date(k, docs[k].name) for k in dated}
    archived = {docs[k].name for k in dated if corpus.archive[k]}
    # The documents' own dates settle what their text cannot: a re-send, or another day's item.
    decided = [
        on_other_days(
            v.verdict,
            v.notes,
            functools.partial(stated_apart, dates[docs[v.a].name], dates[docs[v.b].name]),
        )
        for v in found.verified
    ]
    pairs = sorted(
        (
            Pair(
                docs[v.a].name,
                docs[v.b].name,
                verdict,
                v.scores,
                fps[v.a],
                fps[v.b],
                notes=notes,
                excerpt_a=v.excerpts[0] if v.excerpts else None,
                excerpt_b=v.excerpts[1] if v.excerpts else None,
            )
            for v, (verdict, notes) in zip(found.verified, decided, strict=True)
        ),
        key=lambda p: (p.a, p.b),
    )
    return ScanResult(
        root=root,
        documents=len(docs) + corpus.unloaded,
        pairs=tuple(pairs),
        clusters=build_clusters(pairs, dates, archived),
        skipped=tuple(
            sorted(
                [
                    *corpus.skipped,
                    *_too_large(found.unaligned, docs, opts.compare.max_sentence_pairs),
                    *_unverified(found.unverified, docs),
                ],
                key=lambda s: (s.path, s.reason),
            )
        ),
        candidates=candidates,
        options=opts,
        dates=tuple(dates[name] for name in sorted(dates)),
        archived=frozenset(archived),
    )

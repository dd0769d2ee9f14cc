"""compare: align two documents and judge whether one is a copy of the other."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

from dupcheck.align.aligner import build_match
from dupcheck.align.fact_changes import assess
from dupcheck.align.formula import Wording
from dupcheck.align.passages import merge_passages, unique_spans
from dupcheck.align.side import Seen, prepare
from dupcheck.align.types import CompareOptions, Comparison
from dupcheck.align.verdict import on_other_days
from dupcheck.align.verify import judge, scores
from dupcheck.text.analyse import analyse
from dupcheck.text.dates import stated_when
from dupcheck.text.intake import DEFAULT_MAX_BYTES, read_document
from dupcheck.text.types import Analysis, Document


def compare_analyses(
    a: Analysis,
    b: Analysis,
    options: CompareOptions | None = None,
    *,
    formula: Wording | None = None,
) -> Comparison:
    """Align two analysed documents and judge them as scan verification does, then build what a
    reader of the comparison wants: matches with their edits, passages, unique spans.

    ``formula``: what a corpus knows of wording (``dupcheck.corpus_wording``), from which
    ``Scores.formula`` is measured (and the verdict may be ``template``); without it that score
    is 0.

    Raises :class:`dupcheck.errors.TooLargeToAlign` past ``options.max_sentence_pairs``."""
    opts = options or CompareOptions()
    # The two documents of a comparison are mostly copies: their shared sentences are read once.
    seen: Seen = {}
    side_a, side_b = prepare(a, seen=seen), prepare(b, seen=seen)
    judged = judge(side_a, side_b, opts, wording=formula)
    built = [build_match(u, a, b, opts) for u in judged.units]
    changes = judged.fact_changes
    if changes is None:
        changes = tuple(assess(side_a, side_b, [(u.a, u.b) for u in judged.units])[0])
    matches = tuple(
        replace(m, fact_changes=c) if c else m for (m, _), c in zip(built, changes, strict=True)
    )
    verdict, notes = on_other_days(judged.verdict, judged.notes, lambda: _apart(a, b))
    return Comparison(
        a=a,
        b=b,
        verdict=verdict,
        scores=scores(side_a, side_b, judged, opts),
        matches=matches,
        passages=merge_passages(matches, opts, a, b, [diff for _, diff in built]),
        unique_a=unique_spans(a, [m.a for m in matches]),
        unique_b=unique_spans(b, [m.b for m in matches]),
        options=opts,
        notes=notes,
        corpus_knowledge=formula is not None,
    )


def _apart(a: Analysis, b: Analysis) -> dt.timedelta | None:
    """How far apart the dates the two documents state are (``None`` when either states none):
    a scan reads its documents' dates as ``dupcheck.corpus.dates`` does, field then text."""
    when_a = stated_when(a.document.published, a.document.text)
    when_b = stated_when(b.document.published, b.document.text)
    return None if when_a is None or when_b is None else abs(when_a - when_b)


def _as_document(source: str | os.PathLike[str] | Document, max_bytes: int) -> Document:
    if isinstance(source, Document):
        return source
    return read_document(Path(source), max_bytes=max_bytes)


def compare(
    a: str | os.PathLike[str] | Document,
    b: str | os.PathLike[str] | Document,
    *,
    options: CompareOptions | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    corpus: Wording | None = None,
) -> Comparison:
    """Compare two files (paths) or documents.

    ``corpus``: what a corpus knows of wording, for ``Scores.formula``: a folder counted by
    ``dupcheck.corpus_wording(DIR)`` as a scan of it counts. Raises
    :class:`dupcheck.errors.InputError` for a file that cannot be used.
    """
    doc_a = _as_document(a, max_bytes)
    doc_b = _as_document(b, max_bytes)
    return compare_analyses(analyse(doc_a), analyse(doc_b), options, formula=corpus)


def compare_texts(
    a: str, b: str, *, options: CompareOptions | None = None, corpus: Wording | None = None
) -> Comparison:
    """Compare two strings already in memory."""
    return compare(Document("a", a), Document("b", b), options=options, corpus=corpus)

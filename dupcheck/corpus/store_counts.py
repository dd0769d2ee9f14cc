"""Story counts through an archive index: what ``formula`` needs, as a scan of the folder counts.

A folder scan ``scan new --against archive`` counts, for every shingle, the stories of the whole
corpus (new and archived documents) that carry it (`dupcheck.corpus.frequency.count_stories`).
Through an index only the archived documents near the new ones are loaded; the rest of the
archive is known by its stories (`dupcheck.corpus.store_stories`) and its shingle tables
(``postings`` for sampled shingles, ``dense`` for the unsampled ones of short documents). The
stories of the corpus are the archive's, except where new documents resemble archived ones:
each component of new documents and the archive stories they resemble (all of those are
loaded: they share a band key) is one story. So for a shingle

    stories = archive stories carrying it, other than those the new documents touch
            + components of new documents (and touched stories) carrying it,

which is exact. Only whether a count reaches ``formula_df`` matters to a score
(`dupcheck.align.formula`), so the first term is counted up to that many (``LIMIT``): a footer
thousands of stories carry costs a few rows, whatever the archive's size. The counts returned
are capped there too (at least ``ShingleCounts.floor``); every score made with them is the
folder scan's.
"""

from __future__ import annotations

import numpy as np

from dupcheck.corpus.candidates import Candidates
from dupcheck.corpus.frequency import DenseTable, ShingleCounts, document_shingles, held_at
from dupcheck.corpus.hashing import U32, fmix32, sorted_distinct
from dupcheck.corpus.sketch import I64, SketchTable
from dupcheck.corpus.store import Index, temp_ids
from dupcheck.corpus.store_stories import groups
from dupcheck.corpus.types import ScanOptions

_Node = tuple[bool, int]
"""``(True, story)`` for an archived story, ``(False, d)`` for new document ``d``."""


def story_counts(
    index: Index,
    sketches: SketchTable,
    dense: DenseTable,
    archived: I64,
    *,
    found: Candidates,
    options: ScanOptions,
) -> ShingleCounts:
    """The story counts of the shingles of the documents in ``found``'s pairs, counting the
    whole archive of ``index`` and the new documents.

    ``sketches`` and ``dense``: the new documents, then the archived ones loaded from the index
    (`dupcheck.corpus.lookup.neighbours`), whose stories are ``archived`` (the last
    ``len(archived)`` documents); ``found``: the candidates among all of them.
    """
    db = index.connection
    empty = np.empty(0, dtype=np.uint32)
    result = ShingleCounts(empty, empty, options.fine_shingle_size, options.fine_modulus)
    floor = result.floor
    cap = max(options.compare.formula_df, floor)
    fresh = len(sketches) - len(archived)
    verified = sorted(set(found.pairs.ravel().tolist()))
    wanted = sorted_distinct(document_shingles(verified, sketches, dense))
    if not len(wanted):
        return result

    def node(d: int) -> _Node:
        return (True, int(archived[d - fresh])) if d >= fresh else (False, d)

    components = groups(
        [(False, d) for d in range(fresh)],
        ((node(a), node(b)) for a, b in found.resembling.tolist() if a < fresh or b < fresh),
    )
    touched = sorted({n for members in components for is_story, n in members if is_story})

    held: dict[int, list[U32]] = {}
    temp_ids(db, "touched_stories", touched)
    rows = db.execute(
        "SELECT s.story, d.sample, d.dense FROM temp.touched_stories t "
        "CROSS JOIN stories s ON s.story = t.id JOIN docs d ON d.id = s.doc"
    )
    for story, sample, unsampled in rows:
        held.setdefault(story, []).extend(
            np.frombuffer(blob, dtype=np.uint32) for blob in (sample, unsampled)
        )
    within = np.zeros(len(wanted), dtype=np.int64)
    for members in components:
        stories = [a for is_story, n in members if is_story for a in held.get(n, [])]
        news = document_shingles([n for is_story, n in members if not is_story], sketches, dense)
        within[held_at(wanted, sorted_distinct(np.concatenate([*stories, news])))] += 1

    outside = np.zeros(len(wanted), dtype=np.int64)
    sampled = fmix32(wanted) % np.uint32(options.fine_modulus) == 0
    for table, mask in (("postings", sampled), ("dense", ~sampled)):
        temp_ids(db, "counted_shingles", wanted[mask].astype(np.int64).tolist())
        found_rows = db.execute(
            # The large table's stories up to the cap (a frequent shingle stops there), with
            # all of the small recent table's: at the cap either way when the first is.
            "SELECT (SELECT count(DISTINCT story) FROM ("
            f"SELECT story FROM (SELECT DISTINCT s.story FROM {table} p "
            "JOIN stories s ON s.doc = p.doc WHERE p.hash = k.id "
            "AND s.story NOT IN (SELECT id FROM temp.touched_stories) LIMIT ?) "
            f"UNION ALL SELECT s.story FROM recent_{table} p "
            "JOIN stories s ON s.doc = p.doc WHERE p.hash = k.id "
            "AND s.story NOT IN (SELECT id FROM temp.touched_stories))) "
            "FROM temp.counted_shingles k ORDER BY k.id",
            (cap,),
        ).fetchall()
        outside[mask] = [r[0] for r in found_rows]
    counts = np.minimum(outside + within, cap)
    keep = counts >= floor
    return ShingleCounts(
        wanted[keep],
        counts[keep].astype(np.uint32),
        options.fine_shingle_size,
        options.fine_modulus,
    )

"""Stories of an archive index: which archived documents count as one story for ``formula``.

A scan counts how many *stories* carry each wording (`dupcheck.corpus.frequency`): documents
linked by level-1 pairs (sharing an LSH band key), directly or through a chain of them, are one
story. The index keeps each document's story (table ``stories``: document → label), so a scan
or query through the index counts the whole archive's stories without reading the archive
(`dupcheck.corpus.store_counts`). Kept by the writer, in the transaction of the change:

- `link`: documents added to a finished index join the stories of the documents they share a
  band key with; stories they bridge merge (into the largest one's label);
- `split`: after documents are removed, a story whose remaining documents are no longer linked
  is cut into its components (work in proportion to that story's size);
- `derive`: a build labels every document at its end, from the band table read in key order a
  chunk at a time: memory follows the number of documents, not of band rows.

Labels are integers, one per story, never reused: fresh ones come from the ``next_story`` meta
counter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

import numpy as np
import numpy.typing as npt

from dupcheck.corpus.candidates import band_keys
from dupcheck.corpus.frequency import story_labels
from dupcheck.corpus.sketch import I64
from dupcheck.corpus.store import Index, temp_ids

NEXT_STORY = "next_story"
"""``meta`` key: the first label no story has had."""
DERIVE_CHUNK = 1 << 18
"""Band rows read at a time when a build derives its stories."""


_Node = tuple[str, int]
"""``("d", document)`` for a new document, ``("s", story)`` for an archived story."""
_T = TypeVar("_T", bound=Hashable)


def groups(nodes: Iterable[_T], pairs: Iterable[tuple[_T, _T]]) -> list[list[_T]]:
    """The connected components of ``nodes`` and the ends of ``pairs`` under those pairs: each
    a list in order of first appearance (``nodes``, then the pairs' ends in order), and the
    components in order of their first member, so whoever numbers them numbers them alike."""
    parent: dict[_T, _T] = {node: node for node in nodes}

    def root(node: _T) -> _T:
        parent.setdefault(node, node)
        while parent[node] != node:
            # Path halving: each look-up shortens the path it walks.
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b in pairs:
        root_a, root_b = root(a), root(b)
        if root_a != root_b:
            parent[root_a] = root_b
    out: dict[_T, list[_T]] = {}
    for node in list(parent):
        out.setdefault(root(node), []).append(node)
    return list(out.values())


def _fresh(db: sqlite3.Connection, count: int) -> int:
    """The first of ``count`` labels no story has had."""
    row = db.execute("SELECT value FROM meta WHERE key = ?", (NEXT_STORY,)).fetchone()
    first = int(row[0]) if row else 1
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (NEXT_STORY, str(first + count)))
    return first


def link(index: Index, doc_ids: Sequence[int], keys: Sequence[int]) -> None:
    """Give the new documents ``doc_ids`` (their band rows already inserted) their stories.
    ``keys``: their distinct band keys, as stored."""
    db = index.connection
    new = set(doc_ids)
    pairs: list[tuple[_Node, _Node]] = []
    if keys:
        temp_ids(db, "story_keys", keys)
        rows = db.execute(
            " UNION ALL ".join(
                f"SELECT b.key, b.doc, s.story FROM temp.story_keys k CROSS JOIN {table} b "
                "ON b.key = k.id LEFT JOIN stories s ON s.doc = b.doc"
                for table in ("bands", "recent_bands")
            )
            + " ORDER BY 1"
        ).fetchall()
        first: dict[int, _Node] = {}
        for key, doc, story in rows:
            # An archived document stands for its whole story; a new one for itself.
            node = ("d", doc) if doc in new else ("s", story)
            if doc not in new and story is None:
                continue  # not possible in a finished index; nothing to link to
            if key in first:
                pairs.append((first[key], node))
            else:
                first[key] = node
    labels: dict[int, int] = {}
    for members in groups([("d", d) for d in doc_ids], pairs):
        docs = [n for kind, n in members if kind == "d"]
        stories = sorted(n for kind, n in members if kind == "s")
        if not docs:
            continue
        if stories:
            sizes = [
                db.execute("SELECT count(*) FROM stories WHERE story = ?", (s,)).fetchone()[0]
                for s in stories
            ]
            # The largest keeps its label: relabelling touches the fewest rows.
            keep = max(zip(sizes, (-s for s in stories), strict=True))
            label = -keep[1]
            db.executemany(
                "UPDATE stories SET story = ? WHERE story = ?",
                ((label, s) for s in stories if s != label),
            )
        else:
            label = _fresh(db, 1)
        labels.update(dict.fromkeys(docs, label))
    db.executemany("INSERT INTO stories VALUES (?, ?)", ((d, labels[d]) for d in sorted(labels)))


def _components(keys: npt.NDArray[np.uint64], present: I64, n: int) -> I64:
    """Story labels (smallest member index) of ``n`` documents whose rows ``present`` have the
    band keys ``keys`` (one row each): documents sharing a key in a column are linked."""
    pairs = []
    for column in keys.T:
        order = np.argsort(column, kind="stable")
        same = column[order][1:] == column[order][:-1]
        pairs.append(np.stack([present[order][:-1][same], present[order][1:][same]], axis=1))
    edges = np.concatenate(pairs) if pairs else np.empty((0, 2), dtype=np.int64)
    return story_labels(n, edges.astype(np.int64))


def split(index: Index, stories: Sequence[int]) -> None:
    """Cut each of ``stories`` whose documents are no longer linked into its components; the
    component of its smallest document keeps the label."""
    db = index.connection
    dtype = index.signature_dtype()
    for story in stories:
        rows = db.execute(
            "SELECT d.id, d.shingles, d.signature FROM stories s JOIN docs d ON d.id = s.doc "
            "WHERE s.story = ? ORDER BY d.id",
            (story,),
        ).fetchall()
        if len(rows) < 2:
            continue
        present = np.array([k for k, r in enumerate(rows) if r[1]], dtype=np.int64)
        labels = np.arange(len(rows), dtype=np.int64)
        if len(present) >= 2:
            signatures = np.stack([np.frombuffer(rows[k][2], dtype=dtype) for k in present])
            labels = _components(band_keys(signatures, index.bands), present, len(rows))
        parts = sorted(set(labels.tolist()))
        if len(parts) == 1:
            continue
        first = _fresh(db, len(parts) - 1)
        fresh = {part: first + k for k, part in enumerate(parts[1:])}
        db.executemany(
            "UPDATE stories SET story = ? WHERE doc = ?",
            ((fresh[int(p)], rows[k][0]) for k, p in enumerate(labels) if int(p) in fresh),
        )


def derive(index: Index) -> None:
    """Label every document of a build whose band table is filled (and whose ``stories`` is
    empty): the components of the documents sharing a band key, found by reading the band
    rows in key order, a chunk at a time."""
    db = index.connection
    size = int(db.execute("SELECT coalesce(max(id), 0) FROM docs").fetchone()[0]) + 1
    label = np.arange(size, dtype=np.int64)
    cursor = db.execute("SELECT key, doc FROM bands ORDER BY key, doc")
    carry = np.empty((0, 2), dtype=np.int64)
    while True:
        chunk = cursor.fetchmany(DERIVE_CHUNK)
        if not chunk:
            break
        rows = np.concatenate([carry, np.array(chunk, dtype=np.int64)])
        same = rows[1:, 0] == rows[:-1, 0]
        a, b = rows[:-1, 1][same], rows[1:, 1][same]
        if len(a):
            # Components of the labels these rows link, composed with those found so far.
            merged = story_labels(size, np.stack([label[a], label[b]], axis=1))
            label = merged[label]
        carry = rows[-1:]
    ids = db.execute("SELECT id FROM docs ORDER BY id")
    while True:
        chunk = ids.fetchmany(DERIVE_CHUNK)
        if not chunk:
            break
        db.executemany("INSERT INTO stories VALUES (?, ?)", ((d, int(label[d])) for (d,) in chunk))
    # Labels so far are document ids; fresh ones start past them.
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (NEXT_STORY, str(size)))

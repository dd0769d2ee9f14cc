"""The analysis study's differential check: what it counts as the same analysis, and that each
measuring process analyses the documents it is handed with the code it is pointed at."""

from __future__ import annotations

import pickle
import subprocess
from pathlib import Path

import pytest

from bench.analysis_speed import REFERENCE, REPO, digest, measure_in, reference_tree
from dupcheck.text.analyse import analyse
from dupcheck.text.types import Boilerplate, BoilerplateKind, Document, Span

DOCS = [
    Document("a", "SEOUL (Reuters) - Shares rose on Tuesday. Analysts said so.\n\nReuter\n"),
    Document("b", "Home › World › Asia\n\nA headline here\n\nBy Jane Doe\n\nText. More text.\n"),
    Document("c", "one line"),
]


def test_digest_tells_every_field_apart() -> None:
    a = analyse(DOCS[0])
    assert digest(a) == digest(analyse(Document(DOCS[0].name, DOCS[0].text)))
    first = a.sentences[0]
    moved = a.__class__(a.document, (first.__class__(0, Span(0, 5), first.norm, 0),), ())
    renamed = a.__class__(a.document, (first.__class__(0, first.span, "x", 0),), ())
    kept = a.__class__(a.document, (first,), ())
    relabelled = a.__class__(
        a.document, (first,), (Boilerplate(a.boilerplate[0].span, BoilerplateKind.CHROME),)
    )
    digests = {digest(x) for x in (a, moved, renamed, kept, relabelled)}
    assert len(digests) == 5


def test_a_measuring_process_analyses_with_the_code_asked_for(tmp_path: Path) -> None:
    docs_file = tmp_path / "docs.pickle"
    docs_file.write_bytes(pickle.dumps(DOCS))
    times, digests = measure_in(REPO, docs_file, 2, True)
    assert len(times) == 2
    assert all(t >= 0 for t in times)
    assert digests == [digest(analyse(d)) for d in DOCS]


def test_the_reference_tree_is_the_reference_commit(tmp_path: Path) -> None:
    known = subprocess.run(
        ["git", "cat-file", "-e", f"{REFERENCE}^{{commit}}"],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    if known.returncode != 0:
        pytest.skip("the reference commit is not in this clone's history")
    tree = reference_tree(tmp_path)
    shown = subprocess.run(
        ["git", "show", f"{REFERENCE}:dupcheck/text/analyse.py"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert (tree / "dupcheck" / "text" / "analyse.py").read_text(encoding="utf-8") == shown.stdout
    docs_file = tmp_path / "docs.pickle"
    docs_file.write_bytes(pickle.dumps(DOCS))
    _, digests = measure_in(tree, docs_file, 1, True)
    assert len(digests) == len(DOCS)

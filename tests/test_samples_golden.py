"""Golden JSON for the samples/ pairs: any change in what ``compare`` finds shows up in review.

Each pair's ``dupcheck compare --format json`` output is compared byte for byte with
``tests/golden/compare/<a>__<b>.json``. After an intended change to alignment, segmentation,
boilerplate or scores, regenerate them and read the diff before committing::

    UPDATE_GOLDEN=1 pytest tests/test_samples_golden.py

The verdict test below does not depend on the golden files: it holds what samples/README.md
promises for each pair.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dupcheck import compare
from dupcheck.align.types import Verdict
from dupcheck.report.compare_json import CompareJsonFormatter

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "compare"
UPDATE = os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")

# (A, B, the verdict samples/README.md promises)
PAIRS = [
    ("harbour-original.txt", "harbour-syndicated-light.txt", Verdict.DUPLICATE),
    ("harbour-original.txt", "harbour-syndicated-heavy.txt", Verdict.DUPLICATE),
    ("harbour-syndicated-light.txt", "harbour-syndicated-heavy.txt", Verdict.DUPLICATE),
    ("harbour-original.txt", "harbour-original-cp1252.txt", Verdict.DUPLICATE),
    ("harbour-original.txt", "ellerby-housing-quote.txt", Verdict.PARTIAL),
    ("harbour-original.txt", "ferry-terminal-expansion.txt", Verdict.DISTINCT),
    ("harbour-original.txt", "rail-strike.txt", Verdict.DISTINCT),
]
IDS = [f"{Path(a).stem}__{Path(b).stem}" for a, b, _ in PAIRS]


def render(a: str, b: str) -> str:
    # Relative paths, so the "path" fields do not depend on where the checkout lives.
    return CompareJsonFormatter().render(compare(Path("samples") / a, Path("samples") / b))


@pytest.fixture(autouse=True)
def _at_repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize(("a", "b", "verdict"), PAIRS, ids=IDS)
def test_golden_json(a: str, b: str, verdict: Verdict) -> None:
    golden = GOLDEN / f"{Path(a).stem}__{Path(b).stem}.json"
    actual = render(a, b)
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(actual, encoding="utf-8", newline="\n")
    assert golden.exists(), f"no golden file {golden.name}: run UPDATE_GOLDEN=1 pytest {__file__}"
    assert actual == golden.read_text(encoding="utf-8"), (
        f"{golden.name} differs; if the change is intended, regenerate with UPDATE_GOLDEN=1"
    )


@pytest.mark.parametrize(("a", "b", "verdict"), PAIRS, ids=IDS)
def test_samples_get_the_verdict_the_readme_promises(a: str, b: str, verdict: Verdict) -> None:
    assert compare(Path("samples") / a, Path("samples") / b).verdict is verdict


def test_every_golden_file_belongs_to_a_pair() -> None:
    """A renamed or dropped pair must not leave a stale golden file behind."""
    expected = {f"{i}.json" for i in IDS}
    present = {p.name for p in GOLDEN.glob("*.json")}
    assert present <= expected, present - expected

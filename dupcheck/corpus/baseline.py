"""The baseline: pairs a team has accepted, so they no longer fail the build.

A pair is keyed by the content fingerprints of its two documents, unordered: renaming or moving
an unchanged file keeps its pair accepted, while any change to a file's words changes its
fingerprint, so the pair is judged again. An accepted pair stays accepted only at the verdict it
was accepted with or a milder one: a pair accepted as ``partial`` that is now a ``duplicate`` is a
finding again.

File format (JSON, UTF-8, sorted, one pair per line so diffs stay readable)::

    {"schema": "dupcheck.baseline/1",
     "pairs": [{"a": path, "b": path, "fingerprint_a": hex, "fingerprint_b": hex,
                "verdict": "duplicate" | "partial"}, ...]}

Paths are informational (for a reader of the file); only fingerprints are matched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from dupcheck.align.types import Verdict
from dupcheck.corpus.types import Pair, ScanResult
from dupcheck.errors import InputError

SCHEMA = "dupcheck.baseline/1"


@dataclass(frozen=True, slots=True)
class Accepted:
    """One accepted pair."""

    a: str
    b: str
    fingerprint_a: str
    fingerprint_b: str
    verdict: Verdict

    @property
    def key(self) -> frozenset[str]:
        return frozenset((self.fingerprint_a, self.fingerprint_b))


@dataclass(frozen=True, slots=True)
class Baseline:
    """Accepted pairs, as loaded from a baseline file."""

    pairs: tuple[Accepted, ...] = ()

    def accepts(self, pair: Pair) -> bool:
        """Whether ``pair`` was accepted at its verdict (or a more severe one)."""
        key = frozenset((pair.fingerprint_a, pair.fingerprint_b))
        return any(p.key == key and p.verdict.rank >= pair.verdict.rank for p in self.pairs)


def _index(baseline: Baseline) -> dict[frozenset[str], int]:
    best: dict[frozenset[str], int] = {}
    for p in baseline.pairs:
        best[p.key] = max(best.get(p.key, 0), p.verdict.rank)
    return best


def apply_baseline(result: ScanResult, baseline: Baseline) -> ScanResult:
    """``result`` with ``baselined=True`` on every pair the baseline accepts."""
    best = _index(baseline)
    pairs = tuple(
        replace(
            p,
            baselined=best.get(frozenset((p.fingerprint_a, p.fingerprint_b)), -1) >= p.verdict.rank,
        )
        for p in result.pairs
    )
    return replace(result, pairs=pairs)


def write_baseline(path: Path, result: ScanResult) -> None:
    """Accept every pair of ``result``: write them to ``path`` (deterministic bytes)."""
    rows = sorted(
        (
            {
                "a": p.a,
                "b": p.b,
                "fingerprint_a": p.fingerprint_a,
                "fingerprint_b": p.fingerprint_b,
                "verdict": p.verdict.value,
            }
            for p in result.pairs
        ),
        key=lambda r: (r["a"], r["b"], r["fingerprint_a"], r["fingerprint_b"]),
    )
    lines = ",\n".join("    " + json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)
    listing = f"[\n{lines}\n  ]" if rows else "[]"
    body = f'{{\n  "schema": "{SCHEMA}",\n  "pairs": {listing}\n}}\n'
    path.write_text(body, encoding="utf-8", newline="\n")


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; ``InputError`` (one line) when it is missing or malformed."""
    label = str(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(label, "no such baseline file") from None
    except OSError as exc:
        raise InputError(label, (exc.strerror or "cannot read").lower()) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8"
        raise InputError(label, f"not a baseline file: {reason}") from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(label, f'not a baseline file: "schema" must be "{SCHEMA}"')
    rows = data.get("pairs")
    if not isinstance(rows, list):
        raise InputError(label, 'not a baseline file: "pairs" must be a list')
    return Baseline(tuple(_accepted(label, n, row) for n, row in enumerate(rows, start=1)))


def _accepted(label: str, n: int, row: object) -> Accepted:
    fields = ("a", "b", "fingerprint_a", "fingerprint_b", "verdict")
    if not isinstance(row, dict) or not all(isinstance(row.get(f), str) for f in fields):
        raise InputError(label, f"pair {n}: needs string fields {', '.join(fields)}")
    try:
        verdict = Verdict(row["verdict"])
    except ValueError:
        raise InputError(label, f"pair {n}: unknown verdict {row['verdict']!r}") from None
    return Accepted(row["a"], row["b"], row["fingerprint_a"], row["fingerprint_b"], verdict)

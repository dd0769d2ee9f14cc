"""The baseline: pairs a team has accepted, so they no longer fail the build.

Acceptance is per pair of documents. An entry is keyed by the content fingerprints of its two
documents, unordered, and accepts one pair: the pair of the same two paths when it is still
there, else (a file renamed or moved, unchanged) one pair of the same two contents. So a new
document that copies an accepted one is a new finding, even when its text is identical to the
accepted copy's: the entry is taken by the pair it was written for. Any change to a file's words
changes its fingerprint, so the pair is judged again. An accepted pair stays accepted only at the
verdict it was accepted with or a milder one: a pair accepted as ``partial`` that is now a
``duplicate`` is a finding again.

An entry that accepts no pair of a scan is stale (a file deleted or edited, a pair that no
longer shares content or became more severe): :func:`match_baseline` returns them, so the CLI
can count them and ``--prune-baseline`` can drop them.

File format (JSON, UTF-8, sorted, one pair per line so diffs stay readable)::

    {"schema": "dupcheck.baseline/1",
     "pairs": [{"a": path, "b": path, "fingerprint_a": hex, "fingerprint_b": hex,
                "verdict": "duplicate" | "partial"}, ...]}

Paths choose between entries of equal fingerprints; fingerprints decide.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from dupcheck.align.types import Verdict
from dupcheck.corpus.types import Pair, ScanResult
from dupcheck.errors import InputError
from dupcheck.outputs import write_atomically
from dupcheck.text.intake import read_regular

SCHEMA = "dupcheck.baseline/1"

MAX_BASELINE_BYTES = 256 * 1024 * 1024
"""A larger file is refused, not read: a baseline's path may come from the scanned tree's own
configuration (untrusted), and ``/dev/zero`` or a FIFO must not exhaust memory or hang. One
accepted pair takes a line of about 250 bytes: the limit holds a million pairs."""


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
        """Whether an entry has ``pair``'s two contents at its verdict (or a more severe one);
        which pair an entry is spent on is :func:`match_baseline`'s choice."""
        key = frozenset((pair.fingerprint_a, pair.fingerprint_b))
        return any(p.key == key and p.verdict.rank >= pair.verdict.rank for p in self.pairs)


@dataclass(frozen=True, slots=True)
class BaselineMatch:
    """A scan result with the baseline applied, and the entries that accepted nothing."""

    result: ScanResult
    stale: tuple[Accepted, ...]


def _key(pair: Pair) -> frozenset[str]:
    return frozenset((pair.fingerprint_a, pair.fingerprint_b))


def match_baseline(result: ScanResult, baseline: Baseline) -> BaselineMatch:
    """``result`` with ``baselined=True`` on each pair an entry accepts (each entry accepts one
    pair: the one of its own two paths first, else one of its two contents), and the entries
    that accept none."""
    free: dict[frozenset[str], list[Accepted]] = {}
    for entry in baseline.pairs:
        free.setdefault(entry.key, []).append(entry)

    def take(pair: Pair, same_names: bool) -> bool:
        names = {pair.a, pair.b}
        for entry in free.get(_key(pair), []):
            if same_names and {entry.a, entry.b} != names:
                continue
            if entry.verdict.rank >= pair.verdict.rank:
                free[_key(pair)].remove(entry)
                return True
        return False

    accepted = {i for i, pair in enumerate(result.pairs) if take(pair, same_names=True)}
    for i, pair in enumerate(result.pairs):
        if i not in accepted and take(pair, same_names=False):
            accepted.add(i)
    pairs = tuple(replace(p, baselined=i in accepted) for i, p in enumerate(result.pairs))
    stale = tuple(entry for entries in free.values() for entry in entries)
    return BaselineMatch(replace(result, pairs=pairs), stale)


def apply_baseline(result: ScanResult, baseline: Baseline) -> ScanResult:
    """``result`` with ``baselined=True`` on every pair the baseline accepts."""
    return match_baseline(result, baseline).result


def prune_baseline(path: Path, baseline: Baseline, stale: tuple[Accepted, ...]) -> None:
    """Rewrite the baseline file at ``path`` without the ``stale`` entries."""
    gone = list(stale)
    kept = []
    for entry in baseline.pairs:
        if entry in gone:
            gone.remove(entry)
        else:
            kept.append(entry)
    _write(path, kept)


def write_baseline(path: Path, result: ScanResult) -> None:
    """Accept every pair of ``result``: write them to ``path`` (deterministic bytes)."""
    _write(
        path,
        [Accepted(p.a, p.b, p.fingerprint_a, p.fingerprint_b, p.verdict) for p in result.pairs],
    )


def _write(path: Path, entries: list[Accepted]) -> None:
    rows = sorted(
        (
            {
                "a": p.a,
                "b": p.b,
                "fingerprint_a": p.fingerprint_a,
                "fingerprint_b": p.fingerprint_b,
                "verdict": p.verdict.value,
            }
            for p in entries
        ),
        key=lambda r: (r["a"], r["b"], r["fingerprint_a"], r["fingerprint_b"]),
    )
    lines = ",\n".join("    " + json.dumps(r, ensure_ascii=False, sort_keys=True) for r in rows)
    listing = f"[\n{lines}\n  ]" if rows else "[]"
    body = f'{{\n  "schema": "{SCHEMA}",\n  "pairs": {listing}\n}}\n'
    write_atomically(path, body.encode("utf-8"))


def load_baseline(path: Path) -> Baseline:
    """Read a baseline file; ``InputError`` (one line) when it is missing or malformed."""
    label = str(path)
    try:
        raw = read_regular(path, MAX_BASELINE_BYTES)
    except FileNotFoundError:
        raise InputError(label, "no such baseline file") from None
    except OSError as exc:
        raise InputError(label, (exc.strerror or "cannot read").lower()) from None
    if len(raw) > MAX_BASELINE_BYTES:
        raise InputError(label, f"not a baseline file: over {MAX_BASELINE_BYTES:,} bytes")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        reason = exc.msg if isinstance(exc, json.JSONDecodeError) else "not UTF-8 JSON"
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

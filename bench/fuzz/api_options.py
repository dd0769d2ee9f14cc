"""The options target: ``ScanOptions`` and ``CompareOptions`` built from hostile values, as a
Python caller (or the configuration reader, or the command line) builds them.

The contract: a value is refused where it enters, with ``ConfigError`` and one line, or it is
accepted and then works: a scan (for scan options) or a comparison (for compare options) with
it raises nothing undocumented (a comparison may still refuse its input, as documented).
"""

from __future__ import annotations

import dataclasses
import random

from bench.fuzz import grammar
from dupcheck import CompareOptions, ConfigError, DupcheckError, ScanOptions, compare_texts

VALUES: list[object] = [
    *grammar.NUMBERS,
    *grammar.STRINGS,
    None,
    ("*.txt",),
    ("[", "**"),
    b"bytes",
    2**64,
    -(2**63),
    1e-9,
    0.999999,
    1.000001,
]
"""Values any option may be given: the grammar's numbers and strings, and other Python types."""

PAIR = (
    "The harbour authority said on Tuesday it would close the old north quay to cargo ships. "
    "Harbour master Ingrid Solberg said the quay was built for sailing barges.",
    "Harbour master Ingrid Solberg said the quay was built for sailing barges. "
    "The harbour authority said on Tuesday it would close the north quay to ships.",
)


@dataclasses.dataclass(frozen=True)
class OptionsCase:
    """One set of keyword arguments for one options class."""

    kind: str
    """``scan`` or ``compare``."""
    values: tuple[tuple[str, object], ...]


def _value(rng: random.Random, kind: str) -> object:
    """A value for a field annotated ``kind``. Numbers take anything (their check refuses
    other types with ``ConfigError``); text, globs and flags take hostile values of their own
    type, which is what a type checker lets a Python caller pass."""
    if kind == "str":
        return rng.choice(grammar.STRINGS)
    if kind.startswith("tuple"):
        return tuple(rng.choice(grammar.STRINGS) for _ in range(rng.randint(0, 3)))
    if kind == "bool":
        return rng.random() < 0.5
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(VALUES)
    if roll < 0.8:  # every scale, to find the edges of each range
        return rng.choice([-1, 1]) * 10 ** rng.uniform(-12, 12)
    return rng.randint(-3, 2**33)


def make(rng: random.Random) -> OptionsCase:
    kind = rng.choice(["scan", "compare"])
    fields = [
        f
        for f in dataclasses.fields(ScanOptions if kind == "scan" else CompareOptions)
        if f.type in ("int", "float", "str", "bool", "tuple[str, ...]")
    ]
    chosen = rng.sample(fields, rng.randint(1, 3))
    return OptionsCase(kind, tuple((f.name, _value(rng, str(f.type))) for f in chosen))


def check(case: OptionsCase, scan_works: object) -> str | None:
    """``None`` when the values were refused with one line or accepted and work; otherwise the
    failure. Exceptions other than ``ConfigError`` propagate to the campaign as crashes."""
    kwargs = dict(case.values)
    try:
        options = (ScanOptions if case.kind == "scan" else CompareOptions)(**kwargs)  # type: ignore[arg-type]
    except ConfigError as exc:
        return "a multi-line ConfigError" if "\n" in str(exc) else None
    if isinstance(options, CompareOptions):
        # A comparison may refuse its input under these options (``TooLargeToAlign`` when
        # ``max_sentence_pairs`` is tiny): a documented error, with its one line.
        try:
            compare_texts(*PAIR, options=options)
        except DupcheckError as exc:
            return "a multi-line error" if "\n" in str(exc) else None
        return None
    assert callable(scan_works)
    scan_works(options)
    return None

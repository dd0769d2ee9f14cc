"""Boilerplate recognition. PROVISIONAL stub: the boilerplate helper replaces it."""

from __future__ import annotations

from dupcheck.models import Boilerplate


def detect_boilerplate(text: str) -> tuple[Boilerplate, ...]:
    """Boilerplate stretches of ``text`` in order, never overlapping."""
    return ()

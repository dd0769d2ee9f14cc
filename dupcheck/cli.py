"""PROVISIONAL: the CLI helper replaces it."""

from __future__ import annotations


def main() -> None:
    raise SystemExit(2)

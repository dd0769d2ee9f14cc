"""PROVISIONAL stub: the scan-CLI helper replaces it with the `dupcheck scan` click command."""

from __future__ import annotations

import click


@click.command()
def scan() -> None:
    """Find every copy of every story in a folder (not built yet)."""
    raise click.UsageError("scan is not built yet")

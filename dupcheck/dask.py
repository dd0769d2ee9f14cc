"""The scan on a Dask cluster: ``dupcheck.dask.scan(root, client=...)``, the same
:class:`~dupcheck.ScanResult` as :func:`dupcheck.scan` on the same input.

Needs the ``dask`` extra (``pip install 'dupcheck[dask]'``); importing ``dupcheck`` never loads
this module, so the local scan never needs Dask. ``client`` is a connected
``distributed.Client`` (left open) or a scheduler's address. The engine itself is
``dupcheck.corpus.dask_engine``; this module is its public name, beside ``dupcheck.scan``.
"""

from __future__ import annotations

from dupcheck.corpus.dask_engine import connect, scan
from dupcheck.errors import ClusterError

__all__ = ["ClusterError", "connect", "scan"]

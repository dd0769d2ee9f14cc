"""A LocalCluster for the Dask engine's tests (they skip when ``distributed`` is absent)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def cluster_client(workers: int = 2) -> Iterator[Any]:
    """A client (not the default one) of a LocalCluster of ``workers`` single-threaded worker
    processes: processes, as on a real cluster, so that tasks and results are pickled and a
    worker can be killed."""
    import distributed

    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as connected,
    ):
        yield connected

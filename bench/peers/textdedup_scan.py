"""text-dedup 0.4.0's MinHash, run from its own virtualenv (its pins conflict with ours).

The host side: :func:`prepare` makes (or reuses) the env under ``bench/.peers/text-dedup``;
:func:`argv` is the command the study times (``textdedup_driver.py`` under the env's python);
:func:`collect` turns the clusters the driver wrote into the pairs every scan runner reports
(all pairs inside a cluster: text-dedup keeps one document per cluster and drops the rest as
its duplicates).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from bench.peer_env import PeerEnv, ensure_env
from bench.peers import cluster_pairs, write_found

VERSION = "0.4.0"
REQUIREMENTS = (f"text-dedup=={VERSION}",)
DRIVER = Path(__file__).resolve().parent / "textdedup_driver.py"

DEFAULTS: tuple[str, ...] = ()
"""Its documented defaults: ``--ngram 5 --num_perm 250 --threshold 0.7 --min_length 5
--hash_func sha1 --hash_bits 64``, bands and rows from ``optimal_param``, ``--num_proc`` = all
cores."""


def prepare() -> PeerEnv:
    """The env, made on first use (raises ``PeerUnavailable`` with pip's reason)."""
    return ensure_env("text-dedup", REQUIREMENTS)


def argv(
    env: PeerEnv, corpus: Path, raw_out: Path, workdir: Path, options: Sequence[str]
) -> list[str]:
    return [str(env.python), str(DRIVER), str(corpus), str(raw_out), str(workdir), *options]


def collect(raw_out: Path, out: Path) -> None:
    """Rewrite the driver's clusters as the pairs file the study reads."""
    data = json.loads(raw_out.read_text(encoding="utf-8"))
    found = cluster_pairs(data["clusters"])
    write_found(out, documents=int(data["documents"]), seconds=float(data["seconds"]), found=found)

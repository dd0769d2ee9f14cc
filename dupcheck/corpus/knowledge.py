"""A folder's wording counts for ``compare --corpus``: what a scan of that folder would know."""

from __future__ import annotations

from pathlib import Path

from dupcheck.corpus.candidates import find_candidates
from dupcheck.corpus.frequency import ShingleCounts, count_stories
from dupcheck.corpus.parallel import Workers
from dupcheck.corpus.reading import read_corpus
from dupcheck.corpus.sources import check_dir
from dupcheck.corpus.types import ScanOptions
from dupcheck.corpus.walk import discover


def corpus_wording(root: Path, options: ScanOptions | None = None) -> ShingleCounts:
    """How many stories of the documents under ``root`` carry each sampled shingle: the counts
    a scan of ``root`` makes (read and sketch every document, link those that resemble each
    other), without verifying any pair. Raises ``InputError`` when ``root`` is not a
    directory; a folder without usable documents gives empty counts."""
    opts = options or ScanOptions()
    check_dir(root, "corpus")
    with Workers(opts.jobs) as workers:
        corpus = read_corpus(discover(root, opts), [], opts, workers, lambda *_: None)
    found = find_candidates(corpus.sketches, opts)
    return count_stories(corpus.sketches, corpus.dense, found.resembling, opts)

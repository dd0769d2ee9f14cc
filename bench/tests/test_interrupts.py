"""How the interrupt sweep reads a run's end."""

from __future__ import annotations

import pytest

from tests._processes import classify

TRACEBACK_OF_START = (
    "Traceback (most recent call last):\n"
    '  File "<frozen runpy>", line 198, in _run_module_as_main\n'
    '  File "/usr/lib/python3.11/site.py", line 1, in <module>\n'
    "KeyboardInterrupt\n"
)
TRACEBACK_OF_OURS = (
    "Traceback (most recent call last):\n"
    '  File "/repo/dupcheck/corpus/pipeline.py", line 9, in scan\n'
    "KeyboardInterrupt\n"
)


@pytest.mark.parametrize(
    ("status", "stderr", "outcome"),
    [
        (130, "dupcheck: interrupted\n", "interrupted"),
        (1, "dupcheck: 30 documents, 2 pairs\n", "finished"),
        (-2, "", "before dupcheck"),
        (-2, TRACEBACK_OF_START, "before dupcheck"),
        (130, "", "status 130, stderr ''"),
        (130, "dupcheck: interrupted\ndupcheck: interrupted\n", "status 130, stderr"),
        (-2, "dupcheck: 30 documents, 2 pairs\n", "status -2, stderr"),
        (-2, "dupcheck: interrupted\n", "status -2, stderr"),
        (1, "dupcheck: interrupted\n", "status 1, stderr"),
        (130, TRACEBACK_OF_OURS, "traceback: KeyboardInterrupt"),
    ],
)
def test_each_end_is_read_as_it_is(status: int, stderr: str, outcome: str) -> None:
    assert classify(status, stderr, 1).startswith(outcome)

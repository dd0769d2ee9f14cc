"""``python -m dupcheck``: the program (:mod:`dupcheck.cli.entry`).

An interrupt is caught from this module's first lines: the entry module installs the program's
handler only once it has been found and compiled (each start compiles it when bytecode is not
cached, ``PYTHONDONTWRITEBYTECODE``), which on a loaded machine is long enough for a Ctrl-C to
land first and print Python's traceback. Nothing has started yet, so the handler here only says
so and ends the process, as the entry module's would.
"""

import _signal  # type: ignore[import-not-found]
import os


def _interrupted(signum: int, frame: object) -> None:
    _signal.signal(_signal.SIGINT, _signal.SIG_IGN)  # one line, whatever comes next
    try:  # noqa: SIM105 (contextlib is a file to load)
        os.write(2, b"dupcheck: interrupted\n")
    except OSError:  # stderr closed: the status still tells
        pass
    os._exit(130)


_signal.signal(_signal.SIGINT, _interrupted)

from dupcheck.cli.entry import main  # noqa: E402 (after the handler, on purpose)

main()

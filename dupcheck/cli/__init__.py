"""The ``dupcheck`` command line: click only. The program starts in :mod:`dupcheck.cli.entry`;
the commands are in :mod:`dupcheck.cli.app`."""

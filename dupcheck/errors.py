"""Exceptions the CLI turns into a one-line message and exit status 2."""

from __future__ import annotations


class DupcheckError(Exception):
    """Base of every error dupcheck raises on purpose."""


class InputError(DupcheckError):
    """A file or argument cannot be used: missing, a directory, binary, empty, undecodable, too big.

    The message is one line, meant for a user, and names the path.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ConfigError(DupcheckError):
    """A configuration file or value is invalid."""

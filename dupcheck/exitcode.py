"""The exit-status policy: one object decides what a run's verdicts mean to a calling script.

CI needs to tell "found something" from "broke", so errors never share a status with findings,
and ``--exit-zero`` silences findings but never errors.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum

from dupcheck.align.types import Verdict


class ExitCode(IntEnum):
    """Every status ``dupcheck`` exits with."""

    OK = 0
    """Nothing at or above ``--fail-on`` was found (or ``--exit-zero`` was given)."""
    FINDING = 1
    """A verdict at or above ``--fail-on`` was found."""
    ERROR = 2
    """Usage error, unusable input, or an internal error."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (the shell convention, 128 + SIGINT), so it is never read as a finding."""


@dataclass(frozen=True, slots=True)
class ExitPolicy:
    """Turns the verdicts a run produced into its exit status."""

    fail_on: Verdict = Verdict.DUPLICATE
    """The least severe verdict that counts as a finding (``distinct`` makes every pair one)."""
    exit_zero: bool = False
    """Report findings but exit 0: for runs that only want the report."""

    def is_finding(self, verdict: Verdict) -> bool:
        """Whether ``verdict`` is severe enough to be a finding under this policy."""
        return verdict.rank >= self.fail_on.rank

    def code(self, verdicts: Iterable[Verdict]) -> ExitCode:
        """The exit status of a run that produced ``verdicts`` (one per compared pair)."""
        if self.exit_zero:
            return ExitCode.OK
        if any(self.is_finding(v) for v in verdicts):
            return ExitCode.FINDING
        return ExitCode.OK

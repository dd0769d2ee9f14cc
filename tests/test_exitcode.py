"""The exit-status policy: findings are 1, errors 2, and --exit-zero silences findings only."""

from __future__ import annotations

import pytest

from dupcheck.align.types import Verdict
from dupcheck.exitcode import ExitCode, ExitPolicy


def test_codes_are_the_documented_numbers() -> None:
    assert (ExitCode.OK, ExitCode.FINDING, ExitCode.ERROR) == (0, 1, 2)


@pytest.mark.parametrize(
    ("fail_on", "verdict", "expected"),
    [
        (Verdict.DUPLICATE, Verdict.DUPLICATE, ExitCode.FINDING),
        (Verdict.DUPLICATE, Verdict.PARTIAL, ExitCode.OK),
        (Verdict.DUPLICATE, Verdict.DISTINCT, ExitCode.OK),
        (Verdict.PARTIAL, Verdict.DUPLICATE, ExitCode.FINDING),
        (Verdict.PARTIAL, Verdict.PARTIAL, ExitCode.FINDING),
        (Verdict.PARTIAL, Verdict.DISTINCT, ExitCode.OK),
        (Verdict.DUPLICATE, Verdict.TEMPLATE, ExitCode.OK),
        (Verdict.PARTIAL, Verdict.TEMPLATE, ExitCode.OK),
        (Verdict.TEMPLATE, Verdict.TEMPLATE, ExitCode.FINDING),
        (Verdict.TEMPLATE, Verdict.PARTIAL, ExitCode.FINDING),
        (Verdict.TEMPLATE, Verdict.DUPLICATE, ExitCode.FINDING),
        (Verdict.TEMPLATE, Verdict.DISTINCT, ExitCode.OK),
    ],
)
def test_fail_on_sets_the_least_severe_finding(
    fail_on: Verdict, verdict: Verdict, expected: ExitCode
) -> None:
    assert ExitPolicy(fail_on=fail_on).code([verdict]) is expected


def test_default_policy_fails_on_duplicates_only() -> None:
    policy = ExitPolicy()
    assert policy.is_finding(Verdict.DUPLICATE)
    assert not policy.is_finding(Verdict.PARTIAL)


@pytest.mark.parametrize("verdict", list(Verdict))
def test_exit_zero_turns_every_verdict_into_ok(verdict: Verdict) -> None:
    policy = ExitPolicy(fail_on=Verdict.PARTIAL, exit_zero=True)
    assert policy.code([verdict]) is ExitCode.OK


def test_one_finding_among_many_verdicts_is_enough() -> None:
    policy = ExitPolicy()
    assert policy.code([Verdict.DISTINCT, Verdict.DUPLICATE, Verdict.PARTIAL]) is ExitCode.FINDING
    assert policy.code([Verdict.DISTINCT, Verdict.PARTIAL]) is ExitCode.OK


def test_no_verdicts_is_ok() -> None:
    assert ExitPolicy(fail_on=Verdict.PARTIAL).code([]) is ExitCode.OK

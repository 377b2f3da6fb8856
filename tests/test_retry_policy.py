"""Retry decisions as a table, backoff delays from a seeded random source, the budget."""

from __future__ import annotations

import random

import pytest

from nxwa import errors
from nxwa.pipeline.retry import (
    RetryBudget,
    RetryPolicy,
    is_retryable,
    retry_after_seconds,
    server_clock_offset_ms,
)

POLICY = RetryPolicy()


def api_error(code: int) -> errors.APIError:
    from nxwa.pipeline.decode import error_for_code

    return error_for_code(code, message="x")


CASES = [
    # condition, retried when idempotent, retried when not idempotent
    (errors.RequestNotSentError("connect refused"), True, True),
    (errors.HTTPStatusError(429), True, True),
    (errors.HTTPStatusError(503), True, True),
    (errors.OutcomeUnknownError("read timeout"), True, False),
    (errors.HTTPStatusError(500), True, False),
    (errors.HTTPStatusError(502), True, False),
    (errors.HTTPStatusError(504), True, False),
    (api_error(-1), True, False),
    (api_error(9001), True, False),
    (errors.HTTPStatusError(501), False, False),
    (errors.HTTPStatusError(400), False, False),
    (errors.HTTPStatusError(404), False, False),
    (api_error(9000), False, False),
    (api_error(1003), False, False),
    (api_error(9099), False, False),
    (errors.ResponseDecodeError("bad", status_code=200, body_excerpt=""), False, False),
    (errors.RequestValidationError("name", "bad"), False, False),
]


@pytest.mark.parametrize(("error", "idempotent_retried", "other_retried"), CASES)
def test_retry_table(
    error: errors.NxwaError, idempotent_retried: bool, other_retried: bool
) -> None:
    assert is_retryable(error, idempotent=True, policy=POLICY) is idempotent_retried
    assert is_retryable(error, idempotent=False, policy=POLICY) is other_retried


def test_backoff_is_full_jitter_under_an_exponential_cap() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_cap=8.0)
    rng = random.Random(7)
    delays = [policy.backoff(attempt=a, rng=rng) for a in range(8)]
    replay = random.Random(7)
    caps = [min(8.0, 0.5 * 2**a) for a in range(8)]
    assert delays == [replay.uniform(0, cap) for cap in caps]
    assert all(0 <= d <= cap for d, cap in zip(delays, caps, strict=True))


def test_retry_after_seconds_and_http_date() -> None:
    assert retry_after_seconds({"retry-after": "2"}) == 2.0
    assert retry_after_seconds({"Retry-After": "0"}) == 0.0
    assert retry_after_seconds({}) is None
    assert retry_after_seconds({"retry-after": "soon"}) is None
    when = retry_after_seconds({"retry-after": "Wed, 21 Oct 2026 07:28:10 GMT"}, now=1792567680)
    assert when == pytest.approx(10.0)


def test_delay_prefers_retry_after_and_refuses_beyond_the_cap() -> None:
    rng = random.Random(0)
    hinted = errors.HTTPStatusError(429, headers={"retry-after": "3"})
    too_long = errors.HTTPStatusError(429, headers={"retry-after": "31"})
    assert POLICY.delay(hinted, attempt=0, rng=rng) == 3.0
    assert POLICY.delay(too_long, attempt=0, rng=rng) is None


def test_server_clock_offset_from_date() -> None:
    local = 1_792_567_680_000
    offset = server_clock_offset_ms({"date": "Wed, 21 Oct 2026 07:33:00 GMT"}, local_ms=local)
    assert offset == 300_000
    assert server_clock_offset_ms({}, local_ms=local) is None
    assert server_clock_offset_ms({"date": "garbage"}, local_ms=local) is None


def test_budget_runs_dry_and_refills_with_successes() -> None:
    budget = RetryBudget(capacity=3, refill=0.5)
    assert [budget.try_withdraw() for _ in range(4)] == [True, True, True, False]
    budget.deposit()
    assert not budget.try_withdraw()
    budget.deposit()
    assert budget.try_withdraw()
    for _ in range(100):
        budget.deposit()
    assert budget.tokens == 3


def test_policy_rejects_negative_retries() -> None:
    with pytest.raises(ValueError, match="max_retries"):
        RetryPolicy(max_retries=-1)

"""The budgets every instance shares — API-key rate limits and Leap's request slots —
hold on both table adapters (SQLite locally, DynamoDB in production)."""

from __future__ import annotations

import asyncio
import math
from concurrent.futures import ThreadPoolExecutor

import pytest

from hard_e.auth.rate_limits import RateLimiter
from hard_e.crm.exceptions import CrmRateLimitedError
from hard_e.crm.ratelimit import TableRequestBudget
from hard_e.ids import new_tenant_id
from hard_e.storage.table import Table
from tests.contract.conftest import FakeClock


def test_n_plus_20_concurrent_calls_admit_exactly_n(table: Table) -> None:
    limiter, tenant, n = RateLimiter(table), new_tenant_id(), 5

    with ThreadPoolExecutor(max_workers=n + 20) as pool:
        answers = list(pool.map(lambda _: limiter.admit(tenant, "key#k", limit=n), range(n + 20)))

    assert sum(a.allowed for a in answers) == n
    assert {a.retry_after for a in answers if not a.allowed} <= set(range(1, 61))


def test_two_instances_share_one_leap_budget_and_the_rest_are_told_when(
    table: Table, clock: FakeClock
) -> None:
    tenant = new_tenant_id()
    one, two = (
        TableRequestBudget(table, tenant, "https://leap\ntoken", limit=3, max_wait=0)
        for _ in range(2)
    )

    async def call(budget: TableRequestBudget) -> str:
        try:
            async with budget.slot(asyncio.sleep):
                return "ran"
        except CrmRateLimitedError as busy:
            return f"busy {busy.retry_after}"

    async def burst() -> list[str]:
        return [await call(b) for b in (one, two, one, two, one)]

    first = asyncio.run(burst())
    clock.advance(61)
    later = asyncio.run(call(two))

    assert first.count("ran") == 3
    assert [r for r in first if r != "ran"] == ["busy 60", "busy 60"]
    assert later == "ran"


@pytest.mark.parametrize("other_account", ["https://leap\nanother-token"])
def test_each_leap_account_has_its_own_budget(table: Table, other_account: str) -> None:
    tenant = new_tenant_id()
    mine = TableRequestBudget(table, tenant, "https://leap\ntoken", limit=1, max_wait=0)
    theirs = TableRequestBudget(table, tenant, other_account, limit=1, max_wait=0)

    async def both() -> None:
        async with mine.slot(asyncio.sleep):
            pass
        async with theirs.slot(asyncio.sleep):
            pass

    asyncio.run(both())  # neither is refused: two accounts, two budgets


def test_a_caller_with_less_time_left_than_the_wait_is_told_busy_at_once(
    table: Table, clock: FakeClock
) -> None:
    # Given a one-slot budget whose slot frees a second after its last call, and a
    # budget that would wait up to 5 s for it
    budget = TableRequestBudget(
        table, new_tenant_id(), "https://leap\ntoken", limit=1, window=1.0, max_wait=5.0
    )

    async def clock_sleep(seconds: float) -> None:
        clock.advance(seconds)  # the wait passes on the table's clock, not the test's

    async def call(max_wait: float) -> str:
        try:
            async with budget.slot(clock_sleep, max_wait=max_wait):
                return "ran"
        except CrmRateLimitedError as busy:
            return f"busy {busy.retry_after}"

    async def three() -> list[str]:
        return [await call(math.inf), await call(0.5), await call(math.inf)]

    # When a call with only half a second left (its request's deadline) comes next
    # Then it is told at once when to come back; one with time waits for the slot
    assert asyncio.run(three()) == ["ran", "busy 1", "ran"]

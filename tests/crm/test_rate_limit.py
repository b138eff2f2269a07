"""Leap allows 60 calls a minute per token: the client keeps under it, waiting, never dropping."""

from __future__ import annotations

import asyncio
import random
import time

from hard_e.crm.leap import LeapClient
from hard_e.crm.ratelimit import SlidingWindowLimiter, limiter_for_token
from hard_e.crm.simulator import LeapSimulator
from tests.conftest import FrozenClock
from tests.crm.conftest import ClientFactory


def most_in_any_window(stamps: list[float], window: float) -> int:
    """The largest number of stamps inside any half-open window (t - window, t]."""
    stamps = sorted(stamps)
    return max(sum(1 for s in stamps[: i + 1] if s > t - window) for i, t in enumerate(stamps))


# --- the limiter on its own -----------------------------------------------------------


async def test_limiter_grants_the_limit_at_once_then_waits_for_the_window(
    clock: FrozenClock,
) -> None:
    limiter = SlidingWindowLimiter(3, 10.0, clock=clock)
    waited: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waited.append(seconds)
        clock.advance(seconds)

    start = clock()
    for _ in range(3):
        async with limiter.slot(fake_sleep):
            clock.advance(0.5)  # the call takes half a second
    assert waited == []

    async with limiter.slot(fake_sleep):
        granted = clock()

    assert granted == start + 0.5 + 10.0  # the first call's finish leaves the window


async def test_calls_still_in_flight_hold_their_slots(clock: FrozenClock) -> None:
    limiter = SlidingWindowLimiter(2, 5.0, clock=clock)
    polls: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        polls.append(seconds)
        clock.advance(seconds)
        if len(polls) == 2:  # the first call finishes while the third one waits
            await first.__aexit__(None, None, None)

    first, second = limiter.slot(fake_sleep), limiter.slot(fake_sleep)
    await first.__aenter__()
    await second.__aenter__()
    start = clock()

    async with limiter.slot(fake_sleep):
        granted = clock()

    assert polls[:2] == [0.05, 0.05]  # nothing finished yet: poll briefly
    assert granted == start + 0.1 + 5.0  # then wait until the finished call leaves the window
    await second.__aexit__(None, None, None)


async def test_concurrent_calls_never_overfill_any_window() -> None:
    """Whatever instant the server stamps a call with — between grant and finish — no
    window of the server's can hold more than the limit."""
    limiter = SlidingWindowLimiter(5, 0.2)
    rng = random.Random(3)
    spans: list[tuple[float, float]] = []

    async def call() -> None:
        async with limiter.slot(asyncio.sleep):
            granted = time.monotonic()
            await asyncio.sleep(rng.uniform(0, 0.05))
            spans.append((granted, time.monotonic()))

    await asyncio.gather(*(call() for _ in range(30)))

    assert len(spans) == 30
    for granted, _ in spans:  # the worst case is at some call's grant
        overlapping = [s for s in spans if s[0] <= granted < s[1] + 0.2]
        assert len(overlapping) <= 5


def test_clients_of_one_token_share_one_budget() -> None:
    assert limiter_for_token("company-a", 60) is limiter_for_token("company-a", 60)
    assert limiter_for_token("company-a", 60) is not limiter_for_token("company-b", 60)
    # the same token string at another Leap account (e.g. another simulator) is another budget
    assert limiter_for_token("company-a", 60, account="http://a") is not limiter_for_token(
        "company-a", 60, account="http://b"
    )


async def test_the_default_budget_is_sixty_a_minute() -> None:
    client = LeapClient(token="default-budget-token")
    try:
        assert client._limiter is limiter_for_token(
            "default-budget-token", 60, 60.0, account="https://api.jobprogress.com/api/v3"
        )
        assert (client._limiter.limit, client._limiter.window) == (60, 60.0)
    finally:
        await client.aclose()


# --- against the simulator ------------------------------------------------------------


async def test_a_hundred_rapid_calls_never_exceed_the_limit_and_all_complete(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    """60 calls per 2 s stands in for Leap's 60 per minute; two clients of one company
    share the budget, so together they still never trip the server's limit."""
    sim.configure(rate_limit=True, rate_limit_requests=60, rate_limit_window=2.0)
    first, second = (make_client(requests_per_minute=60, rate_window=2.0) for _ in range(2))
    started = time.monotonic()

    results = await asyncio.gather(
        *((first if i % 2 else second).list_trades() for i in range(100))
    )

    elapsed = time.monotonic() - started
    log = sim.requests()
    assert len(results) == 100 and all(results)
    assert len(log) == 100 and {e["status"] for e in log} == {200}  # no 429, nothing dropped
    assert most_in_any_window([e["timestamp"] for e in log], 2.0) <= 60
    assert elapsed >= 2.0  # the last 40 waited for the window to slide

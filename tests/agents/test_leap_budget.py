"""Leap's 60 calls a minute per account, held in the table: shared by every instance, and
a call that cannot get a slot in the time it has answers at once with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest

from hard_e.bootstrap import Services, use_services
from hard_e.bootstrap import services as current
from hard_e.config import Settings
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from tests.agents.conftest import Agents
from tests.conftest import FrozenClock, make_services

BUDGET = 3


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings with a Leap minute of BUDGET calls and no waiting for more."""
    update = {"leap_requests_per_minute": BUDGET, "leap_max_wait_seconds": 0.0}
    return settings.model_copy(update=update)


def leap_calls(sim: LeapSimulator) -> int:
    return sum(1 for r in sim.requests() if r["path"].endswith("/jobs"))


def test_the_budget_holds_across_instances_and_the_rest_answer_429_with_retry_after(
    agents: Agents, settings: Settings, clock: FrozenClock, leap_sim: LeapSimulator
) -> None:
    """Two "Lambda instances" (two Services on one table file) share one Leap budget."""
    key = agents.key(tiers=["green"], rate_limit_per_minute=100)
    other: Services = make_services(settings, clock)
    answers = []
    for n in range(BUDGET + 2):
        if n % 2:  # every other call is served by the second instance
            mine = current()
            use_services(other)
            answers.append(agents.tool(key, "search_jobs", {"keyword": "Peterson"}))
            use_services(mine)
        else:
            answers.append(agents.tool(key, "search_jobs", {"keyword": "Peterson"}))

    statuses = [a.status for a in answers]
    assert sorted(statuses) == [200] * BUDGET + [429] * 2
    busy = next(a for a in answers if a.status == 429)
    assert busy.json()["error"]["code"] == "crm_busy"
    seconds = int(busy.headers["Retry-After"])
    assert 1 <= seconds <= 60
    assert busy.json()["error"]["message"] == f"Leap is busy, try again in {seconds} seconds."
    assert leap_calls(leap_sim) == BUDGET


def test_the_budget_frees_a_minute_after_the_calls_finished(
    agents: Agents, clock: FrozenClock, leap_sim: LeapSimulator
) -> None:
    key = agents.key(tiers=["green"], rate_limit_per_minute=100)
    for _ in range(BUDGET):
        assert agents.tool(key, "search_jobs", {"keyword": "Peterson"}).status == 200
    assert agents.tool(key, "search_jobs", {"keyword": "Peterson"}).status == 429

    clock.advance(61)

    assert agents.tool(key, "search_jobs", {"keyword": "Peterson"}).status == 200


def test_the_brain_tells_the_rep_leap_is_busy_and_when_to_try_again(
    agents: Agents, demo: DemoLogin
) -> None:
    key = agents.key(tiers=["green"], rate_limit_per_minute=100)
    for _ in range(BUDGET):
        agents.tool(key, "search_jobs", {"keyword": "Peterson"})

    reply = agents.gateway.chat("What stage is the Peterson job in?", agents.admin_token).json()

    assert "Leap is busy, try again in" in reply["reply"]


@pytest.fixture
def leap_sim(clock: FrozenClock) -> Iterator[LeapSimulator]:
    """Leap's own limit stays on (our budget keeps far under it)."""
    with LeapSimulator(
        rate_limit=True, rate_limit_requests=100, now=datetime.fromtimestamp(clock.now)
    ) as sim:
        yield sim

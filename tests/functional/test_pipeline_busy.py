"""When Leap's minute runs out in the middle of pricing the pipeline, the answer gives
what was priced and names what was not, instead of a total that silently lacks jobs or
no answer at all."""

from __future__ import annotations

import pytest

from hard_e.config import Settings
from hard_e.crm.simulator.server import LeapSimulator
from tests.conftest import Gateway
from tests.conversation.test_sanity import say

PER_MINUTE = 6  # what is left of the account's minute (other reps spent the rest)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The suite's settings with a Leap minute of PER_MINUTE calls and no waiting for more."""
    update = {"leap_requests_per_minute": PER_MINUTE, "leap_max_wait_seconds": 0.0}
    return settings.model_copy(update=update)


def test_a_pipeline_priced_until_leaps_minute_ran_out_says_what_it_left_out(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    leap_sim.configure(list_money=False)  # each job's money is a call of its own
    leap_sim.clear_requests()

    reply = say(gateway, demo_token, "how much money is sitting in install underway")["reply"]

    priced = [r for r in leap_sim.requests() if "financial" in r["path"]]
    assert 0 < len(priced) < 7  # 7 jobs in that stage; the minute allowed fewer
    assert reply.startswith("Install Underway: 7 jobs")
    assert "in the contracts Leap gave" in reply
    assert f"leave out {7 - len(priced)} job" in reply

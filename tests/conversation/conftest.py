"""The conversation tests play at the labelled sets' fixed company-local time
(``labelled.PLAYED_AT``, a Monday morning), as bench/conversation.py does, so that a
"next Tuesday" or a "tomorrow" reads the same whatever day the tests run."""

from __future__ import annotations

from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest

from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DEMO_TIMEZONE
from tests.conftest import FrozenClock
from tests.conversation.labelled import PLAYED_AT


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(PLAYED_AT.timestamp())


@pytest.fixture
def leap_sim() -> Iterator[LeapSimulator]:
    """The demo company seeded around ``PLAYED_AT`` in the company's own time zone."""
    local = PLAYED_AT.astimezone(ZoneInfo(DEMO_TIMEZONE)).replace(tzinfo=None)
    with LeapSimulator(rate_limit=False, now=local) as sim:
        yield sim

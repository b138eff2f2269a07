"""The Leap simulator on a free loopback port, and LeapClients pointed at it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import datetime
from typing import Any

import pytest

from hard_e.crm.leap import LeapClient
from hard_e.crm.simulator import LeapSimulator

NOW = datetime(2026, 6, 15, 9, 30)  # the demo company's "today" in these tests


@pytest.fixture
def sim() -> Iterator[LeapSimulator]:
    """A fresh demo company per test; a token of its own so no rate budget is shared."""
    with LeapSimulator(token=f"test-{uuid.uuid4().hex}", rate_limit=False, now=NOW) as s:
        yield s


ClientFactory = Callable[..., LeapClient]


@pytest.fixture
async def make_client(sim: LeapSimulator) -> AsyncIterator[ClientFactory]:
    """Clients with a generous client-side budget and millisecond back-off, unless told."""
    made: list[LeapClient] = []

    def factory(**overrides: Any) -> LeapClient:
        options: dict[str, Any] = {
            "token": sim.token,
            "base_url": sim.base_url,
            "requests_per_minute": 10_000,
            "backoff_base": 0.01,
        }
        client = LeapClient(**(options | overrides))
        made.append(client)
        return client

    yield factory
    for client in made:
        await client.aclose()


@pytest.fixture
async def leap(make_client: ClientFactory) -> LeapClient:
    return make_client()


def calls(
    sim: LeapSimulator, method: str | None = None, path_suffix: str = ""
) -> list[dict[str, Any]]:
    """The simulator's request log, filtered by method and the end of the path."""
    return [
        e
        for e in sim.requests()
        if (method is None or e["method"] == method) and e["path"].endswith(path_suffix)
    ]

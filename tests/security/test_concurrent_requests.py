"""Concurrent requests in one process (the local server runs one thread per request)
never see each other's body: each rep's words are run under that rep's own login."""

from __future__ import annotations

import string
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from aws_lambda_powertools.event_handler import APIGatewayHttpResolver

from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from tests.conftest import Gateway, add_user
from tests.security.figures import record

REPS = 12


def test_concurrent_reps_each_get_their_own_message_handled(
    gateway: Gateway, services: Services, demo: DemoLogin, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Widen the gap between Powertools storing the request and reading it, as a busy
    # machine would: without the resolver lock, requests then read each other's body.
    original = APIGatewayHttpResolver._resolve

    def slow_resolve(self: APIGatewayHttpResolver) -> Any:
        time.sleep(0.02)
        return original(self)

    monkeypatch.setattr(APIGatewayHttpResolver, "_resolve", slow_resolve)
    # Given a dozen reps, each logged in
    tokens = []
    for i in range(REPS):
        add_user(services, demo.tenant_id, f"rep{i}@summit.example")
        tokens.append(gateway.login(f"rep{i}@summit.example", "pw-123456").json()["token"])
    colour = [f"{string.ascii_lowercase[i]}quamarine" for i in range(REPS)]

    # When they all tell Hard-E their own preference at the same moment
    def tell(i: int) -> int:
        message = f"remember that I prefer {colour[i]} trim"
        return gateway.chat(message, tokens[i]).status

    with ThreadPoolExecutor(max_workers=REPS) as pool:
        statuses = list(pool.map(tell, range(REPS)))

    # Then each rep's own words were stored as that rep's preference, and nobody else's
    assert statuses == [200] * REPS
    users = {u: i for i in range(REPS) if (u := _user_id(services, demo, i))}
    mixed = [
        m.text
        for m in services.memory.all(demo.tenant_id)
        if m.user_id in users and colour[users[m.user_id]] not in m.text
    ]
    assert len(services.memory.all(demo.tenant_id)) == REPS
    assert mixed == []
    record(f"{REPS} reps talking at once (one process)", f"{len(mixed)} crossed", "0", not mixed)


def _user_id(services: Services, demo: DemoLogin, i: int) -> str | None:
    user = services.directory.find_user_by_email(f"rep{i}@summit.example")
    return user.user_id if user else None

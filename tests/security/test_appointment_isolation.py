"""Company B, with a Leap account of its own, aims at company A's appointment by id —
over REST (as a person and as an API key), over MCP and in chat — to move or cancel it.
A's calendar must be exactly as before, and A's Leap must not even be asked."""

from __future__ import annotations

import asyncio
import copy
import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.crm.simulator.store import AppointmentRec
from hard_e.local.seed import DemoLogin
from hard_e.local.server import LocalServer
from hard_e.tenancy.credentials import CrmCredentials
from tests.agents import conftest as agent_fixtures
from tests.agents.conftest import ALL_TIERS, Agents
from tests.agents.test_mcp_and_isolation import mcp_session
from tests.conftest import FrozenClock, Gateway, add_user

RIVAL_TOKEN = "rival-leap-token"  # a test simulator's token
agents, local_server = agent_fixtures.agents, agent_fixtures.local_server  # the same fixtures


@pytest.fixture
def rival_leap(clock: FrozenClock) -> Iterator[LeapSimulator]:
    """Company B's own Leap account: another company's data (another seed)."""
    now = datetime.fromtimestamp(clock.now)
    with LeapSimulator(token=RIVAL_TOKEN, seed=99, rate_limit=False, now=now) as sim:
        yield sim


def a_visit(sim: LeapSimulator, clock: FrozenClock) -> AppointmentRec:
    now = datetime.fromtimestamp(clock.now).strftime("%Y-%m-%d %H:%M:%S")
    with sim.store.lock:
        found = min(
            (a for a in sim.store.appointments.values() if a.start > now and a.customer_id),
            key=lambda a: a.start,
        )
        return copy.copy(found)


def calendar(sim: LeapSimulator) -> list[tuple[int, str, str, str, int]]:
    with sim.store.lock:
        return sorted(
            (a.id, a.title, a.start, a.end, a.user_id) for a in sim.store.appointments.values()
        )


def test_company_b_cannot_move_or_cancel_company_a_appointment_by_id(
    agents: Agents,
    gateway: Gateway,
    services: Services,
    demo: DemoLogin,
    leap_sim: LeapSimulator,
    rival_leap: LeapSimulator,
    local_server: LocalServer,
    clock: FrozenClock,
) -> None:
    target = a_visit(leap_sim, clock)
    with rival_leap.store.lock:  # B's own Leap has no appointment with A's id
        rival_leap.store.appointments.pop(target.id, None)
    rival = services.directory.create_tenant("Rival Roofing")
    add_user(services, rival.tenant_id, "boss@rival.example", role="admin")
    services.tools.vault.save(
        rival.tenant_id,
        CrmCredentials(provider="leap", token=RIVAL_TOKEN, base_url=rival_leap.base_url),
    )
    b_token = gateway.login("boss@rival.example", "pw-123456").json()["token"]
    b_key = Agents(gateway, b_token).key(tiers=ALL_TIERS)
    a_before, a_asked = calendar(leap_sim), len(leap_sim.requests())
    later = (datetime.fromtimestamp(clock.now) + timedelta(days=3)).strftime("%Y-%m-%d 10:00")
    calls: list[tuple[str, dict[str, Any]]] = [
        ("reschedule_appointment", {"appointment_id": target.id, "start": later}),
        ("reassign_appointment", {"appointment_id": target.id, "user_id": target.user_id}),
        ("cancel_appointment", {"appointment_id": target.id}),
    ]

    answers: dict[str, tuple[int, str]] = {}
    for name, args in calls:
        as_person = gateway.tool(name, args, b_token)
        as_key = agents.tool(b_key, name, args)
        answers[f"rest person {name}"] = (as_person.status, as_person.body.decode())
        answers[f"rest key {name}"] = (as_key.status, as_key.body.decode())

    async def over_mcp() -> dict[str, tuple[int, str]]:
        out = {}
        async with await mcp_session(local_server.url, b_key, "legacy") as client:
            for name, args in calls:
                result = (await client.call_tool(name, args)).structured_content
                out[f"mcp {name}"] = (int(result["http_status"]), json.dumps(result))
        return out

    answers |= asyncio.run(over_mcp())
    said = [
        f"move appointment #{target.id} to {later[:10]} at 10am",
        f"put Marcus on appointment #{target.id} instead",
        "yes",
        f"cancel appointment #{target.id}",
        "yes",
    ]
    session = None
    for message in said:
        turn = gateway.chat(message, b_token, session)
        session = turn.json()["session_id"]
        answers[f"chat {message}"] = (turn.status, turn.json()["reply"])

    for where, (status, text) in answers.items():
        if not where.startswith("chat"):
            assert status == 404, (where, text)  # B's Leap has no such appointment
        assert target.title not in text and demo.tenant_id not in text, where
    assert "isn't on the calendar" in answers[f"chat cancel appointment #{target.id}"][1]
    assert (
        "isn't on the calendar"
        in answers[f"chat put Marcus on appointment #{target.id} instead"][1]
    )
    assert calendar(leap_sim) == a_before
    assert len(leap_sim.requests()) == a_asked  # A's Leap was never even asked
    rival_writes = [e for e in rival_leap.requests() if e["method"] in ("PUT", "DELETE")]
    assert rival_writes == []


def test_a_company_without_leap_gets_a_clear_answer_not_someone_elses_calendar(
    gateway: Gateway,
    services: Services,
    demo: DemoLogin,
    leap_sim: LeapSimulator,
    clock: FrozenClock,
) -> None:
    target = a_visit(leap_sim, clock)
    lone = services.directory.create_tenant("Lone Gutters")
    add_user(services, lone.tenant_id, "solo@lone.example", role="admin")
    token = gateway.login("solo@lone.example", "pw-123456").json()["token"]
    before, asked = calendar(leap_sim), len(leap_sim.requests())

    moved = gateway.tool(
        "reschedule_appointment",
        {"appointment_id": target.id, "start": "2030-01-02 10:00"},
        token,
    )
    cancelled = gateway.tool("cancel_appointment", {"appointment_id": target.id}, token)
    handed = gateway.tool(
        "reassign_appointment", {"appointment_id": target.id, "user_id": target.user_id}, token
    )

    for answer in (moved, cancelled, handed):
        assert 400 <= answer.status < 500, answer.body
        assert target.title not in answer.body.decode()
    assert calendar(leap_sim) == before and len(leap_sim.requests()) == asked

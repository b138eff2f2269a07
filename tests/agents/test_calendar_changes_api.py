"""Moving and cancelling a booked appointment through the tools API (REST and MCP): the
tiers hold, the change lands in Leap, and bad input is a clear 4xx."""

from __future__ import annotations

import asyncio
import copy
from datetime import datetime, timedelta
from typing import Any

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from hard_e.local.server import LocalServer
from tests.agents.conftest import ALL_TIERS, Agents
from tests.agents.test_mcp_and_isolation import mcp_session
from tests.conftest import FrozenClock, Gateway


def upcoming(sim: LeapSimulator, clock: FrozenClock) -> Any:
    """A customer's visit a few days ahead in the simulated company (a copy: the
    simulator's own record changes under the test)."""
    now = datetime.fromtimestamp(clock.now).strftime("%Y-%m-%d %H:%M:%S")
    with sim.store.lock:
        return copy.copy(
            min(
                (a for a in sim.store.appointments.values() if a.start > now and a.customer_id),
                key=lambda a: a.start,
            )
        )


def days_ahead(clock: FrozenClock, days: int, hour: int) -> str:
    day = datetime.fromtimestamp(clock.now) + timedelta(days=days)
    return day.replace(hour=hour, minute=0).strftime("%Y-%m-%d %H:%M")


def test_the_catalogue_offers_a_move_as_yellow_and_a_cancellation_as_red(
    gateway: Gateway, demo_token: str
) -> None:
    listed = gateway.request("GET", "/api/v1/tools", function="tools", token=demo_token)
    tiers = {t["name"]: t["tier"] for t in listed.json()["tools"]}
    assert tiers["reschedule_appointment"] == "yellow"
    assert tiers["cancel_appointment"] == "red"


def test_a_person_moves_an_appointment_and_leap_has_the_new_time(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    visit = upcoming(leap_sim, clock)
    length = datetime.fromisoformat(visit.end) - datetime.fromisoformat(visit.start)
    new_start = days_ahead(clock, 3, 9)

    moved = gateway.tool(
        "reschedule_appointment", {"appointment_id": visit.id, "start": new_start}, demo_token
    )

    assert moved.status == 200, moved.body
    result = moved.json()["result"]
    assert result["changed"] is True and result["from"] == visit.start
    with leap_sim.store.lock:
        now = leap_sim.store.appointments[visit.id]
        assert now.start == f"{new_start}:00"
        assert datetime.fromisoformat(now.end) - datetime.fromisoformat(now.start) == length


def test_a_cancellation_waits_for_approval_then_leaves_the_calendar(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    visit = upcoming(leap_sim, clock)

    held = gateway.tool("cancel_appointment", {"appointment_id": visit.id}, demo_token)

    assert held.status == 202, held.body
    approval = held.json()["approval"]
    assert visit.title in approval["summary"] and visit.title in approval["preview"]
    assert visit.id in leap_sim.store.appointments  # nothing happened yet
    done = gateway.request(
        "POST",
        f"/api/v1/approvals/{approval['id']}/approve",
        function="tools",
        token=demo_token,
    )
    assert done.status == 200, done.body
    assert done.json()["approval"]["status"] == "executed"
    assert visit.id not in leap_sim.store.appointments


@pytest.mark.parametrize(
    ("tool", "args", "status", "code"),
    [
        ("reschedule_appointment", {"appointment_id": 999_999, "start": "FUTURE"}, 404, None),
        ("reschedule_appointment", {"appointment_id": "ID", "start": "PAST"}, 422, "tool_refused"),
        (
            "reschedule_appointment",
            {"appointment_id": "ID", "start": "next tuesday-ish"},
            422,
            "invalid_tool_input",
        ),
        (
            "reschedule_appointment",
            {"appointment_id": "ID", "start": "2026-13-45 25:00"},
            422,
            "invalid_tool_input",
        ),
        ("reschedule_appointment", {"appointment_id": 0, "start": "FUTURE"}, 422, None),
        ("cancel_appointment", {"appointment_id": 999_999}, 404, "crm_not_found"),
        ("cancel_appointment", {"appointment_id": -3}, 422, "invalid_tool_input"),
        ("cancel_appointment", {"appointment_id": "ID", "when": "now"}, 422, None),
    ],
)
def test_bad_input_is_a_clear_4xx_and_changes_nothing(
    gateway: Gateway,
    demo_token: str,
    leap_sim: LeapSimulator,
    clock: FrozenClock,
    tool: str,
    args: dict[str, Any],
    status: int,
    code: str | None,
) -> None:
    visit = upcoming(leap_sim, clock)
    filled = {
        k: (
            visit.id
            if v == "ID"
            else days_ahead(clock, 2, 10)
            if v == "FUTURE"
            else days_ahead(clock, -2, 10)
            if v == "PAST"
            else v
        )
        for k, v in args.items()
    }
    before = sorted((a.id, a.start) for a in leap_sim.store.appointments.values())

    answer = gateway.tool(tool, filled, demo_token)

    assert answer.status == status, answer.body
    error = answer.json()["error"]
    assert error["message"]
    if code is not None:
        assert error["code"] == code
    assert sorted((a.id, a.start) for a in leap_sim.store.appointments.values()) == before


def test_a_past_appointment_cannot_be_cancelled(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    now = datetime.fromtimestamp(clock.now).strftime("%Y-%m-%d %H:%M:%S")
    with leap_sim.store.lock:
        past = next(a for a in leap_sim.store.appointments.values() if a.end < now)

    answer = gateway.tool("cancel_appointment", {"appointment_id": past.id}, demo_token)

    assert answer.status == 422
    assert "already past" in answer.json()["error"]["message"]
    assert past.id in leap_sim.store.appointments


def test_an_agent_moves_over_mcp_and_its_cancellation_is_held(
    agents: Agents,
    local_server: LocalServer,
    leap_sim: LeapSimulator,
    clock: FrozenClock,
    services: Services,
    demo: DemoLogin,
) -> None:
    key = agents.key(tiers=ALL_TIERS)
    visit = upcoming(leap_sim, clock)
    new_start = days_ahead(clock, 4, 15)

    async def go() -> tuple[Any, Any, Any]:
        async with await mcp_session(local_server.url, key, "legacy") as client:
            listed = await client.list_tools()
            moved = await client.call_tool(
                "reschedule_appointment", {"appointment_id": visit.id, "start": new_start}
            )
            held = await client.call_tool("cancel_appointment", {"appointment_id": visit.id})
        return listed, moved, held

    listed, moved, held = asyncio.run(go())

    tiers = {t.name: t.meta["tier"] for t in listed.tools}
    assert (tiers["reschedule_appointment"], tiers["cancel_appointment"]) == ("yellow", "red")
    assert not moved.is_error
    assert moved.structured_content["result"]["appointment"]["start"] == f"{new_start}:00"
    assert held.structured_content["http_status"] == 202
    assert visit.id in leap_sim.store.appointments  # an agent's cancellation waits for a person
    events, _ = services.tools.gate.audit.list(demo.tenant_id, limit=50)
    moves = [e for e in events if e["tool"] == "reschedule_appointment" and e["outcome"] == "ok"]
    assert moves and moves[0]["channel"] == "mcp" and moves[0]["tier"] == "yellow"

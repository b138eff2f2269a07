"""With Claude as the brain: a move the rep asked for runs through the gate and lands in
Leap; a cancellation is held for approval; a move the rep never asked for waits for
their OK instead of running."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.crm.simulator.store import AppointmentRec
from tests.conftest import FrozenClock, Gateway
from tests.support.anthropic_server import ScriptedAnthropic, text, tool_use


@pytest.fixture
def services(claude_services: Services) -> Services:  # this module's brain is Claude
    return claude_services


def keller_visit(sim: LeapSimulator) -> AppointmentRec:
    with sim.store.lock:
        return copy.copy(next(a for a in sim.store.appointments.values() if "Keller" in a.title))


def later(clock: FrozenClock, days: int, hour: int) -> str:
    day = datetime.fromtimestamp(clock.now) + timedelta(days=days)
    return day.strftime(f"%Y-%m-%d {hour:02d}:00")


def writes(sim: LeapSimulator) -> list[str]:
    return [
        f"{e['method']} {e['path']}" for e in sim.requests() if e["method"] in ("PUT", "DELETE")
    ]


def test_claude_moves_the_appointment_the_rep_asked_to_move(
    gateway: Gateway,
    demo_token: str,
    claude_api: ScriptedAnthropic,
    leap_sim: LeapSimulator,
    clock: FrozenClock,
) -> None:
    visit, new_start = keller_visit(leap_sim), later(clock, 3, 10)
    claude_api.reply(
        tool_use("reschedule_appointment", {"appointment_id": visit.id, "start": new_start})
    )
    claude_api.reply(text("Moved the Keller site visit."))

    chat = gateway.chat("move the Keller site visit to Thursday at 10", demo_token).json()

    assert chat["brain"] == "claude"
    assert chat["tool_calls"][0]["status"] == "ok"
    assert writes(leap_sim) == [f"PUT /api/v3/appointments/{visit.id}"]
    with leap_sim.store.lock:
        assert leap_sim.store.appointments[visit.id].start == f"{new_start}:00"
    offered = {t["name"] for t in claude_api.requests[0].tools}
    assert {"reschedule_appointment", "cancel_appointment", "list_appointments"} <= offered


def test_claude_cancelling_waits_for_approval(
    gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    visit = keller_visit(leap_sim)
    claude_api.reply(tool_use("cancel_appointment", {"appointment_id": visit.id}))
    claude_api.reply(text("It's waiting for your OK."))

    chat = gateway.chat("cancel the Keller site visit", demo_token).json()

    assert chat["tool_calls"][0]["status"] == "pending_approval"
    assert visit.title in chat["approvals"][0]["preview"]
    assert writes(leap_sim) == []
    told = claude_api.requests[1].messages[-1]["content"][0]
    assert "NOT DONE YET" in told["content"]


def test_a_move_the_rep_did_not_ask_for_waits_for_their_ok(
    gateway: Gateway,
    demo_token: str,
    claude_api: ScriptedAnthropic,
    leap_sim: LeapSimulator,
    clock: FrozenClock,
) -> None:
    visit = keller_visit(leap_sim)
    claude_api.reply(
        tool_use(
            "reschedule_appointment", {"appointment_id": visit.id, "start": later(clock, 5, 9)}
        )
    )
    claude_api.reply(text("Here is your week."))

    chat = gateway.chat("what's on the calendar this week?", demo_token).json()

    assert chat["tool_calls"][0]["status"] == "pending_approval"
    assert writes(leap_sim) == []


def test_claude_puts_another_rep_on_the_appointment_the_rep_named(
    gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    visit = keller_visit(leap_sim)
    with leap_sim.store.lock:
        marcus = next(u for u in leap_sim.store.users.values() if u.first_name == "Marcus")
    claude_api.reply(
        tool_use("reassign_appointment", {"appointment_id": visit.id, "user_id": marcus.id})
    )
    claude_api.reply(text("Marcus has the Keller site visit now."))

    chat = gateway.chat("put Marcus on the Keller site visit instead", demo_token).json()

    assert chat["tool_calls"][0]["status"] == "ok"
    with leap_sim.store.lock:
        after = leap_sim.store.appointments[visit.id]
        assert (after.user_id, after.start) == (marcus.id, visit.start)
    offered = {t["name"]: t for t in claude_api.requests[0].tools}
    schema = offered["reassign_appointment"]["input_schema"]
    assert {"appointment_id", "user_id"} <= set(schema["required"])

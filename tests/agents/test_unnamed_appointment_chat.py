"""A rep moves or cancels an appointment without naming it ("move it to Friday", "cancel
my appointment"): the one last talked about; else, when the rep has exactly one booked,
that one; else Hard-E lists them and asks which. Nothing moves or goes without a yes."""

from __future__ import annotations

import copy
import re
from datetime import datetime, timedelta

import pytest

from hard_e.crm.simulator.server import LeapSimulator
from hard_e.crm.simulator.store import AppointmentRec
from hard_e.local.seed import DEMO_NAME
from tests.agents.test_calendar_changes_chat import Rep, booked, next_weekday, start_of, today
from tests.conftest import FrozenClock, Gateway


@pytest.fixture
def rep(gateway: Gateway, demo_token: str) -> Rep:
    return Rep(gateway, demo_token)


def give_the_rep(sim: LeapSimulator, clock: FrozenClock, *customers: str) -> list[int]:
    """The demo rep's own calendar from now on: one site visit per customer named, on
    the days after today (whatever the seed gave them is handed to a teammate)."""
    first, last = DEMO_NAME.split()
    with sim.store.lock:
        me = next(
            u for u in sim.store.users.values() if (u.first_name, u.last_name) == (first, last)
        )
        other = next(u for u in sim.store.users.values() if u.id != me.id)
        for a in sim.store.appointments.values():
            if a.user_id == me.id:
                a.user_id, a.attendee_ids = other.id, [other.id]
        ids = []
        for n, customer in enumerate(customers, start=1):
            day = datetime.fromtimestamp(clock.now).date() + timedelta(days=n)
            appt = AppointmentRec(
                id=sim.store.next_id(sim.store.appointments),
                title=f"Site visit — {customer}",
                description="",
                start=f"{day.isoformat()} 11:00:00",
                end=f"{day.isoformat()} 12:00:00",
                location="",
                customer_id=None,
                user_id=me.id,
                job_ids=[],
                attendee_ids=[me.id],
                created_by=me.id,
                created_at=f"{day.isoformat()} 08:00:00",
            )
            sim.store.appointments[appt.id] = copy.copy(appt)
            ids.append(appt.id)
        return ids


def test_it_is_the_appointment_last_talked_about(
    rep: Rep, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    novak, other = booked(leap_sim, "Novak"), booked(leap_sim, "Keller")
    friday = next_weekday(today(clock) + timedelta(days=1), 4)

    rep.says("move the Novak walkthrough to tomorrow at 8am")
    rep.says("no")
    asked = rep.says("actually move it to Friday")

    assert asked.startswith("Move Final walkthrough — Novak")
    assert f"to Friday {friday:%b} {friday.day} at" in asked
    assert start_of(leap_sim, novak.id) == novak.start  # nothing moved before the yes
    rep.says("yes")
    assert start_of(leap_sim, novak.id) == f"{friday.isoformat()} {novak.start[11:]}"
    assert start_of(leap_sim, other.id) == other.start


def test_with_nothing_talked_about_the_reps_only_appointment_is_meant(
    rep: Rep, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    (mine,) = give_the_rep(leap_sim, clock, "Harlow")

    asked = rep.says("move it to Friday at 10")

    assert asked.startswith("Move Site visit — Harlow from ")
    rep.says("yes")
    friday = next_weekday(today(clock), 4)
    assert start_of(leap_sim, mine) == f"{friday.isoformat()} 10:00:00"


def test_with_several_booked_the_rep_is_asked_which_and_nothing_moves(
    rep: Rep, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    first, second = give_the_rep(leap_sim, clock, "Harlow", "Quinlan")
    before = {i: start_of(leap_sim, i) for i in (first, second)}

    which = rep.says("can you move my appointment to thursday at 3")

    assert which.startswith("Which one should I move?")
    assert "Site visit — Harlow" in which and "Site visit — Quinlan" in which
    assert {i: start_of(leap_sim, i) for i in (first, second)} == before
    asked = rep.says("the second one")
    assert asked.startswith("Move Site visit — Quinlan from ")


def test_with_nothing_booked_the_rep_is_told_and_nothing_changes(
    rep: Rep, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    give_the_rep(leap_sim, clock)

    answer = rep.says("move it to Friday")

    assert answer.startswith("You have nothing booked in the next 60 days")
    assert ("reschedule_appointment", "ok") not in rep.tools


def test_after_a_list_it_is_one_of_those_listed(rep: Rep, leap_sim: LeapSimulator) -> None:
    listed = rep.says("what's on the calendar tomorrow")
    which = rep.says("move it to Friday at 10")

    titles = re.findall(r"(?:am|pm) ([^;(]+?) \(", listed)  # "8 am Site visit — Caldwell (…"
    assert len(titles) >= 2 and which.startswith("Which one should I move?")
    assert all(title in which for title in titles)


def test_a_bare_cancel_my_appointment_waits_for_a_yes(
    rep: Rep, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    (mine,) = give_the_rep(leap_sim, clock, "Harlow")

    asked = rep.says("cancel my appointment")

    assert asked.startswith("Ready to cancel Site visit — Harlow")
    assert rep.tools[-1] == ("cancel_appointment", "pending_approval")
    assert start_of(leap_sim, mine) is not None
    rep.says("yes")
    assert start_of(leap_sim, mine) is None


def test_cancel_the_appointment_inside_a_draft_drops_the_draft_only(
    rep: Rep, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    (mine,) = give_the_rep(leap_sim, clock, "Harlow")

    rep.says("add a new customer")
    answer = rep.says("cancel the appointment")

    assert answer == "Okay, dropped it."
    assert start_of(leap_sim, mine) is not None

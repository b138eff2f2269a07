"""A rep moves or cancels a booked appointment in chat (typed, or as the voice worker
hands over what was said), offline: the appointment is found from their words, the move
is read back and happens only on "yes", a cancellation waits for approval."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.crm.simulator.store import AppointmentRec
from hard_e.local.seed import DemoLogin
from hard_e.text.dates import HOUR_WORDS
from tests.conftest import FrozenClock, Gateway


class Rep:
    """One chat session of the demo admin."""

    def __init__(self, gateway: Gateway, token: str) -> None:
        self.gateway, self.token, self.session = gateway, token, None
        self.tools: list[tuple[str, str]] = []

    def says(self, message: str) -> str:
        turn = self.gateway.chat(message, self.token, self.session).json()
        self.session = turn["session_id"]
        self.tools = [(c["name"], c["status"]) for c in turn["tool_calls"]]
        reply: str = turn["reply"]
        return reply


@pytest.fixture
def rep(gateway: Gateway, demo_token: str) -> Rep:
    return Rep(gateway, demo_token)


def today(clock: FrozenClock) -> date:
    return datetime.fromtimestamp(clock.now).date()


def booked(sim: LeapSimulator, title_has: str) -> AppointmentRec:
    """The first upcoming appointment whose title names ``title_has`` (a copy)."""
    with sim.store.lock:
        found = sorted(
            (a for a in sim.store.appointments.values() if title_has in a.title),
            key=lambda a: a.start,
        )
        return copy.copy(found[-1])


def start_of(sim: LeapSimulator, appointment_id: int) -> str | None:
    with sim.store.lock:
        a = sim.store.appointments.get(appointment_id)
        return a.start if a else None


def next_weekday(after: date, weekday: int) -> date:
    return after + timedelta(days=(weekday - after.weekday()) % 7)


def test_a_move_is_read_back_and_happens_only_on_yes(
    rep: Rep, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    keller = booked(leap_sim, "Keller")
    thursday = next_weekday(today(clock), 3)
    hour = int(keller.start[11:13]) % 12 or 12

    asked = rep.says(
        f"move my {hour}{'pm' if int(keller.start[11:13]) >= 12 else 'am'} "
        "with Keller to Thursday at 10"
    )

    assert asked.startswith("Move Site visit — Keller (Steven Keller) from ")
    assert f"to Thursday {thursday:%b} {thursday.day} at 10 am? Say yes" in asked
    assert start_of(leap_sim, keller.id) == keller.start  # nothing moved yet
    done = rep.says("yes")
    assert done.startswith(f"Done: Site visit — Keller moved to Thursday {thursday:%b}")
    assert start_of(leap_sim, keller.id) == f"{thursday.isoformat()} 10:00:00"
    assert rep.tools == [("reschedule_appointment", "ok")]


def test_a_no_leaves_the_appointment_where_it_is(rep: Rep, leap_sim: LeapSimulator) -> None:
    keller = booked(leap_sim, "Keller")

    rep.says("push the Keller site visit to next monday at 3")
    answer = rep.says("no")

    assert answer == "Okay, I left it where it is."
    assert start_of(leap_sim, keller.id) == keller.start


def test_voice_words_move_it_too(rep: Rep, leap_sim: LeapSimulator, clock: FrozenClock) -> None:
    keller = booked(leap_sim, "Keller")
    spoken_hour = ["twelve", *HOUR_WORDS[:11]][int(keller.start[11:13]) % 12]
    half = "pm" if int(keller.start[11:13]) >= 12 else "am"

    asked = rep.says(f"uh move my {spoken_hour} {half} with keller to friday at nine thirty")
    rep.says("yeah")

    friday = next_weekday(today(clock), 4)
    assert "Site visit — Keller" in asked
    assert start_of(leap_sim, keller.id) == f"{friday.isoformat()} 09:30:00"


def test_several_that_fit_are_offered_and_the_pick_is_moved(
    rep: Rep, leap_sim: LeapSimulator
) -> None:
    with leap_sim.store.lock:
        duffy = sorted(
            (copy.copy(a) for a in leap_sim.store.appointments.values() if "Duffy" in a.title),
            key=lambda a: a.start,
        )
    upcoming = [a for a in duffy if not a.is_completed]
    assert len(upcoming) >= 2  # the demo company books the Duffys twice

    which = rep.says("can we push the Duffy site visit to 9am")
    assert which.startswith("Which one should I move?") and which.count("Site visit — Duffy") >= 2
    asked = rep.says("the second one")
    assert "to " in asked and "at 9 am? Say yes" in asked
    rep.says("yes")

    second = upcoming[1]
    assert start_of(leap_sim, second.id) == f"{second.start[:10]} 09:00:00"
    assert start_of(leap_sim, upcoming[0].id) == upcoming[0].start


def test_a_move_without_a_time_asks_for_one(rep: Rep, leap_sim: LeapSimulator) -> None:
    eckert = booked(leap_sim, "Eckert")

    asked = rep.says("reschedule the Eckert walkthrough")
    assert asked == "When should Final walkthrough — Eckert move to? Say a day and a time."
    confirm = rep.says("tomorrow at 8am")
    assert "at 8 am? Say yes" in confirm
    rep.says("yes")
    assert start_of(leap_sim, eckert.id) != eckert.start


def test_a_move_into_the_past_is_refused_and_nothing_moves(
    rep: Rep, leap_sim: LeapSimulator
) -> None:
    keller = booked(leap_sim, "Keller")

    answer = rep.says("move the Keller site visit to yesterday at 10am")

    assert "is already past, so I left Site visit — Keller where it is." in answer
    assert start_of(leap_sim, keller.id) == keller.start


def test_an_appointment_that_is_not_booked_is_said_plainly(
    rep: Rep, leap_sim: LeapSimulator
) -> None:
    answer = rep.says("cancel the Hogwarts inspection")

    assert answer.startswith("I couldn't find the Hogwarts inspection on the calendar")
    assert rep.tools == [("list_appointments", "ok")]


def test_a_cancellation_waits_for_yes_then_the_appointment_is_gone(
    rep: Rep, leap_sim: LeapSimulator
) -> None:
    zimmerman = booked(leap_sim, "Zimmerman")

    asked = rep.says("cancel the Zimmerman site visit")

    assert asked.startswith("Ready to cancel Site visit — Zimmerman (Ashley Zimmerman), ")
    assert asked.endswith("Say yes to cancel it, or no to keep it.")
    assert rep.tools[-1] == ("cancel_appointment", "pending_approval")
    assert start_of(leap_sim, zimmerman.id) == zimmerman.start
    done = rep.says("yes")
    assert done.startswith("Done: Take Site visit — Zimmerman")
    assert start_of(leap_sim, zimmerman.id) is None


def test_a_cancellation_said_no_to_keeps_the_appointment(rep: Rep, leap_sim: LeapSimulator) -> None:
    baxter = booked(leap_sim, "Baxter")

    rep.says("take the Baxter site visit off the calendar")
    rep.says("no")

    assert start_of(leap_sim, baxter.id) == baxter.start


def test_a_move_by_an_hour_counts_from_where_it_is(rep: Rep, leap_sim: LeapSimulator) -> None:
    novak = booked(leap_sim, "Novak")
    an_hour_later = datetime.fromisoformat(novak.start) + timedelta(hours=1)

    asked = rep.says("push the Novak walkthrough back an hour")
    rep.says("yes")

    assert f"at {an_hour_later.hour % 12 or 12} " in asked
    assert start_of(leap_sim, novak.id) == an_hour_later.strftime("%Y-%m-%d %H:%M:%S")


def test_a_move_read_back_can_be_corrected_before_the_yes(
    rep: Rep, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    ellison = booked(leap_sim, "Ellison")
    thursday = next_weekday(today(clock), 3)

    rep.says("move the Ellison walkthrough to Thursday at 10")
    asked = rep.says("no wait make it 11 instead")
    rep.says("yes")

    assert f"to Thursday {thursday:%b} {thursday.day} at 11 am? Say yes" in asked
    assert start_of(leap_sim, ellison.id) == f"{thursday.isoformat()} 11:00:00"


def test_a_loose_time_is_read_in_the_companys_day_not_utcs(
    rep: Rep, services: Services, demo: DemoLogin, leap_sim: LeapSimulator, clock: FrozenClock
) -> None:
    keller = booked(leap_sim, "Keller")
    zone = "Pacific/Kiritimati"  # UTC+14: the company's day is already tomorrow in UTC's
    services.directory.update_tenant(demo.tenant_id, timezone=zone)
    their_tomorrow = datetime.fromtimestamp(clock.now, ZoneInfo(zone)).date() + timedelta(days=1)
    assert their_tomorrow != datetime.fromtimestamp(clock.now, UTC).date() + timedelta(days=1)

    asked = rep.says("move the Keller site visit to first thing tomorrow")
    rep.says("yes")

    assert f"{their_tomorrow:%b} {their_tomorrow.day} at 8 am? Say yes" in asked
    assert start_of(leap_sim, keller.id) == f"{their_tomorrow.isoformat()} 08:00:00"

""" "next Tuesday" said on a Monday may mean tomorrow or the week after: a booking asks
which (and remembers the pick), a calendar read says which day it read; a "next
Friday" said on a Monday is the coming one. Every booking says its date, and its title
is the kind as meant, not as mistyped."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hard_e.crm.simulator.server import LeapSimulator
from tests.agents.test_calendar_changes_chat import Rep
from tests.conftest import FrozenClock, Gateway

MONDAY_10AM_NEW_YORK = datetime(2026, 12, 7, 15, 0, tzinfo=UTC).timestamp()
MONDAY_10PM_NEW_YORK = datetime(2026, 12, 8, 3, 0, tzinfo=UTC).timestamp()  # Tuesday in UTC


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(MONDAY_10AM_NEW_YORK)


@pytest.fixture
def rep(gateway: Gateway, demo_token: str) -> Rep:
    return Rep(gateway, demo_token)


def appointments_titled(sim: LeapSimulator, title: str) -> list[str]:
    with sim.store.lock:
        return sorted(a.start for a in sim.store.appointments.values() if a.title == title)


def test_next_tuesday_on_a_monday_is_asked_and_the_pick_is_booked(
    rep: Rep, leap_sim: LeapSimulator
) -> None:
    # Given it is Monday Dec 7 for the company
    # When the rep books for "next Tuesday"
    asked = rep.says("book an inspection for the Keller job next Tuesday at 10am")

    # Then Hard-E asks which Tuesday, and books nothing yet
    assert asked == (
        "Next Tuesday — do you mean Tuesday the 8th (tomorrow) or Tuesday the 15th (next week)?"
    )
    assert appointments_titled(leap_sim, "Inspection — Keller") == []
    booked = rep.says("the 15th")
    assert booked.startswith("Booked: Inspection — Keller, Tuesday Dec 15 at 10 am")
    assert appointments_titled(leap_sim, "Inspection — Keller") == ["2026-12-15 10:00:00"]


def test_the_pick_is_remembered_for_the_session(rep: Rep, leap_sim: LeapSimulator) -> None:
    rep.says("book an inspection for the Keller job next Tuesday at 10am")
    rep.says("tomorrow")

    again = rep.says("book a measure for the Ochoa job next tuesday at 2")

    assert again.startswith("Booked: Measure — Ochoa, Tuesday Dec 8 at 2 pm")


def test_a_yes_to_which_tuesday_picks_neither(rep: Rep, leap_sim: LeapSimulator) -> None:
    rep.says("book an inspection for the Keller job next Tuesday at 10am")

    again = rep.says("yes, book it")

    assert again.startswith("Which one — Tuesday the 8th (tomorrow) or Tuesday the 15th")
    assert appointments_titled(leap_sim, "Inspection — Keller") == []


def test_next_friday_on_a_monday_is_the_coming_one(rep: Rep) -> None:
    booked = rep.says("book a site visit for the Mercer job next friday at 9")

    assert booked.startswith("Booked: Site Visit — Mercer, Friday Dec 11 at 9 am")


def test_a_calendar_read_for_next_tuesday_says_which_day_it_read(rep: Rep) -> None:
    said = rep.says("what's on my calendar next tuesday")

    assert "Tuesday Dec 8" in said
    assert "(That's tomorrow; ask for Dec 15 if you meant the week after.)" in said


class TestLateMondayEvening:
    """10 pm Monday in New York, already Tuesday in UTC."""

    @pytest.fixture
    def clock(self) -> FrozenClock:
        return FrozenClock(MONDAY_10PM_NEW_YORK)

    def test_the_company_clock_decides_not_utc(self, rep: Rep) -> None:
        asked = rep.says("book an inspection for the Keller job next Tuesday at 10am")

        assert asked.startswith("Next Tuesday — do you mean Tuesday the 8th (tomorrow)")


def test_a_mistyped_kind_is_booked_under_its_right_name(rep: Rep, leap_sim: LeapSimulator) -> None:
    booked = rep.says("book a bid reveiw for the mercer job thursday at 10")

    assert booked.startswith("Booked: Bid Review — Mercer, Thursday Dec 10 at 10 am")
    assert appointments_titled(leap_sim, "Bid Review — Mercer") == ["2026-12-10 10:00:00"]

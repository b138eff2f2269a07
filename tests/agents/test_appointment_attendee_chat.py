"""A rep changes who attends a booked appointment in chat, offline ("put Marcus on the
Keller site visit instead", "swap the rep on my 3 o'clock"): the change is read back and
lands in Leap only on "yes"; a teammate the company doesn't have is never guessed."""

from __future__ import annotations

import pytest

from hard_e.crm.simulator.server import LeapSimulator
from tests.agents.test_calendar_changes_chat import Rep, booked
from tests.conftest import Gateway


@pytest.fixture
def rep(gateway: Gateway, demo_token: str) -> Rep:
    return Rep(gateway, demo_token)


def attends(sim: LeapSimulator, appointment_id: int) -> tuple[str, str]:
    """Who is on it (first name) and when it starts."""
    with sim.store.lock:
        a = sim.store.appointments[appointment_id]
        return sim.store.users[a.user_id].first_name, a.start


def user_named(sim: LeapSimulator, first: str) -> int:
    with sim.store.lock:
        return next(u.id for u in sim.store.users.values() if u.first_name == first)


@pytest.mark.parametrize(
    "said",
    [
        "put {mate} on the Keller site visit instead",
        "give the Keller site visit to {mate}",
        "can you have {mate} take the Keller site visit",
        "{mate} is taking the Keller site visit",
        "can {mate} cover the Keller site visit",
        "switch the Keller visit over to {mate}",
    ],
)
def test_another_rep_goes_after_a_yes(rep: Rep, leap_sim: LeapSimulator, said: str) -> None:
    keller = booked(leap_sim, "Keller")
    now_on, start = attends(leap_sim, keller.id)
    mate = "Priya" if now_on != "Priya" else "Glen"

    asked = rep.says(said.format(mate=mate))

    assert asked.startswith(f"Put {mate} ") and "Site visit — Keller" in asked
    assert asked.endswith("Say yes to change it, or no.")
    assert attends(leap_sim, keller.id) == (now_on, start)  # nothing changed before the yes
    done = rep.says("yes")
    assert done.startswith(f"Done: {mate} ")
    assert attends(leap_sim, keller.id) == (mate, start)
    assert rep.tools == [("reassign_appointment", "ok")]


def test_a_no_keeps_the_rep_who_was_on_it(rep: Rep, leap_sim: LeapSimulator) -> None:
    baxter = booked(leap_sim, "Baxter")
    before = attends(leap_sim, baxter.id)

    rep.says("give the Baxter site visit to Glen")
    rep.says("nah")

    assert attends(leap_sim, baxter.id) == before


def test_swap_the_rep_asks_who_goes_then_reads_it_back(rep: Rep, leap_sim: LeapSimulator) -> None:
    novak = booked(leap_sim, "Novak")
    now_on, start = attends(leap_sim, novak.id)
    mate = "Luis" if now_on != "Luis" else "Tasha"

    asked = rep.says("swap the rep on the Novak walkthrough")
    assert asked.startswith("Who should go to Final walkthrough — Novak")
    assert f"instead of {now_on}" in asked
    rep.says(mate)
    rep.says("yes")

    assert attends(leap_sim, novak.id) == (mate, start)


def test_a_teammate_the_company_lacks_is_not_guessed(rep: Rep, leap_sim: LeapSimulator) -> None:
    novak = booked(leap_sim, "Novak")
    before = attends(leap_sim, novak.id)

    answer = rep.says("put Zelda on the Novak walkthrough")

    assert answer.startswith('I don\'t know a "Zelda" on your team.')
    assert ("reassign_appointment", "ok") not in rep.tools
    assert attends(leap_sim, novak.id) == before


def test_a_booking_just_made_changes_hands(rep: Rep, leap_sim: LeapSimulator) -> None:
    rep.says("book an inspection for the Keller job next Friday at 10am")
    asked = rep.says("put it on Luis's calendar")
    rep.says("yes")

    inspection = booked(leap_sim, "Inspection — Keller")
    assert asked.startswith("Put Luis Ortega on Inspection — Keller")
    assert attends(leap_sim, inspection.id)[0] == "Luis"
    assert user_named(leap_sim, "Luis") == inspection.user_id


def test_can_you_cover_it_names_no_teammate(rep: Rep, leap_sim: LeapSimulator) -> None:
    keller = booked(leap_sim, "Keller")
    before = attends(leap_sim, keller.id)

    rep.says("can you cover the Keller site visit")

    assert ("reassign_appointment", "ok") not in rep.tools
    assert attends(leap_sim, keller.id) == before

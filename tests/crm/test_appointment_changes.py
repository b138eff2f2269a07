"""Moving and cancelling a booked appointment: the LeapClient against the simulator."""

from __future__ import annotations

import pytest

from hard_e.crm import CrmNotFoundError, CrmUnavailableError, CrmValidationError
from hard_e.crm.leap import LeapClient
from hard_e.crm.models import Appointment
from hard_e.crm.simulator import LeapSimulator
from tests.crm.conftest import calls

WEEK = ("2026-06-15 00:00:00", "2026-06-22 23:59:59")


async def a_job_visit(leap: LeapClient) -> Appointment:
    return next(a for a in await leap.list_appointments(*WEEK) if a.job_ids and a.customer_id)


async def test_a_moved_appointment_keeps_its_customer_job_and_attendee(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    before = await a_job_visit(leap)

    moved = await leap.reschedule_appointment(
        before.id, "2026-06-19 10:00:00", "2026-06-19 11:30:00"
    )

    assert (moved.start, moved.end) == ("2026-06-19 10:00:00", "2026-06-19 11:30:00")
    again = await leap.get_appointment(before.id)
    assert (again.start, again.end) == (moved.start, moved.end)
    kept = ("title", "customer_id", "customer_name", "user_id", "job_ids", "location")
    assert {k: getattr(again, k) for k in kept} == {k: getattr(before, k) for k in kept}
    (put,) = calls(sim, "PUT", f"/appointments/{before.id}")
    assert put["content_type"] == "application/x-www-form-urlencoded"
    assert put["form"]["start_date_time"] == ["2026-06-19 10:00:00"]
    assert put["form"]["job_ids[]"] == [str(j) for j in before.job_ids]


async def test_a_cancelled_appointment_is_off_the_calendar(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    gone = await a_job_visit(leap)

    await leap.cancel_appointment(gone.id)

    assert gone.id not in {a.id for a in await leap.list_appointments(*WEEK)}
    with pytest.raises(CrmNotFoundError, match=f"appointment {gone.id}"):
        await leap.get_appointment(gone.id)
    assert [e["status"] for e in calls(sim, "DELETE")] == [200]


async def test_another_rep_on_an_appointment_keeps_its_time_customer_and_job(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    before = await a_job_visit(leap)
    other = next(u for u in await leap.list_users() if u.id != before.user_id)

    changed = await leap.reassign_appointment(before.id, other.id)

    again = await leap.get_appointment(before.id)
    assert changed.user_id == again.user_id == other.id
    assert again.user_name == other.full_name
    kept = ("title", "start", "end", "customer_id", "job_ids", "location")
    assert {k: getattr(again, k) for k in kept} == {k: getattr(before, k) for k in kept}
    (put,) = calls(sim, "PUT", f"/appointments/{before.id}")
    assert put["form"]["user_id"] == [str(other.id)]


async def test_an_unknown_appointment_is_not_found_for_every_change(leap: LeapClient) -> None:
    changes = [
        leap.reschedule_appointment(999_999, "2026-06-19 10:00:00", "2026-06-19 11:00:00"),
        leap.reassign_appointment(999_999, 1),
        leap.cancel_appointment(999_999),
    ]
    for change in changes:
        with pytest.raises(CrmNotFoundError):
            await change


async def test_leap_refuses_an_end_before_the_start(leap: LeapClient) -> None:
    visit = await a_job_visit(leap)
    with pytest.raises(CrmValidationError, match="end_date_time"):
        await leap.reschedule_appointment(visit.id, "2026-06-19 10:00:00", "2026-06-19 09:00:00")
    assert (await leap.get_appointment(visit.id)).start == visit.start


async def test_a_move_whose_answer_was_lost_is_confirmed_by_looking_not_sent_twice(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    visit = await a_job_visit(leap)
    sim.fail_next(502, method="PUT", after_write=True)  # done, then the answer is lost

    moved = await leap.reschedule_appointment(
        visit.id, "2026-06-20 08:00:00", "2026-06-20 09:00:00"
    )

    assert moved.start == "2026-06-20 08:00:00"
    assert [e["status"] for e in calls(sim, "PUT")] == [502]


async def test_a_cancel_whose_answer_was_lost_is_confirmed_by_looking(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    visit = await a_job_visit(leap)
    sim.fail_next(500, method="DELETE", after_write=True)

    await leap.cancel_appointment(visit.id)

    assert [e["status"] for e in calls(sim, "DELETE")] == [500]
    assert calls(sim, "GET", f"/appointments/{visit.id}")[-1]["status"] == 404


async def test_a_cancel_leap_never_made_says_it_was_not_done(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    visit = await a_job_visit(leap)
    sim.fail_next(500, method="DELETE")  # refused before anything was deleted

    with pytest.raises(CrmUnavailableError, match="it is still booked, so it was not done"):
        await leap.cancel_appointment(visit.id)
    assert (await leap.get_appointment(visit.id)).id == visit.id

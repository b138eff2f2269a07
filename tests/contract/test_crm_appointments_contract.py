"""One contract for changing a booked appointment, held by the Leap adapter against two
Leaps: the simulator (what ``make run`` serves) and Leap as its wire is written down in
``LEAP_API.md`` — the older write replies (``{"message", "appointment": {...}}``), Laravel's
``errors`` on a refusal, no ``status`` key — answered from a handful of records. The same
expectations pass on both, so the adapter leans on nothing only the simulator does."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from hard_e.crm import CrmNotFoundError, CrmValidationError
from hard_e.crm.leap import LeapClient
from hard_e.crm.simulator import LeapSimulator

NOW = datetime(2026, 6, 15, 9, 30)
BASE = "https://leap.example/api/v3"
TOKEN = "documented-leap-token"  # a test Leap's token


class DocumentedLeap:
    """Leap's appointment routes as written down, over a few in-memory records."""

    def __init__(self) -> None:
        self.records: dict[int, dict[str, Any]] = {
            7101: {
                "id": 7101,
                "title": "Site visit — Keller",
                "description": "Keller Roof Replacement",
                "start_date_time": "2026-06-16 14:00:00",
                "end_date_time": "2026-06-16 15:00:00",
                "location": "6066 Karl Rd, Hilliard, OH 43026",
                "customer_id": 3301,
                "user_id": 1104,
                "job_ids": [9901],
                "customer": {"data": {"id": 3301, "first_name": "Steven", "last_name": "Keller"}},
                "user": {"data": {"id": 1104, "first_name": "Luis", "last_name": "Ortega"}},
                "jobs": {"data": [{"id": 9901, "name": "Keller Roof Replacement"}]},
            }
        }
        self.writes: list[tuple[str, str, dict[str, list[str]]]] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return httpx.Response(401, json={"error": {"message": "Unauthenticated."}})
        path = request.url.path.removeprefix("/api/v3")
        parts = path.strip("/").split("/")
        if len(parts) != 2 or parts[0] != "appointments" or not parts[1].isdigit():
            return httpx.Response(404, json={"error": {"message": "Not Found."}})
        record = self.records.get(int(parts[1]))
        if record is None:
            return httpx.Response(404, json={"error": {"message": "Appointment Not Found."}})
        form = parse_qs(request.content.decode(), keep_blank_values=True)
        if request.method != "GET":
            self.writes.append((request.method, path, form))
        if request.method == "GET":
            return httpx.Response(200, json={"data": record})
        if request.method == "DELETE":
            del self.records[record["id"]]
            return httpx.Response(200, json={"message": "Appointment deleted successfully."})
        if request.method == "PUT":
            start, end = form["start_date_time"][0], form["end_date_time"][0]
            if end < start:
                errors = {"end_date_time": ["The end date time must be after the start."]}
                return httpx.Response(422, json={"message": "Invalid", "errors": errors})
            record |= {"title": form["title"][0], "start_date_time": start, "end_date_time": end}
            return httpx.Response(200, json={"message": "Updated.", "appointment": record})
        return httpx.Response(405, json={"error": {"message": "Method Not Allowed"}})


@dataclass
class Account:
    """A Leap account with one booked customer visit, and what was written to it."""

    client: LeapClient
    visit_id: int
    writes: Callable[[], list[tuple[str, dict[str, list[str]]]]]


@pytest.fixture
def simulator() -> Iterator[LeapSimulator]:
    with LeapSimulator(token=f"contract-{uuid.uuid4().hex}", rate_limit=False, now=NOW) as sim:
        yield sim


@pytest.fixture(params=["simulator", "as documented"])
async def account(request: pytest.FixtureRequest) -> AsyncIterator[Account]:
    if request.param == "simulator":
        sim: LeapSimulator = request.getfixturevalue("simulator")
        client = LeapClient(token=sim.token, base_url=sim.base_url, requests_per_minute=10_000)
        with sim.store.lock:
            visit = min(
                (a for a in sim.store.appointments.values() if a.job_ids and not a.is_completed),
                key=lambda a: a.start,
            )

        def sim_writes() -> list[tuple[str, dict[str, list[str]]]]:
            return [(e["method"], e["form"]) for e in sim.requests() if e["method"] != "GET"]

        yield Account(client, visit.id, sim_writes)
    else:
        leap = DocumentedLeap()
        http = httpx.AsyncClient(transport=httpx.MockTransport(leap))
        client = LeapClient(token=TOKEN, base_url=BASE, http_client=http)

        def documented_writes() -> list[tuple[str, dict[str, list[str]]]]:
            return [(method, form) for method, _, form in leap.writes]

        yield Account(client, 7101, documented_writes)
        await http.aclose()
    await client.aclose()


async def test_an_appointment_reads_with_its_customer_job_and_attendee(account: Account) -> None:
    visit = await account.client.get_appointment(account.visit_id)

    assert visit.id == account.visit_id and visit.title
    assert visit.customer_id and visit.customer_name and visit.job_ids and visit.user_name
    assert datetime.strptime(visit.start, "%Y-%m-%d %H:%M:%S") < datetime.strptime(
        visit.end, "%Y-%m-%d %H:%M:%S"
    )


async def test_a_move_sends_the_whole_record_and_keeps_the_rest(account: Account) -> None:
    before = await account.client.get_appointment(account.visit_id)

    moved = await account.client.reschedule_appointment(
        account.visit_id, "2026-06-19 10:00:00", "2026-06-19 11:00:00"
    )

    assert (moved.start, moved.end) == ("2026-06-19 10:00:00", "2026-06-19 11:00:00")
    again = await account.client.get_appointment(account.visit_id)
    assert (again.title, again.customer_id, again.job_ids) == (
        before.title,
        before.customer_id,
        before.job_ids,
    )
    ((method, form),) = account.writes()
    assert method == "PUT"
    assert form["title"] == [before.title]
    assert form["job_ids[]"] == [str(j) for j in before.job_ids]
    assert form["start_date_time"] == ["2026-06-19 10:00:00"]


async def test_a_cancelled_appointment_cannot_be_read_again(account: Account) -> None:
    await account.client.cancel_appointment(account.visit_id)

    with pytest.raises(CrmNotFoundError, match=f"appointment {account.visit_id}"):
        await account.client.get_appointment(account.visit_id)
    assert [method for method, _ in account.writes()] == ["DELETE"]


async def test_an_unknown_appointment_is_not_found_and_nothing_is_written(
    account: Account,
) -> None:
    for change in (
        account.client.get_appointment(424_242),
        account.client.reschedule_appointment(
            424_242, "2026-06-19 10:00:00", "2026-06-19 11:00:00"
        ),
        account.client.cancel_appointment(424_242),
    ):
        with pytest.raises(CrmNotFoundError):
            await change
    assert [m for m, _ in account.writes() if m != "DELETE"] == []


async def test_an_end_before_the_start_is_refused_field_by_field(account: Account) -> None:
    with pytest.raises(CrmValidationError) as refused:
        await account.client.reschedule_appointment(
            account.visit_id, "2026-06-19 10:00:00", "2026-06-19 09:00:00"
        )

    assert "end_date_time" in refused.value.fields
    assert json.dumps(refused.value.fields).count("after") == 1

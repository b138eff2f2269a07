"""How LeapClient fails: clear errors, retries only where they are safe, no token leaks."""

from __future__ import annotations

import asyncio
import json
import socket
import time

import httpx
import pytest

from hard_e.crm import (
    CrmAuthError,
    CrmNotFoundError,
    CrmRateLimitedError,
    CrmUnavailableError,
    CrmValidationError,
)
from hard_e.crm.exceptions import CrmOutcomeUnknownError
from hard_e.crm.leap import LeapClient
from hard_e.crm.models import NewCustomer, NewJob, Phone
from hard_e.crm.simulator import LeapSimulator
from hard_e.deadline import Deadline
from tests.crm.conftest import ClientFactory, calls

DOLORES = NewCustomer("Dolores", "Haze", Phone("cell", "6145550999"))


def customer_count(sim: LeapSimulator) -> int:
    with sim.store.lock:
        return len(sim.store.customers)


# --- 4xx: no retry ----------------------------------------------------------------------


async def test_a_wrong_token_is_an_auth_error_after_exactly_one_request(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    wrong = "not-the-right-token-5d1f"
    client = make_client(token=wrong)

    with pytest.raises(CrmAuthError) as caught:
        await client.search_customers("sullivan")

    assert "Settings → Developers" in str(caught.value) and wrong not in str(caught.value)
    assert [e["status"] for e in sim.requests()] == [401]


async def test_a_forbidden_call_is_an_auth_error_without_retry(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    sim.fail_next(403)

    with pytest.raises(CrmAuthError, match="403"):
        await leap.list_users()

    assert [e["status"] for e in sim.requests()] == [403]


async def test_unknown_records_are_not_found(leap: LeapClient, sim: LeapSimulator) -> None:
    with pytest.raises(CrmNotFoundError, match="job 42"):
        await leap.get_job(42)
    with pytest.raises(CrmNotFoundError, match="customer 7"):
        await leap.get_customer(7)
    with pytest.raises(CrmNotFoundError):
        await leap.list_job_notes(42)

    assert [e["status"] for e in sim.requests()] == [404, 404, 404]


async def test_refused_fields_come_back_as_a_validation_error(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    with pytest.raises(CrmValidationError) as caught:
        await leap.create_customer(NewCustomer("", "Haze", Phone("cell", "555-12")))

    assert set(caught.value.fields) == {"first_name", "phone_0_number"}
    assert "required" in caught.value.fields["first_name"]
    assert [e["status"] for e in calls(sim, "POST")] == [422]  # after one look for twins


async def test_bad_ids_are_validation_errors(leap: LeapClient) -> None:
    customer = (await leap.search_customers("", limit=1)).items[0]

    with pytest.raises(CrmValidationError) as bad_trade:
        await leap.create_job(NewJob(customer.id, "New roof", trade_id=999))
    with pytest.raises(CrmValidationError) as bad_stage:
        await leap.move_job_to_stage((await leap.search_jobs("")).items[0].id, "no-such-stage")

    assert set(bad_trade.value.fields) == {"trade_0_id"}
    assert set(bad_stage.value.fields) == {"stage"}


# --- 5xx and timeouts -------------------------------------------------------------------


async def test_a_read_is_retried_through_server_errors(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    sim.fail_next(500, 503)

    trades = await leap.list_trades()

    assert trades
    assert [e["status"] for e in calls(sim, "GET", "/company/trades")] == [500, 503, 200]


async def test_a_read_gives_up_after_max_retries(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    client = make_client(max_retries=2)
    sim.fail_next(500, 500, 500, 500)

    with pytest.raises(CrmUnavailableError, match="after 3 tries"):
        await client.list_trades()

    assert len(sim.requests()) == 3


async def test_a_write_hitting_a_server_error_is_not_repeated(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    customer = (await leap.search_customers("", limit=1)).items[0]
    sim.clear_requests()
    sim.fail_next(500, method="POST")  # refused before Leap did anything

    with pytest.raises(CrmUnavailableError, match="I checked and it is not there"):
        await leap.create_job(NewJob(customer.id, "Full reroof", trade_id=8))

    assert [e["status"] for e in calls(sim, "POST")] == [500]


async def test_a_write_during_maintenance_waits_and_is_sent_once_more(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    before = customer_count(sim)
    sim.fail_next(503, retry_after=0.1, method="POST")  # "down for maintenance": nothing done

    created = await leap.create_customer(DOLORES)

    assert [e["status"] for e in calls(sim, "POST", "/customers")] == [503, 200]
    assert customer_count(sim) == before + 1 and created.full_name == "Dolores Haze"


async def test_a_write_that_timed_out_is_not_repeated_but_confirmed_by_looking(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    client = make_client(timeout=0.15)
    job_id = (await client.search_jobs("", limit=1)).items[0].id
    notes_before = len(await client.list_job_notes(job_id))
    sim.delay_next(0.4, method="POST")  # saved at once, answered after the client gave up
    sim.clear_requests()

    note = await client.add_job_note(job_id, "Crew lead called in sick.")

    assert note.text == "Crew lead called in sick."
    assert len(calls(sim, "POST")) == 1  # never sent twice
    assert len(await client.list_job_notes(job_id)) == notes_before + 1


async def test_a_write_whose_answer_was_lost_is_reported_done_once(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    before = customer_count(sim)
    sim.fail_next(502, method="POST", after_write=True)  # done, then the answer is lost

    created = await leap.create_customer(DOLORES)

    assert created.full_name == "Dolores Haze"
    assert [e["status"] for e in calls(sim, "POST", "/customers")] == [502]
    assert customer_count(sim) == before + 1


async def test_an_unanswered_write_that_cannot_be_checked_says_so(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    # Given a stage move Leap carried out but whose answer was lost
    job = (await leap.search_jobs("", limit=1)).items[0]
    stage = next(s for s in await leap.list_stages() if job.stage and s.code != job.stage.code)
    sim.fail_next(500, method="POST", after_write=True)
    sim.fail_next(500, 500, 500, 500, method="GET")  # and the check gets no answer either

    with pytest.raises(CrmOutcomeUnknownError, match="Look in Leap before trying again"):
        await leap.move_job_to_stage(job.id, stage.code)
    assert len(calls(sim, "POST")) == 1


async def test_no_call_starts_after_the_deadline_and_retries_stop_at_it(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    late = make_client(deadline=Deadline.after(0.1))
    await asyncio.sleep(0.15)
    with pytest.raises(CrmUnavailableError, match="out of time before Leap could be asked"):
        await late.create_customer(DOLORES)
    assert calls(sim, "POST") == []

    sim.configure(latency_ms=2000)
    started = time.monotonic()
    with pytest.raises(CrmUnavailableError):
        await make_client(timeout=5, deadline=Deadline.after(1.0)).list_trades()
    assert time.monotonic() - started < 1.0  # the turn keeps its time


async def test_a_read_that_times_out_is_retried_then_reported(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    client = make_client(timeout=0.1, max_retries=1)
    sim.configure(latency_ms=300)

    with pytest.raises(CrmUnavailableError, match="ReadTimeout"):
        await client.list_trades()

    assert len(calls(sim, "GET", "/company/trades")) == 2


async def test_an_unreachable_leap_is_unavailable(make_client: ClientFactory) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    client = make_client(base_url=f"http://127.0.0.1:{port}/api/v3", max_retries=1)

    with pytest.raises(CrmUnavailableError, match="could not be reached"):
        await client.list_trades()
    with pytest.raises(CrmUnavailableError, match="could not be reached"):
        await client.create_customer(DOLORES)  # never sent, so retrying was safe


# --- 429 ------------------------------------------------------------------------------


async def test_a_429_is_honoured_then_the_call_succeeds(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    sim.configure(rate_limit=True, rate_limit_requests=2, rate_limit_window=1.0)
    client = make_client()  # its own budget is far above the server's

    for _ in range(3):
        await client.list_trades()

    log = sim.requests()
    assert [e["status"] for e in log] == [200, 200, 429, 200]
    assert log[3]["timestamp"] - log[2]["timestamp"] >= 0.95  # waited the Retry-After


async def test_a_write_refused_with_429_is_sent_again_and_saved_once(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    before = customer_count(sim)
    sim.fail_next(429, retry_after=0.1, method="POST")

    await leap.create_customer(DOLORES)

    assert [e["status"] for e in calls(sim, "POST", "/customers")] == [429, 200]
    assert customer_count(sim) == before + 1


async def test_a_429_that_asks_to_wait_past_the_deadline_is_busy_at_once(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    client = make_client(deadline=Deadline.after(2.0))
    sim.fail_next(429, retry_after=5, method="POST")
    started = time.monotonic()

    with pytest.raises(CrmRateLimitedError, match="Leap is busy, try again in 5 seconds") as busy:
        await client.create_customer(DOLORES)

    assert busy.value.retry_after == 5
    assert time.monotonic() - started < 1.0  # told at once, not after the wait
    assert [e["status"] for e in calls(sim, "POST")] == [429]


async def test_endless_429s_end_in_a_rate_limited_error(
    make_client: ClientFactory, sim: LeapSimulator
) -> None:
    client = make_client(max_retries=2)
    sim.fail_next(429, 429, 429, retry_after=0.01)

    with pytest.raises(CrmRateLimitedError):
        await client.list_trades()


# --- secrets ----------------------------------------------------------------------------


async def test_the_token_never_reaches_the_request_log(
    leap: LeapClient, sim: LeapSimulator
) -> None:
    await leap.create_customer(DOLORES)
    await leap.add_job_note((await leap.search_jobs("")).items[0].id, "Gate code 4471.")

    async with httpx.AsyncClient(verify=False) as http:
        over_http = (await http.get(f"{sim.url}/__sim__/requests")).json()

    assert len([e for e in over_http["data"] if e["method"] == "POST"]) == 2
    assert sim.token not in json.dumps(over_http)
    assert "authorization" not in json.dumps(over_http).lower()

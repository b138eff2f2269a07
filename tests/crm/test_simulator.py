"""The Leap simulator on its own, spoken to with plain HTTP as any Leap client would."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime

import httpx
import pytest

from hard_e.crm.simulator import LeapSimulator, build_demo_store
from tests.crm.conftest import NOW

PAGINATION_KEYS = {"total", "count", "per_page", "current_page", "total_pages", "links"}


@pytest.fixture
def http(sim: LeapSimulator) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {sim.token}", "Accept": "application/json"}
    with httpx.Client(base_url=sim.base_url, headers=headers, verify=False) as client:
        yield client


# --- envelopes ------------------------------------------------------------------------


def test_a_list_comes_in_leaps_paginated_envelope(http: httpx.Client) -> None:
    body = http.get("/customers", params={"limit": 10, "page": 2}).json()

    assert set(body) == {"data", "meta", "status"}
    assert set(body["meta"]) == {"pagination"}
    pagination = body["meta"]["pagination"]
    assert set(pagination) == PAGINATION_KEYS
    total = pagination["total"]
    assert pagination == {
        "total": total,
        "count": 10,
        "per_page": 10,
        "current_page": 2,
        "total_pages": -(-total // 10),
        "links": pagination["links"],
    }
    assert set(pagination["links"]) == {"previous", "next"}
    assert "page=3" in pagination["links"]["next"]
    assert len(body["data"]) == 10


def test_the_page_size_is_capped_at_a_hundred(http: httpx.Client) -> None:
    pagination = http.get("/jobs", params={"limit": 500}).json()["meta"]["pagination"]

    assert pagination["per_page"] == 100 and pagination["total_pages"] == 1


def test_a_single_record_comes_as_data_with_included_lists_nested(http: httpx.Client) -> None:
    job_id = http.get("/jobs").json()["data"][0]["id"]
    includes = {"includes[]": ["customer", "customer.phones", "trades", "reps"]}

    body = http.get(f"/jobs/{job_id}", params=includes).json()

    assert set(body) == {"data", "status"}
    job = body["data"]
    assert set(job["trades"]) == {"data"} and job["trades"]["data"][0]["name"]
    assert set(job["reps"]) == {"data"}
    assert job["customer"]["id"] == job["customer_id"]  # an included record is a plain object
    assert set(job["customer"]["phones"]) == {"data"}
    assert set(job["current_stage"]) == {"name", "color", "code"}
    assert "address" not in job  # not asked for, not sent


def test_a_write_answers_with_message_and_data(http: httpx.Client) -> None:
    job_id = http.get("/jobs").json()["data"][0]["id"]

    body = http.post(f"/jobs/{job_id}/notes", files={"note": (None, "Called, no answer.")}).json()

    assert set(body) == {"message", "data", "status"}
    assert body["data"]["note"] == "Called, no answer."


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization", [None, "Bearer wrong-token", "Token {token}", "Bearer"], ids=str
)
def test_calls_without_the_right_bearer_token_are_401(
    sim: LeapSimulator, authorization: str | None
) -> None:
    headers = {"Authorization": authorization.format(token=sim.token)} if authorization else {}

    response = httpx.get(f"{sim.base_url}/customers", headers=headers, verify=False)

    assert response.status_code == 401
    assert response.json() == {"error": {"status_code": 401, "message": "Unauthenticated."}}


def test_missing_fields_are_422_with_every_field_named(http: httpx.Client) -> None:
    response = http.post("/customers", data={"last_name": "Haze"})

    assert response.status_code == 422
    error = response.json()["error"]
    assert error["status_code"] == 422 and error["message"] == "Validation Failed"
    assert set(error["validation"]) == {"first_name", "phone_0_label", "phone_0_number"}
    assert all(isinstance(v, list) and v for v in error["validation"].values())


def test_a_json_body_is_not_read_as_a_form(http: httpx.Client) -> None:
    body = {"first_name": "A", "last_name": "B", "phone_0_label": "cell"}

    response = http.post("/customers", json=body)

    assert response.status_code == 422


def test_unknown_ids_routes_and_methods(http: httpx.Client) -> None:
    assert http.get("/jobs/1").status_code == 404
    assert http.get("/jobs/1").json()["error"]["message"] == "Job Not Found."
    assert http.get("/no-such-thing").status_code == 404
    assert http.delete("/jobs").status_code == 405
    bad = http.post("/jobs", data={"customer_id": "1", "description": "x", "trade_0_id": "999"})
    assert set(bad.json()["error"]["validation"]) == {"customer_id", "trade_0_id"}


def test_the_rate_limit_answers_429_with_retry_after(
    sim: LeapSimulator, http: httpx.Client
) -> None:
    sim.configure(rate_limit=True, rate_limit_requests=3, rate_limit_window=30.0)

    statuses = [http.get("/company/trades").status_code for _ in range(4)]
    refused = http.get("/company/trades")

    assert statuses == [200, 200, 200, 429]
    assert 1 <= int(refused.headers["Retry-After"]) <= 30
    assert refused.json()["error"]["status_code"] == 429


# --- demo company -----------------------------------------------------------------------


def test_the_demo_company_is_big_enough_and_uses_every_stage(http: httpx.Client) -> None:
    customers = http.get("/customers", params={"limit": 1}).json()["meta"]["pagination"]
    jobs = http.get("/jobs", params={"limit": 100}).json()
    stages = http.get("/workflow/stages").json()["data"]

    assert customers["total"] >= 40
    assert jobs["meta"]["pagination"]["total"] >= 60
    assert len(stages) >= 8 and all(s["jobs_count"] > 0 for s in stages)
    assert [s["position"] for s in stages] == list(range(1, len(stages) + 1))
    assert {j["current_stage"]["code"] for j in jobs["data"]} == {s["code"] for s in stages}
    assert all(re.fullmatch(r"\d{4}-\d{7}-\d{2}", j["number"]) for j in jobs["data"])


def test_the_workflow_has_stages_that_share_a_word(http: httpx.Client) -> None:
    names = [s["name"] for s in http.get("/workflow/stages").json()["data"]]
    words = [w for n in names for w in set(n.lower().split())]

    assert "lead" not in {n.lower() for n in names}  # the company's own names
    assert any(words.count(w) >= 2 for w in words if len(w) > 3)


def test_there_are_customers_with_nearly_the_same_name(http: httpx.Client) -> None:
    sullivans = http.get("/customers", params={"query": "sullivan"}).json()["data"]
    petersons = http.get("/customers", params={"query": "peters"}).json()["data"]

    assert len(sullivans) == 2
    assert {c["last_name"] for c in petersons} >= {"Peterson", "Petersen"}


def test_the_calendar_has_past_and_upcoming_appointments(http: httpx.Client) -> None:
    now = NOW.strftime("%Y-%m-%d %H:%M:%S")
    everything = http.get("/appointments", params={"limit": 100}).json()["data"]

    assert any(a["start_date_time"] < now for a in everything)
    assert any(a["start_date_time"] > now for a in everything)
    only_jobs = http.get("/appointments", params={"limit": 100, "with_job": 1}).json()["data"]
    assert 0 < len(only_jobs) < len(everything)


def test_the_same_seed_builds_the_same_company() -> None:
    assert build_demo_store(7, now=NOW) == build_demo_store(7, now=NOW)
    assert build_demo_store(7, now=NOW) != build_demo_store(8, now=NOW)


def test_writes_are_visible_to_reads_and_reset_restores_the_seed(
    sim: LeapSimulator, http: httpx.Client
) -> None:
    form = {"first_name": "Ada", "last_name": "Byron", "phone_0_label": "cell"}
    created = http.post("/customers", data=form | {"phone_0_number": "614-555-0100"}).json()

    assert http.get(f"/customers/{created['data']['id']}").json()["data"]["last_name"] == "Byron"
    assert http.post(f"{sim.url}/__sim__/reset").json()["reset"] is True
    assert http.get(f"/customers/{created['data']['id']}").status_code == 404


# --- controls -------------------------------------------------------------------------


def test_latency_is_added_to_every_call(sim: LeapSimulator, http: httpx.Client) -> None:
    http.post(f"{sim.url}/__sim__/config", json={"latency_ms": 200})

    started = time.perf_counter()
    http.get("/company/trades")

    assert time.perf_counter() - started >= 0.2


def test_injected_faults_repeat_for_the_same_seed() -> None:
    def statuses(seed: int) -> list[int]:
        with LeapSimulator(seed=seed, rate_limit=False, fault_rate=0.4, now=NOW) as sim:
            headers = {"Authorization": f"Bearer {sim.token}"}
            with httpx.Client(base_url=sim.base_url, headers=headers, verify=False) as client:
                return [client.get("/company/trades").status_code for _ in range(25)]

    first = statuses(7)

    assert first == statuses(7)
    assert {200, 500, 503} <= set(first) <= {200, 500, 503}
    assert first != statuses(8)


def test_the_request_log_records_calls_and_can_be_cleared(
    sim: LeapSimulator, http: httpx.Client
) -> None:
    http.put("/jobs/notes/1", data={"note": "x"}, params={"includes[]": "created_by"})

    (entry,) = http.get(f"{sim.url}/__sim__/requests").json()["data"]

    assert entry["method"] == "PUT" and entry["path"] == "/api/v3/jobs/notes/1"
    assert entry["query"] == {"includes[]": ["created_by"]}
    assert entry["form"] == {"note": ["x"]} and entry["status"] == 404
    assert entry["timestamp"] == pytest.approx(time.time(), abs=5)
    assert http.delete(f"{sim.url}/__sim__/requests").json() == {"cleared": 1}
    assert sim.requests() == []


def test_config_refuses_unknown_settings(sim: LeapSimulator, http: httpx.Client) -> None:
    response = http.post(f"{sim.url}/__sim__/config", json={"latency": 5})

    assert response.status_code == 400 and "latency" in response.json()["error"]["message"]
    assert http.get(f"{sim.url}/__sim__/config").json()["latency_ms"] == 0


def test_the_clock_of_the_demo_is_injectable() -> None:
    store = build_demo_store(7, now=datetime(2030, 1, 1))

    assert max(a.start for a in store.appointments.values()) > "2030-01-01"


def test_a_bigger_company_has_the_jobs_asked_for_and_the_demo_stays_the_same() -> None:
    big = build_demo_store(7, jobs=500)
    demo = build_demo_store(7)

    assert len(big.jobs) == 500 and len(big.financials) == 500
    assert {s.code for s in big.stages} == {j.stage_code for j in big.jobs.values()}
    numbers = [p.number for c in big.customers.values() for p in c.phones]
    assert len(numbers) == len(set(numbers))  # every customer can be told apart by phone
    assert (len(demo.jobs), len(demo.customers), len(demo.tasks)) == (66, 44, 24)

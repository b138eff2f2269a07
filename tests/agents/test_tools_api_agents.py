"""The tools API as agents use it: exact rate limits, approvals, idempotency, audit."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from hard_e.local.server import LocalServer
from tests.agents.conftest import Agents
from tests.conftest import FrozenClock, add_user

NEW_CUSTOMER = {"first_name": "Emily", "last_name": "Johnson", "phone": "614-555-0199"}


def note_posts(sim: LeapSimulator) -> list[dict[str, Any]]:
    return [r for r in sim.requests() if r["method"] == "POST" and r["path"].endswith("/notes")]


def test_with_a_limit_of_n_n_plus_20_concurrent_calls_admit_exactly_n(
    agents: Agents, local_server: LocalServer
) -> None:
    n = 10
    key = agents.key(tiers=["green"], rate_limit_per_minute=n)

    def call(_: int) -> httpx.Response:
        return httpx.get(f"{local_server.url}/api/v1/tools", headers={"X-Api-Key": key}, timeout=30)

    with ThreadPoolExecutor(max_workers=n + 20) as pool:
        answers = list(pool.map(call, range(n + 20)))

    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200] * n + [429] * 20
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60


def test_the_limit_opens_again_in_the_next_minute(agents: Agents, clock: FrozenClock) -> None:
    key = agents.key(tiers=["green"], rate_limit_per_minute=2)
    assert [agents.call(key, "GET", "/api/v1/tools").status for _ in range(3)] == [200, 200, 429]

    clock.advance(60)

    assert agents.call(key, "GET", "/api/v1/tools").status == 200


def test_a_red_tool_answers_202_and_the_approval_shows_the_result_once_a_person_approves(
    agents: Agents,
) -> None:
    key = agents.key()
    held = agents.tool(key, "create_customer", NEW_CUSTOMER)
    assert held.status == 202
    approval = held.json()["approval"]
    path = f"/api/v1/approvals/{approval['id']}"

    by_key = agents.call(key, "POST", f"{path}/approve")
    waiting = agents.call(key, "GET", path).json()["approval"]
    approved = agents.gateway.request(
        "POST", f"{path}/approve", function="tools", token=agents.admin_token
    )
    done = agents.call(key, "GET", path).json()["approval"]

    assert by_key.status == 403  # an agent never approves, not even its own request
    assert waiting["status"] == "pending" and waiting["result"] is None
    assert approved.status == 200
    assert done["status"] == "executed" and done["result"]["name"] == "Emily Johnson"


def test_a_reps_pending_approvals_are_found_however_many_newer_ones_exist(
    agents: Agents, services: Services, demo: DemoLogin
) -> None:
    add_user(services, demo.tenant_id, "sam@summit.example")
    sam = services.directory.find_user_by_email("sam@summit.example")
    assert sam is not None
    store = services.approvals

    def hold(who: str) -> str:
        return store.create(
            demo.tenant_id,
            tool="send_email",
            args={},
            summary="x",
            requested_by=who,
            session_id=None,
        ).id

    mine = hold(sam.user_id)
    for _ in range(230):  # newer approvals of someone else push Sam's out of "the newest 200"
        hold("usr_someone_else")
    sam_token = agents.gateway.login("sam@summit.example", "pw-123456").json()["token"]

    listed = agents.call(None, "GET", "/api/v1/approvals?status=pending", token=sam_token)
    others = agents.call(
        None,
        "GET",
        "/api/v1/approvals?status=pending&requested_by=usr_someone_else",
        token=sam_token,
    )

    assert [a["id"] for a in listed.json()["approvals"]] == [mine]
    assert others.status == 403


def test_a_repeated_idempotency_key_returns_the_first_answer_without_running_again(
    agents: Agents, leap_sim: LeapSimulator
) -> None:
    key = agents.key(tiers=["green", "yellow"])
    args = {"job": "Peterson", "note": "Gate code 4411"}

    first = agents.tool(key, "add_job_note", args, idempotency_key="note-1")
    again = agents.tool(key, "add_job_note", args, idempotency_key="note-1")
    other = agents.tool(key, "add_job_note", {**args, "note": "other"}, idempotency_key="note-1")

    assert first.status == again.status == 200 and first.json() == again.json()
    assert len(note_posts(leap_sim)) == 1
    assert (other.status, other.json()["error"]["code"]) == (409, "idempotency_conflict")


def test_batch_items_are_idempotent_one_by_one(agents: Agents, leap_sim: LeapSimulator) -> None:
    key = agents.key(tiers=["green", "yellow"])
    calls = [
        {"tool": "add_job_note", "input": {"job": "Peterson", "note": "A"}, "idempotency_key": "a"},
        {"tool": "search_jobs", "input": {"keyword": "Peterson"}},
    ]
    body = {"calls": calls}

    first = agents.call(key, "POST", "/api/v1/tools/batch", body=body).json()["results"]
    second = agents.call(key, "POST", "/api/v1/tools/batch", body=body).json()["results"]

    assert [r["status"] for r in first] == ["ok", "ok"] and first[0] == second[0]
    assert len(note_posts(leap_sim)) == 1
    too_many = agents.call(key, "POST", "/api/v1/tools/batch", body={"calls": calls * 6})
    assert (too_many.status, too_many.json()["error"]["code"]) == (422, "validation_error")


def test_every_call_is_audited_with_redacted_arguments_and_filters_by_key_tool_and_time(
    agents: Agents, clock: FrozenClock
) -> None:
    bot, other = agents.key(), agents.key(name="Other bot")
    bot_id = bot.split("_")[1]
    agents.tool(bot, "search_customers", {"query": "peterson@example.com"})
    clock.advance(600)
    agents.tool(bot, "add_job_note", {"job": "Peterson", "note": "call 614-555-0199"})
    agents.tool(bot, "create_customer", NEW_CUSTOMER)
    agents.tool(bot, "no_such_tool", {})
    agents.tool(other, "search_jobs", {"keyword": "Peterson"})
    agents.tool(other, "search_jobs", {"keyword": "Peterson", "limit": bot})  # a pasted secret

    def audit(query: str) -> list[dict[str, Any]]:
        result = agents.admin("GET", f"/api/v1/audit?{query}")
        assert result.status == 200, result.body
        events: list[dict[str, Any]] = result.json()["events"]
        return events

    mine = audit(f"key={bot_id}")
    assert [(e["tool"], e["tier"], e["outcome"]) for e in mine] == [
        ("no_such_tool", "", "unknown_tool"),
        ("create_customer", "red", "pending_approval"),
        ("add_job_note", "yellow", "ok"),
        ("search_customers", "green", "ok"),
    ]
    assert all(e["user_id"] == bot_id and e["actor_kind"] == "key" for e in mine)
    assert all(isinstance(e["latency_ms"], float | int) for e in mine)
    trail = str(mine)
    for secret in ("peterson@example.com", "614-555-0199", "Emily", "Johnson"):
        assert secret not in trail
    assert mine[2]["args"] == {"job": "Peterson", "note": "[redacted]"}
    assert [e["tool"] for e in audit(f"key={bot_id}&tool=add_job_note")] == ["add_job_note"]
    start = int(clock.now - 300)
    assert len(audit(f"key={bot_id}&since={start}")) == 3
    searches = audit("tool=search_jobs")
    assert [e["outcome"] for e in searches] == ["invalid_input", "ok"]
    assert bot.split("_", 2)[2] not in str(searches)  # nothing of a key's secret is kept
    paged = agents.admin("GET", f"/api/v1/audit?key={bot_id}&limit=3").json()
    rest = audit(f"key={bot_id}&limit=3&cursor={paged['cursor']}")
    assert len(paged["events"]) == 3 and [e["tool"] for e in rest] == ["search_customers"]

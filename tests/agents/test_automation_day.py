"""An automation agent's simulated day: 300 mixed calls from one key — execute, batch,
MCP and agent messages — with the right results and a complete audit trail."""

from __future__ import annotations

from collections import Counter
from typing import Any

import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.server import LocalServer
from tests.agents.conftest import ALL_TIERS, Agents
from tests.conftest import FrozenClock

CALLS = 300
DAY = 10 * 3600  # a working day, 8 am to 6 pm
KINDS = ["execute", "execute", "batch", "mcp", "execute", "agent", "mcp", "execute", "batch", "mcp"]


async def test_300_mixed_calls_over_a_day_give_the_right_results_and_a_complete_audit_trail(
    agents: Agents, local_server: LocalServer, clock: FrozenClock, leap_sim: LeapSimulator
) -> None:
    key = agents.key(scopes={"tiers": ALL_TIERS, "converse": True})  # the default 60/min
    key_id = key.split("_")[1]
    day_starts = clock.now
    done: Counter[str] = Counter()
    tool_calls = 0  # what the audit trail must hold
    notes: list[str] = []
    held: list[str] = []
    http = httpx2.AsyncClient(headers={"X-Api-Key": key}, timeout=30)
    async with Client(
        streamable_http_client(f"{local_server.url}/mcp", http_client=http), mode="legacy"
    ) as mcp:
        for n in range(CALLS):
            clock.advance(DAY / CALLS)
            kind = KINDS[n % len(KINDS)]
            if kind == "execute" and n % 40 == 0:  # now and then a new lead: red, waits
                answer = agents.tool(
                    key,
                    "create_customer",
                    {"first_name": "Lead", "last_name": f"N{n}", "phone": f"614555{n:04d}"},
                )
                assert answer.status == 202
                held.append(answer.json()["approval"]["id"])
                tool_calls += 1
            elif kind == "execute" and n % 2:
                note = f"Called back, visit {n}"
                answer = agents.tool(
                    key,
                    "add_job_note",
                    {"job": "Peterson", "note": note},
                    idempotency_key=f"note-{n}",
                )
                assert answer.status == 200, answer.body
                again = agents.tool(
                    key,
                    "add_job_note",
                    {"job": "Peterson", "note": note},
                    idempotency_key=f"note-{n}",
                )  # a retry of the same call: answered from memory, never run twice
                assert again.json() == answer.json()
                notes.append(note)
                tool_calls += 1  # the replay runs no tool and is not a second action
            elif kind == "execute":
                answer = agents.tool(key, "search_jobs", {"keyword": "Peterson"})
                assert answer.json()["result"]["jobs"][0]["name"] == "Peterson Entry Door"
                tool_calls += 1
            elif kind == "batch":
                calls = [
                    {"tool": "search_customers", "input": {"query": "Peterson"}},
                    {"tool": "list_workflow_stages", "input": {}},
                ]
                results = agents.call(
                    key, "POST", "/api/v1/tools/batch", body={"calls": calls}
                ).json()["results"]
                assert [r["status"] for r in results] == ["ok", "ok"]
                assert results[0]["result"]["customers"][0]["name"] == "John Peterson"
                tool_calls += 2
            elif kind == "mcp":
                result = await mcp.call_tool("get_job", {"job": "Peterson"})
                assert not result.is_error
                assert result.structured_content["result"]["name"] == "Peterson Entry Door"
                tool_calls += 1
            else:
                reply = agents.call(
                    key,
                    "POST",
                    "/api/v1/agent/messages",
                    function="chat",
                    body={"message": "What stage is the Peterson job in?"},
                ).json()
                assert "Peterson" in reply["reply"]
                tool_calls += len(reply["tool_calls"])
            done[kind] += 1

    assert sum(done.values()) == CALLS and set(done) == {"execute", "batch", "mcp", "agent"}
    stored = [x.note for x in leap_sim.store.notes.values()]
    assert all(stored.count(note) == 1 for note in notes)  # each note exactly once
    for approval_id in held:
        approval = agents.call(key, "GET", f"/api/v1/approvals/{approval_id}").json()
        assert approval["approval"]["status"] == "pending"  # a person decides, not the agent
    agents.admin_token = agents.gateway.login().json()["token"]  # the morning's has expired
    events: list[dict[str, Any]] = []
    cursor = None
    while True:
        query = f"key={key_id}&since={int(day_starts)}&limit=200"
        page = agents.admin(
            "GET", f"/api/v1/audit?{query}" + (f"&cursor={cursor}" if cursor else "")
        ).json()
        events += page["events"]
        cursor = page["cursor"]
        if cursor is None:
            break
    assert len(events) == tool_calls
    assert Counter(e["channel"] for e in events).keys() == {"rest", "mcp", "agent"}
    assert all(e["user_id"] == key_id and "latency_ms" in e for e in events)
    assert Counter(e["outcome"] for e in events)["pending_approval"] == len(held)

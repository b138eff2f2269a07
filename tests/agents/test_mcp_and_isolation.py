"""MCP over real HTTP with the official client (both protocol revisions), and company
A's key reaching nothing of company B through any tool, REST or MCP."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from hard_e.local.server import LocalServer
from tests.agents.conftest import ALL_TIERS, Agents
from tests.conftest import add_user

REVISIONS = ["legacy", "2026-07-28"]  # legacy negotiates 2025-11-25 by the handshake
# What only the demo company's data contains (never an input we send): a job number,
# a street, a full customer name.
DEMO_MARKERS = ("3133626-01", "Hamilton", "John Peterson")


async def mcp_session(url: str, key: str, mode: str) -> Any:
    http = httpx2.AsyncClient(headers={"X-Api-Key": key}, timeout=30)
    return Client(streamable_http_client(f"{url}/mcp", http_client=http), mode=mode)


def run(coro: Any) -> Any:
    return asyncio.run(coro)


@pytest.mark.parametrize("mode", REVISIONS)
def test_an_mcp_client_lists_and_calls_tools_with_the_same_tiers_as_rest(
    agents: Agents, local_server: LocalServer, mode: str
) -> None:
    green, full = agents.key(tiers=["green"]), agents.key(tiers=ALL_TIERS)

    async def go() -> dict[str, Any]:
        async with await mcp_session(local_server.url, green, mode) as client:
            listed = await client.list_tools()
            found = await client.call_tool("search_jobs", {"keyword": "Peterson"})
            refused = await client.call_tool("add_job_note", {"job": "Peterson", "note": "x"})
            version = client.protocol_version
        async with await mcp_session(local_server.url, full, mode) as client:
            held = await client.call_tool(
                "create_customer",
                {"first_name": "Emily", "last_name": "Johnson", "phone": "614-555-0199"},
            )
        return {
            "v": version,
            "tools": listed.tools,
            "found": found,
            "refused": refused,
            "held": held,
        }

    out = run(go())

    assert out["v"] == ("2025-11-25" if mode == "legacy" else "2026-07-28")
    assert out["tools"] and all(t.meta["tier"] == "green" for t in out["tools"])
    assert not out["found"].is_error
    assert out["found"].structured_content["result"]["jobs"][0]["number"].endswith("-3133626-01")
    assert out["refused"].is_error
    assert out["refused"].structured_content["error"]["code"] == "out_of_scope"
    held = out["held"].structured_content
    assert not out["held"].is_error and held["http_status"] == 202
    approval = agents.call(full, "GET", f"/api/v1/approvals/{held['approval']['id']}")
    assert approval.json()["approval"]["status"] == "pending"


def test_mcp_refuses_missing_unknown_and_revoked_keys_with_401(
    agents: Agents, local_server: LocalServer
) -> None:
    key = agents.key(tiers=["green"])
    agents.admin("DELETE", f"/api/v1/api-keys/{key.split('_')[1]}", function="auth")
    ping = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    accept = {"Accept": "application/json, text/event-stream"}
    for headers in ({}, {"X-Api-Key": "hek_nope"}, {"X-Api-Key": key}):
        answer = httpx.post(f"{local_server.url}/mcp", json=ping, headers={**accept, **headers})
        assert answer.status_code == 401, headers
        assert answer.json()["error"]["code"] in (
            "api_key_required",
            "invalid_api_key",
            "api_key_revoked",
        )


def test_mcp_is_stateless_get_and_delete_answer_405(
    agents: Agents, local_server: LocalServer
) -> None:
    key = agents.key(tiers=["green"])
    for method in ("GET", "DELETE"):
        answer = httpx.request(
            method, f"{local_server.url}/mcp", headers={"X-Api-Key": key}, timeout=10
        )
        assert (answer.status_code, answer.headers["Allow"]) == (405, "POST")


def sample_input(schema: dict[str, Any]) -> dict[str, Any]:
    """A schema-valid input for a tool, aimed at the demo company's records."""
    out: dict[str, Any] = {}
    for name in schema.get("required", []):
        spec = schema["properties"][name]
        kind = spec.get("type") or next(
            (o.get("type") for o in spec.get("anyOf", []) if o.get("type") != "null"), "string"
        )
        if "enum" in spec:
            out[name] = spec["enum"][0]
        elif kind == "integer":
            out[name] = max(spec.get("minimum", 984225), 1)
        elif kind == "number":
            out[name] = 1
        elif kind == "boolean":
            out[name] = False
        elif kind == "array":
            out[name] = []
        else:
            out[name] = "Peterson"
    return out


def test_company_b_reaches_nothing_of_company_a_through_any_tool_rest_or_mcp(
    agents: Agents, services: Services, demo: DemoLogin, local_server: LocalServer
) -> None:
    a_key = agents.key(tiers=ALL_TIERS)
    a_approval = agents.tool(
        a_key, "create_customer", {"first_name": "Ann", "last_name": "Lee", "phone": "6145550100"}
    ).json()["approval"]["id"]
    rival = services.directory.create_tenant("Rival Roofing")
    add_user(services, rival.tenant_id, "boss@rival.example", role="admin")
    rival_token = agents.gateway.login("boss@rival.example", "pw-123456").json()["token"]
    b_key = Agents(agents.gateway, rival_token).key(tiers=ALL_TIERS, rate_limit_per_minute=1000)
    tools = agents.call(b_key, "GET", "/api/v1/tools").json()["tools"]
    calls = {t["name"]: sample_input(t["input_schema"]) for t in tools}
    assert len(calls) == len(services.tools.gate.registry.all())  # every tool is probed

    rest = {name: agents.tool(b_key, name, args).body.decode() for name, args in calls.items()}

    async def over_mcp() -> dict[str, str]:
        async with await mcp_session(local_server.url, b_key, "legacy") as client:
            return {
                name: json.dumps((await client.call_tool(name, args)).structured_content)
                for name, args in calls.items()
            }

    answers = {**{f"rest {k}": v for k, v in rest.items()}}
    answers |= {f"mcp {k}": v for k, v in run(over_mcp()).items()}
    for where, text in answers.items():
        for marker in (*DEMO_MARKERS, demo.tenant_id, a_approval):
            assert marker not in text, (where, marker)
    peek = agents.call(b_key, "GET", f"/api/v1/approvals/{a_approval}")
    assert peek.status == 404
    a_key_id = a_key.split("_")[1]
    assert (
        agents.call(
            None, "DELETE", f"/api/v1/api-keys/{a_key_id}", function="auth", token=rival_token
        ).status
        == 404
    )
    assert agents.call(a_key, "GET", "/api/v1/tools").status == 200  # A's key still works
    listed = agents.call(b_key, "GET", "/api/v1/approvals").json()["approvals"]
    assert a_approval not in str(listed)


@pytest.mark.parametrize("mode", REVISIONS)
def test_an_mcp_call_with_an_idempotency_key_runs_once(
    agents: Agents, local_server: LocalServer, leap_sim: Any, mode: str
) -> None:
    key = agents.key(tiers=["green", "yellow"])
    args = {"job": "Peterson", "note": f"Idempotent via {mode}"}

    async def go() -> list[Any]:
        async with await mcp_session(local_server.url, key, mode) as client:
            meta: Any = {"idempotency_key": f"mcp-{mode}"}
            first = await client.call_tool("add_job_note", args, meta=meta)
            again = await client.call_tool("add_job_note", args, meta=meta)
            other = await client.call_tool("add_job_note", {**args, "note": "x"}, meta=meta)
            return [first, again, other]

    first, again, other = run(go())

    assert first.structured_content == again.structured_content and not first.is_error
    notes = [n.note for n in leap_sim.store.notes.values()]
    assert notes.count(args["note"]) == 1
    assert other.is_error and other.structured_content["error"]["code"] == "idempotency_conflict"

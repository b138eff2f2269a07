"""Isolation proof: two companies with data of every kind; company B tries every route
(issue 11's and 12's included) and every tool, over REST and MCP, as its admin, its rep
and its API key, aimed at company A's ids. Nothing of A may come back, and A's stored
data must be exactly as before. The figure is printed with the security figures."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from hard_e import keys
from hard_e.api.routes import FUNCTIONS
from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from tests.agents.test_mcp_and_isolation import sample_input
from tests.conftest import Gateway
from tests.security.figures import record
from tests.tenancy.conftest import Desk, populate

SKIP = {("POST", "/api/v1/auth/logout")}  # would end the prober's own session


@pytest.fixture
def desk(gateway: Gateway, services: Services, demo: DemoLogin) -> Desk:
    return Desk(gateway, services)


def _snapshot(svc: Services, tenant_id: str) -> str:
    items = svc.table.scan(keys.tenant_pk(tenant_id, ""))
    return json.dumps(sorted(items, key=lambda i: (i["pk"], i["sk"])), sort_keys=True)


def _body(method: str, path: str, a: dict[str, Any], target: str, sim: str) -> Any:
    """A valid-looking body for each route, pointed at A's records where it can be."""
    bodies: dict[str, Any] = {
        "/api/v1/chat": {"message": "what about the financing rule?", "session_id": target},
        "/api/v1/agent/messages": {"message": "any siding warranty?", "conversation_id": target},
        "/api/v1/tools/batch": {
            "calls": [
                {"tool": "recall_memory", "input": {"query": "financing"}},
                {"tool": "forget", "input": {"what": target}},
            ]
        },
        "/api/v1/tools/execute": {"tool": "forget", "input": {"what": target}},
        "/api/v1/documents": {"filename": "x.md", "content_type": "text/markdown", "size": 5},
        "/api/v1/api-keys": {"name": "probe"},
        "/api/v1/operator/invites": {"days": 1, "messages": 1},
        "/api/v1/operator/companies/{tenant_id}/plan": {"plan": "paid", "add_messages": 5},
        "/api/v1/company/profile": {"name": "Bravo Build", "timezone": "UTC"},
        "/api/v1/company/leap": {"api_key": "leap-sim-demo-token", "base_url": sim},
        "/api/v1/soul": {"content": "# Bravo's soul"},
        "/api/v1/soul/preview": {"content": "# calm", "question": "what is the financing rule?"},
        "/api/v1/team/invites": {"email": "newbie@bravo.example", "role": "rep"},
        "/api/v1/team/{user_id}": {"role": "admin"},
    }
    if method in ("GET", "DELETE"):
        return None
    return bodies.get(path, {})


def _queries(path: str, a: dict[str, Any], target: str) -> list[str]:
    if path == "/api/v1/audit":
        return ["", f"?user={target}", f"?key={target}", f"?user={a['admin_id']}"]
    if path == "/api/v1/approvals":
        return ["", f"?requested_by={target}", "?status=pending"]
    if path == "/api/v1/memory":
        return ["", "?query=financing"]
    if path == "/api/v1/analytics":
        return ["?days=30"]
    return [""]


def test_company_b_reaches_nothing_of_company_a_in_over_1000_probes(
    desk: Desk, services: Services, leap_sim: LeapSimulator
) -> None:
    a = populate(
        desk, desk.new_company(name="Alpha Atlas", email="al@alpha.example"), tag="alphaatlas"
    )
    b = populate(
        desk, desk.new_company(name="Bravo Build", email="bo@bravo.example"), tag="bravobuild"
    )
    operator = desk.operator_token()
    for company in (a, b):
        path = f"/api/v1/operator/companies/{company['tenant_id']}/plan"
        assert desk.call("POST", path, "operators", operator, {"plan": "paid"}).status == 200
    before = _snapshot(services, a["tenant_id"])
    a_user_emails = ["al@alpha.example", "rep@alphaatlas.example", "later@alphaatlas.example"]
    ids = [
        a[k]
        for k in (
            "session_id",
            "approval_id",
            "document_id",
            "memory_id",
            "key_id",
            "invite_id",
            "admin_id",
            "rep_id",
            "tenant_id",
        )
        if a.get(k)
    ]
    ids.append("1")
    markers = [a["tag"], "Alpha Atlas", *a_user_emails, *ids[:-1], a["invite_token"]]
    callers = {
        "admin": {"token": b["admin"]},
        "rep": {"token": b["rep"]},
        "key": {"key": b["key_secret"]},
    }
    probes = leaks = 0
    found: list[str] = []
    # B's own audit trail rightly shows the ids B sent earlier; an id counts as leaked
    # only if B never sent it. Every record of A also carries A's tag, name or emails,
    # which B never sends: those count wherever they appear.
    sent_before: list[str] = []
    statuses: Counter[int] = Counter()
    mcp_ok = 0

    def leaked(text: str, sent: str) -> list[str]:
        sent_before.append(sent)
        said = "\n".join(sent_before)
        return [m for m in markers if m and m in text and m not in said]

    def probe(method: str, path: str, function: str, body: Any, who: str) -> None:
        nonlocal probes, leaks
        sent = path + json.dumps(body)
        answer = desk.call(method, path, function, body=body, **callers[who])
        probes += 1
        statuses[answer.status // 100] += 1
        assert answer.status < 500, (method, path, who, answer.body[:300])
        text = answer.body.decode("utf-8", "replace")
        hits = leaked(text, sent)
        if hits:
            leaks += 1
            found.append(f"{who} {method} {path}: {hits}")

    for spec in FUNCTIONS:
        for route in spec.routes:
            if route.public or (route.method, route.path) in SKIP or spec.name == "mcp":
                continue
            params = [p[1:-1] for p in route.path.split("/") if p.startswith("{")]
            targets = ids if params else ids[:3]
            for target in targets:
                path = route.path
                for name in params:
                    path = path.replace("{" + name + "}", target)
                body = _body(route.method, route.path, a, target, leap_sim.base_url)
                for query in _queries(route.path, a, target):
                    for who in callers:
                        probe(route.method, path + query, spec.name, body, who)
    tools = services.tools.gate.registry.all()
    for tool in tools:
        base = sample_input(tool.input_schema())
        for target in ids:
            args = {k: (target if isinstance(v, str) else v) for k, v in base.items()}
            for who in callers:
                probe(
                    "POST",
                    "/api/v1/tools/execute",
                    "tools",
                    {"tool": tool.name, "input": args},
                    who,
                )
    accept = {"accept": "application/json, text/event-stream"}
    for n, tool in enumerate(tools):
        for target in ids[:4]:
            base = sample_input(tool.input_schema())
            args = {k: (target if isinstance(v, str) else v) for k, v in base.items()}
            call = {
                "jsonrpc": "2.0",
                "id": n,
                "method": "tools/call",
                "params": {"name": tool.name, "arguments": args},
            }
            answer = desk.gateway.request(
                "POST",
                "/mcp",
                function="mcp",
                json_body=call,
                headers={**accept, "x-api-key": b["key_secret"]},
            )
            probes += 1
            statuses[answer.status // 100] += 1
            mcp_ok += answer.status == 200 and '"result"' in answer.body.decode()
            assert answer.status < 500, answer.body[:300]
            text = answer.body.decode("utf-8", "replace")
            hits = leaked(text, json.dumps(call))
            if hits:
                leaks += 1
                found.append(f"mcp {tool.name}: {hits}")

    after = _snapshot(services, a["tenant_id"])
    record(
        "company B probing company A (every route, every tool, REST + MCP)",
        f"{probes} probes, {leaks} leaks",
        ">= 1000 probes, 0 leaks",
        probes >= 1000 and leaks == 0 and before == after,
    )
    print(
        f"\nISOLATION {probes} probes, {leaks} leaks, company A's data unchanged: {before == after}"
    )
    print(f"answers by class: {dict(sorted(statuses.items()))}; MCP calls answered: {mcp_ok}")
    assert found == []
    assert statuses[2] > 300 and mcp_ok == 4 * len(tools)  # the probes really reach handlers
    assert probes >= 1000
    assert before == after, "company B changed company A's data"
    # A's people and key still work
    assert desk.gateway.chat("hello", a["admin"]).status == 200

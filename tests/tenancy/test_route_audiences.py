"""Every signed-in route, walked from the route table (not a hand list): operators are
refused on all of a company's routes and still run their own; a rep is refused on
admin and operator routes. A refused operator leaves the table exactly as it was."""

from __future__ import annotations

import re
from typing import Any

from hard_e.api.catalog import ROUTERS
from hard_e.api.routes import FUNCTIONS, Route
from tests.tenancy.conftest import Desk

_PARAM = re.compile(r"\{([^}]+)\}")


def _routes(*audiences: str) -> list[tuple[str, Route]]:
    """(function, route) of every signed-in HTTP route the Powertools apps serve."""
    return [
        (spec.name, route)
        for spec in FUNCTIONS
        if spec.name in ROUTERS
        for route in spec.routes
        if not route.public and route.audience in audiences
    ]


def _send(desk: Desk, function: str, route: Route, token: str, ids: dict[str, str]) -> Any:
    path = _PARAM.sub(lambda m: ids.get(m.group(1), "nothing-here"), route.path)
    body = {} if route.method in ("POST", "PUT", "PATCH") else None
    return desk.call(route.method, path, function, token, body)


def test_the_walk_covers_the_whole_table() -> None:
    company, admins, operators = _routes("company"), _routes("admins"), _routes("operators")
    assert len(company) >= 15 and len(admins) >= 20 and len(operators) >= 6
    served = {(f, r.method, r.path) for f, r in company + admins + operators + _routes("anyone")}
    signed_in = {
        (s.name, r.method, r.path) for s in FUNCTIONS if s.name in ROUTERS for r in s.routes
    }
    assert served == {x for x in signed_in if not _public(x)}
    for expected in (
        ("tools", "POST", "/api/v1/tools/execute"),
        ("chat", "POST", "/api/v1/agent/messages"),
        ("auth", "POST", "/api/v1/api-keys"),
        ("onboarding", "PUT", "/api/v1/soul"),
        ("memory", "POST", "/api/v1/memory/{memory_id}/confirm"),
    ):
        assert expected in {(f, r.method, r.path) for f, r in company + admins}


def _public(row: tuple[str, str, str]) -> bool:
    spec = next(s for s in FUNCTIONS if s.name == row[0])
    return any(r.public for r in spec.routes if (r.method, r.path) == row[1:])


def test_an_operator_is_refused_on_every_company_route_and_nothing_is_written(
    desk: Desk,
) -> None:
    operator = desk.operator_token()
    company = desk.new_company(messages=5)
    ids = {"tenant_id": company["tenant"]["tenant_id"]}
    before = sorted(map(repr, desk.services.table.scan()))

    walked = 0
    for function, route in _routes("company", "admins"):
        answer = _send(desk, function, route, operator, ids)
        assert answer.status == 403, (route, answer.body)
        assert answer.json()["error"]["code"] == "operators_not_company", route
        walked += 1

    assert walked >= 35
    # the MCP server takes API keys only (a company's): an operator's login opens nothing
    mcp = next(s for s in FUNCTIONS if s.name == "mcp")
    assert mcp.name not in ROUTERS and len(mcp.routes) == 3
    for route in mcp.routes:
        answer = _send(desk, "mcp", route, operator, ids)
        assert answer.status == 401, (route, answer.body)
        assert answer.json()["error"]["code"] == "api_key_required"
    # no trial message, no audit item, no session, no tool call: not one item changed
    assert sorted(map(repr, desk.services.table.scan())) == before
    companies = desk.call("GET", "/api/v1/operator/companies", "operators", operator)
    row = next(c for c in companies.json()["companies"] if c["tenant_id"] == ids["tenant_id"])
    assert row["trial"]["messages_used"] == 0


def test_an_operator_still_runs_every_operator_route(desk: Desk) -> None:
    operator = desk.operator_token()
    for function, route in _routes("operators", "anyone"):
        if route.method == "DELETE" or route.path.endswith("/logout"):
            continue  # run below, last: they end the company or the operator's tokens
        answer = _send(desk, function, route, operator, {})
        assert answer.status not in (401, 403) and answer.status < 500, (route, answer.body)
    listed = desk.call("GET", "/api/v1/operator/companies", "operators", operator)
    assert listed.status == 200 and "companies" in listed.json()
    gone = desk.call("DELETE", "/api/v1/operator/companies/nothing-here", "operators", operator)
    assert gone.status not in (401, 403) and gone.status < 500, gone.body
    assert desk.call("POST", "/api/v1/auth/logout", "auth", operator).status < 300


def test_a_rep_is_refused_on_admin_and_operator_routes(desk: Desk) -> None:
    company = desk.new_company()
    invite = desk.call(
        "POST",
        "/api/v1/team/invites",
        "onboarding",
        company["token"],
        {"email": "sam@ridgeline.example", "role": "rep"},
    ).json()
    joined = desk.accept(invite["token"], name="Sam Seller", password="sam-pass-123")
    assert joined.status == 201, joined.body
    rep = joined.json()["token"]
    ids = {"tenant_id": company["tenant"]["tenant_id"], "user_id": company["user"]["user_id"]}

    walked = 0
    for function, route in _routes("admins", "operators"):
        answer = _send(desk, function, route, rep, ids)
        assert answer.status == 403, (route, answer.body)
        expected = "admins_only" if route.audience == "admins" else "operators_only"
        assert answer.json()["error"]["code"] == expected, route
        walked += 1
    assert walked >= 26
    # and the rep still works on the company's own routes
    assert desk.gateway.chat("What is the warranty on vinyl siding?", rep).status == 200
    assert desk.call("GET", "/api/v1/sessions", "chat", rep).status == 200

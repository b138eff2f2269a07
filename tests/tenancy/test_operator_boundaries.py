"""Operators run Hard-E; they are nobody's colleague: a company's chat and conversations
answer them with a clear 403, and they use nothing of any trial."""

from __future__ import annotations

from hard_e.auth.api_keys import KeyScope
from tests.tenancy.conftest import Desk


def test_an_operator_cannot_chat_or_read_conversations(desk: Desk) -> None:
    operator = desk.operator_token()
    company = desk.new_company(messages=5)
    session_id = desk.gateway.chat("hello", company["token"]).json()["session_id"]

    asked = desk.gateway.chat("hi, how are sales?", operator)
    listed = desk.call("GET", "/api/v1/sessions", "chat", operator)
    read = desk.call("GET", f"/api/v1/sessions/{session_id}", "chat", operator)

    for answer in (asked, listed, read):
        assert answer.status == 403, answer.body
        error = answer.json()["error"]
        assert error["code"] == "operators_not_company"
        assert "operators run Hard-E" in error["message"]
    assert "hello" not in read.body.decode()
    ops_tenant = desk.services.directory.find_user_by_email("olive@hard-e.example")
    assert ops_tenant is not None
    assert desk.services.sessions.of_user(ops_tenant.tenant_id, ops_tenant.user_id) == []
    # the company's own people still chat, and the operator used none of its messages
    assert desk.gateway.chat("still here", company["token"]).status == 200
    companies = desk.call("GET", "/api/v1/operator/companies", "operators", operator).json()
    row = next(
        c for c in companies["companies"] if c["tenant_id"] == company["tenant"]["tenant_id"]
    )
    assert row["trial"]["messages_used"] == 2


def test_company_people_keep_chatting(desk: Desk) -> None:
    company = desk.new_company()
    answer = desk.gateway.chat("What is the warranty on vinyl siding?", company["token"])
    assert answer.status == 200, answer.body
    listed = desk.call("GET", "/api/v1/sessions", "chat", company["token"])
    assert listed.status == 200 and len(listed.json()["sessions"]) == 1


def test_an_api_key_of_the_operators_tenant_works_nowhere(desk: Desk) -> None:
    """A key made in the operators' tenant before operators were kept off company routes
    (the record is written directly, as it was then) is refused on every agent route."""
    desk.operator_token()
    operator = desk.services.directory.find_user_by_email("olive@hard-e.example")
    assert operator is not None
    issued = desk.services.api_keys.create(
        operator.tenant_id,
        name="old-zap",
        scope=KeyScope(tiers=frozenset({"green", "yellow", "red"})),
        created_by=operator.user_id,
    )
    listed = desk.call("GET", "/api/v1/tools", "tools", key=issued.secret)
    ran = desk.call(
        "POST",
        "/api/v1/tools/execute",
        "tools",
        body={"tool": "list_team", "input": {}},
        key=issued.secret,
    )
    mcp = desk.call(
        "POST",
        "/mcp",
        "mcp",
        key=issued.secret,
        body={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
    )
    for answer in (listed, ran, mcp):
        assert answer.status == 403, answer.body
        assert b"operators_not_company" in answer.body
    # a company's own key is untouched by the check
    desk.new_company()
    admin = desk.services.directory.find_user_by_email("rita@ridgeline.example")
    assert admin is not None
    own = desk.services.api_keys.create(
        admin.tenant_id,
        name="zap",
        scope=KeyScope(tiers=frozenset({"green"})),
        created_by=admin.user_id,
    )
    assert desk.call("GET", "/api/v1/tools", "tools", key=own.secret).status == 200

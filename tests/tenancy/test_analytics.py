"""The analytics page counts every tool call by where it came from: chat and voice turns,
an agent's conversation, the REST tools API and MCP (from the audit trail)."""

from __future__ import annotations

from typing import Any

from hard_e import aio
from hard_e.auth import Principal
from hard_e.local.seed import DemoLogin
from tests.conftest import FrozenClock
from tests.tenancy.conftest import Desk


def _known_calls(desk: Desk, tool_calls: list[dict[str, Any]]) -> int:
    registry = desk.services.tools.gate.registry
    return sum(1 for c in tool_calls if c.get("name") in registry)


def _analytics(desk: Desk, token: str, days: int = 7) -> dict[str, Any]:
    answer = desk.call("GET", f"/api/v1/analytics?days={days}", "onboarding", token)
    assert answer.status == 200, answer.body
    body: dict[str, Any] = answer.json()
    return body


def _mcp_call(desk: Desk, key: str, tool: str, arguments: dict[str, Any]) -> None:
    call = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {"name": tool, "arguments": arguments},
    }
    headers = {"accept": "application/json, text/event-stream", "x-api-key": key}
    answer = desk.gateway.request("POST", "/mcp", function="mcp", json_body=call, headers=headers)
    assert answer.status == 200, answer.body[:300]


def test_tool_calls_are_counted_by_channel_and_tier(
    desk: Desk, demo: DemoLogin, clock: FrozenClock
) -> None:
    admin = desk.login(demo.email, demo.password)
    empty = _analytics(desk, admin)
    assert empty["tool_calls_by_channel"] == {
        "chat": 0,
        "voice": 0,
        "agent": 0,
        "tools_api": 0,
        "mcp": 0,
    }

    chatted = desk.gateway.chat("what's on my schedule tomorrow?", admin).json()
    chat_calls = _known_calls(desk, chatted["tool_calls"])
    user = desk.services.directory.find_user_by_email(demo.email)
    assert user is not None
    me = Principal(tenant_id=user.tenant_id, user_id=user.user_id, role=user.role, email=demo.email)
    spoken = aio.run(desk.services.chat.take_turn(me, "show me my open leads", channel="voice"))
    voice_calls = _known_calls(desk, spoken.tool_calls)
    assert chat_calls + voice_calls > 0, "the turns should have used the CRM"
    for query in ("siding warranty", "gutter guards"):
        assert desk.gateway.tool("search_knowledge", {"query": query}, admin).status == 200
    assert desk.gateway.tool("no_such_tool", {}, admin).status in (400, 404, 422)
    key = desk.call(
        "POST",
        "/api/v1/api-keys",
        "auth",
        admin,
        {"name": "bot", "scopes": {"tiers": ["green"]}},
    ).json()["secret"]
    _mcp_call(desk, key, "search_knowledge", {"query": "roofing"})

    body = _analytics(desk, admin)

    assert body["tool_calls_by_channel"] == {
        "chat": chat_calls,
        "voice": voice_calls,
        "agent": 0,
        "tools_api": 2,
        "mcp": 1,
    }
    tiers = body["tool_calls_by_tier"]
    assert sum(tiers.values()) == chat_calls + voice_calls + 3
    assert tiers["green"] >= 3

    clock.advance(8 * 86_400)  # a week later the last 7 days hold none of it
    admin = desk.login(demo.email, demo.password)
    later = _analytics(desk, admin)
    assert later["tool_calls_by_channel"]["tools_api"] == 0
    assert later["tool_calls_by_channel"]["mcp"] == 0
    assert _analytics(desk, admin, days=30)["tool_calls_by_channel"]["tools_api"] == 2


def test_another_companys_calls_are_not_counted(desk: Desk, demo: DemoLogin) -> None:
    admin = desk.login(demo.email, demo.password)
    other = desk.new_company()["token"]
    for _ in range(3):
        assert desk.gateway.tool("search_knowledge", {"query": "siding"}, other).status == 200

    assert _analytics(desk, admin)["tool_calls_by_channel"]["tools_api"] == 0
    assert _analytics(desk, other)["tool_calls_by_channel"]["tools_api"] == 3

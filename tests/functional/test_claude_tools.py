"""Claude's tool calls go through the same gate: a red tool a model asks for never
reaches the CRM until a human approves, then runs exactly once."""

from __future__ import annotations

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from tests.conftest import Gateway
from tests.support.anthropic_server import ScriptedAnthropic, text, tool_use

NEW_CUSTOMER = {"first_name": "Ava", "last_name": "Reyes", "phone": "614-555-0142"}


@pytest.fixture
def services(claude_services: Services) -> Services:  # this module's brain is Claude
    return claude_services


def customer_posts(sim: LeapSimulator) -> list[dict[str, object]]:
    return [
        r for r in sim.requests() if r["method"] == "POST" and str(r["path"]).endswith("/customers")
    ]


def test_red_tool_from_claude_waits_for_approval_and_runs_once(
    gateway: Gateway,
    demo: DemoLogin,
    demo_token: str,
    claude_api: ScriptedAnthropic,
    leap_sim: LeapSimulator,
) -> None:
    claude_api.reply(text("I'll set that up."), tool_use("create_customer", NEW_CUSTOMER))
    claude_api.reply(text("Ava Reyes is ready to add; it's waiting for approval."))

    chat = gateway.chat("please set up Ava Reyes as a lead, 614 555 0142", demo_token)

    assert chat.status == 200
    body = chat.json()
    assert body["brain"] == "claude"
    assert body["tool_calls"][0] == {
        "id": body["tool_calls"][0]["id"],
        "name": "create_customer",
        "input": NEW_CUSTOMER,
        "status": "pending_approval",
    }
    approval = body["approvals"][0]
    assert approval["status"] == "pending"
    assert customer_posts(leap_sim) == []
    told = claude_api.requests[1].messages[-1]["content"][0]
    assert "NOT DONE YET" in told["content"] and told["is_error"] is False
    assert "Create customer Ava Reyes" in told["content"]

    path = f"/api/v1/approvals/{approval['id']}/approve"
    first = gateway.request("POST", path, function="tools", token=demo_token)
    replay = gateway.request("POST", path, function="tools", token=demo_token)

    assert first.status == 200 and first.json()["approval"]["status"] == "executed"
    assert replay.status == 409
    assert len(customer_posts(leap_sim)) == 1


def test_claude_is_offered_only_the_skills_the_message_needs(
    gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic
) -> None:
    claude_api.reply(text("Sure."))
    claude_api.reply(text("Sure."))

    gateway.chat("what's the balance on the Peterson job?", demo_token)
    gateway.chat("email Pat the quote", demo_token)

    crm_turn = {t["name"] for t in claude_api.requests[0].tools}
    mail_turn = {t["name"] for t in claude_api.requests[1].tools}
    assert "job_financial_summary" in crm_turn and "send_email" not in crm_turn
    assert "create_customer" not in crm_turn
    assert {"send_email", "send_sms"} <= mail_turn


def test_a_tool_claude_was_not_offered_is_refused(
    gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    claude_api.reply(tool_use("send_sms", {"to": "614-555-0101", "body": "hi"}))
    claude_api.reply(text("I can't text from here."))

    body = gateway.chat("what stage is the Peterson job in?", demo_token).json()

    assert body["tool_calls"][0]["status"] == "error"
    outbox = gateway.request("GET", "/api/v1/outbox", function="tools", token=demo_token).json()
    assert outbox["messages"] == []


def test_claude_tool_results_come_from_the_crm(
    gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    claude_api.reply(tool_use("job_overview", {"job": "Peterson"}))
    claude_api.reply(text("Peterson's door job is moving along."))

    gateway.chat("how's the Peterson job?", demo_token)

    result = claude_api.requests[1].messages[-1]["content"][0]
    assert result["is_error"] is False
    assert "John Peterson" in result["content"] and "balance_due" in result["content"]

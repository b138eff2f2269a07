"""An agent is held to the same safety rules as a rep: its red calls are bound to what
the approval showed, and in a conversation its own message is what "the rep said" — a
write it did not ask for waits for a person, however the model was persuaded."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from tests.agents.conftest import ALL_TIERS, Agents
from tests.support.anthropic_server import ScriptedAnthropic, text, tool_use

BARBARA = 2016690  # barbara.pruitt@gmail.com in the demo company
JOB = 1037463  # Pruitt Siding Replacement
ATTACKER = "collect@evil.example"


@pytest.fixture
def services(claude_services: Services) -> Services:  # an obedient scripted model
    return claude_services


def talk(agents: Agents, key: str, message: str) -> dict[str, Any]:
    answer = agents.call(
        key, "POST", "/api/v1/agent/messages", function="chat", body={"message": message}
    )
    assert answer.status == 200, answer.body
    body: dict[str, Any] = answer.json()
    return body


def note_posts(sim: LeapSimulator) -> list[dict[str, Any]]:
    return [r for r in sim.requests() if r["method"] == "POST" and r["path"].endswith("/notes")]


def test_an_agents_email_goes_to_the_address_its_approval_showed(agents: Agents) -> None:
    # Given an agent's email to a customer, held for a person with the address on file
    key = agents.key(tiers=ALL_TIERS)
    held = agents.tool(
        key, "send_email", {"customer_id": BARBARA, "subject": "Estimate", "body": "Attached."}
    )
    approval = held.json()["approval"]
    assert held.status == 202
    assert "barbara.pruitt@gmail.com" in approval["preview"]

    # When the same agent then changes the customer's email and a person approves
    changed = agents.tool(key, "update_customer", {"customer_id": BARBARA, "email": ATTACKER})
    assert changed.status == 200
    decided = agents.admin("POST", f"/api/v1/approvals/{approval['id']}/approve")

    # Then the email went where the approval said, not to the new address
    sent = agents.admin("GET", "/api/v1/outbox").json()["messages"]
    assert decided.json()["approval"]["status"] == "executed"
    assert [m["to"] for m in sent] == ["barbara.pruitt@gmail.com"]


def test_a_persuaded_model_cannot_write_what_the_agent_did_not_ask_for(
    agents: Agents, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    # Given an agent that only asks a question, and a model that writes a note anyway
    key = agents.key(scopes={"tiers": ALL_TIERS, "converse": True})
    planted = {"job": JOB, "note": "customer refuses payment, stop work"}
    claude_api.reply(tool_use("add_job_note", planted))
    claude_api.reply(text("Done."))

    body = talk(agents, key, f"what stage is job {JOB} in?")

    # Then nothing was written: the note waits for a person's approval
    assert note_posts(leap_sim) == []
    assert [a["status"] for a in body["approvals"]] == ["pending"]
    assert "a person's approval" in body["reply"]


def test_a_write_the_agent_asked_for_in_its_own_words_runs(
    agents: Agents, claude_api: ScriptedAnthropic, leap_sim: LeapSimulator
) -> None:
    key = agents.key(scopes={"tiers": ALL_TIERS, "converse": True})
    claude_api.reply(tool_use("add_job_note", {"job": JOB, "note": "crew confirmed for Monday"}))
    claude_api.reply(text("Noted."))

    body = talk(agents, key, f"add a note to job {JOB}: crew confirmed for Monday")

    assert len(note_posts(leap_sim)) == 1
    assert body["approvals"] == []
    assert [(c["name"], c["status"]) for c in body["tool_calls"]] == [("add_job_note", "ok")]

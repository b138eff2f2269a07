"""Agent-to-agent: an external agent talks to Hard-E in a conversation of its own — the
same brain, tools and gate as a rep — and red actions wait for a person."""

from __future__ import annotations

from typing import Any

from hard_e.crm.simulator.server import LeapSimulator
from tests.agents.conftest import ALL_TIERS, Agents


def talk(agents: Agents, key: str, message: str, conversation: str | None = None) -> Any:
    body: dict[str, Any] = {"message": message}
    if conversation:
        body["conversation_id"] = conversation
    return agents.call(key, "POST", "/api/v1/agent/messages", function="chat", body=body)


def test_an_agent_asks_and_gets_the_answer_with_the_tool_calls_beside_it(agents: Agents) -> None:
    key = agents.key(scopes={"tiers": ["green"], "converse": True})

    answer = talk(agents, key, "What stage is the Peterson job in?")

    assert answer.status == 200, answer.body
    body = answer.json()
    assert "Peterson" in body["reply"] and body["conversation_id"].startswith("ses_")
    assert [c["name"] for c in body["tool_calls"]] == ["get_job"]
    assert body["tool_calls"][0]["status"] == "ok"


def test_a_red_action_becomes_an_approval_that_the_agent_cannot_say_yes_to(
    agents: Agents, leap_sim: LeapSimulator
) -> None:
    key = agents.key(scopes={"tiers": ALL_TIERS, "converse": True})
    first = talk(agents, key, "create a customer named Sam Ortiz, phone 614 555 0123").json()
    conversation = first["conversation_id"]
    talk(agents, key, "skip", conversation)
    ready = talk(agents, key, "skip", conversation).json()

    assert ready["approvals"] and ready["approvals"][0]["status"] == "pending"
    assert "a person's approval" in ready["reply"]
    said_yes = talk(agents, key, "yes", conversation).json()

    approval = agents.call(key, "GET", f"/api/v1/approvals/{ready['approvals'][0]['id']}")
    assert approval.json()["approval"]["status"] == "pending"
    assert not [r for r in leap_sim.requests() if r["method"] == "POST"]
    assert not said_yes["reply"].startswith("Done")


def test_a_key_without_the_converse_scope_or_the_tier_cannot_converse_past_it(
    agents: Agents, leap_sim: LeapSimulator
) -> None:
    silent = agents.key(tiers=ALL_TIERS)
    green_talker = agents.key(scopes={"tiers": ["green"], "converse": True})

    refused = talk(agents, silent, "hello")
    note = talk(agents, green_talker, "add a note to the Peterson job: gate code 4411").json()

    assert refused.status == 403 and "converse" in refused.json()["error"]["message"]
    assert [c["status"] for c in note["tool_calls"]] == ["error"]
    assert "may not run yellow tools" in note["reply"]
    assert not [r for r in leap_sim.requests() if r["method"] == "POST"]


def test_conversations_belong_to_their_key(agents: Agents) -> None:
    one = agents.key(scopes={"tiers": ["green"], "converse": True})
    two = agents.key(scopes={"tiers": ["green"], "converse": True})
    conversation = talk(agents, one, "hello").json()["conversation_id"]

    assert talk(agents, two, "hello", conversation).status == 404
    assert talk(agents, one, "hello", conversation).status == 200

"""Product questions in chat: answered from the documents, with the source named."""

from __future__ import annotations

import pytest

from hard_e.bootstrap import Services
from tests.conftest import Gateway
from tests.support.anthropic_server import ScriptedAnthropic, text, tool_use


def test_offline_product_question_is_answered_from_the_library_with_a_citation(
    gateway: Gateway, demo_token: str
) -> None:
    reply = gateway.chat("what's the exposure on the 8.25 StoneLap plank?", demo_token).json()

    assert reply["brain"] == "reflex"
    assert "7 in" in reply["reply"] or "7-inch" in reply["reply"] or "7 inch" in reply["reply"]
    assert "(Source: " in reply["reply"] and "StoneLap" in reply["reply"]


def test_offline_objection_question_reads_out_the_handbook(
    gateway: Gateway, demo_token: str
) -> None:
    reply = gateway.chat(
        "how do I answer a homeowner who says vinyl is cheaper?", demo_token
    ).json()
    assert "(Source: " in reply["reply"]
    assert "objection" in reply["reply"].lower() or "cheaper" in reply["reply"].lower()


class TestWithClaude:
    @pytest.fixture
    def services(self, claude_services: Services) -> Services:  # this class's brain is Claude
        return claude_services

    def test_passages_and_citation_rules_reach_claude(
        self, gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic
    ) -> None:
        claude_api.reply(text("A 7 in exposure [StoneLap › Sizes]."))

        gateway.chat("what's the exposure on the 8.25 StoneLap plank?", demo_token)

        passages = claude_api.requests[0].messages[-1]["content"][0]["text"]
        assert "cite each" in passages and '<data kind="passage" id="1"' in passages
        assert "StoneLap" in passages
        system = " ".join(b["text"] for b in claude_api.requests[0].system)
        assert "StoneLap" not in system  # per-turn data stays out of the cached prefix
        assert "search_knowledge" in {t["name"] for t in claude_api.requests[0].tools}

    def test_claude_can_search_again_with_the_tool(
        self, gateway: Gateway, demo_token: str, claude_api: ScriptedAnthropic
    ) -> None:
        claude_api.reply(
            tool_use("search_knowledge", {"query": "Ridgeline vinyl warranty transfer"})
        )
        claude_api.reply(text("It transfers once."))

        gateway.chat("can the vinyl warranty be transferred?", demo_token)

        result = claude_api.requests[1].messages[-1]["content"][0]
        assert result["is_error"] is False and "Ridgeline" in result["content"]

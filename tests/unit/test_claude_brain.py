"""The Claude brain, through the real anthropic SDK against a scripted Messages API server."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from hard_e.brain import BrainUnavailableError, Speaker, ToolOutcome, ToolSpec, Turn
from hard_e.brain.claude import ClaudeBrain
from hard_e.brain.fallback import FallbackBrain
from hard_e.brain.reflex import ReflexBrain
from hard_e.memory import ChatMessage
from hard_e.tenancy import Tenant
from tests.support.anthropic_server import ScriptedAnthropic, text, tool_use

TENANT = Tenant(
    tenant_id="0123456789abcdef",
    name="Summit Exteriors",
    soul_document="Always mention the 30-year siding warranty.",
)
SPEAKER = Speaker(user_id="usr_1", name="Dana Brooks", role="rep")


class RecordingTools:
    """A tool belt whose tools wait for each other: it only finishes if they run at once."""

    def __init__(self, names: list[str], *, barrier: bool = False) -> None:
        self.names = names
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._arrived = 0
        self._all_here = asyncio.Event()
        self._barrier = barrier

    def specs(self, skills: list[str] | None = None) -> list[ToolSpec]:
        return [
            ToolSpec(n, f"Look up {n}", {"type": "object", "properties": {"q": {"type": "string"}}})
            for n in self.names
        ]

    async def run(
        self, name: str, arguments: dict[str, Any], *, said: str | None = None
    ) -> ToolOutcome:
        self.calls.append((name, arguments))
        if self._barrier:
            self._arrived += 1
            if self._arrived == len(self.names):
                self._all_here.set()
            await asyncio.wait_for(self._all_here.wait(), timeout=5)
        if name == "broken":
            raise RuntimeError("CRM said no")
        return ToolOutcome(content={"tool": name, "found": arguments.get("q")})


def make_turn(message: str, tools: Any = None, history: list[ChatMessage] | None = None) -> Turn:
    kwargs: dict[str, Any] = {}
    if tools is not None:
        kwargs["tools"] = tools
    return Turn(
        tenant=TENANT,
        speaker=SPEAKER,
        session_id="ses_x",
        message=message,
        history=history or [],
        **kwargs,
    )


def brain_for(server: ScriptedAnthropic, **kwargs: Any) -> ClaudeBrain:
    return ClaudeBrain(client=server.async_client(), model="claude-test", **kwargs)


async def test_plain_answer_streams_text_out(claude_api: ScriptedAnthropic) -> None:
    claude_api.reply(text("Lead with the inspection photos, then the warranty."))
    heard: list[str] = []

    async def hear(chunk: str) -> None:
        heard.append(chunk)

    reply = await brain_for(claude_api).reply(make_turn("how do I open?"), on_text=hear)

    assert reply.text == "Lead with the inspection photos, then the warranty."
    assert len(heard) > 1 and "".join(heard) == reply.text
    assert reply.brain == "claude" and reply.usage["output_tokens"] > 0
    request = claude_api.requests[0]
    assert request.stream is True and request.body["model"] == "claude-test"


async def test_soul_document_is_in_a_cached_system_block(claude_api: ScriptedAnthropic) -> None:
    claude_api.reply(text("ok"))
    await brain_for(claude_api).reply(make_turn("hi"))

    system = claude_api.requests[0].system
    cached = [b for b in system if b.get("cache_control") == {"type": "ephemeral"}]
    assert len(cached) == 1
    assert "30-year siding warranty" in cached[0]["text"]
    assert "Summit Exteriors" in cached[0]["text"]
    assert any("Dana Brooks" in b["text"] for b in system)


async def test_history_is_sent_as_alternating_turns(claude_api: ScriptedAnthropic) -> None:
    claude_api.reply(text("The Hendersons, yes."))
    history = [
        ChatMessage(role="assistant", text="(a greeting that opened the session)"),
        ChatMessage(role="user", text="I met the Hendersons today"),
        ChatMessage(role="assistant", text="Nice, how did it go?"),
    ]
    await brain_for(claude_api).reply(make_turn("do you remember who I met?", history=history))

    messages = claude_api.requests[0].messages
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert messages[0]["content"] == "I met the Hendersons today"
    assert messages[-1]["content"] == "do you remember who I met?"


async def test_all_tool_calls_of_a_response_run_concurrently(claude_api: ScriptedAnthropic) -> None:
    tools = RecordingTools(["find_customer", "find_job"], barrier=True)
    claude_api.reply(
        text("Let me look."),
        tool_use("find_customer", {"q": "Henderson"}),
        tool_use("find_job", {"q": "Henderson roof"}),
    )
    claude_api.reply(text("Found both."))

    reply = await brain_for(claude_api).reply(make_turn("find Henderson", tools))

    assert sorted(n for n, _ in tools.calls) == ["find_customer", "find_job"]
    assert [c["status"] for c in reply.tool_calls] == ["ok", "ok"]
    assert reply.text == "Let me look.\n\nFound both."
    second = claude_api.requests[1]
    results = second.messages[-1]["content"]
    assert [r["type"] for r in results] == ["tool_result", "tool_result"]
    assert '"found": "Henderson"' in results[0]["content"]
    assert second.messages[-2]["role"] == "assistant"
    assert [b["type"] for b in second.messages[-2]["content"]] == ["text", "tool_use", "tool_use"]


async def test_tool_list_carries_a_cache_breakpoint(claude_api: ScriptedAnthropic) -> None:
    claude_api.reply(text("ok"))
    await brain_for(claude_api).reply(make_turn("hi", RecordingTools(["a", "b"])))

    tools = claude_api.requests[0].tools
    assert [t["name"] for t in tools] == ["a", "b"]
    assert "cache_control" not in tools[0]
    assert tools[1]["cache_control"] == {"type": "ephemeral"}


async def test_a_failing_tool_is_reported_to_claude_not_raised(
    claude_api: ScriptedAnthropic,
) -> None:
    claude_api.reply(tool_use("broken", {"q": "x"}))
    claude_api.reply(text("The CRM didn't answer; try again in a minute."))

    reply = await brain_for(claude_api).reply(make_turn("look it up", RecordingTools(["broken"])))

    assert reply.tool_calls[0]["status"] == "error"
    result = claude_api.requests[1].messages[-1]["content"][0]
    assert result["is_error"] is True and "RuntimeError" in result["content"]
    assert "CRM said no" not in result["content"]


async def test_tool_loop_is_bounded(claude_api: ScriptedAnthropic) -> None:
    for _ in range(3):
        claude_api.reply(tool_use("find_job", {"q": "again"}))

    reply = await brain_for(claude_api, max_iterations=3).reply(
        make_turn("loop forever", RecordingTools(["find_job"]))
    )

    assert len(claude_api.requests) == 3 and claude_api.remaining == 0
    assert "as many steps" in reply.text


async def test_overloaded_api_raises_unavailable(claude_api: ScriptedAnthropic) -> None:
    claude_api.fail(529, "overloaded_error", "Overloaded")
    with pytest.raises(BrainUnavailableError):
        await brain_for(claude_api).reply(make_turn("hi"))


async def test_slow_api_hits_the_time_budget(claude_api: ScriptedAnthropic) -> None:
    claude_api.reply(text("too late"), delay=2.0)
    with pytest.raises(BrainUnavailableError, match="in time"):
        await brain_for(claude_api, time_budget_s=0.3).reply(make_turn("hi"))


async def test_fallback_answers_offline_when_claude_is_down(claude_api: ScriptedAnthropic) -> None:
    claude_api.fail(500, "api_error", "Internal server error")
    brain = FallbackBrain(brain_for(claude_api), ReflexBrain())

    reply = await brain.reply(make_turn("hello"))

    assert reply.brain == "reflex"
    assert "Dana" in reply.text and "Summit Exteriors" in reply.text


async def test_claude_writes_the_sales_script_from_the_drafted_inputs(
    claude_api: ScriptedAnthropic,
) -> None:
    from hard_e.brain.scripts import ClaudeScriptWriter, ScriptRequest

    claude_api.reply(text("Hi Hendersons, it's Dana from Summit Exteriors..."))
    writer = ClaudeScriptWriter(client=claude_api.async_client(), model="claude-test")

    script = await writer.write(
        ScriptRequest(
            customer="Hendersons",
            product="fiber cement siding",
            key_points=["30-year warranty", "no repainting for 15 years"],
            variant="primer_video",
            rep_name="Dana Brooks",
        ),
        TENANT,
    )

    assert script.startswith("Hi Hendersons")
    sent = claude_api.requests[0]
    prompt = sent.messages[0]["content"]
    assert "primer video" in prompt and "fiber cement siding" in prompt
    assert "30-year warranty; no repainting for 15 years" in prompt
    assert sent.system[0]["text"] == TENANT.soul_document

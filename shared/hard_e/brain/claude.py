"""The Claude brain: Anthropic's Messages API with a bounded, concurrent tool loop."""

from __future__ import annotations

import asyncio
from typing import Any

import anthropic

from hard_e.brain.port import (
    Brain,
    BrainReply,
    BrainUnavailableError,
    TextSink,
    ToolOutcome,
    Turn,
)
from hard_e.brain.prompts import context_block, system_blocks, tool_result_text, waiting_text
from hard_e.deadline import remaining
from hard_e.memory import ChatMessage

MAX_TOOL_RESULT_CHARS = 20_000


class ClaudeBrain(Brain):
    """Streams each model response; runs all ``tool_use`` blocks of a response at once."""

    name = "claude"

    def __init__(
        self,
        *,
        client: anthropic.AsyncAnthropic,
        model: str,
        max_tokens: int = 1024,
        max_iterations: int = 6,
        time_budget_s: float = 25.0,
    ) -> None:
        self._client = client
        self._model = model
        self._max_tokens = max_tokens
        self._max_iterations = max_iterations
        self._budget = time_budget_s

    async def reply(self, turn: Turn, *, on_text: TextSink | None = None) -> BrainReply:
        try:
            async with asyncio.timeout(min(self._budget, remaining(turn.deadline))):
                return await self._loop(turn, on_text)
        except TimeoutError:
            raise BrainUnavailableError("Claude did not answer in time") from None
        except anthropic.APIError as exc:
            raise BrainUnavailableError(f"Claude request failed: {type(exc).__name__}") from exc

    async def _loop(self, turn: Turn, on_text: TextSink | None) -> BrainReply:
        tools = _tool_params(turn)
        offered = {t["name"] for t in tools}
        messages = _conversation(turn.history, turn.message, context=context_block(turn))
        reply = BrainReply(text="", brain=self.name)
        texts: list[str] = []
        for _ in range(self._max_iterations):
            final = await self._one_response(turn, messages, tools, on_text)
            _add_usage(reply.usage, final.usage)
            texts.extend(b.text for b in final.content if b.type == "text" and b.text.strip())
            calls = [b for b in final.content if b.type == "tool_use"]
            if final.stop_reason != "tool_use" or not calls:
                break
            outcomes = await asyncio.gather(
                *(_run_tool(turn, c.name, c.input, offered) for c in calls)
            )
            messages.append(
                {
                    "role": "assistant",
                    "content": [b.model_dump(exclude_none=True) for b in final.content],
                }
            )
            results: list[dict[str, Any]] = []
            for call, outcome in zip(calls, outcomes, strict=True):
                reply.tool_calls.append(
                    {
                        "id": call.id,
                        "name": call.name,
                        "input": call.input,
                        "status": _status(outcome),
                    }
                )
                if outcome.approval:
                    reply.approvals.append(outcome.approval)
                results.append(
                    {
                        "type": "tool_result",
                        "tool_use_id": call.id,
                        "content": _as_text(call.name, outcome),
                        "is_error": outcome.is_error,
                    }
                )
            messages.append({"role": "user", "content": results})
        else:
            texts.append(
                "I've taken as many steps as I'm allowed for one question; ask me to go on."
            )
        reply.text = "\n\n".join(texts).strip() or "Done."
        return reply

    async def _one_response(
        self,
        turn: Turn,
        messages: list[dict[str, Any]],
        tools: list[dict[str, Any]],
        on_text: TextSink | None,
    ) -> anthropic.types.Message:
        kwargs: dict[str, Any] = {
            "model": self._model,
            "max_tokens": self._max_tokens,
            "system": system_blocks(turn),
            "messages": messages,
        }
        if tools:
            kwargs["tools"] = tools
        async with self._client.messages.stream(**kwargs) as stream:
            async for event in stream:
                if event.type == "text" and on_text is not None:
                    await on_text(event.text)
            return await stream.get_final_message()


async def _run_tool(turn: Turn, name: str, arguments: Any, offered: set[str]) -> ToolOutcome:
    if name not in offered:  # the model may only use what this turn offered it
        return ToolOutcome(content=f"tool {name!r} is not available here", is_error=True)
    if not isinstance(arguments, dict):
        return ToolOutcome(content="tool input must be a JSON object", is_error=True)
    try:
        return await turn.tools.run(name, arguments, said=turn.message)
    except Exception as exc:  # a broken tool must not end the turn; the model is told
        return ToolOutcome(content=f"tool failed: {type(exc).__name__}", is_error=True)


def _status(outcome: ToolOutcome) -> str:
    if outcome.approval:
        return "pending_approval"
    return "error" if outcome.is_error else "ok"


def _as_text(name: str, outcome: ToolOutcome) -> str:
    if outcome.approval:
        return waiting_text(outcome.approval)
    return tool_result_text(name, outcome.content, limit=MAX_TOOL_RESULT_CHARS)


def _tool_params(turn: Turn) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": s.name, "description": s.description, "input_schema": s.input_schema}
        for s in turn.tools.specs(turn.skills)
    ]
    if params:  # cache breakpoint after the tool list: tools + system are reused each turn
        params[-1]["cache_control"] = {"type": "ephemeral"}
    return params


def _conversation(
    history: list[ChatMessage], message: str, *, context: str = ""
) -> list[dict[str, Any]]:
    """History as alternating user/assistant messages that start with the user; this
    turn's fenced context goes into the last user message, before the rep's words."""
    out: list[dict[str, Any]] = []
    for m in [*history, ChatMessage(role="user", text=message)]:
        if not m.text.strip():
            continue
        if not out and m.role != "user":
            continue
        if out and out[-1]["role"] == m.role:
            out[-1]["content"] += "\n\n" + m.text
        else:
            out.append({"role": m.role, "content": m.text})
    if context and out:
        said = out[-1]["content"]
        out[-1]["content"] = [
            {"type": "text", "text": context},
            {"type": "text", "text": f"The rep says:\n{said}"},
        ]
    return out


def _add_usage(total: dict[str, int], usage: Any) -> None:
    for field in (
        "input_tokens",
        "output_tokens",
        "cache_creation_input_tokens",
        "cache_read_input_tokens",
    ):
        value = getattr(usage, field, None)
        if isinstance(value, int):
            total[field] = total.get(field, 0) + value

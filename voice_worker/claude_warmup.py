"""Claude's first reply in a call process, made at warm-up against a scripted answer.

The Anthropic SDK does a lot once per process, on the first request and the first
reply: it works out how to send each kind of parameter (system blocks, tools, content
blocks, ``cache_control``), builds its pydantic models for the streamed events and the
final message, and for the memory learner's plain (not streamed) reply. On a call
process that is ~20 ms afterwards but ~400 ms on a loaded machine the first time, on
the event loop, inside the first rep's first turn — every call of the process stops
hearing and speaking meanwhile.

:func:`warm` makes one streamed reply with a text and a tool call, a second turn with
the tool's result, and one plain reply, through the SDK's own client — over an
in-memory transport that answers with scripted server-sent events: no network, no key.
It runs in the warm-up thread, before the process takes calls.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import anthropic
import httpx2

MODEL = "claude-warm-up"  # never sent anywhere: the transport below answers
USAGE = {
    "input_tokens": 1,
    "output_tokens": 1,
    "cache_creation_input_tokens": 0,
    "cache_read_input_tokens": 0,
}
MESSAGE: dict[str, Any] = {
    "id": "msg_warm_up",
    "type": "message",
    "role": "assistant",
    "model": MODEL,
    "content": [],
    "stop_reason": None,
    "stop_sequence": None,
    "usage": USAGE,
}
STREAMED: list[
    dict[str, Any]
] = [  # a reply that says something and calls a tool, as the brain's often do
    {"type": "message_start", "message": MESSAGE},
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "On it."}},
    {"type": "content_block_stop", "index": 0},
    {
        "type": "content_block_start",
        "index": 1,
        "content_block": {"type": "tool_use", "id": "toolu_warm_up", "name": "find", "input": {}},
    },
    {
        "type": "content_block_delta",
        "index": 1,
        "delta": {"type": "input_json_delta", "partial_json": '{"query": "Zimmerman"}'},
    },
    {"type": "content_block_stop", "index": 1},
    {
        "type": "message_delta",
        "delta": {"stop_reason": "tool_use", "stop_sequence": None},
        "usage": {"output_tokens": 9},
    },
    {"type": "message_stop"},
]
PLAIN: dict[str, Any] = {  # the memory learner's kind of reply
    **MESSAGE,
    "content": [{"type": "text", "text": '{"summary": "", "items": []}'}],
    "stop_reason": "end_turn",
}
CACHED = {"type": "ephemeral"}
SYSTEM = [{"type": "text", "text": "You are Hard-E.", "cache_control": CACHED}]
TOOLS = [
    {
        "name": "find",
        "description": "Find a customer or job.",
        "input_schema": {"type": "object", "properties": {"query": {"type": "string"}}},
        "cache_control": CACHED,
    }
]


class ScriptedAnthropic(httpx2.AsyncBaseTransport):
    """Answers the SDK in memory: streamed requests with ``STREAMED``, others with
    ``PLAIN``. ``requests`` counts what it was asked."""

    def __init__(self) -> None:
        self.requests = 0

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        self.requests += 1
        if json.loads(request.content).get("stream"):
            events = "".join(f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in STREAMED)
            return httpx2.Response(
                200, headers={"content-type": "text/event-stream"}, content=events.encode()
            )
        return httpx2.Response(200, json=PLAIN)


async def reply_once(transport: ScriptedAnthropic) -> None:
    """A brain's turn (streamed, a tool called, its result sent back) and a learner's
    reply, through the SDK, answered by ``transport``."""
    client = anthropic.AsyncAnthropic(
        api_key="warm-up", http_client=httpx2.AsyncClient(transport=transport), max_retries=0
    )
    messages: list[dict[str, Any]] = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Context: the rep's open jobs."},
                {"type": "text", "text": "The rep says:\nwhere's the Zimmerman job at?"},
            ],
        }
    ]
    turn: dict[str, Any] = {"model": MODEL, "max_tokens": 64, "system": SYSTEM, "tools": TOOLS}
    try:
        async with client.messages.stream(**{**turn, "messages": messages}) as stream:
            async for _event in stream:
                pass
            final = await stream.get_final_message()
        messages += [
            {
                "role": "assistant",
                "content": [b.model_dump(exclude_none=True) for b in final.content],
            },
            {
                "role": "user",
                "content": [
                    {
                        "type": "tool_result",
                        "tool_use_id": "toolu_warm_up",
                        "content": "Zimmerman: install scheduled",
                        "is_error": False,
                    }
                ],
            },
        ]
        async with client.messages.stream(**{**turn, "messages": messages}) as stream:
            await stream.get_final_message()
        learner: dict[str, Any] = {
            "model": MODEL,
            "max_tokens": 64,
            "system": "Pick out what is worth remembering.",
            "messages": [{"role": "user", "content": "The call's transcript."}],
        }
        await client.messages.create(**learner)
    finally:
        await client.close()


def warm() -> None:
    """Claude's first replies, made now (blocking: run it off the event loop)."""
    asyncio.run(reply_once(ScriptedAnthropic()))

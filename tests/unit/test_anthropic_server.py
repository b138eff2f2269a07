"""The scripted Messages API server, exercised through the real anthropic SDK."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import anthropic
import httpx
import pytest
from anthropic.types import Message, TextBlock, ToolUseBlock

from tests.support.anthropic_server import (
    NO_REPLY_LEFT,
    ScriptedAnthropic,
    text,
    tool_use,
)

MODEL = "claude-test-model"
USER: list[Any] = [{"role": "user", "content": "How do I close more roofing deals?"}]
PITCH = "Lead with the storm damage photos, then name a price."
QUOTE_INPUT = {"customer": "Dana", "items": [{"sku": "SHINGLE-30", "qty": 42}], "rush": True}
API_HEADERS = {"x-api-key": "test", "anthropic-version": "2023-06-01"}


@pytest.fixture
def server() -> Iterator[ScriptedAnthropic]:
    with ScriptedAnthropic() as s:
        yield s


@pytest.fixture
def client(server: ScriptedAnthropic) -> Iterator[anthropic.Anthropic]:
    with server.client() as c:
        yield c


@pytest.fixture
async def aclient(server: ScriptedAnthropic) -> AsyncIterator[anthropic.AsyncAnthropic]:
    async with server.async_client() as c:
        yield c


@pytest.fixture
def raw(server: ScriptedAnthropic) -> Iterator[httpx.Client]:
    """Plain HTTP, for requests the SDK would refuse to send."""
    with httpx.Client(base_url=server.base_url, verify=False, trust_env=False) as c:
        yield c


def dumped(message: Message) -> list[dict[str, object]]:
    """Content blocks as wire dicts, for comparison with scripted blocks."""
    return [block.to_dict(exclude_none=True) for block in message.content]


# --- non-streaming --------------------------------------------------------------------


def test_create_returns_scripted_text(
    server: ScriptedAnthropic, client: anthropic.Anthropic
) -> None:
    server.reply(text(PITCH))

    message = client.messages.create(model=MODEL, max_tokens=256, messages=USER)

    assert message.id.startswith("msg_")
    assert message.model == MODEL
    assert message.role == "assistant"
    assert isinstance(message.content[0], TextBlock)
    assert message.content[0].text == PITCH
    assert message.stop_reason == "end_turn"
    assert message.stop_sequence is None
    assert message.usage.input_tokens > 0
    assert message.usage.output_tokens > 0
    assert message.usage.cache_read_input_tokens == 0


async def test_async_create_returns_scripted_text(
    server: ScriptedAnthropic, aclient: anthropic.AsyncAnthropic
) -> None:
    server.reply(text(PITCH))

    message = await aclient.messages.create(model=MODEL, max_tokens=256, messages=USER)

    assert dumped(message) == [text(PITCH)]
    assert message.stop_reason == "end_turn"


def test_tool_use_reply_parses_into_tool_use_block(
    server: ScriptedAnthropic, client: anthropic.Anthropic
) -> None:
    server.reply(text("Drafting the quote."), tool_use("make_quote", QUOTE_INPUT, id="toolu_fixed"))

    message = client.messages.create(model=MODEL, max_tokens=256, messages=USER)

    block = message.content[1]
    assert isinstance(block, ToolUseBlock)
    assert (block.id, block.name, block.input) == ("toolu_fixed", "make_quote", QUOTE_INPUT)
    assert message.stop_reason == "tool_use"


def test_tool_use_without_id_gets_a_fresh_toolu_id() -> None:
    first, second = tool_use("a", {}), tool_use("a", {})

    assert first["id"].startswith("toolu_")
    assert first["id"] != second["id"]


def test_usage_and_stop_reason_overrides_apply_in_both_modes(
    server: ScriptedAnthropic, client: anthropic.Anthropic
) -> None:
    usage = {"input_tokens": 7, "output_tokens": 3, "cache_read_input_tokens": 1200}
    server.reply(text("cut"), stop_reason="max_tokens", usage=usage)
    server.reply(text("cut"), stop_reason="max_tokens", usage=usage)

    plain = client.messages.create(model=MODEL, max_tokens=1, messages=USER)
    with client.messages.stream(model=MODEL, max_tokens=1, messages=USER) as stream:
        streamed = stream.get_final_message()

    for message in (plain, streamed):
        assert message.stop_reason == "max_tokens"
        assert message.usage.input_tokens == 7
        assert message.usage.output_tokens == 3
        assert message.usage.cache_read_input_tokens == 1200
        assert message.usage.cache_creation_input_tokens == 0


# --- streaming ------------------------------------------------------------------------


def test_stream_text_deltas_join_to_scripted_text(
    server: ScriptedAnthropic, client: anthropic.Anthropic
) -> None:
    server.reply(text(PITCH))

    with client.messages.stream(model=MODEL, max_tokens=256, messages=USER) as stream:
        deltas = list(stream.text_stream)
        final = stream.get_final_message()

    assert len(deltas) > 1
    assert "".join(deltas) == PITCH
    assert dumped(final) == [text(PITCH)]
    assert final.stop_reason == "end_turn"
    assert server.requests[0].stream


async def test_async_stream_text_deltas_join_to_scripted_text(
    server: ScriptedAnthropic, aclient: anthropic.AsyncAnthropic
) -> None:
    server.reply(text(PITCH))

    async with aclient.messages.stream(model=MODEL, max_tokens=256, messages=USER) as stream:
        deltas = [d async for d in stream.text_stream]
        final = await stream.get_final_message()

    assert len(deltas) > 1
    assert "".join(deltas) == PITCH
    assert dumped(final) == [text(PITCH)]


def test_stream_tool_use_final_input_matches_script(
    server: ScriptedAnthropic, client: anthropic.Anthropic
) -> None:
    call = tool_use("make_quote", QUOTE_INPUT)
    server.reply(text("Drafting the quote."), call)

    with client.messages.stream(model=MODEL, max_tokens=256, messages=USER) as stream:
        kinds = [event.type for event in stream]
        final = stream.get_final_message()

    assert kinds.count("input_json") > 1  # the tool input really arrived in pieces
    assert dumped(final) == [text("Drafting the quote."), call]
    assert final.stop_reason == "tool_use"


async def test_async_stream_tool_use_final_input_matches_script(
    server: ScriptedAnthropic, aclient: anthropic.AsyncAnthropic
) -> None:
    server.reply(tool_use("make_quote", QUOTE_INPUT))

    async with aclient.messages.stream(model=MODEL, max_tokens=256, messages=USER) as stream:
        final = await stream.get_final_message()

    block = final.content[0]
    assert isinstance(block, ToolUseBlock)
    assert block.input == QUOTE_INPUT
    assert final.stop_reason == "tool_use"


def test_stream_events_are_flushed_one_by_one(
    server: ScriptedAnthropic, client: anthropic.Anthropic
) -> None:
    server.reply(text("one two three"), event_delay=0.15)

    with client.messages.stream(model=MODEL, max_tokens=256, messages=USER) as stream:
        arrivals = [time.monotonic() for _ in stream.text_stream]

    assert len(arrivals) == 3
    # two 0.15 s gaps between the first and last delta; buffered, they would land together
    # (the margin is wide: a busy machine delayed 0.03 s gaps into one read under load)
    assert arrivals[-1] - arrivals[0] >= 0.15


def test_closing_a_stream_early_leaves_the_server_usable(
    server: ScriptedAnthropic, client: anthropic.Anthropic
) -> None:
    server.reply(text("a long answer " * 20), event_delay=0.005)
    server.reply(text("next"))

    with client.messages.stream(model=MODEL, max_tokens=256, messages=USER) as stream:
        assert next(iter(stream.text_stream)) == "a "

    message = client.messages.create(model=MODEL, max_tokens=256, messages=USER)
    assert dumped(message) == [text("next")]


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "error_type", "error_class"),
    [
        (529, "overloaded_error", anthropic.OverloadedError),
        (500, "api_error", anthropic.InternalServerError),
        (429, "rate_limit_error", anthropic.RateLimitError),
    ],
)
def test_scripted_failure_surfaces_as_sdk_error_class(
    server: ScriptedAnthropic,
    client: anthropic.Anthropic,
    status: int,
    error_type: str,
    error_class: type[anthropic.APIStatusError],
) -> None:
    server.fail(status, error_type, "scripted trouble")

    with pytest.raises(error_class) as info:
        client.messages.create(model=MODEL, max_tokens=256, messages=USER)

    assert info.value.status_code == status
    assert info.value.type == error_type
    assert info.value.api_message == "scripted trouble"
    assert (info.value.request_id or "").startswith("req_")


async def test_scripted_failure_on_a_stream_raises_on_open(
    server: ScriptedAnthropic, aclient: anthropic.AsyncAnthropic
) -> None:
    server.fail(529, "overloaded_error", "Overloaded")

    with pytest.raises(anthropic.OverloadedError):
        async with aclient.messages.stream(model=MODEL, max_tokens=256, messages=USER):
            pass


def test_sdk_retries_a_scripted_failure_then_gets_the_reply(server: ScriptedAnthropic) -> None:
    server.fail(529, "overloaded_error", "Overloaded", headers={"retry-after-ms": "1"})
    server.reply(text("recovered"))

    with server.client(max_retries=1) as c:
        message = c.messages.create(model=MODEL, max_tokens=256, messages=USER)

    assert dumped(message) == [text("recovered")]
    assert [r.headers["x-stainless-retry-count"] for r in server.requests] == ["0", "1"]


def test_exhausted_script_answers_500(
    server: ScriptedAnthropic, client: anthropic.Anthropic
) -> None:
    server.reply(text("only one"))
    client.messages.create(model=MODEL, max_tokens=256, messages=USER)

    with pytest.raises(anthropic.InternalServerError) as info:
        client.messages.create(model=MODEL, max_tokens=256, messages=USER)

    assert info.value.status_code == 500
    assert info.value.type == "api_error"
    assert info.value.api_message == NO_REPLY_LEFT


def test_request_missing_max_tokens_gets_400_without_consuming_script(
    server: ScriptedAnthropic, raw: httpx.Client
) -> None:
    server.reply(text("unused"))

    response = raw.post(
        "/v1/messages", headers=API_HEADERS, json={"model": MODEL, "messages": USER}
    )

    assert response.status_code == 400
    assert response.json() == {
        "type": "error",
        "error": {"type": "invalid_request_error", "message": "max_tokens: Field required"},
    }
    assert response.headers["request-id"].startswith("req_")
    assert server.remaining == 1


def test_sdk_maps_an_invalid_request_to_bad_request_error(
    server: ScriptedAnthropic, client: anthropic.Anthropic
) -> None:
    # messages.create() refuses a missing max_tokens client-side, so use the raw post.
    with pytest.raises(anthropic.BadRequestError) as info:
        client.post("/v1/messages", body={"model": MODEL, "messages": USER}, cast_to=Message)

    assert info.value.type == "invalid_request_error"


@pytest.mark.parametrize(
    ("headers", "body", "status", "error_type"),
    [
        ({"anthropic-version": "2023-06-01"}, {}, 401, "authentication_error"),
        ({"x-api-key": "test"}, {}, 400, "invalid_request_error"),
        (
            API_HEADERS,
            {"model": MODEL, "max_tokens": 8, "messages": []},
            400,
            "invalid_request_error",
        ),
        (API_HEADERS, {"max_tokens": 8, "messages": USER}, 400, "invalid_request_error"),
    ],
    ids=["no-credentials", "no-version", "empty-messages", "no-model"],
)
def test_invalid_requests_are_rejected_like_the_real_api(
    raw: httpx.Client,
    headers: dict[str, str],
    body: dict[str, Any],
    status: int,
    error_type: str,
) -> None:
    response = raw.post("/v1/messages", headers=headers, json=body)

    assert response.status_code == status
    assert response.json()["error"]["type"] == error_type


def test_unknown_path_is_404(raw: httpx.Client) -> None:
    response = raw.post("/v1/complete", headers=API_HEADERS, json={})

    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not_found_error"


def test_reply_delay_can_trip_a_client_timeout(server: ScriptedAnthropic) -> None:
    server.reply(text("too late"), delay=0.5)

    with server.client(timeout=0.1) as c, pytest.raises(anthropic.APITimeoutError):
        c.messages.create(model=MODEL, max_tokens=256, messages=USER)


# --- capture --------------------------------------------------------------------------


def test_requests_capture_system_tools_cache_control_and_headers(
    server: ScriptedAnthropic,
) -> None:
    system: list[Any] = [
        {"type": "text", "text": "You are Hard-E.", "cache_control": {"type": "ephemeral"}}
    ]
    tools: list[Any] = [
        {
            "name": "make_quote",
            "description": "Draft a quote.",
            "input_schema": {"type": "object", "properties": {"customer": {"type": "string"}}},
            "cache_control": {"type": "ephemeral"},
        }
    ]
    server.reply(text("ok"))

    # A plainly constructed SDK client (default HTTP stack), as the app would build it.
    with anthropic.Anthropic(base_url=server.base_url, api_key="test", max_retries=0) as client:
        client.messages.create(
            model=MODEL, max_tokens=256, messages=USER, system=system, tools=tools
        )

    [captured] = server.requests
    assert captured.path == "/v1/messages"
    assert captured.system == system
    assert captured.tools == tools
    assert captured.messages == USER
    assert captured.body["max_tokens"] == 256
    assert not captured.stream
    assert captured.headers["authorization"] == "Bearer test"  # the SDK's api_key header
    assert "anthropic-version" in captured.headers


async def test_replies_are_served_in_order_over_one_keep_alive_connection(
    server: ScriptedAnthropic, aclient: anthropic.AsyncAnthropic
) -> None:
    for word in ("first", "second", "third"):
        server.reply(text(word))

    one = await aclient.messages.create(model=MODEL, max_tokens=8, messages=USER)
    async with aclient.messages.stream(model=MODEL, max_tokens=8, messages=USER) as stream:
        two = await stream.get_final_message()
    three = await aclient.messages.create(model=MODEL, max_tokens=8, messages=USER)

    assert [dumped(m) for m in (one, two, three)] == [
        [text("first")],
        [text("second")],
        [text("third")],
    ]
    assert len(server.requests) == 3
    assert server.remaining == 0
    assert server.connection_count == 1

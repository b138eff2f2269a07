"""A call process makes Claude's first replies at warm-up (``voice_worker.claude_warmup``)
— the SDK's one-off work done before a rep's first turn, not on the event loop inside
it — answered in memory: no network, no key."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import httpx2
import pytest
from pydantic import SecretStr

from hard_e.bootstrap import use_services
from hard_e.config import Settings
from tests.conftest import FrozenClock, make_services
from voice_worker import claude_warmup
from voice_worker.app import in_process, warm_up
from voice_worker.settings import VoiceSettings


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    async def refused(*_: Any, **__: Any) -> Any:
        raise AssertionError("the warm-up tried the network")

    monkeypatch.setattr(httpx2.AsyncHTTPTransport, "handle_async_request", refused)


async def test_the_warm_up_replies_through_the_sdk_without_the_network(no_network: None) -> None:
    transport = claude_warmup.ScriptedAnthropic()
    await claude_warmup.reply_once(transport)
    assert transport.requests == 3  # a turn, its tool result, a learner's reply


def test_the_scripted_reply_is_read_as_claudes_would_be(no_network: None) -> None:
    """What the SDK makes of the script: a tool call with its input, read in full."""
    import asyncio

    import anthropic

    async def final() -> Any:
        client = anthropic.AsyncAnthropic(
            api_key="warm-up",
            http_client=httpx2.AsyncClient(transport=claude_warmup.ScriptedAnthropic()),
        )
        async with client.messages.stream(
            model=claude_warmup.MODEL,
            max_tokens=64,
            messages=[{"role": "user", "content": "hi"}],
        ) as stream:
            return await stream.get_final_message()

    message = asyncio.run(final())
    text, call = message.content
    assert text.type == "text" and text.text == "On it."
    assert call.type == "tool_use" and call.input == {"query": "Zimmerman"}
    assert message.stop_reason == "tool_use"


@pytest.mark.parametrize("key", [None, "sk-test"])
async def test_the_worker_warms_claude_only_when_it_uses_claude(
    key: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("ANTHROPIC_API_KEY", "HARD_E_ANTHROPIC_API_KEY", "DEEPGRAM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    warmed: list[bool] = []
    monkeypatch.setattr(claude_warmup, "warm", lambda: warmed.append(True))
    settings = Settings(
        home=tmp_path / "home",
        bcrypt_rounds=4,
        port=0,
        anthropic_api_key=SecretStr(key) if key else None,
    )
    use_services(make_services(settings, FrozenClock()))
    try:
        worker = in_process(VoiceSettings(port=0, host_addresses=["127.0.0.1"], processes=0))
        await warm_up(worker)
        assert worker.ready
        assert warmed == ([True] if key else [])
    finally:
        use_services(None)


@pytest.mark.parametrize("call_process", [False, True])
async def test_a_call_process_puts_what_it_loaded_out_of_the_collectors_sight(
    call_process: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a full collection during a call walked every model and library: a ~0.3 s stall
    for var in ("ANTHROPIC_API_KEY", "HARD_E_ANTHROPIC_API_KEY", "DEEPGRAM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    settings = Settings(home=tmp_path / "home", bcrypt_rounds=4, port=0)
    use_services(make_services(settings, FrozenClock()))
    gc.unfreeze()
    try:
        worker = in_process(VoiceSettings(port=0, host_addresses=["127.0.0.1"], processes=0))
        worker.freeze_loaded = call_process  # as voice_worker.child sets it
        await warm_up(worker)
        assert worker.ready
        assert (gc.get_freeze_count() > 0) is call_process  # this test process: only if asked
    finally:
        gc.unfreeze()
        use_services(None)

"""A rep cuts Hard-E off over real WebRTC on loopback (offline: Moonshine hears, Piper
speaks, "Claude" scripted): the RTVI messages the page builds its captions from say
exactly the words the rep heard, which are the words the conversation keeps."""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import pytest
from pydantic import SecretStr

from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from tests.support.anthropic_server import ScriptedAnthropic, text
from tests.support.fake_vendors import FakeCartesia
from tests.support.voice_peer import Peer, synthesise
from tests.voice.conftest import RunningWorker, serve_worker
from voice_worker.settings import VoiceSettings

pytestmark = pytest.mark.slow

LONG = (
    "The Zimmerman job is in install scheduled. The crew starts Monday at eight. "
    "The dumpster comes Friday and the shingles land Thursday afternoon. "
    "Pat is the project manager and he wants the permit posted by Wednesday. "
    "The homeowner asked for a call the night before the crew shows up."
)


@pytest.fixture
def services(claude_services: Services) -> Services:
    return claude_services


@pytest.fixture(params=["piper", "cartesia"])
async def worker(
    request: pytest.FixtureRequest, services: Services, voice_settings: VoiceSettings
) -> AsyncIterator[RunningWorker]:
    """The worker speaking with Piper (a sentence is heard once played), or with
    Cartesia (the local fake: words heard one by one, by their timestamps)."""
    async with AsyncExitStack() as stack:
        settings = voice_settings
        if request.param == "cartesia":
            FakeCartesia.prepare(*[s.strip() + "." for s in LONG.split(".") if s.strip()])
            fake = await stack.enter_async_context(FakeCartesia())
            settings = voice_settings.model_copy(
                update={"cartesia_api_key": SecretStr("ca-test"), "cartesia_url": fake.url}
            )
        yield await stack.enter_async_context(serve_worker(settings))


def first_sentence_heard(peer: Peer, since: float) -> bool:
    return any(
        at >= since
        and m.get("type") == "bot-output"
        and m["data"].get("spoken_status") == "completed"
        and m["data"].get("text", "").startswith("The Zimmerman job")
        for at, m in peer.messages
    )


def heard_in(messages: list[dict[str, Any]]) -> str:
    """What a page following the bot-output messages up to the interruption shows as
    heard: each segment's completed text, or its words so far."""
    heard: dict[Any, str] = {}
    for msg in messages:
        if msg.get("type") == "bot-interrupted":
            break
        if msg.get("type") != "bot-output":
            continue
        data = msg["data"]
        progress = data.get("spoken_progress") or {}
        if data.get("spoken_status") == "completed":
            heard[data["segment_id"]] = data["text"]
        elif data.get("spoken_status") == "in-progress":
            heard[data["segment_id"]] = progress.get("accumulated_text", "")
    return " ".join(" ".join(heard.values()).split())


async def test_after_a_barge_in_the_captions_hold_only_what_was_heard(
    worker: RunningWorker,
    services: Services,
    demo: DemoLogin,
    demo_token: str,
    claude_api: ScriptedAnthropic,
    request: pytest.FixtureRequest,
) -> None:
    claude_api.reply(text(LONG))
    claude_api.reply(text("Sure, go ahead."))
    peer = Peer(worker.base_url, demo_token)
    try:
        await peer.connect()
        (call,) = worker.app.state.worker.calls.values()
        greeted, _ = await peer.wait_for("bot-started-speaking", within=30)
        await peer.wait_for("bot-stopped-speaking", after=greeted, within=30)
        # Given Hard-E part way through a long answer
        asked, _ = await peer.wait_for("bot-stopped-speaking", after=greeted, within=1)
        peer.say(synthesise("What's the status of the Zimmerman job?"))
        await peer.wait_until(lambda: first_sentence_heard(peer, asked), within=60)
        # When the rep talks over it
        cut = asyncio.get_running_loop().time()
        peer.say(synthesise("Hold on a second, stop."))
        await peer.wait_for("bot-interrupted", after=asked, within=30)
        await asyncio.sleep(1.0)
    finally:
        await peer.close()
    assert cut

    # Then the captions' heard words are a true start of the answer, short of all of it
    after = [m for at, m in peer.messages if at >= asked]
    reply = after[next(i for i, m in enumerate(after) if m["type"] == "bot-llm-started") :]
    if os.environ.get("HARD_E_DUMP_RTVI"):  # the sequence the browser test replays
        print(json.dumps([m for m in reply if m.get("type", "").startswith("bot")], indent=1))
    heard = heard_in(reply)
    assert heard and LONG.startswith(heard) and len(heard) < len(LONG), heard

    # and they are the words the conversation kept for that answer
    await call.ended.wait()
    assert call.state.session_id is not None
    _, messages = services.chat.history(call.principal, call.state.session_id)
    answer = " ".join(next(m.text for m in messages if m.role == "assistant").split())
    if (
        request.node.callspec.params["worker"] == "piper"
    ):  # a sentence's caption goes out with its audio
        assert answer == heard
    else:
        # Cartesia's words go out on the clock, also while the reply's audio is paused
        # for the rep's voice (voice_worker.pausing): the captions may run ahead of what
        # was heard by those few words; the conversation keeps only what was heard
        assert answer and heard.startswith(answer), (answer, heard)
        assert len(heard.split()) - len(answer.split()) <= 4, (answer, heard)

"""A call on Deepgram whose line dies while the rep is asking (real WebRTC on loopback,
the local fake Deepgram, "Claude" scripted): the question is still heard, offline, and
answered out loud."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from tests.support.anthropic_server import ScriptedAnthropic, text
from tests.support.fake_vendors import FakeDeepgram
from tests.support.voice_peer import Peer, synthesise
from tests.voice.conftest import serve_worker
from voice_worker.settings import VoiceSettings

pytestmark = pytest.mark.slow


@pytest.fixture
def services(claude_services: Services) -> Services:
    return claude_services


async def test_deepgram_dropping_mid_question_the_question_is_still_answered(
    services: Services,
    voice_settings: VoiceSettings,
    demo: DemoLogin,
    demo_token: str,
    claude_api: ScriptedAnthropic,
) -> None:
    claude_api.reply(text("The Castillo job moves to punch list. I'll tell Pat."))
    async with FakeDeepgram() as fake:
        settings = voice_settings.model_copy(
            update={"deepgram_api_key": SecretStr("dg-test"), "deepgram_url": fake.url}
        )
        async with serve_worker(settings) as worker:
            peer = Peer(worker.base_url, demo_token)
            try:
                await peer.connect()
                greeted, _ = await peer.wait_for("bot-started-speaking", within=30)
                await peer.wait_for("bot-stopped-speaking", after=greeted, within=30)
                # Given a rep asking on a call Deepgram is hearing
                peer.say(synthesise("Move the Castillo job to punch list."))
                await peer.wait_until(lambda: peer.mic.speech_started_at is not None)
                asked = peer.mic.speech_started_at
                assert asked is not None
                # When Deepgram's line dies part way into the question
                await asyncio.sleep(0.8)
                heard_by_vendor = fake.audio_bytes
                await fake.drop()
                # Then the question is heard (offline) and answered out loud
                _, heard = await peer.wait_for("user-transcription", after=asked, within=60)
                spoken, _ = await peer.wait_for("bot-started-speaking", after=asked, within=60)
                await peer.wait_for("bot-output", after=spoken, within=60, text="punch list")
                await peer.wait_for("bot-stopped-speaking", after=spoken, within=60)
            finally:
                await peer.close()

    assert heard_by_vendor > 0 and fake.finalizes == 0
    words = heard["data"]["text"].lower()
    assert "castillo" in words and len(words.split()) >= 6, words  # from its first word
    assert peer.heard.speech_since(spoken) > 0.5

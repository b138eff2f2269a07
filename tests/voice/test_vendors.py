"""The Deepgram and Cartesia adapters (pipecat's services as the worker builds them)
against local websocket servers speaking those vendors' protocols, and the key terms
a call sends Deepgram."""

from __future__ import annotations

import numpy as np
from pipecat.frames.frames import (
    Frame,
    InputAudioRawFrame,
    InterimTranscriptionFrame,
    TranscriptionFrame,
    TTSAudioRawFrame,
    TTSSpeakFrame,
    TTSTextFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.tests.utils import SleepFrame, run_test
from pydantic import SecretStr

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from tests.support.fake_vendors import FakeCartesia, FakeDeepgram
from tests.support.voice_peer import RATE, Peer, synthesise
from tests.voice.conftest import serve_worker
from voice_worker.hearing import deepgram
from voice_worker.key_terms import MAX_CUSTOMERS, MAX_TERMS, key_terms
from voice_worker.settings import VoiceSettings
from voice_worker.speaking import cartesia


def question_frames(text: str) -> list[Frame]:
    """The rep saying ``text`` at 16 kHz in 20 ms frames, framed by the VAD's events."""
    import soxr

    pcm48 = synthesise(text).astype(np.float32) / 32768.0
    pcm = (np.clip(soxr.resample(pcm48, RATE, 16_000), -1, 1) * 32767).astype(np.int16)
    frames: list[Frame] = [SleepFrame(sleep=0.3), VADUserStartedSpeakingFrame()]
    for at in range(0, len(pcm), 320):
        chunk = pcm[at : at + 320].tobytes()
        frames.append(InputAudioRawFrame(audio=chunk, sample_rate=16_000, num_channels=1))
    frames += [VADUserStoppedSpeakingFrame(), SleepFrame(sleep=0.6)]
    return frames


def settings(**values: object) -> VoiceSettings:
    return VoiceSettings.model_validate(values)


async def test_deepgram_gets_the_audio_and_the_key_terms_and_its_final_is_the_turn() -> None:
    async with FakeDeepgram(final_delay=0.05) as fake:
        fake.transcripts.append("What's the status of the Zimmerman job?")
        service = deepgram(
            settings(DEEPGRAM_API_KEY="dg-test", deepgram_url=fake.url),
            ["Zimmerman", "StoneLap"],
        )
        down, _ = await run_test(service, frames_to_send=question_frames("the Zimmerman job"))

    finals = [f.text for f in down if isinstance(f, TranscriptionFrame)]
    assert finals == ["What's the status of the Zimmerman job?"]
    # while the rep spoke: interim results, the words heard so far, unpunctuated
    interims = [f.text for f in down if isinstance(f, InterimTranscriptionFrame)]
    assert interims and all(
        "What's the status of the Zimmerman job".startswith(i) for i in interims
    )
    (connection,) = fake.connections
    assert connection["path"] == "/v1/listen"
    assert connection["authorization"] == "Token dg-test"
    query = connection["query"]
    assert query["keyterm"] == ["Zimmerman", "StoneLap"]
    assert query["encoding"] == ["linear16"] and query["sample_rate"] == ["16000"]
    assert query["model"] == ["nova-3"]
    assert fake.audio_bytes > 16_000 and fake.finalizes == 1


async def test_cartesia_streams_speech_for_each_sentence_with_its_words() -> None:
    async with FakeCartesia(first_audio_delay=0.01) as fake:
        service = cartesia(settings(CARTESIA_API_KEY="ca-test", cartesia_url=fake.url))
        down, _ = await run_test(
            service,
            frames_to_send=[
                SleepFrame(sleep=0.3),
                TTSSpeakFrame("The Keller job is in install scheduled."),
                SleepFrame(sleep=1.5),
            ],
        )

    audio = b"".join(f.audio for f in down if isinstance(f, TTSAudioRawFrame))
    assert len(audio) > 24_000  # more than half a second of speech came back
    words = " ".join(f.text for f in down if isinstance(f, TTSTextFrame))
    assert "Keller" in words
    sent = [m for m in fake.received if m.get("transcript")]
    assert sent and "Keller job" in sent[0]["transcript"]
    assert sent[0]["voice"] == {"mode": "id", "id": VoiceSettings().cartesia_voice}
    assert sent[0]["output_format"]["encoding"] == "pcm_s16le"
    assert fake.headers[0]["X-API-Key"] == "ca-test"


# --- key terms: the company's own names -------------------------------------------------


async def test_key_terms_are_the_companys_products_and_crm_customers(
    services: Services, demo: DemoLogin, leap_sim: LeapSimulator
) -> None:
    terms = await key_terms(services, demo.tenant_id)

    customers = {c.full_name for c in leap_sim.store.customers.values()}
    assert {"StoneLap", "CrestCoat", "Ironbark"} <= set(terms)  # the product library's
    assert "Specification" not in terms and "The" not in terms  # words, not names
    named = [t for t in terms if t in customers]
    assert len(named) == MAX_CUSTOMERS  # bounded, from the CRM
    assert len(terms) <= MAX_TERMS
    assert len({t.lower() for t in terms}) == len(terms)  # each once


async def test_key_terms_without_a_crm_are_the_products_alone(services: Services) -> None:
    tenant = services.directory.create_tenant("No CRM Yet Roofing")
    terms = await key_terms(services, tenant.tenant_id)
    assert "StoneLap" in terms and len(terms) <= MAX_TERMS


async def test_a_call_sends_deepgram_the_companys_key_terms(
    services: Services,
    demo: DemoLogin,
    demo_token: str,
    leap_sim: LeapSimulator,
    voice_settings: VoiceSettings,
) -> None:
    async with FakeDeepgram() as fake:
        live = voice_settings.model_copy(
            update={"deepgram_api_key": SecretStr("dg-test"), "deepgram_url": fake.url}
        )
        async with serve_worker(live) as worker:
            peer = Peer(worker.base_url, demo_token)
            try:
                await peer.connect()
                await peer.wait_until(lambda: bool(fake.connections), within=20)
            finally:
                await peer.close()

    query = fake.connections[0]["query"]
    customers = {c.full_name for c in leap_sim.store.customers.values()}
    assert "StoneLap" in query["keyterm"]  # one repeated ``keyterm`` per term (nova-3)
    assert customers & set(query["keyterm"])
    assert "keywords" not in query  # nova-3 takes key terms, not the older keywords

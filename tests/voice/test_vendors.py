"""The Deepgram and Cartesia adapters (pipecat's services as the worker builds them)
against local websocket servers speaking those vendors' protocols
(failover to the offline engines is not done yet)."""

from __future__ import annotations

import numpy as np
from pipecat.frames.frames import (
    Frame,
    InputAudioRawFrame,
    TranscriptionFrame,
    TTSAudioRawFrame,
    TTSSpeakFrame,
    TTSTextFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.tests.utils import SleepFrame, run_test

from tests.support.fake_vendors import FakeCartesia, FakeDeepgram
from tests.support.voice_peer import RATE, synthesise
from voice_worker.hearing import deepgram
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

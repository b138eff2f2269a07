"""A vendor that fails mid-call: the call goes on offline and the rep still hears and is
heard (the worker's STT/TTS as ``speech_to_text`` / ``text_to_speech`` build them,
against the local vendor fakes)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pipecat.frames.frames import (
    ErrorFrame,
    Frame,
    LLMFullResponseEndFrame,
    LLMFullResponseStartFrame,
    LLMTextFrame,
    TranscriptionFrame,
    TTSAudioRawFrame,
    TTSSpeakFrame,
    TTSTextFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.processors.frameworks.rtvi.frames import RTVIServerMessageFrame
from pipecat.tests.utils import SleepFrame, run_test

from tests.support.fake_vendors import FakeCartesia, FakeDeepgram
from tests.voice.test_vendors import question_frames, settings
from voice_worker.espeak import ESpeakTTSService, espeak
from voice_worker.fallback import HearingFallback, SpeakingFallback
from voice_worker.hearing import CANT_HEAR, OfflineSTTService, speech_to_text
from voice_worker.speaking import OfflineTTSService, cartesia, piper_voice, text_to_speech

REPLY = ["The Keller job is in install.", "The crew starts Tuesday at seven.", "Pat has it."]


class BrokenModel:
    """A recogniser or voice whose files went bad."""

    sample_rate = 22_050

    class config:
        sample_rate = 22_050

    def text(self, pcm16: bytes, sample_rate: int) -> str:
        raise RuntimeError("model file is corrupt")

    def synthesize(self, text: str, *args: object, **kwargs: object) -> object:
        raise RuntimeError("voice file is corrupt")

    def speak(self, text: str) -> bytes:
        raise RuntimeError("no voice data")


class SilentVoice:
    """A Piper voice that has stopped making sound: no audio, whatever it is given."""

    class config:
        sample_rate = 22_050

    def synthesize(self, text: str, *args: object, **kwargs: object) -> list[object]:
        return []


# Reply pieces with nothing to say, as a brain or a model may send them on their own
WORDLESS = ["…", "—", "--", "...", "?!", " - ", "(…)", "“…”", "***", "👍", ". . ."]


def notices(frames: list[Frame], kind: str) -> list[dict[str, str]]:
    return [
        f.data for f in frames if isinstance(f, RTVIServerMessageFrame) and f.data["type"] == kind
    ]


def seconds_of_speech(frames: list[Frame]) -> float:
    audio = [f for f in frames if isinstance(f, TTSAudioRawFrame)]
    return sum(len(f.audio) / 2 / f.sample_rate for f in audio)


async def test_deepgram_refused_at_connect_the_call_still_transcribes_offline() -> None:
    async with FakeDeepgram(refuse_with=503) as fake:
        stt = speech_to_text(settings(DEEPGRAM_API_KEY="dg-test", deepgram_url=fake.url), [])
        assert isinstance(stt, HearingFallback)
        down, _ = await run_test(
            stt, frames_to_send=question_frames("what's the status of the Zimmerman job")
        )

    assert fake.refused >= 1
    (final,) = [f.text for f in down if isinstance(f, TranscriptionFrame)]
    assert "zimmerman" in final.lower() and "status" in final.lower()


async def test_deepgram_dropped_mid_utterance_moonshine_hears_all_of_it() -> None:
    # Given a call on Deepgram, whose line dies a second into the rep's question
    question = question_frames("Move the Castillo job to punch list")
    async with FakeDeepgram(drop_after_audio=32_000) as fake:  # 1 s of 16 kHz audio
        stt = speech_to_text(settings(DEEPGRAM_API_KEY="dg-test", deepgram_url=fake.url), [])
        assert isinstance(stt, HearingFallback)
        fake.transcripts.append("move the castillo job to punch list")  # never sent
        # When the rep finishes the question, and asks another one
        down, _ = await run_test(
            stt, frames_to_send=question + question_frames("What's left on the Hoffman job")
        )

    # Then Deepgram took part of it, never finalised, and Moonshine heard the whole
    # question from its first word (the audio replayed), then the next one
    assert fake.audio_bytes > 0 and fake.finalizes == 0
    finals = [f.text.lower() for f in down if isinstance(f, TranscriptionFrame)]
    assert len(finals) == 2, finals
    # all seven words, from the first ("move the castillo job to punch list")
    assert "castillo" in finals[0] and len(finals[0].split()) >= 6, finals[0]
    assert "left on the" in finals[1]
    assert [s.is_usable for s in stt.services] == [False, True]


async def test_cartesia_dropped_mid_reply_the_rest_is_heard_in_piper() -> None:
    FakeCartesia.prepare(*REPLY)
    async with FakeCartesia(first_audio_delay=0.01, drop_after=1) as fake:
        tts = text_to_speech(settings(CARTESIA_API_KEY="ca-test", cartesia_url=fake.url))
        assert isinstance(tts, SpeakingFallback)
        frames: list[Frame] = [SleepFrame(sleep=0.3), LLMFullResponseStartFrame()]
        for sentence in REPLY:
            frames += [LLMTextFrame(sentence + " "), SleepFrame(sleep=0.8)]
        frames += [LLMFullResponseEndFrame(), SleepFrame(sleep=3)]
        down, _ = await run_test(tts, frames_to_send=frames)

    spoken_by_vendor = [m["transcript"] for m in fake.received if m.get("transcript")]
    assert "Pat has it." not in " ".join(spoken_by_vendor)  # the vendor was gone by then
    said = " ".join(str(getattr(f, "text", "")) for f in down)
    assert "Keller" in said and "Pat has it." in said  # before and after the drop
    # the sentence in flight when the line died is said again by Piper, not lost:
    # ~1.7 s before the drop + ~1.9 s carried over + ~0.8 s after (2.6 s without it)
    assert seconds_of_speech(down) > 3.6


async def test_a_missing_piper_voice_leaves_espeak_to_speak(tmp_path: Path) -> None:
    tts = text_to_speech(settings(tts_voice_path=tmp_path / "no-such-voice.onnx"))
    assert isinstance(tts, SpeakingFallback)
    assert [type(s) for s in tts.services] == [ESpeakTTSService]
    down, _ = await run_test(
        tts, frames_to_send=[TTSSpeakFrame("The Keller job is in install."), SleepFrame(sleep=1)]
    )
    assert seconds_of_speech(down) > 1.0


async def test_offline_alone_is_piper_with_espeak_behind_it() -> None:
    tts = text_to_speech(settings())
    assert isinstance(tts, SpeakingFallback)
    names = [type(s).__name__ for s in tts.services]
    assert names == ["OfflineTTSService", "ESpeakTTSService"]
    down, _ = await run_test(
        tts, frames_to_send=[TTSSpeakFrame("Hard-E here. Go ahead."), SleepFrame(sleep=1)]
    )
    assert seconds_of_speech(down) > 0.5


async def test_moonshine_failing_hard_e_says_out_loud_it_cannot_hear() -> None:
    # Given a call whose last recogniser breaks, with the offline voices behind it
    stt = OfflineSTTService(BrokenModel())  # type: ignore[arg-type]
    tts = text_to_speech(settings())

    # When the rep asks something
    frames = [*question_frames("What's left on the Hoffman job"), SleepFrame(sleep=2)]
    down, _ = await run_test(Pipeline([stt, tts]), frames_to_send=frames)

    # Then nothing was transcribed, Hard-E says it cannot hear (real speech) and the
    # page is told why
    assert not [f for f in down if isinstance(f, TranscriptionFrame)]
    said = " ".join(f.text for f in down if isinstance(f, TTSTextFrame))
    assert "can't hear you" in said
    assert seconds_of_speech(down) > 1.5
    (notice,) = notices(down, "hard-e-not-heard")
    assert "cannot hear you" in notice["error"]
    assert CANT_HEAR.startswith("Sorry, I can't hear you")


async def test_every_voice_failing_the_reply_still_reaches_the_page_as_text() -> None:
    # Given Cartesia refusing, then a broken Piper voice, then a broken eSpeak NG
    async with FakeCartesia(refuse_with=503) as fake:
        voices = [
            cartesia(settings(CARTESIA_API_KEY="ca-test", cartesia_url=fake.url)),
            OfflineTTSService(BrokenModel()),
            ESpeakTTSService(BrokenModel()),  # type: ignore[arg-type]
        ]
        tts = SpeakingFallback(voices)
        # When a reply streams in, and later a spoken question of the brain's own
        frames: list[Frame] = [SleepFrame(sleep=0.3), LLMFullResponseStartFrame()]
        for sentence in REPLY:
            frames += [LLMTextFrame(sentence + " "), SleepFrame(sleep=0.3)]
        frames += [LLMFullResponseEndFrame(), SleepFrame(sleep=0.5)]
        frames += [TTSSpeakFrame("Anything else on Keller?"), SleepFrame(sleep=0.5)]
        down, _ = await run_test(tts, frames_to_send=frames)

    # Then nothing could be spoken, but every word reached the page in order, with
    # the reason in sight
    assert fake.refused >= 1
    assert seconds_of_speech(down) == 0
    written = notices(down, "hard-e-unspoken")
    text = " ".join("".join(n["text"] for n in written).split())
    assert text == " ".join(REPLY) + " Anything else on Keller?"
    assert all("voice is not working" in n["error"] for n in written)


async def test_a_reply_piece_with_no_words_is_silence_and_piper_keeps_the_call() -> None:
    # Given the offline voices (Piper, eSpeak NG behind it)
    tts = text_to_speech(settings())
    assert isinstance(tts, SpeakingFallback)
    piper = tts.services[0]
    assert isinstance(piper, OfflineTTSService)

    # When pieces with no words come, said on their own and inside a streamed reply
    frames: list[Frame] = []
    for piece in WORDLESS:
        frames += [TTSSpeakFrame(piece), SleepFrame(sleep=0.1)]
    frames += [LLMFullResponseStartFrame(), LLMTextFrame("Let me look. "), SleepFrame(sleep=0.3)]
    frames += [LLMTextFrame("… "), SleepFrame(sleep=0.3), LLMTextFrame("— ")]
    frames += [LLMTextFrame("The Keller job is in install."), LLMFullResponseEndFrame()]
    frames += [SleepFrame(sleep=1), TTSSpeakFrame("Pat has it."), SleepFrame(sleep=1)]
    down, up = await run_test(tts, frames_to_send=frames)

    # Then nothing failed: Piper still has the call and said every word, once
    assert tts.strategy.active_service is piper
    assert not [f for f in up if isinstance(f, ErrorFrame)]
    said = " ".join(f.text for f in down if isinstance(f, TTSTextFrame))
    for words in ("Let me look.", "The Keller job is in install.", "Pat has it."):
        assert said.count(words) == 1, said
    assert seconds_of_speech(down) > 2.0


async def test_a_piper_voice_silent_on_words_is_a_failure_and_espeak_says_them() -> None:
    # Given a Piper voice that makes no sound any more, with eSpeak NG behind it
    tts = SpeakingFallback([OfflineTTSService(SilentVoice()), ESpeakTTSService(espeak())])

    # When a wordless piece comes first, then a sentence with words
    frames: list[Frame] = [TTSSpeakFrame("…"), SleepFrame(sleep=0.3)]
    # (pipecat gives up on a sentence's audio after 3 s)
    frames += [TTSSpeakFrame("The Keller job is in install."), SleepFrame(sleep=5)]
    down, _ = await run_test(tts, frames_to_send=frames)

    # Then the silent sentence with words moves the call to eSpeak NG, which says it
    assert isinstance(tts.strategy.active_service, ESpeakTTSService)
    assert seconds_of_speech(down) > 1.0


async def test_a_silent_sentence_with_no_words_does_not_cost_a_voice_its_call() -> None:
    """The fallback's own judgement, for a voice that is given wordless text anyway (its
    text filter left out): silence for "…" is no failure; pipecat still reports it."""
    piper = OfflineTTSService(piper_voice())
    piper._text_transforms = []  # type: ignore[attr-defined]  # "…" reaches the voice
    tts = SpeakingFallback([piper, ESpeakTTSService(espeak())])
    frames: list[Frame] = [TTSSpeakFrame("…"), SleepFrame(sleep=4)]  # 3 s: pipecat gives up
    frames += [TTSSpeakFrame("Pat has it."), SleepFrame(sleep=1)]
    down, _ = await run_test(tts, frames_to_send=frames)
    assert tts.strategy.active_service is piper
    assert seconds_of_speech(down) > 0.5


class SlowVoice:
    """The real Piper voice on a machine so busy its first audio takes 4 s."""

    def __init__(self, voice: Any) -> None:
        self.voice = voice
        self.config = voice.config

    def synthesize(self, text: str) -> Iterator[Any]:
        time.sleep(4)  # on the voice's worker thread, as Piper's own work is
        yield from self.voice.synthesize(text)


async def test_a_slow_piper_voice_is_not_a_failed_one_and_says_its_words_once() -> None:
    # Given a Piper voice whose audio comes after pipecat's 3 s wait for it
    piper = OfflineTTSService(SlowVoice(piper_voice()))
    tts = SpeakingFallback([piper, ESpeakTTSService(espeak())])

    # When it is given a sentence
    frames: list[Frame] = [TTSSpeakFrame("The Keller job is in install."), SleepFrame(sleep=8)]
    down, _ = await run_test(tts, frames_to_send=frames)

    # Then Piper keeps the call and the rep hears the sentence once, in its voice
    assert tts.strategy.active_service is piper
    said = [f.text for f in down if isinstance(f, TTSTextFrame)]
    assert said.count("The Keller job is in install.") == 1, said
    assert 1.0 < seconds_of_speech(down) < 3.0  # once (~1.9 s), not twice

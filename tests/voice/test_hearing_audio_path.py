"""The rep's audio takes a short way through the hearing fallback
(``voice_worker.fallback.HearingFallback.process_frame``): straight to the active
recogniser, not through every branch's pipeline. What the recogniser and the turn
after it get must be what pipecat's way gave them: every frame, once, in order."""

from __future__ import annotations

from pipecat.frames.frames import InputAudioRawFrame, TranscriptionFrame
from pipecat.pipeline.parallel_pipeline import ParallelPipeline
from pipecat.tests.utils import run_test

from tests.support.fake_vendors import FakeDeepgram
from tests.voice.test_vendors import question_frames, settings
from voice_worker.fallback import HearingFallback
from voice_worker.hearing import speech_to_text


async def test_the_reps_audio_reaches_deepgram_and_the_turn_once_each_in_order() -> None:
    # Given a call hearing with Deepgram, Moonshine behind it
    question = question_frames("What's the status of the Zimmerman job")
    sent = [f for f in question if isinstance(f, InputAudioRawFrame)]
    async with FakeDeepgram(final_delay=0.05) as fake:
        fake.transcripts.append("What's the status of the Zimmerman job?")
        stt = speech_to_text(settings(DEEPGRAM_API_KEY="dg-test", deepgram_url=fake.url), [])
        assert isinstance(stt, HearingFallback)
        # When the rep asks
        down, _ = await run_test(stt, frames_to_send=question)

    # Then Deepgram heard all of it, the turn got every frame once and in order, and
    # Deepgram's final is the transcript (Moonshine, inactive, heard nothing)
    assert fake.audio_bytes == sum(len(f.audio) for f in sent)
    passed = [f for f in down if isinstance(f, InputAudioRawFrame)]
    assert [f.id for f in passed] == [f.id for f in sent]
    assert [f.text for f in down if isinstance(f, TranscriptionFrame)] == [
        "What's the status of the Zimmerman job?"
    ]
    # and the switcher keeps no id of the call's audio (pipecat keeps every frame's)
    assert not {f.id for f in sent} & stt._seen_ids


def test_pipecats_parallel_pipeline_still_has_what_the_short_way_relies_on() -> None:
    # pipecat 1.14 (pinned): an upgrade that renames these must fail here, not in a call
    assert callable(ParallelPipeline._parallel_push_frame)
    pipeline = ParallelPipeline([])
    assert isinstance(pipeline._seen_ids, set)

"""A call's timeline (``voice_worker.timeline``): the moments a turn turns on, each at
its push time, seen through pipecat's observer on real frames (``run_test``) with the
real brain answering offline."""

from __future__ import annotations

import time
from types import SimpleNamespace

import pytest
from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    Frame,
    InputAudioRawFrame,
    InterimTranscriptionFrame,
    LLMContextFrame,
    LLMContextUserTurnFrame,
    LLMFullResponseStartFrame,
    LLMTextFrame,
    TranscriptionFrame,
    TTSStartedFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.tests.utils import SleepFrame, run_test

from hard_e.auth import Principal
from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from voice_worker.brain import CallState, HardEBrain
from voice_worker.timeline import Timeline, TimelineLog

QUESTION = "What's the status of the Zimmerman job?"


@pytest.fixture
def rep(services: Services, demo: DemoLogin) -> Principal:
    user = services.directory.find_user_by_email(demo.email)
    assert user is not None
    return Principal(demo.tenant_id, user.user_id, user.role, user.email)


class Voice(FrameProcessor):
    """Text-to-speech and the output transport, as far as the timeline sees them: the
    first words of a reply start a voice context and the bot speaking."""

    def __init__(self) -> None:
        super().__init__()
        self._replying = False

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        await self.push_frame(frame, direction)
        if isinstance(frame, LLMFullResponseStartFrame):
            self._replying = True
        elif isinstance(frame, LLMTextFrame) and self._replying:
            self._replying = False
            await self.push_frame(TTSStartedFrame(context_id="cartesia-context-1"))
            await self.push_frame(BotStartedSpeakingFrame())


def deepgram_result(request_id: str) -> SimpleNamespace:
    """What pipecat's Deepgram service puts in a transcript's ``result``: the message."""
    return SimpleNamespace(metadata=SimpleNamespace(request_id=request_id))


async def test_a_turn_is_noted_moment_by_moment_at_each_frames_push(
    services: Services, rep: Principal
) -> None:
    # Given a call's brain, a voice after it, and the timeline watching the pipeline
    timeline = Timeline()
    brain = HardEBrain(services.chat, rep, CallState())
    before = time.monotonic()
    # When the rep's turn goes through: an interim, the VAD's stop, the final 0.2 s
    # later, the brain asked and answering — with audio and another processor's text about
    await run_test(
        Pipeline([brain, Voice()]),
        observers=[timeline],
        frames_to_send=[
            InputAudioRawFrame(audio=bytes(640), sample_rate=16_000, num_channels=1),
            LLMTextFrame("not the brain's words"),
            InterimTranscriptionFrame(
                "what's the status", "rep", "t", result=deepgram_result("dg-interim")
            ),
            VADUserStoppedSpeakingFrame(),
            SleepFrame(sleep=0.2),
            TranscriptionFrame(QUESTION, "rep", "t", result=deepgram_result("dg-final")),
            LLMContextFrame(LLMContext(messages=[{"role": "user", "content": QUESTION}])),
        ],
    )
    after = time.monotonic()

    # Then each moment is noted once, with the vendor's ids, in the order pushed
    moments = list(timeline.moments)
    kinds = [kind for _, kind, _ in moments]
    assert sorted(kinds) == sorted(
        ["interim", "vad_stop", "final", "brain", "text", "tts", "speaking"]
    )
    detail = {kind: d for _, kind, d in moments}
    assert detail["interim"] == "dg-interim" and detail["final"] == "dg-final"
    assert detail["brain"] == "turn"
    assert detail["tts"] == "cartesia-context-1"
    at = {kind: t for t, kind, _ in moments}
    assert before <= min(at.values()) and max(at.values()) <= after
    # on the machine's monotonic clock, as pushed: the final 0.2 s after the VAD's stop
    assert at["final"] - at["vad_stop"] >= 0.19
    assert at["interim"] <= at["vad_stop"] <= at["final"] <= at["brain"] <= at["text"]
    assert at["text"] <= at["tts"] <= at["speaking"]


async def test_a_speculative_turn_and_its_words_confirmed_are_noted(
    services: Services, rep: Principal
) -> None:
    # Given the timeline watching the brain
    timeline = Timeline()
    brain = HardEBrain(services.chat, rep, CallState())
    # When the brain is asked on an interim, before the final
    await run_test(
        brain,
        observers=[timeline],
        frames_to_send=[
            LLMContextFrame(
                LLMContext(messages=[{"role": "user", "content": QUESTION}]),
                speculation=True,
            ),
            SleepFrame(sleep=0.1),
            LLMContextUserTurnFrame(text=QUESTION, timestamp="t"),
            SleepFrame(sleep=0.5),
        ],
    )

    # Then the brain's moment says it was a speculation, and the confirmation follows
    kinds = [(kind, d) for _, kind, d in timeline.moments]
    assert kinds[:2] == [("brain", "speculation"), ("confirmed", "")]
    assert ("text", "") in kinds  # the speculative answer was said once its words held


def test_the_log_hands_ended_calls_over_once_and_keeps_only_the_latest() -> None:
    # Given a process's log keeping at most two ended calls
    log = TimelineLog(calls_kept=2)
    for call in ("a", "b", "c", "d"):
        log.observer(call).moments.append((1.0, "vad_stop", ""))
    # When three of the four calls end, oldest first
    for call in ("a", "b", "c"):
        log.ended(call)
    # Then the live call and the two latest ended ones are taken, with their moments
    taken = log.take()
    assert sorted(taken) == ["b", "c", "d"]
    assert taken["d"] == [(1.0, "vad_stop", "")]
    # and after that only the live call is left
    assert sorted(log.take()) == ["d"]

"""A rep talking over Hard-E for long enough interrupts it even when the worker hears
them late (issue 8): under load the rep's audio reaches the VAD and the user turn in
bursts, the VAD running ahead of the turn strategies behind speech-to-text, and the
transcripts come seconds after the words. The real VAD (Silero over the offline voice
saying the words), a stand-in for a speech-to-text service that is behind, pipecat's
user aggregator with the call's start and stop strategies."""

from __future__ import annotations

import asyncio
from functools import cache
from typing import Any

import numpy as np
import pytest
from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    EndFrame,
    Frame,
    InputAudioRawFrame,
    InterruptionFrame,
    StartFrame,
    TranscriptionFrame,
    UserStartedSpeakingFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.processors.aggregators.llm_response_universal import (
    LLMUserAggregator,
    LLMUserAggregatorParams,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.tests.utils import SleepFrame, run_test
from pipecat.turns.user_turn_strategies import UserTurnStrategies

from tests.support.voice_peer import spoken
from tests.voice.test_barging import call_vad
from tests.voice.test_speculation import Finished, final
from voice_worker.barging import BargeInStart
from voice_worker.brain import CallState, Reply, backchannel_over_reply, keeps_the_floor
from voice_worker.models import CallVADProcessor
from voice_worker.pausing import Pause
from voice_worker.speculation import SpeculativeTurnStop

RATE = 16_000
FRAME = 320  # 20 ms


@cache
def voice(text: str) -> tuple[InputAudioRawFrame, ...]:
    """``text`` said in the offline voice, 20 ms frames, then 0.5 s of room tone."""
    pcm = np.clip(spoken(text, RATE) * 32768.0, -32768, 32767).astype(np.int16)
    rng = np.random.default_rng(7)
    room = rng.normal(0, 30, RATE // 2).astype(np.int16)
    audio = np.concatenate([pcm, room])
    audio = np.pad(audio, (0, -len(audio) % FRAME))
    return tuple(
        InputAudioRawFrame(audio=audio[i : i + FRAME].tobytes(), sample_rate=RATE, num_channels=1)
        for i in range(0, len(audio), FRAME)
    )


def fresh(frames: tuple[InputAudioRawFrame, ...]) -> list[Frame]:
    """New frame objects (a frame carries what the VAD found in it)."""
    return [InputAudioRawFrame(audio=f.audio, sample_rate=RATE, num_channels=1) for f in frames]


class Tap(FrameProcessor):
    """Writes down each frame going by, in the order they pass (``log``, shared)."""

    def __init__(self, name: str, log: list[tuple[str, Frame]], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._name = name
        self._log = log

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if direction is FrameDirection.DOWNSTREAM:
            self._log.append((self._name, frame))
        await self.push_frame(frame, direction)


class BehindSTT(FrameProcessor):
    """Speech-to-text that has fallen behind: what comes from the VAD is passed on only
    ``behind`` seconds after the first of it, all at once and in order (pipecat's
    speech-to-text passes the rep's audio through, then adds its transcripts)."""

    def __init__(self, behind: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._behind = behind
        self._waiting: list[tuple[Frame, FrameDirection]] = []
        self._flush: asyncio.Task[None] | None = None

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, StartFrame | EndFrame) or direction is FrameDirection.UPSTREAM:
            await self.push_frame(frame, direction)
            return
        self._waiting.append((frame, direction))
        if self._flush is None:
            self._flush = self.create_task(self._later())

    async def _later(self) -> None:
        await asyncio.sleep(self._behind)
        waiting, self._waiting, self._flush = self._waiting, [], None
        for frame, direction in waiting:
            await self.push_frame(frame, direction)


async def over_a_reply(
    audio: list[Frame], *, behind: float, transcript: str, transcript_after: float
) -> list[tuple[str, Frame]]:
    """Hard-E speaking, the rep's ``audio`` arriving in real time (20 ms apart) or in one
    burst (the caller leaves out :func:`paced`), ``transcript`` final
    ``transcript_after`` seconds after the audio; what went into the user turn and what
    came out of it, in order."""
    state = CallState(current=Reply())
    pause = Pause()
    heard = call_vad(pause, RATE)
    start = BargeInStart(
        keeps_the_floor=lambda words, partial: keeps_the_floor(state, words, partial=partial),
        pause=pause,
    )
    stop = SpeculativeTurnStop(
        turn_analyzer=Finished(),
        voice_at=lambda: heard.voice_at,
        ends_at_once=lambda words: backchannel_over_reply(state, words),
    )
    user = LLMUserAggregator(
        LLMContext(),
        params=LLMUserAggregatorParams(user_turn_strategies=UserTurnStrategies([start], [stop])),
    )
    log: list[tuple[str, Frame]] = []
    pipeline = Pipeline(
        [CallVADProcessor(heard), BehindSTT(behind), Tap("in", log), user, Tap("out", log)]
    )
    await run_test(
        pipeline,
        frames_to_send=[
            BotStartedSpeakingFrame(),
            SleepFrame(sleep=0.05),
            *audio,
            SleepFrame(sleep=transcript_after),
            final(transcript),
            SleepFrame(sleep=behind + 0.5),
        ],
    )
    return log


def paced(frames: list[Frame]) -> list[Frame]:
    """The rep's audio as it is said: one 20 ms frame every 20 ms."""
    return [x for f in frames for x in (f, SleepFrame(sleep=0.02))]


def interrupted_before_the_words(log: list[tuple[str, Frame]]) -> bool:
    """An interruption came out of the user turn before the final transcript went in."""
    for where, frame in log:
        if where == "in" and isinstance(frame, TranscriptionFrame):
            return False
        if where == "out" and isinstance(frame, InterruptionFrame):
            return True
    return False


def out(log: list[tuple[str, Frame]], kind: type[Frame]) -> int:
    return sum(where == "out" and isinstance(f, kind) for where, f in log)


REAL = [
    "Stop, go back to the permit.",
    "Hold on, hold on, what about Keller?",
    "Wait, which job is that?",
]


@pytest.mark.parametrize("said", REAL)
@pytest.mark.parametrize(("burst", "behind"), [(False, 0.0), (False, 1.0), (True, 1.0)])
async def test_talking_on_over_a_reply_interrupts_it_however_late_the_worker_hears_it(
    said: str, burst: bool, behind: float
) -> None:
    """Whether the rep's audio comes as said or all at once, and whether speech-to-text
    passes it on at once or a second late, the reply is interrupted on the rep's
    voice alone, before their words (3.6 s late) arrive."""
    audio = fresh(voice(said))
    log = await over_a_reply(
        audio if burst else paced(audio), behind=behind, transcript=said, transcript_after=1.0
    )
    assert interrupted_before_the_words(log)
    assert out(log, UserStartedSpeakingFrame) == 1


@pytest.mark.parametrize("said", ["Okay.", "Uh-huh.", "Yeah."])
@pytest.mark.parametrize(("burst", "behind"), [(False, 0.0), (True, 1.0)])
async def test_a_backchannel_heard_late_interrupts_nothing(
    said: str, burst: bool, behind: float
) -> None:
    """A short "okay" over the reply, however late it is heard, is left to its words:
    no interruption, no turn."""
    audio = fresh(voice(said))
    log = await over_a_reply(
        audio if burst else paced(audio), behind=behind, transcript=said, transcript_after=0.3
    )
    assert (out(log, InterruptionFrame), out(log, UserStartedSpeakingFrame)) == (0, 0)

"""The offline recogniser's finals and the end of the rep's turn, at frame level: the
Moonshine service (a scripted model that answers late, as on a loaded worker) ahead of
pipecat's user aggregator with the call's stop strategy. A final that is all the rep
said ends the turn at once, not after the speech-to-text's p99; one that comes back
while the rep is saying more is not the end, and the turn carries all their words."""

from __future__ import annotations

import threading
import time

import pytest
from pipecat.frames.frames import (
    Frame,
    LLMContextFrame,
    TextFrame,
    TranscriptionFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
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

from tests.voice.test_barging import voice
from tests.voice.test_speculation import Finished
from voice_worker.hearing import OfflineSTTService
from voice_worker.speculation import SpeculativeTurnStop

SLOW_P99 = 5.0  # seconds: the speech-to-text's p99, pipecat's wait for more words
MARK = "the test's marker"


class Scripted:
    """Moonshine's stand-in: each segment's words, in order, each after its delay."""

    def __init__(self, *answers: tuple[float, str]) -> None:
        self._answers = list(answers)
        self._lock = threading.Lock()

    def text(self, pcm16: bytes, sample_rate: int = 16_000) -> str:
        with self._lock:
            delay, words = self._answers.pop(0)
        time.sleep(delay)
        return words


class Transcripts(FrameProcessor):
    """Notes each transcript on its way to the aggregator (which keeps them)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, bool]] = []

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, TranscriptionFrame):
            self.seen.append((frame.text, frame.finalized))
        await self.push_frame(frame, direction)


def segment(frames: int = 10) -> list[Frame]:
    """The rep speaking for ``frames`` 20 ms frames, then the VAD's stop."""
    return [
        VADUserStartedSpeakingFrame(),
        *voice(frames),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
    ]


async def heard(
    model: Scripted, *frames: Frame, then: float = 1.2
) -> tuple[list[tuple[str, bool]], list[str]]:
    """The recogniser's transcripts (words, finalized), and the words of each turn the
    brain was handed before the marker, sent ``then`` seconds after ``frames``: well
    before the p99 would have run out."""
    stt = OfflineSTTService(model, ttfs_p99_latency=SLOW_P99)  # type: ignore[arg-type]
    user = LLMUserAggregator(
        LLMContext(),
        params=LLMUserAggregatorParams(
            user_turn_strategies=UserTurnStrategies(
                stop=[SpeculativeTurnStop(turn_analyzer=Finished())]
            )
        ),
    )
    down, _ = await run_test(
        Pipeline([stt, seen := Transcripts(), user]),
        frames_to_send=[*frames, SleepFrame(sleep=then), TextFrame(MARK), SleepFrame(sleep=0.05)],
    )
    return seen.seen, answered_before_the_marker(list(down))


def answered_before_the_marker(down: list[Frame]) -> list[str]:
    """The words of each turn the brain was handed before the marker."""
    turns = []
    for f in down:
        if isinstance(f, TextFrame) and f.text == MARK:
            break
        if isinstance(f, LLMContextFrame):
            turns.append(str(f.context.get_messages()[-1]["content"]))  # type: ignore[index]
    return turns


@pytest.mark.parametrize(
    ("late", "words"),
    [
        (0.0, "Cancel that."),
        (0.3, "Pull up the Anderson job."),
        (0.8, "What's the status of the Zimmerman roof?"),
    ],
)
async def test_a_late_offline_final_ends_the_turn_at_once(late: float, words: str) -> None:
    # Given the rep said one thing and stopped, and the model answers late
    finals, turns = await heard(Scripted((late, words)), *segment())

    # Then the final is all they said, and the brain has their turn before the p99
    assert finals == [(words, True)]
    assert turns == [words]


async def test_a_final_while_the_rep_speaks_again_is_not_the_end_of_the_turn() -> None:
    # Given the first part's words come back while the rep is saying the rest
    model = Scripted((0.4, "Text the crew"), (0.1, "about the dumpster on Maple."))
    finals, turns = await heard(model, *segment(), SleepFrame(sleep=0.1), *segment(30))

    # Then the first part is not marked final, the rest is, and the turn has both
    assert finals == [
        ("Text the crew", False),
        ("about the dumpster on Maple.", True),
    ]
    assert len(turns) == 1
    assert "Text the crew" in turns[0] and "dumpster on Maple" in turns[0]


async def test_a_final_with_the_reps_next_words_queued_is_not_the_end_of_the_turn() -> None:
    # Given the rep stopped twice before the model finished the first part
    model = Scripted((0.6, "Move the Johnson estimate"), (0.2, "to Thursday morning."))
    finals, turns = await heard(model, *segment(), *segment(5))

    # Then only the last part is final, and the one turn carries all the words
    assert finals == [
        ("Move the Johnson estimate", False),
        ("to Thursday morning.", True),
    ]
    assert len(turns) == 1
    assert "Johnson estimate" in turns[0] and "Thursday morning" in turns[0]

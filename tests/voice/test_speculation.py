"""The stop strategy that starts the brain on Deepgram's interim transcript
(:class:`voice_worker.speculation.SpeculativeTurnStop`), inside pipecat's user aggregator
at frame level: what the brain is handed, and when."""

from __future__ import annotations

import time
from collections.abc import Callable

from pipecat.audio.turn.base_turn_analyzer import BaseTurnAnalyzer, BaseTurnParams, EndOfTurnState
from pipecat.frames.frames import (
    EagerEndOfTurnCancelFrame,
    Frame,
    InputAudioRawFrame,
    InterimTranscriptionFrame,
    LLMContextFrame,
    LLMContextUserTurnFrame,
    TranscriptionFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.metrics.metrics import MetricsData
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.processors.aggregators.llm_response_universal import (
    LLMUserAggregator,
    LLMUserAggregatorParams,
)
from pipecat.tests.utils import SleepFrame, run_test
from pipecat.turns.user_turn_strategies import UserTurnStrategies

from voice_worker.speculation import SpeculativeTurnStop

QUESTION = "What's the status of the Zimmerman job?"


class Finished(BaseTurnAnalyzer):
    """Smart Turn's verdict, fixed: the rep is done whenever the VAD says they stopped."""

    @property
    def speech_triggered(self) -> bool:
        return True

    @property
    def params(self) -> BaseTurnParams:
        return BaseTurnParams()

    def append_audio(self, buffer: bytes, is_speech: bool) -> EndOfTurnState:
        return EndOfTurnState.INCOMPLETE

    async def analyze_end_of_turn(self) -> tuple[EndOfTurnState, MetricsData | None]:
        return EndOfTurnState.COMPLETE, None

    def clear(self) -> None:
        pass


def interim(words: str) -> InterimTranscriptionFrame:
    return InterimTranscriptionFrame(words, "rep", "")


def final(words: str) -> TranscriptionFrame:
    frame = TranscriptionFrame(words, "rep", "")
    frame.finalized = True  # Deepgram's answer to the Finalize the VAD stop sent
    return frame


class NotFinished(Finished):
    """Smart Turn hearing a rep who paused mid-thought."""

    async def analyze_end_of_turn(self) -> tuple[EndOfTurnState, MetricsData | None]:
        return EndOfTurnState.INCOMPLETE, None


async def handed(
    *frames: Frame,
    smart_turn: BaseTurnAnalyzer | None = None,
    voice_at: Callable[[], float] | None = None,
    ends_at_once: Callable[[str], bool] | None = None,
) -> list[Frame]:
    stop = SpeculativeTurnStop(
        turn_analyzer=smart_turn or Finished(), voice_at=voice_at, ends_at_once=ends_at_once
    )
    user = LLMUserAggregator(
        LLMContext(),
        params=LLMUserAggregatorParams(user_turn_strategies=UserTurnStrategies(stop=[stop])),
    )
    down, _ = await run_test(
        user,
        frames_to_send=[VADUserStartedSpeakingFrame(), *frames, SleepFrame(sleep=0.2)],
    )
    return [
        f
        for f in down
        if isinstance(f, LLMContextFrame | LLMContextUserTurnFrame | EagerEndOfTurnCancelFrame)
    ]


def described(frames: list[Frame]) -> list[tuple[str, str]]:
    out = []
    for f in frames:
        if isinstance(f, LLMContextFrame):
            words = str(f.context.get_messages()[-1]["content"])  # type: ignore[index]
            out.append(("speculate" if f.speculation else "answer", words))
        elif isinstance(f, LLMContextUserTurnFrame):
            out.append(("final words", f.text))
        else:
            out.append(("withdrawn", ""))
    return out


async def test_the_brain_starts_on_the_interim_and_a_matching_final_only_confirms_it() -> None:
    frames = await handed(
        interim("what's the status of the zimmerman job"),
        SleepFrame(sleep=0.05),  # Deepgram's interim came during the silence window
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.1),  # Deepgram's final is on its way
        final(QUESTION),
    )
    assert described(frames) == [
        ("speculate", "what's the status of the zimmerman job"),
        ("final words", QUESTION),  # no second answer is asked for
    ]


async def test_a_final_with_other_words_withdraws_the_speculation_and_asks_again() -> None:
    frames = await handed(
        interim("what's the status of the zimmerman job"),
        SleepFrame(sleep=0.05),  # Deepgram's interim came during the silence window
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.1),
        final("What's the status of the Zimmerman job today?"),
    )
    assert described(frames) == [
        ("speculate", "what's the status of the zimmerman job"),
        ("withdrawn", ""),
        ("final words", "What's the status of the Zimmerman job today?"),
        ("answer", "What's the status of the Zimmerman job today?"),
    ]


async def test_an_interim_from_before_the_rep_stopped_is_not_answered() -> None:
    frames = await handed(
        interim("what's the status of"),
        SleepFrame(sleep=0.3),  # the rep talked on after it (longer than the silence window)
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.1),
        final(QUESTION),
    )
    assert described(frames) == [("final words", QUESTION), ("answer", QUESTION)]


async def test_the_rep_talking_on_withdraws_the_speculation() -> None:
    frames = await handed(
        interim("what's the status"),
        SleepFrame(sleep=0.05),  # Deepgram's interim came during the silence window
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.1),
        VADUserStartedSpeakingFrame(),  # "...of the Zimmerman job"
        interim("what's the status of the zimmerman job"),
        SleepFrame(sleep=0.1),
        SleepFrame(sleep=0.05),  # Deepgram's interim came during the silence window
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.1),
        final(QUESTION),
    )
    assert described(frames) == [
        ("speculate", "what's the status"),
        ("withdrawn", ""),
        ("speculate", "what's the status of the zimmerman job"),
        ("final words", QUESTION),
    ]


async def test_smart_turn_hearing_a_rep_mid_thought_withdraws_the_speculation() -> None:
    frames = await handed(
        interim("what's the status of the"),
        SleepFrame(sleep=0.05),  # Deepgram's interim came during the silence window
        VADUserStoppedSpeakingFrame(stop_secs=0.2),  # the brain starts while Smart Turn runs
        SleepFrame(sleep=0.1),
        smart_turn=NotFinished(),
    )
    assert described(frames) == [("speculate", "what's the status of the"), ("withdrawn", "")]


async def test_an_interim_after_the_reps_last_sound_is_answered_before_the_vad_stops() -> None:
    last_sound = time.time()
    frames = await handed(
        SleepFrame(sleep=0.15),  # quiet for longer than the early pause, not the window
        interim("what's the status of the zimmerman job"),
        SleepFrame(sleep=0.02),
        LLMContextUserTurnFrame(text="(the VAD has not stopped yet)", timestamp=""),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.05),
        final(QUESTION),
        voice_at=lambda: last_sound,
    )
    assert described(frames) == [
        ("speculate", "what's the status of the zimmerman job"),
        ("final words", "(the VAD has not stopped yet)"),
        ("final words", QUESTION),
    ]


def over_a_reply(words: str) -> bool:
    """As a call decides it while Hard-E's reply is held: a backchannel is a whole turn."""
    from voice_worker.brain import is_backchannel

    return is_backchannel(words)


def before_the_mark(frames: list[Frame]) -> list[tuple[str, str]]:
    """What the brain was handed before the test's mark (what came after is the end of
    the test flushing the turn, as a hang-up would)."""
    said = described(frames)
    return said[: said.index(("final words", MARK))]


MARK = "(half a second after the final words)"


async def test_an_uh_huh_over_a_reply_is_a_whole_turn_though_smart_turn_says_unfinished() -> None:
    # Smart Turn calls "uh-huh" unfinished: the turn would end only at its 3 s timeout
    frames = await handed(
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.1),
        final("Uh-huh."),  # offline, the words come after the VAD's stop
        SleepFrame(sleep=0.5),
        LLMContextUserTurnFrame(text=MARK, timestamp=""),
        smart_turn=NotFinished(),
        ends_at_once=over_a_reply,
    )
    assert before_the_mark(frames) == [("final words", "Uh-huh."), ("answer", "Uh-huh.")]


async def test_words_that_are_not_a_backchannel_still_wait_for_smart_turn() -> None:
    frames = await handed(
        interim("okay so the"),
        SleepFrame(sleep=0.05),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.1),
        final("Okay, so the"),
        SleepFrame(sleep=0.5),
        LLMContextUserTurnFrame(text=MARK, timestamp=""),
        smart_turn=NotFinished(),
        ends_at_once=over_a_reply,
    )
    assert not [said for said in before_the_mark(frames) if said[0] == "answer"]


def audio_for(seconds: float) -> list[Frame]:
    """The line's audio after the rep's last sound, 10 ms at a time, as the transport
    hands it on (the strategy looks at the quiet on each)."""
    chunk = InputAudioRawFrame(audio=b"\x00\x00" * 160, sample_rate=16_000, num_channels=1)
    return [f for _ in range(round(seconds / 0.01)) for f in (chunk, SleepFrame(sleep=0.01))]


async def test_an_interim_soon_after_the_reps_last_sound_is_answered_70_ms_after_it() -> None:
    """Deepgram's last interim 40 ms after the VAD last heard the rep: the brain starts
    once they have been quiet the early pause (70 ms), not 100 ms (30 ms sooner)."""
    last_sound = time.time()
    frames = await handed(
        SleepFrame(sleep=0.04),
        interim("what's the status of the zimmerman job"),
        *audio_for(0.05),  # 90 ms quiet in all
        LLMContextUserTurnFrame(text="(90 ms after the rep's last sound)", timestamp=""),
        voice_at=lambda: last_sound,
    )
    assert described(frames)[:2] == [
        ("speculate", "what's the status of the zimmerman job"),
        ("final words", "(90 ms after the rep's last sound)"),
    ]


async def test_a_gap_between_words_is_not_answered() -> None:
    """A stop consonant or a breath inside a phrase (the VAD hears no voice for up to
    64 ms of the bench's speech): an interim in it is not speculated on."""
    heard = [time.time()]
    frames = await handed(
        SleepFrame(sleep=0.01),
        interim("what's the status of the"),
        *audio_for(0.04),  # 50 ms of quiet: less than the early pause
        voice_at=lambda: heard[0] if time.time() - heard[0] < 0.05 else time.time(),
    )
    assert ("speculate", "what's the status of the") not in described(frames)

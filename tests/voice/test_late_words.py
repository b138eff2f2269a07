"""The rep's words arriving late over Hard-E's reply (a loaded worker: the transcript
seconds after the VAD said they stopped, the paused reply perhaps playing on by then):
whatever came before them, words that are not a backchannel interrupt the reply, start
the rep's turn and end it at once — the final is all they said — and a backchannel still
takes nothing. Frame level: pipecat's user aggregator with the call's start and stop
strategies, speech-to-text reporting a slow p99 (pipecat's wait for more words)."""

from __future__ import annotations

from typing import Any

import pytest
from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    BotStoppedSpeakingFrame,
    Frame,
    InterruptionFrame,
    LLMContextFrame,
    STTMetadataFrame,
    TextFrame,
    TTSTextFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.tests.utils import SleepFrame, run_test

from hard_e.auth import Principal
from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from tests.support.anthropic_server import ScriptedAnthropic, text
from tests.voice.test_barging import Heard, turn_aggregator, voice
from tests.voice.test_speculation import final, interim
from voice_worker.brain import (
    CallState,
    HardEBrain,
    HeardLog,
    Reply,
)
from voice_worker.pausing import Pause

SLOW_STT = 5.0  # seconds: the speech-to-text's p99, pipecat's wait for more words
AFTER = "after the words"  # what the test sends once the words have had 0.3 s


async def over_a_reply(*frames: Frame, pause: Pause | None = None) -> Heard:
    down, _ = await run_test(
        turn_aggregator(CallState(current=Reply()), pause),
        frames_to_send=[
            STTMetadataFrame(service_name="stt", ttfs_p99_latency=SLOW_STT),
            BotStartedSpeakingFrame(),
            SleepFrame(sleep=0.02),
            *frames,
            SleepFrame(sleep=0.3),
            TextFrame(AFTER),
            SleepFrame(sleep=0.05),
        ],
    )
    return Heard(list(down))


def answered_at_once(heard: Heard) -> bool:
    """The rep's turn went to the brain before the test's marker (0.3 s after the words),
    not after the speech-to-text's p99."""
    order = heard.order
    return "LLMContextFrame" in order and order.index("LLMContextFrame") < order.index("TextFrame")


def a_cough_like_start() -> list[Frame]:
    """The VAD hears the rep for a moment and says they stopped; no words yet."""
    return [
        VADUserStartedSpeakingFrame(),
        *voice(10),
        *voice(10, voiced=False),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.1),
    ]


REAL = [
    "Stop, go back to the permit.",
    "No no no.",
    "Hold on.",
    "Sorry, which job?",
    "Keller.",
    "Wait — what about Keller?",
]


@pytest.mark.parametrize("words", REAL)
async def test_late_words_after_the_rep_stopped_interrupt_and_are_answered_at_once(
    words: str,
) -> None:
    heard = await over_a_reply(*a_cough_like_start(), SleepFrame(sleep=0.5), final(words))
    assert heard.interruptions >= 1
    assert heard.turns_started == 1
    assert heard.answered == [words]
    assert answered_at_once(heard)


async def test_late_words_after_the_paused_reply_went_on_still_interrupt_it() -> None:
    """The pause gave up waiting (no interruption came) and the reply plays again: the
    late "stop" interrupts it all the same."""
    pause = Pause(longest=0.0)
    pause.hold()
    heard = await over_a_reply(*a_cough_like_start(), final("Stop, go back to the permit."))
    assert (heard.interruptions >= 1, heard.turns_started) == (True, 1)
    assert answered_at_once(heard)


async def test_late_words_after_the_reply_ended_are_the_reps_turn() -> None:
    heard = await over_a_reply(
        *a_cough_like_start(), BotStoppedSpeakingFrame(), final("Go back to the permit.")
    )
    assert heard.turns_started == 1
    assert heard.answered == ["Go back to the permit."]
    assert answered_at_once(heard)


async def test_a_late_interim_then_its_final_interrupt_once_and_answer_the_final() -> None:
    heard = await over_a_reply(
        *a_cough_like_start(),
        interim("stop go back"),
        SleepFrame(sleep=0.05),
        final("Stop, go back to the permit."),
    )
    order = heard.order
    assert heard.turns_started == 1
    assert heard.answered == ["Stop, go back to the permit."]
    assert order.index("InterruptionFrame") < order.index("LLMContextFrame")
    assert answered_at_once(heard)


async def test_late_words_after_the_voice_rule_interrupted_end_that_turn() -> None:
    """0.9 s of voice interrupted the reply before any words; the words come after the
    VAD's stop and are that turn's, answered at once."""
    heard = await over_a_reply(
        VADUserStartedSpeakingFrame(),
        *voice(45),
        *voice(10, voiced=False),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.5),
        final("Go back to the permit."),
    )
    assert heard.turns_started == 1
    assert heard.answered == ["Go back to the permit."]
    assert answered_at_once(heard)


async def test_late_words_while_the_rep_talks_on_wait_for_them_to_stop() -> None:
    """The words of what the rep said first come while they are talking again: the
    interruption is at once, the turn ends only when they stop."""
    heard = await over_a_reply(
        *a_cough_like_start(),
        VADUserStartedSpeakingFrame(),
        final("Stop."),
        SleepFrame(sleep=0.1),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
    )
    order = heard.order
    stopped = len(order) - 1 - order[::-1].index("VADUserStoppedSpeakingFrame")  # the last
    assert heard.turns_started == 1
    assert order.index("InterruptionFrame") < stopped < order.index("LLMContextFrame")
    assert heard.answered == ["Stop."]


@pytest.mark.parametrize("words", ["Okay.", "Uh-huh.", "Yeah, yeah.", "Right, right.", "Yep."])
async def test_a_late_backchannel_still_takes_nothing(words: str) -> None:
    pause = Pause()
    pause.hold()
    heard = await over_a_reply(
        *a_cough_like_start(), SleepFrame(sleep=0.5), final(words), pause=pause
    )
    assert (heard.interruptions, heard.turns_started, heard.answered) == (0, 0, [])
    assert not pause.holding


def asked(words: str) -> LLMContextFrame:
    return LLMContextFrame(LLMContext(messages=[{"role": "user", "content": words}]))  # type: ignore[list-item]


class PauseDesk(FrameProcessor):
    """Before the heard log: a ``TextFrame("hold")`` is the VAD holding the reply's
    audio, ``TextFrame("release")`` the pause giving up (no interruption came)."""

    def __init__(self, pause: Pause, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pause = pause

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, TextFrame) and frame.text in ("hold", "release"):
            self._pause.hold() if frame.text == "hold" else self._pause.release()
            return
        await self.push_frame(frame, direction)


@pytest.fixture
def services(claude_services: Services) -> Services:
    return claude_services


@pytest.fixture
def rep(services: Services, demo: DemoLogin) -> Principal:
    user = services.directory.find_user_by_email(demo.email)
    assert user is not None
    return Principal(demo.tenant_id, user.user_id, user.role, user.email)


async def test_a_late_stop_after_the_reply_went_on_keeps_what_the_rep_heard(
    services: Services, rep: Principal, claude_api: ScriptedAnthropic
) -> None:
    """The rep's voice held the reply, no interruption came, the reply went on; then
    their late "stop" interrupts it. The history keeps what they heard — the sentence
    that came out while paused and then played, the one after — and nothing unheard."""
    claude_api.reply(
        text(
            "The Keller job is in Install Scheduled. The crew starts Monday. "
            "Materials land Friday. The dumpster comes Thursday."
        )
    )
    claude_api.reply(text("The permit is posted."))
    state = CallState()
    pause = Pause()
    brain = HardEBrain(services.chat, rep, state)

    def played(words: str) -> TTSTextFrame:
        return TTSTextFrame(words, aggregated_by="sentence")

    await run_test(
        Pipeline([brain, PauseDesk(pause), HeardLog(state, pause)]),
        frames_to_send=[
            asked("where's the Keller job at"),
            SleepFrame(sleep=0.3),
            played("The Keller job is in Install Scheduled."),
            TextFrame("hold"),
            played("The crew starts Monday."),  # out while the audio waits
            TextFrame("release"),
            played("Materials land Friday."),
            SleepFrame(sleep=0.05),
            InterruptionFrame(),
            asked("Stop, go back to the permit."),
        ],
    )
    assert state.session_id is not None
    _, history = services.chat.history(rep, state.session_id)
    assert [m.text for m in history] == [
        "where's the Keller job at",
        "The Keller job is in Install Scheduled. The crew starts Monday. Materials land Friday.",
        "Stop, go back to the permit.",
        "The permit is posted.",
    ]

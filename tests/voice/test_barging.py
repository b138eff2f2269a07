"""The rep's turn starts on their words, not on a sound, while Hard-E speaks
(:class:`voice_worker.barging.BargeInStart` inside pipecat's user aggregator, at frame
level, with the call's own stop strategy and backchannel rule): a backchannel or a cough
over a reply takes no turn and interrupts nothing, the paused reply plays on; words that
are not a backchannel interrupt it and become the rep's turn."""

from __future__ import annotations

import pytest
from pipecat.audio.vad.vad_analyzer import VADParams
from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    BotStoppedSpeakingFrame,
    Frame,
    InputAudioRawFrame,
    InterruptionFrame,
    LLMContextFrame,
    UserStartedSpeakingFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.processors.aggregators.llm_response_universal import (
    LLMUserAggregator,
    LLMUserAggregatorParams,
)
from pipecat.tests.utils import SleepFrame, run_test
from pipecat.turns.user_turn_strategies import UserTurnStrategies

from tests.voice.test_speculation import Finished, final, interim
from voice_worker.barging import BargeInStart
from voice_worker.brain import CallState, Reply, backchannel_over_reply, keeps_the_floor
from voice_worker.models import VOICED, CallVAD, turn_models
from voice_worker.pausing import Pause
from voice_worker.speculation import SpeculativeTurnStop


def voice(frames: int, *, voiced: bool = True) -> list[Frame]:
    """``frames`` 20 ms frames of the rep's audio, as the VAD marked them."""
    out = []
    for _ in range(frames):
        frame = InputAudioRawFrame(audio=bytes(640), sample_rate=16_000, num_channels=1)
        frame.metadata[VOICED] = voiced
        out.append(frame)
    return out


class Heard:
    """What the brain and the rest of the pipeline were told."""

    def __init__(self, frames: list[Frame]) -> None:
        self.interruptions = sum(isinstance(f, InterruptionFrame) for f in frames)
        self.turns_started = sum(isinstance(f, UserStartedSpeakingFrame) for f in frames)
        self.answered = [
            str(f.context.get_messages()[-1]["content"])  # type: ignore[index]
            for f in frames
            if isinstance(f, LLMContextFrame) and not f.speculation
        ]
        # when the interruption came: after how many of the sent frames
        self.order = [type(f).__name__ for f in frames]


def call_vad(pause: Pause, rate: int = 16_000) -> CallVAD:
    """The call's VAD as voice_worker.call builds it (64 ms barge-in window, paused by
    ``pause``), for tests that feed it a rep's audio."""
    return CallVAD(
        turn_models(),
        sample_rate=rate,
        params=VADParams(confidence=0.7, start_secs=0.2, stop_secs=0.2),
        barge_in_start_secs=0.064,
        gate=pause,
    )


def turn_aggregator(state: CallState, pause: Pause | None) -> LLMUserAggregator:
    """The rep's side of a call's turns: the user aggregator with the call's start
    (``BargeInStart``) and stop (``SpeculativeTurnStop``) strategies over ``state``."""
    start = BargeInStart(
        keeps_the_floor=lambda words, partial: keeps_the_floor(state, words, partial=partial),
        pause=pause,
        replying=state.replying,
    )
    stop = SpeculativeTurnStop(
        turn_analyzer=Finished(), ends_at_once=lambda words: backchannel_over_reply(state, words)
    )
    return LLMUserAggregator(
        LLMContext(),
        params=LLMUserAggregatorParams(user_turn_strategies=UserTurnStrategies([start], [stop])),
    )


async def over_a_reply(
    *frames: Frame,
    state: CallState | None = None,
    pause: Pause | None = None,
    speaking: bool = True,
) -> Heard:
    down, _ = await run_test(
        turn_aggregator(state or CallState(current=Reply()), pause),
        frames_to_send=[
            *([BotStartedSpeakingFrame()] if speaking else []),
            SleepFrame(sleep=0.02),
            *frames,
            SleepFrame(sleep=0.3),
        ],
    )
    return Heard(down)


def said(text: str, *interims: str) -> list[Frame]:
    """The rep saying ``text`` (Deepgram's interims while they speak), then the VAD's
    stop and the final."""
    return [
        VADUserStartedSpeakingFrame(),
        *[x for words in interims for x in (SleepFrame(sleep=0.02), interim(words))],
        SleepFrame(sleep=0.05),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.05),
        final(text),
    ]


# a backchannel and Deepgram's interims while it is said (the first word, or nothing)
BACKCHANNELS = [
    ("Okay.", []),
    ("Uh-huh.", ["uh"]),
    ("Right.", []),
    ("Mm-hmm.", ["mm"]),
    ("Yeah.", ["yeah"]),
    ("All right.", ["all"]),
    ("Got it.", ["got"]),
    ("I see.", ["i"]),
    ("Ah.", []),  # an "uh-huh" as the offline recogniser often writes it
    ("Yes, yes.", ["yes"]),
    ("Oh.", []),
]


@pytest.mark.parametrize(("backchannel", "interims"), BACKCHANNELS)
async def test_a_backchannel_over_a_reply_takes_no_turn_and_interrupts_nothing(
    backchannel: str, interims: list[str]
) -> None:
    pause = Pause()
    pause.hold()  # the VAD heard the rep's voice: the reply's audio waits
    heard = await over_a_reply(*said(backchannel, *interims), pause=pause)
    assert heard.interruptions == 0
    assert heard.turns_started == 0
    assert heard.answered == []
    assert not pause.holding  # the reply plays on from where it paused


async def test_a_cough_over_a_reply_takes_no_turn() -> None:
    pause = Pause()
    pause.hold()
    heard = await over_a_reply(
        VADUserStartedSpeakingFrame(),
        SleepFrame(sleep=0.1),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),  # and Deepgram heard no words
        pause=pause,
    )
    assert (heard.interruptions, heard.turns_started, heard.answered) == (0, 0, [])
    assert pause.holding  # until the pause's own timeout: no transcript said otherwise


@pytest.mark.parametrize(
    ("words", "interims"),
    [
        ("Wait, what about the Keller job?", ["wait", "wait what about"]),
        ("Hold on, stop there.", ["hold", "hold on stop"]),
        ("No.", []),  # one word that is not a backchannel, offline (no interims)
        ("Okay, so what about the gutters?", ["okay", "okay so what"]),
    ],
)
async def test_words_over_a_reply_interrupt_it_and_are_the_reps_turn(
    words: str, interims: list[str]
) -> None:
    heard = await over_a_reply(*said(words, *interims))
    assert heard.interruptions >= 1
    assert heard.turns_started == 1
    assert heard.answered == [words]


async def test_the_interruption_comes_on_the_interim_before_the_rep_has_stopped() -> None:
    heard = await over_a_reply(
        VADUserStartedSpeakingFrame(),
        SleepFrame(sleep=0.02),
        interim("wait"),
        SleepFrame(sleep=0.05),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.05),
        final("Wait."),
    )
    order = heard.order
    assert order.index("InterruptionFrame") < order.index("VADUserStoppedSpeakingFrame")


async def test_the_start_of_a_backchannel_does_not_interrupt() -> None:
    heard = await over_a_reply(
        VADUserStartedSpeakingFrame(),
        SleepFrame(sleep=0.02),
        interim("all"),  # "all right", half heard
        SleepFrame(sleep=0.05),
        interim("i"),  # "I see"
    )
    assert (heard.interruptions, heard.turns_started) == (0, 0)


async def test_a_backchannel_is_not_part_of_the_reps_next_turn() -> None:
    heard = await over_a_reply(
        *said("Okay."),
        SleepFrame(sleep=0.1),
        *said("What about the Keller job?", "what about"),
    )
    assert heard.answered == ["What about the Keller job?"]


async def test_a_yes_over_an_approval_question_is_the_reps_answer() -> None:
    state = CallState(current=Reply(asks_approval=True, done=True))
    heard = await over_a_reply(*said("Yeah."), state=state)
    assert heard.interruptions >= 1
    assert heard.answered == ["Yeah."]


async def test_while_hard_e_is_quiet_the_reps_voice_starts_the_turn_at_once() -> None:
    heard = await over_a_reply(
        VADUserStartedSpeakingFrame(),
        SleepFrame(sleep=0.05),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=0.05),
        final("Okay."),
        speaking=False,
    )
    assert heard.turns_started == 1
    assert heard.order.index("UserStartedSpeakingFrame") < heard.order.index(
        "VADUserStoppedSpeakingFrame"
    )
    assert heard.answered == ["Okay."]


async def test_once_hard_e_has_stopped_a_backchannel_is_a_turn_again() -> None:
    heard = await over_a_reply(
        BotStoppedSpeakingFrame(),  # the reply played to its end
        *said("Okay."),
    )
    assert heard.turns_started == 1
    assert heard.answered == ["Okay."]


async def test_a_soft_voice_the_vad_missed_still_starts_a_turn_on_its_words() -> None:
    heard = await over_a_reply(
        interim("what about keller"),
        SleepFrame(sleep=0.05),
        final("What about Keller?"),
        speaking=False,
    )
    assert heard.turns_started == 1


def test_interim_starts_of_backchannels_are_not_words_that_take_the_floor() -> None:
    state = CallState(current=Reply())
    assert keeps_the_floor(state, "all", partial=True)
    assert not keeps_the_floor(state, "all", partial=False)
    assert keeps_the_floor(state, "Uh-huh.", partial=False)
    assert not keeps_the_floor(state, "uh huh wait", partial=True)
    assert not keeps_the_floor(state, "stop", partial=True)
    assert keeps_the_floor(state, "", partial=False)  # nothing said: nothing taken


async def test_a_rep_talking_on_over_a_reply_interrupts_it_before_any_words() -> None:
    """Offline (no interim transcripts) a real barge-in is no backchannel by its length:
    the reply is interrupted 0.8 s of voice in, not when the words are final;
    an "okay"-long sound is left to its words."""
    state = CallState(current=Reply())
    for frames, interrupted in ((45, True), (25, False)):  # 0.9 s, 0.5 s
        start = BargeInStart(
            keeps_the_floor=lambda words, partial: keeps_the_floor(state, words, partial=partial),
        )
        stop = SpeculativeTurnStop(turn_analyzer=Finished())
        user = LLMUserAggregator(
            LLMContext(),
            params=LLMUserAggregatorParams(
                user_turn_strategies=UserTurnStrategies([start], [stop])
            ),
        )
        down, _ = await run_test(
            user,
            frames_to_send=[
                BotStartedSpeakingFrame(),
                VADUserStartedSpeakingFrame(),
                *voice(frames),  # the VAD hears the rep in every frame
                VADUserStoppedSpeakingFrame(stop_secs=0.2),
                SleepFrame(sleep=0.1),
            ],
        )
        names = [type(f).__name__ for f in down]
        assert ("InterruptionFrame" in names) == interrupted, frames
        if interrupted:
            assert names.index("InterruptionFrame") < names.index("VADUserStoppedSpeakingFrame")


async def talked(*frames: Frame) -> list[str]:
    """What came out of the user turn for these frames over a reply (start strategy
    alone deciding by the rep's voice: no transcript comes)."""
    state = CallState(current=Reply())
    start = BargeInStart(
        keeps_the_floor=lambda words, partial: keeps_the_floor(state, words, partial=partial)
    )
    stop = SpeculativeTurnStop(turn_analyzer=Finished())
    user = LLMUserAggregator(
        LLMContext(),
        params=LLMUserAggregatorParams(user_turn_strategies=UserTurnStrategies([start], [stop])),
    )
    down, _ = await run_test(
        user, frames_to_send=[BotStartedSpeakingFrame(), *frames, SleepFrame(sleep=0.1)]
    )
    return [type(f).__name__ for f in down]


def run_of_voice(seconds: float, then_quiet: float) -> list[Frame]:
    """One VAD run: its start, ``seconds`` of voice, its stop (after 0.2 s of quiet), and
    ``then_quiet`` more seconds of quiet before whatever follows."""
    return [
        VADUserStartedSpeakingFrame(),
        *voice(round(seconds / 0.02)),
        *voice(10, voiced=False),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        *voice(round(then_quiet / 0.02), voiced=False),
    ]


async def test_a_rep_pausing_at_a_comma_talks_on_and_interrupts() -> None:
    """ "Hold on, hold on, what about Keller?": runs of voice shorter than the rule, the
    VAD stopping between them, are one rep talking on."""
    names = await talked(
        *run_of_voice(0.3, 0.1), *run_of_voice(0.36, 0.1), *run_of_voice(0.36, 0.2)
    )
    assert "InterruptionFrame" in names


async def test_two_short_sounds_apart_are_not_one_rep_talking() -> None:
    """An "okay" and, a second later, a cough: each short, neither the rep talking on."""
    names = await talked(*run_of_voice(0.5, 0.6), *run_of_voice(0.5, 0.6))
    assert "InterruptionFrame" not in names


# Hard-E's reply, two sentences pushed to the voice; the rep has heard the first only
# (done: the turn has returned, and the brain marks such a reply played at any stop)
def reply_in_a_gap(*, done: bool) -> CallState:
    return CallState(
        current=Reply(
            said=["The crew starts Monday. ", "The dumpster comes Friday."],
            heard=["The", "crew", "starts", "Monday."],
            done=done,
            played=done,
        )
    )


@pytest.mark.parametrize("done", [False, True])  # the turn still writing / returned
@pytest.mark.parametrize("backchannel", ["Okay.", "Uh-huh.", "Mm-hmm.", "Right."])
async def test_a_backchannel_between_two_sentences_of_a_reply_whose_voice_fell_behind_is_no_turn(
    done: bool, backchannel: str
) -> None:
    # Given Hard-E is mid-reply and its voice fell behind: pipecat says it stopped speaking
    state = reply_in_a_gap(done=done)
    # When the rep says a backchannel in that gap
    heard = await over_a_reply(
        BotStoppedSpeakingFrame(), SleepFrame(sleep=0.02), *said(backchannel), state=state
    )
    # Then no turn is taken: the next sentence follows
    assert (heard.interruptions, heard.turns_started, heard.answered) == (0, 0, [])


async def test_a_request_between_two_sentences_of_a_reply_takes_the_floor() -> None:
    heard = await over_a_reply(
        BotStoppedSpeakingFrame(),
        SleepFrame(sleep=0.02),
        *said("Wait, what about Keller?"),
        state=reply_in_a_gap(done=True),
    )
    assert heard.turns_started == 1
    assert heard.answered == ["Wait, what about Keller?"]


async def test_after_the_whole_reply_was_heard_a_backchannel_is_the_reps_turn() -> None:
    # Given the reply played to its end (every word heard) ...
    played = reply_in_a_gap(done=True)
    assert played.current is not None
    played.current.heard += ["The", "dumpster", "comes", "Friday."]
    # ... or one whose voice stopped more than GAP seconds of the rep's audio ago
    stalled = reply_in_a_gap(done=False)
    for state, quiet in ((played, 0), (stalled, 110)):  # 20 ms frames
        heard = await over_a_reply(
            BotStoppedSpeakingFrame(), *voice(quiet, voiced=False), *said("Okay."), state=state
        )
        # Then Hard-E is quiet: the rep's voice starts their turn
        assert heard.turns_started == 1, quiet

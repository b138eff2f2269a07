"""A short sound over Hard-E's reply that the offline recogniser writes as a word (issue 8):
Moonshine hears the test call's throat cough as "You" and its "uh-huh" as "But" or "Ah."
— which one depends only on where the sound falls against the VAD's 32 ms windows, i.e.
on when in the call it is made, so the real-time call test passed or failed by chance,
on a cold machine as on a busy one. Such a word asks for nothing: the reply goes on.

Frame level, deterministic: the call's own hearing path (Silero over the sound at a
chosen window offset, Moonshine on the segment the VAD cut) ahead of pipecat's user
aggregator with the call's start and stop strategies, and the same for words a rep
really cuts in with. Also: the offline final's ``finalized`` flag does not change the
decision (the late-final fix, 6702eb7, marks a final unfinalized while more may come)."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from functools import cache
from typing import Any

import numpy as np
import pytest
import soxr
from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    Frame,
    InputAudioRawFrame,
    InterruptionFrame,
    LLMContextFrame,
    TranscriptionFrame,
    UserStartedSpeakingFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.pipeline.pipeline import Pipeline
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.tests.utils import SleepFrame, run_test

from tests.support.noises import NOISES, REP_SOUNDS
from tests.support.voice_peer import RATE as PEER_RATE
from tests.support.voice_peer import synthesise
from tests.voice.test_barging import call_vad, over_a_reply, turn_aggregator, voice
from voice_worker.backchannels import key_words
from voice_worker.brain import CallState, Reply, keeps_the_floor
from voice_worker.hearing import OfflineSTTService, transcriber
from voice_worker.models import CallVADProcessor
from voice_worker.pausing import Pause

RATE = 16_000
FRAME = 320  # 20 ms


@cache
def sound_of(said: str) -> np.ndarray:
    """What the test call plays (tests/voice/test_backchannel_call.py), at 16 kHz."""
    sounds = NOISES | REP_SOUNDS
    pcm = sounds[said](1) if said in sounds else synthesise(said)
    down = soxr.resample(pcm.astype(np.float32) / 32768.0, PEER_RATE, RATE)
    return np.clip(down * 32768.0, -32768, 32767).astype(np.int16)


def frames_of(said: str, offset: int) -> list[Frame]:
    """2 s of quiet line, ``said`` starting ``offset`` samples later (its place against
    the VAD's 512-sample windows), 2 s of quiet line; 20 ms frames."""
    audio = np.concatenate(
        [np.zeros(2 * RATE + offset, np.int16), sound_of(said), np.zeros(2 * RATE, np.int16)]
    )
    audio = np.pad(audio, (0, -len(audio) % FRAME))
    return [
        InputAudioRawFrame(audio=audio[i : i + FRAME].tobytes(), sample_rate=RATE, num_channels=1)
        for i in range(0, len(audio), FRAME)
    ]


class Tap(FrameProcessor):
    """Notes the transcripts going into the user turn, and the segments the VAD cut."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.words: list[str] = []
        self.segments = 0

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, TranscriptionFrame):
            self.words.append(frame.text)
        elif isinstance(frame, VADUserStoppedSpeakingFrame):
            self.segments += 1
        await self.push_frame(frame, direction)


class CountedSTT(OfflineSTTService):
    """The call's offline STT, counting the segments it has transcribed (words or not)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(transcriber(), **kwargs)
        self.transcribed = 0

    async def run_stt(self, audio: bytes) -> AsyncGenerator[Frame, None]:
        async for frame in super().run_stt(audio):
            yield frame
        self.transcribed += 1


async def over_the_reply(said: str, offset: int) -> tuple[list[str], list[Frame]]:
    """Hard-E speaking, the rep's line carrying ``said``: what Moonshine wrote, and what
    came out of the user turn."""
    state = CallState(current=Reply())
    pause = Pause()
    heard = call_vad(pause, RATE)
    tap = Tap()
    stt = CountedSTT()
    pipeline = Pipeline([CallVADProcessor(heard), stt, tap, turn_aggregator(state, pause)])
    # no sleep at the end: the pipeline's end waits for the STT to transcribe every
    # segment it was given (SegmentedSTTService.stop), and the user turn decides on each
    # transcript as it takes it, before the end frame reaches it
    down, _ = await run_test(
        pipeline, frames_to_send=[BotStartedSpeakingFrame(), *frames_of(said, offset)]
    )
    assert stt.transcribed == tap.segments  # every sound the VAD cut was heard and judged
    return tap.words, list(down)


def cut_in(down: list[Frame]) -> bool:
    return any(
        isinstance(f, InterruptionFrame | UserStartedSpeakingFrame | LLMContextFrame) for f in down
    )


OFFSETS = range(0, 512, 64)  # the eight places a 20 ms frame can start in a VAD window

# (what the test call plays, where against the VAD's windows, what Moonshine writes)
MISHEARD = [
    ("throat cough", 192, "You"),
    ("uh-huh", 0, "But"),
    ("uh-huh", 96, "Ah."),
    ("uh-huh", 384, "But"),
    ("okay", 0, "Okay."),
    ("sure sure", 0, "Churchur."),  # one syllable said twice: agreement
    ("cool", 192, "Go."),  # "go" alone is "go on"
]
# what a rep says or does to keep Hard-E talking, at every offset (Moonshine writes
# "mm-hmm" as "Amen."/"Mama.", "mhm" as "M. H. M."/"M. H. N.", "right right" as
# "Fight right.", "uh huh" as "Ah, ha.", "gotcha" as "That's it.", a laugh as "You" or
# nothing, "hm" as "Hm.", "hmm" as "Them.")
BACKCHANNEL_SOUNDS = [
    "mm-hmm",
    "mm hmm",
    "mhm",
    "hmm",
    "hm",
    "mm",
    "uh huh",
    "yeah yeah",
    "okay okay",
    "got it",
    "gotcha",
    "right",
    "right right",
    "sure",
    pytest.param(
        "sure sure",
        marks=pytest.mark.xfail(
            strict=True,
            reason="at offset 448 Moonshine writes one 'Church,': a word, which the words "
            "alone cannot tell from a rep saying a name (the other 7: 'Churchur.')",
        ),
    ),
    "cool",
    "alright",
    "i see",
    "exactly",
    "laugh",
    "sniff",
    "throat clear",
    "throat cough",
    "cough",
    "breath",
]
# what a rep really cuts in with, short: it interrupts at once wherever it falls
# (Moonshine writes "Hang on." as "Anon.", "What about Keller?" as "What about color?")
CUT_INS = [
    "No.",
    "Nope.",
    "No, no.",
    "Wait.",
    "Stop.",
    "Hold on.",
    "Hang on.",
    "What?",
    "Why?",
    "Which one?",
    "Sorry?",
    "Actually,",
    "Go back.",
    "Not Monday.",
    "Nine.",
    "What about the permit?",
    "What about Keller?",
]


@pytest.mark.parametrize(("said", "offset", "written"), MISHEARD)
async def test_a_sound_misheard_as_a_word_over_the_reply_interrupts_nothing(
    said: str, offset: int, written: str
) -> None:
    # Given Hard-E is speaking and the rep coughs or says "uh-huh"
    words, down = await over_the_reply(said, offset)

    # Then the recogniser did hear a word in it (the test is not passing by silence) ...
    assert words == [written]
    # ... and the reply goes on: no turn, no interruption, no new answer
    assert not cut_in(down)


@pytest.mark.parametrize("said", BACKCHANNEL_SOUNDS)
async def test_a_backchannel_or_a_sound_over_the_reply_interrupts_nothing_wherever_it_falls(
    said: str,
) -> None:
    # Given Hard-E is speaking, when the rep makes the sound at each window offset
    heard = {offset: await over_the_reply(said, offset) for offset in OFFSETS}

    # Then at no offset is a turn taken, whatever Moonshine wrote
    assert {o: words for o, (words, down) in heard.items() if cut_in(down)} == {}


@pytest.mark.parametrize("said", CUT_INS)
async def test_a_rep_cutting_in_with_a_short_request_still_interrupts(said: str) -> None:
    for offset in (0, 192, 384):
        words, down = await over_the_reply(said, offset)
        assert words, offset
        assert any(isinstance(f, InterruptionFrame) for f in down), (offset, words)


@pytest.mark.xfail(
    strict=True,
    reason="Moonshine writes the test voice's 'huh?' as 'Ah.' (as it does an 'uh-huh') at 5 "
    "of 8 offsets and its 'uh-uh' as 'Yeah.' or 'At.' at all 8; that voice says both flat "
    "(~98 Hz, no rise) in 0.34-0.35 s, like 'hmm' (0.30 s) and 'yep' (0.44 s): neither "
    "pitch nor length tells them from a backchannel without a threshold fitted to it",
)
@pytest.mark.parametrize("said", ["huh?", "uh-uh"])
async def test_a_rep_who_did_not_hear_or_says_no_interrupts_wherever_it_falls(
    said: str,
) -> None:
    heard = {offset: await over_the_reply(said, offset) for offset in OFFSETS}
    assert {o: words for o, (words, down) in heard.items() if not cut_in(down)} == {}


@pytest.mark.parametrize(
    "written",
    [
        *("You", "You.", "But", "But...", "The.", "And uh", "So, okay.", "It.", "I, uh"),
        *("Ah. You.", "Amen.", "Mama.", "M. H. M.", "M. H. N.", "M. M. M.", "Mm-mmm.", "Hm."),
        *("Fight right.", "Ah, ha.", "That's it.", "Ha ha.", "Yeah, yeah.", "Ok, ok.", "Uh-huh."),
        *("Mm-m-m-m.", "Uh, huh."),
        *("Churchur.", "Yeahyeah.", "Okok.", "Go on.", "Go ahead.", "Go.", "Keep going."),
    ],
)
def test_words_that_ask_for_nothing_keep_the_floor_with_hard_e(written: str) -> None:
    state = CallState(current=Reply())
    assert keeps_the_floor(state, written, partial=False)


@pytest.mark.parametrize(
    "written",
    [
        "No.",
        "Why?",
        "What?",
        "Keller.",
        "But what about Keller?",
        "You missed the permit.",
        "And the gutters?",
        "Stop.",
        "Hey.",
        "Sorry?",
        *("Nope.", "Nah.", "Huh?", "Hold on.", "Hang on.", "Anon.", "What about color?"),
        *("Not Monday.", "Nine.", "The 9th.", "Okay, 5.", "Go back.", "Fight.", "Light."),
        *("Church.", "Which one?", "Actually,", "Right, but not the gutters."),
        *("Uh-huh, wait.", "Okay, stop.", "Mm-hmm, why?", "Huh.", "Eh?"),
        *("Nono.", "Waitwait.", "Go back.", "Go to the permit.", "Go on, what about Keller?"),
    ],
)
def test_words_that_ask_or_deny_something_take_the_floor(written: str) -> None:
    state = CallState(current=Reply())
    assert not keeps_the_floor(state, written, partial=False)


@pytest.mark.parametrize("written", ["Emma.", "Keller?", "Amen.", "Mama, Keller."])
def test_a_name_of_the_calls_takes_the_floor_even_when_it_sounds_like_a_hum(
    written: str,
) -> None:
    # Given a call whose key terms are its customers' and products' names
    state = CallState(current=Reply(), key_terms=key_words(["Emma Keller", "Amen Roofing", "Mama"]))
    # Then a name of theirs is the rep asking about it, not a hum
    assert not keeps_the_floor(state, written, partial=False)


def test_over_an_approval_question_any_word_is_the_reps_answer() -> None:
    state = CallState(current=Reply(asks_approval=True, done=True))
    assert not keeps_the_floor(state, "You.", partial=False)


def offline_final(words: str, *, finalized: bool) -> TranscriptionFrame:
    frame = TranscriptionFrame(words, "rep", "")
    frame.finalized = finalized
    return frame


@pytest.mark.parametrize("finalized", [True, False])
@pytest.mark.parametrize("words", ["Ah.", "Okay.", "Uh-huh.", "You", "But"])
@pytest.mark.parametrize("late", [0.05, 1.2])  # before / after the pause let the reply go on
async def test_the_finalized_flag_of_a_backchannels_final_changes_nothing(
    finalized: bool, words: str, late: float
) -> None:
    pause = Pause()
    pause.hold()
    heard = await over_a_reply(
        VADUserStartedSpeakingFrame(),
        *voice(10),
        *voice(10, voiced=False),
        VADUserStoppedSpeakingFrame(stop_secs=0.2),
        SleepFrame(sleep=late),
        offline_final(words, finalized=finalized),
        pause=pause,
    )
    assert (heard.interruptions, heard.turns_started, heard.answered) == (0, 0, [])

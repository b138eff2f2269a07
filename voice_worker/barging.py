"""When the rep's voice starts their turn (issue 8): at once while Hard-E is quiet, on
their words while it speaks.

pipecat's default starts a turn — and its interruption, which cancels the reply's audio
and generation — at the VAD's start, whatever the sound was. While Hard-E speaks,
:class:`BargeInStart` lets the VAD's start only pause the reply's audio
(:mod:`voice_worker.pausing`: the audible stop is as fast as before) and waits for the
transcript:

- an interim or final transcript with words that are not a backchannel ("wait", "no",
  "what about Keller") starts the turn: the interruption drops the paused audio, and the
  brain keeps only what the rep heard;
- so does the rep's voice going on for ``long_enough`` seconds, words or not yet (an
  "uh-huh" or "okay" is shorter; a pause at a comma does not end it) — counted in the
  audio's own time from the frames the VAD marked as voice
  (:func:`voice_worker.models.voiced`), so it holds when a loaded worker hears the rep
  late and in bursts, its words seconds behind;
- a final that is only a backchannel ("uh-huh", "okay"; ``keeps_the_floor``) — or
  words that ask for nothing alone ("you", "but": what the offline recogniser writes
  for a cough or an "uh-huh", depending on where it falls against the VAD's windows) —
  is no turn, whether or not the speech-to-text marked it ``finalized``: its words
  leave the aggregation and the paused reply plays on from the very sample it stopped
  at — no interruption, no new answer, nothing re-synthesised;
- a sound that brings no words (a cough, a door) is no turn either: the pause lets the
  reply go on by itself (``Pause``'s ``longest``).

Between two sentences of a reply whose voice fell behind (pipecat says the bot stopped
speaking after 0.35 s of no audio) Hard-E still has the floor while ``replying()`` says
more of the reply is to come — for up to ``GAP`` seconds of the rep's audio: a
backchannel there is no new turn either.

While Hard-E is quiet this is pipecat's VAD start, and a transcript with no VAD start
before it (a soft voice) starts the turn as pipecat's transcription start does.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    BotStoppedSpeakingFrame,
    Frame,
    InputAudioRawFrame,
    InterimTranscriptionFrame,
    TranscriptionFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.turns.types import ProcessFrameResult
from pipecat.turns.user_start import BaseUserTurnStartStrategy

from voice_worker.models import voiced
from voice_worker.pausing import Pause

logger = logging.getLogger(__name__)

# seconds of the rep's voice after the VAD's start: they are talking (LiveKit's minimum is
# 0.5 s; a drawn-out "mm-hmm" runs to ~0.75 s)
LONG_ENOUGH = 0.8
# seconds of the rep's audio from the VAD's stop to its next start within which they are
# still talking on (the pause at a comma: "Hold on, hold on, what about Keller?" is
# four VAD runs of 0.2-0.8 s), not making a new sound
PAUSE_IN_SPEECH = 0.3
# seconds of the rep's audio after pipecat's "bot stopped speaking" within which a reply
# with more to say is still Hard-E's floor (its next sentence is being synthesised)
GAP = 2.0


class BargeInStart(BaseUserTurnStartStrategy):  # type: ignore[no-untyped-call]
    """The user turn's start (see the module's description). ``keeps_the_floor(words,
    partial)``: whether Hard-E speaks on over those words (``partial``: an interim, which
    may still grow); ``pause``: the outgoing audio's pause, released when a backchannel's
    final says the rep did not take the floor; ``replying()``: whether Hard-E's reply has
    more to say (a stop in its voice is then a gap between sentences)."""

    def __init__(
        self,
        *,
        keeps_the_floor: Callable[[str, bool], bool],
        pause: Pause | None = None,
        replying: Callable[[], bool] = lambda: False,
        long_enough: float = LONG_ENOUGH,
        pause_in_speech: float = PAUSE_IN_SPEECH,
        gap: float = GAP,
    ) -> None:
        super().__init__()
        self._keeps_the_floor = keeps_the_floor
        self._replying = replying
        self._gap = gap
        self._quiet_for: float | None = None  # seconds of the rep's audio in a gap
        self._pause = pause
        self._long_enough = long_enough
        self._pause_in_speech = pause_in_speech
        # over Hard-E's reply, undecided: seconds of the rep's audio since the VAD's start
        # (audio time, not the clock: a loaded loop takes frames in bursts), up to the
        # last frame the VAD heard voice in, and when the VAD last said they stopped
        self._since_start: float | None = None
        self._voiced = 0.0
        self._stopped_at: float | None = None
        self._bot_speaking = False
        self._in_turn = False  # a turn has started: its words are the stop strategy's

    async def handle_user_turn_started(self) -> None:
        self._in_turn = True
        self._since_start = self._stopped_at = None

    async def handle_user_turn_stopped(self) -> None:
        self._in_turn = False

    async def process_frame(self, frame: Frame) -> ProcessFrameResult:
        if self._quiet_for is not None:
            self._in_a_gap(frame)
        if isinstance(frame, BotStartedSpeakingFrame):
            self._bot_speaking, self._quiet_for = True, None
        elif isinstance(frame, BotStoppedSpeakingFrame):
            if self._bot_speaking and self._replying():
                self._quiet_for = 0.0  # between two sentences: Hard-E is not done
            else:
                self._bot_speaking = False
        elif isinstance(frame, VADUserStartedSpeakingFrame):
            if not self._bot_speaking:
                await self.trigger_user_turn_started()
                return ProcessFrameResult.STOP
            if self._since_start is None:  # a new sound, not the rep talking on
                self._since_start, self._voiced = 0.0, 0.0
            self._stopped_at = None
        elif isinstance(frame, VADUserStoppedSpeakingFrame):
            self._stopped_at = self._since_start  # short unless they go on: words decide
        elif isinstance(frame, InputAudioRawFrame) and self._talking_on(frame):
            logger.debug(
                "the rep has talked over Hard-E for %.1f s: they take the floor", self._long_enough
            )
            await self.trigger_user_turn_started()
            return ProcessFrameResult.STOP
        elif (
            isinstance(frame, InterimTranscriptionFrame | TranscriptionFrame) and not self._in_turn
        ):
            return await self._heard(frame.text, final=isinstance(frame, TranscriptionFrame))
        return ProcessFrameResult.CONTINUE

    def _in_a_gap(self, frame: Frame) -> None:
        """Between sentences: Hard-E stops speaking once its reply has nothing more to
        say, or after ``gap`` seconds of the rep's audio without its voice."""
        if isinstance(frame, InputAudioRawFrame) and self._quiet_for is not None:
            self._quiet_for += len(frame.audio) / 2 / frame.sample_rate / frame.num_channels
        if not self._replying() or (self._quiet_for or 0.0) > self._gap:
            self._bot_speaking, self._quiet_for = False, None

    def _talking_on(self, frame: InputAudioRawFrame) -> bool:
        """Whether the rep's voice has gone on ``long_enough`` since the VAD's start."""
        if self._since_start is None or self._in_turn:
            return False
        self._since_start += len(frame.audio) / 2 / frame.sample_rate / frame.num_channels
        stopped_at = self._stopped_at
        if stopped_at is not None and self._since_start - stopped_at > self._pause_in_speech:
            self._since_start = self._stopped_at = None  # that sound is over
            return False
        if voiced(frame):
            self._voiced = self._since_start
        return round(self._voiced, 6) >= self._long_enough

    async def _heard(self, words: str, *, final: bool) -> ProcessFrameResult:
        if self._bot_speaking and self._keeps_the_floor(words, not final):
            if final:
                self._since_start = self._stopped_at = None
                logger.debug("%r over Hard-E's reply is no turn: it goes on", words)
                # not part of the rep's next turn
                await self.trigger_reset_aggregation()  # type: ignore[no-untyped-call]
                if self._pause is not None:
                    self._pause.release()
            return ProcessFrameResult.CONTINUE
        if self._bot_speaking:
            logger.debug("%r over Hard-E's reply: the rep takes the floor", words)
        await self.trigger_user_turn_started()
        return ProcessFrameResult.STOP

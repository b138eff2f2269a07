"""Starting the brain before the rep's words are final (a speculative turn).

Deepgram streams interim results while the rep speaks; its final transcript comes only
after the VAD's silence window has ended and a ``Finalize`` has gone to Deepgram and
back. When Smart Turn has already said the rep is done and an interim holds their
words, :class:`SpeculativeTurnStop` starts the brain on that interim — pipecat's own
speculation path (``LLMContextFrame(speculation=True)`` on a provisional context) — and
when the final arrives:

- it matches the interim (case, punctuation and spacing aside: pipecat's
  ``NormalizedMatch``): the turn ends *confirming* the speculation — the aggregator writes
  the final words to the context without asking for a second answer, and the brain
  keeps the reply already under way (:class:`voice_worker.brain.HardEBrain` stores the
  final words, never the interim);
- it differs: the speculation is withdrawn (``EagerEndOfTurnCancelFrame``) and the turn
  ends as usual, on the final.

The rep starting to speak again, a newer interim with other words, or the turn ending
any other way withdraws it too. Nothing lasting happens in a speculative turn until it
is confirmed (:meth:`hard_e.chat.ChatService.take_turn`'s ``confirmed``): no tool runs,
no approval is decided, nothing is said or saved.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from pipecat.frames.frames import (
    Frame,
    InputAudioRawFrame,
    InterimTranscriptionFrame,
    TranscriptionFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.turns.types import ProcessFrameResult, UserTurnSpeculation
from pipecat.turns.user_stop import NormalizedMatch, TurnAnalyzerUserTurnStopStrategy

logger = logging.getLogger(__name__)

MATCH = NormalizedMatch()

# How long the rep must have been quiet (since the VAD's last voiced 32 ms window) before
# an interim is answered ahead of the VAD's silence window: the brain does not start in
# a gap inside a phrase, where the rep goes on at once (the answer is then withdrawn:
# nothing said, a Claude request wasted). Measured on the bench voice (ten rep
# sentences through CallVAD): gaps inside a phrase are one to three windows (32 ms in
# most sentences, 64 or 96 ms in one in ten), between phrases 224 ms or more. 0.1
# (before) already answered in a 96 ms gap and waited 30 ms more than 0.07 on every turn
# whose last interim came within 70 ms of the rep's last voiced window (every bench turn).
EARLY_PAUSE = 0.07


class SpeculativeTurnStop(TurnAnalyzerUserTurnStopStrategy):
    """Smart Turn's stop strategy, answering the latest interim while the final is on
    its way (see the module's description)."""

    def __init__(
        self,
        *,
        voice_at: Callable[[], float] | None = None,
        early_pause: float = EARLY_PAUSE,
        ends_at_once: Callable[[str], bool] | None = None,
        **kwargs: object,
    ) -> None:
        """``voice_at``: when the VAD last heard the rep (time.time()). With it, an
        interim that came after the rep's last sound is answered once they have been
        quiet ``early_pause`` seconds, before the VAD's silence window ends (withdrawn if
        they go on, or if Smart Turn then says they are not done). ``ends_at_once``:
        whether words the rep said are a whole turn whatever Smart Turn thinks — an
        "uh-huh" or "okay" over Hard-E's reply, which Smart Turn calls unfinished, so the
        turn (and the reply going on after it) waited for its 3 s silence timeout."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._ends_at_once = ends_at_once
        self._voice_at = voice_at
        self._early_pause = early_pause
        self._speculated_at = 0.0
        self._finals: list[str] = []  # this turn's final transcripts so far
        self._interim = ""  # the latest interim after them
        self._interim_at = 0.0  # when it came (time.time(), as pipecat's frame timestamps)
        self._speech_ended_at = 0.0  # when the rep's speech ended (the VAD's stop less its window)
        self._speculation: UserTurnSpeculation | None = None

    @property
    def speculating(self) -> str | None:
        """The words a speculative answer is being made for, if one is."""
        return self._speculation.text if self._speculation else None

    async def process_frame(self, frame: Frame) -> ProcessFrameResult:
        if isinstance(frame, TranscriptionFrame):
            self._finals.append(frame.text)
            self._interim = ""
        elif isinstance(frame, InterimTranscriptionFrame):
            self._interim = frame.text
            self._interim_at = time.time()
        elif isinstance(frame, VADUserStoppedSpeakingFrame):
            self._speech_ended_at = time.time() - frame.stop_secs
        result = await super().process_frame(frame)
        if isinstance(frame, TranscriptionFrame):  # offline, the words come after the stop
            await self._end_at_once(" ".join(self._finals))
            await self._end_on_late_words(frame)
        if isinstance(frame, InterimTranscriptionFrame):
            await self._maybe_speculate()
            await self._maybe_speculate_early()
        elif isinstance(frame, InputAudioRawFrame):
            await self._maybe_speculate_early()
        return result

    async def _maybe_speculate_early(self) -> None:
        """While the VAD's silence window runs: answer an interim that came after the
        rep's last sound once they have been quiet ``early_pause``; withdraw the answer
        when their voice comes back."""
        if self._voice_at is None or not self._vad_user_speaking:
            return
        voice_at = self._voice_at()
        if self._speculation is not None:
            if voice_at > self._speculated_at:
                await self._withdraw("the rep went on")
            return
        quiet = time.time() - voice_at
        fresh = self._interim.strip() and self._interim_at > voice_at
        if fresh and quiet >= self._early_pause and not self._transcript_finalized:
            self._speech_ended_at = voice_at
            await self._maybe_speculate(before_smart_turn=True)

    async def _handle_vad_user_stopped_speaking(self, frame: VADUserStoppedSpeakingFrame) -> None:
        """The VAD's silence window has passed: speculate at once, while Smart Turn
        decides (tens of milliseconds of CPU, more under load); if it says the rep is
        not done, the speculation is withdrawn."""
        await self._maybe_speculate(before_smart_turn=True)
        await super()._handle_vad_user_stopped_speaking(frame)  # type: ignore[no-untyped-call]
        await self._end_at_once(" ".join([*self._finals, self._interim]))
        if not self._turn_complete:
            await self._withdraw("Smart Turn says the rep is not done")

    async def _end_at_once(self, words: str) -> None:
        """The rep has stopped and their words so far are a whole turn (``ends_at_once``):
        the turn is complete now, not at Smart Turn's silence timeout."""
        if self._turn_complete or self._vad_user_speaking or not self._vad_stopped:
            return
        if words.strip() and self._ends_at_once is not None and self._ends_at_once(words):
            logger.debug("%r is a whole turn: not waiting for Smart Turn's timeout", words)
            self._turn_complete = True
            await self._maybe_trigger_user_turn_stopped()

    async def _end_on_late_words(self, frame: TranscriptionFrame) -> None:
        """A turn begun on words that came after the rep had stopped (heard late: "Stop,
        go back to the permit" over a reply, its transcript seconds behind): a
        finalized transcript is all they said, so the turn ends now — pipecat would wait
        out the speech-to-text's p99 latency for more words, the rep waiting on."""
        if frame.finalized and not self._vad_user_speaking and not self._vad_stopped:
            await self._maybe_trigger_user_turn_stopped()

    async def _maybe_trigger_user_turn_stopped(self) -> None:
        await super()._maybe_trigger_user_turn_stopped()  # type: ignore[no-untyped-call]
        await self._maybe_speculate()  # nothing left to do when the turn just ended

    async def _maybe_speculate(self, *, before_smart_turn: bool = False) -> None:
        """Speculate when Smart Turn says (or is deciding whether) the rep is done, the
        final has not come, and an interim made after the rep's last sound holds words
        (one from mid-speech may lack the last of them; a newer interim with other words
        starts over)."""
        done = self._turn_complete or before_smart_turn
        if not done or self._transcript_finalized or not self._interim.strip():
            return
        if self._interim_at < self._speech_ended_at:
            return
        text = " ".join([*self._finals, self._interim])
        if self._speculation is not None:
            if MATCH.matches(self._speculation.text, text):
                return
            await self._withdraw("a newer interim has other words")
        self._speculation = UserTurnSpeculation(text=text)
        self._speculated_at = time.time()
        logger.debug("speculating on the interim %r", text)
        await self.trigger_user_turn_inference_triggered(speculation=self._speculation)

    async def trigger_user_turn_stopped(
        self, *, enable_user_speaking_frames: bool | None = None
    ) -> None:
        """The turn ends: keep the speculative answer if the final matches its words."""
        speculation, self._speculation = self._speculation, None
        if speculation is None:
            await super().trigger_user_turn_stopped(
                enable_user_speaking_frames=enable_user_speaking_frames
            )
            return
        final = " ".join(self._finals)
        if MATCH.matches(speculation.text, final):
            await self.trigger_user_turn_finalized(
                enable_user_speaking_frames=enable_user_speaking_frames,
                confirms_speculation=True,
            )
            return
        logger.debug("the final %r is not the interim %r: answering again", final, speculation)
        await self.trigger_user_turn_speculation_cancelled()  # type: ignore[no-untyped-call]
        await super().trigger_user_turn_stopped(
            enable_user_speaking_frames=enable_user_speaking_frames
        )

    async def _reset(self) -> None:
        await super()._reset()  # type: ignore[no-untyped-call]
        self._finals = []
        self._interim = ""

    async def _discard_pending_end_of_turn(self) -> None:
        """The rep speaks again (or the turn is over some other way): a speculation
        still open answered words that were not all of them."""
        await super()._discard_pending_end_of_turn()  # type: ignore[no-untyped-call]
        await self._withdraw("the rep went on, or the turn ended without it")

    async def _withdraw(self, why: str) -> None:
        if self._speculation is None:
            return
        self._speculation = None
        logger.debug("speculation withdrawn: %s", why)
        await self.trigger_user_turn_speculation_cancelled()  # type: ignore[no-untyped-call]

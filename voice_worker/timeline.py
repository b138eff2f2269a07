"""Each call's turns moment by moment (``watch_pacing`` setting only), for the benchmarks
to split a turn into the vendors' waits and the worker's own time.

pipecat's ``UserBotLatencyObserver`` names a turn's parts from the VAD's stop, but it
is off unless ``measure`` (it reads every frame hop, and its CPU changes what ten calls
measure), and it cannot see speculation: the brain starting on Deepgram's interim,
before the VAD's stop. :class:`Timeline` notes only the few frames a turn turns on —
about ten a turn, never audio — each at its own push time (pipecat's pipeline clock,
given as ``time.monotonic()``: one clock for every process of the machine):

- ``vad_stop``: the VAD called the rep's speech over (its silence window after it);
- ``interim`` / ``final``: Deepgram's transcripts (the vendor's ``request_id``);
- ``brain``: the user turn asked the brain for an answer (``speculation`` or ``turn``);
- ``confirmed``: the rep's final words written to the context (a speculation holds);
- ``text``: the brain's first words after it was asked or its words confirmed;
- ``tts``: a reply's text sent to the voice (its ``context`` id, as the vendor sees it);
- ``speaking``: the output transport started sending the reply's audio.

A call's moments live on its observer (bounded). :class:`TimelineLog` holds the calls'
observers for the process's ``/stats``: an ended call's until they are taken (a bench
reads them after hanging up), and never more than ``CALLS_KEPT`` ended calls.
"""

from __future__ import annotations

import time
from collections import OrderedDict, deque
from typing import Any

from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    Frame,
    InterimTranscriptionFrame,
    LLMContextFrame,
    LLMContextUserTurnFrame,
    LLMTextFrame,
    TranscriptionFrame,
    TTSStartedFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.observers.base_observer import BaseObserver, FramePushed
from pipecat.processors.frame_processor import FrameDirection

from voice_worker.brain import HardEBrain

KEEP = 2_000  # moments kept per call, the latest (a turn has about ten)
CALLS_KEPT = 500  # calls kept per process, the latest

Moment = tuple[float, str, str]  # (time.monotonic(), kind, detail)

# By the frame's exact type: one dictionary look-up per frame, whatever the frame
_KINDS: dict[type[Frame], str] = {
    VADUserStoppedSpeakingFrame: "vad_stop",
    InterimTranscriptionFrame: "interim",
    TranscriptionFrame: "final",
    LLMContextFrame: "brain",
    LLMContextUserTurnFrame: "confirmed",
    LLMTextFrame: "text",
    TTSStartedFrame: "tts",
    BotStartedSpeakingFrame: "speaking",
}


class Timeline(BaseObserver):
    """One call's moments of note (see the module), the latest ``keep``."""

    def __init__(self, *, keep: int = KEEP) -> None:
        super().__init__(observe_every_push=False)  # a frame's first push only
        self.moments: deque[Moment] = deque(maxlen=keep)
        self._said = False  # the brain's words since it was last asked were noted

    async def on_push_frame(self, data: FramePushed) -> None:
        kind = _KINDS.get(type(data.frame))
        # broadcast frames go both ways: the downstream copy is the one on the turn's path
        if kind is None or data.direction is not FrameDirection.DOWNSTREAM:
            return
        if kind == "text":  # the brain's first words of a reply, not every word after
            if self._said or not isinstance(data.source, HardEBrain):
                return
            self._said = True
        elif kind in ("brain", "confirmed"):
            self._said = False
        # the push's own time (observers are told later, through a queue); 0 if pushed
        # before the processor was set up, when it has no clock to ask
        ago = (data.source.get_clock().get_time() - data.timestamp) / 1e9 if data.timestamp else 0
        self.moments.append((time.monotonic() - ago, kind, _detail(data.frame)))


def _detail(frame: Frame) -> str:
    if isinstance(frame, InterimTranscriptionFrame | TranscriptionFrame):
        return str(getattr(getattr(frame.result, "metadata", None), "request_id", "") or "")
    if isinstance(frame, LLMContextFrame):
        return "speculation" if frame.speculation else "turn"
    if isinstance(frame, TTSStartedFrame):
        return frame.context_id or ""
    return ""


class TimelineLog:
    """This process's calls' timelines by call (its WebRTC ``pc_id``): every live call's,
    and the ended ones' until taken (the latest ``calls_kept`` at most)."""

    def __init__(self, calls_kept: int = CALLS_KEPT) -> None:
        self._calls: OrderedDict[str, Timeline] = OrderedDict()
        self._live: set[str] = set()
        self._calls_kept = calls_kept

    def observer(self, call: str) -> Timeline:
        """A new observer for ``call``'s pipeline."""
        observed = self._calls[call] = Timeline()
        self._live.add(call)
        return observed

    def ended(self, call: str) -> None:
        """``call`` is over: its timeline waits to be taken, among the latest ended ones."""
        self._live.discard(call)
        ended = [c for c in self._calls if c not in self._live]
        for old in ended[: max(0, len(ended) - self._calls_kept)]:
            del self._calls[old]

    def take(self) -> dict[str, list[Moment]]:
        """Every call's moments so far; the ended calls' are handed over, not kept."""
        taken = {call: list(t.moments) for call, t in self._calls.items()}
        for call in [c for c in self._calls if c not in self._live]:
            del self._calls[call]
        return taken


def moments_of(raw: Any) -> list[Moment]:
    """Moments back from JSON (``/stats``): lists into tuples."""
    return [(float(at), str(kind), str(detail)) for at, kind, detail in raw]

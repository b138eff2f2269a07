"""Each call's turns moment by moment (``watch_pacing`` setting only), for the benchmarks
to split a turn into the vendors' waits and the worker's own time.

pipecat's ``UserBotLatencyObserver`` names a turn's parts from the VAD's stop, but it
is off unless ``measure`` (it reads every frame hop, and its CPU changes what ten calls
measure), and it cannot see speculation: the brain starting on Deepgram's interim,
before the VAD's stop. :class:`Timeline` notes, on the same clock points (each frame's
own push time on pipecat's pipeline clock, as ``time.monotonic()``), only the frames a
turn turns on — a handful per turn, no audio:

- ``vad_stop``: the VAD called the rep's speech over (its silence window after it);
- ``interim`` / ``final``: Deepgram's transcripts;
- ``brain``: the user turn asked the brain for an answer (``speculation`` or not);
- ``text``: the brain's first words of a reply (after Claude's first token);
- ``tts``: a reply's text sent to the voice (its ``context`` id, as the vendor sees it);
- ``speaking``: the output transport started sending the reply's audio.
"""

from __future__ import annotations

import time
from collections import deque
from typing import Any

from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    InterimTranscriptionFrame,
    LLMContextFrame,
    LLMTextFrame,
    TranscriptionFrame,
    TTSStartedFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.observers.base_observer import BaseObserver, FramePushed

from voice_worker.brain import HardEBrain

KEEP = 2_000  # moments kept per call (a turn has about ten)
CALLS_KEPT = 500

Moment = tuple[float, str, str]  # (time.monotonic(), kind, detail)

_calls: dict[str, deque[Moment]] = {}


class Timeline(BaseObserver):
    """One call's moments of note (see the module), kept for :func:`report`."""

    def __init__(self, call: str) -> None:
        super().__init__(observe_every_push=False)
        while len(_calls) >= CALLS_KEPT:
            del _calls[next(iter(_calls))]
        self.moments = _calls[call] = deque(maxlen=KEEP)

    async def on_push_frame(self, data: FramePushed) -> None:
        noted = _moment(data.frame, data.source)
        if noted is None:
            return
        # the push's own time (it reaches observers later, through a queue)
        clock = data.source.get_clock().get_time()
        at = time.monotonic() - (clock - data.timestamp) / 1e9 if clock else time.monotonic()
        self.moments.append((at, *noted))


def _moment(frame: Any, source: Any) -> tuple[str, str] | None:
    if isinstance(frame, VADUserStoppedSpeakingFrame):
        return "vad_stop", ""
    if isinstance(frame, InterimTranscriptionFrame):
        return "interim", frame.text
    if isinstance(frame, TranscriptionFrame):
        return "final", frame.text
    if isinstance(frame, LLMContextFrame):
        return "brain", "speculation" if frame.speculation else "turn"
    if isinstance(frame, LLMTextFrame) and isinstance(source, HardEBrain):
        return "text", frame.text
    if isinstance(frame, TTSStartedFrame):
        return "tts", frame.context_id or ""
    if isinstance(frame, BotStartedSpeakingFrame):
        return "speaking", ""
    return None


def report() -> dict[str, list[Moment]]:
    """Every call's moments so far, by call (its WebRTC connection's ``pc_id``)."""
    return {call: list(moments) for call, moments in _calls.items()}


def forget() -> None:
    _calls.clear()

"""Hard-E falls silent the moment the rep starts to talk over it, before the VAD is sure.

Barge-in used to wait for the VAD's start window (two 32 ms Silero windows of voice)
before pipecat's interruption stopped the bot's audio. :class:`Pause` stops it at the
first voiced window instead: the audio waiting to go to WebRTC is held back, nothing is
thrown away. Then one of three things happens:

- the VAD confirms speech → pipecat's interruption runs, and when it has reached the
  output transport :meth:`Pause.drop` throws the held audio away (also the frame pipecat
  lets play out after an interruption: the rep is talking, they need not hear it);
- the next window is not voice (a click, a cough's first burst) → :meth:`Pause.release`
  and the reply goes on from the very sample it stopped at;
- while Hard-E speaks the VAD's start is no interruption by itself: the rep's words
  decide (:class:`voice_worker.barging.BargeInStart`). Words that are not a backchannel
  start the interruption; a backchannel's final transcript → :meth:`Pause.release`;
- no interruption ``longest`` seconds after the rep's voice was last heard (a sound
  that brought no words), or ``longest_hold`` after the pause began (the rep talking
  on with no transcript coming) → the held audio is released, so a pause can never
  silence Hard-E for good (nor hold pipecat's write past its own timeout).

What plays is pipecat's output track (``RawAudioTrack``, pipecat 1.14, pinned): it
queues 10 ms chunks in ``_chunk_queue`` with a future on each write's last chunk that
the output transport waits on before writing the next. Holding the chunks (and their
future) therefore also holds back everything behind them, in order; the track's clock
runs on and sends silence meanwhile. :class:`voice_worker.sending.OpusTrack` calls
:meth:`Pause.before_read` before it reads each frame.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from typing import Any

from pipecat.frames.frames import Frame, InterruptionFrame
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.transports.smallwebrtc.transport import RawAudioTrack

logger = logging.getLogger(__name__)

# seconds after the rep's voice was last heard: the VAD's 200 ms silence window and the
# final transcript (Deepgram's or Moonshine's, ~100-400 ms) must both fit in it
LONGEST_PAUSE = 0.8
LONGEST_HOLD = 5.0  # seconds from the hold's start, whatever the rep does (pipecat: 10 s)
DROP_GRACE = 0.1  # seconds after an interruption in which newly written audio is stale

Chunk = tuple[bytes, "asyncio.Future[bool] | None"]


class Pause:
    """One call's pause of the bot's outgoing audio (see the module's docstring)."""

    def __init__(
        self,
        *,
        longest: float = LONGEST_PAUSE,
        longest_hold: float = LONGEST_HOLD,
        drop_grace: float = DROP_GRACE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._longest = longest
        self._longest_hold = longest_hold
        self._drop_grace = drop_grace
        self._clock = clock
        self._held: deque[Chunk] = deque()
        self._holding_since: float | None = None
        self._voiced_at = 0.0  # the rep's voice last heard while holding
        self._dropping_until = 0.0
        self.holds = 0  # pauses begun in this call
        self.releases = 0  # ...that turned out not to be the rep talking
        self.drops = 0  # interruptions whose audio was thrown away

    @property
    def holding(self) -> bool:
        return self._holding_since is not None

    def hold(self) -> None:
        """The rep's voice in one window: stop the bot's audio, keep it."""
        if self._holding_since is None:
            self._holding_since = self._clock()
            self.holds += 1
            logger.debug("bot audio held: the rep may be talking")
        self._voiced_at = self._clock()

    def heard_voice(self) -> None:
        """The rep's voice in another window: a hold under way lasts on."""
        if self._holding_since is not None:
            self._voiced_at = self._clock()

    def release(self) -> None:
        """Not the rep talking after all: the held audio plays on where it stopped."""
        if self._holding_since is not None:
            self._holding_since = None
            self.releases += 1
            logger.debug("bot audio released: %d chunks held", len(self._held))

    def drop(self) -> None:
        """The interruption reached the output transport: the held audio (and whatever
        pipecat still writes in the next moment) is thrown away, its writes answered so
        the transport is not left waiting."""
        self._holding_since = None
        self._dropping_until = self._clock() + self._drop_grace
        self.drops += 1
        logger.debug("bot audio dropped: %d chunks held", len(self._held))
        _answer(self._held)

    def before_read(self, track: RawAudioTrack) -> None:
        """Called before each frame is read from ``track``: takes its queued audio away
        while holding or dropping, gives the held audio back once released."""
        now = self._clock()
        queue: deque[Chunk] = track._chunk_queue
        since = self._holding_since
        if since is not None and (
            now - self._voiced_at >= self._longest or now - since >= self._longest_hold
        ):
            logger.info(
                "bot audio paused %.0f ms without an interruption: resumed", 1e3 * (now - since)
            )
            self.release()
        if now < self._dropping_until:
            _answer(queue)
        elif self._holding_since is not None:
            self._held.extend(queue)
            queue.clear()
        elif self._held:
            queue.extendleft(reversed(self._held))
            self._held.clear()


def _answer(chunks: deque[Chunk]) -> None:
    """Discard ``chunks``, telling their writers they were sent."""
    while chunks:
        _, future = chunks.popleft()
        if future is not None and not future.done():
            future.set_result(True)


class PauseDrop(FrameProcessor):
    """Right after the output transport: an interruption that has come through it drops
    the paused audio (the transport has emptied its own queue by then)."""

    def __init__(self, pause: Pause, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pause = pause

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if isinstance(frame, InterruptionFrame):
            self._pause.drop()
        await self.push_frame(frame, direction)

"""Whether this process keeps up with its calls' audio (``watch_pacing`` setting only).

Two things go wrong when a worker's event loop falls behind, and neither shows in a
turn's latency breakdown until it is large:

- input read late: the worker reads a rep's audio later and later against that rep's
  media clock (the RTP timestamps), so everything it hears — and every barge-in — comes
  late;
- output gaps: pipecat's output track hands audio frames (10 ms each, silence between
  replies) to aiortc late, or with a pause: what the rep hears stutters.

:func:`watch_audio` wraps aiortc's ``RemoteStreamTrack.recv`` and pipecat's
``RawAudioTrack.recv`` (behaviour unchanged; neither library has a hook for this) and
:func:`report` sums up what they saw. Bounded: the busiest tracks' latest frames only.
"""

from __future__ import annotations

import itertools
import time
from collections import defaultdict, deque
from typing import Any

GAP_S = 0.1  # an output pause longer than this is a gap a rep can hear
KEEP = 200_000  # frame times kept per track (over half an hour of 10 ms frames)

_sent: dict[int, deque[float]] = defaultdict(lambda: deque(maxlen=KEEP))
_sent_behind: deque[float] = deque(maxlen=KEEP)
_heard: dict[int, tuple[float, float, float]] = {}  # track → (t0, media t0, worst lag)
_installed = False


def watch_audio() -> None:
    """Start noting every call's audio frames in this process (once)."""
    global _installed
    if _installed:
        return
    _installed = True
    from aiortc.rtcrtpreceiver import RemoteStreamTrack
    from pipecat.transports.smallwebrtc.transport import RawAudioTrack

    heard_recv = RemoteStreamTrack.recv
    sent_recv = RawAudioTrack.recv

    async def heard(self: RemoteStreamTrack) -> Any:
        frame = await heard_recv(self)
        if self.kind == "audio" and frame.pts is not None and frame.time_base is not None:
            now, media = time.monotonic(), float(frame.pts * frame.time_base)
            t0, m0, worst = _heard.get(id(self), (now, media, 0.0))
            _heard[id(self)] = (t0, m0, max(worst, (now - t0) - (media - m0)))
        return frame

    async def sent(self: RawAudioTrack) -> Any:
        frame: Any = await sent_recv(self)  # type: ignore[no-untyped-call]
        _sent[id(self)].append(time.monotonic())
        _sent_behind.append(time.time() - self._start - frame.pts / frame.sample_rate)
        return frame

    RemoteStreamTrack.recv = heard  # type: ignore[method-assign]
    RawAudioTrack.recv = sent  # type: ignore[method-assign]


def report() -> dict[str, Any]:
    """What was seen so far: output gaps over ``GAP_S`` (count and the longest), how far
    sent frames were behind their track's clock (all frames), and per rep the most the
    worker's reading fell behind that rep's media clock (seconds)."""
    gaps = [b - a for times in _sent.values() for a, b in itertools.pairwise(times)]
    return {
        "sent_tracks": len(_sent),
        "sent_gaps": sum(1 for g in gaps if g > GAP_S),
        "longest_gap": max(gaps, default=0.0),
        "sent_behind": list(_sent_behind),
        "heard_behind": [worst for _, _, worst in _heard.values()],
    }


def forget() -> None:
    """Start counting afresh (a benchmark's warm-up is not its figures)."""
    _sent.clear()
    _sent_behind.clear()
    _heard.clear()

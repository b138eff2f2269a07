"""Whether this process keeps up with its calls' audio (``watch_pacing`` setting only).

Two things go wrong when a worker's event loop falls behind, and neither shows in a
turn's latency breakdown until it is large:

- input read late: the worker reads a rep's audio later and later against that rep's
  media clock (the RTP timestamps), so everything it hears — and every barge-in — comes
  late;
- output gaps: pipecat's output track hands audio frames (10 ms each, silence between
  replies) to aiortc late, or with a pause: what the rep hears stutters.

Both come from the process's event loop not getting round to them: :func:`watch_loop`
finds out why — a thread that, whenever the loop has not ticked for ``STALL_S``, looks
at what the loop's thread is running (its Python stack) and notes it, with how long the
stall lasted: the callback that blocked every call of the process.

:func:`watch_audio` wraps aiortc's ``RemoteStreamTrack.recv`` and pipecat's
``RawAudioTrack.recv`` (behaviour unchanged; neither library has a hook for this) and
:func:`report` sums up what they saw. Bounded: the busiest tracks' latest frames only.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import sys
import threading
import time
import traceback
from collections import defaultdict, deque
from dataclasses import dataclass
from types import FrameType
from typing import Any

GAP_S = 0.1  # an output pause longer than this is a gap a rep can hear
KEEP = 200_000  # frame times kept per track (over half an hour of 10 ms frames)

_sent: dict[int, deque[float]] = defaultdict(lambda: deque(maxlen=KEEP))
_sent_behind: deque[float] = deque(maxlen=KEEP)
_heard: dict[int, tuple[float, float, float]] = {}  # track → (t0, media t0, worst lag)
_installed = False

STALL_S = 0.05  # the loop not ticking this long holds up every call's audio
TICK_S = 0.01  # how often the loop's heartbeat ticks (and the watcher looks)
WHERE_FRAMES = 4  # frames of the blocked stack that name a stall, innermost first
_SKIP = ("/asyncio/", "/selectors.py", "/threading.py", "<frozen")  # the loop's own frames


@dataclass
class Stall:
    """Stalls seen at one place of the loop's code: how many, their total and longest."""

    where: str
    count: int = 0
    total: float = 0.0
    longest: float = 0.0


_stalls: dict[str, Stall] = {}
_watching: threading.Event | None = None


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


def where(frame: FrameType | None) -> str:
    """A stalled loop's stack as a short name: its innermost frames outside asyncio."""
    if frame is None:
        return "?"
    # no source lines: reading them (linecache, from disk) held the GIL while the loop
    # was already stalled, ~2 % of a busy call process's samples (py-spy)
    summary = traceback.StackSummary.extract(traceback.walk_stack(frame), lookup_lines=False)
    summary.reverse()  # outermost first, as extract_stack gives it
    stack = [f for f in summary if not any(s in f.filename for s in _SKIP)]
    parts = [f"{os.path.basename(f.filename)}:{f.lineno} {f.name}" for f in stack[-WHERE_FRAMES:]]
    return " < ".join(reversed(parts)) or "the event loop itself"


def watch_loop(loop: asyncio.AbstractEventLoop | None = None) -> None:
    """Start noting this process's event-loop stalls over ``STALL_S`` (once): a
    heartbeat on the loop, and a thread that, when it stops, takes the loop thread's
    stack (``sys._current_frames``; the thread needs the GIL for that, which Python
    hands over every few ms even from a busy loop)."""
    global _watching
    if _watching is not None:
        return
    loop = loop or asyncio.get_running_loop()
    _watching = stop = threading.Event()
    beat = [time.monotonic()]
    loop_thread = threading.get_ident()

    async def heartbeat() -> None:
        while not stop.is_set():
            beat[0] = time.monotonic()
            await asyncio.sleep(TICK_S)

    def watcher() -> None:
        stalled: tuple[float, str] | None = None  # (its last tick, where it was caught)
        while not stop.wait(TICK_S):
            last = beat[0]
            if stalled is not None and stalled[0] != last:  # ticking again: note it
                _note(stalled[1], last - stalled[0] - TICK_S)
                stalled = None
            if stalled is None and time.monotonic() - last > STALL_S + TICK_S:
                stalled = (last, where(sys._current_frames().get(loop_thread)))

    loop.create_task(heartbeat(), name="pacing-heartbeat")
    threading.Thread(target=watcher, name="pacing-loop-watch", daemon=True).start()


def _note(at: str, seconds: float) -> None:
    stall = _stalls.setdefault(at, Stall(at))
    stall.count += 1
    stall.total += seconds
    stall.longest = max(stall.longest, seconds)


def stop_watching_loop() -> None:
    global _watching
    if _watching is not None:
        _watching.set()
        _watching = None


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
        "stalls": [
            [s.where, s.count, s.total, s.longest]
            for s in sorted(_stalls.values(), key=lambda s: -s.total)
        ],
    }


def forget() -> None:
    """Start counting afresh (a benchmark's warm-up is not its figures)."""
    _sent.clear()
    _sent_behind.clear()
    _heard.clear()
    _stalls.clear()

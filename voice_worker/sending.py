"""The worker's outgoing audio, encoded to Opus on the event loop.

aiortc's RTP sender hands every frame a track gives it to a thread of the loop's default
executor to encode, and waits for it before asking for the next; pipecat's output track
gives 10 ms frames. That is 100 hand-offs a second per call, each one waiting for the
GIL behind the busy event loop: with ten calls on two loaded cores the senders asked for
audio slower than real time and fell tens of seconds behind (``bench/voice_calls.py``).

:class:`OpusTrack` wraps pipecat's track (which still paces and queues the audio) and
encodes its frames at once with aiortc's own Opus encoder (same libopus settings,
resampled to 48 kHz, 20 ms packets; well under a millisecond of CPU each): the sender
gets ready packets, aiortc's path for pre-encoded media, so it does no hand-off at all.
Hand-written because aiortc has no setting to encode inline.
"""

from __future__ import annotations

import fractions
from collections import deque
from typing import Any

import numpy as np
from aiortc.codecs.opus import TIME_BASE, OpusEncoder
from aiortc.mediastreams import MediaStreamTrack
from av.audio.frame import AudioFrame
from av.packet import Packet
from pipecat.transports.smallwebrtc.connection import SmallWebRTCConnection
from pipecat.transports.smallwebrtc.transport import RawAudioTrack


class OpusTrack(MediaStreamTrack):
    """``source``'s audio as Opus packets of 20 ms, timestamped on a 48 kHz clock."""

    kind = "audio"

    def __init__(self, source: MediaStreamTrack) -> None:
        super().__init__()
        self.source = source
        self._encoder = OpusEncoder()
        self._ready: deque[Packet[Any]] = deque()
        self._first_pts: int | None = None

    async def recv(self) -> Packet[Any]:
        first = True
        while not self._ready:  # a 10 ms frame fills half a packet: then read another
            queued = None if first else _queued_frame(self.source)
            first = False
            frame = queued if queued is not None else await self.source.recv()
            assert isinstance(frame, AudioFrame)
            for resampled in self._encoder.resampler.resample(frame):
                self._ready.extend(self._encoder.codec.encode(resampled))
        packet = self._ready.popleft()
        if self._first_pts is None:  # libopus starts at a negative pts, as aiortc notes
            self._first_pts = packet.pts or 0
        packet.pts = (packet.pts or 0) - self._first_pts
        packet.time_base = TIME_BASE
        return packet

    def stop(self) -> None:
        super().stop()
        self.source.stop()


def _queued_frame(track: MediaStreamTrack) -> AudioFrame | None:
    """The next 10 ms of pipecat's track now, if its audio is already queued, rather than
    on its clock 10 ms later: a packet's second half is no reason to hold back the first
    (the bot's words reach the rep, and stop when they cut in, that much sooner). As
    ``RawAudioTrack.recv`` (pipecat 1.14, pinned) does after its wait; its clock moves on
    as if it had waited, so the next frame keeps to it."""
    if not isinstance(track, RawAudioTrack) or not track._chunk_queue:
        return None
    chunk, future = track._chunk_queue.popleft()
    if future is not None and not future.done():
        future.set_result(True)
    frame = AudioFrame.from_ndarray(np.frombuffer(chunk, dtype=np.int16)[None, :], layout="mono")
    frame.sample_rate = track._sample_rate
    frame.pts = track._timestamp
    frame.time_base = fractions.Fraction(1, track._sample_rate)
    track._timestamp += track._samples_per_10ms
    return frame


def send_encoded(connection: SmallWebRTCConnection) -> None:
    """Every audio track the transport sends on ``connection`` goes through
    :class:`OpusTrack` (pipecat puts its output track in with ``replace_audio_track``)."""
    replace = connection.replace_audio_track

    def encoded(track: Any) -> None:
        chosen = OpusTrack(track) if track is not None and track.kind == "audio" else track
        replace(chosen)  # type: ignore[no-untyped-call]

    connection.replace_audio_track = encoded  # type: ignore[method-assign]

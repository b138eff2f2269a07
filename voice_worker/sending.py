"""The worker's outgoing audio, encoded to Opus on the event loop.

aiortc's RTP sender hands every frame a track gives it to a thread of the loop's default
executor to encode, and waits for it before asking for the next; pipecat's output track
gives 10 ms frames. That is 100 hand-offs a second per call, each one waiting for the
GIL behind the busy event loop: with ten calls on two loaded cores the senders asked for
audio slower than real time and fell tens of seconds behind (``bench/voice_calls.py``).

:class:`OpusTrack` wraps pipecat's track (which still paces and queues the audio) and
encodes its frames at once with libopus (through PyAV, as aiortc does; resampled to
48 kHz, 20 ms packets): the sender gets ready packets, aiortc's path for pre-encoded
media, so it does no hand-off at all. Hand-written because aiortc has no setting to
encode inline; with ten calls it was still a quarter of a call process's CPU (most of
it encoding silence), hence mono and the ready-made silence below.
"""

from __future__ import annotations

import fractions
from collections import deque
from typing import Any

import numpy as np
from aiortc.codecs.opus import TIME_BASE
from aiortc.mediastreams import MediaStreamTrack
from av import AudioResampler, CodecContext
from av.audio.frame import AudioFrame
from av.packet import Packet
from pipecat.transports.smallwebrtc.connection import SmallWebRTCConnection
from pipecat.transports.smallwebrtc.transport import RawAudioTrack

from voice_worker.pausing import Pause


class OpusTrack(MediaStreamTrack):
    """``source``'s audio as Opus packets of 20 ms, timestamped on a 48 kHz clock.

    Mono (a bot's voice is mono; a receiver negotiated for stereo decodes mono packets)
    at 32 kbit/s, where aiortc's encoder takes a stereo copy at 96 kbit/s: about half
    the encoding work. pipecat's track sends digital silence whenever the bot is quiet —
    most of a call — and each 20 ms of it is sent as one packet encoded once per track,
    with no resampling or encoding; when sound comes back it is encoded by a fresh
    encoder, whose silent starting state is the one the receiver's decoder is in.
    """

    kind = "audio"

    def __init__(self, source: MediaStreamTrack, pause: Pause | None = None) -> None:
        super().__init__()
        self.source = source
        self._pause = pause  # the rep starting to talk holds the audio back (pausing.py)
        self._encoder: _Encoder | None = None
        self._silent_frames = 0  # digital silence in a row, in source frames
        self._odd_silence: AudioFrame | None = None  # half a packet of silence, waiting
        self._silence = _Encoder().silence()
        self._ready: deque[bytes] = deque()
        self._pts = 0

    async def recv(self) -> Packet[Any]:
        first = True
        while not self._ready:  # a 10 ms frame fills half a packet: then read another
            if self._pause is not None and isinstance(self.source, RawAudioTrack):
                self._pause.before_read(self.source)
            queued = None if first else _queued_frame(self.source)
            first = False
            frame = queued if queued is not None else await self.source.recv()
            assert isinstance(frame, AudioFrame)
            self._take(frame)
        packet = Packet(self._ready.popleft())
        packet.pts, packet.time_base = self._pts, TIME_BASE
        self._pts += SAMPLES_PER_PACKET
        return packet

    def _take(self, frame: AudioFrame) -> None:
        silent = not np.any(frame.to_ndarray())
        self._silent_frames = self._silent_frames + 1 if silent else 0
        if self._encoder is not None:
            self._ready.extend(self._encoder.encode(frame))
            if self._silent_frames >= QUIET_AFTER_FRAMES:  # the sound has played out
                self._encoder = None
                self._odd_silence = None
            return
        if silent:  # quiet: a ready-made packet per 20 ms
            if self._odd_silence is None:
                self._odd_silence = frame
            else:
                self._odd_silence = None
                self._ready.append(self._silence)
            return
        self._encoder = _Encoder()
        if self._odd_silence is not None:  # keep 20 ms packets on the 10 ms frames
            self._ready.extend(self._encoder.encode(self._odd_silence))
            self._odd_silence = None
        self._ready.extend(self._encoder.encode(frame))

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


SAMPLES_PER_PACKET = 960  # 20 ms at 48 kHz
QUIET_AFTER_FRAMES = 10  # 100 ms of digital silence: the encoder has flushed the sound
BIT_RATE = 32_000  # Opus's own guidance for wideband speech; WebRTC's default is similar


class _Encoder:
    """libopus, mono at 48 kHz, fed through a resampler that cuts 20 ms frames."""

    def __init__(self) -> None:
        self.codec: Any = CodecContext.create("libopus", "w")
        self.codec.bit_rate = BIT_RATE
        self.codec.format = "s16"
        self.codec.layout = "mono"
        self.codec.options = {"application": "voip"}
        self.codec.sample_rate = 48_000
        self.codec.time_base = TIME_BASE
        self.resampler = AudioResampler(
            format="s16", layout="mono", rate=48_000, frame_size=SAMPLES_PER_PACKET
        )

    def encode(self, frame: AudioFrame) -> list[bytes]:
        return [bytes(p) for f in self.resampler.resample(frame) for p in self.codec.encode(f)]

    def silence(self) -> bytes:
        """The packet for 20 ms of digital silence once the encoder has settled."""
        zeros = AudioFrame.from_ndarray(
            np.zeros((1, SAMPLES_PER_PACKET), dtype=np.int16), format="s16", layout="mono"
        )
        zeros.sample_rate = 48_000
        packets: list[bytes] = []
        while len(packets) < 5:
            packets += self.encode(zeros)
        return packets[-1]


def send_encoded(connection: SmallWebRTCConnection, pause: Pause | None = None) -> None:
    """Every audio track the transport sends on ``connection`` goes through
    :class:`OpusTrack` (pipecat puts its output track in with ``replace_audio_track``),
    held back by ``pause`` while the rep may be starting to talk."""
    replace = connection.replace_audio_track

    def encoded(track: Any) -> None:
        chosen = OpusTrack(track, pause) if track is not None and track.kind == "audio" else track
        replace(chosen)  # type: ignore[no-untyped-call]

    connection.replace_audio_track = encoded  # type: ignore[method-assign]

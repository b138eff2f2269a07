"""The rep's audio into a call's pipeline without an asyncio task per 20 ms frame.

pipecat 1.14 takes each frame off the WebRTC track (``SmallWebRTCClient.read_audio_frame``)
and again off its own audio queue (``BaseInputTransport._audio_task_handler``) through
``asyncio.wait_for``, which on Python 3.11 wraps every read in a new task: each frame
costs at least two turns of the event loop at each step, even when it is already
waiting. While a call process's loop is busy (ten calls on two shared cores: turns of
~25 ms) that caps reading below real time, so the track's queue grew to seconds of
audio and everything the worker heard — the rep's turns, their barge-ins — came that
late, catching up only when the loop went idle (``bench/voice_calls.py``: "worker hears
the reps behind their media clock").

:class:`CallTransport` reads with ``asyncio.timeout`` instead (no task): a frame that is
already queued is taken at once, so a backlog drains in one turn of the loop whatever
its size. Everything else is pipecat's. (Private names of pipecat 1.14, which is pinned.)

Before that, aiortc decodes each Opus packet in a thread of its own per call (its
receiver's ``decoder_worker``): every 20 ms packet goes to that thread through a
``queue.Queue`` and comes back as a task made with ``run_coroutine_threadsafe``. With
five calls a process, five decoder threads and the event loop took turns at the GIL for
every packet, and the decoders fell behind real time while the CPU stood half idle
(``bench/voice_calls.py``: the worker heard the reps 25 s late at 18 % CPU).
:func:`decode_inline` has each receiver decode a packet on the event loop as it arrives
(~0.1 ms of libopus): the same decoder, the same frames, no thread hop.
(Private names of aiortc 1.16, which is pinned.)
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator
from typing import Any

import av
import numpy as np
from aiortc import RTCPeerConnection, RTCRtpReceiver
from aiortc.codecs import get_decoder
from aiortc.jitterbuffer import JitterFrame
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcrtpparameters import RTCRtpCodecParameters
from av import AudioResampler
from av.audio.frame import AudioFrame
from pipecat.frames.frames import InputAudioRawFrame
from pipecat.transports.base_input import AUDIO_INPUT_TIMEOUT_SECS
from pipecat.transports.smallwebrtc.connection import SmallWebRTCTrack
from pipecat.transports.smallwebrtc.transport import (
    SmallWebRTCClient,
    SmallWebRTCInputTransport,
    SmallWebRTCTransport,
)

logger = logging.getLogger(__name__)

TRACK_TIMEOUT_SECS = 2.0  # as pipecat: no frame this long is worth a warning
_QUEUE = "_RTCRtpReceiver__decoder_queue"  # aiortc 1.16: the decoder thread's input
_THREAD = "_RTCRtpReceiver__decoder_thread"
_ERROR = "_RTCRtpReceiver__decoder_error"


class InlineDecoder:
    """Takes the place of an audio receiver's decoder queue: what aiortc puts in it (a
    codec and an encoded frame) is decoded at once, on the event loop, and the frames go
    straight to the receiver's track, in arrival order — what ``decoder_worker`` does,
    without its thread. aiortc still starts that thread; it waits in :meth:`get` until
    the receiver stops, then ends the track as aiortc's own does."""

    def __init__(self, receiver: RTCRtpReceiver) -> None:
        self._receiver = receiver
        self._error: threading.Event = getattr(receiver, _ERROR)
        self._codec: str | None = None
        self._decoder: Any = None
        self._stopped = threading.Event()
        self.decoded = 0  # frames handed to the track

    def put(self, task: tuple[RTCRtpCodecParameters, JitterFrame] | None) -> None:
        if task is None:  # the receiver is stopping
            self._stopped.set()
            return
        codec, encoded = task
        if codec.name != self._codec:
            self._decoder, self._codec = get_decoder(codec), codec.name
        try:
            frames = self._decoder.decode(encoded)
        except av.FFmpegError as exc:  # as aiortc: keep the decoder's state, note it
            logger.warning("could not decode a packet of the rep's audio: %s", exc)
            self._error.set()
            return
        track: Any = self._receiver.track  # aiortc's RemoteStreamTrack: a queue of frames
        for frame in frames:
            track._queue.put_nowait(frame)
            self.decoded += 1

    def get(self) -> None:
        """aiortc's decoder thread asks here: nothing until the receiver stops."""
        self._stopped.wait()


def decode_inline(pc: RTCPeerConnection) -> None:
    """Each audio receiver of ``pc`` not yet receiving decodes on the event loop
    (:class:`InlineDecoder`). One already receiving keeps its thread (it has it), so a
    renegotiated call's receivers are left as they are."""
    for transceiver in pc.getTransceivers():
        receiver = transceiver.receiver
        if transceiver.kind != "audio" or getattr(receiver, _THREAD, None) is not None:
            continue
        if not isinstance(getattr(receiver, _QUEUE, None), InlineDecoder):
            setattr(receiver, _QUEUE, InlineDecoder(receiver))


async def read_audio(client: SmallWebRTCClient) -> AsyncIterator[InputAudioRawFrame]:
    """The rep's audio as pipecat's input frames (its ``read_audio_frame``, without a
    task per frame): resampled to the pipeline's rate and layout, stamped with the
    track's timestamps. A dead track is let go, as pipecat does, until a renegotiation
    brings a new one."""
    resampler: AudioResampler | None = client._audio_in_resampler
    assert resampler is not None  # built in setup(), before reading starts
    while True:
        track: SmallWebRTCTrack | None = client._audio_input_track
        if track is None:
            await asyncio.sleep(0.01)
            continue
        frame = None
        try:
            async with asyncio.timeout(TRACK_TIMEOUT_SECS):
                frame = await track.recv()
        except TimeoutError:
            if client._webrtc_connection.is_connected() and track.is_enabled():
                logger.warning("no audio from the rep for %.0f s", TRACK_TIMEOUT_SECS)
        except MediaStreamError:
            logger.warning("the rep's audio track ended; waiting for a new one")
            client._audio_input_track = None
        if not isinstance(frame, AudioFrame):
            await asyncio.sleep(0.01)
            continue
        same = (
            frame.sample_rate == client._in_sample_rate
            and frame.layout.name == client._audio_in_layout
        )
        for part in [frame] if same else resampler.resample(frame):
            audio = InputAudioRawFrame(
                audio=part.to_ndarray().astype(np.int16).tobytes(),
                sample_rate=client._in_sample_rate,
                num_channels=client._audio_in_channels,
            )
            audio.pts = frame.pts
            yield audio


class CallInput(SmallWebRTCInputTransport):
    """pipecat's WebRTC input, reading the rep's audio with :func:`read_audio` and
    passing it on from its queue without a task per frame."""

    async def _receive_audio(self) -> None:
        try:
            async for frame in read_audio(self._client):
                await self.push_audio_frame(frame)
        except Exception as exc:  # as pipecat: the call goes on without the rep's audio
            logger.error("%s: reading the rep's audio failed: %r", self, exc)

    async def _audio_task_handler(self) -> None:
        queue = self._audio_in_queue
        while True:
            try:
                async with asyncio.timeout(AUDIO_INPUT_TIMEOUT_SECS):
                    frame = await queue.get()
            except TimeoutError:
                continue  # pipecat does nothing more on a quiet line either
            try:
                if self._params.audio_in_filter:
                    frame.audio = await self._params.audio_in_filter.filter(frame.audio)
                if frame.audio and self._params.audio_in_passthrough:
                    await self.push_frame(frame)
            finally:
                queue.task_done()


class CallTransport(SmallWebRTCTransport):
    """pipecat's SmallWebRTC transport with :class:`CallInput` as its input."""

    def input(self) -> SmallWebRTCInputTransport:
        if not self._input:
            self._input = CallInput(self._client, self._params, name=self._input_name)
        return self._input

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
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import numpy as np
from aiortc.mediastreams import MediaStreamError
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

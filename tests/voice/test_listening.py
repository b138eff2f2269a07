"""The rep's audio reaches the pipeline as fast as the event loop can take it
(``voice_worker.listening``): audio that queued up while the loop was busy is taken in a
turn or two of the loop, not one turn (or more) per 20 ms frame, which on a busy call
process kept the worker hearing the rep seconds late. Loop turns are counted, not timed."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from av import AudioResampler
from av.audio.frame import AudioFrame
from pipecat.frames.frames import Frame, InputAudioRawFrame
from pipecat.transports.base_transport import TransportParams
from pipecat.transports.smallwebrtc.transport import SmallWebRTCClient

from voice_worker.listening import CallInput, read_audio

BACKLOG = 100  # 2 s of the rep's audio, queued while the loop was busy
RATE = 48_000
FRAME = 960  # 20 ms at 48 kHz, as a WebRTC peer's Opus decodes it


class Track:
    """The rep's track as aiortc's ``RemoteStreamTrack`` keeps it: a queue of decoded
    frames."""

    kind = "audio"

    def __init__(self) -> None:
        self.queue: asyncio.Queue[AudioFrame] = asyncio.Queue()

    async def recv(self) -> AudioFrame:
        return await self.queue.get()

    def is_enabled(self) -> bool:
        return True


class Connection:
    def is_connected(self) -> bool:
        return True


class Client:
    """What the reader uses of pipecat's ``SmallWebRTCClient`` after its setup."""

    def __init__(self, track: Track) -> None:
        self._audio_input_track = track
        self._webrtc_connection = Connection()
        self._in_sample_rate = 16_000
        self._audio_in_channels = 1
        self._audio_in_layout = "mono"
        self._audio_in_resampler = AudioResampler("s16", "mono", 16_000)


def speech(n: int) -> AudioFrame:
    """The n-th 20 ms of a tone, stereo at 48 kHz, stamped on the media clock."""
    t = (np.arange(FRAME) + n * FRAME) / RATE
    mono = (np.sin(2 * np.pi * 300 * t) * 8000).astype(np.int16)
    stereo = np.repeat(mono, 2).reshape(1, -1)
    frame = AudioFrame.from_ndarray(stereo, format="s16", layout="stereo")
    frame.sample_rate, frame.pts, frame.time_base = RATE, n * FRAME, Fraction(1, RATE)
    return frame


class LoopTurns:
    """Counts the event loop's turns: a callback that runs once per turn."""

    def __init__(self) -> None:
        self.turns = 0
        self._handle: asyncio.Handle | None = None

    def _tick(self) -> None:
        self.turns += 1
        self._handle = asyncio.get_running_loop().call_soon(self._tick)

    def __enter__(self) -> LoopTurns:
        self._handle = asyncio.get_running_loop().call_soon(self._tick)
        return self

    def __exit__(self, *_: object) -> None:
        if self._handle is not None:
            self._handle.cancel()


async def turns_to_read(reader: Callable[[Any], AsyncIterator[InputAudioRawFrame]]) -> int:
    """Loop turns until ``reader`` has handed on a backlog of BACKLOG frames."""
    track = Track()
    for n in range(BACKLOG):
        track.queue.put_nowait(speech(n))
    frames = reader(Client(track))
    with LoopTurns() as loop:
        for _ in range(BACKLOG):
            frame = await anext(frames)
            assert isinstance(frame, InputAudioRawFrame)
        return loop.turns


async def test_a_backlog_is_read_at_once() -> None:
    assert await turns_to_read(read_audio) < 5


async def test_pipecat_reads_a_turn_or_more_per_frame() -> None:
    """Why :func:`read_audio` exists: pipecat 1.14's reader (``asyncio.wait_for`` per
    frame). When this fails, pipecat reads a backlog at once and ours can go."""
    assert await turns_to_read(SmallWebRTCClient.read_audio_frame) >= BACKLOG


async def test_frames_keep_their_audio_and_order() -> None:
    track = Track()
    for n in range(10):
        track.queue.put_nowait(speech(n))
    frames = read_audio(Client(track))  # type: ignore[arg-type]
    got = [await anext(frames) for _ in range(10)]
    assert [f.sample_rate for f in got] == [16_000] * 10
    assert [f.num_channels for f in got] == [1] * 10
    assert [f.pts for f in got] == [n * FRAME for n in range(10)]
    audio = np.frombuffer(b"".join(f.audio for f in got), dtype=np.int16)
    assert len(audio) > 16_000 * 0.15  # ~200 ms of it (the resampler holds back a little)
    assert np.sqrt(np.mean(audio.astype(np.float64) ** 2)) > 3000  # the tone, not silence


async def test_a_dead_track_is_let_go() -> None:
    from aiortc.mediastreams import MediaStreamError

    class Dead(Track):
        async def recv(self) -> AudioFrame:
            raise MediaStreamError

    client: Any = Client(Dead())
    reading = asyncio.ensure_future(anext(read_audio(client)))
    await asyncio.sleep(0.05)
    assert client._audio_input_track is None  # waiting for a renegotiated track
    assert not reading.done()
    reading.cancel()


@pytest.fixture
def call_input() -> CallInput:
    params = TransportParams(audio_in_enabled=True, audio_in_passthrough=True)
    return CallInput(Client(Track()), params)  # type: ignore[arg-type]


async def test_the_input_passes_a_backlog_on_at_once(call_input: CallInput) -> None:
    passed: list[Frame] = []
    all_passed = asyncio.Event()

    async def push_frame(frame: Frame, *_: Any) -> None:
        passed.append(frame)
        if len(passed) == BACKLOG:
            all_passed.set()

    call_input.push_frame = push_frame  # type: ignore[method-assign, assignment]
    call_input._audio_in_queue = asyncio.Queue()
    for _ in range(BACKLOG):
        call_input._audio_in_queue.put_nowait(
            InputAudioRawFrame(audio=bytes(640), sample_rate=16_000, num_channels=1)
        )
    with LoopTurns() as loop:
        handler = asyncio.ensure_future(call_input._audio_task_handler())
        await all_passed.wait()
        turns = loop.turns
    handler.cancel()
    assert turns < 5
    assert call_input._audio_in_queue.empty()

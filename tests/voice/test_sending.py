"""The bot's audio, encoded on the event loop (``OpusTrack``), is what aiortc would have
sent: the same Opus packets, 20 ms each on a 48 kHz clock, in order; the sound comes
back, then pipecat's silence."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest
from aiortc.codecs.opus import OpusDecoder, OpusEncoder
from aiortc.jitterbuffer import JitterFrame
from pipecat.transports.smallwebrtc.transport import RawAudioTrack

from voice_worker.sending import OpusTrack

RATE = 24_000


def tone(seconds: float, hz: float = 440.0, level: float = 8000.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return np.asarray(np.sin(2 * np.pi * hz * t) * level, dtype=np.int16)


@pytest.mark.asyncio
async def test_packets_decode_to_the_queued_audio_then_silence() -> None:
    sound = tone(0.2).tobytes()
    source, reference = RawAudioTrack(RATE), RawAudioTrack(RATE)
    played = source.add_audio_bytes(sound)
    reference.add_audio_bytes(sound)
    track, aiortc_encoder = OpusTrack(source), OpusEncoder()
    expected: list[bytes] = []
    while len(expected) < 20:  # as aiortc's sender encodes a track's frames
        payloads, _ = aiortc_encoder.encode(await reference.recv())
        expected += payloads
    decoder = OpusDecoder()
    packets, levels = [], []
    for _ in range(20):  # 0.4 s: the tone, then pipecat's silence
        packet = await track.recv()
        packets.append(packet)
        (frame,) = decoder.decode(JitterFrame(bytes(packet), packet.pts or 0))
        pcm = frame.to_ndarray().astype(np.float64)
        levels.append(float(np.sqrt(np.mean(pcm**2))))

    assert [bytes(p) for p in packets] == expected
    assert [p.pts for p in packets] == [960 * i for i in range(20)]  # 20 ms each, no gap
    assert played.done()  # pipecat learns its audio was sent, as without the wrapper
    assert min(levels[2:9]) > 2000  # the tone is heard
    assert max(levels[13:]) < 50  # then silence


@pytest.mark.asyncio
async def test_stopping_the_track_stops_pipecats() -> None:
    source = RawAudioTrack(RATE)
    track = OpusTrack(source)
    await asyncio.wait_for(track.recv(), 5)
    track.stop()
    assert source.readyState == "ended"


@pytest.mark.asyncio
async def test_a_packets_second_half_is_taken_when_queued_not_on_the_next_tick(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pipecat.transports.smallwebrtc.transport as transport

    waits: list[float] = []

    async def sleep(seconds: float) -> None:  # pipecat's track keeps time with these
        waits.append(seconds)

    monkeypatch.setattr(transport.time, "time", lambda: 1000.0)  # its clock stands still
    monkeypatch.setattr(transport.asyncio, "sleep", sleep)
    source = RawAudioTrack(RATE)
    source.add_audio_bytes(tone(0.2).tobytes())
    track = OpusTrack(source)
    source._start = 1000.0

    await track.recv()  # the first packet of the tone: its frames were already queued
    assert waits == []
    await track.recv()  # the next keeps to pipecat's clock: one tick, not one per half
    assert len(waits) == 1

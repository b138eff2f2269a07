"""The bot's audio, encoded on the event loop (``OpusTrack``): Opus packets of 20 ms on a
48 kHz clock, in order, that a receiver's decoder plays as the queued sound, then
pipecat's silence, then the next sound."""

from __future__ import annotations

import asyncio
from typing import Any

import numpy as np
import pytest
from aiortc.codecs.opus import OpusDecoder
from aiortc.jitterbuffer import JitterFrame
from pipecat.transports.smallwebrtc.transport import RawAudioTrack

from voice_worker.sending import OpusTrack

RATE = 24_000


def tone(seconds: float, hz: float = 440.0, level: float = 8000.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return np.asarray(np.sin(2 * np.pi * hz * t) * level, dtype=np.int16)


def levels_of(packets: list[Any]) -> list[float]:
    """Each packet's loudness (RMS) as a receiver's Opus decoder (aiortc's) plays it."""
    decoder, levels = OpusDecoder(), []
    for packet in packets:
        (frame,) = decoder.decode(JitterFrame(bytes(packet), packet.pts or 0))
        pcm = frame.to_ndarray().astype(np.float64)
        levels.append(float(np.sqrt(np.mean(pcm**2))))
    return levels


@pytest.mark.asyncio
async def test_packets_decode_to_the_queued_audio_then_silence() -> None:
    sound = tone(0.2).tobytes()
    source = RawAudioTrack(RATE)
    played = source.add_audio_bytes(sound)
    track = OpusTrack(source)
    packets = [await track.recv() for _ in range(20)]  # 0.4 s: the tone, then silence
    levels = levels_of(packets)

    assert [p.pts for p in packets] == [960 * i for i in range(20)]  # 20 ms each, no gap
    assert played.done()  # pipecat learns its audio was sent, as without the wrapper
    assert min(levels[2:9]) > 2000  # the tone is heard
    assert max(levels[13:]) < 50  # then silence


@pytest.mark.asyncio
async def test_sound_after_a_long_silence_is_heard_whole() -> None:
    """Between replies the track sends ready-made silence; the next reply is encoded
    afresh and plays as loud as the first, with the clock running on without a gap."""
    source = RawAudioTrack(RATE)
    track = OpusTrack(source)
    source.add_audio_bytes(tone(0.2).tobytes())
    first = [await track.recv() for _ in range(60)]  # the tone, then 1 s of silence
    source.add_audio_bytes(tone(0.2, hz=300).tobytes())
    second = [await track.recv() for _ in range(20)]
    levels = levels_of(first + second)

    assert [p.pts for p in first + second] == [960 * i for i in range(80)]
    assert max(levels[20:60]) < 50  # quiet between the replies
    assert {bytes(p) for p in first[30:60]} == {bytes(first[30])}  # one packet, resent
    assert min(levels[62:69]) > 2000  # the second reply is heard
    assert abs(np.median(levels[62:69]) - np.median(levels[2:9])) < 1500  # as loud


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

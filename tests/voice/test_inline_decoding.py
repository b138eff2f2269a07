"""The rep's Opus packets are decoded on the event loop as they arrive
(``voice_worker.listening.decode_inline``), not in a thread per call: the frames the
pipeline gets are the very frames aiortc's own decoder thread makes, in order, and the
track still ends when the receiver stops."""

from __future__ import annotations

import asyncio
import queue
import threading
from fractions import Fraction
from typing import Any

import av
import numpy as np
import pytest
from aiortc import RTCPeerConnection, RTCRtpReceiver
from aiortc.codecs import get_capabilities
from aiortc.codecs.opus import OpusEncoder
from aiortc.jitterbuffer import JitterFrame
from aiortc.mediastreams import MediaStreamError
from aiortc.rtcrtpreceiver import decoder_worker

from tests.support.voice_peer import Peer
from tests.voice.conftest import RunningWorker
from voice_worker.listening import _QUEUE, InlineDecoder, decode_inline

RATE, FRAME = 48_000, 960


def opus_packets(n: int) -> list[bytes]:
    """A rising tone, 20 ms a packet, as a rep's phone would send it."""
    encoder, packets = OpusEncoder(), []
    for i in range(n + 3):
        t = (np.arange(FRAME) + i * FRAME) / RATE
        pcm = (np.sin(2 * np.pi * (200 + 10 * i) * t) * 9000).astype(np.int16)
        frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = RATE, i * FRAME, Fraction(1, RATE)
        packets += encoder.encode(frame)[0]
    return packets[:n]


def opus_codec() -> Any:
    return next(c for c in get_capabilities("audio").codecs if c.name == "opus")


async def audio_receiver(pc: RTCPeerConnection) -> RTCRtpReceiver:
    """``pc``'s audio receiver, as the worker's is once it has read a rep's offer."""
    phone = RTCPeerConnection()
    phone.addTransceiver("audio")
    await phone.setLocalDescription(await phone.createOffer())
    await pc.setRemoteDescription(phone.localDescription)
    await phone.close()
    (transceiver,) = pc.getTransceivers()
    return transceiver.receiver


async def aiortc_frames(packets: list[bytes]) -> list[av.AudioFrame]:
    """What aiortc's decoder thread makes of the packets."""
    loop = asyncio.get_running_loop()
    inbox: queue.Queue[Any] = queue.Queue()
    out: asyncio.Queue[Any] = asyncio.Queue()
    thread = threading.Thread(
        target=decoder_worker, args=(loop, inbox, out, threading.Event()), daemon=True
    )
    thread.start()
    for n, data in enumerate(packets):
        inbox.put((opus_codec(), JitterFrame(data=data, timestamp=n * FRAME)))
    inbox.put(None)
    frames = []
    while (frame := await out.get()) is not None:
        frames.append(frame)
    return frames


async def test_packets_decode_to_the_same_frames_as_aiortcs_thread() -> None:
    packets = opus_packets(50)
    pc = RTCPeerConnection()
    try:
        receiver = await audio_receiver(pc)
        decode_inline(pc)
        decoder = getattr(receiver, _QUEUE)
        assert isinstance(decoder, InlineDecoder)
        for n, data in enumerate(packets):
            decoder.put((opus_codec(), JitterFrame(data=data, timestamp=n * FRAME)))
        track: Any = receiver.track
        ours = [track._queue.get_nowait() for _ in range(track._queue.qsize())]
    finally:
        await pc.close()
    theirs = await aiortc_frames(packets)
    assert len(ours) == len(theirs) == 50
    assert [f.pts for f in ours] == [f.pts for f in theirs] == [n * FRAME for n in range(50)]
    for a, b in zip(ours, theirs, strict=True):
        assert (a.sample_rate, a.layout.name, a.format.name) == (
            b.sample_rate,
            b.layout.name,
            b.format.name,
        )
        assert np.array_equal(a.to_ndarray(), b.to_ndarray())
    loud = np.sqrt(np.mean(np.concatenate([f.to_ndarray() for f in ours[5:]]) ** 2.0))
    assert loud > 3000  # the tone, not silence


async def test_a_packet_that_cannot_be_decoded_is_noted_and_the_next_one_heard() -> None:
    pc = RTCPeerConnection()
    try:
        receiver = await audio_receiver(pc)
        decode_inline(pc)
        decoder = getattr(receiver, _QUEUE)
        good = opus_packets(2)
        decoder.put((opus_codec(), JitterFrame(data=b"\xff" * 3, timestamp=0)))
        decoder.put((opus_codec(), JitterFrame(data=good[1], timestamp=FRAME)))
        track: Any = receiver.track
        assert receiver._RTCRtpReceiver__decoder_error.is_set()
        assert track._queue.qsize() == 1
    finally:
        await pc.close()


async def test_the_track_ends_when_the_receiver_stops() -> None:
    pc = RTCPeerConnection()
    receiver = await audio_receiver(pc)
    decode_inline(pc)
    decoder = getattr(receiver, _QUEUE)
    thread = threading.Thread(
        target=decoder_worker,
        args=(
            asyncio.get_running_loop(),
            decoder,
            receiver.track._queue,
            threading.Event(),
        ),
        daemon=True,
    )
    thread.start()  # as aiortc's receive() starts it, with our decoder as its queue
    decoder.put((opus_codec(), JitterFrame(data=opus_packets(1)[0], timestamp=0)))
    decoder.put(None)  # what aiortc's receiver does when it stops
    await asyncio.to_thread(thread.join, 5)
    assert not thread.is_alive()
    assert isinstance(await receiver.track.recv(), av.AudioFrame)  # the frame before
    with pytest.raises(MediaStreamError):
        await asyncio.wait_for(receiver.track.recv(), 5)
    await pc.close()


async def test_each_call_decodes_the_reps_audio_on_the_event_loop(
    voice_worker: RunningWorker, demo_token: str
) -> None:
    peer = Peer(voice_worker.base_url, demo_token)
    try:
        await peer.connect()
        (connection,) = voice_worker.app.state.worker.connections.values()
        (receiver,) = [t.receiver for t in connection.pc.getTransceivers() if t.kind == "audio"]
        decoder = getattr(receiver, _QUEUE)
        assert isinstance(decoder, InlineDecoder)
        for _ in range(500):  # the rep's microphone sends 50 packets a second
            if decoder.decoded >= 10:
                break
            await asyncio.sleep(0.01)
        assert decoder.decoded >= 10
    finally:
        await peer.close()

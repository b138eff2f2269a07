"""What keeps a call quick (issue 8): the rep's audio is heard as it arrives, not four
packets behind; a rep cutting in while Hard-E speaks is heard sooner than one starting a
turn; the silence before Hard-E's first word is not sent; a fresh worker has loaded
everything a rep's first call would otherwise load. (How quick is measured by
bench/voice_latency.py, not here.)"""

from __future__ import annotations

import numpy as np
import pytest
import soxr
from aiortc import RTCPeerConnection
from aiortc.rtp import RtpPacket
from pipecat.audio.vad.vad_analyzer import VADParams, VADState
from pipecat.frames.frames import TTSAudioRawFrame, TTSStartedFrame, TTSStoppedFrame
from pipecat.tests.utils import run_test

from hard_e.bootstrap import Services
from tests.support.voice_peer import RATE, Peer, synthesise
from tests.voice.conftest import RunningWorker, serve_worker
from voice_worker.hearing import transcriber
from voice_worker.models import CallVAD, turn_models
from voice_worker.network import _BUFFER, ArrivalOrderBuffer, hold_less_audio
from voice_worker.settings import VoiceSettings
from voice_worker.speaking import SkipLeadingSilence, piper_voice

pytestmark = pytest.mark.slow

WINDOW = 512 * 2  # one Silero window of 16 kHz int16


def released_after(pc: RTCPeerConnection) -> int:
    """How many later packets arrive before the audio receiver lets the first one go."""
    (receiver,) = [t.receiver for t in pc.getTransceivers() if t.kind == "audio"]
    buffer = getattr(receiver, _BUFFER)
    for seq in range(16):
        packet = RtpPacket(payload_type=111, sequence_number=seq, timestamp=seq * 960)
        packet._data = b"opus"  # type: ignore[attr-defined]  # what depayloading sets
        _, frame = buffer.add(packet)
        if frame is not None:
            assert frame.timestamp == 0
            return seq
    raise AssertionError("the first packet was never released")


async def test_the_worker_hears_each_packet_of_the_rep_as_it_arrives() -> None:
    stock, one, ours = RTCPeerConnection(), RTCPeerConnection(), RTCPeerConnection()
    try:
        for pc in (stock, one, ours):
            pc.addTransceiver("audio")
        hold_less_audio(one, 1)
        hold_less_audio(ours, 0)
        assert released_after(stock) == 4  # aiortc's own: 80 ms of Opus held back
        assert released_after(one) == 1  # its least: a packet, till the next one comes
        assert released_after(ours) == 0
    finally:
        for pc in (stock, one, ours):
            await pc.close()


def test_a_packet_of_the_rep_arriving_late_is_dropped_not_heard_out_of_order() -> None:
    buffer = ArrivalOrderBuffer(16)
    heard = []
    for seq in (65534, 65535, 1, 0, 2):  # 0 overtaken by 1, across the wrap
        packet = RtpPacket(payload_type=111, sequence_number=seq, timestamp=seq * 960)
        packet._data = b"opus%d" % seq  # type: ignore[attr-defined]
        _, frame = buffer.add(packet)
        if frame is not None:
            heard.append(frame.data)
    assert heard == [b"opus65534", b"opus65535", b"opus1", b"opus2"]


async def test_each_call_of_the_worker_gets_the_short_receive_buffer(
    voice_worker: RunningWorker, demo_token: str, voice_settings: VoiceSettings
) -> None:
    peer = Peer(voice_worker.base_url, demo_token)
    try:
        await peer.connect()
        (connection,) = voice_worker.app.state.worker.connections.values()
        buffers = [
            getattr(t.receiver, _BUFFER)
            for t in connection.pc.getTransceivers()
            if t.kind == "audio"
        ]
        assert buffers and all(
            b._prefetch == voice_settings.receive_prefetch_packets for b in buffers
        )
    finally:
        await peer.close()


def speech_16k(text: str) -> bytes:
    pcm = synthesise(text).astype(np.float32) / 32768.0
    out = soxr.resample(pcm, RATE, 16_000)
    return np.asarray(np.clip(out * 32767, -32768, 32767), dtype=np.int16).tobytes()


async def windows_until_speaking(vad: CallVAD, audio: bytes) -> int:
    for n, at in enumerate(range(0, len(audio) - WINDOW, WINDOW), start=1):
        if await vad.analyze_audio(audio[at : at + WINDOW]) == VADState.SPEAKING:
            return n
    raise AssertionError("the VAD never heard speech")


async def test_a_rep_cutting_in_on_hard_e_is_heard_sooner_than_one_starting_a_turn() -> None:
    params = VADParams(confidence=0.7, start_secs=0.2, stop_secs=0.2)
    quiet_line = bytes(WINDOW * 20)  # a rep who has said nothing for a while
    audio = quiet_line + speech_16k("Hold on a second, stop.")
    heard: dict[bool, int] = {}
    for bot_speaking in (False, True):
        vad = CallVAD(turn_models(), sample_rate=16_000, params=params, barge_in_start_secs=0.064)
        vad.set_sample_rate(16_000)
        vad.bot_speaking = bot_speaking
        heard[bot_speaking] = await windows_until_speaking(vad, audio)
    assert heard[True] < heard[False]  # fewer 32 ms windows of speech before the cut-in

    vad = CallVAD(turn_models(), sample_rate=16_000, params=params, barge_in_start_secs=0.064)
    vad.set_sample_rate(16_000)
    vad.bot_speaking = True
    vad.bot_speaking = False  # Hard-E finished: a new turn needs the full start window
    assert await windows_until_speaking(vad, audio) == heard[False]


async def test_a_fresh_worker_has_loaded_its_fallback_engines_and_the_brain(
    services: Services, voice_settings: VoiceSettings
) -> None:
    transcriber.cache_clear()
    piper_voice.cache_clear()
    services.__dict__.pop("chat", None)  # the chat service is built on first use
    vendors = VoiceSettings.model_validate(
        {
            "port": 0,
            "host_addresses": ["127.0.0.1"],
            "DEEPGRAM_API_KEY": "dg-test",
            "CARTESIA_API_KEY": "ca-test",
            "processes": 0,  # this process is the one that warms up
        }
    )
    async with serve_worker(vendors):
        assert transcriber.cache_info().currsize == 1  # Deepgram's stand-in, ready
        assert piper_voice.cache_info().currsize == 1  # Cartesia's stand-in, ready
        assert "chat" in services.__dict__  # Claude's client imported before any call


async def test_the_silence_before_hard_es_first_word_is_not_sent() -> None:
    word = (np.cos(np.arange(2400) / 5) * 8000).astype(np.int16).tobytes()
    silence = bytes(2400 * 2)  # 100 ms at 24 kHz
    frames = [
        TTSStartedFrame(context_id="c"),
        TTSAudioRawFrame(silence, 24_000, 1, context_id="c"),  # all silence: dropped
        TTSAudioRawFrame(silence[:1000] + word, 24_000, 1, context_id="c"),  # trimmed
        TTSAudioRawFrame(silence, 24_000, 1, context_id="c"),  # a pause: kept
        TTSAudioRawFrame(word, 24_000, 1, context_id="c"),
        TTSStoppedFrame(context_id="c"),
    ]
    down, _ = await run_test(SkipLeadingSilence(), frames_to_send=frames)
    audio = [f.audio for f in down if isinstance(f, TTSAudioRawFrame)]
    assert audio == [word, silence, word]

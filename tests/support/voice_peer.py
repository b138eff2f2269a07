"""A rep's phone for tests and benchmarks: an aiortc peer that speaks synthesised audio
to the voice worker over real WebRTC on loopback, records what comes back, and reads
the RTVI messages (captions, speaking state) on the data channel."""

from __future__ import annotations

import asyncio
import bisect
import json
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import av
import httpx
import numpy as np
import soxr
from aiortc import (
    MediaStreamTrack,
    RTCConfiguration,
    RTCPeerConnection,
    RTCSessionDescription,
)
from aiortc.mediastreams import MediaStreamError

RATE = 48_000
FRAME = 960  # 20 ms at 48 kHz
SPEAKING_RMS = 300.0  # int16 RMS above which a received frame counts as speech


def spoken(text: str, rate: int) -> np.ndarray:
    """The offline Piper voice saying ``text``, as float32 in [-1, 1] at ``rate`` Hz.

    The same every time: Piper's generator and phoneme-length noise are off, so a test
    hears the same sentence on every run (with them on, about one run in twelve was
    misheard and the test failed at random)."""
    from piper.config import SynthesisConfig

    from voice_worker.speaking import piper_voice

    voice = piper_voice()
    same_every_time = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
    pcm = b"".join(c.audio_int16_bytes for c in voice.synthesize(text, syn_config=same_every_time))
    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
    return np.asarray(soxr.resample(samples, voice.config.sample_rate, rate), dtype=np.float32)


def synthesise(text: str) -> np.ndarray:
    """The offline Piper voice saying ``text`` (the same every time), int16 mono at 48 kHz."""
    out = spoken(text, RATE)
    return np.asarray(np.clip(out * 32768.0, -32768, 32767), dtype=np.int16)


def with_noise(speech: np.ndarray, snr_db: float, seed: int = 1) -> np.ndarray:
    """``speech`` with white noise at ``snr_db`` below it."""
    rng = np.random.default_rng(seed)
    x = speech.astype(np.float64)
    power = float(np.mean(x**2)) or 1.0
    noise = rng.normal(0.0, np.sqrt(power / 10 ** (snr_db / 10)), size=x.shape)
    return np.asarray(np.clip(x + noise, -32768, 32767), dtype=np.int16)


class Microphone(MediaStreamTrack):
    """Silence, or whatever was queued with :meth:`say`, paced in real time."""

    kind = "audio"

    def __init__(self) -> None:
        super().__init__()
        self._pending = np.zeros(0, dtype=np.int16)
        self._sent = 0
        self._start: float | None = None
        self.speech_started_at: float | None = None
        self.speech_ended_at: float | None = None
        self._finish_at_sample: int | None = None

    def say(self, pcm: np.ndarray) -> None:
        self._pending = np.concatenate([self._pending, pcm.astype(np.int16)])
        self.speech_started_at = None
        self.speech_ended_at = None
        self._finish_at_sample = None

    @property
    def speaking(self) -> bool:
        return len(self._pending) > 0

    async def recv(self) -> av.AudioFrame:
        if self._start is None:
            self._start = time.monotonic()
        due = self._start + self._sent / RATE
        wait = due - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        chunk = self._pending[:FRAME]
        self._pending = self._pending[FRAME:]
        if len(chunk) and self.speech_started_at is None:
            self.speech_started_at = time.monotonic()
        if len(chunk) and not len(self._pending):
            self.speech_ended_at = time.monotonic() + len(chunk) / RATE
        if len(chunk) < FRAME:
            chunk = np.concatenate([chunk, np.zeros(FRAME - len(chunk), dtype=np.int16)])
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate = RATE
        frame.pts = self._sent
        frame.time_base = Fraction(1, RATE)
        self._sent += FRAME
        return frame


@dataclass
class Heard:
    """Frames that came back: (arrival time, RMS)."""

    frames: list[tuple[float, float]] = field(default_factory=list)
    pcm: list[np.ndarray] = field(default_factory=list)

    def _after(self, since: float) -> list[tuple[float, float]]:
        """The frames received at or after ``since`` (arrival order is time order, so
        a poll every 20 ms does not rescan the whole call)."""
        return self.frames[bisect.bisect_left(self.frames, (since, -1.0)) :]

    def speech_since(self, since: float) -> float:
        """Seconds of bot speech received after ``since``."""
        return sum(0.02 for _, rms in self._after(since) if rms > SPEAKING_RMS)

    def first_speech_after(self, since: float) -> float | None:
        return next((t for t, rms in self._after(since) if rms > SPEAKING_RMS), None)

    def last_speech(self) -> float | None:
        return next((t for t, rms in reversed(self.frames) if rms > SPEAKING_RMS), None)


class Peer:
    """One rep on one call."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base_url = base_url
        self.token = token
        self.pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
        self.mic = Microphone()
        self.heard = Heard()
        self.messages: list[tuple[float, dict[str, Any]]] = []
        self.pc_id: str | None = None
        self._reader: asyncio.Task[None] | None = None
        self._channel = self.pc.createDataChannel("rtvi")
        self._channel.on("open", self._ready)
        self._channel.on("message", self._message)
        self.pc.addTrack(self.mic)
        self.pc.on("track", self._track)

    async def connect(self) -> dict[str, Any]:
        """Offer, get the answer, and wait until the media path is up."""
        offer = await self.pc.createOffer()
        await self.pc.setLocalDescription(offer)
        async with httpx.AsyncClient(base_url=self.base_url, timeout=30) as http:
            response = await http.post(
                "/api/offer",
                json={"sdp": self.pc.localDescription.sdp, "type": "offer"},
                headers={"Authorization": f"Bearer {self.token}"},
            )
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        self.pc_id = answer["pc_id"]
        await self.pc.setRemoteDescription(RTCSessionDescription(answer["sdp"], answer["type"]))
        return answer

    def say(self, pcm: np.ndarray) -> None:
        self.mic.say(pcm)

    async def wait_for(
        self, kind: str, *, after: float = 0.0, within: float = 30.0, text: str | None = None
    ) -> tuple[float, dict[str, Any]]:
        """The first RTVI message of this type (containing ``text``) after ``after``."""
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            for at, msg in self.messages:
                matches = text is None or text.lower() in json.dumps(msg).lower()
                if at >= after and msg.get("type") == kind and matches:
                    return at, msg
            await asyncio.sleep(0.02)
        seen = [m.get("type") for _, m in self.messages]
        raise TimeoutError(f"no {kind} message within {within}s; saw {seen}")

    async def wait_until(self, check: Callable[[], bool], within: float = 30.0) -> None:
        deadline = time.monotonic() + within
        while not check():
            if time.monotonic() > deadline:
                raise TimeoutError("condition not met in time")
            await asyncio.sleep(0.02)

    def texts(self, kind: str, *, after: float = 0.0) -> list[str]:
        return [
            str(m.get("data", {}).get("text", ""))
            for at, m in self.messages
            if at >= after and m.get("type") == kind
        ]

    async def close(self) -> None:
        await self.pc.close()
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.gather(self._reader, return_exceptions=True)

    def _ready(self) -> None:
        self.send({"type": "client-ready", "data": {"version": "2.2.0", "about": {}}})

    def send(self, message: dict[str, Any]) -> None:
        body = {"label": "rtvi-ai", "id": uuid.uuid4().hex[:8], **message}
        self._channel.send(json.dumps(body))

    def _message(self, raw: Any) -> None:
        try:
            msg = json.loads(raw)
        except (TypeError, ValueError):
            return
        if isinstance(msg, dict):
            self.messages.append((time.monotonic(), msg))

    def _track(self, track: MediaStreamTrack) -> None:
        if track.kind == "audio":
            self._reader = asyncio.get_running_loop().create_task(self._read(track))

    async def _read(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            pcm = frame.to_ndarray().reshape(-1)
            if pcm.dtype != np.int16:
                pcm = (pcm * 32767).astype(np.int16)
            rms = float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2))) if len(pcm) else 0.0
            self.heard.frames.append((time.monotonic(), rms))

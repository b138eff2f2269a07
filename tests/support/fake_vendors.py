"""Local websocket servers that speak Deepgram's live-transcription and Cartesia's TTS
protocols, for the adapters' tests and the voice benchmarks (vendor latency modelled).

- ``FakeDeepgram``: ``/v1/listen``; takes binary linear16 audio, answers each
  ``{"type": "Finalize"}`` with a final ``Results`` message ``final_delay`` later
  (``from_finalize: true``), the transcript taken from ``transcripts`` in order. While
  it hears speech in the audio it sends interim results (``is_final: false``), as
  Deepgram's live API does with ``interim_results=true``: every ``interim_every``
  seconds of speech the words heard so far (a prefix of the transcript, at a speaking
  pace of ``SECONDS_PER_WORD``, never the last word), then, once ``interim_lag``
  seconds of silence follow the speech, all of them, still unpunctuated — the final
  adds the punctuation.
- ``FakeCartesia``: ``/tts/websocket``; for each ``{transcript, continue, context_id}``
  streams ``chunk`` messages of real speech (the offline Piper voice, at the requested
  sample rate) after ``first_audio_delay``, ``timestamps`` for the words, and ``done``
  once a context is closed (``continue: false``); ``{"cancel": true}`` stops a context.
- Either can be down: ``refuse_with=401`` (a bad key) or ``503`` answers every
  handshake; :meth:`drop` cuts the open sockets mid-call and refuses new ones, as
  ``drop_after_audio`` (Deepgram: bytes of audio) and ``drop_after`` (Cartesia:
  messages) do by themselves.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import json
import re
import uuid
from collections import deque
from dataclasses import dataclass
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit

import numpy as np
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed


class _FakeVendor:
    """One local websocket server on a free loopback port. Each handshake goes through
    ``_accept`` (401 without a key) unless the vendor is down (``refuse_with``, or after
    :meth:`drop`); each connection is served by ``_handle``."""

    path = ""  # what the client connects to after the host and port

    def __init__(self, *, refuse_with: int | None = None) -> None:
        self.refuse_with = refuse_with  # answer every handshake with this HTTP status
        self.refused = 0
        self._server: Server | None = None
        self._open: set[ServerConnection] = set()

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = next(iter(self._server.sockets)).getsockname()[:2]
        return f"ws://{host}:{port}{self.path}"

    async def __aenter__(self) -> Self:
        self._server = await serve(self._serve, "127.0.0.1", 0, process_request=self._check)
        return self

    async def __aexit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()

    async def drop(self) -> None:
        """The vendor goes away mid-call: open sockets are cut, new ones refused."""
        self.refuse_with = 503
        for ws in list(self._open):
            ws.transport.abort()  # no closing handshake: the line just goes dead

    def _check(self, connection: ServerConnection, request: Any) -> Any:
        if self.refuse_with is not None:
            self.refused += 1
            return connection.respond(self.refuse_with, "unavailable\n")
        return self._accept(connection, request)

    async def _serve(self, ws: ServerConnection) -> None:
        self._open.add(ws)
        try:
            await self._handle(ws)
        except ConnectionClosed:  # the client hung up (or we cut it) while we answered
            pass
        finally:
            self._open.discard(ws)

    def _accept(self, connection: ServerConnection, request: Any) -> Any:
        raise NotImplementedError

    async def _handle(self, ws: ServerConnection) -> None:
        raise NotImplementedError


SECONDS_PER_WORD = 0.35  # a rep's speaking pace, for how many words an interim has
SPEECH_RMS = 300.0  # int16 RMS above which a chunk of the rep's audio is speech


class FakeDeepgram(_FakeVendor):
    def __init__(
        self,
        *,
        final_delay: float = 0.1,
        interim_every: float | None = 0.5,
        interim_lag: float = 0.15,
        drop_after_audio: int | None = None,
        refuse_with: int | None = None,
    ) -> None:
        self.final_delay = final_delay
        self.interim_every = interim_every  # None: no interim results at all
        self.interim_lag = interim_lag
        self.interims: list[str] = []  # every interim transcript sent, in order
        self.drop_after_audio = drop_after_audio  # cut every socket after this many bytes
        self.transcripts: deque[str] = deque()
        self.connections: list[dict[str, Any]] = []  # path query + headers of each connect
        self.audio_bytes = 0
        self.finalizes = 0
        super().__init__(refuse_with=refuse_with)

    def _accept(self, connection: ServerConnection, request: Any) -> Any:
        parts = urlsplit(request.path)
        self.connections.append(
            {
                "path": parts.path,
                "query": parse_qs(parts.query),
                "authorization": request.headers.get("Authorization", ""),
            }
        )
        if not request.headers.get("Authorization", "").startswith("Token "):
            return connection.respond(401, "no key\n")
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        started = 0.0
        rate = int(parse_qs(urlsplit(ws.request.path).query).get("sample_rate", ["16000"])[0])
        heard = _Utterance()
        async for message in ws:
            if isinstance(message, bytes):
                self.audio_bytes += len(message)
                if self.drop_after_audio is not None and self.audio_bytes > self.drop_after_audio:
                    await self.drop()
                    return
                interim = self._interim(heard, message, rate)
                if interim:
                    self.interims.append(interim)
                    await ws.send(json.dumps(_results(interim, started, final=False)))
                continue
            kind = json.loads(message).get("type")
            if kind == "Finalize":
                self.finalizes += 1
                heard = _Utterance()
                await asyncio.sleep(self.final_delay)
                text = self.transcripts.popleft() if self.transcripts else ""
                await ws.send(json.dumps(_results(text, started)))
            elif kind == "CloseStream":
                await ws.close()
                return

    def _interim(self, heard: _Utterance, audio: bytes, rate: int) -> str:
        """The interim transcript this chunk of audio brings out, if any."""
        if self.interim_every is None or not self.transcripts:
            return ""
        seconds = len(audio) / 2 / rate
        pcm = np.frombuffer(audio[: len(audio) // 2 * 2], dtype=np.int16).astype(np.float64)
        speaking = bool(len(pcm)) and float(np.sqrt(np.mean(pcm**2))) > SPEECH_RMS
        words = _unpunctuated(self.transcripts[0]).split()
        if speaking:
            heard.speech += seconds
            heard.silence = 0.0
            heard.said_all = False
            if heard.speech - heard.reported >= self.interim_every:
                heard.reported = heard.speech
                shown = min(len(words) - 1, int(heard.speech / SECONDS_PER_WORD))
                return " ".join(words[:shown])
            return ""
        if heard.speech and not heard.said_all:
            heard.silence += seconds
            if heard.silence >= self.interim_lag:
                heard.said_all = True
                return " ".join(words)
        return ""


@dataclass
class _Utterance:
    """What the fake has heard of the utterance until the next Finalize."""

    speech: float = 0.0  # seconds of speech
    silence: float = 0.0  # seconds of silence since the speech last sounded
    reported: float = 0.0  # seconds of speech when the last interim was sent
    said_all: bool = False  # the interim with every word went out


def _unpunctuated(text: str) -> str:
    return " ".join(re.sub(r"[.,?!;:]+(?=\s|$)", "", text).split())


def _results(text: str, start: float, *, final: bool = True) -> dict[str, Any]:
    words = [
        {"word": w.lower(), "start": start, "end": start + 0.3, "confidence": 0.98}
        for w in text.split()
    ]
    return {
        "type": "Results",
        "channel_index": [0, 1],
        "duration": 1.0,
        "start": start,
        "is_final": final,
        "speech_final": final,
        "from_finalize": final,
        "channel": {"alternatives": [{"transcript": text, "confidence": 0.98, "words": words}]},
        "metadata": {
            "request_id": str(uuid.uuid4()),
            "model_info": {"name": "general-nova-3", "version": "2026-01-01", "arch": "nova-3"},
            "model_uuid": str(uuid.uuid4()),
        },
    }


class FakeCartesia(_FakeVendor):
    path = "/tts/websocket"

    def __init__(
        self,
        *,
        first_audio_delay: float = 0.09,
        drop_after: int | None = None,
        refuse_with: int | None = None,
    ) -> None:
        self.first_audio_delay = first_audio_delay
        self.drop_after = drop_after  # cut every socket after this many transcripts
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.cancelled: set[str] = set()
        self._spoken_s: dict[str, float] = {}  # audio sent per context: where its words start
        super().__init__(refuse_with=refuse_with)

    @staticmethod
    def prepare(*sentences: str, rate: int = 24_000) -> None:
        """Synthesise these ahead, so the first audio comes after the modelled delay."""
        for sentence in sentences:
            _speech(sentence, rate)

    def _accept(self, connection: ServerConnection, request: Any) -> Any:
        self.headers.append(dict(request.headers.raw_items()))
        if not request.headers.get("X-API-Key"):
            return connection.respond(401, "no key\n")
        return None

    async def _handle(self, ws: ServerConnection) -> None:
        pending: dict[str, list[asyncio.Task[None]]] = {}
        async for raw in ws:
            msg = json.loads(raw)
            self.received.append(msg)
            context = msg.get("context_id", "")
            if msg.get("cancel"):
                self.cancelled.add(context)
                for task in pending.pop(context, []):
                    task.cancel()
                continue
            if self.drop_after is not None and len(self.received) > self.drop_after:
                await self.drop()
                return
            before = list(pending.get(context, []))
            task = asyncio.create_task(self._speak(ws, msg, before))
            pending.setdefault(context, []).append(task)

    async def _speak(
        self, ws: ServerConnection, msg: dict[str, Any], before: list[asyncio.Task[None]]
    ) -> None:
        context = msg["context_id"]
        await asyncio.gather(*before, return_exceptions=True)  # in order, per context
        text = str(msg.get("transcript", ""))
        rate = int(msg.get("output_format", {}).get("sample_rate", 24_000))
        if text.strip():
            began = asyncio.get_running_loop().time()
            pcm = await asyncio.to_thread(_speech, text, rate)
            # the modelled delay is the vendor's whole time to first audio
            await asyncio.sleep(
                max(0.0, self.first_audio_delay - (asyncio.get_running_loop().time() - began))
            )
            words = text.split()
            seconds = len(pcm) / 2 / rate
            # as Cartesia's, a context's timestamps run on from its earlier transcripts
            at = self._spoken_s.get(context, 0.0)
            self._spoken_s[context] = at + seconds
            await ws.send(
                json.dumps(
                    {
                        "type": "timestamps",
                        "context_id": context,
                        "status_code": 206,
                        "done": False,
                        "word_timestamps": {
                            "words": words,
                            "start": [at + seconds * i / len(words) for i in range(len(words))],
                            "end": [at + seconds * (i + 1) / len(words) for i in range(len(words))],
                        },
                    }
                )
            )
            step = rate * 2 // 25  # 40 ms of 16-bit audio per chunk
            for at in range(0, len(pcm), step):
                chunk = base64.b64encode(pcm[at : at + step]).decode()
                await ws.send(
                    json.dumps(
                        {
                            "type": "chunk",
                            "context_id": context,
                            "status_code": 206,
                            "done": False,
                            "data": chunk,
                        }
                    )
                )
        if not msg.get("continue", True):
            await ws.send(
                json.dumps(
                    {"type": "done", "context_id": context, "status_code": 206, "done": True}
                )
            )


@functools.cache
def _speech(text: str, rate: int) -> bytes:
    """Real speech for ``text`` (cached: a vendor's synthesis time is modelled by the
    delay, not by how busy this machine is)."""
    from tests.support.voice_peer import spoken

    out = spoken(text, rate)
    return np.asarray(np.clip(out * 32767, -32768, 32767), dtype=np.int16).tobytes()

"""The greeting is ready when the rep's connection comes up.

A new call starts its pipeline as soon as the offer is answered, while ICE and DTLS are
still being negotiated. :class:`Greeter`, right after text-to-speech, makes use of that
time: the greeting is synthesised at once and held until the connection is up
(``ClientConnectedFrame``), then let go in one go. What it played is kept in
:class:`GreetingCache` per voice and text, so the rep's next call skips synthesis.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field

from pipecat.frames.frames import (
    ClientConnectedFrame,
    ErrorFrame,
    Frame,
    InterruptionFrame,
    SystemFrame,
    TTSAudioRawFrame,
    TTSSpeakFrame,
    TTSStartedFrame,
    TTSStoppedFrame,
    TTSTextFrame,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.utils.text.base_text_aggregator import TextType


@dataclass(frozen=True)
class Spoken:
    """A greeting as played: audio chunks and the words, in order."""

    parts: tuple[bytes | str, ...]
    sample_rate: int

    @property
    def nbytes(self) -> int:
        return sum(len(p) for p in self.parts if isinstance(p, bytes))


class GreetingCache:
    """Played greetings by (voice, text), least recently used out beyond ``max_bytes``."""

    def __init__(self, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[str, str], Spoken] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, voice: str, text: str) -> Spoken | None:
        with self._lock:
            spoken = self._items.get((voice, text))
            if spoken is not None:
                self._items.move_to_end((voice, text))
            return spoken

    def put(self, voice: str, text: str, spoken: Spoken) -> None:
        with self._lock:
            self._items[(voice, text)] = spoken
            self._items.move_to_end((voice, text))
            while sum(s.nbytes for s in self._items.values()) > self.max_bytes:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


GREETINGS = GreetingCache()  # one per process, like the models


@dataclass
class _Capture:
    parts: list[bytes | str] = field(default_factory=list)
    sample_rate: int = 0
    failed: bool = False


class Greeter(FrameProcessor):
    """Between TTS and the output transport. ``first_frames()`` is what the call queues
    at start: nothing when the greeting is cached (it is pushed from here when the rep
    connects), else a ``TTSSpeakFrame`` whose audio is held here until then."""

    def __init__(
        self, text: str, voice: str, cache: GreetingCache = GREETINGS, **kwargs: object
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._text = text
        self._voice = voice
        self._cache = cache
        self._cached = cache.get(voice, text) if text else None
        self._holding = bool(text)  # until the rep's connection is up
        self._held: list[Frame] = []
        self._capture: _Capture | None = None if self._cached or not text else _Capture()
        self.played_from_cache = False

    def first_frames(self) -> list[Frame]:
        return [TTSSpeakFrame(self._text)] if self._text and self._cached is None else []

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if direction == FrameDirection.DOWNSTREAM:
            self._record(frame)
        if isinstance(frame, ClientConnectedFrame):
            await self.push_frame(frame, direction)
            await self._connected()
            return
        held = self._holding and direction == FrameDirection.DOWNSTREAM
        if held and not isinstance(frame, SystemFrame):
            self._held.append(frame)
            return
        await self.push_frame(frame, direction)

    async def _connected(self) -> None:
        if not self._holding:
            return
        self._holding = False
        if self._cached is not None:
            self.played_from_cache = True
            for frame in replay(self._cached):
                await self.push_frame(frame)
        held, self._held = self._held, []
        for frame in held:
            await self.push_frame(frame)

    def _record(self, frame: Frame) -> None:
        capture = self._capture
        if capture is None:
            return
        if isinstance(frame, InterruptionFrame | ErrorFrame):
            capture.failed = True
        elif isinstance(frame, TTSAudioRawFrame):
            capture.parts.append(frame.audio)
            capture.sample_rate = frame.sample_rate
        elif isinstance(frame, TTSTextFrame):
            capture.parts.append(frame.text)
        elif isinstance(frame, TTSStoppedFrame):
            self._capture = None
            if not capture.failed and capture.sample_rate and capture.parts:
                spoken = Spoken(tuple(capture.parts), capture.sample_rate)
                self._cache.put(self._voice, self._text, spoken)


def replay(spoken: Spoken) -> list[Frame]:
    """The frames a TTS service would push for this greeting."""
    context = uuid.uuid4().hex
    frames: list[Frame] = [TTSStartedFrame(context_id=context)]
    for part in spoken.parts:
        if isinstance(part, bytes):
            frames.append(TTSAudioRawFrame(part, spoken.sample_rate, 1, context_id=context))
        else:
            frames.append(TTSTextFrame(part, TextType.WORD, context_id=context))
    frames.append(TTSStoppedFrame(context_id=context))
    return frames

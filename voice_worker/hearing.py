"""Speech-to-text: Deepgram streaming when its key is set, Moonshine offline otherwise.

The offline model is Moonshine tiny-en (MIT), whose ``.ort`` files ship inside the
``moonshine-voice`` wheel; ``HARD_E_VOICE_STT_MODEL_DIR`` points at another copy.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncGenerator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from pipecat.frames.frames import ErrorFrame, Frame, TranscriptionFrame
from pipecat.services.stt_service import SegmentedSTTService, STTService
from pipecat.transcriptions.language import Language
from pipecat.utils.time import time_now_iso8601

from voice_worker.settings import VoiceSettings

SAMPLE_RATE = 16_000


def bundled_model_dir() -> Path:
    """Moonshine tiny-en inside the moonshine-voice wheel."""
    import moonshine_voice

    return Path(moonshine_voice.__file__).parent / "assets" / "tiny-en"


class Transcriber:
    """One loaded Moonshine model shared by every call (one utterance at a time)."""

    def __init__(self, model_dir: Path) -> None:
        from moonshine_voice import ModelArch
        from moonshine_voice import Transcriber as Moonshine

        if not (model_dir / "encoder_model.ort").is_file():
            raise FileNotFoundError(f"no Moonshine model in {model_dir}")
        self._model = Moonshine(str(model_dir), ModelArch.TINY)
        self._lock = threading.Lock()

    def text(self, pcm16: bytes, sample_rate: int = SAMPLE_RATE) -> str:
        """The words in 16-bit mono PCM audio."""
        samples = np.frombuffer(pcm16, dtype=np.int16).astype(np.float32) / 32768.0
        with self._lock:
            transcript = self._model.transcribe_without_streaming(samples.tolist(), sample_rate)
        return " ".join(line.text for line in transcript.lines).strip()


@cache
def transcriber(model_dir: Path | None = None) -> Transcriber:
    return Transcriber(model_dir or bundled_model_dir())


class OfflineSTTService(SegmentedSTTService):
    """Each utterance the VAD cut out, transcribed by the local Moonshine model."""

    def __init__(self, model: Transcriber, **kwargs: Any) -> None:
        super().__init__(sample_rate=SAMPLE_RATE, trailing_silence_secs=0.2, **kwargs)
        self._model = model

    @property
    def wants_wav_segments(self) -> bool:
        return False

    def can_generate_metrics(self) -> bool:
        return True

    async def run_stt(self, audio: bytes) -> AsyncGenerator[Frame, None]:
        await self.start_processing_metrics()
        try:
            text = await asyncio.to_thread(self._model.text, audio, self.sample_rate)
        except Exception as exc:  # a broken model file: say so, never hang
            yield ErrorFrame(error=f"offline speech recognition failed: {exc}")
            return
        finally:
            await self.stop_processing_metrics()
        if text:
            yield TranscriptionFrame(text, self._user_id, time_now_iso8601(), Language.EN)


def speech_to_text(settings: VoiceSettings, key_terms: list[str]) -> STTService:
    """Deepgram when its key is set (with the company's names as key terms), else offline."""
    if settings.deepgram_api_key is not None:
        return deepgram(settings, key_terms)
    return OfflineSTTService(transcriber(settings.stt_model_dir))


def deepgram(settings: VoiceSettings, key_terms: list[str]) -> STTService:
    from pipecat.services.deepgram.stt import DeepgramSTTService

    assert settings.deepgram_api_key is not None
    kwargs: dict[str, Any] = {}
    if settings.deepgram_url:
        kwargs["base_url"] = settings.deepgram_url
    return DeepgramSTTService(
        api_key=settings.deepgram_api_key.get_secret_value(),
        settings=DeepgramSTTService.Settings(
            model="nova-3", language=Language.EN, keyterm=key_terms[:50]
        ),
        **kwargs,
    )

"""Speech-to-text: Deepgram streaming when its key is set, Moonshine offline otherwise.

The offline model is Moonshine tiny-en (MIT), whose ``.ort`` files ship inside the
``moonshine-voice`` wheel; ``HARD_E_VOICE_STT_MODEL_DIR`` points at another copy.
"""

from __future__ import annotations

import asyncio
import ctypes
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


class _Option(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("value", ctypes.c_char_p)]


class Transcriber:
    """One loaded Moonshine model shared by every call (one utterance at a time).

    ``vad_threshold``: libmoonshine's own voice detector inside each segment. Its
    default drops most words under road noise (79 % WER at 10 dB SNR on our commands);
    our segments are already cut by Silero, so it only needs to be lenient.
    """

    def __init__(self, model_dir: Path, *, vad_threshold: float = 0.1) -> None:
        from moonshine_voice import ModelArch, MoonshineError
        from moonshine_voice import Transcriber as Moonshine
        from moonshine_voice.transcriber import _MoonshineLib

        if not (model_dir / "encoder_model.ort").is_file():
            raise FileNotFoundError(f"no Moonshine model in {model_dir}")
        # moonshine-voice's Transcriber passes no options; load the handle ourselves
        model: Any = object.__new__(Moonshine)
        model._lib_wrapper = _MoonshineLib()
        model._lib = lib = model._lib_wrapper.lib
        model._model_path, model._model_arch, model._handle = str(model_dir), ModelArch.TINY, None
        options = (_Option * 1)(_Option(b"vad_threshold", str(vad_threshold).encode()))
        handle = lib.moonshine_load_transcriber_from_files(
            str(model_dir).encode(),
            ModelArch.TINY.value,
            ctypes.cast(options, ctypes.POINTER(ctypes.c_void_p)),
            1,
            Moonshine.MOONSHINE_HEADER_VERSION,
        )
        if handle < 0:
            raise MoonshineError(f"could not load the Moonshine model in {model_dir}")
        model._handle = handle
        self._model = model
        self._lock = threading.Lock()

    def text(self, pcm16: bytes, sample_rate: int = SAMPLE_RATE) -> str:
        """The words in 16-bit mono PCM audio."""
        from moonshine_voice import MoonshineError
        from moonshine_voice.errors import check_error
        from moonshine_voice.moonshine_api import TranscriptC

        samples = np.ascontiguousarray(np.frombuffer(pcm16, dtype=np.int16), dtype=np.float32)
        samples /= 32768.0
        out = ctypes.POINTER(TranscriptC)()
        try:
            with self._lock:  # the samples go in as they are: no Python list of floats
                check_error(
                    self._model._lib.moonshine_transcribe_without_streaming(
                        self._model._handle,
                        samples.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
                        len(samples),
                        sample_rate,
                        0,
                        ctypes.byref(out),
                    )
                )
                transcript = self._model._parse_transcript(out)
        except MoonshineError:  # e.g. a segment with no speech in it (a cough, a bump)
            return ""
        return " ".join(line.text for line in transcript.lines).strip()


@cache
def transcriber(model_dir: Path | None = None, vad_threshold: float = 0.1) -> Transcriber:
    return Transcriber(model_dir or bundled_model_dir(), vad_threshold=vad_threshold)


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
    return OfflineSTTService(transcriber(settings.stt_model_dir, settings.stt_vad_threshold))


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

"""The last-resort voice: eSpeak NG (GPL-3.0, used unmodified as a shared library), from
the ``espeakng-loader`` wheel, spoken only when Piper cannot load or speak.

``espeakng-loader`` ships ``libespeak-ng`` and its data but no Python API, and no
maintained binding is pinned here, so the five C calls we need (``speak_lib.h``:
initialise, set voice, set rate, set callback, synthesise) are bound with ctypes.
"""

from __future__ import annotations

import asyncio
import ctypes
import threading
from collections.abc import AsyncGenerator, AsyncIterator
from functools import cache
from typing import Any

from pipecat.frames.frames import ErrorFrame, Frame
from pipecat.services.settings import TTSSettings
from pipecat.services.tts_service import TTSService

from voice_worker.wordless import say_nothing_wordless

# speak_lib.h
_AUDIO_OUTPUT_SYNCHRONOUS = 2  # samples handed to our callback, speak() returns at the end
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_RATE = 1  # espeakRATE, words per minute
_OK = 0
_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class ESpeak:
    """libespeak-ng loaded once per process. The library keeps global state, so one
    sentence is synthesised at a time (a lock), each into its own buffer."""

    def __init__(self, voice: str = "en-us", words_per_minute: int = 165) -> None:
        import espeakng_loader

        self._lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self._lib.espeak_Initialize.restype = ctypes.c_int
        self._lib.espeak_Initialize.argtypes = [
            ctypes.c_int,
            ctypes.c_int,
            ctypes.c_char_p,
            ctypes.c_int,
        ]
        self._lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        self._lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self._lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        rate = self._lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, espeakng_loader.get_data_path().encode(), 0
        )
        if rate <= 0:
            raise RuntimeError("eSpeak NG could not be initialised")
        self.sample_rate: int = rate
        if self._lib.espeak_SetVoiceByName(voice.encode()) != _OK:
            raise RuntimeError(f"eSpeak NG has no voice {voice!r}")
        self._lib.espeak_SetParameter(_RATE, words_per_minute, 0)
        self._lock = threading.Lock()
        self._chunks: list[bytes] = []
        # kept on self: the C library holds this pointer for as long as it lives
        self._callback = _CALLBACK(self._collect)
        self._lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav: Any, samples: int, _events: Any) -> int:
        if samples > 0:
            self._chunks.append(ctypes.string_at(wav, samples * 2))
        return 0  # go on

    def speak(self, text: str) -> bytes:
        """``text`` as 16-bit mono PCM at :attr:`sample_rate`."""
        data = text.encode() + b"\0"
        with self._lock:
            self._chunks = []
            status = self._lib.espeak_Synth(
                data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
            )
            if status != _OK:
                raise RuntimeError(f"eSpeak NG could not speak (status {status})")
            return b"".join(self._chunks)


@cache
def espeak() -> ESpeak:
    """The one eSpeak NG of this process."""
    return ESpeak()


class ESpeakTTSService(TTSService):
    """eSpeak NG, sentence by sentence, on a worker thread."""

    def __init__(self, engine: ESpeak, **kwargs: Any) -> None:
        super().__init__(
            push_start_frame=True,
            push_stop_frames=True,
            # every field set (None: not a setting here), or pipecat logs an error
            settings=TTSSettings(model="espeak-ng", voice=None, language=None),
            text_transforms=[("*", say_nothing_wordless)],  # "…" is silence, not a failure
            **kwargs,
        )
        self._engine = engine

    def can_generate_metrics(self) -> bool:
        return True

    async def run_tts(self, text: str, context_id: str) -> AsyncGenerator[Frame, None]:
        try:
            await self.start_tts_usage_metrics(text)
            pcm = await asyncio.to_thread(self._engine.speak, text)

            async def audio() -> AsyncIterator[bytes]:
                yield pcm

            async for frame in self._stream_audio_frames_from_iterator(
                audio(), in_sample_rate=self._engine.sample_rate, context_id=context_id
            ):
                await self.stop_ttfb_metrics()
                yield frame
        except Exception as exc:
            yield ErrorFrame(error=f"eSpeak NG speech synthesis failed: {exc}")
        finally:
            await self.stop_ttfb_metrics()

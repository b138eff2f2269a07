"""Speech-to-text: Deepgram streaming when its key is set, Moonshine offline otherwise.

With Deepgram, Moonshine stands behind it: Deepgram's first error (refused, dropped,
an error message) moves the call to Moonshine for good, the utterance in flight with
it (:mod:`voice_worker.fallback`).

The offline model is Moonshine tiny-en (MIT), whose ``.ort`` files ship inside the
``moonshine-voice`` wheel; ``HARD_E_VOICE_STT_MODEL_DIR`` points at another copy. Its
transcripts are corrected towards the call's key terms (the company's product and
customer names, :mod:`voice_worker.term_correction`) before they become the rep's turn.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import threading
from collections.abc import AsyncGenerator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from pipecat.frames.frames import (
    ErrorFrame,
    Frame,
    TranscriptionFrame,
    TTSSpeakFrame,
    VADUserStartedSpeakingFrame,
    VADUserStoppedSpeakingFrame,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor, FrameProcessorSetup
from pipecat.services.deepgram.stt import DeepgramSTTService
from pipecat.services.settings import STTSettings
from pipecat.services.stt_service import SegmentedSTTService, STTService
from pipecat.transcriptions.language import Language
from pipecat.utils.time import time_now_iso8601

from voice_worker.fallback import HearingFallback, page_notice
from voice_worker.settings import VoiceSettings
from voice_worker.term_correction import TermCorrector
from voice_worker.term_correction import warm as warm_corrections

logger = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
CANT_HEAR = "Sorry, I can't hear you right now. Please type your question in the chat instead."
HEARING_LOST = "Hard-E cannot hear you right now: type your question in the chat."


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
        """The words in 16-bit mono PCM audio.

        Each utterance goes through a stream of its own. libmoonshine 0.0.4's
        ``moonshine_transcribe_without_streaming`` reuses one stream whose transcript
        keeps lines from earlier calls when a call has fewer lines than one before it,
        so a rep's words came back with another utterance's (perhaps another call's)
        appended."""
        from moonshine_voice import MoonshineError
        from moonshine_voice.errors import check_error
        from moonshine_voice.moonshine_api import TranscriptC

        samples = np.ascontiguousarray(np.frombuffer(pcm16, dtype=np.int16), dtype=np.float32)
        samples /= 32768.0
        model, lib = self._model, self._model._lib
        out = ctypes.POINTER(TranscriptC)()
        try:
            with self._lock:  # the samples go in as they are: no Python list of floats
                stream = lib.moonshine_create_stream(model._handle, 0)
                check_error(stream)
                try:
                    check_error(lib.moonshine_start_stream(model._handle, stream))
                    check_error(
                        lib.moonshine_transcribe_add_audio_to_stream(
                            model._handle,
                            stream,
                            samples.ctypes.data_as(ctypes.POINTER(ctypes.c_float)),
                            len(samples),
                            sample_rate,
                            0,
                        )
                    )
                    # before stopping: a stopped stream reports no lines
                    check_error(
                        lib.moonshine_transcribe_stream(model._handle, stream, 0, ctypes.byref(out))
                    )
                    transcript = model._parse_transcript(out)
                    check_error(lib.moonshine_stop_stream(model._handle, stream))
                finally:
                    lib.moonshine_free_stream(model._handle, stream)
        except MoonshineError:  # e.g. a segment with no speech in it (a cough, a bump)
            return ""
        return " ".join(line.text for line in transcript.lines).strip()


@cache
def transcriber(model_dir: Path | None = None, vad_threshold: float = 0.1) -> Transcriber:
    model = Transcriber(model_dir or bundled_model_dir(), vad_threshold=vad_threshold)
    warm_corrections()  # the word frequencies load in ~1 s: before a call, not during one
    return model


class OfflineSTTService(SegmentedSTTService):
    """Each utterance the VAD cut out, transcribed by the local Moonshine model, with
    words that sound like one of the call's ``key_terms`` written as that term.

    Moonshine is the last recogniser in every call: when it fails, Hard-E says so out
    loud (``CANT_HEAR``) and the page shows why, instead of waiting in silence.

    A transcript is marked ``finalized`` (all the rep said: the turn may end on it at
    once, not after the speech-to-text's p99) only when it is the end of the utterance:
    the rep is not speaking again and no later segment of theirs waits to be
    transcribed. Under load a segment's words come back late, perhaps while the rep is
    already saying more; pipecat's ``SegmentedSTTService`` marks every transcript
    finalized, and the turn then ended on the first part alone at the next VAD stop."""

    def __init__(
        self, model: Transcriber, *, key_terms: list[str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(
            sample_rate=SAMPLE_RATE,
            trailing_silence_secs=0.2,
            # every field set (None: English only, not a setting), or pipecat logs an error
            settings=STTSettings(model="moonshine-tiny-en", language=None),
            **kwargs,
        )
        self._model = model
        self._corrector = TermCorrector(key_terms or [])
        # the rep is speaking, or their segment is not yet queued for transcription
        self._hearing = False

    @property
    def wants_wav_segments(self) -> bool:
        return False

    def can_generate_metrics(self) -> bool:
        return True

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        # set before the VAD's start goes on and cleared only once the segment it ends
        # is queued, so a transcript finishing in between is never taken as the end
        if isinstance(frame, VADUserStartedSpeakingFrame):
            self._hearing = True
        await super().process_frame(frame, direction)
        if isinstance(frame, VADUserStoppedSpeakingFrame):
            self._hearing = False

    def _ends_utterance(self) -> bool:
        """Nothing more of the rep's is on its way: not speaking, no segment queued
        (pipecat 1.14's queue of segments, drained in order; pinned)."""
        return not self._hearing and self._segment_queue.empty()

    async def push_frame(
        self, frame: Frame, direction: FrameDirection = FrameDirection.DOWNSTREAM
    ) -> None:
        """As :class:`STTService`'s, with ``finalized`` only on the end of the utterance
        (not :class:`SegmentedSTTService`'s, which marks every transcript)."""
        if isinstance(frame, TranscriptionFrame):
            frame.finalized = self._ends_utterance()
        await STTService.push_frame(self, frame, direction)

    async def run_stt(self, audio: bytes) -> AsyncGenerator[Frame, None]:
        await self.start_processing_metrics()
        try:
            text = await asyncio.to_thread(self._model.text, audio, self.sample_rate)
        except Exception as exc:  # a broken model: say so out loud, never leave silence
            yield ErrorFrame(error=f"offline speech recognition failed: {exc}")
            yield page_notice("hard-e-not-heard", "", HEARING_LOST)
            yield TTSSpeakFrame(CANT_HEAR)
            return
        finally:
            await self.stop_processing_metrics()
        if self._corrector:
            text, corrections = self._corrector.correct(text)
            for fix in corrections:
                logger.debug("heard %r as the key term %r (%.2f)", fix.heard, fix.term, fix.score)
        if text:
            yield TranscriptionFrame(text, self._user_id, time_now_iso8601(), Language.EN)


def speech_to_text(settings: VoiceSettings, key_terms: list[str]) -> FrameProcessor:
    """Deepgram (with the company's names as key terms) backed by Moonshine when its key
    is set, else Moonshine alone (its transcripts corrected towards the same terms)."""
    offline = OfflineSTTService(
        transcriber(settings.stt_model_dir, settings.stt_vad_threshold), key_terms=key_terms
    )
    if settings.deepgram_api_key is None:
        return offline
    return HearingFallback([deepgram(settings, key_terms), offline], sample_rate=SAMPLE_RATE)


class Deepgram(DeepgramSTTService):
    """pipecat's Deepgram service, except that setting up does not wait for the socket.

    ``DeepgramSTTService.setup`` waits until connecting has succeeded or given up, and
    the errors it reports meanwhile cannot travel (the pipeline has not started): with
    Deepgram answering 503 the call never started. Here the connection is made in the
    background, so its first error reaches :class:`HearingFallback` and the call goes on
    offline. (Private names of pipecat 1.14, which is pinned.)
    """

    async def setup(self, setup: FrameProcessorSetup) -> None:  # type: ignore[override]
        await STTService.setup(self, setup)
        self._quick_failure_tracker.reset()  # type: ignore[no-untyped-call]
        self._connection_settled.clear()
        handler = self._connection_handler()  # type: ignore[no-untyped-call]
        self._connection_task = self.create_task(handler)  # type: ignore[assignment]

    async def abandon(self) -> None:
        """The call has moved off Deepgram: stop reconnecting (from a task of its own, as
        this is called from inside the connection task that reported the error)."""
        self.create_task(self._disconnect(), f"{self}::abandon")  # type: ignore[no-untyped-call]


def deepgram(settings: VoiceSettings, key_terms: list[str]) -> STTService:
    assert settings.deepgram_api_key is not None
    kwargs: dict[str, Any] = {}
    if settings.deepgram_url:
        kwargs["base_url"] = settings.deepgram_url
    return Deepgram(
        api_key=settings.deepgram_api_key.get_secret_value(),
        settings=Deepgram.Settings(model="nova-3", language=Language.EN, keyterm=key_terms[:50]),
        **kwargs,
    )

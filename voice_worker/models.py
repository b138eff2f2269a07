"""The turn-taking models, loaded once per process and shared by every call.

Silero VAD and Smart Turn v3.2 ship inside the pipecat wheel as ONNX files. Pipecat's
analyzers open their own ``InferenceSession`` per instance, i.e. per call: ~2 s of CPU
and tens of MB each time a rep connects. Here one session of each is opened by
:func:`warm` (at worker start) and each call gets small state objects around them —
:class:`CallVAD` (Silero's recurrent state and context) and :class:`CallTurn` (Smart
Turn's audio buffer) — so calls never share state. ``InferenceSession.run`` is safe to
call from several threads at once, and neither model keeps state inside the session.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from importlib import resources

import numpy as np
import onnxruntime as ort
from pipecat.audio.turn.smart_turn.base_smart_turn import BaseSmartTurn, SmartTurnParams
from pipecat.audio.turn.smart_turn.local_smart_turn_v3 import LocalSmartTurnAnalyzerV3
from pipecat.audio.vad.silero import SileroOnnxModel, SileroVADAnalyzer
from pipecat.audio.vad.vad_analyzer import VADAnalyzer, VADParams, VADState
from pipecat.audio.volume import AudioVolumeTracker
from pipecat.frames.frames import (
    BotStartedSpeakingFrame,
    BotStoppedSpeakingFrame,
    Frame,
    InputAudioRawFrame,
)
from pipecat.processors.audio.vad_processor import VADProcessor
from pipecat.processors.frame_processor import FrameDirection

from voice_worker.pausing import Pause
from voice_worker.settings import VoiceSettings

logger = logging.getLogger(__name__)

SILERO = ("pipecat.audio.vad.data", "silero_vad.onnx")
SMART_TURN = ("pipecat.audio.turn.smart_turn.data", "smart-turn-v3.2-cpu.onnx")
QUIET_PEAK = 64  # int16 peak below which a VAD window is near digital silence (-54 dBFS)
# BS.1770's absolute gate: a 400 ms block below -70 LUFS measures as silence (volume 0).
# K-weighting adds at most 3.5 dB to a block's mean square (its high shelf, less the
# 0.691 dB offset); 6 dB is the margin taken, so a window under this mean square (int16
# RMS ~5) is gated whatever its spectrum.
GATED_MEAN_SQUARE = 10 ** ((-70 - 6) / 10) * 32768**2
VOICED = "hard_e_voiced"  # an input audio frame's metadata: the VAD heard the rep in it


def voiced(frame: InputAudioRawFrame) -> bool:
    """Whether the VAD heard the rep speaking in this frame of their audio. Carried by
    the frame itself: under load the frames reach the turn strategies in bursts, well
    after the VAD (upstream of speech-to-text) has gone on to later ones."""
    return bool(frame.metadata.get(VOICED, False))


@dataclass(frozen=True)
class TurnModels:
    """The two loaded sessions every call of this process uses."""

    vad: ort.InferenceSession
    turn: ort.InferenceSession


_loaded: TurnModels | None = None
_lock = threading.Lock()


def _bundled(package: str, name: str) -> str:
    return str(resources.files(package).joinpath(name))


def _options(threads: int) -> ort.SessionOptions:
    """As pipecat configures each model: sequential, a fixed number of threads."""
    options = ort.SessionOptions()
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.inter_op_num_threads = 1
    options.intra_op_num_threads = threads
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    return options


def turn_models() -> TurnModels:
    """The process's sessions, loaded on first use (normally by :func:`warm`)."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = TurnModels(
                vad=ort.InferenceSession(
                    _bundled(*SILERO), _options(1), providers=["CPUExecutionProvider"]
                ),
                turn=ort.InferenceSession(
                    _bundled(*SMART_TURN), _options(1), providers=["CPUExecutionProvider"]
                ),
            )
        return _loaded


def is_warm() -> bool:
    return _loaded is not None


def warm(settings: VoiceSettings) -> None:
    """Load everything a call needs before the first rep connects (blocking: ~2 s):
    the turn-taking sessions, one inference through each (ONNX runtime allocates on the
    first run), the offline speech engines — also when a vendor's key is set, as each
    call builds them as its fallback (Moonshine ~0.6 s, Piper ~0.7 s on a rep's first
    call otherwise) — the vendors' clients (imported on first use), and the reflex
    brain's rules: compiled on first use, inside the first turn's chat call on the event
    loop, they held up every call of the process for ~0.5 s (``bench/voice_calls.py``) —
    and the vendors' TLS context, built once here instead of on the loop at each call's
    start (:mod:`voice_worker.tls`); so is Leap's (every call's CRM client uses it: built
    in a call's first tool call, it held the loop ~150 ms) and the reader's English word
    list (read on the first product question, a few tenths of a second), the intent
    reader's index (the chat service builds it in a thread, which holds the GIL: every
    call of the process stalled meanwhile) and the library's product names for each
    call's key terms (~130 ms on the loop in the first call)."""
    from hard_e.brain.rules import RULES
    from hard_e.crm.leap import tls_context
    from hard_e.text.english import is_english

    for rule in RULES:
        rule.pattern  # noqa: B018 - compiled and cached on the rule
    tls_context()
    is_english("shingle")
    from hard_e.brain import reader

    reader.warm()  # the intent reader's index (~0.7 s of CPU, the GIL held throughout)
    from voice_worker import key_terms

    key_terms.warm()
    models = turn_models()
    vad = CallVAD(models)
    vad.set_sample_rate(16_000)
    vad.voice_confidence(bytes(1024))
    turn = CallTurn(models)
    turn.set_sample_rate(16_000)
    turn._predict_endpoint(np.zeros(16_000, dtype=np.float32))
    from voice_worker.hearing import transcriber

    transcriber(settings.stt_model_dir, settings.stt_vad_threshold)
    if settings.deepgram_api_key is not None:
        import pipecat.services.deepgram.stt
    if settings.deepgram_api_key is not None or settings.cartesia_api_key is not None:
        from voice_worker import tls

        tls.share()  # one TLS context for every call's vendor connections (tls.py)
    if settings.tts_engine != "espeak":
        from voice_worker.speaking import piper_voice

        try:
            piper_voice(settings.tts_voice_path)
        except Exception:  # each call then speaks with eSpeak NG (speaking.text_to_speech)
            if settings.cartesia_api_key is None:
                raise
            logger.warning("the Piper voice could not be loaded; eSpeak NG stands in")
    if settings.cartesia_api_key is not None:
        import pipecat.services.cartesia.tts  # noqa: F401
    # imported on first use inside a call otherwise, on its event loop (bench/voice_calls.py
    # caught both): httpx's first transport imports httpcore (~0.2 s), and anyio's asyncio
    # backend, loaded by the first thread hand-off through anyio (~55 ms)
    import anyio._backends._asyncio  # noqa: F401
    import httpcore  # noqa: F401


class QuietLineVolume(AudioVolumeTracker):
    """pipecat's rolling loudness (BS.1770 over the last 400 ms, measured at every VAD
    window: ~0.3 ms of CPU, 30 times a second, all the call long), except that a window
    too quiet to pass BS.1770's absolute gate — a muted or noise-suppressed line, no
    one talking — is 0 without measuring it: what the measurement gives it."""

    @property
    def volume(self) -> float:
        if self._volume is None and _gated(self._buffer):
            self._volume = 0.0
        return super().volume


def _gated(pcm16: bytearray) -> bool:
    samples = np.frombuffer(pcm16, dtype=np.int16).astype(np.float64)
    return bool(len(samples)) and float(np.dot(samples, samples)) / len(samples) < GATED_MEAN_SQUARE


class _SharedSilero(SileroOnnxModel):
    """Silero's per-stream state (recurrent state, context) around a shared session."""

    def __init__(self, session: ort.InferenceSession) -> None:  # no super(): no load
        self.session = session
        self.reset_states()  # type: ignore[no-untyped-call]
        self.sample_rates = [8000, 16000]


class CallVAD(SileroVADAnalyzer):
    """One call's Silero VAD over the shared session.

    Runs inline on the event loop: one 32 ms window costs ~0.2 ms of CPU, less than
    handing it to a thread and back (pipecat's analyzer uses a thread per chunk).

    While Hard-E speaks (:attr:`bot_speaking`) the rep cutting in is heard sooner:
    ``barge_in_start_secs`` of speech instead of ``start_secs``, and the volume gate
    opens as soon as the loudness of the last 400 ms reaches it (pipecat smooths the
    loudness again, by a fifth per 32 ms window: from a quiet line, ~200 ms before a
    word counts). A cough or an "uh-huh" that now stops Hard-E is no turn: the brain
    resumes the reply where the rep stopped hearing it.

    ``gate`` (a :class:`voice_worker.pausing.Pause`) is told of every window while Hard-E
    speaks: the first voiced one holds its audio back, a return to quiet before the
    start window is through releases it, confirmed speech keeps it held for the
    interruption to drop.
    """

    def __init__(
        self,
        models: TurnModels,
        *,
        sample_rate: int | None = None,
        params: VADParams | None = None,
        barge_in_start_secs: float | None = None,
        gate: Pause | None = None,
    ) -> None:
        VADAnalyzer.__init__(self, sample_rate=sample_rate, params=params)  # skip the load
        self._volume_tracker = QuietLineVolume()  # type: ignore[no-untyped-call]
        self._gate = gate
        self._model = _SharedSilero(models.vad)
        self._quiet = False
        self._windows_since_reset = 0
        self._low_confidence_windows = 0
        self._barge_in_start_secs = barge_in_start_secs
        self._bot_speaking = False
        self.voice_at = 0.0  # time.time() of the last window the rep was speaking in
        self.speaking = False  # the rep was speaking in the audio analysed last

    @property
    def bot_speaking(self) -> bool:
        return self._bot_speaking

    @bot_speaking.setter
    def bot_speaking(self, speaking: bool) -> None:
        self._bot_speaking = speaking
        self._set_start_frames()

    def set_params(self, params: VADParams) -> None:
        super().set_params(params)
        self._set_start_frames()

    def _set_start_frames(self) -> None:
        if not self.sample_rate:
            return
        secs = self._params.start_secs
        if self._bot_speaking and self._barge_in_start_secs is not None:
            secs = min(secs, self._barge_in_start_secs)
        window_secs = self.num_frames_required() / self.sample_rate
        self._vad_start_frames = max(1, round(secs / window_secs))

    def _get_smoothed_volume(self, audio: bytes) -> float:
        smoothed = super()._get_smoothed_volume(audio)
        if self._bot_speaking and self._barge_in_start_secs is not None:
            return max(smoothed, self._volume_tracker.volume)  # rises at once, falls slowly
        return smoothed

    @property
    def session(self) -> ort.InferenceSession:
        return self._model.session

    async def analyze_audio(self, buffer: bytes) -> VADState:
        before = self._vad_state
        state = self._run_analyzer(buffer)
        self.speaking = state == VADState.SPEAKING
        if self.speaking:
            self.voice_at = time.time()  # the rep's voice heard in the latest window
            if self._gate is not None:
                self._gate.heard_voice()  # a hold lasts while the rep talks
        if self._gate is not None and state != before:
            self._tell_gate(before, state)
        return state

    def _tell_gate(self, before: VADState, state: VADState) -> None:
        assert self._gate is not None
        if state == VADState.QUIET and before == VADState.STARTING:
            self._gate.release()  # not voice for long enough: a click, a cough
        elif not self._bot_speaking:
            return
        elif state == VADState.STARTING and before == VADState.QUIET:
            self._gate.hold()  # the first voiced window
        elif state == VADState.SPEAKING and before in (VADState.QUIET, VADState.STARTING):
            self._gate.hold()  # confirmed (maybe within one call): the interruption follows

    def voice_confidence(self, buffer: bytes) -> float:
        """Silero's confidence, except for a window of near digital silence (a muted or
        noise-suppressed microphone, no one talking): that cannot be speech, and the
        analyzer would call it quiet on its volume alone, so the model is not run and
        its recurrent state starts afresh, as after Silero's own periodic reset."""
        if np.abs(np.frombuffer(buffer, dtype=np.int16)).max(initial=0) < QUIET_PEAK:
            if not self._quiet:
                self._model.reset_states()  # type: ignore[no-untyped-call]
                self._quiet = True
            return 0.0
        self._quiet = False
        # Silero answers a one-element array
        return float(np.asarray(super().voice_confidence(buffer)).reshape(-1)[0])


class CallTurn(LocalSmartTurnAnalyzerV3):
    """One call's Smart Turn v3.2 (its audio buffer) over the shared session."""

    def __init__(
        self,
        models: TurnModels,
        *,
        sample_rate: int | None = None,
        params: SmartTurnParams | None = None,
    ) -> None:
        BaseSmartTurn.__init__(self, sample_rate=sample_rate, params=params)  # skip the load
        self._log_data = False
        self._session = models.turn

    @property
    def session(self) -> ort.InferenceSession:
        return self._session


class CallVADProcessor(VADProcessor):
    """Pipecat's VAD processor, telling its :class:`CallVAD` when Hard-E is speaking
    (the output transport's speaking frames come back upstream through it) and marking
    each frame of the rep's audio with whether it was voice (:func:`voiced`)."""

    def __init__(self, vad: CallVAD, **kwargs: object) -> None:
        super().__init__(vad_analyzer=vad, **kwargs)  # type: ignore[arg-type]
        self._vad = vad

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        if isinstance(frame, BotStartedSpeakingFrame):
            self._vad.bot_speaking = True
        elif isinstance(frame, BotStoppedSpeakingFrame):
            self._vad.bot_speaking = False
        # pipecat passes the frame on before analysing it, but nothing in between yields
        # to the loop: the mark is there before the next processor takes the frame (a
        # frame taken before would count as quiet, the next voiced one making up for it)
        await super().process_frame(frame, direction)
        if isinstance(frame, InputAudioRawFrame):
            frame.metadata[VOICED] = self._vad.speaking

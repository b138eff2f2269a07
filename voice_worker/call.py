"""One call: a Pipecat pipeline from the rep's microphone to Hard-E's voice and back.

SmallWebRTC in → Silero VAD → speech-to-text → user turn (VAD start, or the rep's
words while Hard-E speaks; Smart Turn v3.2 stop; the brain starts on an interim
transcript while the final is on its way) →
Hard-E's brain → text-to-speech → SmallWebRTC out → what was heard.
When the call ends, started turns finish, what the rep heard is saved and the memory
learner runs on the call at once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from pipecat.audio.vad.vad_analyzer import VADParams
from pipecat.frames.frames import Frame, InputAudioRawFrame
from pipecat.pipeline.pipeline import Pipeline
from pipecat.pipeline.worker import PipelineParams, PipelineWorker
from pipecat.processors.aggregators.llm_context import LLMContext
from pipecat.processors.aggregators.llm_response_universal import (
    LLMUserAggregator,
    LLMUserAggregatorParams,
)
from pipecat.processors.frame_processor import FrameDirection, FrameProcessor
from pipecat.transports.base_transport import BaseTransport, TransportParams
from pipecat.turns.empty_user_turn import EmptyUserTurnConfig
from pipecat.turns.user_turn_strategies import UserTurnStrategies
from pipecat.workers.runner import WorkerRunner

from hard_e.auth import Principal
from hard_e.bootstrap import Services
from hard_e.memory.voice_hook import on_call_ended
from voice_worker.barging import BargeInStart
from voice_worker.brain import (
    EMPTY_TURN,
    CallState,
    HardEBrain,
    HeardLog,
    backchannel_over_reply,
    keeps_the_floor,
)
from voice_worker.greeting import Greeter
from voice_worker.models import CallTurn, CallVAD, CallVADProcessor, turn_models
from voice_worker.observing import quiet_observers
from voice_worker.pausing import Pause, PauseDrop
from voice_worker.settings import VoiceSettings
from voice_worker.speaking import SkipLeadingSilence
from voice_worker.speculation import SpeculativeTurnStop

logger = logging.getLogger(__name__)

IN_RATE = 16_000  # Silero, Smart Turn and Moonshine all hear 16 kHz
OUT_RATE = 24_000


class RepAudioEnds(FrameProcessor):
    """The rep's audio goes no further than the user turn (the VAD, speech-to-text and
    Smart Turn before it are all that hear it): pipecat passes every 20 ms input frame
    on through the brain, the voice and the output transport, which do nothing with it
    — about half of each frame's hops, on every call, all the call long."""

    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        if not isinstance(frame, InputAudioRawFrame):
            await self.push_frame(frame, direction)


@dataclass
class Call:
    """A call's parts, so tests and benchmarks can reach them."""

    principal: Principal
    state: CallState
    brain: HardEBrain
    worker: PipelineWorker
    greeter: Greeter
    pause: Pause | None = None
    ended: asyncio.Event = field(default_factory=asyncio.Event)


def transport_params() -> TransportParams:
    return TransportParams(
        audio_in_enabled=True,
        audio_out_enabled=True,
        audio_in_sample_rate=IN_RATE,
        audio_out_sample_rate=OUT_RATE,
        # 20 ms per write (pipecat's default is 40): when the rep cuts in, the chunk
        # already handed to WebRTC still plays out, so the smaller, the sooner it stops
        audio_out_10ms_chunks=2,
    )


def greeting(services: Services, principal: Principal) -> str:
    user = services.directory.get_user(principal.tenant_id, principal.user_id)
    name = user.first_name if user else ""
    return f"Hi {name}, Hard-E here. What do you need?" if name else "Hard-E here. Go ahead."


def build_call(
    *,
    transport: BaseTransport,
    services: Services,
    settings: VoiceSettings,
    principal: Principal,
    stt: FrameProcessor,
    tts: FrameProcessor,
    greet: str = "",
    observers: list[Any] | None = None,
    extra: list[FrameProcessor] | None = None,
    measure: bool = True,
    pause: Pause | None = None,
) -> Call:
    """The pipeline of one call (no network of its own: the transport brings it);
    ``greet`` is said as soon as the rep's connection is up. ``measure``: pipecat's
    metrics and turn tracking, which the latency observers read (each observer is told
    of every frame hop: the worker turns them off unless measuring). ``pause``: the
    outgoing audio's pause (given to the output track too, ``sending.send_encoded``),
    which the VAD holds at the rep's first voiced window."""
    state = CallState()
    models = turn_models()  # loaded once per process; each call has its own state
    heard = CallVAD(
        models,
        sample_rate=IN_RATE,
        params=VADParams(
            confidence=settings.vad_confidence,
            start_secs=settings.vad_start_seconds,
            stop_secs=settings.vad_stop_seconds,
        ),
        barge_in_start_secs=settings.vad_barge_in_start_seconds,
        gate=pause,
    )
    vad = CallVADProcessor(heard)
    user = LLMUserAggregator(
        LLMContext(),
        params=LLMUserAggregatorParams(
            user_turn_strategies=UserTurnStrategies(
                # while Hard-E speaks, the rep's words (not a sound) start their turn
                start=[
                    BargeInStart(
                        keeps_the_floor=lambda words, partial: keeps_the_floor(
                            state, words, partial=partial
                        ),
                        pause=pause,
                        replying=state.replying,
                    )
                ],
                # Smart Turn decides; the brain starts on Deepgram's interim meanwhile
                stop=[
                    SpeculativeTurnStop(
                        turn_analyzer=CallTurn(models),
                        voice_at=lambda: heard.voice_at,
                        ends_at_once=lambda words: backchannel_over_reply(state, words),
                    )
                ],
            ),
            empty_user_turn=EmptyUserTurnConfig(
                interrupted_prompt=EMPTY_TURN, max_consecutive_recoveries=1_000_000
            ),
        ),
    )
    brain = HardEBrain(services.chat, principal, state, filler_after=settings.filler_after_seconds)
    greeter = Greeter(greet, voice_of(tts, settings))
    pipeline = Pipeline(
        [
            transport.input(),
            vad,
            stt,
            user,
            RepAudioEnds(),
            brain,
            tts,
            SkipLeadingSilence(),
            greeter,
            transport.output(),
            *([PauseDrop(pause)] if pause is not None else []),
            HeardLog(state, pause),
            *(extra or []),
        ]
    )
    worker = PipelineWorker(
        pipeline,
        params=PipelineParams(
            audio_in_sample_rate=IN_RATE,
            audio_out_sample_rate=OUT_RATE,
            enable_metrics=measure,
        ),
        enable_turn_tracking=measure,
        observers=observers or [],
        idle_timeout_secs=None,
    )
    if not measure:
        quiet_observers(worker)  # RTVI's observer sees no audio frame: not queued (observing.py)
    return Call(
        principal=principal, state=state, brain=brain, worker=worker, greeter=greeter, pause=pause
    )


def voice_of(tts: FrameProcessor, settings: VoiceSettings) -> str:
    """What a cached greeting's sound depends on besides its words."""
    voice = settings.cartesia_voice if settings.cartesia_api_key else settings.tts_voice_path
    return f"{type(tts).__qualname__}|{voice}|{OUT_RATE}"


async def run_call(
    call: Call,
    transport: BaseTransport,
    services: Services,
    *,
    on_end: Callable[[Call], Awaitable[None]] | None = None,
) -> None:
    """Run the call until the rep hangs up, then save and learn. The greeting is
    synthesised from the start, while the connection is still being set up."""

    @transport.event_handler("on_client_disconnected")
    async def disconnected(_transport: Any, _client: Any) -> None:
        await call.worker.cancel()

    runner = WorkerRunner(handle_sigint=False)
    try:
        await runner.add_workers(call.worker)
        await call.worker.queue_frames(call.greeter.first_frames())
        await runner.run()
    finally:
        await finish(call, services)
        if on_end is not None:
            await on_end(call)


async def finish(call: Call, services: Services) -> None:
    """Started turns finish (tools run once), the heard transcript is saved, and the
    learner reads the call now rather than after the idle wait."""
    try:
        await call.brain.drain()
        if call.state.session_id is not None:
            await on_call_ended(services, call.principal.tenant_id, call.state.session_id)
    except Exception:
        logger.exception("end of call: saving or learning failed")
    finally:
        call.ended.set()

"""CPU per call-minute of the parts of a call that run on every 20 ms of audio, in
CPU time (the event loop's thread), so the figures hold up while other work loads the
machine, unlike ``voice_calls.py``'s latencies.

- the rep's side: a minute of the rep's audio (digital silence, then room noise that
  Silero has to judge) through the call's VAD, hearing (Deepgram, modelled by its fake
  in a thread of its own, the socket uncompressed as the worker opens it; Moonshine
  behind it as in a call), user turn (Smart Turn) and ``RepAudioEnds``, less what the
  bench's own driving costs (the same frames into an empty pipeline);
- Hard-E's side: a minute of pipecat's output track through ``OpusTrack`` (silence, and
  a sung tone standing for speech), its clock set back so it never waits.

Frames go in faster than real time, so the figures leave out the timers a real call's
20 ms pacing costs. Run: ``.venv/bin/python bench/voice_cpu.py`` (``VOICE_CPU_ROUNDS``
rounds, 3 by default: the lowest of each is printed, the least disturbed by others).
"""

from __future__ import annotations

import asyncio
import os
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from loguru import logger
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
from pipecat.transports.smallwebrtc.transport import RawAudioTrack
from pipecat.turns.user_stop import TurnAnalyzerUserTurnStopStrategy
from pipecat.turns.user_turn_strategies import UserTurnStrategies
from pipecat.workers.runner import WorkerRunner

from tests.support.fake_vendors import FakeDeepgram
from voice_worker.call import RepAudioEnds
from voice_worker.hearing import speech_to_text
from voice_worker.models import CallTurn, CallVAD, CallVADProcessor, turn_models
from voice_worker.network import no_compression_to_deepgram
from voice_worker.observing import quiet_observers
from voice_worker.sending import OpusTrack
from voice_worker.settings import VoiceSettings

FRAMES = 3000  # a minute of 20 ms frames
ROUNDS = int(os.environ.get("VOICE_CPU_ROUNDS", "3"))
IN_FRAME = 640  # 20 ms at 16 kHz, 16-bit
OUT_RATE = 24_000


class Sink(FrameProcessor):
    async def process_frame(self, frame: Frame, direction: FrameDirection) -> None:
        await super().process_frame(frame, direction)
        await self.push_frame(frame, direction)


def deepgram_fake() -> str:
    """A Deepgram fake on a loop of its own (its CPU is not the call's)."""
    url: list[str] = []
    ready = threading.Event()

    async def serve() -> None:
        async with FakeDeepgram() as fake:
            url.append(fake.url)
            ready.set()
            await asyncio.Future()

    threading.Thread(target=lambda: asyncio.run(serve()), daemon=True).start()
    ready.wait()
    return url[0]


def rep_side(url: str | None) -> list[FrameProcessor]:
    """The call's processors between the input transport and the brain (``call.py``)."""
    if url is None:
        return [Sink()]
    settings = VoiceSettings.model_validate({"DEEPGRAM_API_KEY": "dg-bench", "deepgram_url": url})
    models = turn_models()
    vad = CallVADProcessor(CallVAD(models, sample_rate=16_000, params=VADParams(stop_secs=0.2)))
    turn = TurnAnalyzerUserTurnStopStrategy(turn_analyzer=CallTurn(models))
    user = LLMUserAggregator(
        LLMContext(),
        params=LLMUserAggregatorParams(user_turn_strategies=UserTurnStrategies(stop=[turn])),
    )
    return [vad, speech_to_text(settings, ["Zimmerman"]), user, RepAudioEnds(), Sink()]


async def rep_minute(url: str | None, audio: bytes) -> float:
    """CPU seconds of the loop's thread for a minute of ``audio`` (looped) in."""
    worker = PipelineWorker(
        Pipeline(rep_side(url)),
        params=PipelineParams(audio_in_sample_rate=16_000, enable_metrics=False),
        enable_turn_tracking=False,
        idle_timeout_secs=None,
    )
    quiet_observers(worker)
    runner = WorkerRunner(handle_sigint=False)
    await runner.add_workers(worker)
    running = asyncio.create_task(runner.run())
    await asyncio.sleep(1.5)  # connected and started
    chunks = len(audio) // IN_FRAME
    began = time.thread_time()
    for n in range(FRAMES):
        at = (n % chunks) * IN_FRAME
        chunk = audio[at : at + IN_FRAME]
        await worker.queue_frame(InputAudioRawFrame(chunk, sample_rate=16_000, num_channels=1))
        await asyncio.sleep(0.02 if n % 10 == 9 else 0)  # let the pipeline keep up
    await asyncio.sleep(1.0)
    spent = time.thread_time() - began
    await worker.cancel()
    await running
    return spent


async def hard_e_minute(pcm: bytes) -> float:
    """CPU seconds for a minute of pipecat's output track through ``OpusTrack``."""
    source = RawAudioTrack(OUT_RATE)
    track = OpusTrack(source)
    if pcm:
        source.add_audio_bytes(pcm)
    began = time.thread_time()
    for _ in range(FRAMES):
        source._start = time.time() - 1e6  # its clock far behind: it never waits
        await track.recv()
    return time.thread_time() - began


def lowest(measure: Callable[[], float]) -> float:
    return min(measure() for _ in range(ROUNDS))


def main() -> None:
    logger.remove()
    no_compression_to_deepgram()  # as the worker opens Deepgram's socket
    url = deepgram_fake()
    rng = np.random.default_rng(8)
    silence = bytes(IN_FRAME * 50)
    noise = (rng.standard_normal(IN_FRAME // 2 * 50) * 300).astype(np.int16).tobytes()
    driving = lowest(lambda: asyncio.run(rep_minute(None, silence)))
    quiet = lowest(lambda: asyncio.run(rep_minute(url, silence))) - driving
    noisy = lowest(lambda: asyncio.run(rep_minute(url, noise))) - driving
    t = np.arange(OUT_RATE * 60) / OUT_RATE
    tone = (np.sin(2 * np.pi * 220 * t) * 8000).astype(np.int16).tobytes()
    hush = lowest(lambda: asyncio.run(hard_e_minute(b"")))
    speech = lowest(lambda: asyncio.run(hard_e_minute(tone)))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"CPU seconds per call-minute (lowest of {ROUNDS}; load average {load}):")
    print(f"  the rep's side, digital silence: {quiet:5.2f} s ({quiet / 0.6:.1f} % of a core)")
    print(f"  the rep's side, room noise:      {noisy:5.2f} s ({noisy / 0.6:.1f} % of a core)")
    print(f"  Hard-E's side, silence:          {hush:5.2f} s ({hush / 0.6:.1f} % of a core)")
    print(f"  Hard-E's side, speaking:         {speech:5.2f} s ({speech / 0.6:.1f} % of a core)")
    print(f"  (the bench's own driving:        {driving:5.2f} s, taken off the rep's side)")
    print(f"RESULT voice_cpu_rep_quiet {quiet:.2f} s per call-minute")
    print(f"RESULT voice_cpu_rep_noise {noisy:.2f} s per call-minute")


if __name__ == "__main__":
    main()

"""Shared set-up for the voice benchmarks, in two processes so the thing measured does
not share an event loop (or the GIL) with the things measuring it:

- this process: the voice worker's server alone on loopback, for a demo company, with
  its calls in call processes as in production (``VOICE_BENCH_PROCESSES``, default one
  per core; 0: in this process), pipecat's latency observer and the audio pacing watch on
  every call (``measure``), and the memory of every worker process sampled;
- a child process (the "lab"): the vendor fakes — Deepgram's final 300 ms after the end
  of speech (the VAD's 200 ms silence window + 100 ms; its interim results as the rep
  speaks, all the words 150 ms after they end), Claude's first token after
  600 ms (the scripted Messages API server), Cartesia's first audio after 90 ms — and
  the reps' aiortc peers. A benchmark's ``scenario(lab)`` runs there; what it returns
  (plain numbers) comes back through a pipe.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import multiprocessing
import os
import re
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import uvicorn
from _harness import demo_company
from loguru import logger

from hard_e.bootstrap import use_services
from hard_e.local.seed import DEMO_EMAIL
from tests.support.anthropic_server import ScriptedAnthropic, text
from tests.support.fake_vendors import FakeCartesia, FakeDeepgram
from tests.support.voice_peer import RATE, synthesise
from voice_worker import pacing, stacks, timeline
from voice_worker.app import close, create_app, warm_up
from voice_worker.call import greeting
from voice_worker.metrics import TurnTiming
from voice_worker.models import QUIET_PEAK
from voice_worker.network import use_host_addresses
from voice_worker.pool import Pool
from voice_worker.settings import VoiceSettings

STT_MS, LLM_MS, TTS_MS = 300, 600, 90
VENDORS_S = (STT_MS + LLM_MS + TTS_MS) / 1000
# Deepgram's interim with all the rep's words, once this much silence follows them: the
# brain can start on it (voice_worker.speculation) before the final, 300 ms after
INTERIM_MS = 150
SPECULATING_S = (INTERIM_MS + LLM_MS + TTS_MS) / 1000
VAD_STOP_S = 0.2


class TimedCartesia(FakeCartesia):
    """Cartesia's fake noting, per context, when its first text came in and when its
    first audio went out (``time.monotonic()``): the voice's wait as the vendor side
    spent it, however busy the lab's loop was."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.first_audio: dict[str, tuple[float, float]] = {}  # context → (asked, sent)

    async def _speak(self, ws: Any, msg: dict[str, Any], before: list[Any]) -> None:
        context = str(msg.get("context_id", ""))
        if context in self.first_audio or not str(msg.get("transcript", "")).strip():
            await super()._speak(ws, msg, before)
            return
        await super()._speak(_FirstChunk(ws, self.first_audio, context), msg, before)


class _FirstChunk:
    """A websocket that notes when the first audio chunk of ``context`` is sent."""

    def __init__(self, ws: Any, into: dict[str, tuple[float, float]], context: str) -> None:
        self._ws, self._into, self._context = ws, into, context
        self._asked = time.monotonic()

    async def send(self, message: str) -> None:
        await self._ws.send(message)
        if self._context not in self._into and '"chunk"' in message[:40]:
            self._into[self._context] = (self._asked, time.monotonic())


@dataclass
class Lab:
    """What a scenario has in the child process: the worker's address, a rep's token,
    and the fakes to script."""

    url: str
    token: str
    claude: ScriptedAnthropic
    deepgram: FakeDeepgram
    cartesia: TimedCartesia


Scenario = Callable[[Lab], Awaitable[Any]]


@dataclass
class Outcome:
    """What came back: the scenario's result, the worker's own turn timings and audio
    pacing (one report per call process, ``voice_worker.pacing``), memory (all the
    worker's processes together, and each process's peak)."""

    result: Any
    timings: list[TurnTiming]
    rss_before_mb: float
    rss_peak_mb: float
    pacing: list[dict[str, Any]] = field(default_factory=list)
    process_peaks_mb: list[float] = field(default_factory=list)
    cpu_s: float = 0.0  # CPU time all the worker's processes used during the scenario
    wall_s: float = 0.0
    load: tuple[float, float, float] = field(default_factory=os.getloadavg)
    timelines: dict[str, list[Any]] = field(default_factory=dict)  # by pc_id (timeline.py)


def rss_mb(pid: int | None = None) -> float:
    try:
        with open(f"/proc/{pid or 'self'}/status") as status:
            line = next(x for x in status if x.startswith("VmRSS:"))
    except FileNotFoundError:  # a process that has just exited
        return 0.0
    return int(line.split()[1]) / 1024


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far; 0 once it has exited."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pids(worker: Any) -> list[int]:
    """The worker's processes: this one and its call processes (if it has them)."""
    return [os.getpid(), *(worker.pids() if isinstance(worker, Pool) else [])]


async def measurements(
    worker: Any,
) -> tuple[list[TurnTiming], list[dict[str, Any]], dict[str, list[Any]]]:
    """Every call's turn timings, every process's audio pacing and every call's
    timeline (``voice_worker.timeline``, by ``pc_id``), from wherever the calls ran."""
    if not isinstance(worker, Pool):
        return list(worker.latency.turns), [pacing.report()], timeline.report()
    stats = await worker.stats()
    turns = [
        TurnTiming(
            measured_from=t["measured_from"],
            total=t["total"],
            parts=tuple((label, owner, secs) for label, owner, secs in t["parts"]),
            user_turn=t["user_turn"],
        )
        for s in stats
        for t in s["turns"]
    ]
    calls = {call: moments for s in stats for call, moments in s.get("timeline", {}).items()}
    return turns, [s["pacing"] for s in stats], calls


def quiet_logs(level: str) -> None:
    """Pipecat logs every frame hop's set-up at DEBUG: writing that is not what we measure."""
    logger.remove()
    logger.add(sys.stderr, level=level)


def run(
    scenario: Scenario, *sentences: str, processes: int | None = None, measure: bool = True
) -> Outcome:
    """Start the lab, serve the worker until the scenario is done, return the outcome.
    ``sentences``: what Cartesia's fake will be asked to say (synthesised ahead);
    ``processes``: the worker's call processes (0: its calls in this process), else
    ``VOICE_BENCH_PROCESSES``, else the worker's default (one per core); ``measure``:
    pipecat's latency observers on every call (the breakdown; they cost CPU per frame)."""
    quiet_logs(os.environ.get("VOICE_BENCH_LOG", "INFO"))
    if processes is None and os.environ.get("VOICE_BENCH_PROCESSES"):
        processes = int(os.environ["VOICE_BENCH_PROCESSES"])
    return asyncio.run(_serve(scenario, sentences, processes, measure))


async def _serve(
    scenario: Scenario, sentences: tuple[str, ...], processes: int | None, measure: bool
) -> Outcome:
    spawn = multiprocessing.get_context("spawn")
    here, there = spawn.Pipe()
    lab = spawn.Process(target=_lab_main, args=(there, scenario, sentences), daemon=True)
    lab.start()
    fakes = await asyncio.to_thread(here.recv)
    with demo_company(
        {"ANTHROPIC_API_KEY": "test", "HARD_E_ANTHROPIC_BASE_URL": fakes["claude"]}
    ) as (services, principal, _sim):
        use_services(services)
        user = services.directory.find_user_by_email(DEMO_EMAIL)
        assert user is not None
        settings = VoiceSettings.model_validate(
            {
                "DEEPGRAM_API_KEY": "dg-bench",
                "deepgram_url": fakes["deepgram"],
                "CARTESIA_API_KEY": "ca-bench",
                "cartesia_url": fakes["cartesia"],
                "host_addresses": ["127.0.0.1"],
                "vad_stop_seconds": VAD_STOP_S,
                "max_calls": 50,
                "measure": measure,
                "watch_pacing": True,
                "log_level": os.environ.get("VOICE_BENCH_LOG", "INFO"),
                **({"processes": processes} if processes is not None else {}),
            }
        )
        app = create_app(settings)
        await warm_up(app.state.worker)
        pacing.forget()  # the warm-up's frames are not the figures
        timeline.forget()
        stalling = asyncio.create_task(stall_loop(os.environ.get("VOICE_BENCH_STALL", "")))
        stacks.dump_on_signal(asyncio.get_running_loop())  # the calls here, if processes=0
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        )
        serving = asyncio.create_task(server.serve())
        while not server.started:  # noqa: ASYNC110 - uvicorn offers no event
            await asyncio.sleep(0.01)
        port = server.servers[0].sockets[0].getsockname()[1]
        pids = worker_pids(app.state.worker)
        before = peak = sum(rss_mb(p) for p in pids)
        peaks = [rss_mb(p) for p in pids]

        async def dump_later(after: float) -> None:
            """Every call process's tasks written to a file (``voice_worker.stacks``)
            ``after`` seconds in: where a stuck call waits, while it is stuck."""
            await asyncio.sleep(after)
            for pid in worker_pids(app.state.worker):  # as they are now (restarts)
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGUSR1)

        dump_after = os.environ.get("VOICE_BENCH_DUMP_AFTER")
        dumping = asyncio.create_task(dump_later(float(dump_after))) if dump_after else None

        async def watch() -> None:
            nonlocal peak
            while True:
                each = [rss_mb(p) for p in pids]
                peak = max(peak, sum(each))
                peaks[:] = [max(a, b) for a, b in zip(peaks, each, strict=True)]
                await asyncio.sleep(0.2)

        watcher = asyncio.create_task(watch())
        cpu_before, began = sum(cpu_seconds(p) for p in pids), time.monotonic()
        try:
            here.send(
                {
                    "url": f"http://127.0.0.1:{port}",
                    "token": services.tokens.issue(user).token,
                    "greeting": greeting(services, principal),
                }
            )
            reply = await asyncio.to_thread(here.recv)
            cpu = sum(cpu_seconds(p) for p in pids) - cpu_before
            wall = time.monotonic() - began
            timings, paced, timelines = await measurements(app.state.worker)
        finally:
            watcher.cancel()
            stalling.cancel()
            if dumping is not None:
                dumping.cancel()
            await close(app.state.worker)
            server.should_exit = True
            await serving
    await asyncio.to_thread(lab.join, 30)
    if "error" in reply:
        raise RuntimeError(f"the lab failed:\n{reply['error']}")
    outcome = Outcome(reply["result"], timings, before, peak, paced, peaks, cpu, wall)
    outcome.timelines = timelines
    return outcome


async def stall_loop(spec: str) -> None:
    """``VOICE_BENCH_STALL=ms/every_ms`` (e.g. ``30/50``): block this process's event loop
    for ``ms`` of every ``every_ms`` with a plain sleep — a loop that falls behind as a
    busy one does, reproducible on a quiet or a loaded machine alike and costing the
    machine no CPU. Meant with ``VOICE_BENCH_PROCESSES=0`` (the calls on this loop)."""
    if not spec:
        return
    blocked, every = (float(x) / 1000 for x in spec.split("/"))
    while True:
        time.sleep(blocked)  # noqa: ASYNC251 - the point: the loop does nothing meanwhile
        await asyncio.sleep(max(0.0, every - blocked))


def _lab_main(conn: Connection, scenario: Scenario, sentences: tuple[str, ...]) -> None:
    quiet_logs("WARNING")
    asyncio.run(_lab(conn, scenario, sentences))


async def _lab(conn: Connection, scenario: Scenario, sentences: tuple[str, ...]) -> None:
    import traceback

    use_host_addresses(["127.0.0.1"])  # the peers offer loopback candidates only
    claude = ScriptedAnthropic()
    with claude:
        async with (
            FakeDeepgram(
                final_delay=STT_MS / 1000 - VAD_STOP_S, interim_lag=INTERIM_MS / 1000
            ) as dg,
            TimedCartesia(first_audio_delay=TTS_MS / 1000) as ca,
        ):
            conn.send({"claude": claude.base_url, "deepgram": dg.url, "cartesia": ca.url})
            worker = await asyncio.to_thread(conn.recv)
            for said in (worker["greeting"], *sentences):
                FakeCartesia.prepare(*re.split(r"(?<=[.?!])\s+", said))
            await _warm_peers()
            try:
                result = await scenario(Lab(worker["url"], worker["token"], claude, dg, ca))
            except BaseException:
                conn.send({"error": traceback.format_exc()})
                raise
            conn.send({"result": result})


async def _warm_peers() -> None:
    """One offer made and dropped, so the first rep's phone is not a cold Python process
    (aiortc's first certificate and codec set-up); the worker is not touched."""
    from aiortc import RTCConfiguration, RTCPeerConnection

    pc = RTCPeerConnection(RTCConfiguration(iceServers=[]))
    pc.addTransceiver("audio")
    await pc.setLocalDescription(await pc.createOffer())
    await pc.close()


def speech_of(words: str) -> tuple[np.ndarray, float]:
    """The rep saying ``words``, cut to the speech (no leading or trailing near-silence),
    and the seconds of silence cut from its end: "end of speech" is the speech's own."""
    pcm = synthesise(words)
    sounding = np.flatnonzero(np.abs(pcm) >= QUIET_PEAK)
    return pcm[sounding[0] : sounding[-1] + 1], (len(pcm) - 1 - sounding[-1]) / RATE


LEARNER_REPLY = '{"summary": "", "items": []}'  # the memory learner's JSON: nothing new
LEARNER_ASKS = "pick out what is worth remembering"  # in the learner's system prompt


def script_learner(lab: Lab) -> int:
    """Answer the memory learner, which reads each call with Claude when it ends.

    Queue this after a call's turns; ``await learner_done(...)`` after hanging up. Without
    it the learner takes the next call's first scripted answer and, call by call, the
    script runs short, so later turns fall back to the offline brain."""
    lab.claude.reply(text(LEARNER_REPLY))
    return sum(LEARNER_ASKS in json.dumps(r.system) for r in lab.claude.requests)


async def learner_done(lab: Lab, before: int, within: float = 30.0) -> None:
    """Wait until the learner has asked about the call just ended, then drop what the
    call did not use (a cut-off turn that never reached the brain), so the next call's
    script starts clean."""
    deadline = time.monotonic() + within
    while sum(LEARNER_ASKS in json.dumps(r.system) for r in lab.claude.requests) <= before:
        if time.monotonic() > deadline:
            raise TimeoutError("the memory learner did not read the call")
        await asyncio.sleep(0.05)
    lab.claude.clear()


def breakdown_table(timings: list[TurnTiming], percentile: Callable[..., float]) -> list[str]:
    """The worker's own view of each turn, part by part (pipecat's labels): p50 / p95."""
    turns = [t for t in timings if t.measured_from == "user_silence"]
    if not turns:
        return ["(no turn was measured by the worker's latency observer)"]
    labels: list[str] = []
    for t in turns:
        labels += [label for label, _, _ in t.parts if label not in labels]
    lines = [f"worker's latency observer, {len(turns)} turns (p50 / p95):"]
    for label in labels:
        samples = [t.seconds(label) for t in turns]
        owners = sorted({o for t in turns for part, o, _ in t.parts if part == label})
        lines.append(
            f"  {label:<22} {percentile(samples, 50):6.0f} / {percentile(samples, 95):6.0f} ms"
            f"  [{', '.join(owners)}]"
        )
    totals = [t.total for t in turns]
    lines.append(
        f"  {'TOTAL':<22} {percentile(totals, 50):6.0f} / {percentile(totals, 95):6.0f} ms"
    )
    return lines


# A turn from the rep's side, part by part: end of speech → the worker has heard it (the
# VAD's stop less its silence window) → the transcript the brain started on → the brain
# asked → its first words → the output transport speaking → the rep hearing it.
TURN_PARTS = (
    ("hearing", "ours: the rep's audio reaching the worker's VAD"),
    ("STT wait", "vendor: Deepgram's transcript"),
    ("turn decision", "ours: transcript → brain asked"),
    ("brain", "ours: brain asked → its first words, less Claude's"),
    ("Claude", "vendor (modelled: the fake waits in a thread of its own)"),
    ("voice", "ours: first words → speaking, less Cartesia's"),
    ("Cartesia", "vendor (as its fake spent it)"),
    ("rep's phone", "rig: output track, network, the peer's jitter buffer"),
)
VENDOR_PARTS = ("STT wait", "Claude", "Cartesia")
RIG_PARTS = ("rep's phone",)


@dataclass(frozen=True)
class TurnParts:
    """One turn split on the worker's timeline (``voice_worker.timeline``): the parts
    tile end of speech → heard, so they sum to the turn; "ours" is the turn less the
    vendors' time actually spent in it and less the rep's phone."""

    total: float
    parts: dict[str, float]
    speculated: bool  # the brain started on Deepgram's interim
    vad_window_on_path: float  # how much of the VAD's silence window the brain waited for

    @property
    def ours(self) -> float:
        return self.total - sum(self.parts[p] for p in (*VENDOR_PARTS, *RIG_PARTS))


def split_turn(
    ended: float,
    heard: float,
    moments: list[tuple[float, str, str]],
    first_audio: dict[str, tuple[float, float]],
    *,
    vad_stop_s: float = VAD_STOP_S,
    llm_s: float = LLM_MS / 1000,
) -> TurnParts | None:
    """The turn the rep ended speaking at ``ended`` and first heard the answer at
    ``heard`` (``time.monotonic()``, any process), from the worker's ``moments`` of that
    call and Cartesia's fake's ``first_audio`` (context → (asked, sent)); None when a
    moment is missing (a turn the worker did not answer with speech). Each point is
    kept at or after the one before, so no part is negative."""
    during = sorted(m for m in moments if ended - 1.0 <= m[0] <= heard)
    texts = [at for at, kind, _ in during if kind == "text" and at >= ended]
    if not texts:
        return None
    asked = [m for m in during if m[1] == "brain" and m[0] <= texts[0]]
    stops = [at for at, kind, _ in during if kind == "vad_stop" and at >= ended - 0.2]
    if not asked or not stops:
        return None
    brain_at, _, how = asked[-1]
    words = [at for at, kind, _ in during if kind in ("interim", "final") and at <= brain_at]
    speaking = [at for at, kind, _ in during if kind == "speaking" and at >= texts[0]]
    voices = [(at, ctx) for at, kind, ctx in during if kind == "tts" and at >= brain_at]
    if not speaking:
        return None
    points = [ended]
    for at in (
        stops[0] - vad_stop_s,
        words[-1] if words else brain_at,
        brain_at,
        texts[0],
        speaking[0],
        heard,
    ):
        points.append(min(max(at, points[-1]), heard))
    hearing, stt, decision, brain, voice, phone = (b - a for a, b in itertools.pairwise(points))
    spent = first_audio.get(voices[0][1]) if voices else None
    cartesia = min(voice, spent[1] - spent[0]) if spent else min(voice, TTS_MS / 1000)
    claude = min(brain, llm_s)
    window_end = points[1] + vad_stop_s
    return TurnParts(
        total=heard - ended,
        parts={
            "hearing": hearing,
            "STT wait": stt,
            "turn decision": decision,
            "brain": brain - claude,
            "Claude": claude,
            "voice": voice - cartesia,
            "Cartesia": cartesia,
            "rep's phone": phone,
        },
        speculated=how == "speculation",
        vad_window_on_path=max(0.0, window_end - points[2]) if brain_at >= window_end else 0.0,
    )


def turn_table(turns: list[TurnParts], percentile: Callable[..., float], slowest: int) -> list[str]:
    """Each part's p50 / p95 over the turns, then the ``slowest`` turns part by part."""
    if not turns:
        return ["(no turn could be split on the worker's timeline)"]
    lines = [f"each turn part by part ({len(turns)} turns, p50 / p95 ms):"]
    for name, what in TURN_PARTS:
        samples = [t.parts[name] for t in turns]
        lines.append(
            f"  {name:<14} {percentile(samples, 50):5.0f} / {percentile(samples, 95):5.0f}  {what}"
        )
    ours = [t.ours for t in turns]
    lines.append(f"  {'ours':<14} {percentile(ours, 50):5.0f} / {percentile(ours, 95):5.0f}")
    head = "  ".join(f"{name[:9]:>9}" for name, _ in TURN_PARTS)
    lines.append(f"the {slowest} slowest turns by ours (ms):")
    lines.append(f"  {'turn':>5}  {'ours':>5}  {head}")
    for t in sorted(turns, key=lambda t: -t.ours)[:slowest]:
        row = "  ".join(f"{t.parts[name] * 1000:9.0f}" for name, _ in TURN_PARTS)
        lines.append(f"  {t.total * 1000:5.0f}  {t.ours * 1000:5.0f}  {row}")
    return lines

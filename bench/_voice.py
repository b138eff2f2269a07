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

import uvicorn
from _harness import demo_company
from loguru import logger

from hard_e.bootstrap import use_services
from hard_e.local.seed import DEMO_EMAIL
from tests.support.anthropic_server import ScriptedAnthropic, text
from tests.support.fake_vendors import FakeCartesia, FakeDeepgram
from voice_worker import pacing, stacks
from voice_worker.app import close, create_app, warm_up
from voice_worker.call import greeting
from voice_worker.metrics import TurnTiming
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


@dataclass
class Lab:
    """What a scenario has in the child process: the worker's address, a rep's token,
    and the fakes to script."""

    url: str
    token: str
    claude: ScriptedAnthropic
    deepgram: FakeDeepgram


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


async def measurements(worker: Any) -> tuple[list[TurnTiming], list[dict[str, Any]]]:
    """Every call's turn timings and every process's audio pacing, from wherever the
    calls ran."""
    if not isinstance(worker, Pool):
        return list(worker.latency.turns), [pacing.report()]
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
    return turns, [s["pacing"] for s in stats]


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
            timings, paced = await measurements(app.state.worker)
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
    return Outcome(reply["result"], timings, before, peak, paced, peaks, cpu, wall)


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
            FakeCartesia(first_audio_delay=TTS_MS / 1000) as ca,
        ):
            conn.send({"claude": claude.base_url, "deepgram": dg.url, "cartesia": ca.url})
            worker = await asyncio.to_thread(conn.recv)
            for said in (worker["greeting"], *sentences):
                FakeCartesia.prepare(*re.split(r"(?<=[.?!])\s+", said))
            await _warm_peers()
            try:
                result = await scenario(Lab(worker["url"], worker["token"], claude, dg))
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

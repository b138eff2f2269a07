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

Each turn is split part by part (:func:`split_turn`) on the worker's own timeline of the
call (``voice_worker.timeline``, every call's moments with ``watch_pacing``) and the
time Deepgram's and Cartesia's fakes spent on it, found by the ids both sides know
(Deepgram's ``request_id``, Cartesia's context id: :meth:`Lab.vendor_times`).
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
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
import uvicorn
from _harness import demo_company
from loguru import logger

from hard_e.bootstrap import use_services
from hard_e.local.seed import DEMO_EMAIL
from tests.support.anthropic_server import ScriptedAnthropic, text
from tests.support.fake_vendors import SPEECH_RMS, FakeCartesia, FakeDeepgram
from tests.support.voice_peer import RATE, synthesise
from voice_worker import pacing, stacks
from voice_worker.app import close, create_app, warm_up
from voice_worker.call import greeting
from voice_worker.metrics import TurnTiming
from voice_worker.models import QUIET_PEAK
from voice_worker.network import use_host_addresses
from voice_worker.pool import Pool
from voice_worker.settings import VoiceSettings
from voice_worker.timeline import Moment, moments_of

STT_MS, LLM_MS, TTS_MS = 300, 600, 90
VENDORS_S = (STT_MS + LLM_MS + TTS_MS) / 1000
# Deepgram's interim with all the rep's words, once this much silence follows them: the
# brain can start on it (voice_worker.speculation) before the final, 300 ms after
INTERIM_MS = 150
SPECULATING_S = (INTERIM_MS + LLM_MS + TTS_MS) / 1000
VAD_STOP_S = 0.2


Spent = dict[str, tuple[float, float]]  # a vendor's id → (asked, answered), time.monotonic()


class TimedCartesia(FakeCartesia):
    """Cartesia's fake noting, per context (the id the worker chose), when its first text
    came in and when its first audio went out: the voice's wait as the vendor side spent
    it, however busy the lab's loop was."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.first_audio: Spent = {}

    async def _speak(self, ws: Any, msg: dict[str, Any], before: list[Any]) -> None:
        context = str(msg.get("context_id", ""))
        if context in self.first_audio or not str(msg.get("transcript", "")).strip():
            await super()._speak(ws, msg, before)
            return
        chunks = _FirstChunk(ws, self.first_audio, context)  # stands in for the connection
        await super()._speak(cast(Any, chunks), msg, before)


class _FirstChunk:
    """A websocket that notes when the first audio chunk of ``context`` is sent."""

    def __init__(self, ws: Any, into: Spent, context: str) -> None:
        self._ws, self._into, self._context = ws, into, context
        self._asked = time.monotonic()

    async def send(self, message: str) -> None:
        await self._ws.send(message)
        if self._context not in self._into and json.loads(message).get("type") == "chunk":
            self._into[self._context] = (self._asked, time.monotonic())


class TimedDeepgram(FakeDeepgram):
    """Deepgram's fake noting, per result (its ``request_id``, which the worker's
    timeline notes too), when the wait for it began and when it was sent: a final's from
    the ``Finalize`` that asked for it, an interim's from the first silence after the
    rep's speech (the interim with all the words waits for ``interim_lag`` of it)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.answered: Spent = {}

    async def _handle(self, ws: Any) -> None:
        await super()._handle(cast(Any, _TimedListen(ws, self.answered)))


class _TimedListen:
    """A Deepgram websocket that notes when each result's wait began and ended."""

    def __init__(self, ws: Any, into: Spent) -> None:
        self._ws, self._into = ws, into
        self.request = ws.request
        self._finalized = self._quiet = 0.0

    async def __aiter__(self) -> AsyncIterator[str | bytes]:
        async for message in self._ws:
            now = time.monotonic()
            if isinstance(message, bytes):
                pcm = np.frombuffer(message[: len(message) // 2 * 2], dtype=np.int16)
                loud = len(pcm) and np.sqrt(np.mean(pcm.astype(np.float64) ** 2)) > SPEECH_RMS
                self._quiet = 0.0 if loud else (self._quiet or now)
            elif '"Finalize"' in message:
                self._finalized = now
            yield message

    async def send(self, message: str) -> None:
        await self._ws.send(message)
        result = json.loads(message)
        asked = self._finalized if result.get("is_final") else self._quiet
        self._into[result["metadata"]["request_id"]] = (asked or time.monotonic(), time.monotonic())

    async def close(self) -> None:
        await self._ws.close()


@dataclass
class Lab:
    """What a scenario has in the child process: the worker's address, a rep's token,
    and the fakes to script."""

    url: str
    token: str
    claude: ScriptedAnthropic
    deepgram: TimedDeepgram
    cartesia: TimedCartesia

    def vendor_times(self) -> Spent:
        """Deepgram's results and Cartesia's first audio, as the fakes spent them, by
        the id each has on the worker's timeline (uuids: the two never collide)."""
        return {**self.deepgram.answered, **self.cartesia.first_audio}


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
    timelines: dict[str, list[Moment]] = field(default_factory=dict)  # by pc_id (timeline.py)


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
) -> tuple[list[TurnTiming], list[dict[str, Any]], dict[str, list[Moment]]]:
    """Every call's turn timings, every process's audio pacing and every call's
    timeline (``voice_worker.timeline``, by ``pc_id``), from wherever the calls ran."""
    if not isinstance(worker, Pool):
        return list(worker.latency.turns), [pacing.report()], worker.timelines.take()
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
    calls = {call: moments_of(raw) for s in stats for call, raw in s["timeline"].items()}
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
            TimedDeepgram(
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


def speech_of(words: str) -> tuple[np.ndarray[Any, Any], float]:
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


# A turn from the rep's side, part by part, on the worker's timeline: the parts tile end
# of speech → first reply audio heard along the path the reply waited on. The brain
# started on Deepgram's interim (a speculation): heard → interim → brain asked → its first
# words (Claude's, unless the final's confirmation came later: then, as without a
# speculation, heard → the VAD's stop → the final → the words confirmed or the brain
# asked → its first words) → speaking → the rep hearing it.
TURN_PARTS = (  # (name, whose, what)
    ("hearing", "ours", "the rep's audio reaching the worker's VAD (its stop less the window)"),
    ("VAD window", "setting", "the VAD's silence window, when the turn waited on it"),
    ("to Deepgram", "ours", "audio or Finalize out, the transcript back, less Deepgram's"),
    ("Deepgram", "vendor", "the transcript the turn waited on, as its fake spent it"),
    ("turn decision", "ours", "that transcript → brain asked (or its words confirmed)"),
    ("brain", "ours", "→ the brain's first words, less Claude's"),
    ("Claude", "vendor", "modelled: its fake waits in a thread of its own"),
    ("sentence split", "ours", "→ the first sentence's text at Cartesia"),
    ("Cartesia", "vendor", "text in → first audio out, as its fake spent it"),
    ("to speaking", "ours", "→ the output transport speaking (TTS service, filters)"),
    ("rep's phone", "rig", "output track, loopback, the peer's jitter buffer"),
)
OURS = tuple(name for name, whose, _ in TURN_PARTS if whose == "ours")
VENDORS = tuple(name for name, whose, _ in TURN_PARTS if whose == "vendor")


@dataclass(frozen=True)
class TurnParts:
    """One turn split on the worker's timeline (``voice_worker.timeline``): the parts
    (:data:`TURN_PARTS`) sum to the turn; "ours" is the turn less the vendors' time
    spent on its path, the VAD's silence window and the rep's phone."""

    total: float
    parts: dict[str, float]
    speculated: bool  # the brain started on Deepgram's interim
    unmatched: tuple[str, ...] = ()  # vendors not found with the moment's id: none of theirs

    @property
    def ours(self) -> float:
        return sum(self.parts[name] for name in OURS)


def split_turn(
    ended: float,
    heard: float,
    moments: list[Moment],
    spent: Spent,
    *,
    vad_stop_s: float = VAD_STOP_S,
    llm_s: float = LLM_MS / 1000,
) -> TurnParts | None:
    """The turn the rep ended speaking at ``ended`` and first heard the answer at
    ``heard`` (``time.monotonic()``, any process), from the worker's ``moments`` of that
    call and the fakes' ``spent`` (:meth:`Lab.vendor_times`); None when a moment is
    missing (a turn the worker did not answer with speech). Each point is kept at or
    after the one before, so no part is negative, and a vendor is given no more than
    the stretch of the path it was waited on in."""
    # the rep's phone and the worker a hair out of step: a moment just after is still its
    during = sorted(m for m in moments if ended - 1.0 <= m[0] <= heard + 0.05)

    def first(kinds: tuple[str, ...], after: float) -> Moment | None:
        return next((m for m in during if m[1] in kinds and m[0] >= after), None)

    def last(kinds: tuple[str, ...], before: float) -> Moment | None:
        return next((m for m in reversed(during) if m[1] in kinds and m[0] <= before), None)

    text = first(("text",), ended)
    if text is None:
        return None
    brain = last(("brain",), text[0])
    stop = first(("vad_stop",), ended - vad_stop_s)
    speaking = first(("speaking",), text[0])
    if brain is None or stop is None or speaking is None:
        return None
    speculated = brain[2] == "speculation"
    confirmed = first(("confirmed",), brain[0]) if speculated else None
    # a speculation's words wait for the final: on the path if it came after Claude's
    via_final = not speculated or (confirmed is not None and confirmed[0] > brain[0] + llm_s)
    decided = confirmed if speculated and via_final else brain
    assert decided is not None
    heard_at = stop[0] - vad_stop_s
    if via_final:
        transcript = last(("final",), decided[0])
        window_end = stop[0]
    else:
        transcript = last(("interim", "final"), brain[0])
        window_end = heard_at  # the brain did not wait for the VAD
    points = [ended]
    for at in (
        heard_at,
        window_end,
        transcript[0] if transcript else decided[0],
        decided[0],
        text[0],
        speaking[0],
        heard,
    ):
        points.append(min(max(at, points[-1]), heard))
    hearing, window, stt, decision, thinking, _, phone = (
        b - a for a, b in itertools.pairwise(points)
    )
    unmatched: list[str] = []

    def vendor(name: str, key: str) -> tuple[float, float] | None:
        if key not in spent:  # not this vendor's: an offline engine of ours (or a cache)
            unmatched.append(name)
        return spent.get(key)

    # each vendor's wait as its fake spent it, cut to the stretch of the path it is on
    dg = vendor("Deepgram", transcript[2] if transcript else "")
    asked, answered = _within(dg, points[2], points[3])
    deepgram = answered - asked
    context = first(("tts",), brain[0])
    ca = vendor("Cartesia", context[2] if context and context[0] <= speaking[0] else "")
    said, speaks = points[5], points[6]  # the first words, speaking (as kept in order)
    asked, answered = _within(ca, said, speaks)
    split, cartesia, out = asked - said, answered - asked, speaks - answered
    # a speculation confirmed after Claude's words: Claude ran off the path
    claude = 0.0 if speculated and via_final else min(thinking, llm_s)
    return TurnParts(
        total=heard - ended,
        parts={
            "hearing": hearing,
            "VAD window": window,
            "to Deepgram": stt - deepgram,
            "Deepgram": deepgram,
            "turn decision": decision,
            "brain": thinking - claude,
            "Claude": claude,
            "sentence split": split,
            "Cartesia": cartesia,
            "to speaking": out,
            "rep's phone": phone,
        },
        speculated=speculated,
        unmatched=tuple(unmatched),
    )


def _within(times: tuple[float, float] | None, start: float, end: float) -> tuple[float, float]:
    """``times`` (asked, answered) cut to start → end; none: an empty span at the start."""
    asked, answered = times or (start, start)
    asked = min(max(asked, start), end)
    return asked, min(max(answered, asked), end)


def split_all(
    turns: list[tuple[str, float, float]], timelines: dict[str, list[Moment]], spent: Spent
) -> tuple[list[TurnParts], list[float]]:
    """Every answered turn, (call's ``pc_id``, end of speech, reply heard), split on its
    call's timeline; and the turns (seconds) that could not be."""
    split: list[TurnParts] = []
    unsplit: list[float] = []
    for call, ended, heard in turns:
        parts = split_turn(ended, heard, timelines.get(call, []), spent)
        if parts is None:
            unsplit.append(heard - ended)
        else:
            split.append(parts)
    return split, unsplit


def vad_window_lines(turns: list[TurnParts], percentile: Callable[..., float]) -> list[str]:
    """The VAD's silence window, a setting kept out of "ours": how often a turn waited
    on it (the others started on Deepgram's interim before it ended)."""
    waited = [t.parts["VAD window"] for t in turns]
    on_path = sum(w > 0 for w in waited)
    return [
        f"VAD silence window {VAD_STOP_S * 1000:.0f} ms (a setting, not in ours): on the path "
        f"of {on_path} of {len(turns)} turns, p95 {percentile(waited, 95):.0f} ms; "
        f"{sum(t.speculated for t in turns)} turns started on Deepgram's interim"
    ]


def turn_table(turns: list[TurnParts], percentile: Callable[..., float], slowest: int) -> list[str]:
    """Each part's p50 / p95 over the turns, then the ``slowest`` turns part by part."""
    if not turns:
        return ["(no turn could be split on the worker's timeline)"]
    lines = [f"each turn part by part ({len(turns)} turns, p50 / p95 ms):"]
    for name, whose, what in TURN_PARTS:
        samples = [t.parts[name] for t in turns]
        lines.append(
            f"  {name:<14} {percentile(samples, 50):5.0f} / {percentile(samples, 95):5.0f}"
            f"  {whose}: {what}"
        )
    ours = [t.ours for t in turns]
    lines.append(f"  {'ours':<14} {percentile(ours, 50):5.0f} / {percentile(ours, 95):5.0f}")
    totals = [t.total for t in turns]
    lines.append(f"  {'TURN':<14} {percentile(totals, 50):5.0f} / {percentile(totals, 95):5.0f}")
    for name in VENDORS:
        if unmatched := sum(name in t.unmatched for t in turns):
            lines.append(
                f"  ({unmatched} turns with no {name} time under the id on the worker's "
                "timeline: an offline engine of ours did its part, counted as ours)"
            )
    head = " ".join(f"{name[:8]:>8}" for name, _, _ in TURN_PARTS)
    lines.append(f"the {slowest} slowest turns by ours (ms; s: started on the interim):")
    lines.append(f"  {'turn':>5} {'ours':>5}   {head}")
    for t in sorted(turns, key=lambda t: -t.ours)[:slowest]:
        row = " ".join(f"{t.parts[name] * 1000:8.0f}" for name, _, _ in TURN_PARTS)
        flag = "s" if t.speculated else " "
        lines.append(f"  {t.total * 1000:5.0f} {t.ours * 1000:5.0f} {flag} {row}")
    return lines

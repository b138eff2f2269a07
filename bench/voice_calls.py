"""Ten (``VOICE_BENCH_CALLS``) simultaneous calls on this 2-core machine, vendors modelled
by local fakes (see ``_voice.py``): per-turn end of speech → first bot audio, what is
ours (each turn split on the worker's own timeline, ``_voice.split_turn``: less the
vendors' time as their fakes spent it on the turn's path, the VAD's silence window and
the rep's phone), gaps in the audio, and the worker's memory per call.

Processes: the worker's server runs alone in this one, its calls in its call processes
(one per core, as in production; ``VOICE_BENCH_PROCESSES`` to choose, 0 for none); the
fakes in the lab child process (``_voice.py``); the reps' aiortc peers are spread over
``VOICE_BENCH_PEER_PROCESSES`` (2) further processes started by the lab, so ten real-
time audio streams (Opus encode, decode, SRTP) are not all carried by one event loop and
one GIL next to the fakes. Each rep's microphone sends the question Opus-encoded ahead
(``EncodedMicrophone``: the same speech, paced the same, without a thread hand-off per
20 ms frame); what comes back is decoded in full, as the gap and speech checks need.
Every call still speaks, is heard and gets a spoken reply; a turn whose reply is not
heard within 60 s is counted.

Where a delay comes from, side by side: how far the reps' microphones fall behind their
own clock (the rig), how far the worker's reading of each rep falls behind that rep's
media clock (the worker's input), how far the worker's output track falls behind its
clock (its output), and how far what a rep receives falls behind the worker's.

Gaps are counted on both sides, since either process can cause them:

- sent (the worker's, ``voice_worker.pacing`` in each call process): the time between
  two audio frames the worker's WebRTC track hands to aiortc (``RawAudioTrack.recv``,
  10 ms each, silence between replies) above 100 ms — the worker's outbound pacing stalled;
- received (the rig's): the time between two decoded frames a peer reads above 100 ms —
  what a rep would hear as a drop-out, whichever side caused it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import pickle
import sys
import time
from fractions import Fraction
from functools import cache
from typing import Any

import av
import numpy as np
from _harness import percentile_ms as _percentile_ms
from _voice import (
    LLM_MS,
    SPECULATING_S,
    Lab,
    _warm_peers,
    breakdown_table,
    quiet_logs,
    run,
    speech_of,
    split_all,
    turn_table,
    vad_window_lines,
)
from aiortc import MediaStreamTrack
from aiortc.codecs.opus import OpusEncoder
from aiortc.mediastreams import MediaStreamError

from tests.support.anthropic_server import text
from tests.support.voice_peer import FRAME, RATE, SPEAKING_RMS, Microphone, Peer

CALLS = int(os.environ.get("VOICE_BENCH_CALLS", "10"))
PEER_PROCESSES = int(os.environ.get("VOICE_BENCH_PEER_PROCESSES", "2"))
GAP_S = 0.1
PEERS_FLAG = "--peers"  # this script run as a peer process: arguments pickled on stdin
TURNS = 2
SLOWEST = 6  # turns printed part by part
QUESTION = "What's the status of the Zimmerman job?"
ANSWER = "The Zimmerman job is in install scheduled. The crew starts Monday at eight."


def percentile_ms(samples: list[float], p: float) -> float:
    """As ``_harness.percentile_ms``; infinite when nothing was measured (a failed run)."""
    return _percentile_ms(samples, p) if samples else float("inf")


@cache
def _opus(pcm_id: int, pcm: bytes) -> tuple[bytes, ...]:
    """48 kHz int16 mono speech as 20 ms Opus packets (aiortc's encoder), once per clip."""
    encoder = OpusEncoder()
    samples = np.frombuffer(pcm, dtype=np.int16)
    samples = np.concatenate([samples, np.zeros(-len(samples) % FRAME, dtype=np.int16)])
    packets: list[bytes] = []
    for at in range(0, len(samples) + 2 * FRAME, FRAME):  # + flush the resampler
        chunk = samples[at : at + FRAME]
        chunk = np.concatenate([chunk, np.zeros(FRAME - len(chunk), dtype=np.int16)])
        frame = av.AudioFrame.from_ndarray(chunk.reshape(1, -1), format="s16", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = RATE, at, Fraction(1, RATE)
        packets += encoder.encode(frame)[0]
    return tuple(packets[: len(samples) // FRAME])


class EncodedMicrophone(Microphone):
    """The rep's microphone with its audio Opus-encoded ahead (once per clip, silence
    once), so the peer's sender packs ready packets instead of handing every 20 ms
    frame to a thread to encode: with five reps a process those hand-offs fell behind
    real time. What is sent is the same speech, paced the same way."""

    def __init__(self) -> None:
        super().__init__()
        self._packets: list[bytes] = []
        self._tail = FRAME  # samples of speech in the last packet
        self.behind = 0.0  # the most the sender fell behind the microphone's clock

    def say(self, pcm: np.ndarray) -> None:  # type: ignore[type-arg]
        speech = pcm.astype(np.int16)
        self._packets += _opus(id(pcm), speech.tobytes())
        self._tail = len(speech) % FRAME or FRAME
        self.speech_started_at = self.speech_ended_at = None

    @property
    def speaking(self) -> bool:
        return bool(self._packets)

    async def recv(self) -> Any:
        if self._start is None:
            self._start = time.monotonic()
        wait = self._start + self._sent / RATE - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)
        self.behind = max(self.behind, -wait)  # the peer's sender asked this late
        if self._packets:
            payload = self._packets.pop(0)
            if self.speech_started_at is None:
                self.speech_started_at = time.monotonic()
            if not self._packets:
                self.speech_ended_at = time.monotonic() + self._tail / RATE
        else:
            payload = _silence()
        packet = av.Packet(payload)
        packet.pts, packet.time_base = self._sent, Fraction(1, RATE)
        self._sent += FRAME
        return packet


@cache
def _silence() -> bytes:
    return _opus(0, bytes(2 * FRAME * 3))[1]


class TimedPeer(Peer):
    """A rep's phone (with the pre-encoded microphone) that also notes each received
    frame's media time (its RTP clock), so a backlog of audio on its way to the rep
    shows as arrival falling behind it."""

    def __init__(self, url: str, token: str) -> None:
        super().__init__(url, token)
        self.mic = EncodedMicrophone()
        (sender,) = self.pc.getSenders()
        sender.replaceTrack(self.mic)
        self.media: list[tuple[float, float]] = []  # (arrival, media seconds)

    async def _read(self, track: MediaStreamTrack) -> None:
        while True:
            try:
                frame = await track.recv()
            except MediaStreamError:
                return
            pcm = frame.to_ndarray().reshape(-1)
            rms = float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2))) if len(pcm) else 0.0
            now = time.monotonic()
            self.heard.frames.append((now, rms))
            self.media.append((now, float(frame.pts * frame.time_base)))

    def behind(self) -> float:
        """The most the arrivals fell behind the media clock since the first frame."""
        if not self.media:
            return 0.0
        t0, m0 = self.media[0]
        return max((t - t0) - (m - m0) for t, m in self.media)


async def call(
    url: str, token: str, question: object, start_after: float
) -> tuple[list[tuple[float, float]], int, float, list[str], float, str]:
    """One rep: greeted, then TURNS questions, each answered aloud. What went wrong (a
    turn with no reply heard) is noted and the call goes on, so one stuck call does not
    hide the other nine's figures."""
    await asyncio.sleep(start_after)
    peer = TimedPeer(url, token)
    await peer.connect()
    failed: list[str] = []
    took = []
    try:
        greeted, _ = await peer.wait_for("bot-started-speaking", within=60)
        await peer.wait_for("bot-stopped-speaking", after=greeted, within=60)
        for _ in range(TURNS):
            peer.say(question)  # type: ignore[arg-type]
            await peer.wait_until(lambda: peer.mic.speech_ended_at is not None, within=60)
            ended = peer.mic.speech_ended_at
            assert ended is not None
            await peer.wait_until(lambda e=ended: peer.heard.first_speech_after(e) is not None, 60)
            reply = peer.heard.first_speech_after(ended)
            assert reply is not None
            took.append((ended, reply))
            await peer.wait_for("bot-stopped-speaking", after=reply, within=60)
    except TimeoutError as exc:
        seen = [m.get("type") for _, m in peer.messages][-12:]
        heard = sum(1 for _, rms in peer.heard.frames if rms > SPEAKING_RMS)
        failed.append(
            f"turn {min(len(took) + 1, TURNS)}: {exc} (speech frames heard {heard}; last {seen}; "
            f"data channel: {channel_state(peer)})"
        )
    arrivals = [t for t, _ in peer.heard.frames]
    gaps = sum(1 for a, b in itertools.pairwise(arrivals) if b - a > GAP_S)
    await peer.close()
    return took, gaps, peer.behind(), failed, peer.mic.behind, peer.pc_id or ""


def channel_state(peer: Peer) -> str:
    """What the rep's end of the data channel holds back (aiortc 1.16's SCTP, private):
    chunks received past a missing one wait for its retransmission, and so do the
    messages in them — a lost packet shows here as a gap."""
    sctp: Any = peer.pc.sctp
    try:
        waiting = sum(len(s.reassembly) for s in sctp._inbound_streams.values())
        return (
            f"{sctp.state}, {len(sctp._sack_misordered)} chunks past a gap, {waiting} waiting "
            f"to be delivered, the rep's own rto {sctp._rto:.1f} s, {len(sctp._sent_queue)} "
            "of its chunks unacked"
        )
    except AttributeError as exc:  # none yet, or aiortc's private names moved
        return f"unknown ({exc})"


def udp_receive_drops() -> int:
    """Datagrams this machine dropped because a socket's receive buffer was full."""
    with open("/proc/net/snmp") as snmp:
        rows = [line.split() for line in snmp if line.startswith("Udp:")]
    return int(rows[1][rows[0].index("RcvbufErrors")])


def host_contention() -> tuple[float, float]:
    """Seconds of CPU the hypervisor gave to others while this machine's CPUs wanted it
    ("steal", /proc/stat), and seconds some task here waited for a CPU (PSI, where the
    kernel has it): a slow run with either large is the machine, not the worker."""
    with open("/proc/stat") as stat:
        steal = int(stat.readline().split()[8]) / os.sysconf("SC_CLK_TCK")
    try:
        with open("/proc/pressure/cpu") as pressure:
            waited = int(pressure.readline().rsplit("total=", 1)[1]) / 1e6
    except OSError:
        waited = float("nan")
    return steal, waited


def peer_group(url: str, token: str, question: np.ndarray, starts: list[float]) -> list[Any]:
    """In a peer process: these reps' calls, each started ``starts[i]`` s from now."""
    from voice_worker.network import use_host_addresses

    quiet_logs("WARNING")
    use_host_addresses(["127.0.0.1"])  # the peers offer loopback candidates only

    async def calls() -> list[Any]:
        await _warm_peers()
        return list(await asyncio.gather(*(call(url, token, question, s) for s in starts)))

    return asyncio.run(calls())


async def scenario(lab: Lab) -> dict[str, object]:
    """In the lab process: CALLS calls at once, started 200 ms apart."""
    question, _ = speech_of(QUESTION)  # cut to the speech: its end is the speech's own
    # + one per call for the memory learner, which reads each call with Claude as it
    # hangs up (while other calls still talk): it takes an answer, finds no JSON in it and
    # uses its offline rules; without these the last turns would fall back to the offline brain
    for _ in range(CALLS * TURNS + CALLS):
        lab.claude.reply(text(ANSWER), delay=LLM_MS / 1000)
    lab.deepgram.transcripts.extend([QUESTION] * (CALLS * TURNS + CALLS))
    groups = [list(range(CALLS))[g::PEER_PROCESSES] for g in range(PEER_PROCESSES)]
    began, drops, contention = time.monotonic(), udp_receive_drops(), host_contention()
    parts = await asyncio.gather(
        *(peer_process(lab.url, lab.token, question, [0.2 * n for n in group]) for group in groups)
    )
    return {
        "results": [r for part in parts for r in part],
        "wall": time.monotonic() - began,
        "udp_drops": udp_receive_drops() - drops,
        "contention": [b - a for a, b in zip(contention, host_contention(), strict=True)],
        "spent": lab.vendor_times(),
    }


async def peer_process(
    url: str, token: str, question: np.ndarray, starts: list[float]
) -> list[Any]:
    """``peer_group`` in a process of its own (a plain subprocess: the lab is a daemonic
    multiprocessing child, which may not have children of its own)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        __file__,
        PEERS_FLAG,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    out, _ = await child.communicate(pickle.dumps((url, token, question, starts)))
    if child.returncode != 0:
        raise RuntimeError(f"a peer process failed (exit {child.returncode})")
    result: list[Any] = pickle.loads(out)
    return result


def pooled(pacing: list[dict[str, Any]]) -> tuple[int, float, list[float], list[float]]:
    """Every call process's audio pacing (``voice_worker.pacing``) together: sent gaps,
    the longest, every sent frame's lateness, and per rep the worker's input lag."""
    return (
        sum(p["sent_gaps"] for p in pacing),
        max((p["longest_gap"] for p in pacing), default=0.0),
        [b for p in pacing for b in p["sent_behind"]],
        [b for p in pacing for b in p["heard_behind"]],
    )


def loop_stalls(pacing: list[dict[str, Any]]) -> list[str]:
    """Every call process's event-loop stalls (``voice_worker.pacing.watch_loop``)
    together, by where the loop was caught: the lines to print."""
    merged: dict[str, list[float]] = {}
    for report in pacing:
        for where, count, total, longest in report.get("stalls", []):
            seen = merged.setdefault(where, [0, 0.0, 0.0])
            seen[0] += count
            seen[1] += total
            seen[2] = max(seen[2], longest)
    count = int(sum(m[0] for m in merged.values()))
    total = sum(m[1] for m in merged.values())
    longest = max((m[2] for m in merged.values()), default=0.0)
    lines = [
        f"event-loop stalls > 50 ms in the call processes: {count}, {total:.1f} s in all, "
        f"longest {longest * 1000:.0f} ms; where the loop was caught (most time first):"
    ]
    for where, (n, secs, worst) in sorted(merged.items(), key=lambda kv: -kv[1][1])[:8]:
        lines.append(
            f"  {secs * 1000:6.0f} ms in {int(n):4d} (longest {worst * 1000:5.0f}) {where}"
        )
    return lines


def save_turns(path: str, calls: list[tuple[str, float, float]], outcome: Any) -> None:
    """The turns, every call's timeline and the fakes' times, as JSON."""
    with open(path, "w") as out:
        json.dump(
            {"turns": calls, "timelines": outcome.timelines, "spent": outcome.result["spent"]},
            out,
        )


def main() -> None:
    # pipecat's latency observers cost CPU on every frame hop: off, as in production,
    # unless the breakdown is asked for (VOICE_BENCH_BREAKDOWN=1)
    outcome = run(scenario, ANSWER, measure=os.environ.get("VOICE_BENCH_BREAKDOWN") == "1")
    results, wall = outcome.result["results"], outcome.result["wall"]
    before, peak = outcome.rss_before_mb, outcome.rss_peak_mb
    turns = [heard - ended for took, *_ in results for ended, heard in took]
    gaps = [r[1] for r in results]
    behind = [r[2] for r in results]
    failed = [f for r in results for f in r[3]]
    mic_behind = [r[4] for r in results]
    for failure in failed:
        print(f"FAILED {failure}")
    calls = [(r[5], ended, heard) for r in results for ended, heard in r[0]]
    split, unsplit = split_all(calls, outcome.timelines, outcome.result["spent"])
    if os.environ.get("VOICE_BENCH_SAVE"):  # the raw moments, to split the turns again
        save_turns(os.environ["VOICE_BENCH_SAVE"], calls, outcome)
    # a turn the worker's timeline cannot split: less the vendors on the path, as modelled
    ours = [t.ours for t in split] + [t - SPECULATING_S for t in unsplit]
    load = ", ".join(f"{x:.1f}" for x in outcome.load)
    print(
        f"{CALLS} simultaneous calls, {len(turns)} turns in {wall:.0f} s; load average "
        f"{load} on {os.cpu_count()} cores"
    )
    if outcome.timings:
        for line in breakdown_table(outcome.timings, percentile_ms):
            print(line)
    print("from the reps' side (the peers), end of speech → first bot audio heard:")
    print(
        f"  turn p50 {percentile_ms(turns, 50):6.0f} ms  p95 {percentile_ms(turns, 95):6.0f} ms; "
        f"ours p50 {percentile_ms(ours, 50):6.0f} ms  p95 {percentile_ms(ours, 95):6.0f} ms"
    )
    if unsplit:
        print(
            f"  ({len(unsplit)} turns not on the worker's timeline: ours there is the turn "
            f"less {SPECULATING_S * 1000:.0f} ms of modelled vendors)"
        )
    for line in vad_window_lines(split, percentile_ms):
        print(line)
    for line in turn_table(split, percentile_ms, SLOWEST):
        print(line)
    sent, longest, sent_behind, late = pooled(outcome.pacing)
    tracks = sum(p["sent_tracks"] for p in outcome.pacing)
    print(
        f"the reps' microphones sent behind their own clock (the rig), worst per call: "
        f"p50 {percentile_ms(mic_behind, 50):.0f} ms, "
        f"max {max(mic_behind, default=0) * 1000:.0f} ms"
    )
    print(
        f"worker hears the reps behind their media clock, worst per call: "
        f"p50 {percentile_ms(late, 50):.0f} ms, max {max(late, default=0) * 1000:.0f} ms"
    )
    print(
        f"sent audio gaps > 100 ms (the worker's pacing): {sent} over {tracks} tracks, "
        f"longest {longest * 1000:.0f} ms"
    )
    print(
        f"  sent frames behind the track's clock: p50 {percentile_ms(sent_behind, 50):.0f} ms, "
        f"p95 {percentile_ms(sent_behind, 95):.0f} ms, "
        f"max {max(sent_behind, default=0) * 1000:.0f} ms"
    )
    for line in loop_stalls(outcome.pacing):
        print(line)
    print(f"received audio gaps > 100 ms (at the peers): {int(sum(gaps))} over {CALLS} calls")
    print(
        f"UDP datagrams this machine dropped on full receive buffers meanwhile (every "
        f"process's): {outcome.result['udp_drops']}"
    )
    steal, waited = outcome.result["contention"]
    print(
        f"CPU the host took from this machine meanwhile (steal): {steal:.1f} s; tasks here "
        f"waiting for a CPU (PSI some): {waited:.1f} s"
    )
    print(
        f"  received audio behind its media clock, worst per call: "
        f"p50 {percentile_ms(behind, 50):.0f} ms, max {max(behind, default=0) * 1000:.0f} ms"
    )
    print(
        f"worker CPU: {outcome.cpu_s:.0f} s over {outcome.wall_s:.0f} s of calls, "
        f"{outcome.cpu_s / outcome.wall_s / CALLS * 100:.1f} % of a core per call "
        f"({outcome.cpu_s / outcome.wall_s * 100:.0f} % in all)"
    )
    each = ", ".join(f"{mb:.0f}" for mb in outcome.process_peaks_mb)
    print(
        f"worker memory ({len(outcome.process_peaks_mb)} processes: the server, then its call "
        f"processes; peaks {each} MB): {before:.0f} MB before, peak {peak:.0f} MB — "
        f"{(peak - before) / CALLS:.0f} MB per call added, {peak / CALLS:.0f} MB per call "
        f"all in (RSS of every worker process / calls)"
    )
    print(f"RESULT voice_calls_ours_p95 {percentile_ms(ours, 95):.0f} ms goal <= 250")
    print(f"RESULT voice_calls_turns_answered {len(turns)} turns goal >= {CALLS * TURNS}")
    print(f"RESULT voice_calls_sent_gaps {sent} gaps goal <= 0")
    print(f"RESULT voice_calls_audio_gaps {int(sum(gaps))} gaps goal <= 0")


if __name__ == "__main__":
    if sys.argv[1:] == [PEERS_FLAG]:
        sys.stdout.buffer.write(pickle.dumps(peer_group(*pickle.loads(sys.stdin.buffer.read()))))
    else:
        main()

"""Ten (``VOICE_BENCH_CALLS``) simultaneous calls on this 2-core machine, vendors modelled
by local fakes (see ``_voice.py``): per-turn end of speech → first bot audio, what is
ours (minus the modelled 990 ms of vendors), gaps in the audio each rep receives, and
the worker's memory per call. The worker runs alone in this process; the fakes and the
ten reps' aiortc peers run in a child process (``_voice.py``)."""

from __future__ import annotations

import asyncio
import itertools
import os
import time

from _harness import percentile_ms
from _voice import LLM_MS, VENDORS_S, Lab, breakdown_table, run

from tests.support.anthropic_server import text
from tests.support.voice_peer import Peer, synthesise

CALLS = int(os.environ.get("VOICE_BENCH_CALLS", "10"))
TURNS = 2
QUESTION = "What's the status of the Zimmerman job?"
ANSWER = "The Zimmerman job is in install scheduled. The crew starts Monday at eight."


async def call(
    url: str, token: str, question: object, start_after: float
) -> tuple[list[float], int]:
    await asyncio.sleep(start_after)
    peer = Peer(url, token)
    await peer.connect()
    greeted, _ = await peer.wait_for("bot-started-speaking", within=60)
    await peer.wait_for("bot-stopped-speaking", after=greeted, within=60)
    took = []
    for _ in range(TURNS):
        peer.say(question)  # type: ignore[arg-type]
        await peer.wait_until(lambda: peer.mic.speech_ended_at is not None, within=60)
        ended = peer.mic.speech_ended_at
        assert ended is not None
        await peer.wait_until(lambda e=ended: peer.heard.first_speech_after(e) is not None, 60)
        reply = peer.heard.first_speech_after(ended)
        assert reply is not None
        took.append(reply - ended)
        await peer.wait_for("bot-stopped-speaking", after=reply, within=60)
    arrivals = [t for t, _ in peer.heard.frames]
    gaps = sum(1 for a, b in itertools.pairwise(arrivals) if b - a > 0.1)
    await peer.close()
    return took, gaps


async def scenario(lab: Lab) -> dict[str, object]:
    """In the lab process: CALLS calls at once, started 200 ms apart."""
    question = synthesise(QUESTION)
    # + one per call for the memory learner, which reads each call with Claude as it
    # hangs up (while other calls still talk): it takes an answer, finds no JSON in it and
    # uses its offline rules; without these the last turns would fall back to the offline brain
    for _ in range(CALLS * TURNS + CALLS):
        lab.claude.reply(text(ANSWER), delay=LLM_MS / 1000)
    lab.deepgram.transcripts.extend([QUESTION] * (CALLS * TURNS + CALLS))
    began = time.monotonic()
    results = await asyncio.gather(
        *(call(lab.url, lab.token, question, 0.2 * n) for n in range(CALLS))
    )
    return {"results": results, "wall": time.monotonic() - began}


def main() -> None:
    outcome = run(scenario, ANSWER)
    results, wall = outcome.result["results"], outcome.result["wall"]
    before, peak = outcome.rss_before_mb, outcome.rss_peak_mb
    turns = [t for took, _ in results for t in took]
    gaps = [g for _, g in results]
    ours = [t - VENDORS_S for t in turns]
    load = ", ".join(f"{x:.1f}" for x in outcome.load)
    print(
        f"{CALLS} simultaneous calls, {len(turns)} turns in {wall:.0f} s; load average "
        f"{load} on {os.cpu_count()} cores"
    )
    for line in breakdown_table(outcome.timings, percentile_ms):
        print(line)
    print("from the reps' side (the peers):")
    print(
        f"end of speech → bot audio  p50 {percentile_ms(turns, 50):6.0f} ms  "
        f"p95 {percentile_ms(turns, 95):6.0f} ms"
    )
    print(
        f"  of which ours            p50 {percentile_ms(ours, 50):6.0f} ms  "
        f"p95 {percentile_ms(ours, 95):6.0f} ms"
    )
    print(f"received audio gaps > 100 ms: {int(sum(gaps))} over {CALLS} calls")
    print(
        f"worker memory: {before:.0f} MB before, peak {peak:.0f} MB, "
        f"{(peak - before) / CALLS:.0f} MB per call"
    )
    print(f"RESULT voice_calls_ours_p95 {percentile_ms(ours, 95):.0f} ms goal <= 250")
    print(f"RESULT voice_calls_audio_gaps {int(sum(gaps))} gaps goal <= 0")


if __name__ == "__main__":
    main()

"""A rep says "okay" or coughs while Hard-E reads out a long answer, over real WebRTC on
loopback (offline: Moonshine hears, Piper speaks, "Claude" scripted): the answer goes
on, no turn is taken and nothing is interrupted (issue 8). A rep who really cuts in is
tests/voice/test_barge_in_captions.py.

What the offline recogniser writes for such a sound (a throat cough as "You" or nothing,
an "uh-huh" as "Ah." or "But") depends on where it falls against the VAD's 512-sample
windows, which the machine's timing decided, often the same run after run (a worktree
heard "Ah." and passed, a fresh clone "But" and failed). So the rep makes the
sound several times, 1.5 s apart in their audio's own samples — 24 000 at 16 kHz, 7 × 64
past a whole number of windows — which puts it at each of the eight offsets a 20 ms frame
boundary can have (tests/voice/test_misheard_sounds.py has the same at frame level)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import numpy as np
import pytest

from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from tests.support.anthropic_server import ScriptedAnthropic, text
from tests.support.noises import NOISES
from tests.support.voice_peer import RATE, SPEAKING_RMS, Peer, synthesise
from tests.voice.conftest import RunningWorker, serve_worker
from voice_worker.settings import VoiceSettings

pytestmark = pytest.mark.slow

LONG = " ".join(
    [
        "The Zimmerman job is in install scheduled and the crew starts Monday at eight.",
        "The dumpster comes Friday and the shingles land Thursday afternoon.",
        "Pat is the project manager and he wants the permit posted by Wednesday.",
        "The homeowner asked for a call the night before the crew shows up.",
    ]
    * 2
)


@pytest.fixture
def services(claude_services: Services) -> Services:
    return claude_services


@pytest.fixture
async def worker(services: Services, voice_settings: VoiceSettings) -> AsyncIterator[RunningWorker]:
    async with serve_worker(voice_settings) as running:
        yield running


def cut_ins(peer: Peer, since: float) -> list[str]:
    return [
        m["type"]
        for at, m in peer.messages
        if at >= since and m.get("type") in ("user-started-speaking", "bot-interrupted")
    ]


async def over_the_answer(
    peer: Peer, claude_api: ScriptedAnthropic, question: np.ndarray, sound: np.ndarray
) -> float:
    """Ask ``question`` for the long answer, play ``sound`` over it once it is heard,
    wait 3 s; when the sound ended (the last of it). (Both are made before the call:
    synthesising runs on the event loop the worker shares, stalling the call.)"""
    greeted, _ = await peer.wait_for("bot-started-speaking", within=30)
    await peer.wait_for("bot-stopped-speaking", after=greeted, within=30)
    claude_api.reply(text(LONG))
    claude_api.reply(text("Sure."))
    peer.say(question)
    await peer.wait_until(lambda: peer.mic.speech_ended_at is not None, within=30)
    asked = peer.mic.speech_ended_at
    assert asked is not None
    await peer.wait_until(lambda: peer.heard.first_speech_after(asked) is not None, within=60)
    await asyncio.sleep(1.5)
    peer.say(sound)
    await peer.wait_until(lambda: peer.mic.speech_ended_at is not None, within=30)
    ended = peer.mic.speech_ended_at
    assert ended is not None
    await asyncio.sleep(3.0)
    return ended


EVERY = 1.5  # seconds from one of the rep's sounds to the next, in their audio's samples
OFFSETS = 8  # a 20 ms frame (320 samples at 16 kHz) starts at 8 offsets into a 512-sample window


def over_each_window_offset(sound: np.ndarray) -> np.ndarray:
    """``sound`` made ``OFFSETS`` times, ``EVERY`` seconds apart (48 kHz samples): each
    time at another offset against the VAD's windows (24 000 samples at 16 kHz is 448
    past a whole number of 512-sample windows, and 448 = 7 × 64 steps through all
    eight)."""
    gap = np.zeros(round(EVERY * RATE) - len(sound), dtype=np.int16)
    return np.concatenate([*[np.concatenate([sound, gap])] * (OFFSETS - 1), sound])


def heard_after(peer: Peer, since: float, until: float) -> float:
    """Seconds of Hard-E heard in that span."""
    return 0.02 * sum(since <= t <= until and rms > SPEAKING_RMS for t, rms in peer.heard.frames)


@pytest.mark.parametrize("said", ["okay", "uh-huh", "throat cough"])
async def test_a_backchannel_or_a_cough_over_the_answer_lets_it_go_on(
    worker: RunningWorker,
    demo: DemoLogin,
    demo_token: str,
    claude_api: ScriptedAnthropic,
    said: str,
) -> None:
    sound = over_each_window_offset(NOISES[said](1) if said in NOISES else synthesise(said))
    question = synthesise("Walk me through the Zimmerman job.")
    peer = Peer(worker.base_url, demo_token)
    try:
        await peer.connect()
        asked = len(claude_api.requests)
        ended = await over_the_answer(peer, claude_api, question, sound)
        began = ended - len(sound) / RATE
        assert cut_ins(peer, began - 1.0) == []  # nothing was interrupted
        assert len(claude_api.requests) == asked + 1  # only the question was answered
        assert heard_after(peer, ended, ended + 3.0) > 0.2  # the answer went on
    finally:
        await peer.close()

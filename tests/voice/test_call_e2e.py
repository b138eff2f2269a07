"""A rep calls Hard-E over real WebRTC on loopback, all offline: the spoken question
(synthesised by Piper) is heard by Moonshine, answered by the same chat turn as text with
a CRM tool, and comes back as speech and captions."""

from __future__ import annotations

import time

import pytest

from hard_e.bootstrap import Services
from hard_e.crm.simulator.server import LeapSimulator
from hard_e.local.seed import DemoLogin
from tests.support.voice_peer import Peer, synthesise
from tests.voice.conftest import RunningWorker

pytestmark = pytest.mark.slow


async def test_a_spoken_question_gets_a_spoken_answer_from_the_crm(
    voice_worker: RunningWorker,
    services: Services,
    demo: DemoLogin,
    demo_token: str,
    leap_sim: LeapSimulator,
) -> None:
    job = next(
        j
        for j in leap_sim.store.jobs.values()
        if j.name.split()[0] in ("Anderson", "Zimmerman", "Hoffman", "Castillo")
    )
    name = job.name.split()[0]
    stage = leap_sim.store.stage(job.stage_code).name
    peer = Peer(voice_worker.base_url, demo_token)
    try:
        await peer.connect()
        worker = voice_worker.app.state.worker
        (call,) = worker.calls.values()
        # the greeting is spoken as soon as the call is up
        await peer.wait_for("bot-started-speaking", within=20)
        await peer.wait_for("bot-stopped-speaking", within=20)
        asked = time.monotonic()
        peer.say(synthesise(f"What's the status of the {name} job?"))

        await peer.wait_for("user-transcription", after=asked, text=name)
        spoken, _ = await peer.wait_for("bot-started-speaking", after=asked, within=30)
        await peer.wait_for("bot-stopped-speaking", after=spoken, within=30)
    finally:
        await peer.close()

    assert peer.heard.speech_since(spoken) > 0.5  # real audio came back
    captions = " ".join(peer.texts("bot-output", after=asked) + peer.texts("bot-transcription"))
    assert stage.lower() in captions.lower()
    # the answer came from the CRM, through the same chat turn (and session) as text
    assert any("/jobs" in r["path"] for r in leap_sim.requests())
    await call.ended.wait()  # hung up: the turn is saved and the learner has run
    assert call.state.session_id is not None
    _, messages = services.chat.history(call.principal, call.state.session_id)
    assert [m.role for m in messages] == ["user", "assistant"]
    assert name.lower() in messages[0].text.lower()
    assert any(c["name"].endswith("job") or "jobs" in c["name"] for c in messages[1].tool_calls)

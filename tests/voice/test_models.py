"""Turn-taking models are loaded once per process and shared by every call, yet each
call hears only its own rep; a cold worker takes no calls; the greeting is cached."""

from __future__ import annotations

import httpx
import numpy as np
import pytest
import soxr
from pipecat.audio.turn.base_turn_analyzer import EndOfTurnState
from pipecat.audio.vad.vad_analyzer import VADParams, VADState

from hard_e.bootstrap import Services
from hard_e.brain.rules import RULES
from hard_e.local.seed import DemoLogin
from tests.support.voice_peer import RATE, Peer, synthesise
from tests.voice.conftest import serve_worker
from voice_worker.app import create_app, warm_up
from voice_worker.greeting import GREETINGS
from voice_worker.models import CallTurn, CallVAD, turn_models
from voice_worker.settings import VoiceSettings

pytestmark = pytest.mark.slow


def speech_16k(text: str) -> bytes:
    pcm = synthesise(text).astype(np.float32) / 32768.0
    out = soxr.resample(pcm, RATE, 16_000)
    return np.asarray(np.clip(out * 32767, -32768, 32767), dtype=np.int16).tobytes()


async def test_two_calls_share_the_sessions_but_not_what_they_heard() -> None:
    models = turn_models()
    assert turn_models() is models  # loaded once per process
    params = VADParams(start_secs=0.1, stop_secs=0.2)
    talking, quiet = (CallVAD(models, sample_rate=16_000, params=params) for _ in range(2))
    assert talking.session is quiet.session is models.vad
    for vad in (talking, quiet):
        vad.set_sample_rate(16_000)  # as the pipeline's setup does
    speech = speech_16k("What's left on the Hendricks job?")
    window = 512 * 2
    heard = [
        await talking.analyze_audio(speech[at : at + window])
        for at in range(0, len(speech) - window, window)
    ]
    assert VADState.SPEAKING in heard  # the rep on this call is talking
    silence = bytes(len(speech))
    states = {
        await quiet.analyze_audio(silence[at : at + window])
        for at in range(0, len(silence) - window, window)
    }
    assert states == {VADState.QUIET}  # the other call heard nothing

    one, other = CallTurn(models, sample_rate=16_000), CallTurn(models, sample_rate=16_000)
    assert one.session is other.session is models.turn
    one.set_sample_rate(16_000)
    other.set_sample_rate(16_000)
    for at in range(0, len(speech), 640):
        one.append_audio(speech[at : at + 640], is_speech=True)
    assert one.speech_triggered and not other.speech_triggered
    state, _ = await other.analyze_end_of_turn()
    assert state == EndOfTurnState.INCOMPLETE  # nothing buffered for the other call
    await one.cleanup()
    await other.cleanup()


async def test_a_cold_worker_is_not_ready_and_takes_no_calls(
    services: Services, demo: DemoLogin, demo_token: str
) -> None:
    for rule in RULES:  # as in a fresh call process
        vars(rule).pop("pattern", None)
    app = create_app(
        VoiceSettings(port=0, host_addresses=["127.0.0.1"], ice_servers=[], processes=0)
    )
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://voice") as http:
        cold = await http.get("/health")
        offer = await http.post(
            "/api/offer",
            json={"sdp": "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", "type": "offer"},
            headers={"Authorization": f"Bearer {demo_token}"},
        )
        await warm_up(app.state.worker)
        warm = await http.get("/health")
    assert cold.status_code == 503 and cold.json()["status"] == "warming_up"
    assert offer.status_code == 503 and offer.json()["error"]["code"] == "warming_up"
    assert warm.status_code == 200 and warm.json()["status"] == "ok"
    # the reflex brain's rules are compiled: a first turn does not do it on the event loop
    assert all("pattern" in vars(rule) for rule in RULES)


async def test_the_reps_second_call_plays_the_cached_greeting(
    services: Services, demo: DemoLogin, demo_token: str, voice_settings: VoiceSettings
) -> None:
    GREETINGS.clear()
    played: list[bool] = []
    heard: list[float] = []
    async with serve_worker(voice_settings) as worker:
        for _ in range(2):
            peer = Peer(worker.base_url, demo_token)
            try:
                await peer.connect()
                (call,) = worker.app.state.worker.calls.values()
                started, _ = await peer.wait_for("bot-started-speaking", within=30)
                await peer.wait_for("bot-stopped-speaking", after=started, within=30)
                heard.append(peer.heard.speech_since(0))
                played.append(call.greeter.played_from_cache)
            finally:
                await peer.close()
            await call.ended.wait()
    assert played == [False, True]  # synthesised once, then from the cache
    assert len(GREETINGS) == 1
    assert all(seconds > 0.5 for seconds in heard)  # both reps heard a real greeting

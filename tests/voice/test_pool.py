"""The worker with its calls in call processes (the default): real WebRTC on loopback
to the processes the pool started, offline speech, storage shared with the test.

The call processes keep their own (real) time, so these tests run the demo company on
the real clock rather than the suite's frozen one."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from hard_e.bootstrap import Services, build_services, use_services
from hard_e.config import Settings
from hard_e.crm.simulator.server import DEMO_TOKEN, LeapSimulator
from hard_e.local.seed import DemoLogin, seed_demo
from hard_e.tenancy.credentials import CrmCredentials
from tests.conftest import add_user
from tests.support.voice_peer import Peer, synthesise
from tests.voice.conftest import RunningWorker, serve_worker
from voice_worker.pool import Pool
from voice_worker.settings import VoiceSettings

pytestmark = pytest.mark.slow

AUDIO_OFFER = (
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
)


@pytest.fixture
def company(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Services, DemoLogin, str]]:
    """The demo company on the real clock, its admin's token."""
    for var in ("ANTHROPIC_API_KEY", "HARD_E_ANTHROPIC_API_KEY", "DEEPGRAM_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("CARTESIA_API_KEY", raising=False)
    with LeapSimulator(rate_limit=False) as sim:
        services = build_services(Settings(home=tmp_path / "home", bcrypt_rounds=4, port=0))
        use_services(services)
        demo = seed_demo(services, leap=CrmCredentials("leap", DEMO_TOKEN, sim.base_url))
        user = services.directory.find_user_by_email(demo.email)
        assert user is not None
        yield services, demo, services.tokens.issue(user).token
        use_services(None)


@pytest.fixture
async def pooled(company: tuple[Services, DemoLogin, str]) -> AsyncIterator[RunningWorker]:
    settings = VoiceSettings(port=0, host_addresses=["127.0.0.1"], ice_servers=[], processes=2)
    async with serve_worker(settings) as running:
        yield running


def pool_of(worker: RunningWorker) -> Pool:
    pool = worker.app.state.worker
    assert isinstance(pool, Pool)
    return pool


async def health(worker: RunningWorker) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=worker.base_url) as http:
        response = await http.get("/health")
    assert response.status_code == 200
    body: dict[str, object] = response.json()
    return body


async def ask(peer: Peer, question: str) -> float:
    """Greeted, then a spoken question; how many seconds of spoken reply came back."""
    greeted, _ = await peer.wait_for("bot-started-speaking", within=60)
    await peer.wait_for("bot-stopped-speaking", after=greeted, within=60)
    asked = time.monotonic()
    peer.say(synthesise(question))
    await peer.wait_for("user-transcription", after=asked, within=60, text="zimmerman")
    spoken, _ = await peer.wait_for("bot-started-speaking", after=asked, within=60)
    await peer.wait_for("bot-stopped-speaking", after=spoken, within=60)
    return peer.heard.speech_since(spoken)


async def test_two_calls_run_in_two_processes_and_both_are_answered_aloud(
    pooled: RunningWorker, company: tuple[Services, DemoLogin, str]
) -> None:
    services, demo, token = company
    pool = pool_of(pooled)
    peers = [Peer(pooled.base_url, token), Peer(pooled.base_url, token)]
    try:
        for peer in peers:
            await peer.connect()
        homes = {pool.homes[p.pc_id][0].index for p in peers if p.pc_id}
        assert homes == {0, 1}  # the second call went to the idle process
        state = await health(pooled)
        assert [p["calls"] for p in state["processes"]] == [1, 1]  # type: ignore[index, union-attr]
        assert len({p["pid"] for p in state["processes"]} | {os.getpid()}) == 3  # type: ignore[union-attr]
        replies = await asyncio.gather(
            *(ask(p, "What's the status of the Zimmerman job?") for p in peers)
        )
    finally:
        await asyncio.gather(*(p.close() for p in peers))
    assert all(seconds > 0.5 for seconds in replies)  # both reps heard a spoken answer
    # each call process saved its call for the token's company, in the shared storage
    user = services.directory.find_user_by_email(demo.email)
    assert user is not None

    def saved() -> list[str]:
        sessions = services.sessions.of_user(demo.tenant_id, user.user_id)
        return [m.text for s in sessions for m in services.sessions.history(s)]

    for _ in range(300):  # saved as each call process sees its call hang up
        if len(saved()) >= 4:
            break
        await asyncio.sleep(0.1)
    assert sum("zimmerman" in text.lower() for text in saved()) >= 2


async def test_a_killed_call_process_ends_only_its_call_and_is_started_again(
    pooled: RunningWorker,
    company: tuple[Services, DemoLogin, str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    _services, _demo, token = company
    pool = pool_of(pooled)
    doomed, survivor = Peer(pooled.base_url, token), Peer(pooled.base_url, token)
    later = Peer(pooled.base_url, token)
    try:
        await doomed.connect()
        await survivor.connect()
        assert doomed.pc_id and survivor.pc_id
        victim = pool.homes[doomed.pc_id][0]
        assert pool.homes[survivor.pc_id][0] is not victim
        assert victim.process is not None
        old_pid = victim.process.pid
        with caplog.at_level(logging.ERROR, logger="voice_worker.pool"):
            os.kill(old_pid, signal.SIGKILL)
            for _ in range(600):  # restarted and warm again
                state = await health(pooled)
                procs = state["processes"]
                if all(p["ready"] for p in procs) and old_pid not in [p["pid"] for p in procs]:  # type: ignore[union-attr]
                    break
                await asyncio.sleep(0.1)
        assert any(
            "cut off" in r.getMessage() and doomed.pc_id in r.getMessage() for r in caplog.records
        )
        assert [p["restarts"] for p in state["processes"]] == (  # type: ignore[union-attr]
            [1, 0] if victim.index == 0 else [0, 1]
        )
        # the lost call says so; the other call is untouched
        async with httpx.AsyncClient(base_url=pooled.base_url) as http:
            lost = await http.patch(
                "/api/offer",
                json={"pc_id": doomed.pc_id, "candidates": []},
                headers={"Authorization": f"Bearer {token}"},
            )
        assert lost.status_code == 410 and lost.json()["error"]["code"] == "call_lost"
        assert survivor.pc_id in pool.homes
        # and the next offer works: a new call, greeted aloud
        await later.connect()
        greeted, _ = await later.wait_for("bot-started-speaking", within=60)
        await later.wait_for("bot-stopped-speaking", after=greeted, within=60)
        assert later.heard.speech_since(greeted) > 0.5
    finally:
        await asyncio.gather(*(p.close() for p in (doomed, survivor, later)))


async def test_signalling_through_the_pool_still_checks_the_caller_and_the_sdp(
    pooled: RunningWorker, company: tuple[Services, DemoLogin, str]
) -> None:
    services, demo, token = company
    pool = pool_of(pooled)
    add_user(services, demo.tenant_id, "colleague@summit.test")
    colleague = services.directory.find_user_by_email("colleague@summit.test")
    other = services.directory.create_tenant("Rival Roofing")
    add_user(services, other.tenant_id, "mallory@rival.test")
    mallory = services.directory.find_user_by_email("mallory@rival.test")
    assert colleague is not None and mallory is not None
    peer = Peer(pooled.base_url, token)
    async with httpx.AsyncClient(base_url=pooled.base_url) as http:

        async def offer(body: object, bearer: str | None) -> httpx.Response:
            headers = {"Authorization": f"Bearer {bearer}"} if bearer else {}
            return await http.post("/api/offer", json=body, headers=headers)

        assert (await offer({"sdp": AUDIO_OFFER, "type": "offer"}, None)).status_code == 401
        forged = token[:-3] + ("abc" if not token.endswith("abc") else "xyz")
        assert (await offer({"sdp": AUDIO_OFFER, "type": "offer"}, forged)).status_code == 401
        garbage = {"sdp": "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\ngarbage", "type": "offer"}
        refused = await offer(garbage, token)  # parsed (and refused) in a call process
        assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_sdp"
        assert pool.active() == 0
        try:
            await peer.connect()
            assert peer.pc_id is not None
            # the company is the token's: a tenant named in the request is not taken
            for user in (colleague, mallory):
                theirs = services.tokens.issue(user).token
                patch = await http.patch(
                    "/api/offer",
                    json={"pc_id": peer.pc_id, "candidates": []},
                    headers={"Authorization": f"Bearer {theirs}"},
                )
                assert patch.status_code == 404
                again = {"sdp": AUDIO_OFFER, "type": "offer", "pc_id": peer.pc_id}
                assert (await offer(again, theirs)).status_code == 404
            admin = services.directory.find_user_by_email(demo.email)
            assert admin is not None
            assert pool.owners[peer.pc_id] == (demo.tenant_id, admin.user_id)
        finally:
            await peer.close()

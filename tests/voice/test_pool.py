"""The worker with its calls in call processes (the default): real WebRTC on loopback
to the processes the pool started, offline speech, storage shared with the test.

The call processes keep their own (real) time, so these tests run the demo company on
the real clock rather than the suite's frozen one."""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import signal
import sys
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


async def watch(
    worker: RunningWorker, pc_id: str, token: str | None, wait: float | None = None
) -> httpx.Response:
    """The page's long poll on its call (``GET /api/offer``)."""
    params: dict[str, str | float] = {"pc_id": pc_id}
    if wait is not None:
        params["wait"] = wait
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(base_url=worker.base_url, timeout=60) as http:
        return await http.get("/api/offer", params=params, headers=headers)


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


@pytest.mark.timeout(300)  # two call processes load their models, two calls are answered
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


@pytest.mark.timeout(300)  # the killed process loads its models again: slow under load
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
        # both reps' pages are watching their calls (long polls far longer than the test)
        watching = {
            peer.pc_id: asyncio.create_task(watch(pooled, peer.pc_id, token, wait=25))
            for peer in (doomed, survivor)
            if peer.pc_id
        }
        await asyncio.sleep(0.5)  # the polls are in
        assert not any(task.done() for task in watching.values())
        with caplog.at_level(logging.ERROR, logger="voice_worker.pool"):
            killed = time.monotonic()
            os.kill(old_pid, signal.SIGKILL)
            # the doomed call's page hears at once (not at its poll's end, 25 s away)
            told = await asyncio.wait_for(watching[doomed.pc_id], timeout=15)
            print(f"call_lost reached the page {time.monotonic() - killed:.2f} s after the kill")
            assert told.status_code == 410 and told.json()["error"]["code"] == "call_lost"
            assert not watching[survivor.pc_id].done()  # the other call goes on
            again = await watch(pooled, doomed.pc_id, token, wait=0)  # and it stays lost
            assert again.status_code == 410
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
        watching[survivor.pc_id].cancel()
        assert (await watch(pooled, survivor.pc_id, token, wait=0)).json() == {"status": "live"}
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
                watched = await watch(pooled, peer.pc_id, theirs, wait=0)
                assert watched.status_code == 404  # not even whether the call is up
                assert watched.json()["error"]["code"] == "call_not_found"
            assert (await watch(pooled, peer.pc_id, None, wait=0)).status_code == 401
            assert (await watch(pooled, peer.pc_id, token, wait=0)).json() == {"status": "live"}
            too_long = await watch(pooled, peer.pc_id, token, wait=600)
            assert too_long.status_code == 400 and too_long.json()["error"]["code"] == (
                "invalid_watch"
            )
            assert (await watch(pooled, "no-such-call", token, wait=0)).status_code == 404
            admin = services.directory.find_user_by_email(demo.email)
            assert admin is not None
            assert pool.owners[peer.pc_id] == (demo.tenant_id, admin.user_id)
            # the rep hangs up: a page still watching hears the call ended, not lost
            watching = asyncio.create_task(watch(pooled, peer.pc_id, token, wait=25))
            await asyncio.sleep(0.5)
            await peer.close()
            ended = await asyncio.wait_for(watching, timeout=20)
            assert ended.status_code == 200 and ended.json() == {"status": "ended"}
        finally:
            await peer.close()


async def test_a_call_process_stopped_while_loading_its_models_exits_at_once(
    tmp_path: Path,
) -> None:
    """A server stopping (its stdin to the process ends) while a call process is still
    warming up — after a restart, say — does not wait for the models to load: the
    process has no calls to save. Its Piper voice here is a pipe nobody writes, so it
    would never finish loading."""
    stuck = tmp_path / "stuck.onnx"
    os.mkfifo(stuck)
    os.mkfifo(f"{stuck}.json")
    socket = tmp_path / "call.sock"
    voice = VoiceSettings(
        port=0, host_addresses=["127.0.0.1"], ice_servers=[], processes=1, tts_voice_path=stuck
    )
    spec = {
        "voice": voice,
        "hard_e": Settings(home=tmp_path / "home", bcrypt_rounds=4, port=0),
        "socket": str(socket),
    }
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "voice_worker.child", stdin=asyncio.subprocess.PIPE, env=env
    )
    assert process.stdin is not None
    process.stdin.write(len(blob := pickle.dumps(spec)).to_bytes(8, "big") + blob)
    await process.stdin.drain()
    try:
        transport = httpx.AsyncHTTPTransport(uds=str(socket))
        async with httpx.AsyncClient(transport=transport, base_url="http://call") as http:
            for _ in range(1200):  # listening, and saying it is not warm
                try:
                    if (await http.get("/health")).status_code == 503:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            else:
                pytest.fail("the call process never answered its health check")
        process.stdin.close()  # the server is stopping
        assert await asyncio.wait_for(process.wait(), timeout=60) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()

"""POST/PATCH /api/offer over real HTTP: who may call, what a bad offer gets back."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from hard_e.auth.passwords import hash_password
from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from hard_e.tenancy.operators import create_operator
from hard_e.tenancy.scope import bound_tenant
from tests.conftest import FrozenClock, add_user
from tests.support.voice_peer import Peer
from tests.voice.conftest import RunningWorker
from voice_worker import app as app_module
from voice_worker.call import Call

AUDIO_OFFER = (
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n"
)


async def post(worker: RunningWorker, body: object, token: str | None = None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    async with httpx.AsyncClient(base_url=worker.base_url) as http:
        return await http.post("/api/offer", json=body, headers=headers)


async def patch(worker: RunningWorker, body: object, token: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=worker.base_url) as http:
        return await http.patch(
            "/api/offer", json=body, headers={"Authorization": f"Bearer {token}"}
        )


async def watch(worker: RunningWorker, pc_id: str, token: str, wait: float = 0) -> httpx.Response:
    """The page's long poll on its call."""
    async with httpx.AsyncClient(base_url=worker.base_url, timeout=60) as http:
        return await http.get(
            "/api/offer",
            params={"pc_id": pc_id, "wait": wait},
            headers={"Authorization": f"Bearer {token}"},
        )


async def test_health_answers_for_the_load_balancer(voice_worker: RunningWorker) -> None:
    async with httpx.AsyncClient(base_url=voice_worker.base_url) as http:
        response = await http.get("/health")
    assert response.status_code == 200 and response.json()["status"] == "ok"


async def test_an_offer_without_a_token_is_401(voice_worker: RunningWorker) -> None:
    response = await post(voice_worker, {"sdp": AUDIO_OFFER, "type": "offer"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


async def test_a_forged_token_is_401(
    voice_worker: RunningWorker, demo: DemoLogin, demo_token: str
) -> None:
    head, payload, signature = demo_token.split(".")
    forged = f"{head}.{payload}.{signature[::-1]}"
    response = await post(voice_worker, {"sdp": AUDIO_OFFER, "type": "offer"}, forged)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_token"


async def test_an_expired_token_is_401_and_says_so(
    voice_worker: RunningWorker, demo_token: str, clock: FrozenClock
) -> None:
    clock.advance(2 * 86_400)
    response = await post(voice_worker, {"sdp": AUDIO_OFFER, "type": "offer"}, demo_token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "token_expired"


@pytest.mark.parametrize(
    "body",
    [
        {"sdp": "not an sdp at all", "type": "offer"},
        {"sdp": "v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\ngarbage", "type": "offer"},
        {"sdp": AUDIO_OFFER, "type": "answer"},
        {"sdp": "", "type": "offer"},
        {"type": "offer"},
        {"sdp": AUDIO_OFFER, "type": "offer", "surprise": 1},
        "just a string",
    ],
)
async def test_a_malformed_offer_is_400(
    voice_worker: RunningWorker, demo_token: str, body: object
) -> None:
    response = await post(voice_worker, body, demo_token)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] in ("invalid_offer", "invalid_sdp")
    assert not voice_worker.app.state.worker.calls  # nothing half-started


async def test_a_body_that_is_not_json_is_400(voice_worker: RunningWorker, demo_token: str) -> None:
    async with httpx.AsyncClient(base_url=voice_worker.base_url) as http:
        response = await http.post(
            "/api/offer", content=b"{nope", headers={"Authorization": f"Bearer {demo_token}"}
        )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


async def test_nobody_else_can_touch_a_reps_call(
    voice_worker: RunningWorker, services: Services, demo: DemoLogin, demo_token: str
) -> None:
    """Another company's user, and a colleague in the same company, get 404 for a call
    they did not open: renegotiating it, trickling candidates into it, or watching it."""
    worker = voice_worker.app.state.worker
    demo_user = services.directory.find_user_by_email(demo.email)
    assert demo_user is not None
    worker.owners["pc-of-the-demo-admin"] = (demo.tenant_id, demo_user.user_id)
    other = services.directory.create_tenant("Rival Roofing")
    add_user(services, other.tenant_id, "mallory@rival.test")
    add_user(services, demo.tenant_id, "colleague@summit.test")
    for email, tenant_id in (
        ("mallory@rival.test", other.tenant_id),
        ("colleague@summit.test", demo.tenant_id),
    ):
        user = services.directory.find_user_by_email(email)
        assert user is not None and user.tenant_id == tenant_id
        token = services.tokens.issue(user).token
        candidates = {"pc_id": "pc-of-the-demo-admin", "candidates": []}
        assert (await patch(voice_worker, candidates, token)).status_code == 404
        renegotiate = {"sdp": AUDIO_OFFER, "type": "offer", "pc_id": "pc-of-the-demo-admin"}
        assert (await post(voice_worker, renegotiate, token)).status_code == 404
        assert (await watch(voice_worker, "pc-of-the-demo-admin", token)).status_code == 404


async def test_an_operator_cannot_start_a_call(
    voice_worker: RunningWorker, services: Services
) -> None:
    """Hard-E's operators run the product and belong to no company: 403, no call."""
    create_operator(
        services.table,
        services.directory,
        email="olive@hard-e.test",
        name="Olive Operator",
        password_hash=hash_password("a long operator passphrase", rounds=4),
    )
    operator = services.directory.find_user_by_email("olive@hard-e.test")
    assert operator is not None
    token = services.tokens.issue(operator).token
    response = await post(voice_worker, {"sdp": AUDIO_OFFER, "type": "offer"}, token)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "operators_not_company"
    assert voice_worker.app.state.worker.owners == {}


async def test_candidates_for_an_unknown_call_are_404(
    voice_worker: RunningWorker, demo_token: str
) -> None:
    response = await patch(voice_worker, {"pc_id": "pc-nobody", "candidates": []}, demo_token)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "call_not_found"


async def test_a_company_whose_trial_is_over_is_refused_clearly(
    voice_worker: RunningWorker, services: Services, demo: DemoLogin, demo_token: str
) -> None:
    services.directory.update_tenant(
        demo.tenant_id, plan="trial", trial_ends_at=services.table.now() - 60
    )
    response = await post(voice_worker, {"sdp": AUDIO_OFFER, "type": "offer"}, demo_token)
    assert response.status_code == 402
    error = response.json()["error"]
    assert error["code"] == "trial_ended" and "trial has ended" in error["message"]
    assert not voice_worker.app.state.worker.calls


async def test_a_call_cannot_continue_someone_elses_session(
    voice_worker: RunningWorker, services: Services, demo: DemoLogin, demo_token: str
) -> None:
    other = services.directory.create_tenant("Rival Roofing")
    add_user(services, other.tenant_id, "mallory@rival.test")
    mallory = services.directory.find_user_by_email("mallory@rival.test")
    assert mallory is not None
    theirs = services.sessions.start(other.tenant_id, mallory.user_id)
    body = {"sdp": AUDIO_OFFER, "type": "offer", "request_data": {"session_id": theirs.session_id}}
    response = await post(voice_worker, body, demo_token)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "session_not_found"


async def test_two_calls_for_two_companies_each_act_for_their_own(
    voice_worker: RunningWorker,
    services: Services,
    demo: DemoLogin,
    demo_token: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """On AWS storage signs as the company bound to the running task: each call's task
    must carry its own rep's company, however the two calls interleave."""
    seen: dict[str, list[str | None]] = {}
    both_running, both_looked_again = asyncio.Event(), asyncio.Event()
    real_run_call = app_module.run_call

    async def run_call(call: Call, *args: Any, **kwargs: Any) -> None:
        seen.setdefault(call.principal.tenant_id, []).append(bound_tenant())
        if len(seen) == 2:
            both_running.set()
        await both_running.wait()  # the other call has started too
        seen[call.principal.tenant_id].append(bound_tenant())
        if sum(len(v) for v in seen.values()) == 4:
            both_looked_again.set()
        await real_run_call(call, *args, **kwargs)

    monkeypatch.setattr(app_module, "run_call", run_call)
    other = services.directory.create_tenant("Rival Roofing")
    add_user(services, other.tenant_id, "mallory@rival.test")
    mallory = services.directory.find_user_by_email("mallory@rival.test")
    assert mallory is not None
    peers = [
        Peer(voice_worker.base_url, demo_token),
        Peer(voice_worker.base_url, services.tokens.issue(mallory).token),
    ]
    try:
        await asyncio.gather(*(p.connect() for p in peers))
        await asyncio.wait_for(both_looked_again.wait(), timeout=30)
    finally:
        await asyncio.gather(*(p.close() for p in peers))
    assert seen == {
        demo.tenant_id: [demo.tenant_id, demo.tenant_id],
        other.tenant_id: [other.tenant_id, other.tenant_id],
    }
    assert bound_tenant() is None  # nothing leaked out of the requests


async def test_a_page_watching_its_call_hears_at_once_that_it_ended(
    voice_worker: RunningWorker, demo_token: str
) -> None:
    """The watch (``GET /api/offer``) says "live" while the call is up and answers
    "ended" as the call ends, well before its wait is over; then the call is unknown."""
    peer = Peer(voice_worker.base_url, demo_token)
    try:
        await peer.connect()
        assert peer.pc_id is not None
        assert (await watch(voice_worker, peer.pc_id, demo_token)).json() == {"status": "live"}
        watching = asyncio.create_task(watch(voice_worker, peer.pc_id, demo_token, wait=25))
        await asyncio.sleep(0.5)
        assert not watching.done()
    finally:
        await peer.close()  # the rep hangs up
    ended = await asyncio.wait_for(watching, timeout=20)
    assert ended.status_code == 200 and ended.json() == {"status": "ended"}
    gone = await watch(voice_worker, peer.pc_id, demo_token)
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "call_not_found"

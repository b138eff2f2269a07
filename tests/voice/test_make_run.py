"""`make run` (``hard-e serve``) starts the voice worker beside the API, and the page's
same-origin ``/api/offer`` reaches it: a real call through the main server's port."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD
from tests.e2e.conftest import RunningServer, free_port, server_factory
from tests.support.voice_peer import Peer

__all__ = ["server_factory"]

pytestmark = pytest.mark.slow


async def test_serve_starts_the_worker_and_forwards_offers(
    server_factory: type[RunningServer],
) -> None:
    server = server_factory(
        env={"HARD_E_VOICE": "1", "HARD_E_VOICE_PORT": str(free_port())}
    ).start()
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
        login = await http.post(
            "/api/v1/auth/login",
            json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD},
        )
    token = login.json()["token"]
    peer = Peer(server.url, token)
    try:
        for _ in range(100):  # the worker may still be loading its models
            try:
                await peer.connect()
                break
            except httpx.HTTPStatusError as exc:
                assert exc.response.status_code == 503, exc.response.text
                await asyncio.sleep(0.2)
        await peer.wait_for("bot-started-speaking", within=30)  # the greeting
    finally:
        await peer.close()
    assert "voice     worker on" in server.stop()

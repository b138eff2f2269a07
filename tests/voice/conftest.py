"""The voice worker on a loopback port, in the test's own event loop, offline."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import pytest
import uvicorn
from fastapi import FastAPI

from hard_e.bootstrap import Services
from voice_worker.app import close, create_app, warm_up
from voice_worker.settings import VoiceSettings


@dataclass
class RunningWorker:
    app: FastAPI
    base_url: str


@pytest.fixture
def voice_settings(monkeypatch: pytest.MonkeyPatch) -> VoiceSettings:
    for var in ("DEEPGRAM_API_KEY", "CARTESIA_API_KEY"):
        monkeypatch.delenv(var, raising=False)
    # calls in the test's own process, so a test can reach them (tests/voice/test_pool.py
    # runs them in call processes)
    return VoiceSettings(port=0, host_addresses=["127.0.0.1"], ice_servers=[], processes=0)


@asynccontextmanager
async def serve_worker(settings: VoiceSettings) -> AsyncIterator[RunningWorker]:
    """The worker with these settings, warm, on a loopback port until the block ends."""
    app = create_app(settings)
    await warm_up(app.state.worker)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    )
    task = asyncio.create_task(server.serve())
    while not server.started:  # noqa: ASYNC110 - uvicorn offers no event to wait on
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield RunningWorker(app=app, base_url=f"http://127.0.0.1:{port}")
    finally:
        await close(app.state.worker)
        server.should_exit = True
        await task


@pytest.fixture
async def voice_worker(
    services: Services, voice_settings: VoiceSettings
) -> AsyncIterator[RunningWorker]:
    async with serve_worker(voice_settings) as running:
        yield running

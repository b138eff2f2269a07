"""Shared set-up for the voice benchmarks: the worker on loopback with vendor fakes
(Deepgram final 300 ms after the end of speech, Claude's first token after 600 ms,
Cartesia's first audio after 90 ms) and a demo company to call."""

from __future__ import annotations

import asyncio
import re
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import uvicorn
from _harness import demo_company
from fastapi import FastAPI

from hard_e.bootstrap import Services, use_services
from hard_e.local.seed import DEMO_EMAIL
from tests.support.anthropic_server import ScriptedAnthropic
from tests.support.fake_vendors import FakeCartesia, FakeDeepgram
from voice_worker.app import close, create_app
from voice_worker.call import greeting
from voice_worker.settings import VoiceSettings

STT_MS, LLM_MS, TTS_MS = 300, 600, 90
VAD_STOP_S = 0.2


@dataclass
class VoiceStack:
    url: str
    token: str
    app: FastAPI
    services: Services
    claude: ScriptedAnthropic
    deepgram: FakeDeepgram


@asynccontextmanager
async def voice_stack(*sentences: str) -> AsyncIterator[VoiceStack]:
    """The worker with vendor fakes; ``sentences`` are synthesised by the fake ahead."""
    claude = ScriptedAnthropic()
    with (
        claude,
        demo_company(
            {"ANTHROPIC_API_KEY": "test", "HARD_E_ANTHROPIC_BASE_URL": claude.base_url}
        ) as (services, principal, _sim),
    ):
        use_services(services)
        user = services.directory.find_user_by_email(DEMO_EMAIL)
        assert user is not None
        for said in (greeting(services, principal), *sentences):
            FakeCartesia.prepare(*re.split(r"(?<=[.?!])\s+", said))
        async with (
            FakeDeepgram(final_delay=STT_MS / 1000 - VAD_STOP_S) as dg,
            FakeCartesia(first_audio_delay=TTS_MS / 1000) as ca,
        ):
            settings = VoiceSettings.model_validate(
                {
                    "DEEPGRAM_API_KEY": "dg-bench",
                    "deepgram_url": dg.url,
                    "CARTESIA_API_KEY": "ca-bench",
                    "cartesia_url": ca.url,
                    "host_addresses": ["127.0.0.1"],
                    "vad_stop_seconds": VAD_STOP_S,
                    "max_calls": 50,
                }
            )
            app = create_app(settings)
            server = uvicorn.Server(
                uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
            )
            serving = asyncio.create_task(server.serve())
            while not server.started:  # noqa: ASYNC110 - uvicorn offers no event
                await asyncio.sleep(0.01)
            port = server.servers[0].sockets[0].getsockname()[1]
            try:
                yield VoiceStack(
                    url=f"http://127.0.0.1:{port}",
                    token=services.tokens.issue(user).token,
                    app=app,
                    services=services,
                    claude=claude,
                    deepgram=dg,
                )
            finally:
                await close(app.state.worker)
                server.should_exit = True
                await serving

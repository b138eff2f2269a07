"""The offline speech services start without pipecat logging an error about their
settings ("STTSettings: the following fields are NOT_GIVEN …" on every call)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from loguru import logger
from pipecat.processors.frame_processor import FrameProcessor
from pipecat.tests.utils import run_test

from voice_worker.espeak import ESpeakTTSService, espeak
from voice_worker.hearing import OfflineSTTService, transcriber
from voice_worker.speaking import OfflineTTSService, piper_voice


@pytest.fixture
def errors() -> Iterator[list[str]]:
    logged: list[str] = []
    sink = logger.add(lambda message: logged.append(str(message)), level="ERROR")
    yield logged
    logger.remove(sink)


SERVICES: dict[str, Callable[[], FrameProcessor]] = {
    "moonshine": lambda: OfflineSTTService(transcriber()),
    "piper": lambda: OfflineTTSService(piper_voice()),
    "espeak": lambda: ESpeakTTSService(espeak()),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("name", list(SERVICES))
async def test_an_offline_service_starts_without_a_settings_error(
    name: str, errors: list[str]
) -> None:
    await run_test(SERVICES[name](), frames_to_send=[])
    assert not [e for e in errors if "NOT_GIVEN" in e], errors

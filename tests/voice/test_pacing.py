"""The bench's loop-stall diagnostics (``voice_worker.pacing.watch_loop``): a callback
that blocks a call process's event loop is caught and named, with how long it held the
loop."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from voice_worker import pacing


@pytest.fixture
def watched() -> Iterator[None]:
    pacing.forget()
    yield
    pacing.stop_watching_loop()
    pacing.forget()


def saves_a_quote_slowly() -> None:
    """Blocks the loop as a synchronous call inside a coroutine would."""
    time.sleep(0.3)


async def until_reported(count: int) -> list[list[object]]:
    for _ in range(200):
        stalls: list[list[object]] = pacing.report()["stalls"]
        if sum(int(str(s[1])) for s in stalls) >= count:
            return stalls
        await asyncio.sleep(0.01)
    return pacing.report()["stalls"]


async def test_a_blocking_callback_is_caught_and_named(watched: None) -> None:
    pacing.watch_loop()
    await asyncio.sleep(0.05)
    saves_a_quote_slowly()
    (stall,) = await until_reported(1)
    where, count, total, longest = stall
    assert "saves_a_quote_slowly" in str(where)
    assert "test_pacing.py" in str(where)
    assert count == 1
    assert float(str(longest)) >= 0.25  # the 0.3 s it blocked, give or take a tick
    assert total == longest

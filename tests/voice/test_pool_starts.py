"""A call process that is slow to warm up (models loading on a busy machine): the pool
gives it the start budget from the settings, restarts it only when it died or went over
that budget, and never restarts it twice in a row without waiting longer and allowing
more time. The pool's own loop over stand-in processes (no models are loaded)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

import httpx
import pytest

from voice_worker import starting
from voice_worker.pool import Child, Pool
from voice_worker.settings import VoiceSettings
from voice_worker.starting import Starts


class Loading:
    """A call process that answers warm ``warm_after`` seconds after it began (None:
    never, e.g. a model load that hangs)."""

    def __init__(self, warm_after: float | None, pid: int) -> None:
        self.warm_after = warm_after
        self.pid = pid
        self.began = time.monotonic()
        self.killed_at: float | None = None
        self.returncode: int | None = None
        self._exit = asyncio.Event()

    @property
    def warm(self) -> bool:
        return self.warm_after is not None and time.monotonic() - self.began >= self.warm_after

    async def wait(self) -> int | None:
        await self._exit.wait()
        return self.returncode

    def kill(self) -> None:
        if self.killed_at is None:
            self.killed_at = time.monotonic()
        self.returncode = -9
        self._exit.set()


class Health:
    """The process's ``/health``: 503 while it loads, 200 once warm."""

    def __init__(self, process: Loading) -> None:
        self.process = process

    async def get(self, path: str, **_: object) -> httpx.Response:
        if self.process.warm:
            return httpx.Response(200, json={"pid": self.process.pid, "pcs": []})
        return httpx.Response(503, json={"pid": self.process.pid, "pcs": []})

    async def aclose(self) -> None:
        pass


class Kept:
    """One pool process kept by the pool's loop, each start a :class:`Loading`."""

    def __init__(self, pool: Pool, warm_after: Callable[[int], float | None]) -> None:
        self.pool = pool
        self.child = pool.children[0]
        self.starts: list[Loading] = []
        self._warm_after = warm_after

    async def spawn(self, child: Child, hard_e: Any) -> None:
        process = Loading(self._warm_after(len(self.starts)), pid=1000 + len(self.starts))
        self.starts.append(process)
        child.process = process  # type: ignore[assignment]
        child.http = Health(process)  # type: ignore[assignment]

    async def until(self, done: Callable[[], bool], seconds: float = 20.0) -> None:
        deadline = time.monotonic() + seconds
        while not done():
            if time.monotonic() > deadline:
                pytest.fail(f"never happened; starts: {[vars(s) for s in self.starts]}")
            await asyncio.sleep(0.02)


@pytest.fixture
def keep(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AbstractAsyncContextManager[Kept]]:
    monkeypatch.setattr(starting, "BACKOFF_SECONDS", 0.2)

    @contextlib.asynccontextmanager
    async def run(budget: float, warm_after: Callable[[int], float | None]) -> AsyncIterator[Kept]:
        pool = Pool(VoiceSettings(processes=1, process_start_seconds=budget))
        kept = Kept(pool, warm_after)
        monkeypatch.setattr(pool, "_spawn", kept.spawn)
        watcher = asyncio.create_task(pool._keep(kept.child, None))
        try:
            yield kept
        finally:
            watcher.cancel()
            await asyncio.gather(watcher, return_exceptions=True)
            pool._folder.rmdir()

    return run


def test_the_start_budget_is_a_setting_with_a_generous_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HARD_E_VOICE_PROCESS_START_SECONDS", raising=False)
    assert VoiceSettings().process_start_seconds == 300.0
    monkeypatch.setenv("HARD_E_VOICE_PROCESS_START_SECONDS", "600")
    assert VoiceSettings().process_start_seconds == 600.0
    assert Pool(VoiceSettings(processes=2)).children[1].starts.allowed == 600.0


async def test_a_slow_start_within_its_budget_is_not_killed(
    keep: Callable[..., AbstractAsyncContextManager[Kept]],
) -> None:
    async with keep(budget=2.0, warm_after=lambda n: 0.6) as kept:
        # Given a process that takes a while to load, but less than its budget
        await kept.until(lambda: kept.child.ready)
        await asyncio.sleep(0.3)

        # Then it was started once and never killed
        assert len(kept.starts) == 1 and kept.starts[0].killed_at is None
        assert kept.child.restarts == 0


async def test_a_start_over_its_budget_is_retried_later_with_more_time(
    keep: Callable[..., AbstractAsyncContextManager[Kept]],
) -> None:
    # Given the first start hangs and the second is slower than the budget itself
    async with keep(budget=0.5, warm_after=lambda n: None if n == 0 else 0.8) as kept:
        await kept.until(lambda: kept.child.ready)
        await asyncio.sleep(0.3)
        first, second = kept.starts

        # Then the hung start was killed once over its budget, the next began only after
        # a wait, and was let run past the first budget until it warmed
        assert first.killed_at is not None and first.killed_at - first.began > 0.5
        assert second.began - first.killed_at >= 0.2
        assert second.killed_at is None and len(kept.starts) == 2
        assert kept.child.restarts == 1


async def test_starts_that_never_warm_wait_longer_and_are_allowed_longer_each_time(
    keep: Callable[..., AbstractAsyncContextManager[Kept]],
) -> None:
    async with keep(budget=0.2, warm_after=lambda n: None) as kept:
        await kept.until(lambda: len(kept.starts) == 4)
        lived = [s.killed_at - s.began for s in kept.starts[:3] if s.killed_at is not None]
        waited = [
            later.began - earlier.killed_at
            for earlier, later in zip(kept.starts, kept.starts[1:], strict=False)
            if earlier.killed_at is not None
        ]

        # Then each start got at least twice the time of the one before (the third: the
        # cap of four times), and each wait before a start was at least twice the last
        assert len(lived) == 3 and lived[0] > 0.2 and lived[1] > 0.4 and lived[2] > 0.8
        assert len(waited) == 3 and waited[0] >= 0.2 and waited[1] >= 0.4 and waited[2] >= 0.8


def test_a_warm_start_resets_the_budget_and_the_wait() -> None:
    starts = Starts(budget=300.0)
    assert starts.allowed == 300.0
    assert starts.ended(warmed=False) == starting.BACKOFF_SECONDS
    assert starts.allowed == 600.0
    starts.ended(warmed=False)
    starts.ended(warmed=False)
    assert starts.allowed == 300.0 * starting.MAX_STRETCH  # capped
    # a process that warmed and later died (a crash mid-call) starts again at once
    assert starts.ended(warmed=True) == 0.0
    assert starts.allowed == 300.0
    for _ in range(20):
        wait = starts.ended(warmed=False)
    assert wait == starting.MAX_BACKOFF_SECONDS

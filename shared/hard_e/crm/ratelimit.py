"""Client-side request budget for Leap: at most N requests in any sliding window, per token.

Hand-written because nothing in our dependencies fits: the limiter must be shared by
every client of one token in the process, whatever event loop (or thread) each runs on,
so it holds a ``threading.Lock`` for a few arithmetic steps and never an asyncio
primitive, which would bind it to the first loop that used it.
"""

from __future__ import annotations

import hashlib
import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class BudgetExhaustedError(Exception):
    """No slot would free up in the time the caller has left; ``wait`` says how long."""

    def __init__(self, wait: float) -> None:
        super().__init__(f"no request slot for {wait:.1f} s")
        self.wait = wait


class SlidingWindowLimiter:
    """Lets at most ``limit`` requests occupy any ``window`` seconds; callers wait, never drop.

    A request occupies the window from the moment it is granted until ``window``
    seconds after it *finished*. The server stamps a request somewhere between those
    two instants, so however the network reorders or delays requests, the server can
    never count more than ``limit`` of ours in any window of its own.
    """

    def __init__(self, limit: int, window: float = 60.0, *, clock: Clock = time.monotonic) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.limit = limit
        self.window = window
        self._clock = clock
        self._lock = threading.Lock()
        self._finished: deque[float] = deque()  # finish times still inside the window
        self._in_flight = 0

    def _try_grant(self) -> float:
        """Take a slot and return 0, or return how long to wait before asking again."""
        with self._lock:
            now = self._clock()
            while self._finished and self._finished[0] <= now - self.window:
                self._finished.popleft()
            if len(self._finished) + self._in_flight < self.limit:
                self._in_flight += 1
                return 0.0
            if self._finished:
                return max(self._finished[0] + self.window - now, 0.001)
            return min(0.05, self.window / 20)  # every slot is in flight: poll briefly

    def _release(self) -> None:
        with self._lock:
            self._in_flight -= 1
            self._finished.append(self._clock())

    @asynccontextmanager
    async def slot(self, sleep: Sleep, *, max_wait: float = math.inf) -> AsyncIterator[None]:
        """Wait for room in the window, then hold a slot while the request runs.

        Raises BudgetExhaustedError instead of waiting past ``max_wait`` seconds."""
        waited = 0.0
        while (delay := self._try_grant()) > 0:
            if waited + delay > max_wait:
                raise BudgetExhaustedError(waited + delay)
            await sleep(delay)
            waited += delay
        try:
            yield
        finally:
            self._release()


_shared: dict[tuple[str, int, float, Clock], SlidingWindowLimiter] = {}
_shared_lock = threading.Lock()


def limiter_for_token(
    token: str,
    limit: int,
    window: float = 60.0,
    *,
    clock: Clock = time.monotonic,
    account: str = "",
) -> SlidingWindowLimiter:
    """The process-wide limiter of one token (at one API base URL, ``account``), so two
    clients of one company share a budget."""
    # the token itself is never kept, only a digest
    digest = hashlib.sha256(f"{account}\n{token}".encode()).hexdigest()
    key = (digest, limit, window, clock)
    with _shared_lock:
        limiter = _shared.get(key)
        if limiter is None:
            limiter = _shared[key] = SlidingWindowLimiter(limit, window, clock=clock)
        return limiter

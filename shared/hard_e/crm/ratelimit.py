"""Client-side request budget for Leap: at most N requests in any sliding window, per account.

Two budgets with one interface (``async with budget.slot(sleep)``):
:class:`TableRequestBudget` keeps the slots in the table, so the budget holds across
Lambda instances — what the tools use; :class:`SlidingWindowLimiter` keeps them in this
process, for a Leap client used on its own (the CLI, tests of the client).

Hand-written because nothing in our dependencies fits: the in-process limiter must be
shared by every client of one token in the process, whatever event loop (or thread) each
runs on, so it holds a ``threading.Lock`` for a few arithmetic steps and never an
asyncio primitive, which would bind it to the first loop that used it.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import math
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from hard_e import keys
from hard_e.crm.exceptions import leap_busy
from hard_e.storage import ConditionFailedError, MustNotExist, Table, VersionIs

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


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

        Raises :func:`~hard_e.crm.exceptions.leap_busy` (with the seconds until a slot
        frees) instead of waiting past ``max_wait`` seconds."""
        waited = 0.0
        while (delay := self._try_grant()) > 0:
            if waited + delay > max_wait:
                raise leap_busy(delay)
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


class TableRequestBudget:
    """Leap's requests-per-window budget of one account, held in the table so that every
    Lambda instance (and every local process) shares it.

    The budget is ``limit`` slots. A caller takes a ticket from an atomic counter; ticket
    *t* uses slot *t mod limit*, which is free once the call that used it last finished
    ``window`` seconds ago — the same rule as :class:`SlidingWindowLimiter`, so however
    the server stamps our calls, no window of its own sees more than ``limit``. A slot is
    claimed with a conditional write on its version (racing callers never share one) and
    leased for ``lease`` seconds, so a process that dies mid-call frees it by itself.

    A caller waits for its slot only while it has time left (``max_wait``, or less when
    the request's own deadline is nearer); otherwise it gets
    :func:`~hard_e.crm.exceptions.leap_busy` with the seconds until the slot frees,
    instead of hanging until its own client gives up.
    """

    def __init__(
        self,
        table: Table,
        tenant_id: str,
        account: str,
        *,
        limit: int = 60,
        window: float = 60.0,
        max_wait: float = 2.0,
        lease: float = 30.0,
        monotonic: Clock = time.monotonic,
    ) -> None:
        if limit < 1 or window <= 0:
            raise ValueError("limit must be >= 1 and window > 0")
        self.limit, self.window = limit, window
        self._table = table
        self._pk = keys.tenant_pk(tenant_id, "LEAPBUDGET")
        # the account (base URL + token) is never stored, only a digest
        self._account = hashlib.sha256(account.encode()).hexdigest()[:24]
        self.max_wait = max_wait
        self._lease = lease
        self._monotonic = monotonic

    @asynccontextmanager
    async def slot(self, sleep: Sleep, *, max_wait: float = math.inf) -> AsyncIterator[None]:
        """Hold one of the account's slots while the request runs, waiting at most
        ``max_wait`` (the caller's time left) or this budget's own ``max_wait``."""
        index, version = await self._acquire(sleep, min(self.max_wait, max_wait))
        try:
            yield
        finally:
            await asyncio.to_thread(self._release, index, version)

    async def _acquire(self, sleep: Sleep, max_wait: float) -> tuple[int, int]:
        give_up = self._monotonic() + max_wait
        index, (wait, version, in_flight) = await asyncio.to_thread(self._ticket_and_claim)
        while True:
            if wait <= 0:
                return index, version
            left = give_up - self._monotonic()
            # A slot still in flight frees a window after that call ends: at least
            # ``window`` from now, and the release will say exactly when.
            soonest = min(wait, self.window) if in_flight else wait
            if soonest > left:
                raise leap_busy(soonest)
            await sleep(min(wait, 0.25) if in_flight else wait)
            wait, version, in_flight = await asyncio.to_thread(self._try_claim, index)

    def _ticket_and_claim(self) -> tuple[int, tuple[float, int, bool]]:
        """Take a ticket and try its slot, in one trip to a worker thread."""
        ticket = self._table.increment(self._pk, f"{self._account}#next", attribute="tickets")
        index = (ticket - 1) % self.limit
        return index, self._try_claim(index)

    def _slot_key(self, index: int) -> str:
        return f"{self._account}#slot#{index:05d}"

    def _try_claim(self, index: int) -> tuple[float, int, bool]:
        """(0, new version, False) when the slot was claimed; else (seconds until it
        frees, 0, whether a call still holds it)."""
        sk = self._slot_key(index)
        for _ in range(8):
            item = self._table.get(self._pk, sk)
            now = self._table.now()
            free_at = float(item["free_at"]) if item else 0.0
            if free_at > now:
                return free_at - now, 0, bool(item and item.get("in_flight"))
            version = int(item["version"]) if item else 0
            claimed = {
                "pk": self._pk,
                "sk": sk,
                "version": version + 1,
                "free_at": now + self.window + self._lease,  # until released
                "in_flight": True,
                "ttl": int(now + self.window + self._lease) + 3600,
            }
            condition = VersionIs(version) if item else MustNotExist()
            try:
                self._table.put(claimed, condition=condition)
            except ConditionFailedError:
                continue  # someone else took it first: look again
            return 0.0, version + 1, False
        return 0.05, 0, False  # heavy contention on one slot: wait a moment

    def _release(self, index: int, version: int) -> None:
        now = self._table.now()
        released = {
            "pk": self._pk,
            "sk": self._slot_key(index),
            "version": version + 1,
            "free_at": now + self.window,
            "ttl": int(now + self.window) + 3600,
        }
        with contextlib.suppress(ConditionFailedError):  # lease ran out and it was reused
            self._table.put(released, condition=VersionIs(version))


RequestBudget = SlidingWindowLimiter | TableRequestBudget

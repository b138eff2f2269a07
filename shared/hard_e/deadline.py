"""How long a request may still take: the time its Lambda has left, less a reserve.

API Gateway gives a function 29 s. A turn that is still waiting on a slow CRM when
that runs out is killed with nothing saved, so the request's deadline is passed down
explicitly — to the chat turn, the tool context and the CRM client — and each part
spends only what is left: a CRM call that cannot finish in time is not started, a
retry that would overrun is not made, and the turn answers truthfully in time.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Deadline:
    """A point on the monotonic clock (``time.monotonic``, which asyncio's loop uses)."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    @classmethod
    def of_lambda(cls, context: Any, *, reserve: float) -> Deadline | None:
        """The invocation's own end, ``reserve`` seconds early (to save and answer);
        None when the context cannot say (a plain test call)."""
        remaining = getattr(context, "get_remaining_time_in_millis", None)
        if remaining is None:
            return None
        left = remaining() / 1000
        return cls.after(max(0.0, left - min(reserve, left / 4)))

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    @property
    def passed(self) -> bool:
        return self.remaining() <= 0


def remaining(deadline: Deadline | None) -> float:
    return math.inf if deadline is None else deadline.remaining()


_current: ContextVar[Deadline | None] = ContextVar("deadline", default=None)


def current() -> Deadline | None:
    """The deadline of the request being handled on this thread, if any."""
    return _current.get()


@contextmanager
def within(deadline: Deadline | None) -> Iterator[Deadline | None]:
    token = _current.set(deadline)
    try:
        yield deadline
    finally:
        _current.reset(token)

"""One request at a time inside Powertools' resolver, except while a route waits.

Powertools keeps the request being resolved on a class attribute
(``BaseRouter.current_event``), shared by every resolver and thread of the process. A
Lambda instance serves one request at a time, so that is safe there; the local server
serves each request on its own thread, and two concurrent requests would read each
other's body — one rep's message run under another rep's login. So resolving holds a
process-wide lock, and a route lets go of it only while it waits for its coroutine
(:func:`run`), then takes it back and puts its own event back before Powertools reads
it again. Turns still overlap; only the short, synchronous parts take turns.
"""

from __future__ import annotations

import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from aws_lambda_powertools.event_handler.api_gateway import BaseRouter

from hard_e import aio

T = TypeVar("T")

_lock = threading.Lock()
_held = threading.local()


@contextmanager
def resolving() -> Iterator[None]:
    """Hold the resolver for this thread's request."""
    with _lock:
        _held.on = True
        try:
            yield
        finally:
            _held.on = False


def run(coro: Coroutine[Any, Any, T]) -> T:
    """``aio.run``, letting other requests resolve while this one waits."""
    if not getattr(_held, "on", False):
        return aio.run(coro)
    event, context = BaseRouter.current_event, BaseRouter.lambda_context
    _held.on = False
    _lock.release()
    try:
        return aio.run(coro)
    finally:
        _lock.acquire()
        _held.on = True
        BaseRouter.current_event, BaseRouter.lambda_context = event, context

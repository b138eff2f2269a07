"""One event loop per process for the synchronous entry points (Lambda handlers, the
threaded local server, the CLI).

Async clients that pool connections (anthropic, httpx) must stay on the loop that opened
them. ``asyncio.run`` makes a new loop per call, so a client cached by a warm Lambda
would reuse sockets from a dead loop; instead every call runs on this one loop, in a
daemon thread, and the caller waits for its result.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")

_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def _background_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="hard-e-loop", daemon=True).start()
            _loop = loop
        return _loop


def run(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` on the process's loop and return its result (or raise its error)."""
    return asyncio.run_coroutine_threadsafe(coro, _background_loop()).result()

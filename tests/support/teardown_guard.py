"""A test's teardown that does not end is failed, loudly and in bounded time.

pytest-timeout's alarm rings once: a test it times out goes on to its teardown with no
alarm left. There pytest-asyncio closes the test's event loop (``asyncio.Runner.close``),
which cancels every task left and waits for them all, then waits for the loop's worker
threads: a task that swallows its cancellation, or a thread blocked for good, held a
voice test's teardown — and CI — for over ten minutes.

So each teardown has its own deadline (``HARD_E_TEST_TEARDOWN_SECONDS``, 120 s by
default). Past it the main thread is interrupted with :class:`TeardownHung` — a
``SystemExit``, so neither asyncio's tasks nor an ``except Exception`` swallow it — whose
message holds the stuck asyncio tasks' and every thread's stacks; the test gets an error
in teardown and the run goes on. Should that not free the teardown either, the stacks
are written to stderr and pytest exits (status 3) rather than hang. A run that had a
stuck teardown leaves at its end without joining threads that are still stuck.
"""

from __future__ import annotations

import asyncio
import faulthandler
import io
import os
import signal
import sys
import threading
import traceback
from collections.abc import Generator
from types import FrameType
from typing import Any

import pytest

SECONDS = float(os.environ.get("HARD_E_TEST_TEARDOWN_SECONDS", "120"))
RETRIES = 3  # interruptions (5 s apart) before giving up on the run
RETRY_SECONDS = 5.0
INTERRUPT = signal.SIGUSR1
_stuck: list[str] = []  # tests whose teardown hung, this run
_exit_status: list[int] = []


class TeardownHung(SystemExit):
    """A test's teardown ran past its deadline."""


class Guard:
    """Interrupts the main thread if a teardown is still running after ``seconds``."""

    def __init__(self, nodeid: str, seconds: float) -> None:
        self.nodeid = nodeid
        self.seconds = seconds
        self._done = threading.Event()
        self._main = threading.main_thread().ident
        self._thread = threading.Thread(target=self._watch, name="teardown-guard", daemon=True)
        self._previous: Any = None

    def __enter__(self) -> Guard:
        self._previous = signal.signal(INTERRUPT, self._interrupted)
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        signal.signal(INTERRUPT, self._previous)

    def _watch(self) -> None:
        if self._done.wait(self.seconds):
            return
        _stuck.append(self.nodeid)
        for _ in range(RETRIES):
            if self._main is not None:
                signal.pthread_kill(self._main, INTERRUPT)
            if self._done.wait(RETRY_SECONDS):
                return
        sys.stderr.write(f"\nteardown of {self.nodeid} cannot be stopped; leaving the run\n")
        faulthandler.dump_traceback(all_threads=True)
        sys.stderr.flush()
        os._exit(3)

    def _interrupted(self, _signum: int, _frame: FrameType | None) -> None:
        if self._done.is_set():
            return
        raise TeardownHung(
            f"the teardown of {self.nodeid} was still running after {self.seconds:.0f} s "
            f"(HARD_E_TEST_TEARDOWN_SECONDS)\n\n{stacks()}"
        )


def stacks() -> str:
    """The event loop's unfinished tasks' stacks, then every thread's."""
    out = io.StringIO()
    loop = asyncio.events._get_running_loop()
    if loop is None:
        try:
            loop = asyncio.get_event_loop_policy().get_event_loop()
        except RuntimeError:
            loop = None
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()] if loop is not None else []
    out.write(f"--- {len(tasks)} unfinished asyncio task(s) ---\n")
    for task in tasks:
        out.write(f"{task!r}\n")
        task.print_stack(file=out)
    names = {t.ident: t.name for t in threading.enumerate()}
    for ident, frame in sys._current_frames().items():
        out.write(f"--- thread {names.get(ident, ident)} ---\n")
        out.write("".join(traceback.format_stack(frame)))
    return out.getvalue()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, None, None]:
    if threading.current_thread() is not threading.main_thread():
        return (yield)
    with Guard(item.nodeid, SECONDS):
        return (yield)


def pytest_sessionfinish(exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


def pytest_unconfigure() -> None:
    """After a stuck teardown, threads that are still stuck are not waited for."""
    stuck = [t for t in threading.enumerate() if t.is_alive() and not t.daemon]
    stuck = [t for t in stuck if t is not threading.main_thread()]
    if _stuck and stuck:
        names = ", ".join(t.name for t in stuck)
        sys.stderr.write(f"\nleaving without the threads stuck since {_stuck[0]}: {names}\n")
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit((_exit_status or [1])[-1] or 1)

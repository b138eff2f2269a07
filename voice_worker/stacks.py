"""Where every call of a process is waiting, on demand: ``kill -USR1 <pid>`` of a call
process (or the worker's server, when it runs the calls itself) writes every asyncio
task's stack, and each call's outgoing-audio pause, to a file and logs its path.

A call stuck mid-reply ("no bot-stopped-speaking") is stuck in an ``await`` somewhere —
pipecat's output transport waiting on a write, a text-to-speech context, a pause that
holds — which neither a thread dump (py-spy shows the loop's thread idle in ``select``)
nor the logs show. The benchmarks send the signal themselves (``VOICE_BENCH_DUMP_AFTER``).
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

FRAMES = 12  # innermost frames kept per task: enough to name what it awaits


def task_stacks(tasks: Iterable[asyncio.Task[Any]]) -> list[str]:
    """Each task's name and what it is awaiting, innermost frame last, outside asyncio."""
    lines: list[str] = []
    for task in sorted(tasks, key=lambda t: t.get_name()):
        if task.done():
            continue
        lines.append(f"task {task.get_name()}: {task.get_coro()!r}"[:300])
        frames = task.get_stack(limit=FRAMES)  # a coroutine's: outermost first
        summary = traceback.StackSummary.extract(
            ((f, f.f_lineno) for f in frames), lookup_lines=False
        )
        for frame in summary:
            where = os.sep.join(Path(frame.filename).parts[-2:])
            lines.append(f"    {where}:{frame.lineno} {frame.name}")
    return lines


def write_dump(extra: Callable[[], list[str]] | None = None) -> Path:
    """Every task of the running loop (and ``extra``'s lines) to a new file; its path."""
    lines = [f"pid {os.getpid()} at {time.strftime('%H:%M:%S')}"]
    if extra is not None:
        lines += extra()
    lines += task_stacks(asyncio.all_tasks())
    handle, name = tempfile.mkstemp(prefix=f"hard-e-voice-tasks-{os.getpid()}-", suffix=".txt")
    with os.fdopen(handle, "w") as out:
        out.write("\n".join(lines) + "\n")
    return Path(name)


def dump_on_signal(
    loop: asyncio.AbstractEventLoop, extra: Callable[[], list[str]] | None = None
) -> None:
    """``SIGUSR1`` writes a dump (:func:`write_dump`) and logs where."""

    def dump() -> None:
        try:
            logger.warning("tasks of this process written to %s", write_dump(extra))
        except Exception:  # a diagnostic never takes the process down
            logger.exception("could not write the tasks' stacks")

    loop.add_signal_handler(signal.SIGUSR1, dump)

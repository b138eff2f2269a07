"""A task dump names what each waiting task awaits (``voice_worker.stacks``)."""

from __future__ import annotations

import asyncio
import os
import signal
import tempfile
from pathlib import Path

import pytest

from voice_worker.stacks import dump_on_signal, task_stacks


async def _waits_for_the_crew(event: asyncio.Event) -> None:
    await event.wait()


async def test_a_dump_names_the_task_and_the_line_it_waits_on() -> None:
    event = asyncio.Event()
    task = asyncio.create_task(_waits_for_the_crew(event), name="install-crew")
    await asyncio.sleep(0)
    lines = task_stacks([task])
    assert lines[0].startswith("task install-crew")
    assert any("_waits_for_the_crew" in line and "test_stacks.py" in line for line in lines)
    event.set()
    await task
    assert task_stacks([task]) == []  # a finished task waits on nothing


async def test_sigusr1_writes_every_task_and_the_extra_lines_to_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    event = asyncio.Event()
    task = asyncio.create_task(_waits_for_the_crew(event), name="punch-list")
    await asyncio.sleep(0)
    loop = asyncio.get_running_loop()
    dump_on_signal(loop, lambda: ["call pc-1: pause holding False"])
    try:
        os.kill(os.getpid(), signal.SIGUSR1)
        for _ in range(200):
            await asyncio.sleep(0.01)
            if _dumps(tmp_path):
                break
    finally:
        loop.remove_signal_handler(signal.SIGUSR1)
        event.set()
        await task
    (text,) = [p.read_text() for p in _dumps(tmp_path)]
    assert "call pc-1: pause holding False" in text
    assert "task punch-list" in text and "_waits_for_the_crew" in text


def _dumps(folder: Path) -> list[Path]:
    return sorted(folder.glob("hard-e-voice-tasks-*"))

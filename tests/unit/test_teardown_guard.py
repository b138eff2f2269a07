"""The teardown guard (tests/support/teardown_guard.py) on a real pytest run: tests
timed out by pytest-timeout leave a task that will not be cancelled, or a worker thread
blocked for good, so their event loop's teardown would never end (nor, for the thread,
would the run: Python waits for it at exit)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

STUCK = """
import asyncio
import threading

import pytest

NEVER = threading.Event()


async def will_not_stop() -> None:
    while True:
        try:
            await asyncio.sleep(3600)
        except asyncio.CancelledError:
            pass  # swallowed: this task cannot be cancelled


@pytest.fixture
async def stubborn_task():
    task = asyncio.create_task(will_not_stop())
    yield task


async def test_times_out_and_leaves_a_stubborn_task(stubborn_task) -> None:
    await asyncio.sleep(3600)  # pytest-timeout stops this


async def test_times_out_in_a_thread_that_never_returns() -> None:
    await asyncio.to_thread(NEVER.wait)  # pytest-timeout stops the await, not the thread


def test_the_run_goes_on() -> None:
    assert True
"""

INI = """[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
timeout = 2
"""


def run(tmp_path: Path, test: str) -> subprocess.CompletedProcess[str]:
    (tmp_path / "pytest.ini").write_text(INI)
    (tmp_path / "test_inner.py").write_text(test)
    # only the plugins the guard works beside (asyncio, timeout): the venv's others
    # (schemathesis, hypothesis...) take seconds to import and play no part here
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "HARD_E_TEST_TEARDOWN_SECONDS": "3",
        "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
    }
    env.pop("PYTEST_ADDOPTS", None)
    plugins = ["-p", "pytest_asyncio.plugin", "-p", "pytest_timeout"]
    guard = ["-p", "tests.support.teardown_guard"]
    return subprocess.run(
        [sys.executable, "-m", "pytest", *plugins, *guard, "-q", "-rA"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,  # without the guard this run never ends
        check=False,
    )


@pytest.mark.slow
def test_a_teardown_that_hangs_fails_that_test_with_the_stuck_tasks_stacks(
    tmp_path: Path,
) -> None:
    done = run(tmp_path, STUCK)
    out = done.stdout + done.stderr
    # each timed-out test fails, its teardown errors instead of hanging, the next test
    # runs, and the run ends (with the stuck thread named) instead of waiting for it
    assert "2 failed, 1 passed, 2 errors" in out, out
    assert "ERROR test_inner.py::test_times_out_and_leaves_a_stubborn_task" in out, out
    assert "ERROR test_inner.py::test_times_out_in_a_thread_that_never_returns" in out, out
    # each stuck teardown is reported (the short summary may repeat the line under CI)
    assert out.count("was still running after 3 s") >= 2, out
    assert "will_not_stop" in out, out  # the stuck task's stack is shown
    assert "shutdown_default_executor" in out and "thread asyncio_0" in out, out  # thread
    assert "leaving without the threads stuck since" in out, out
    assert done.returncode == 1, out


def test_a_teardown_that_ends_is_left_alone(tmp_path: Path) -> None:
    quick = (
        "import pytest\n\n@pytest.fixture\ndef slow_to_tidy():\n    yield\n"
        "    import time; time.sleep(1)\n\n"
        "def test_it(slow_to_tidy):\n    assert True\n"
    )
    done = run(tmp_path, quick)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout

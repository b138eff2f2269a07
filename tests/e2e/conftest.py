"""Runs ``hard-e serve`` as a real process on a free loopback port."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
# a start under load (six suites on two cores) can take tens of seconds; a stop is bounded
START_SECONDS = float(os.environ.get("HARD_E_TEST_SERVER_START_SECONDS", "90"))
STOP_SECONDS = 10.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RunningServer:
    """``hard-e serve`` in its own process; :meth:`stop` always ends it, in bounded time."""

    def __init__(self, home: Path, env: dict[str, str] | None = None) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = env or {}
        self.proc: subprocess.Popen[bytes] | None = None
        self.output = ""
        # the server's (and its voice worker's) output goes to a file, never a pipe: a pipe
        # nobody reads until the end fills up and blocks the server mid-test
        self._log: IO[bytes] | None = None

    def start(self) -> RunningServer:
        """Start the server and return once ``/health`` answers; if it does not (it exited,
        or START_SECONDS passed), the process is ended and the error carries its output."""
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("HARD_E_", "ANTHROPIC_"))},
            "HARD_E_HOME": str(self.home),
            "HARD_E_PORT": str(self.port),
            "HARD_E_BCRYPT_ROUNDS": "4",
            "HARD_E_LEAP_SIM_PORT": str(free_port()),  # never the fixed default port
            "HARD_E_VOICE": "0",  # the voice worker only where a test asks for it
            **self.extra_env,
        }
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hard_e.cli", "serve"],
            cwd=REPO,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_SECONDS
        with httpx.Client(timeout=2) as http:
            while time.monotonic() < deadline:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"server exited ({self.proc.returncode}): {self.stop()}")
                try:
                    if http.get(f"{self.url}/health").status_code == 200:
                        return self
                except httpx.HTTPError:
                    pass
                time.sleep(0.05)
        raise RuntimeError(
            f"server did not come up in {START_SECONDS:.0f} s "
            f"(HARD_E_TEST_SERVER_START_SECONDS): {self.stop()}"
        )

    def stop(self) -> str:
        """End the server (SIGTERM, then SIGKILL) and return everything it printed."""
        proc = self.proc
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                proc.kill()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=STOP_SECONDS)
        if self._log is not None:
            self._log.seek(0)
            self.output += self._log.read().decode(errors="replace")
            self._log.close()
            self._log = None
        return self.output


@contextlib.contextmanager
def shared_server(
    tmp_path_factory: pytest.TempPathFactory, env: dict[str, str] | None = None
) -> Iterator[RunningServer]:
    """One started server for a module's tests that only read, or write what no other
    test there looks at (a start costs seconds); stopped when the module is done."""
    server = RunningServer(tmp_path_factory.mktemp("shared") / "home", env)
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def server_factory(tmp_path: Path) -> Iterator[type[RunningServer]]:
    started: list[RunningServer] = []

    class Factory(RunningServer):
        def __init__(self, env: dict[str, str] | None = None, home: Path | None = None) -> None:
            super().__init__(home or tmp_path / "home", env)
            started.append(self)

    yield Factory
    for s in started:
        s.stop()

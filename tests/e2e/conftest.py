"""Runs ``hard-e serve`` as a real process on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RunningServer:
    def __init__(self, home: Path, env: dict[str, str] | None = None) -> None:
        self.home = home
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.extra_env = env or {}
        self.proc: subprocess.Popen[str] | None = None
        self.output = ""

    def start(self) -> RunningServer:
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("HARD_E_", "ANTHROPIC_"))},
            "HARD_E_HOME": str(self.home),
            "HARD_E_PORT": str(self.port),
            "HARD_E_BCRYPT_ROUNDS": "4",
            "HARD_E_LEAP_SIM_PORT": str(free_port()),  # never the fixed default port
            "HARD_E_VOICE": "0",  # the voice worker only where a test asks for it
            **self.extra_env,
        }
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "hard_e.cli", "serve"],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"server exited: {self.proc.stdout.read() if self.proc.stdout else ''}"
                )
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("server did not come up in 30 s")

    def stop(self) -> str:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                out, _ = self.proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                out, _ = self.proc.communicate()
            self.output += out or ""
        return self.output


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

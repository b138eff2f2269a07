"""The e2e tests' ``hard-e serve`` process (tests/e2e/conftest.py): one that does not
come up is ended, not left running beside the rest of the suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e import conftest
from tests.e2e.conftest import RunningServer


def test_a_server_that_does_not_come_up_in_time_is_ended_with_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conftest, "START_SECONDS", 0.2)  # far less than a start takes
    server = RunningServer(tmp_path / "home")
    with pytest.raises(RuntimeError, match="did not come up in 0 s"):
        server.start()
    assert server.proc is not None
    assert server.proc.poll() is not None  # ended, not left behind
    assert server.stop() == server.output  # a second stop is harmless

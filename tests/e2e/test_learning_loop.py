"""`make run` learns on its own: the server's background loop (EventBridge's stand-in)."""

from __future__ import annotations

import time

import httpx

from tests.e2e.conftest import RunningServer
from tests.e2e.test_local_server import login


def test_the_server_learns_from_a_quiet_conversation_by_itself(
    server_factory: type[RunningServer],
) -> None:
    server = server_factory(
        env={
            "HARD_E_LEAP_SIM": "false",
            "HARD_E_LEARN_IDLE_MINUTES": "0",
            "HARD_E_LEARNER_INTERVAL_SECONDS": "5",
        }
    ).start()
    auth = {"Authorization": f"Bearer {login(server.url)}"}
    httpx.post(
        f"{server.url}/api/v1/chat", json={"message": "we offer 6-month financing"}, headers=auth
    )

    deadline = time.monotonic() + 30
    learned: list[str] = []
    while time.monotonic() < deadline and not learned:
        time.sleep(1)
        items = httpx.get(f"{server.url}/api/v1/memory", headers=auth).json()["memories"]
        learned = [m["text"] for m in items if "financing" in m["text"]]

    assert [t.lower().rstrip(".") for t in learned] == ["we offer 6-month financing"]

"""`make run`'s server over real HTTP: log in, chat, restart, and the history is still there."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD
from tests.e2e.conftest import RunningServer, shared_server
from tests.support.anthropic_server import ScriptedAnthropic, text


def login(base: str) -> str:
    response = httpx.post(
        f"{base}/api/v1/auth/login", json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["token"]
    return token


def test_demo_login_chat_and_history_survive_a_restart(
    server_factory: type[RunningServer],
) -> None:
    first = server_factory().start()
    token = login(first.url)
    chat = httpx.post(
        f"{first.url}/api/v1/chat",
        json={"message": "hi"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert chat.status_code == 200
    session_id, reply = chat.json()["session_id"], chat.json()["reply"]
    output = first.stop()
    assert DEMO_EMAIL in output and DEMO_PASSWORD in output  # printed at start-up

    second = server_factory(home=first.home).start()
    token = login(second.url)  # same demo tenant, not seeded twice
    history = httpx.get(
        f"{second.url}/api/v1/sessions/{session_id}", headers={"Authorization": f"Bearer {token}"}
    )
    assert history.status_code == 200
    assert [m["text"] for m in history.json()["messages"]] == ["hi", reply]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    """The tests that only read (pages, errors) share one server."""
    with shared_server(tmp_path_factory) as running:
        yield running


def test_web_page_and_health_are_served(server: RunningServer) -> None:
    page = httpx.get(f"{server.url}/")
    script = httpx.get(f"{server.url}/views/chat.js")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert 'id="signin-form"' in page.text and "/api/v1/chat" in script.text
    assert httpx.get(f"{server.url}/../pyproject.toml").status_code == 404
    assert httpx.get(f"{server.url}/health").json() == {"status": "ok"}


def test_bad_requests_over_http_get_json_errors(server: RunningServer) -> None:
    token = login(server.url)
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    malformed = httpx.post(f"{server.url}/api/v1/chat", content=b'{"message":', headers=auth)
    oversized = httpx.post(
        f"{server.url}/api/v1/chat", content=b'{"message":"' + b"x" * 70_000 + b'"}', headers=auth
    )
    no_token = httpx.post(f"{server.url}/api/v1/chat", json={"message": "hi"})

    assert (malformed.status_code, malformed.json()["error"]["code"]) == (400, "invalid_json")
    assert (oversized.status_code, oversized.json()["error"]["code"]) == (413, "payload_too_large")
    assert (no_token.status_code, no_token.json()["error"]["code"]) == (401, "unauthorized")


def test_with_a_key_set_chat_goes_to_claude(server_factory: type[RunningServer]) -> None:
    with ScriptedAnthropic() as claude:
        claude.reply(text("Hard-E here, powered by Claude."))
        server = server_factory(
            env={"ANTHROPIC_API_KEY": "sk-test", "HARD_E_ANTHROPIC_BASE_URL": claude.base_url}
        ).start()
        token = login(server.url)

        chat = httpx.post(
            f"{server.url}/api/v1/chat",
            json={"message": "who are you?"},
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )

        assert chat.status_code == 200
        assert chat.json()["reply"] == "Hard-E here, powered by Claude."
        assert chat.json()["brain"] == "claude"
        sent = claude.requests[0]
        assert sent.messages[-1]["content"] == "who are you?"
        assert "Summit Exteriors" in sent.system[0]["text"]
        assert "sk-test" in sent.headers.get("x-api-key", sent.headers.get("authorization", ""))

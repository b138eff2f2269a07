"""Chat turns and session history through the chat Lambda handler."""

from __future__ import annotations

import json

import pytest

from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from tests.conftest import FrozenClock, Gateway, add_user, load_event


def test_chat_replies_and_opens_a_session(gateway: Gateway, demo_token: str) -> None:
    result = gateway.chat("hello", demo_token)

    assert result.status == 200
    body = result.json()
    assert body["session_id"].startswith("ses_")
    assert "Summit Exteriors" in body["reply"]
    assert body["tool_calls"] == [] and body["approvals"] == []


def test_a_real_api_gateway_event_is_served(gateway: Gateway, demo_token: str) -> None:
    event = load_event("apigw_http_v2_chat.json")
    event["headers"]["authorization"] = f"Bearer {demo_token}"

    result = gateway.send(event, "chat")

    assert result.status == 200
    assert "move jobs through your workflow" in result.json()["reply"]  # capabilities


def test_history_is_kept_in_order_and_readable(gateway: Gateway, demo_token: str) -> None:
    first = gateway.chat("hi", demo_token).json()
    second = gateway.chat("what can you do?", demo_token, first["session_id"]).json()
    assert second["session_id"] == first["session_id"]

    result = gateway.request(
        "GET", f"/api/v1/sessions/{first['session_id']}", function="chat", token=demo_token
    )

    assert result.status == 200
    messages = result.json()["messages"]
    assert [(m["role"], m["text"]) for m in messages] == [
        ("user", "hi"),
        ("assistant", first["reply"]),
        ("user", "what can you do?"),
        ("assistant", second["reply"]),
    ]


def test_greeting_knows_the_conversation_is_ongoing(gateway: Gateway, demo_token: str) -> None:
    first = gateway.chat("hi", demo_token).json()
    again = gateway.chat("hello", demo_token, first["session_id"]).json()
    assert "again" in again["reply"] and "again" not in first["reply"]


def test_session_expires_a_day_after_last_activity(
    gateway: Gateway, demo_token: str, clock: FrozenClock, services: Services
) -> None:
    session_id = gateway.chat("hi", demo_token).json()["session_id"]
    clock.advance(23 * 3600)
    fresh_token = gateway.login().json()["token"]  # tokens last an hour; sessions a day
    assert gateway.chat("still there?", fresh_token, session_id).status == 200

    clock.advance(23 * 3600)  # 46 h after start, 23 h after the last turn: alive
    fresh_token = gateway.login().json()["token"]
    assert (
        gateway.request(
            "GET", f"/api/v1/sessions/{session_id}", function="chat", token=fresh_token
        ).status
        == 200
    )

    clock.advance(2 * 3600)  # 25 h after the last turn: gone
    fresh_token = gateway.login().json()["token"]
    gone = gateway.request(
        "GET", f"/api/v1/sessions/{session_id}", function="chat", token=fresh_token
    )
    assert gone.status == 404
    assert gone.json()["error"]["code"] == "session_not_found"
    assert gateway.chat("hello?", fresh_token, session_id).status == 404


def test_another_tenants_session_is_invisible(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    session_id = gateway.chat("secret pricing talk", demo_token).json()["session_id"]
    rival = services.directory.create_tenant("Rival Roofing")
    add_user(services, rival.tenant_id, "boss@rival.example", role="admin")
    rival_token = gateway.login("boss@rival.example", "pw-123456").json()["token"]

    read = gateway.request(
        "GET", f"/api/v1/sessions/{session_id}", function="chat", token=rival_token
    )
    write = gateway.chat("hi", rival_token, session_id)

    assert read.status == 404 and write.status == 404
    assert b"secret pricing" not in read.body + write.body


def test_a_rep_cannot_read_a_colleagues_session_but_an_admin_can(
    gateway: Gateway, demo: DemoLogin, demo_token: str, services: Services
) -> None:
    add_user(services, demo.tenant_id, "rep1@summit.example")
    add_user(services, demo.tenant_id, "rep2@summit.example")
    rep1 = gateway.login("rep1@summit.example", "pw-123456").json()["token"]
    rep2 = gateway.login("rep2@summit.example", "pw-123456").json()["token"]
    session_id = gateway.chat("hi", rep1).json()["session_id"]

    path = f"/api/v1/sessions/{session_id}"
    assert gateway.request("GET", path, function="chat", token=rep2).status == 404
    assert gateway.chat("hi", rep2, session_id).status == 404
    assert gateway.request("GET", path, function="chat", token=demo_token).status == 200
    assert gateway.chat("hi", demo_token, session_id).status == 404  # admins read, not talk


@pytest.mark.parametrize("session_id", ["nope", "ses_", "../../etc", "ses_" + "z" * 26, "T#x"])
def test_unknown_or_malformed_session_ids_are_404(
    gateway: Gateway, demo_token: str, session_id: str
) -> None:
    assert gateway.chat("hi", demo_token, session_id).status == 404


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        (b'{"message": ', 400, "invalid_json"),
        (b"\xff\xfe not json", 400, "invalid_json"),
        (b"[]", 422, "validation_error"),
        (b'"hello"', 422, "validation_error"),
        (b"{}", 422, "validation_error"),
        (b'{"message": 42}', 422, "validation_error"),
        (b'{"message": ""}', 422, "validation_error"),
        (b'{"message": "hi", "session_id": 7}', 422, "validation_error"),
        (b'{"message": "hi", "tenant_id": "someone-else"}', 422, "validation_error"),
        (b'{"message": null}', 422, "validation_error"),
    ],
)
def test_bad_chat_bodies_get_clear_4xx(
    gateway: Gateway, demo_token: str, raw: bytes, status: int, code: str
) -> None:
    result = gateway.request(
        "POST", "/api/v1/chat", function="chat", raw_body=raw, token=demo_token
    )
    assert result.status == status
    assert result.json()["error"]["code"] == code
    assert result.json()["error"]["message"]


def test_missing_field_is_named_in_the_error(gateway: Gateway, demo_token: str) -> None:
    result = gateway.request(
        "POST", "/api/v1/chat", function="chat", json_body={}, token=demo_token
    )
    assert "message is required" in result.json()["error"]["message"]


def test_body_over_64_kb_is_413_and_nothing_is_stored(
    gateway: Gateway, demo_token: str, services: Services
) -> None:
    session_id = gateway.chat("hi", demo_token).json()["session_id"]
    big = json.dumps({"message": "x" * (65 * 1024), "session_id": session_id}).encode()

    result = gateway.request(
        "POST", "/api/v1/chat", function="chat", raw_body=big, token=demo_token
    )

    assert result.status == 413
    assert result.json()["error"]["code"] == "payload_too_large"
    history = gateway.request(
        "GET", f"/api/v1/sessions/{session_id}", function="chat", token=demo_token
    ).json()
    assert len(history["messages"]) == 2


def test_message_over_the_character_limit_is_422(gateway: Gateway, demo_token: str) -> None:
    result = gateway.chat("y" * 8001, demo_token)
    assert result.status == 422


def test_non_json_content_type_is_415(gateway: Gateway, demo_token: str) -> None:
    result = gateway.request(
        "POST",
        "/api/v1/chat",
        function="chat",
        raw_body=b"message=hi",
        token=demo_token,
        headers={"content-type": "text/plain"},
    )
    assert result.status == 415


def test_wrong_method_and_unknown_route(gateway: Gateway, demo_token: str) -> None:
    wrong = gateway.request("DELETE", "/api/v1/chat", function="chat", token=demo_token)
    unknown = gateway.request("GET", "/api/v1/nothing-here", function="chat", token=demo_token)
    assert (wrong.status, wrong.json()["error"]["code"]) == (405, "method_not_allowed")
    assert (unknown.status, unknown.json()["error"]["code"]) == (404, "not_found")


def test_a_broken_brain_is_a_500_with_no_details(
    gateway: Gateway, demo_token: str, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database password is hunter2")

    monkeypatch.setattr(services.brain, "reply", explode)
    result = gateway.chat("hi", demo_token)
    assert result.status == 500
    assert result.json() == {
        "error": {"code": "internal_error", "message": "something went wrong on our side"}
    }

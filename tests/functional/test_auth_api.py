"""Logging in and the token check, through the auth and chat Lambda handlers."""

from __future__ import annotations

import jwt

from hard_e.auth.tokens import ALGORITHM, AUDIENCE, ISSUER
from hard_e.bootstrap import Services
from hard_e.local.seed import DEMO_EMAIL, DemoLogin
from tests.conftest import FrozenClock, Gateway


def test_health_needs_no_token(gateway: Gateway, services: Services) -> None:
    result = gateway.request("GET", "/health", function="auth")
    assert (result.status, result.json()) == (200, {"status": "ok"})


def test_demo_user_logs_in_and_gets_a_short_lived_token(
    gateway: Gateway, demo: DemoLogin, clock: FrozenClock
) -> None:
    result = gateway.login()

    assert result.status == 200
    body = result.json()
    assert body["tenant_id"] == demo.tenant_id
    assert body["user"]["email"] == DEMO_EMAIL
    assert body["user"]["role"] == "admin"
    assert body["expires_at"] == int(clock.now) + 3600
    claims = jwt.decode(body["token"], options={"verify_signature": False})
    assert claims["tid"] == demo.tenant_id


def test_login_email_is_case_insensitive(gateway: Gateway, demo: DemoLogin) -> None:
    assert gateway.login(email="  Demo@Summit.EXAMPLE ").status == 200


def test_wrong_password_and_unknown_email_look_the_same(gateway: Gateway, demo: DemoLogin) -> None:
    wrong = gateway.login(password="not-it")
    unknown = gateway.login(email="nobody@summit.example")

    assert wrong.status == unknown.status == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_repeated_failures_are_throttled_then_released(
    gateway: Gateway, demo: DemoLogin, clock: FrozenClock, services: Services
) -> None:
    limit = services.settings.login_failures_per_window
    for _ in range(limit):
        assert gateway.login(password="guess").status == 401

    blocked = gateway.login()  # even the right password waits out the window
    assert blocked.status == 429
    assert blocked.json()["error"]["code"] == "too_many_attempts"
    assert 0 < int(blocked.headers["Retry-After"]) <= services.settings.login_window_seconds

    clock.advance(services.settings.login_window_seconds)
    assert gateway.login().status == 200


def test_very_long_password_is_refused_cleanly(gateway: Gateway, demo: DemoLogin) -> None:
    assert gateway.login(password="x" * 1000).status == 401
    assert gateway.login(password="x" * 5000).status == 422


def test_chat_without_token_is_401(gateway: Gateway, services: Services) -> None:
    result = gateway.request("POST", "/api/v1/chat", function="chat", json_body={"message": "hi"})
    assert result.status == 401
    assert result.json()["error"]["code"] == "unauthorized"


def test_non_bearer_authorization_is_401(gateway: Gateway, services: Services) -> None:
    result = gateway.request(
        "POST",
        "/api/v1/chat",
        function="chat",
        json_body={"message": "hi"},
        headers={"authorization": "Basic ZGVtbzpwdw=="},
    )
    assert result.status == 401


def test_forged_token_is_401(gateway: Gateway, demo: DemoLogin) -> None:
    forged = jwt.encode(
        {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "usr_x",
            "tid": demo.tenant_id,
            "role": "admin",
            "email": "x@y",
            "iat": 1,
            "exp": 4_000_000_000,
        },
        "guessed-secret-guessed-secret-guessed-secret",
        algorithm=ALGORITHM,
    )
    result = gateway.chat("hi", forged)
    assert result.status == 401
    assert result.json()["error"]["code"] == "invalid_token"


def test_unsigned_token_is_401(gateway: Gateway, demo: DemoLogin) -> None:
    unsigned = jwt.encode(
        {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "usr_x",
            "tid": demo.tenant_id,
            "role": "admin",
            "email": "x@y",
            "iat": 1,
            "exp": 4_000_000_000,
        },
        key=None,
        algorithm="none",
    )
    assert gateway.chat("hi", unsigned).status == 401


def test_tampered_tenant_claim_is_401(gateway: Gateway, demo_token: str) -> None:
    header, payload, signature = demo_token.split(".")
    other = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(payload).replace(b'"tid":"', b'"tid":"0')
    ).decode()
    assert gateway.chat("hi", f"{header}.{other}.{signature}").status == 401


def test_expired_token_is_401_with_its_own_code(
    gateway: Gateway, demo_token: str, clock: FrozenClock
) -> None:
    assert gateway.chat("hi", demo_token).status == 200
    clock.advance(3601)
    result = gateway.chat("hi", demo_token)
    assert result.status == 401
    assert result.json()["error"]["code"] == "token_expired"

"""Tenants for real: operators, invites, companies made from them, over the real handlers."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.auth import hash_password
from hard_e.bootstrap import Services
from hard_e.local.seed import DemoLogin
from hard_e.tenancy.operators import create_operator
from tests.conftest import Gateway, HttpResult

OPERATOR_EMAIL = "olive@hard-e.example"
OPERATOR_PASSWORD = "operator-pass-1"


class Desk:
    """What people do through the HTTP API: operators invite, companies accept and work."""

    def __init__(self, gateway: Gateway, services: Services) -> None:
        self.gateway = gateway
        self.services = services

    def call(
        self, method: str, path: str, function: str, token: str | None = None, body: Any = None
    ) -> HttpResult:
        path, _, query = path.partition("?")
        if query:
            from hard_e.local.events import http_api_event

            headers = {"content-type": "application/json"}
            if token:
                headers["authorization"] = f"Bearer {token}"
            import json

            data = json.dumps(body).encode() if body is not None else None
            event = http_api_event(method, path, query=query, headers=headers, body=data)
            return self.gateway.send(event, function)
        return self.gateway.request(method, path, function=function, json_body=body, token=token)

    def login(self, email: str, password: str) -> str:
        answer = self.gateway.login(email, password)
        assert answer.status == 200, answer.body
        token: str = answer.json()["token"]
        return token

    def operator_token(self) -> str:
        if self.services.directory.find_user_by_email(OPERATOR_EMAIL) is None:
            create_operator(
                self.services.table,
                self.services.directory,
                email=OPERATOR_EMAIL,
                name="Olive Operator",
                password_hash=hash_password(OPERATOR_PASSWORD, rounds=4),
            )
        return self.login(OPERATOR_EMAIL, OPERATOR_PASSWORD)

    def invite(self, days: int = 14, messages: int = 200, **extra: Any) -> dict[str, Any]:
        answer = self.call(
            "POST",
            "/api/v1/operator/invites",
            "operators",
            self.operator_token(),
            {"days": days, "messages": messages, **extra},
        )
        assert answer.status == 201, answer.body
        created: dict[str, Any] = answer.json()
        return created

    def accept(self, token: str, **body: Any) -> HttpResult:
        return self.call("POST", f"/api/v1/invites/{token}/accept", "onboarding", body=body)

    def new_company(
        self, name: str = "Ridgeline Roofing", email: str = "rita@ridgeline.example", **limits: Any
    ) -> dict[str, Any]:
        """Invite a company and accept as its first admin: the accept answer."""
        invite = self.invite(**limits)
        answer = self.accept(
            invite["token"],
            company_name=name,
            name="Rita Ridge",
            email=email,
            password="ridge-pass-1",
        )
        assert answer.status == 201, answer.body
        done: dict[str, Any] = answer.json()
        return done


@pytest.fixture
def desk(gateway: Gateway, services: Services, demo: DemoLogin) -> Desk:
    return Desk(gateway, services)

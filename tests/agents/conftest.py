"""Automation agents: API keys over the real tools handlers, the local server and MCP."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from hard_e.bootstrap import Services
from hard_e.local.events import http_api_event
from hard_e.local.seed import DemoLogin
from hard_e.local.server import LocalServer
from tests.conftest import Gateway, HttpResult
from tests.support.servers import quick_local_server

ALL_TIERS = ["green", "yellow", "red"]


class Agents:
    """Creates keys the way an admin does (POST /api/v1/api-keys) and calls as an agent."""

    def __init__(self, gateway: Gateway, admin_token: str) -> None:
        self.gateway = gateway
        self.admin_token = admin_token

    def create(self, token: str | None = None, **body: Any) -> HttpResult:
        body.setdefault("name", "Follow-up bot")
        return self.gateway.request(
            "POST",
            "/api/v1/api-keys",
            function="auth",
            json_body=body,
            token=token or self.admin_token,
        )

    def key(self, *, tiers: list[str] | None = None, **body: Any) -> str:
        scopes = body.pop("scopes", {"tiers": tiers or ALL_TIERS})
        created = self.create(scopes=scopes, **body)
        assert created.status == 201, created.body
        secret: str = created.json()["secret"]
        return secret

    def call(
        self,
        key: str | None,
        method: str,
        path: str,
        *,
        function: str = "tools",
        body: Any = None,
        token: str | None = None,
    ) -> HttpResult:
        """One request as an agent (``key``) or a person (``token``); ``path`` may carry
        a query string."""
        path, _, query = path.partition("?")
        headers = {"content-type": "application/json"}
        if key:
            headers["x-api-key"] = key
        if token:
            headers["authorization"] = f"Bearer {token}"
        data = json.dumps(body).encode() if body is not None else None
        event = http_api_event(method, path, query=query, headers=headers, body=data)
        return self.gateway.send(event, function)

    def admin(self, method: str, path: str, **kwargs: Any) -> HttpResult:
        return self.call(None, method, path, token=self.admin_token, **kwargs)

    def tool(self, key: str, name: str, args: dict[str, Any], **extra: Any) -> HttpResult:
        body = {"tool": name, "input": args, **extra}
        return self.call(key, "POST", "/api/v1/tools/execute", body=body)


@pytest.fixture
def agents(gateway: Gateway, demo_token: str) -> Agents:
    return Agents(gateway, demo_token)


@pytest.fixture
def local_server(services: Services, demo: DemoLogin) -> Iterator[LocalServer]:
    """The local server on a free port, serving the demo company (MCP and REST)."""
    server = quick_local_server().start()
    yield server
    server.stop()

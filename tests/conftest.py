"""Fixtures shared by every test tier: a frozen clock, local services, the demo tenant."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from hard_e.auth import hash_password
from hard_e.bootstrap import Services, build_services, use_services
from hard_e.brain import Brain
from hard_e.config import Settings
from hard_e.crm.simulator.server import DEMO_TOKEN, LeapSimulator
from hard_e.local.events import decode_response, http_api_event
from hard_e.local.functions import FunctionHost
from hard_e.local.seed import DEMO_EMAIL, DEMO_PASSWORD, DemoLogin, seed_demo
from hard_e.storage.sqlite import SqliteTable
from hard_e.tenancy.credentials import CrmCredentials
from tests.support.parallel import (  # make test's two xdist workers (tests/support/parallel.py)
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_runtest_logreport,
    pytest_runtest_makereport,
)
from tests.support.teardown_guard import (  # a teardown that hangs fails, with stacks
    pytest_runtest_teardown,
    pytest_sessionfinish,
    pytest_unconfigure,
)

__all__ = [
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_runtest_logreport",
    "pytest_runtest_makereport",
    "pytest_runtest_teardown",
    "pytest_sessionfinish",
    "pytest_unconfigure",
]

EVENTS = Path(__file__).parent / "events"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """What the suites measured, once, at the end (also when xdist workers ran them)."""
    from tests.browser import timings
    from tests.security import figures

    figures.summary(terminalreporter)
    timings.summary(terminalreporter)


class FrozenClock:
    """A clock that only moves when a test says so."""

    def __init__(self, start: float = 1_790_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
def settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    for var in ("ANTHROPIC_API_KEY", "HARD_E_ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    return Settings(home=tmp_path / "home", bcrypt_rounds=4, port=0)


def make_services(settings: Settings, clock: FrozenClock, brain: Brain | None = None) -> Services:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    table = SqliteTable(settings.data_dir / "hard-e.sqlite3", clock=clock)
    return build_services(settings, table=table, brain=brain, clock=clock)


@pytest.fixture
def services(settings: Settings, clock: FrozenClock) -> Iterator[Services]:
    svc = make_services(settings, clock)
    use_services(svc)
    yield svc
    use_services(None)


@pytest.fixture
def leap_sim(clock: FrozenClock) -> Iterator[LeapSimulator]:
    """The Leap simulator with the demo company seeded around the tests' frozen "now";
    rate limit off (tests that need it turn it on)."""
    with LeapSimulator(rate_limit=False, now=datetime.fromtimestamp(clock.now)) as sim:
        yield sim


@pytest.fixture
def demo(services: Services, leap_sim: LeapSimulator) -> DemoLogin:
    """Summit Exteriors, its admin, and its Leap account (the simulator)."""
    leap = CrmCredentials(provider="leap", token=DEMO_TOKEN, base_url=leap_sim.base_url)
    return seed_demo(services, leap=leap)


@dataclass
class HttpResult:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class Gateway:
    """Calls the real ``functions/<name>/handler.py`` with API Gateway v2 events."""

    def __init__(self) -> None:
        self.host = FunctionHost()

    def send(self, event: dict[str, Any], function: str) -> HttpResult:
        return HttpResult(*decode_response(self.host.invoke(function, event)))

    def request(
        self,
        method: str,
        path: str,
        *,
        function: str,
        json_body: Any = None,
        raw_body: bytes | None = None,
        token: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> HttpResult:
        hdrs = {"content-type": "application/json", **(headers or {})}
        if token:
            hdrs["authorization"] = f"Bearer {token}"
        body = (
            raw_body
            if raw_body is not None
            else (json.dumps(json_body).encode() if json_body is not None else None)
        )
        return self.send(http_api_event(method, path, headers=hdrs, body=body), function)

    def login(self, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> HttpResult:
        return self.request(
            "POST",
            "/api/v1/auth/login",
            function="auth",
            json_body={"email": email, "password": password},
        )

    def tool(self, name: str, args: dict[str, Any], token: str) -> HttpResult:
        return self.request(
            "POST",
            "/api/v1/tools/execute",
            function="tools",
            json_body={"tool": name, "input": args},
            token=token,
        )

    def chat(self, message: str, token: str, session_id: str | None = None) -> HttpResult:
        body: dict[str, Any] = {"message": message}
        if session_id:
            body["session_id"] = session_id
        return self.request("POST", "/api/v1/chat", function="chat", json_body=body, token=token)


@pytest.fixture
def gateway() -> Gateway:
    return Gateway()


@pytest.fixture
def demo_token(gateway: Gateway, demo: DemoLogin) -> str:
    token: str = gateway.login().json()["token"]
    return token


def add_user(
    services: Services,
    tenant_id: str,
    email: str,
    *,
    role: str = "rep",
    password: str = "pw-123456",
) -> None:
    services.directory.add_user(
        tenant_id,
        email=email,
        name=email.split("@")[0].title(),
        password_hash=hash_password(password, rounds=4),
        role=role,  # type: ignore[arg-type]
    )


def load_event(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((EVENTS / name).read_text())
    return data


@pytest.fixture
def claude_services(settings: Settings, clock: FrozenClock, claude_api: Any) -> Iterator[Services]:
    """Local services whose brain is Claude, talking to the scripted Messages API server.
    A test module or class opts in by overriding ``services`` to return this one."""
    from hard_e.brain.claude import ClaudeBrain

    brain = ClaudeBrain(client=claude_api.async_client(), model="claude-test")
    svc = make_services(settings, clock, brain=brain)
    use_services(svc)
    yield svc
    use_services(None)


@pytest.fixture
def claude_api() -> Iterator[Any]:
    """A local server speaking Anthropic's Messages API from a script."""
    from tests.support.anthropic_server import ScriptedAnthropic

    with ScriptedAnthropic() as server:
        yield server

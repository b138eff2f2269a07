"""A turn builds one CRM client however many tool calls it runs at once, closes it, and
never blocks the event loop with a storage call."""

from __future__ import annotations

import asyncio
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hard_e.bootstrap import Services, build_services, use_services
from hard_e.config import Settings
from hard_e.crm import CrmClient
from hard_e.local.seed import DemoLogin
from hard_e.storage.sqlite import SqliteTable
from hard_e.tenancy.credentials import CrmCredentials
from hard_e.tools.service import leap_client
from tests.conftest import FrozenClock, Gateway
from tests.security.figures import record


class LoopGuardTable(SqliteTable):
    """The SQLite adapter, noting every storage call made on a thread running an event
    loop (it would stall every other coroutine on that loop while it waits)."""

    def __init__(self, path: Path, **kwargs: Any) -> None:
        super().__init__(path, **kwargs)
        self.blocking: list[str] = []

    def _note(self) -> None:
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return  # a worker thread: fine
        self.blocking.append("".join(traceback.format_stack(limit=8)[:-2]))

    def _get(self, *args: Any, **kwargs: Any) -> Any:
        self._note()
        return super()._get(*args, **kwargs)

    def _put(self, *args: Any, **kwargs: Any) -> Any:
        self._note()
        return super()._put(*args, **kwargs)

    def _delete(self, *args: Any, **kwargs: Any) -> Any:
        self._note()
        return super()._delete(*args, **kwargs)

    def _query(self, *args: Any, **kwargs: Any) -> Any:
        self._note()
        return super()._query(*args, **kwargs)

    def _increment(self, *args: Any, **kwargs: Any) -> Any:
        self._note()
        return super()._increment(*args, **kwargs)


class Clients:
    """A CRM builder that counts what it builds and what gets closed."""

    def __init__(self) -> None:
        self.built: list[CrmClient] = []
        self.closed = 0
        self._lock = threading.Lock()

    def __call__(self, credentials: CrmCredentials, **options: Any) -> CrmClient:
        client = leap_client(credentials, **options)
        original = client.aclose

        async def aclose() -> None:
            with self._lock:
                self.closed += 1
            await original()

        client.aclose = aclose  # type: ignore[method-assign]
        with self._lock:
            self.built.append(client)
        return client


@pytest.fixture
def clients() -> Clients:
    return Clients()


@pytest.fixture
def services(settings: Settings, clock: FrozenClock, clients: Clients) -> Iterator[Services]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    table = LoopGuardTable(settings.data_dir / "hard-e.sqlite3", clock=clock)
    svc = build_services(settings, table=table, clock=clock, crm_builder=clients)
    use_services(svc)
    yield svc
    use_services(None)


def test_ten_concurrent_tool_calls_share_one_crm_client(
    gateway: Gateway, demo_token: str, clients: Clients
) -> None:
    calls = [{"tool": "search_jobs", "input": {"keyword": name}} for name in ["Pruitt"] * 10]
    result = gateway.request(
        "POST",
        "/api/v1/tools/batch",
        function="tools",
        json_body={"calls": calls},
        token=demo_token,
    )
    assert result.status == 200
    assert all(r["status"] == "ok" for r in result.json()["results"])
    assert (len(clients.built), clients.closed) == (1, 1)
    record(
        "CRM clients for 10 concurrent tool calls",
        f"{len(clients.built)} built, {clients.closed} closed",
        "1, 1",
        len(clients.built) == clients.closed == 1,
    )


def test_a_turn_never_blocks_the_event_loop_with_storage(
    gateway: Gateway, services: Services, demo: DemoLogin, demo_token: str
) -> None:
    assert isinstance(services.table, LoopGuardTable)
    sid = gateway.chat("what stage is the Pruitt job in?", demo_token).json()["session_id"]
    gateway.chat("remember that our crew lead is Mike", demo_token, sid)
    email = gateway.tool(
        "send_email", {"customer_id": 2016690, "subject": "Hi", "body": "Hello"}, demo_token
    ).json()["approval"]
    gateway.request(
        "POST", f"/api/v1/approvals/{email['id']}/approve", function="tools", token=demo_token
    )
    gateway.tool("send_sms", {"customer_id": 2016690, "body": "On my way"}, demo_token)
    blocking = services.table.blocking
    assert blocking == [], blocking[0] if blocking else ""
    record(
        "storage calls on the event loop (chat, tools, approval)",
        str(len(blocking)),
        "0",
        not blocking,
    )

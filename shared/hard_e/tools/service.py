"""Builds a caller's tool context: their tenant's CRM (credentials decrypted on demand)
and messenger, all calls through the one safety gate."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from hard_e.auth import Principal
from hard_e.crm import CrmAuthError, CrmClient
from hard_e.crm.ratelimit import RequestBudget, TableRequestBudget
from hard_e.deadline import Deadline
from hard_e.memory.store import MemoryStore
from hard_e.messaging import Messenger
from hard_e.storage import Table
from hard_e.tenancy.credentials import CredentialsError, CredentialVault, CrmCredentials
from hard_e.tools.context import ToolContext
from hard_e.tools.gate import SafetyGate

if TYPE_CHECKING:
    import httpx

    from hard_e.knowledge.store import KnowledgeStore

CrmBuilder = Callable[..., CrmClient]
"""``(credentials, *, budget, deadline, timeout) -> CrmClient``."""


@dataclass(frozen=True)
class LeapBudget:
    """Leap's request budget per account (60 a minute) and how long a call may wait for
    a slot before it answers "Leap is busy"."""

    per_minute: int = 60
    max_wait_seconds: float = 2.0


_pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
    weakref.WeakKeyDictionary()
)  # httpx is imported by the first Leap call, not by the cold start


def _connection_pool() -> httpx.AsyncClient:
    """One HTTP connection pool per event loop, shared by every company's Leap client:
    a new client per request would pay a fresh pool and TLS set-up every time."""
    import httpx

    from hard_e.crm.leap import tls_context

    loop = asyncio.get_running_loop()
    pool = _pools.get(loop)
    if pool is None or pool.is_closed:
        pool = _pools[loop] = httpx.AsyncClient(verify=tls_context())
    return pool


def leap_client(
    credentials: CrmCredentials,
    *,
    budget: RequestBudget | None = None,
    deadline: Deadline | None = None,
    timeout: float = 10.0,
) -> CrmClient:
    """A Leap client within ``budget`` (the account's shared request slots) whose calls
    all end before ``deadline``."""
    from hard_e.crm.leap import LeapClient

    busy_after = budget.max_wait if isinstance(budget, TableRequestBudget) else None
    return LeapClient(
        token=credentials.token,
        base_url=credentials.base_url,
        rate_limiter=budget,
        busy_after=busy_after,
        http_client=_connection_pool(),
        deadline=deadline,
        timeout=timeout,
    )


class ToolsService:
    def __init__(
        self,
        *,
        gate: SafetyGate,
        vault: CredentialVault,
        messenger: Messenger,
        table: Table,
        crm_builder: CrmBuilder = leap_client,
        knowledge: KnowledgeStore | None = None,
        memory: MemoryStore | None = None,
        sms_per_hour: int = 30,
        leap_budget: LeapBudget | None = None,
        crm_timeout: float = 10.0,
    ) -> None:
        self.gate = gate
        self.vault = vault
        self.messenger = messenger
        self._table = table
        self._build = crm_builder
        self._knowledge = knowledge
        self._memory = memory
        self.sms_per_hour = sms_per_hour
        self.leap_budget = leap_budget or LeapBudget()
        self._crm_timeout = crm_timeout

    def context(
        self,
        principal: Principal,
        *,
        session_id: str | None = None,
        channel: str = "chat",
        deadline: Deadline | None = None,
    ) -> ToolContext:
        """The caller's tools for one request; CRM calls end before ``deadline``.
        ``channel`` (chat, rest, mcp, agent) is where the call came from: calls over the
        tools API are all audited."""

        async def crm(tenant_id: str) -> CrmClient:
            return await self.crm_for(tenant_id, deadline=deadline)

        return ToolContext(
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            role=principal.role,
            table=self._table,
            messenger=self.messenger,
            crm_factory=crm,
            session_id=session_id,
            knowledge=self._knowledge,
            memory=self._memory,
            sms_per_hour=self.sms_per_hour,
            key_id=principal.key_id,
            scope=principal.scope,
            channel=channel,
        )

    async def crm_for(self, tenant_id: str, *, deadline: Deadline | None = None) -> CrmClient:
        try:
            credentials = await asyncio.to_thread(self.vault.load, tenant_id)
        except CredentialsError as exc:
            raise CrmAuthError(f"CRM not available: {exc}") from None
        budget = TableRequestBudget(
            self._table,
            tenant_id,
            f"{credentials.base_url}\n{credentials.token}",
            limit=self.leap_budget.per_minute,
            max_wait=self.leap_budget.max_wait_seconds,
        )
        return self._build(credentials, budget=budget, deadline=deadline, timeout=self._crm_timeout)

"""Builds a caller's tool context: their tenant's CRM (credentials decrypted on demand)
and messenger, all calls through the one safety gate."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from hard_e.auth import Principal
from hard_e.crm import CrmAuthError, CrmClient
from hard_e.deadline import Deadline
from hard_e.knowledge.store import KnowledgeStore
from hard_e.memory.store import MemoryStore
from hard_e.messaging import Messenger
from hard_e.storage import Table
from hard_e.tenancy.credentials import CredentialsError, CredentialVault, CrmCredentials
from hard_e.tools.context import ToolContext
from hard_e.tools.gate import SafetyGate

CrmBuilder = Callable[..., CrmClient]
"""``(credentials, *, deadline, timeout, requests_per_minute) -> CrmClient``."""


def leap_client(
    credentials: CrmCredentials,
    *,
    deadline: Deadline | None = None,
    timeout: float = 10.0,
    requests_per_minute: int = 60,
) -> CrmClient:
    from hard_e.crm.leap import LeapClient

    return LeapClient(
        token=credentials.token,
        base_url=credentials.base_url,
        deadline=deadline,
        timeout=timeout,
        requests_per_minute=requests_per_minute,
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
        crm_timeout: float = 10.0,
        crm_requests_per_minute: int = 60,
    ) -> None:
        self.gate = gate
        self.vault = vault
        self.messenger = messenger
        self._table = table
        self._build = crm_builder
        self._knowledge = knowledge
        self._memory = memory
        self.sms_per_hour = sms_per_hour
        self._crm_timeout = crm_timeout
        self._crm_rate = crm_requests_per_minute

    def context(
        self,
        principal: Principal,
        *,
        session_id: str | None = None,
        deadline: Deadline | None = None,
    ) -> ToolContext:
        """A caller's tools for one request; CRM calls end before ``deadline``."""

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
        )

    async def crm_for(self, tenant_id: str, *, deadline: Deadline | None = None) -> CrmClient:
        try:
            credentials = await asyncio.to_thread(self.vault.load, tenant_id)
        except CredentialsError as exc:
            raise CrmAuthError(f"CRM not available: {exc}") from None
        return self._build(
            credentials,
            deadline=deadline,
            timeout=self._crm_timeout,
            requests_per_minute=self._crm_rate,
        )

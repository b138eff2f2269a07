"""Builds a caller's tool context: their tenant's CRM (credentials decrypted on demand)
and messenger, all calls through the one safety gate."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from hard_e.auth import Principal
from hard_e.crm import CrmAuthError, CrmClient
from hard_e.knowledge.store import KnowledgeStore
from hard_e.memory.store import MemoryStore
from hard_e.messaging import Messenger
from hard_e.storage import Table
from hard_e.tenancy.credentials import CredentialsError, CredentialVault, CrmCredentials
from hard_e.tools.context import ToolContext
from hard_e.tools.gate import SafetyGate

CrmBuilder = Callable[[CrmCredentials], CrmClient]


def leap_client(credentials: CrmCredentials) -> CrmClient:
    from hard_e.crm.leap import LeapClient

    return LeapClient(token=credentials.token, base_url=credentials.base_url)


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
    ) -> None:
        self.gate = gate
        self.vault = vault
        self.messenger = messenger
        self._table = table
        self._build = crm_builder
        self._knowledge = knowledge
        self._memory = memory
        self.sms_per_hour = sms_per_hour

    def context(self, principal: Principal, *, session_id: str | None = None) -> ToolContext:
        return ToolContext(
            tenant_id=principal.tenant_id,
            user_id=principal.user_id,
            role=principal.role,
            table=self._table,
            messenger=self.messenger,
            crm_factory=self.crm_for,
            session_id=session_id,
            knowledge=self._knowledge,
            memory=self._memory,
            sms_per_hour=self.sms_per_hour,
        )

    async def crm_for(self, tenant_id: str) -> CrmClient:
        try:
            credentials = await asyncio.to_thread(self.vault.load, tenant_id)
        except CredentialsError as exc:
            raise CrmAuthError(f"CRM not available: {exc}") from None
        return self._build(credentials)

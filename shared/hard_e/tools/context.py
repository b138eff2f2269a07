"""What a tool runs with: whose request it is, and the ports it may use."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from hard_e.auth.api_keys import KeyScope
from hard_e.crm import CrmClient
from hard_e.memory.store import MemoryStore
from hard_e.messaging import Messenger
from hard_e.storage import Table
from hard_e.tenancy.roles import administers_company

if TYPE_CHECKING:
    from hard_e.knowledge.store import KnowledgeStore

CrmFactory = Callable[[str], Awaitable[CrmClient]]


@dataclass
class ToolContext:
    """One caller's tools session. The tenant id comes from the verified token only."""

    tenant_id: str
    user_id: str
    role: str
    table: Table
    messenger: Messenger
    crm_factory: CrmFactory
    session_id: str | None = None
    knowledge: KnowledgeStore | None = None
    memory: MemoryStore | None = None
    sms_per_hour: int = 30  # texts the company may send in one clock hour
    key_id: str | None = None  # set when an API key (an automation agent) is calling
    scope: KeyScope | None = None  # what that key may run; None for people
    channel: str = "chat"  # chat | rest | mcp | agent
    # what this request already read from the CRM, for its other tool calls (a tool that
    # changes a record drops what it touched)
    memo: dict[str, Any] = field(default_factory=dict, repr=False)
    _crm: CrmClient | None = field(default=None, repr=False)
    _connecting: asyncio.Lock | None = field(default=None, repr=False)

    async def crm(self) -> CrmClient:
        """This tenant's CRM client, connected on first use — once, however many tool
        calls of the turn ask for it at the same time (one credential decrypt, one pool)."""
        if self._crm is None:
            if self._connecting is None:
                self._connecting = asyncio.Lock()
            async with self._connecting:
                if self._crm is None:
                    self._crm = await self.crm_factory(self.tenant_id)
        return self._crm

    async def aclose(self) -> None:
        if self._crm is not None:
            await self._crm.aclose()
            self._crm = None

    @property
    def is_admin(self) -> bool:
        return self.key_id is None and administers_company(self.role)

    @property
    def actor(self) -> str:
        """Who is acting, as the audit trail names them: the key id or the user id."""
        return self.key_id or self.user_id

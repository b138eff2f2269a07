"""The audit trail: every yellow action, and every red request and decision."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from hard_e import keys
from hard_e.ids import new_id
from hard_e.storage import Table

AUDIT_RETENTION_DAYS = 400  # keep a year and a bit, then let TTL clean up


@dataclass(frozen=True)
class AuditEvent:
    tool: str
    tier: str
    outcome: str  # ok | error | pending_approval | approved | denied | executed | failed
    user_id: str
    summary: str = ""
    approval_id: str | None = None
    session_id: str | None = None
    detail: str = ""


def month_of(epoch: float) -> str:
    return time.strftime("%Y-%m", time.gmtime(epoch))


class AuditLog:
    def __init__(self, table: Table) -> None:
        self._table = table

    def record(self, tenant_id: str, event: AuditEvent) -> str:
        now = self._table.now()
        event_id = new_id("aud")
        self._table.put(
            {
                "pk": keys.tenant_pk(tenant_id, f"AUDIT#{month_of(now)}"),
                "sk": f"{int(now * 1000):013d}#{event_id}",
                "ttl": int(now) + AUDIT_RETENTION_DAYS * 86400,
                "id": event_id,
                "at": now,
                "tool": event.tool,
                "tier": event.tier,
                "outcome": event.outcome,
                "user_id": event.user_id,
                "summary": event.summary[:500],
                "approval_id": event.approval_id,
                "session_id": event.session_id,
                "detail": event.detail[:500],
            }
        )
        return event_id

    def list(
        self,
        tenant_id: str,
        *,
        month: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """Newest first within one month (default: this month)."""
        month = month or month_of(self._table.now())
        page = self._table.query(
            keys.tenant_pk(tenant_id, f"AUDIT#{month}"), descending=True, limit=limit, cursor=cursor
        )
        events = [{k: v for k, v in i.items() if k not in ("pk", "sk", "ttl")} for i in page.items]
        return events, page.cursor

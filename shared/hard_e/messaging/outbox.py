"""Local messaging: nothing leaves the machine; every message lands in the tenant's outbox,
readable in the web app (``GET /api/v1/outbox``) and the CLI."""

from __future__ import annotations

from typing import Any

from hard_e import keys
from hard_e.ids import new_id
from hard_e.messaging.port import Messenger, Receipt
from hard_e.storage import Table

OUTBOX_DAYS = 30


class LocalOutbox(Messenger):
    def __init__(self, table: Table) -> None:
        self._table = table

    def send_email(self, tenant_id: str, *, to: str, subject: str, body: str) -> Receipt:
        return self._store(tenant_id, "email", to, {"subject": subject, "body": body})

    def send_sms(self, tenant_id: str, *, to: str, body: str) -> Receipt:
        return self._store(tenant_id, "sms", to, {"body": body})

    def list(self, tenant_id: str, *, limit: int = 50) -> list[dict[str, Any]]:
        page = self._table.query(keys.tenant_pk(tenant_id, "OUTBOX"), descending=True, limit=limit)
        return [
            {k: v for k, v in item.items() if k not in ("pk", "ttl")} | {"id": item["sk"]}
            for item in page.items
        ]

    def _store(self, tenant_id: str, channel: str, to: str, content: dict[str, str]) -> Receipt:
        now = self._table.now()
        message_id = new_id("msg")
        self._table.put(
            {
                "pk": keys.tenant_pk(tenant_id, "OUTBOX"),
                "sk": message_id,
                "ttl": int(now) + OUTBOX_DAYS * 86400,
                "channel": channel,
                "to": to,
                "sent_at": now,
                **content,
            }
        )
        return Receipt(channel=channel, message_id=message_id, to=to, sent_at=now)

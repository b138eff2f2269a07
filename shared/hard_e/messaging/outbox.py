"""Local messaging: nothing leaves the machine; every message lands in the tenant's outbox,
readable in the web app (``GET /api/v1/outbox``) and the CLI.

Account mail (password reset links) is kept apart, under ``T#<tenant>#ACCOUNTMAIL``: it
is for the person it is addressed to, so it never shows in the company's outbox (an admin
reading a teammate's reset link could take over their account). Locally it is read with
``hard-e mail EMAIL`` on the machine that runs Hard-E."""

from __future__ import annotations

import builtins
from typing import Any

from hard_e import keys
from hard_e.ids import new_id
from hard_e.messaging.port import Messenger, Receipt
from hard_e.storage import Table

OUTBOX_DAYS = 30
OUTBOX = "OUTBOX"
ACCOUNT_MAIL = "ACCOUNTMAIL"


class LocalOutbox(Messenger):
    def __init__(self, table: Table) -> None:
        self._table = table

    def send_email(self, tenant_id: str, *, to: str, subject: str, body: str) -> Receipt:
        return self._store(tenant_id, "email", to, {"subject": subject, "body": body})

    def send_sms(self, tenant_id: str, *, to: str, body: str) -> Receipt:
        return self._store(tenant_id, "sms", to, {"body": body})

    def send_account_email(self, tenant_id: str, *, to: str, subject: str, body: str) -> Receipt:
        content = {"subject": subject, "body": body}
        return self._store(tenant_id, "email", to, content, box=ACCOUNT_MAIL)

    def list(self, tenant_id: str, *, limit: int = 50) -> list[dict[str, Any]]:
        """The company's messages (emails and texts to customers and teammates)."""
        return self._read(tenant_id, OUTBOX, limit)

    def account_mail(
        self, tenant_id: str, to: str, *, limit: int = 20
    ) -> builtins.list[dict[str, Any]]:
        """Account mail sent to ``to`` (any case), newest first."""
        wanted = to.strip().lower()
        return [m for m in self._read(tenant_id, ACCOUNT_MAIL, 200) if m["to"] == wanted][:limit]

    def _read(self, tenant_id: str, box: str, limit: int) -> builtins.list[dict[str, Any]]:
        page = self._table.query(keys.tenant_pk(tenant_id, box), descending=True, limit=limit)
        return [
            {k: v for k, v in item.items() if k not in ("pk", "ttl")} | {"id": item["sk"]}
            for item in page.items
        ]

    def _store(
        self,
        tenant_id: str,
        channel: str,
        to: str,
        content: dict[str, str],
        *,
        box: str = OUTBOX,
    ) -> Receipt:
        now = self._table.now()
        message_id = new_id("msg")
        if box == ACCOUNT_MAIL:
            to = to.strip().lower()
        self._table.put(
            {
                "pk": keys.tenant_pk(tenant_id, box),
                "sk": message_id,
                "ttl": int(now) + OUTBOX_DAYS * 86400,
                "channel": channel,
                "to": to,
                "sent_at": now,
                **content,
            }
        )
        return Receipt(channel=channel, message_id=message_id, to=to, sent_at=now)

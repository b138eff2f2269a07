"""The permanent knowledge memory of each company (and each user's own items).

Items are never silently deleted: a superseded item keeps ``valid_to`` and a link to its
replacement; "forget" only closes an item. An admin may delete one outright.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hard_e import keys
from hard_e.ids import is_id, new_id
from hard_e.memory.consolidate import Plan, plan
from hard_e.memory.items import PER_USER, Candidate, Memory
from hard_e.storage import Table


class MemoryNotFoundError(Exception):
    """No such memory item in this tenant (or not visible to this user)."""


class MemoryStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def all(self, tenant_id: str) -> list[Memory]:
        """Every item of the tenant, active or not, newest first."""
        items: list[Memory] = []
        cursor: str | None = None
        while True:
            page = self._table.query(keys.tenant_pk(tenant_id, "MEMORY"), limit=200, cursor=cursor)
            items.extend(_memory(tenant_id, i) for i in page.items)
            if page.cursor is None:
                break
            cursor = page.cursor
        return sorted(items, key=lambda m: -m.updated_at)

    def visible(
        self, tenant_id: str, user_id: str | None, *, active_only: bool = True
    ) -> list[Memory]:
        """What one user may see: company items plus their own per-user items."""
        return [
            m
            for m in self.all(tenant_id)
            if (m.category not in PER_USER or m.user_id == user_id)
            and (m.active or not active_only)
        ]

    def get(self, tenant_id: str, memory_id: str) -> Memory:
        if not is_id(memory_id, "mem"):
            raise MemoryNotFoundError(memory_id)
        for m in self.all(tenant_id):
            if m.id == memory_id:
                return m
        raise MemoryNotFoundError(memory_id)

    def learn(
        self,
        tenant_id: str,
        candidates: list[Candidate],
        *,
        session_id: str | None,
        source: str = "learned",
    ) -> Plan:
        """Consolidate candidates into what the company already knows, and store the result."""
        users = {c.user_id for c in candidates}
        existing = [
            m
            for m in self.all(tenant_id)
            if m.active and (m.category not in PER_USER or m.user_id in users)
        ]
        decided = plan(candidates, existing)
        by_id = {m.id: m for m in existing}
        now = self._table.now()
        for candidate in decided.add:
            self._put(self._new(tenant_id, candidate, session_id, source, now))
        for existing_id, candidate in decided.merge:
            old = by_id[existing_id]
            self._put(
                replace(
                    old,
                    mentions=old.mentions + 1,
                    confidence=round(min(1.0, max(old.confidence, candidate.confidence) + 0.05), 3),
                    updated_at=now,
                )
            )
        for existing_id, candidate in decided.supersede:
            new = self._new(tenant_id, candidate, session_id, source, now)
            self._put(new)
            self._put(
                replace(by_id[existing_id], valid_to=now, superseded_by=new.id, updated_at=now)
            )
        return decided

    def forget(self, tenant_id: str, memory_id: str) -> Memory:
        item = self.get(tenant_id, memory_id)
        if not item.active:
            return item
        closed = replace(item, valid_to=self._table.now(), updated_at=self._table.now())
        self._put(closed)
        return closed

    def delete(self, tenant_id: str, memory_id: str) -> None:
        item = self.get(tenant_id, memory_id)
        self._table.delete(keys.tenant_pk(tenant_id, "MEMORY"), f"{item.category}#{item.id}")

    def _new(
        self, tenant_id: str, c: Candidate, session_id: str | None, source: str, now: float
    ) -> Memory:
        return Memory(
            id=new_id("mem"),
            tenant_id=tenant_id,
            category=c.category,
            text=c.text,
            subject=c.subject,
            user_id=c.user_id if c.category in PER_USER else None,
            source_session=session_id,
            source="told" if source == "told" else "learned",
            confidence=c.confidence,
            created_at=now,
            updated_at=now,
        )

    def _put(self, m: Memory) -> None:
        self._table.put(
            {
                "pk": keys.tenant_pk(m.tenant_id, "MEMORY"),
                "sk": f"{m.category}#{m.id}",
                "id": m.id,
                "category": m.category,
                "text": m.text,
                "subject": m.subject,
                "user_id": m.user_id,
                "source_session": m.source_session,
                "source": m.source,
                "confidence": m.confidence,
                "created_at": m.created_at,
                "updated_at": m.updated_at,
                "valid_to": m.valid_to,
                "superseded_by": m.superseded_by,
                "mentions": m.mentions,
            }
        )


def _memory(tenant_id: str, item: dict[str, Any]) -> Memory:
    return Memory(
        id=item["id"],
        tenant_id=tenant_id,
        category=item["category"],
        text=item["text"],
        subject=item["subject"],
        user_id=item.get("user_id"),
        source_session=item.get("source_session"),
        source=item.get("source", "learned"),
        confidence=item["confidence"],
        created_at=item["created_at"],
        updated_at=item["updated_at"],
        valid_to=item.get("valid_to"),
        superseded_by=item.get("superseded_by"),
        mentions=item.get("mentions", 1),
    )


def public(m: Memory) -> dict[str, Any]:
    return {
        "id": m.id,
        "category": m.category,
        "text": m.text,
        "subject": m.subject,
        "user_id": m.user_id,
        "source": m.source,
        "source_session": m.source_session,
        "confidence": m.confidence,
        "mentions": m.mentions,
        "created_at": m.created_at,
        "updated_at": m.updated_at,
        "valid_to": m.valid_to,
        "superseded_by": m.superseded_by,
        "active": m.active,
    }

"""The permanent knowledge memory of each company (and each user's own items).

Items are never silently deleted: a superseded item keeps ``valid_to`` and a link to its
replacement; "forget" only closes an item. An admin may delete one outright.

What is learned passes the guards first (:mod:`.guards`): secrets are never stored,
and a company-wide price, discount, rule or instruction to act that a rep stated waits
as *pending* until an admin confirms it. Forgetting leaves a tombstone, so the same
fact is not learned back from the conversation it was forgotten in, nor from anything
said before it was forgotten — only when a person states it again later.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from hard_e import keys
from hard_e.ids import is_id, new_id
from hard_e.memory.consolidate import Plan, plan, same_thing
from hard_e.memory.guards import needs_confirmation, secret_in
from hard_e.memory.items import PER_USER, Candidate, Memory, jaccard, terms
from hard_e.storage import Table

TOMBSTONE_DAYS = 3
"""Longer than a session lives (24 h) plus the learner's wait: every conversation that
could still repeat a forgotten fact is learned while its tombstone stands."""


class MemoryNotFoundError(Exception):
    """No such memory item in this tenant (or not visible to this user)."""


@dataclass(frozen=True)
class Tombstone:
    """What was forgotten, when, and in which conversation."""

    text: str
    at: float
    session_id: str | None
    category: str | None = None


@dataclass(frozen=True)
class Learned:
    """What one call to :meth:`MemoryStore.learn` did with its candidates."""

    plan: Plan = field(default_factory=Plan)
    pending: list[tuple[Candidate, str]] = field(default_factory=list)  # (item, why it waits)
    refused: list[tuple[Candidate, str]] = field(default_factory=list)  # (item, secret kind)
    forgotten: list[Candidate] = field(default_factory=list)  # forgotten earlier: not relearned

    @property
    def add(self) -> list[Candidate]:
        return self.plan.add

    @property
    def merge(self) -> list[tuple[str, Candidate]]:
        return self.plan.merge

    @property
    def supersede(self) -> list[tuple[str, Candidate]]:
        return self.plan.supersede


class MemoryStore:
    def __init__(self, table: Table) -> None:
        self._table = table

    def all(self, tenant_id: str) -> list[Memory]:
        """Every item of the tenant, in use, pending or ended, newest first."""
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
        """What one user may see: company items plus their own per-user items (in use
        only, unless ``active_only`` is False)."""
        return [
            m
            for m in self.all(tenant_id)
            if (m.category not in PER_USER or m.user_id == user_id)
            and (m.active or not active_only)
        ]

    def pending(self, tenant_id: str) -> list[Memory]:
        """Items waiting for an admin's confirmation."""
        return [m for m in self.all(tenant_id) if m.pending]

    def get(self, tenant_id: str, memory_id: str) -> Memory:
        """The item with exactly this id; MemoryNotFoundError for anything else."""
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
        trusted: bool = False,
    ) -> Learned:
        """Guard, then consolidate candidates into what the company already knows.

        ``trusted``: the person who said it is an admin, whose company-wide statements
        need no one's confirmation. ``source="told"``: they asked Hard-E to remember it
        just now, which states it anew even after a forget.
        """
        pending: list[tuple[Candidate, str]] = []
        refused: list[tuple[Candidate, str]] = []
        forgotten: list[Candidate] = []
        usable: list[Candidate] = []
        graves = [] if source == "told" else self.tombstones(tenant_id)
        for candidate in candidates:
            secret = secret_in(candidate.text)
            if secret:
                refused.append((candidate, secret))
            elif any(_buries(grave, candidate, session_id) for grave in graves):
                forgotten.append(candidate)
            elif not trusted and (why := needs_confirmation(candidate.category, candidate.text)):
                pending.append((candidate, why))
            else:
                usable.append(candidate)

        users = {c.user_id for c in candidates}
        everything = self.all(tenant_id)
        existing = [
            m for m in everything if m.active and (m.category not in PER_USER or m.user_id in users)
        ]
        decided = plan(usable, existing)
        by_id = {m.id: m for m in existing}
        now = self._table.now()
        for candidate in decided.add:
            self._put(self._new(tenant_id, candidate, session_id, source, now))
        for existing_id, candidate in decided.merge:
            self._put(_confirmed_again(by_id[existing_id], candidate, now))
        for existing_id, candidate in decided.supersede:
            new = self._new(tenant_id, candidate, session_id, source, now)
            self._put(new)
            self._put(
                replace(by_id[existing_id], valid_to=now, superseded_by=new.id, updated_at=now)
            )
        waiting = [m for m in everything if m.pending]
        for candidate, why in pending:
            self._hold(tenant_id, candidate, why, session_id, source, existing + waiting, now)
        return Learned(plan=decided, pending=pending, refused=refused, forgotten=forgotten)

    def _hold(
        self,
        tenant_id: str,
        candidate: Candidate,
        why: str,
        session_id: str | None,
        source: str,
        known: list[Memory],
        now: float,
    ) -> None:
        """Keep a candidate for an admin: said again, an item is only counted again."""
        twin = next((m for m in known if same_thing(candidate, m)), None)
        if twin is not None:
            self._put(_confirmed_again(twin, candidate, now))
            return
        new = self._new(tenant_id, candidate, session_id, source, now)
        self._put(replace(new, pending_reason=why))

    def confirm(self, tenant_id: str, memory_id: str, *, by: str) -> Memory:
        """An admin confirms a pending item: from now on it is used, and it replaces an
        item it contradicts."""
        item = self.get(tenant_id, memory_id)
        if not item.pending:
            return item
        now = self._table.now()
        existing = [m for m in self.all(tenant_id) if m.active and m.category not in PER_USER]
        as_candidate = Candidate(item.category, item.text, item.subject, item.confidence)
        decided = plan([as_candidate], existing)
        confirmed = replace(item, pending_reason=None, confirmed_by=by, updated_at=now)
        if decided.merge:  # already known, in other words: count it, drop the copy
            twin = next(m for m in existing if m.id == decided.merge[0][0])
            self._put(_confirmed_again(twin, as_candidate, now))
            self._put(replace(confirmed, valid_to=now, superseded_by=twin.id))
            return replace(twin, mentions=twin.mentions + 1)
        for rival_id, _ in decided.supersede:
            rival = next(m for m in existing if m.id == rival_id)
            self._put(replace(rival, valid_to=now, superseded_by=item.id, updated_at=now))
        self._put(confirmed)
        return confirmed

    def forget(self, tenant_id: str, memory_id: str, *, session_id: str | None = None) -> Memory:
        """Close an item (it stays on record) and remember that it was forgotten."""
        item = self.get(tenant_id, memory_id)
        now = self._table.now()
        self.bury(tenant_id, item.text, session_id=session_id, category=item.category)
        if item.valid_to is not None:
            return item
        closed = replace(item, valid_to=now, updated_at=now, forgotten_at=now)
        self._put(closed)
        return closed

    def delete(self, tenant_id: str, memory_id: str) -> None:
        item = self.get(tenant_id, memory_id)
        self.bury(tenant_id, item.text, session_id=None, category=item.category)
        self._table.delete(keys.tenant_pk(tenant_id, "MEMORY"), f"{item.category}#{item.id}")

    def bury(
        self, tenant_id: str, text: str, *, session_id: str | None, category: str | None = None
    ) -> Tombstone:
        """Record that ``text`` was forgotten (also when it had not been learned yet)."""
        now = self._table.now()
        grave = Tombstone(text=text, at=now, session_id=session_id, category=category)
        self._table.put(
            {
                "pk": keys.tenant_pk(tenant_id, "FORGOTTEN"),
                "sk": new_id("fgt"),
                "ttl": int(now) + TOMBSTONE_DAYS * 86400,
                "text": text,
                "at": now,
                "session_id": session_id,
                "category": category,
            }
        )
        return grave

    def tombstones(self, tenant_id: str) -> list[Tombstone]:
        page = self._table.query(keys.tenant_pk(tenant_id, "FORGOTTEN"), limit=500)
        return [
            Tombstone(i["text"], i["at"], i.get("session_id"), i.get("category"))
            for i in page.items
        ]

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
                "pending_reason": m.pending_reason,
                "confirmed_by": m.confirmed_by,
                "forgotten_at": m.forgotten_at,
            }
        )


def _confirmed_again(old: Memory, candidate: Candidate, now: float) -> Memory:
    return replace(
        old,
        mentions=old.mentions + 1,
        confidence=round(min(1.0, max(old.confidence, candidate.confidence) + 0.05), 3),
        updated_at=now,
    )


BURIED_SHARE = 0.75
"""Share of a forgotten text's words a candidate must repeat to be that forgotten thing."""


def _buries(grave: Tombstone, candidate: Candidate, session_id: str | None) -> bool:
    """Whether ``grave`` keeps ``candidate`` from being learned: it repeats what was
    forgotten, and was said in that same conversation or before the forget."""
    said_again_later = (
        session_id != grave.session_id
        and candidate.said_at is not None
        and candidate.said_at > grave.at
    )
    if said_again_later:
        return False
    forgotten, said = set(terms(grave.text)), set(terms(candidate.text))
    if not forgotten or not said:
        return False
    return jaccard(forgotten, said) >= 0.5 or len(forgotten & said) / len(forgotten) >= BURIED_SHARE


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
        pending_reason=item.get("pending_reason"),
        confirmed_by=item.get("confirmed_by"),
        forgotten_at=item.get("forgotten_at"),
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
        "status": m.status,
        "pending_reason": m.pending_reason,
        "confirmed_by": m.confirmed_by,
    }

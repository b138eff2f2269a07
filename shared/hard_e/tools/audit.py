"""The audit trail: every yellow action, every red request and decision, and every call
over the tools API (REST, MCP, agents) — who (user or API key), tool, tier, outcome,
latency and the arguments with personal data and secrets redacted.

Events live in one partition per month (``T#<t>#AUDIT#<yyyy-mm>``, sort key
``<ms>#<id>``); each also sits in its actor's ``gsi1`` partition across months, so "what
did this key do" is one query, not a month-by-month scan.
"""

from __future__ import annotations

import base64
import binascii
import builtins
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

from hard_e import keys
from hard_e.ids import new_id
from hard_e.storage import GSI1, InvalidCursorError, Table
from hard_e.storage.table import QuerySpec

AUDIT_RETENTION_DAYS = 400  # keep a year and a bit, then let TTL clean up
REDACTED = "[redacted]"
MAX_SCANNED = 1000  # events read per request when filtering by tool; then a cursor

# Argument names that carry personal data or secrets: never stored in the trail.
_PERSONAL = frozenset(
    {
        "email",
        "to",
        "phone",
        "mobile",
        "first_name",
        "last_name",
        "name",
        "customer",
        "address",
        "street",
        "city",
        "zip",
        "body",
        "message",
        "text",
        "note",
        "notes",
        "subject",
        "description",
        "password",
        "token",
        "secret",
        "api_key",
        "location",
        "query",
        "keyword",
    }
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_PHONE = re.compile(r"\+?\d[\d ().-]{6,}\d")
_SECRETISH = re.compile(r"\b(hek|sk|sk-ant)[_-][\w-]{12,}")


def redact(value: Any, name: str = "") -> Any:
    """``value`` with personal fields replaced and emails, phone numbers and key-like
    strings masked wherever they appear; ids, tiers, stage names and numbers stay."""
    if name.lower() in _PERSONAL and value not in (None, "", [], {}):
        return REDACTED
    if isinstance(value, dict):
        return {str(k): redact(v, str(k)) for k, v in list(value.items())[:50]}
    if isinstance(value, list):
        return [redact(v, name) for v in value[:20]]
    if isinstance(value, str):
        text = _SECRETISH.sub(REDACTED, value[:200])
        return _PHONE.sub(REDACTED, _EMAIL.sub(REDACTED, text))
    return value


@dataclass(frozen=True)
class AuditEvent:
    tool: str
    tier: str
    outcome: str  # ok | error | pending_approval | approved | denied | executed | failed | …
    user_id: str  # the actor: a user id, or an API key id when actor_kind is "key"
    summary: str = ""
    approval_id: str | None = None
    session_id: str | None = None
    detail: str = ""
    actor_kind: str = "user"  # user | key
    channel: str = "chat"  # chat | rest | mcp | agent
    latency_ms: float | None = None
    args: dict[str, Any] = field(default_factory=dict)  # already redacted


def month_of(epoch: float) -> str:
    return time.strftime("%Y-%m", time.gmtime(epoch))


@dataclass(frozen=True)
class AuditQuery:
    """Which events to list: one actor (key or user), one tool, a time range (epoch s)."""

    actor: str | None = None
    tool: str | None = None
    since: float | None = None
    until: float | None = None
    month: str | None = None  # a whole month (the older way to ask)


class AuditLog:
    def __init__(self, table: Table) -> None:
        self._table = table

    def record(self, tenant_id: str, event: AuditEvent) -> str:
        now = self._table.now()
        event_id = new_id("aud")
        sk = f"{int(now * 1000):013d}#{event_id}"
        item: dict[str, Any] = {
            "pk": keys.tenant_pk(tenant_id, f"AUDIT#{month_of(now)}"),
            "sk": sk,
            "gsi1pk": keys.audit_by_actor(tenant_id, event.user_id),
            "gsi1sk": sk,
            "ttl": int(now) + AUDIT_RETENTION_DAYS * 86400,
            "id": event_id,
            "at": now,
            "tool": event.tool,
            "tier": event.tier,
            "outcome": event.outcome,
            "user_id": event.user_id,
            "actor_kind": event.actor_kind,
            "channel": event.channel,
            "summary": event.summary[:500],
            "approval_id": event.approval_id,
            "session_id": event.session_id,
            "detail": event.detail[:500],
        }
        if event.latency_ms is not None:
            item["latency_ms"] = event.latency_ms
        if event.args:
            item["args"] = event.args
        self._table.put(item)
        return event_id

    def list(
        self,
        tenant_id: str,
        *,
        month: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
        query: AuditQuery | None = None,
    ) -> tuple[list[dict[str, Any]], str | None]:
        """Newest first. With no time range: this month (or ``month``). An actor is one
        indexed query across months; a tool filter reads on (at most MAX_SCANNED events
        per call) and hands back a cursor, so nothing is ever silently left out."""
        q = query or AuditQuery(month=month)
        state = _decode(cursor)
        if q.actor is not None:
            partitions: builtins.list[tuple[str, str | None]] = [
                (keys.audit_by_actor(tenant_id, q.actor), GSI1)
            ]
        else:
            partitions = [(keys.tenant_pk(tenant_id, f"AUDIT#{m}"), None) for m in self._months(q)]
        between = _range(q)
        events: list[dict[str, Any]] = []
        scanned = 0
        index, inner = int(state.get("p", 0)), state.get("c")
        while index < len(partitions):
            pk, gsi = partitions[index]
            wanted = limit - len(events) if q.tool is None else 200
            page = self._table.query(
                pk, between=between, descending=True, limit=wanted, cursor=inner, index=gsi
            )
            for n, item in enumerate(page.items):
                scanned += 1
                if q.tool is None or item.get("tool") == q.tool:
                    events.append(_public(item))
                if len(events) >= limit or scanned >= MAX_SCANNED:
                    if n + 1 < len(page.items) or page.cursor is not None:
                        after = _continue_after(pk, between, gsi, item)
                        return events, _encode({"p": index, "c": after})
                    more = index + 1 < len(partitions)
                    return events, _encode({"p": index + 1, "c": None}) if more else None
            if page.cursor is not None:
                inner = page.cursor
                continue
            index, inner = index + 1, None
        return events, None

    def _months(self, q: AuditQuery) -> builtins.list[str]:
        """Month partitions newest first: the asked month, or every month of the range."""
        if q.since is None and q.until is None:
            return [q.month or month_of(self._table.now())]
        until = q.until if q.until is not None else self._table.now()
        since = q.since if q.since is not None else until - 31 * 86400
        months: builtins.list[str] = []
        year, mon = map(int, month_of(until).split("-"))
        last = month_of(since)
        while True:
            months.append(f"{year:04d}-{mon:02d}")
            if months[-1] <= last or len(months) > 24:
                return months
            year, mon = (year, mon - 1) if mon > 1 else (year - 1, 12)


def _range(q: AuditQuery) -> tuple[str, str] | None:
    if q.since is None and q.until is None:
        return None
    low = f"{int((q.since or 0) * 1000):013d}"
    high = f"{int((q.until if q.until is not None else 9_999_999_999) * 1000):013d}#~"
    return (low, high) if low <= high else (high, high)


def _continue_after(
    pk: str, between: tuple[str, str] | None, index: str | None, item: dict[str, Any]
) -> str:
    """A table cursor positioned after ``item`` in this query."""
    spec = QuerySpec(pk, between=between, descending=True, index=index)
    return spec.cursor_after(item)


def _public(item: dict[str, Any]) -> dict[str, Any]:
    hidden = ("pk", "sk", "ttl", "gsi1pk", "gsi1sk")
    return {k: v for k, v in item.items() if k not in hidden}


def _encode(state: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(state).encode()).rstrip(b"=").decode()


def _decode(cursor: str | None) -> dict[str, Any]:
    if cursor is None:
        return {}
    try:
        raw = base64.urlsafe_b64decode(cursor.encode("ascii") + b"=" * (-len(cursor) % 4))
        state: dict[str, Any] = json.loads(raw)
    except (UnicodeError, binascii.Error, ValueError):
        raise InvalidCursorError("cursor is not one this trail handed out") from None
    position = state.get("p", 0) if isinstance(state, dict) else None
    if not isinstance(position, int) or isinstance(position, bool) or position < 0:
        raise InvalidCursorError("cursor is not one this trail handed out")
    if state.get("c") is not None and not isinstance(state["c"], str):
        raise InvalidCursorError("cursor is not one this trail handed out")
    return state

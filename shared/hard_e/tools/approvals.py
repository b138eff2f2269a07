"""Approvals: a tool call frozen with exactly what it will do until a human decides.

An approval holds the call's resolved arguments (a recipient as its address or number,
the full message) and the preview a person saw, bound together by a hash; it expires,
and is single-use: the status moves pending → approved → executed|failed|unconfirmed (or
pending → denied|expired) through conditional writes on a version number, so two
approvers racing run the tool once. ``unconfirmed``: the CRM never said whether the
change was made and it could not be checked; it is never run again by itself.
"""

from __future__ import annotations

import builtins
import hashlib
import json
from dataclasses import dataclass, replace
from typing import Any, Literal, get_args

from hard_e import keys
from hard_e.ids import is_id, new_id
from hard_e.storage import GSI1, ConditionFailedError, MustNotExist, Table, VersionIs
from hard_e.storage.table import QuerySpec
from hard_e.tools.exceptions import ApprovalClosedError, ApprovalNotFoundError

Status = Literal["pending", "approved", "denied", "executed", "failed", "unconfirmed", "expired"]
STATUSES: tuple[str, ...] = get_args(Status)
DEFAULT_TTL_SECONDS = 24 * 3600
KEEP_DAYS = 90  # decided approvals stay readable this long


def args_hash(tool: str, args: dict[str, Any], preview: str = "") -> str:
    """Binds the call that will run to the preview the person approved."""
    bound: dict[str, Any] = {"tool": tool, "args": args}
    if preview:  # approvals made before previews existed hash without one
        bound["preview"] = preview
    canonical = json.dumps(bound, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Approval:
    id: str
    tenant_id: str
    tool: str
    args: dict[str, Any]
    args_hash: str
    summary: str
    status: Status
    requested_by: str
    created_at: float
    expires_at: int
    session_id: str | None = None
    decided_by: str | None = None
    decided_at: float | None = None
    result: Any = None
    error: str | None = None
    version: int = 0
    preview: str = ""
    reason: str | None = None  # why a call that is not red waits for a person

    def public(self) -> dict[str, Any]:
        """What API callers and the chat see: what will happen, in full."""
        return {
            "id": self.id,
            "tool": self.tool,
            "summary": self.summary,
            "preview": self.preview or self.summary,
            "reason": self.reason,
            "args": self.args,
            "status": self.status,
            "requested_by": self.requested_by,
            "created_at": self.created_at,
            "expires_at": self.expires_at,
            "session_id": self.session_id,
            "decided_by": self.decided_by,
            "decided_at": self.decided_at,
            "result": self.result,
            "error": self.error,
        }


class ApprovalStore:
    def __init__(self, table: Table, *, ttl_seconds: int = DEFAULT_TTL_SECONDS) -> None:
        self._table = table
        self._ttl = ttl_seconds

    def create(
        self,
        tenant_id: str,
        *,
        tool: str,
        args: dict[str, Any],
        summary: str,
        requested_by: str,
        session_id: str | None,
        preview: str = "",
        reason: str | None = None,
    ) -> Approval:
        now = self._table.now()
        approval = Approval(
            id=new_id("apr"),
            tenant_id=tenant_id,
            tool=tool,
            args=args,
            args_hash=args_hash(tool, args, preview),
            summary=summary,
            preview=preview,
            reason=reason,
            status="pending",
            requested_by=requested_by,
            created_at=now,
            expires_at=int(now) + self._ttl,
            session_id=session_id,
        )
        self._table.put(self._item(approval), condition=MustNotExist())
        return approval

    def get(self, tenant_id: str, approval_id: str) -> Approval:
        if not is_id(approval_id, "apr"):
            raise ApprovalNotFoundError(approval_id)
        item = self._table.get(keys.tenant_pk(tenant_id, "APPROVAL"), approval_id)
        if item is None:
            raise ApprovalNotFoundError(approval_id)
        approval = _approval(tenant_id, item)
        if approval.status == "pending" and approval.expires_at <= self._table.now():
            return replace(approval, status="expired")
        return approval

    def list(
        self,
        tenant_id: str,
        *,
        status: str | None = None,
        requested_by: str | None = None,
        limit: int = 50,
        cursor: str | None = None,
    ) -> tuple[list[Approval], str | None]:
        """Approvals by status and/or requester, newest first, chosen by the query itself:
        a status is its own ``gsi1`` partition whose sort key starts with the requester,
        so "Sam's pending approvals" is one prefix query however many others exist. (A
        status without a requester comes grouped by requester, newest first in each.)
        "expired" is a pending approval past its expiry, read from the pending partition.
        """
        if status is None and requested_by is None:
            page = self._table.query(
                keys.tenant_pk(tenant_id, "APPROVAL"), descending=True, limit=limit, cursor=cursor
            )
            return [self._current(tenant_id, i) for i in page.items], page.cursor
        if status is None:
            return self._of_requester(tenant_id, str(requested_by), limit, cursor)
        stored = "pending" if status == "expired" else status
        prefix = f"{requested_by}#" if requested_by is not None else None
        found: list[Approval] = []
        while True:
            page = self._table.query(
                keys.approvals_by_status(tenant_id, stored),
                prefix=prefix,
                descending=True,
                limit=limit - len(found),
                cursor=cursor,
                index=GSI1,
            )
            found += [
                a for a in (self._current(tenant_id, i) for i in page.items) if a.status == status
            ]
            cursor = page.cursor
            if cursor is None or len(found) >= limit:
                return found, cursor

    def _of_requester(
        self, tenant_id: str, requester: str, limit: int, cursor: str | None
    ) -> tuple[builtins.list[Approval], str | None]:
        """Every approval one person (or key) asked for, newest first: their history, read
        from the company's partition (at most 1000 rows a call; the cursor goes on)."""
        found: builtins.list[Approval] = []
        scanned = 0
        while True:
            page = self._table.query(
                keys.tenant_pk(tenant_id, "APPROVAL"), descending=True, limit=100, cursor=cursor
            )
            for n, item in enumerate(page.items):
                scanned += 1
                if item["requested_by"] == requester:
                    found.append(self._current(tenant_id, item))
                if len(found) >= limit or scanned >= 1000:
                    if n + 1 < len(page.items) or page.cursor is not None:
                        spec = QuerySpec(keys.tenant_pk(tenant_id, "APPROVAL"), descending=True)
                        return found, spec.cursor_after(item)
                    return found, None
            cursor = page.cursor
            if cursor is None:
                return found, None

    def _current(self, tenant_id: str, item: dict[str, Any]) -> Approval:
        approval = _approval(tenant_id, item)
        if approval.status == "pending" and approval.expires_at <= self._table.now():
            return replace(approval, status="expired")
        return approval

    def transition(
        self, approval: Approval, to: Status, *, by: str | None = None, **fields: Any
    ) -> Approval:
        """Move to ``to`` only if nobody else moved it first; else ApprovalClosedError."""
        decided: dict[str, Any] = {"decided_by": by, "decided_at": self._table.now()} if by else {}
        updated = replace(approval, status=to, version=approval.version + 1, **decided, **fields)
        try:
            self._table.put(self._item(updated), condition=VersionIs(approval.version))
        except ConditionFailedError:
            current = self.get(approval.tenant_id, approval.id)
            raise ApprovalClosedError(
                f"this request is already {current.status}", current.status
            ) from None
        return updated

    def _item(self, a: Approval) -> dict[str, Any]:
        return {
            "pk": keys.tenant_pk(a.tenant_id, "APPROVAL"),
            "sk": a.id,
            "gsi1pk": keys.approvals_by_status(a.tenant_id, a.status),
            "gsi1sk": f"{a.requested_by}#{a.id}",
            "ttl": a.expires_at + KEEP_DAYS * 86400,
            "version": a.version,
            "tool": a.tool,
            "args": a.args,
            "args_hash": a.args_hash,
            "summary": a.summary,
            "preview": a.preview,
            "reason": a.reason,
            "status": a.status,
            "requested_by": a.requested_by,
            "created_at": a.created_at,
            "expires_at": a.expires_at,
            "session_id": a.session_id,
            "decided_by": a.decided_by,
            "decided_at": a.decided_at,
            "result": a.result,
            "error": a.error,
        }


def _approval(tenant_id: str, item: dict[str, Any]) -> Approval:
    return Approval(
        id=item["sk"],
        tenant_id=tenant_id,
        tool=item["tool"],
        args=item["args"],
        args_hash=item["args_hash"],
        summary=item["summary"],
        status=item["status"],
        requested_by=item["requested_by"],
        created_at=item["created_at"],
        expires_at=item["expires_at"],
        session_id=item.get("session_id"),
        decided_by=item.get("decided_by"),
        decided_at=item.get("decided_at"),
        result=item.get("result"),
        error=item.get("error"),
        version=item.get("version", 0),
        preview=item.get("preview", ""),
        reason=item.get("reason"),
    )

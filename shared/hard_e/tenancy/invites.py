"""Invite links: operators invite companies (with trial limits), admins invite teammates.

The token is ``inv_<tenant id><secret>``: the tenant says whose partition holds the
record (the operators' for company invites, the company's own for teammates), and only
the secret's SHA-256 is stored, so the table never holds a usable link. An invite is
used once (a conditional write claims it) and expires.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any, Literal

from hard_e import keys
from hard_e.ids import TENANT_ID_LENGTH, is_tenant_id, new_id
from hard_e.storage import ConditionFailedError, Table, VersionIs
from hard_e.tenancy.exceptions import InviteError

PREFIX = "inv_"
HASH = "H#"
DAY = 86_400
TEAMMATE_DAYS = 7
InviteKind = Literal["company", "teammate"]


@dataclass(frozen=True)
class Invite:
    invite_id: str
    tenant_id: str  # where it lives: operators' tenant (company) or the company (teammate)
    kind: InviteKind
    status: str  # open | used | revoked
    created_by: str
    created_at: float
    expires_at: float
    days: int = 0
    messages: int = 0
    note: str = ""
    email: str = ""
    role: str = ""
    used_at: float | None = None
    used_by: str = ""  # the company (company invite) or user (teammate) it created

    def state(self, now: float) -> str:
        return "expired" if self.status == "open" and now >= self.expires_at else self.status

    def public(self, now: float) -> dict[str, Any]:
        out: dict[str, Any] = {
            "invite_id": self.invite_id,
            "kind": self.kind,
            "status": self.state(now),
            "created_at": self.created_at,
            "expires_at": self.expires_at,
        }
        if self.kind == "company":
            out |= {"limits": {"days": self.days, "messages": self.messages}, "note": self.note}
            out["company_id"] = self.used_by or None
        else:
            out |= {"email": self.email, "role": self.role}
        return out


@dataclass(frozen=True)
class IssuedInvite:
    invite: Invite
    token: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:40]


def split_link_token(token: str, prefix: str) -> tuple[str, str] | None:
    """(tenant id, secret) of a ``<prefix><tenant id><secret>`` link token, or None
    when it is not one (invite and password-reset links share the shape)."""
    body = token[len(prefix) :] if token.startswith(prefix) else ""
    tenant_id, secret = body[:TENANT_ID_LENGTH], body[TENANT_ID_LENGTH:]
    if not is_tenant_id(tenant_id) or not 20 <= len(secret) <= 64:
        return None
    return tenant_id, secret


def split_token(token: str) -> tuple[str, str]:
    """(tenant id, secret) of a well-formed invite token; InviteError 404 otherwise."""
    parts = split_link_token(token, PREFIX)
    if parts is None:
        raise InviteError("this invite link is not valid", code="invite_not_found", status=404)
    return parts


class InviteBook:
    """Invites of every kind, each in the partition of the tenant that issued it."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def issue(
        self,
        tenant_id: str,
        *,
        kind: InviteKind,
        created_by: str,
        days_valid: int,
        **details: Any,
    ) -> IssuedInvite:
        now = self._table.now()
        secret = secrets.token_urlsafe(24)
        invite = Invite(
            invite_id=new_id("inv"),
            tenant_id=tenant_id,
            kind=kind,
            status="open",
            created_by=created_by,
            created_at=now,
            expires_at=now + days_valid * DAY,
            **details,
        )
        item = {**_item(invite), "sk": HASH + _digest(secret), "version": 0}
        self._table.put(item)
        return IssuedInvite(invite, f"{PREFIX}{tenant_id}{secret}")

    def find(self, token: str) -> tuple[Invite, int]:
        """The open invite behind ``token`` and its record version; InviteError (404
        forged, 410 used, expired or revoked) otherwise."""
        tenant_id, secret = split_token(token)
        item = self._table.get(keys.tenant_pk(tenant_id, "INVITE"), HASH + _digest(secret))
        if item is None or not hmac.compare_digest(item["sk"], HASH + _digest(secret)):
            raise InviteError("this invite link is not valid", code="invite_not_found", status=404)
        invite = _invite(item)
        state = invite.state(self._table.now())
        if state == "used":
            raise InviteError("this invite has already been used", code="invite_used", status=410)
        if state == "expired":
            raise InviteError(
                "this invite has expired; ask for a new one", code="invite_expired", status=410
            )
        if state == "revoked":
            raise InviteError("this invite was withdrawn", code="invite_revoked", status=410)
        return invite, int(item.get("version") or 0)

    def claim(self, token: str) -> Invite:
        """Mark the invite used, exactly once: of two racing accepts one gets 410."""
        _, version = self.find(token)
        tenant_id, secret = split_token(token)
        pk, sk = keys.tenant_pk(tenant_id, "INVITE"), HASH + _digest(secret)
        item = self._table.get(pk, sk) or {}
        now = self._table.now()
        claimed = {**item, "status": "used", "used_at": now, "version": version + 1}
        try:
            self._table.put(claimed, condition=VersionIs(version))
        except ConditionFailedError:
            raise InviteError(
                "this invite has already been used", code="invite_used", status=410
            ) from None
        return _invite(claimed)

    def release(self, token: str) -> None:
        """Give a claimed invite back (the accept failed after claiming it)."""
        tenant_id, secret = split_token(token)
        pk, sk = keys.tenant_pk(tenant_id, "INVITE"), HASH + _digest(secret)
        item = self._table.get(pk, sk)
        if item is not None and item.get("status") == "used" and not item.get("used_by"):
            version = int(item.get("version") or 0)
            reopened = {**item, "status": "open", "used_at": None, "version": version + 1}
            with contextlib.suppress(ConditionFailedError):
                self._table.put(reopened, condition=VersionIs(version))

    def record_use(self, token: str, used_by: str) -> None:
        """Say what the invite created (the company or the user)."""
        tenant_id, secret = split_token(token)
        pk, sk = keys.tenant_pk(tenant_id, "INVITE"), HASH + _digest(secret)
        item = self._table.get(pk, sk)
        if item is not None:
            self._table.put({**item, "used_by": used_by, "version": int(item["version"]) + 1})

    def list(self, tenant_id: str, *, kind: InviteKind | None = None) -> list[Invite]:
        page = self._table.query(keys.tenant_pk(tenant_id, "INVITE"), prefix=HASH, limit=1000)
        found = [_invite(i) for i in page.items]
        return sorted(
            (i for i in found if kind is None or i.kind == kind), key=lambda i: i.created_at
        )

    def revoke(self, tenant_id: str, invite_id: str) -> bool:
        page = self._table.query(keys.tenant_pk(tenant_id, "INVITE"), prefix=HASH, limit=1000)
        for item in page.items:
            if item.get("invite_id") == invite_id and item.get("status") == "open":
                self._table.put({**item, "status": "revoked", "version": int(item["version"]) + 1})
                return True
        return False

    def now(self) -> float:
        return self._table.now()


_FIELDS = (
    "invite_id",
    "tenant_id",
    "kind",
    "status",
    "created_by",
    "created_at",
    "expires_at",
    "days",
    "messages",
    "note",
    "email",
    "role",
    "used_at",
    "used_by",
)


def _item(invite: Invite) -> dict[str, Any]:
    return {
        "pk": keys.tenant_pk(invite.tenant_id, "INVITE"),
        **{name: getattr(invite, name) for name in _FIELDS},
    }


def _invite(item: dict[str, Any]) -> Invite:
    values: dict[str, Any] = {name: item[name] for name in _FIELDS if name in item}
    return Invite(**values)

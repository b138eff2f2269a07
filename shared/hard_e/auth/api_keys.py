"""API keys for automation agents: scoped, rate-limited, revocable, stored as a hash only.

A key reads ``hek_<key id>_<secret>``. The key id is public (it names the key in the
list, the audit trail and the approvals it asks for) and begins with the company's
tenant id, so the key's record is found under that company's own partition
(``T#<tenant>#APIKEY``) with one strongly consistent read — no global lookup table and
no cache, so a revocation in one Lambda instance stops the key in every other one at
its very next request. Which company the key is for is never *believed* from the id:
only a record under that company whose hash matches the secret proves it.

The secret is 256 random bits, so a plain SHA-256 of it is the right hash (bcrypt's
cost is for guessable passwords; here it would only add ~50 ms per request).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field, replace
from typing import Any

from hard_e import keys
from hard_e.ids import TENANT_ID_LENGTH, is_tenant_id
from hard_e.storage import MustNotExist, Table

PREFIX = "hek"
TIERS = ("green", "yellow", "red")
DEFAULT_RATE_LIMIT = 60  # calls per minute
DEFAULT_CONVERSE_LIMIT = 10  # agent messages per minute (each may run several tools)
_KEY_SUFFIX = 10  # random characters after the tenant id in a key id
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
_KEY_ID = re.compile(rf"^[{_ALPHABET}]{{{TENANT_ID_LENGTH + _KEY_SUFFIX}}}$")
_SECRET = re.compile(r"^[A-Za-z0-9_-]{43}$")


class ApiKeyError(Exception):
    """The presented key is unknown, malformed or revoked (always a 401, never more detail
    than :attr:`reason`, which is safe to show)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class KeyScope:
    """What a key may do: the tiers it may run, optionally only some tools, and whether
    it may hold a conversation with Hard-E (``converse``)."""

    tiers: frozenset[str] = frozenset({"green"})
    tools: frozenset[str] | None = None  # None: every tool of the allowed tiers
    converse: bool = False

    def permits(self, tool: str, tier: str) -> bool:
        return tier in self.tiers and (self.tools is None or tool in self.tools)

    def refusal(self, tool: str, tier: str) -> str:
        """Why :meth:`permits` said no, in words an integrator can act on."""
        if tier not in self.tiers:
            return f"this API key may not run {tier} tools ({tool} is {tier})"
        return f"this API key may not run {tool}"

    def public(self) -> dict[str, Any]:
        return {
            "tiers": sorted(self.tiers, key=TIERS.index),
            "tools": sorted(self.tools) if self.tools is not None else None,
            "converse": self.converse,
        }


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    tenant_id: str
    name: str
    scope: KeyScope
    rate_limit: int  # calls per minute
    created_by: str
    created_at: float
    secret_hash: str = field(repr=False)
    hint: str = ""  # the secret's last four characters, to tell keys apart
    revoked_at: float | None = None
    revoked_by: str | None = None
    converse_limit: int = DEFAULT_CONVERSE_LIMIT

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def public(self) -> dict[str, Any]:
        """What the list shows: never the secret or its hash."""
        return {
            "id": self.key_id,
            "name": self.name,
            "scopes": self.scope.public(),
            "rate_limit_per_minute": self.rate_limit,
            "converse_per_minute": self.converse_limit,
            "created_by": self.created_by,
            "created_at": self.created_at,
            "hint": f"…{self.hint}",
            "status": "revoked" if self.revoked else "active",
            "revoked_at": self.revoked_at,
            "revoked_by": self.revoked_by,
        }


@dataclass(frozen=True)
class IssuedKey:
    """A new key and its secret: the only moment the secret exists outside the caller."""

    key: ApiKey
    secret: str = field(repr=False)


def key_id_of(secret: str) -> str | None:
    """The key id a presented key claims (no check that it exists), or None if malformed."""
    prefix, _, rest = secret.partition("_")
    key_id, _, raw = rest.partition("_")
    if prefix != PREFIX or not _KEY_ID.match(key_id) or not _SECRET.match(raw):
        return None
    return key_id


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


class ApiKeyStore:
    """Create, list, revoke and verify one company's keys."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def create(
        self,
        tenant_id: str,
        *,
        name: str,
        scope: KeyScope,
        created_by: str,
        rate_limit: int = DEFAULT_RATE_LIMIT,
        converse_limit: int = DEFAULT_CONVERSE_LIMIT,
    ) -> IssuedKey:
        key_id = tenant_id + "".join(secrets.choice(_ALPHABET) for _ in range(_KEY_SUFFIX))
        raw = secrets.token_urlsafe(32)
        secret = f"{PREFIX}_{key_id}_{raw}"
        key = ApiKey(
            key_id=key_id,
            tenant_id=tenant_id,
            name=name,
            scope=scope,
            rate_limit=rate_limit,
            converse_limit=converse_limit,
            created_by=created_by,
            created_at=self._table.now(),
            secret_hash=_digest(secret),
            hint=raw[-4:],
        )
        self._table.put(self._item(key), condition=MustNotExist())
        return IssuedKey(key, secret)

    def list(self, tenant_id: str) -> list[ApiKey]:
        page = self._table.query(keys.tenant_pk(tenant_id, "APIKEY"))
        found = [_key(tenant_id, item) for item in page.items]
        return sorted(found, key=lambda k: k.created_at, reverse=True)

    def get(self, tenant_id: str, key_id: str) -> ApiKey | None:
        if not _KEY_ID.match(key_id) or not key_id.startswith(tenant_id):
            return None
        item = self._table.get(*keys.api_key(tenant_id, key_id))
        return _key(tenant_id, item) if item is not None else None

    def revoke(self, tenant_id: str, key_id: str, *, by: str) -> ApiKey | None:
        """Revoke a key (kept, marked revoked, so the audit trail can still name it)."""
        key = self.get(tenant_id, key_id)
        if key is None:
            return None
        if key.revoked:
            return key
        revoked = replace(key, revoked_at=self._table.now(), revoked_by=by)
        self._table.put(self._item(revoked))
        return revoked

    def verify(self, secret: str) -> ApiKey:
        """The live key behind a presented secret, or ApiKeyError (one strong read)."""
        key_id = key_id_of(secret)
        if key_id is None:
            raise ApiKeyError("the API key is not valid")
        tenant_id = key_id[:TENANT_ID_LENGTH]
        if not is_tenant_id(tenant_id):
            raise ApiKeyError("the API key is not valid")
        key = self.get(tenant_id, key_id)
        if key is None or not hmac.compare_digest(key.secret_hash, _digest(secret)):
            raise ApiKeyError("the API key is not valid")
        if key.revoked:
            raise ApiKeyError("this API key has been revoked")
        return key

    def _item(self, key: ApiKey) -> dict[str, Any]:
        pk, sk = keys.api_key(key.tenant_id, key.key_id)
        return {
            "pk": pk,
            "sk": sk,
            "name": key.name,
            "tiers": sorted(key.scope.tiers),
            "tools": sorted(key.scope.tools) if key.scope.tools is not None else None,
            "converse": key.scope.converse,
            "rate_limit": key.rate_limit,
            "converse_limit": key.converse_limit,
            "created_by": key.created_by,
            "created_at": key.created_at,
            "secret_hash": key.secret_hash,
            "hint": key.hint,
            "revoked_at": key.revoked_at,
            "revoked_by": key.revoked_by,
        }


def _key(tenant_id: str, item: dict[str, Any]) -> ApiKey:
    tools = item.get("tools")
    return ApiKey(
        key_id=item["sk"],
        tenant_id=tenant_id,
        name=item["name"],
        scope=KeyScope(
            tiers=frozenset(item.get("tiers") or ()),
            tools=frozenset(tools) if tools is not None else None,
            converse=bool(item.get("converse")),
        ),
        rate_limit=int(item["rate_limit"]),
        converse_limit=int(item.get("converse_limit", DEFAULT_CONVERSE_LIMIT)),
        created_by=item["created_by"],
        created_at=item["created_at"],
        secret_hash=item["secret_hash"],
        hint=item.get("hint", ""),
        revoked_at=item.get("revoked_at"),
        revoked_by=item.get("revoked_by"),
    )

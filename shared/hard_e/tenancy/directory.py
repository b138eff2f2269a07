"""Creating and finding tenants and users in the table."""

from __future__ import annotations

import time
from typing import Any

from hard_e import keys
from hard_e.ids import new_id, new_tenant_id
from hard_e.storage import ConditionFailedError, MustExist, MustNotExist, Table, VersionIs
from hard_e.tenancy.exceptions import EmailTakenError, TenantNotFoundError, UserNotFoundError
from hard_e.tenancy.models import Role, Tenant, User
from hard_e.tenancy.roles import is_role
from hard_e.tenancy.soul import MAX_SOUL_CHARS, default_soul

_UPDATE_ATTEMPTS = 8


def normalise_email(email: str) -> str:
    return email.strip().lower()


class TenantDirectory:
    """Tenants and their users. Emails are unique across the deployment."""

    def __init__(self, table: Table) -> None:
        self._table = table

    def create_tenant(
        self,
        name: str,
        *,
        soul_document: str | None = None,
        plan: str = "trial",
        trial_ends_at: float | None = None,
        message_limit: int | None = None,
        timezone: str = "UTC",
        invite_id: str = "",
        tenant_id: str | None = None,
    ) -> Tenant:
        soul = soul_document if soul_document is not None else default_soul(name)
        if len(soul) > MAX_SOUL_CHARS:
            raise ValueError(f"soul document is over {MAX_SOUL_CHARS} characters")
        tenant = Tenant(
            tenant_id=tenant_id or new_tenant_id(),
            name=name,
            soul_document=soul,
            plan=plan,
            created_at=self._table.now(),
            timezone=timezone,
            trial_ends_at=trial_ends_at,
            message_limit=message_limit,
            invite_id=invite_id,
        )
        pk, sk = keys.tenant_profile(tenant.tenant_id)
        self._table.put(
            {"pk": pk, "sk": sk, **_profile(tenant), "version": 0}, condition=MustNotExist()
        )
        registry_pk, registry_sk = keys.tenant_registry(tenant.tenant_id)
        self._table.put({"pk": registry_pk, "sk": registry_sk})
        return tenant

    def get_tenant(self, tenant_id: str) -> Tenant:
        pk, sk = keys.tenant_profile(tenant_id)
        item = self._table.get(pk, sk)
        if item is None:
            raise TenantNotFoundError(tenant_id)
        return _tenant(tenant_id, item)

    def discard_tenant(self, tenant_id: str) -> None:
        """Forget a company that never got a user (a failed invite accept)."""
        self._table.delete(*keys.tenant_profile(tenant_id))
        self._table.delete(*keys.tenant_registry(tenant_id))

    def tenant_ids(self) -> list[str]:
        """Every tenant of the deployment (operators' tenant included), oldest id first."""
        found: list[str] = []
        cursor: str | None = None
        while True:
            page = self._table.query(keys.TENANT_REGISTRY, limit=500, cursor=cursor)
            found += [item["sk"] for item in page.items]
            if page.cursor is None:
                return found
            cursor = page.cursor

    def update_tenant(self, tenant_id: str, **changes: Any) -> Tenant:
        """Change profile fields (name, timezone, plan, trial limits…) with a conditional
        write, so two admins saving at once never lose either change silently."""
        pk, sk = keys.tenant_profile(tenant_id)
        unknown = set(changes) - set(_PROFILE_FIELDS)
        if unknown:
            raise ValueError(f"not profile fields: {sorted(unknown)}")
        for _ in range(_UPDATE_ATTEMPTS):
            item = self._table.get(pk, sk)
            if item is None:
                raise TenantNotFoundError(tenant_id)
            version = item.get("version")
            stored = {k: list(v) if isinstance(v, tuple) else v for k, v in changes.items()}
            updated = {**item, **stored, "version": int(version or 0) + 1}
            condition = VersionIs(version) if isinstance(version, int) else MustExist()
            try:
                self._table.put(updated, condition=condition)
            except ConditionFailedError:
                continue
            return _tenant(tenant_id, updated)
        raise ConditionFailedError(f"company {tenant_id} kept changing; try again")

    def users(self, tenant_id: str) -> list[User]:
        """The company's people, in the order they joined."""
        page = self._table.query(keys.tenant_pk(tenant_id, "USER"), limit=1000)
        return sorted((_user(i) for i in page.items), key=lambda u: u.created_at)

    def add_user(
        self, tenant_id: str, *, email: str, name: str, password_hash: str, role: Role = "rep"
    ) -> User:
        """Create a user; raises EmailTakenError when the email is in use anywhere."""
        self.get_tenant(tenant_id)
        email = normalise_email(email)
        user = User(
            user_id=new_id("usr"),
            tenant_id=tenant_id,
            email=email,
            name=name,
            role=role,
            password_hash=password_hash,
            created_at=time.time(),
        )
        claim_pk, claim_sk = keys.email_claim(email)
        try:
            self._table.put(
                {"pk": claim_pk, "sk": claim_sk, "tenant_id": tenant_id, "user_id": user.user_id},
                condition=MustNotExist(),
            )
        except ConditionFailedError:
            raise EmailTakenError(email) from None
        pk, sk = keys.user(tenant_id, user.user_id)
        self._table.put(
            {
                "pk": pk,
                "sk": sk,
                "tenant_id": tenant_id,
                "email": email,
                "name": name,
                "role": role,
                "password_hash": password_hash,
                "created_at": user.created_at,
                "token_version": 0,
                "version": 0,
            }
        )
        return user

    def find_login(self, email: str) -> tuple[str, str] | None:
        """(tenant id, user id) of the account with this email, from its global claim.

        The claim holds ids only: no password hash is ever read outside the company's
        own partition (nor indexed: users are not in ``gsi1``)."""
        claim = self._table.get(*keys.email_claim(normalise_email(email)))
        return (claim["tenant_id"], claim["user_id"]) if claim else None

    def find_user_by_email(self, email: str) -> User | None:
        found = self.find_login(email)
        return self.get_user(*found) if found else None

    def get_user(self, tenant_id: str, user_id: str) -> User | None:
        pk, sk = keys.user(tenant_id, user_id)
        item = self._table.get(pk, sk)
        return _user(item) if item else None

    # --- changes that end every token the user holds ------------------------------------

    def remove_user(self, tenant_id: str, user_id: str) -> None:
        """Delete the user; their tokens stop working on their next request."""
        user = self.get_user(tenant_id, user_id)
        if user is None:
            raise UserNotFoundError(user_id)
        self._table.delete(*keys.user(tenant_id, user_id))
        claim_pk, claim_sk = keys.email_claim(user.email)
        claim = self._table.get(claim_pk, claim_sk)
        if claim is not None and claim.get("user_id") == user_id:
            self._table.delete(claim_pk, claim_sk)

    def change_role(self, tenant_id: str, user_id: str, role: Role) -> User:
        """A new role; tokens issued under the old one are refused from now on."""
        if not is_role(role):
            raise ValueError(f"unknown role {role!r}")
        return self._update_user(tenant_id, user_id, role=role)

    def change_password(self, tenant_id: str, user_id: str, password_hash: str) -> User:
        """A new password; every token issued before is refused from now on."""
        return self._update_user(tenant_id, user_id, password_hash=password_hash)

    def revoke_tokens(self, tenant_id: str, user_id: str) -> User:
        """Log the user out everywhere (what logout does)."""
        return self._update_user(tenant_id, user_id)

    def _update_user(self, tenant_id: str, user_id: str, **changes: Any) -> User:
        """Apply ``changes`` and move the token version on, with a conditional write."""
        pk, sk = keys.user(tenant_id, user_id)
        for _ in range(_UPDATE_ATTEMPTS):
            item = self._table.get(pk, sk)
            if item is None:
                raise UserNotFoundError(user_id)
            version = item.get("version")
            updated = {
                **item,
                **changes,
                "token_version": int(item.get("token_version", 0)) + 1,
                "version": int(version or 0) + 1,
            }
            condition = VersionIs(version) if isinstance(version, int) else MustExist()
            try:
                self._table.put(updated, condition=condition)
            except ConditionFailedError:
                continue  # changed meanwhile: read again
            return _user(updated)
        raise ConditionFailedError(f"user {user_id} kept changing; try again")


_PROFILE_FIELDS = (
    "name",
    "soul_document",
    "plan",
    "created_at",
    "timezone",
    "trades",
    "service_area",
    "trial_ends_at",
    "message_limit",
    "soul_version",
    "invite_id",
)


def _profile(tenant: Tenant) -> dict[str, Any]:
    return {
        name: list(value) if isinstance(value, tuple) else value
        for name in _PROFILE_FIELDS
        for value in (getattr(tenant, name),)
    }


def _tenant(tenant_id: str, item: dict[str, Any]) -> Tenant:
    limit = item.get("message_limit")
    ends = item.get("trial_ends_at")
    return Tenant(
        tenant_id=tenant_id,
        name=item["name"],
        soul_document=item["soul_document"],
        plan=item.get("plan", "trial"),
        created_at=item.get("created_at", 0.0),
        timezone=item.get("timezone") or "UTC",
        trades=tuple(item.get("trades") or ()),
        service_area=item.get("service_area") or "",
        trial_ends_at=None if ends is None else float(ends),
        message_limit=None if limit is None else int(limit),
        soul_version=int(item.get("soul_version") or 0),
        invite_id=item.get("invite_id") or "",
    )


def _user(item: dict[str, Any]) -> User:
    return User(
        user_id=item["sk"],
        tenant_id=item["tenant_id"],
        email=item["email"],
        name=item["name"],
        role=item["role"],
        password_hash=item["password_hash"],
        created_at=item.get("created_at", 0.0),
        token_version=int(item.get("token_version", 0)),
    )

"""Tenants (contracting companies) and their users."""

from __future__ import annotations

from dataclasses import dataclass

from hard_e.tenancy.roles import Role

__all__ = ["Role", "Tenant", "User"]


@dataclass(frozen=True)
class Tenant:
    tenant_id: str
    name: str
    soul_document: str
    plan: str = "trial"  # "trial" | "paid" | "operators" (Hard-E's own people)
    created_at: float = 0.0
    timezone: str = "UTC"
    """IANA name; every "today", "tomorrow" and "10 days ago" of the company is in it."""
    trades: tuple[str, ...] = ()
    service_area: str = ""
    trial_ends_at: float | None = None
    message_limit: int | None = None  # messages a trial may use; None: no limit
    soul_version: int = 0
    invite_id: str = ""  # the invite the company came from (operators' view)

    @property
    def is_operators(self) -> bool:
        return self.plan == "operators"


@dataclass(frozen=True)
class User:
    user_id: str
    tenant_id: str
    email: str
    name: str
    role: Role
    password_hash: str
    created_at: float = 0.0
    token_version: int = 0
    """Moves on every logout, password change and role change: older tokens stop working."""

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else self.email.split("@")[0]

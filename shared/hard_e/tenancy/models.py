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
    plan: str = "trial"
    created_at: float = 0.0
    timezone: str = "America/New_York"
    """IANA name: what "today", "tomorrow" and "next Tuesday" mean for this company."""


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

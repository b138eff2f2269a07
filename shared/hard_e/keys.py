"""Tenant-first table keys (ARCHITECTURE.md, "Data"). The only place key strings are built."""

from __future__ import annotations

import hashlib

from hard_e.ids import is_tenant_id


def tenant_pk(tenant_id: str, kind: str) -> str:
    """``T#<tenant>#<KIND>``; refuses anything that is not a generated tenant id."""
    if not is_tenant_id(tenant_id):
        raise ValueError("not a tenant id")
    return f"T#{tenant_id}#{kind}"


def tenant_profile(tenant_id: str) -> tuple[str, str]:
    return tenant_pk(tenant_id, "TENANT"), "PROFILE"


def user(tenant_id: str, user_id: str) -> tuple[str, str]:
    return tenant_pk(tenant_id, "USER"), user_id


def email_claim(email: str) -> tuple[str, str]:
    """Deployment-wide uniqueness claim for a login email (not tenant data: only ids)."""
    return f"EMAIL#{email}", "CLAIM"


def email_index(email: str) -> str:
    return f"EMAIL#{email}"


def session(tenant_id: str, session_id: str) -> str:
    return tenant_pk(tenant_id, f"SESSION#{session_id}")


def counter(tenant_id: str, name: str, window: str) -> tuple[str, str]:
    return tenant_pk(tenant_id, "COUNTER"), f"{name}#{window}"


def login_attempts(kind: str, *values: str) -> tuple[str, str]:
    """A login-attempt log (the tenant is not known before login). Keyed by a digest, so
    no email or address appears in a key."""
    digest = hashlib.sha256("\n".join(values).encode("utf-8")).hexdigest()[:32]
    return f"LOGIN#{kind}#{digest}", "ATTEMPTS"

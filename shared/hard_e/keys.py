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


TENANT_REGISTRY = "TENANTS"
OPERATORS = "OPERATORS"


def tenant_registry(tenant_id: str) -> tuple[str, str]:
    """The deployment's list of companies (only ids), for operators; removed on offboarding."""
    if not is_tenant_id(tenant_id):
        raise ValueError("not a tenant id")
    return TENANT_REGISTRY, tenant_id


def operators_tenant() -> tuple[str, str]:
    """Which tenant holds Hard-E's operators (their users, invites they create)."""
    return OPERATORS, "TENANT"


def user(tenant_id: str, user_id: str) -> tuple[str, str]:
    return tenant_pk(tenant_id, "USER"), user_id


def email_claim(email: str) -> tuple[str, str]:
    """Deployment-wide uniqueness claim for a login email (not tenant data: only ids)."""
    return f"EMAIL#{email}", "CLAIM"


def email_index(email: str) -> str:
    return f"EMAIL#{email}"


def session(tenant_id: str, session_id: str) -> str:
    return tenant_pk(tenant_id, f"SESSION#{session_id}")


def sessions_of(tenant_id: str, user_id: str) -> str:
    """gsi1 partition of one person's conversations (their list of past sessions)."""
    return tenant_pk(tenant_id, f"SESSIONS#BY#{user_id}")


def counter(tenant_id: str, name: str, window: str) -> tuple[str, str]:
    return tenant_pk(tenant_id, "COUNTER"), f"{name}#{window}"


def login_attempts(kind: str, *values: str) -> tuple[str, str]:
    """A login-attempt log (the tenant is not known before login). Keyed by a digest, so
    no email or address appears in a key."""
    digest = hashlib.sha256("\n".join(values).encode("utf-8")).hexdigest()[:32]
    return f"LOGIN#{kind}#{digest}", "ATTEMPTS"


def api_key(tenant_id: str, key_id: str) -> tuple[str, str]:
    """An API key's record (hash only). The key id begins with the tenant id, so a
    presented key is found under its company's own partition: no global lookup."""
    return tenant_pk(tenant_id, "APIKEY"), key_id


def idempotency(tenant_id: str, record_key: str) -> tuple[str, str]:
    """The stored first answer to a tools call sent with an ``idempotency_key``."""
    return tenant_pk(tenant_id, "IDEMPOTENCY"), record_key


def audit_by_actor(tenant_id: str, actor: str) -> str:
    """gsi1 partition of one key's (or user's) audit events, across months."""
    return tenant_pk(tenant_id, f"AUDIT#BY#{actor}")


def approvals_by_status(tenant_id: str, status: str) -> str:
    """gsi1 partition of a company's approvals in one stored status; sort key
    ``<requester>#<approval id>`` so one requester's are a prefix, newest last."""
    return tenant_pk(tenant_id, f"APPROVALS#{status}")


# Partitions outside ``T#<tenant>#``: each needs its own IAM grant (infra). Issue 12 (API
# keys, rate limits, idempotency, audit, approvals index, the Leap budget) adds NONE: all
# of it lives under the company's own prefix. The one read a key needs before its
# company is verified is a GetItem on ``T#<tenant>#APIKEY`` (the tenant taken from the
# presented key id), the same shape as the login's read of ``T#<tenant>#USER``.
GLOBAL_PARTITIONS: tuple[tuple[str, str], ...] = (
    ("EMAIL#<email>", "login email claim and gsi1 lookup"),
    ("LOGIN#<kind>#<digest>", "failed-login brake, before any company is known"),
    ("LEARN#QUEUE", "sessions waiting to be learned from (hard_e.memory.sessions)"),
    ("TENANTS", "ids of every company, for operators' company list (hard_e.tenancy)"),
    ("OPERATORS", "the id of the operators' own tenant (hard_e.tenancy.operators)"),
)

"""Tenants, users and soul documents."""

from hard_e.tenancy.directory import TenantDirectory, normalise_email
from hard_e.tenancy.exceptions import (
    EmailTakenError,
    TenancyError,
    TenantNotFoundError,
    UserNotFoundError,
)
from hard_e.tenancy.models import Role, Tenant, User
from hard_e.tenancy.soul import default_soul

__all__ = [
    "EmailTakenError",
    "Role",
    "TenancyError",
    "Tenant",
    "TenantDirectory",
    "TenantNotFoundError",
    "User",
    "UserNotFoundError",
    "default_soul",
    "normalise_email",
]

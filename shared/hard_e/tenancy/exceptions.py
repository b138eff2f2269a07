"""Errors of the tenancy package."""

from __future__ import annotations


class TenancyError(Exception):
    """Base class."""


class EmailTakenError(TenancyError):
    """A user with that login email already exists (in any tenant)."""


class TenantNotFoundError(TenancyError):
    """No tenant has that id."""


class UserNotFoundError(TenancyError):
    """No such user in this tenant."""

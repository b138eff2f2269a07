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


class TrialEndedError(TenancyError):
    """The company's trial is over (days or messages used up); its data is kept."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        self.reason = reason  # "expired" | "messages"


class InviteError(TenancyError):
    """An invite that cannot be used; ``status`` is the HTTP answer it deserves."""

    def __init__(self, message: str, *, code: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.status = status

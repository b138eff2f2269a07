"""CRM errors: what went wrong, in words a rep or admin can act on."""

from __future__ import annotations

import math


class CrmError(Exception):
    """Base class. ``str(exc)`` is safe to show to users (never contains credentials)."""


class CrmAuthError(CrmError):
    """401/403: the CRM token is wrong, revoked or lacks permission. Never retried."""


class CrmNotFoundError(CrmError):
    """404: no such record."""


class CrmValidationError(CrmError):
    """422: the CRM refused the data; ``fields`` maps field name → problem."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


class CrmRateLimitedError(CrmError):
    """Still rate-limited after backing off, or no slot of the account's request budget
    frees up within the time the call has left. ``retry_after``: whole seconds until one
    will (None when unknown)."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


def leap_busy(wait: float) -> CrmRateLimitedError:
    """What a rep (and an agent) is told when Leap's budget is used up for now and a
    slot frees in ``wait`` seconds (told in whole seconds, at least one)."""
    retry_after = max(1, math.ceil(wait))
    seconds = "1 second" if retry_after == 1 else f"{retry_after} seconds"
    return CrmRateLimitedError(f"Leap is busy, try again in {seconds}.", retry_after)


class CrmUnavailableError(CrmError):
    """5xx or network failure after retries, or a write whose outcome is unknown."""


class CrmOutcomeUnknownError(CrmUnavailableError):
    """A write reached the CRM but no answer came back, and checking for the record did
    not settle it either: it may or may not have happened. Never retried by itself."""

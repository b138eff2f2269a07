"""Errors of the auth package. Messages are safe to show to the caller."""

from __future__ import annotations


class AuthError(Exception):
    """Base class."""


class InvalidCredentialsError(AuthError):
    """Wrong email or password (deliberately not saying which)."""


class TooManyAttemptsError(AuthError):
    """Too many failed logins lately; ``retry_after`` seconds until the next try."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("too many failed logins; try again later")
        self.retry_after = retry_after


class InvalidTokenError(AuthError):
    """A token that is malformed, forged, for another audience, or names no live user."""


class TokenExpiredError(InvalidTokenError):
    """A genuine token past its expiry."""


class TokenRevokedError(InvalidTokenError):
    """A genuine token whose user was removed, changed role or password, or logged out."""

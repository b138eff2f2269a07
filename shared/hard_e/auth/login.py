"""Logging in: email + password → a session token, with a brake on guessing."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from functools import cache

from hard_e import keys
from hard_e.auth.exceptions import InvalidCredentialsError, TooManyAttemptsError
from hard_e.auth.passwords import hash_password, verify_password
from hard_e.auth.tokens import IssuedToken, TokenService
from hard_e.storage import CeilingReachedError, Table
from hard_e.tenancy import TenantDirectory, User, normalise_email


@cache
def _dummy_hash(rounds: int) -> str:
    """Checked when the email is unknown, so both paths cost one bcrypt check and the
    response time does not reveal which emails have accounts."""
    return hash_password("not a real password", rounds=rounds)


@dataclass(frozen=True)
class LoginResult:
    user: User
    token: IssuedToken


class LoginService:
    def __init__(
        self,
        directory: TenantDirectory,
        tokens: TokenService,
        table: Table,
        *,
        failures_per_window: int = 10,
        window_seconds: int = 900,
        bcrypt_rounds: int = 12,
    ) -> None:
        self._directory = directory
        self._tokens = tokens
        self._table = table
        self._max_failures = failures_per_window
        self._window = window_seconds
        self._rounds = bcrypt_rounds

    def login(self, email: str, password: str) -> LoginResult:
        email = normalise_email(email)
        counter_key, window_end = self._throttle_key(email)
        current = self._table.get(*counter_key)
        if current and current.get("count", 0) >= self._max_failures:
            raise TooManyAttemptsError(retry_after=max(1, window_end - int(self._table.now())))
        user = self._directory.find_user_by_email(email)
        if user is None:
            verify_password(password, _dummy_hash(self._rounds))
        elif verify_password(password, user.password_hash):
            return LoginResult(user=user, token=self._tokens.issue(user))
        self._record_failure(counter_key, window_end)
        raise InvalidCredentialsError("wrong email or password")

    def _throttle_key(self, email: str) -> tuple[tuple[str, str], int]:
        now = int(self._table.now())
        window_start = now - now % self._window
        return keys.login_throttle(email, str(window_start)), window_start + self._window

    def _record_failure(self, key: tuple[str, str], window_end: int) -> None:
        with contextlib.suppress(CeilingReachedError):  # already blocked for this window
            self._table.increment(*key, ceiling=self._max_failures, ttl=window_end)

"""Logging in: email + password → a session token, with a brake on guessing."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from hard_e.auth.exceptions import InvalidCredentialsError
from hard_e.auth.passwords import hash_password, verify_password
from hard_e.auth.throttle import Limit, LoginThrottle
from hard_e.auth.tokens import IssuedToken, TokenService
from hard_e.storage import Table
from hard_e.tenancy import TenantDirectory, User, normalise_email
from hard_e.tenancy.scope import bind_tenant


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
    """Checks a password only after the attempt is on record (see :mod:`.throttle`)."""

    def __init__(
        self,
        directory: TenantDirectory,
        tokens: TokenService,
        table: Table,
        *,
        failures_per_window: int = 10,
        window_seconds: int = 3600,
        failures_per_address: int = 20,
        failures_per_account: int = 50,
        backoff_seconds: float = 30.0,
        max_backoff_seconds: float = 900.0,
        bcrypt_rounds: int = 12,
    ) -> None:
        self._directory = directory
        self._tokens = tokens
        self._rounds = bcrypt_rounds

        def limit(name: str, free: int) -> Limit:
            return Limit(name, free, window_seconds, backoff_seconds, max_backoff_seconds)

        self._throttle = LoginThrottle(
            table,
            pair=limit("account from this address", failures_per_window),
            address=limit("address", failures_per_address),
            account=limit("account", failures_per_account),
        )

    def login(self, email: str, password: str, *, client_address: str = "") -> LoginResult:
        """A token for the right password; InvalidCredentialsError or TooManyAttemptsError."""
        email = normalise_email(email)
        reservation = self._throttle.reserve(email, client_address)
        found = self._directory.find_login(email)
        if found is not None:  # from now on storage acts for that company only
            bind_tenant(found[0])
        user = self._directory.get_user(*found) if found else None
        if user is None:
            verify_password(password, _dummy_hash(self._rounds))
        elif verify_password(password, user.password_hash):
            self._throttle.succeeded(reservation)
            return LoginResult(user=user, token=self._tokens.issue(user))
        raise InvalidCredentialsError("wrong email or password")

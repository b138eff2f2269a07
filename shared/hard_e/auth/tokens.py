"""Short-lived session tokens (JWT, HS256). The tenant id comes from here and nowhere else.

:meth:`TokenService.verify` proves a token is ours and unexpired; whether its user still
exists with that role and token version is :class:`~hard_e.auth.authenticator.Authenticator`'s
job, on every request.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from hard_e.auth.api_keys import KeyScope
from hard_e.auth.exceptions import InvalidTokenError, TokenExpiredError
from hard_e.auth.signing_keys import SigningKeySource
from hard_e.ids import is_tenant_id
from hard_e.tenancy.models import Role, User
from hard_e.tenancy.roles import administers_company, is_role

ISSUER = "hard-e"
AUDIENCE = "hard-e-api"
ALGORITHM = "HS256"


def _pyjwt_for_hmac() -> ModuleType:
    """PyJWT, imported without ``cryptography`` when nothing has loaded that yet.

    PyJWT imports ``cryptography`` (x509, RSA, EC, EdDSA: 40–90 ms of a Lambda cold
    start) only to offer the public-key algorithms, and falls back to HMAC alone when it
    is missing (``jwt.algorithms.has_crypto``). Hard-E's tokens are HS256 with a shared
    secret, so the public-key half is never used. ``cryptography`` is hidden for the
    length of PyJWT's import only; anything importing it later gets it as usual."""
    if "jwt" in sys.modules or "cryptography" in sys.modules:
        import jwt

        return jwt
    sys.modules["cryptography"] = None  # type: ignore[assignment]  # "not installed"
    try:
        import jwt
    finally:
        del sys.modules["cryptography"]
    return jwt


jwt = _pyjwt_for_hmac()


@dataclass(frozen=True)
class Principal:
    """Who is calling, as proven by a verified token."""

    tenant_id: str
    user_id: str
    role: Role
    email: str
    token_version: int = 0
    key_id: str | None = None  # an API key (automation agent), not a person
    scope: KeyScope | None = None  # what that key may do
    name: str = ""  # the key's name, shown as the speaker of an agent conversation

    @property
    def is_admin(self) -> bool:
        return self.key_id is None and administers_company(self.role)

    @property
    def is_agent(self) -> bool:
        return self.key_id is not None


@dataclass(frozen=True)
class IssuedToken:
    token: str
    expires_at: int


class TokenService:
    def __init__(
        self,
        keys: SigningKeySource,
        *,
        ttl_seconds: int = 3600,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._keys = keys
        self._ttl = ttl_seconds
        self._clock = clock

    def issue(self, user: User) -> IssuedToken:
        now = int(self._clock())
        expires_at = now + self._ttl
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": user.user_id,
            "tid": user.tenant_id,
            "role": user.role,
            "email": user.email,
            "ver": user.token_version,
            "iat": now,
            "nbf": now,
            "exp": expires_at,
        }
        return IssuedToken(jwt.encode(claims, self._keys.key(), algorithm=ALGORITHM), expires_at)

    def verify(self, token: str) -> Principal:
        try:
            claims = self._decode(token, self._keys.key())
        except jwt.InvalidSignatureError:
            # maybe signed with a key rotated in since this container read its own
            fresh = self._keys.refreshed()
            if fresh is None:
                raise InvalidTokenError("token is not valid") from None
            try:
                claims = self._decode(token, fresh)
            except jwt.PyJWTError:
                raise InvalidTokenError("token is not valid") from None
        except jwt.PyJWTError:
            raise InvalidTokenError("token is not valid") from None
        now = self._clock()
        exp, nbf = claims.get("exp"), claims.get("nbf", claims.get("iat"))
        if not isinstance(exp, int) or not isinstance(nbf, int):
            raise InvalidTokenError("token is not valid")
        if exp <= now:
            raise TokenExpiredError("token has expired")
        if nbf > now + 60:  # a minute of clock skew between Lambdas is tolerated
            raise InvalidTokenError("token is not valid yet")
        tenant_id, role = claims.get("tid"), claims.get("role")
        if not isinstance(tenant_id, str) or not is_tenant_id(tenant_id):
            raise InvalidTokenError("token is not valid")
        if not is_role(role):
            raise InvalidTokenError("token is not valid")
        version = claims.get("ver", 0)
        if isinstance(version, bool) or not isinstance(version, int):
            raise InvalidTokenError("token is not valid")
        return Principal(
            tenant_id=tenant_id,
            user_id=str(claims["sub"]),
            role=role,
            email=str(claims["email"]),
            token_version=version,
        )

    @staticmethod
    def _decode(token: str, key: bytes) -> dict[str, Any]:
        claims: dict[str, Any] = jwt.decode(
            token,
            key,
            algorithms=[ALGORITHM],
            audience=AUDIENCE,
            issuer=ISSUER,
            # Time claims are checked in verify against our own clock (frozen in tests).
            options={
                "require": ["exp", "iat", "sub", "tid", "iss", "aud"],
                "verify_exp": False,
                "verify_nbf": False,
                "verify_iat": False,
            },
        )
        return claims

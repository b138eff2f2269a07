"""Who is calling: a verified token, checked against the live user on every request.

A token is honoured only while its user exists with the role and token version it was
issued under; removing a user, changing their role or password, and logging out move
the version on, so older tokens stop at their very next request.

There is deliberately no cache of the live check: a cache in one Lambda instance cannot
hear that another instance removed the user, so a removed admin's token would keep
working there until the entry aged out. One strongly consistent read per request is
the price (a single-digit-millisecond GetItem).
"""

from __future__ import annotations

from hard_e.auth.exceptions import InvalidTokenError, TokenRevokedError
from hard_e.auth.tokens import Principal, TokenService
from hard_e.tenancy import TenantDirectory
from hard_e.tenancy.scope import bind_tenant


class Authenticator:
    """The one check every entry point uses: HTTP routes, the voice signalling, API keys."""

    def __init__(self, tokens: TokenService, directory: TenantDirectory) -> None:
        self._tokens = tokens
        self._directory = directory

    def authenticate(self, token: str) -> Principal:
        """The caller behind ``token``; InvalidTokenError (or a subclass) otherwise."""
        claimed = self._tokens.verify(token)
        bind_tenant(claimed.tenant_id)  # signature checked: storage acts for it alone
        user = self._directory.get_user(claimed.tenant_id, claimed.user_id)
        if user is None:
            raise TokenRevokedError("this account no longer exists")
        if user.token_version != claimed.token_version or user.role != claimed.role:
            raise TokenRevokedError("this session has ended; log in again")
        return Principal(
            tenant_id=user.tenant_id,
            user_id=user.user_id,
            role=user.role,
            email=user.email,
            token_version=user.token_version,
        )

    def logout(self, principal: Principal) -> None:
        """End every session of this user: all their tokens stop working now."""
        self._directory.revoke_tokens(principal.tenant_id, principal.user_id)


__all__ = ["Authenticator", "InvalidTokenError"]

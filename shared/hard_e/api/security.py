"""Who is calling an HTTP route: the bearer token check and the current principal.

Routers import :func:`current_principal` and :data:`BEARER` from here, never from
:mod:`hard_e.api.app`, so no router depends on the app that includes it. Other entry
points (the voice worker's signalling, later API keys) call :func:`authenticate`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from aws_lambda_powertools.event_handler.openapi.models import HTTPBearer

from hard_e.api.errors import Unauthorized
from hard_e.auth import InvalidTokenError, Principal, TokenExpiredError, TokenRevokedError
from hard_e.bootstrap import services

SECURITY_SCHEMES: dict[str, Any] = {"bearer": HTTPBearer(bearerFormat="JWT")}
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]  # OpenAPI "security" of protected routes

_principal: ContextVar[Principal | None] = ContextVar("principal", default=None)


def current_principal() -> Principal:
    """The verified caller of the current request (a Powertools ``Depends`` target)."""
    principal = _principal.get()
    if principal is None:  # only reachable if a public route asks for a principal
        raise Unauthorized("a bearer token is required")
    return principal


@contextmanager
def acting_as(principal: Principal) -> Iterator[Principal]:
    """Make ``principal`` the caller for the routes run inside the block."""
    token = _principal.set(principal)
    try:
        yield principal
    finally:
        _principal.reset(token)


def bearer_token(headers: Mapping[str, str] | None) -> str:
    """The token of an ``Authorization: Bearer …`` header (any header case), or ''."""
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    scheme, _, token = lowered.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def authenticate(token: str) -> Principal:
    """The live caller behind a bearer token, or Unauthorized (401) saying why not."""
    if not token:
        raise Unauthorized("a bearer token is required")
    try:
        return services().authenticator.authenticate(token)
    except TokenExpiredError:
        raise Unauthorized("the token has expired; log in again", code="token_expired") from None
    except TokenRevokedError as exc:
        raise Unauthorized(f"{exc}", code="token_revoked") from None
    except InvalidTokenError:
        raise Unauthorized("the token is not valid", code="invalid_token") from None

"""Who is calling an HTTP route: a person's bearer token or an agent's API key, and the
current principal.

Routers import :func:`current_principal` and :data:`BEARER` from here, never from
:mod:`hard_e.api.app`, so no router depends on the app that includes it. Every entry
point authenticates through :func:`authenticate_request` (HTTP routes, MCP) or
:func:`authenticate` (the voice worker's signalling: tokens only).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from hard_e.api.errors import Forbidden, TooManyRequests, Unauthorized
from hard_e.auth import InvalidTokenError, Principal, TokenExpiredError, TokenRevokedError
from hard_e.auth.api_keys import PREFIX, ApiKey, ApiKeyError
from hard_e.auth.rate_limits import Admission
from hard_e.bootstrap import services
from hard_e.tenancy.roles import runs_hard_e
from hard_e.tenancy.scope import bind_tenant

API_KEY_HEADER = "X-Api-Key"


def security_schemes() -> dict[str, Any]:
    """The OpenAPI security schemes (built only for the OpenAPI document: Powertools'
    OpenAPI models are a large import no request path needs)."""
    from aws_lambda_powertools.event_handler.openapi.models import APIKey, APIKeyIn, HTTPBearer

    return {
        "bearer": HTTPBearer(bearerFormat="JWT"),
        "apiKey": APIKey.model_validate({"in": APIKeyIn.header, "name": API_KEY_HEADER}),
    }


BEARER: list[dict[str, list[str]]] = [{"bearer": []}]  # OpenAPI "security" of protected routes
BEARER_OR_KEY: list[dict[str, list[str]]] = [{"bearer": []}, {"apiKey": []}]  # agents too

_principal: ContextVar[Principal | None] = ContextVar("principal", default=None)


def current_principal() -> Principal:
    """The verified caller of the current request (a Powertools ``Depends`` target)."""
    principal = _principal.get()
    if principal is None:  # only reachable if a public route asks for a principal
        raise Unauthorized("a bearer token is required")
    return principal


OPERATORS_NOT_COMPANY = (
    "operators run Hard-E and have no company to work in: chat, conversations and "
    "a company's data are for its own people (use the Companies page)"
)


def check_audience(principal: Principal, audience: str) -> None:
    """Refuse a caller the route is not for (see :data:`hard_e.api.routes.Audience`),
    before the body is validated or the route runs, so a refused call uses nothing of
    any trial and writes nothing: operators on a company's routes (403
    ``operators_not_company``), anyone but a company admin on its admin routes (403
    ``admins_only``). Operator routes check their caller themselves too."""
    if audience in ("company", "admins") and runs_hard_e(principal.role):
        raise Forbidden(OPERATORS_NOT_COMPANY, code="operators_not_company")
    if audience == "admins" and not principal.is_admin:
        raise Forbidden("only company admins may do this", code="admins_only")
    if audience == "operators" and (principal.is_agent or not runs_hard_e(principal.role)):
        raise Forbidden("only Hard-E's operators may do this", code="operators_only")


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


def api_key_of(headers: Mapping[str, str] | None) -> str:
    """The API key of a request: ``X-Api-Key``, or a bearer token that is one (MCP
    clients often only know how to send ``Authorization: Bearer``)."""
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    key = lowered.get(API_KEY_HEADER.lower(), "").strip()
    if key:
        return key
    token = bearer_token(headers)
    return token if token.startswith(f"{PREFIX}_") else ""


def authenticate_key(secret: str) -> tuple[Principal, ApiKey]:
    """The agent behind an API key, read fresh from the table (a revoked key stops at
    its very next request, whichever instance serves it), or Unauthorized."""
    try:
        key = services().api_keys.verify(secret)
    except ApiKeyError as exc:
        code = "api_key_revoked" if "revoked" in exc.reason else "invalid_api_key"
        raise Unauthorized(exc.reason, code=code) from None
    bind_tenant(key.tenant_id)  # the key's hash matched: storage acts for its company alone
    if services().directory.get_tenant(key.tenant_id).is_operators:
        # a key made in the operators' own tenant (possible before operators were kept
        # off company routes) works in no company: refuse it like an operator's token
        raise Forbidden(OPERATORS_NOT_COMPANY, code="operators_not_company")
    principal = Principal(
        tenant_id=key.tenant_id,
        user_id=key.key_id,
        role="rep",
        email="",
        key_id=key.key_id,
        scope=key.scope,
        name=key.name,
    )
    return principal, key


def authenticate_request(
    headers: Mapping[str, str] | None, *, agents: bool
) -> tuple[Principal, ApiKey | None]:
    """The caller of a request: an API key when one is sent (only where ``agents`` may
    call), otherwise the bearer token of a person."""
    secret = api_key_of(headers)
    if not secret:
        return authenticate(bearer_token(headers)), None
    if not agents:
        raise Forbidden("API keys cannot use this route: it needs a person's login")
    return authenticate_key(secret)


def admit(key: ApiKey, route: str, *, converse: bool = False) -> Admission:
    """Count the call against the key's per-minute limit (and, for conversations, the
    key's own conversation limit); TooManyRequests with Retry-After when over it."""
    limits = services().rate_limits
    admission = limits.admit(key.tenant_id, f"key#{key.key_id}", limit=key.rate_limit)
    if admission.allowed and converse:
        admission = limits.admit(
            key.tenant_id, f"key#{key.key_id}#{route}", limit=key.converse_limit
        )
    if not admission.allowed:
        raise TooManyRequests(
            f"this API key is over its limit; try again in {admission.retry_after} s",
            code="rate_limited",
            headers=admission.headers(),
        )
    return admission

"""API keys for automation agents: company admins create, list and revoke them."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Depends, Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.errors import Forbidden, NotFound, ValidationFailed
from hard_e.api.models import ApiKeyCreate, ApiKeyCreated, ApiKeyList, ApiKeyOut
from hard_e.api.security import BEARER, current_principal
from hard_e.auth import Principal
from hard_e.auth.api_keys import KeyScope
from hard_e.bootstrap import services

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
Caller = Annotated[Principal, Depends(current_principal)]


def _admin(principal: Principal) -> None:
    if not principal.is_admin:
        raise Forbidden("only company admins manage API keys")


@router.post(
    "/api/v1/api-keys",
    summary="Create an API key (the secret is shown once, in this answer only)",
    tags=["api-keys"],
    security=BEARER,
)
def create_key(body: ApiKeyCreate, principal: Caller) -> Response[ApiKeyCreated]:
    _admin(principal)
    tools = body.scopes.tools
    if tools is not None:
        registry = services().tools.gate.registry
        unknown = sorted(t for t in tools if t not in registry)
        if unknown:
            raise ValidationFailed(f"no such tools: {', '.join(unknown)}", code="unknown_tool")
    issued = services().api_keys.create(
        principal.tenant_id,
        name=body.name.strip() or "API key",
        scope=KeyScope(
            tiers=frozenset(body.scopes.tiers),
            tools=frozenset(tools) if tools is not None else None,
            converse=body.scopes.converse,
        ),
        created_by=principal.user_id,
        rate_limit=body.rate_limit_per_minute or services().settings.api_key_rate_limit,
        **({"converse_limit": body.converse_per_minute} if body.converse_per_minute else {}),
    )
    created = ApiKeyCreated(key=ApiKeyOut(**issued.key.public()), secret=issued.secret)
    return Response(
        201,
        content_types.APPLICATION_JSON,
        created,
        headers={"Cache-Control": "no-store"},  # the secret must not linger in a cache
    )


@router.get(
    "/api/v1/api-keys", summary="The company's API keys", tags=["api-keys"], security=BEARER
)
def list_keys(principal: Caller) -> ApiKeyList:
    _admin(principal)
    found = services().api_keys.list(principal.tenant_id)
    return ApiKeyList(keys=[ApiKeyOut(**k.public()) for k in found])


@router.delete(
    "/api/v1/api-keys/<key_id>",
    summary="Revoke a key: its very next request is refused",
    tags=["api-keys"],
    security=BEARER,
)
def revoke_key(key_id: str, principal: Caller) -> ApiKeyOut:
    _admin(principal)
    revoked = services().api_keys.revoke(principal.tenant_id, key_id, by=principal.user_id)
    if revoked is None:
        raise NotFound("no such API key", code="api_key_not_found")
    return ApiKeyOut(**revoked.public())

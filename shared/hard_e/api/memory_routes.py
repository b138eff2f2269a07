"""GET /api/v1/memory and DELETE /api/v1/memory/{id}: what Hard-E has learned."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Depends
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.errors import Forbidden, NotFound, ValidationFailed
from hard_e.api.security import BEARER, current_principal
from hard_e.auth import Principal
from hard_e.bootstrap import services
from hard_e.memory.recall import recall
from hard_e.memory.store import MemoryNotFoundError, public

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
Caller = Annotated[Principal, Depends(current_principal)]
CATEGORIES = {
    "company_fact",
    "decision",
    "action_item",
    "user_preference",
    "learned_pattern",
    "tool_knowledge",
}


@router.get(
    "/api/v1/memory",
    summary="What Hard-E knows about this company (and you)",
    tags=["memory"],
    security=BEARER,
)
def list_memory(
    principal: Caller,
    query: Annotated[str, Query(max_length=300)] = "",
    category: Annotated[str | None, Query(max_length=40)] = None,
    include_inactive: bool = False,
) -> dict[str, Any]:
    if category is not None and category not in CATEGORIES:
        raise ValidationFailed(f"category must be one of {', '.join(sorted(CATEGORIES))}")
    items = services().memory.visible(
        principal.tenant_id, principal.user_id, active_only=not include_inactive
    )
    if category is not None:
        items = [m for m in items if m.category == category]
    if query.strip():
        items = recall(query, items, user_id=principal.user_id, budget_chars=20_000, limit=100)
    return {"memories": [public(m) for m in items]}


@router.delete(
    "/api/v1/memory/<memory_id>",
    summary="Delete a memory (admins)",
    tags=["memory"],
    security=BEARER,
)
def delete_memory(memory_id: str, principal: Caller) -> dict[str, Any]:
    if not principal.is_admin:
        raise Forbidden("only admins can delete what Hard-E has learned")
    store = services().memory
    try:
        store.delete(principal.tenant_id, memory_id)  # any item of the admin's own company
    except MemoryNotFoundError:
        raise NotFound("no such memory", code="memory_not_found") from None
    return {"deleted": memory_id}

"""What Hard-E has learned: list it, and (admins) confirm or delete an item.

A company-wide price, discount, rule or instruction a rep stated waits as ``pending``
until an admin confirms it (``POST /api/v1/memory/{id}/confirm``) or deletes it.
"""

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
STATUSES = {"active", "pending", "ended"}
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
    status: Annotated[str | None, Query(max_length=20)] = None,
) -> dict[str, Any]:
    if category is not None and category not in CATEGORIES:
        raise ValidationFailed(f"category must be one of {', '.join(sorted(CATEGORIES))}")
    if status is not None and status not in STATUSES:
        raise ValidationFailed(f"status must be one of {', '.join(sorted(STATUSES))}")
    if status == "pending" and not principal.is_admin:
        raise Forbidden("only admins see what waits for confirmation")
    store = services().memory
    if status == "pending":
        items = store.pending(principal.tenant_id)
    else:
        everything = include_inactive or status is not None
        items = store.visible(principal.tenant_id, principal.user_id, active_only=not everything)
        if status is not None:
            items = [m for m in items if m.status == status]
    if category is not None:
        items = [m for m in items if m.category == category]
    if query.strip() and status is None:
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


@router.post(
    "/api/v1/memory/<memory_id>/confirm",
    summary="Confirm a pending memory so Hard-E uses it (admins)",
    tags=["memory"],
    security=BEARER,
)
def confirm_memory(memory_id: str, principal: Caller) -> dict[str, Any]:
    if not principal.is_admin:
        raise Forbidden("only admins can confirm what Hard-E uses for the whole company")
    try:
        confirmed = services().memory.confirm(principal.tenant_id, memory_id, by=principal.user_id)
    except MemoryNotFoundError:
        raise NotFound("no such memory", code="memory_not_found") from None
    return {"memory": public(confirmed)}

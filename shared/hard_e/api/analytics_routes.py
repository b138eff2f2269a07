"""GET /api/v1/analytics: the figures behind the admins' analytics page."""

from __future__ import annotations

from typing import Annotated, Any

from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.company_routes import Admin
from hard_e.api.security import BEARER
from hard_e.bootstrap import services
from hard_e.tenancy.analytics import TurnLog, direct_calls, summarise

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
DAY = 86_400


@router.get(
    "/api/v1/analytics",
    summary="Conversations per day, tool calls by tier and channel, approvals, response "
    "times, topics",
    tags=["analytics"],
    security=BEARER,
)
def analytics(caller: Admin, days: Annotated[int, Query(ge=1, le=365)] = 30) -> dict[str, Any]:
    svc = services()
    now = svc.table.now()
    since = now - days * DAY
    tenant = svc.directory.get_tenant(caller.tenant_id)
    counts = {"approved": 0, "denied": 0, "pending": 0}
    for status, bucket in (
        ("executed", "approved"),
        ("failed", "approved"),
        ("approved", "approved"),
        ("unconfirmed", "approved"),
        ("denied", "denied"),
        ("pending", "pending"),
    ):
        found, _ = svc.approvals.list(caller.tenant_id, status=status, limit=1000)
        counts[bucket] += sum(1 for a in found if a.created_at >= since)
    turns = TurnLog(svc.table).turns(caller.tenant_id, since)
    calls = direct_calls(svc.audit, caller.tenant_id, since)
    return summarise(
        turns, days=days, now=now, timezone=tenant.timezone, approvals=counts, calls=calls
    )

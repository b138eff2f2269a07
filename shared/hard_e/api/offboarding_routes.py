"""Operators export a company's data and delete the company."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.operator_routes import Operator, company_of
from hard_e.api.security import BEARER
from hard_e.bootstrap import services
from hard_e.tenancy.offboarding import Offboarding

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def _offboarding() -> Offboarding:
    svc = services()
    return Offboarding(svc.table, svc.blobs, svc.directory)


@router.get(
    "/api/v1/operator/companies/<tenant_id>/export",
    summary="Everything of a company as JSON, its documents base64 (secrets redacted)",
    tags=["operators"],
    security=BEARER,
)
def export(tenant_id: str, caller: Operator) -> Response[dict[str, Any]]:
    company_of(services(), tenant_id)
    body = _offboarding().export(tenant_id)
    return Response(
        200,
        content_types.APPLICATION_JSON,
        body,
        headers={
            "Content-Disposition": f'attachment; filename="hard-e-{tenant_id}.json"',
            "Cache-Control": "no-store",
        },
    )


@router.delete(
    "/api/v1/operator/companies/<tenant_id>",
    summary="Delete a company: every item and document; its people's tokens stop at once",
    tags=["operators"],
    security=BEARER,
)
def delete(tenant_id: str, caller: Operator) -> dict[str, Any]:
    company_of(services(), tenant_id)
    removed = _offboarding().delete(tenant_id, operators_tenant=caller.tenant_id)
    return {"deleted": tenant_id, "items": removed.items, "objects": removed.objects}

"""Operators export a company's data (a download link when it is too large to answer
with) and delete the company."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.operator_routes import Operator, company_of
from hard_e.api.security import BEARER
from hard_e.bootstrap import services
from hard_e.tenancy.offboarding import EXPORT_INLINE_BYTES, EXPORT_LINK_SECONDS, Offboarding

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


def _offboarding() -> Offboarding:
    svc = services()
    return Offboarding(svc.table, svc.blobs, svc.directory)


@router.get(
    "/api/v1/operator/companies/<tenant_id>/export",
    summary="Everything of a company as JSON, its documents base64 (secrets redacted); "
    "over 5 MB, a download link to the same JSON instead",
    tags=["operators"],
    security=BEARER,
)
def export(tenant_id: str, caller: Operator) -> Response[dict[str, Any]]:
    svc = services()
    company_of(svc, tenant_id)
    offboarding = _offboarding()
    body = offboarding.export(tenant_id)
    data = json.dumps(body, separators=(",", ":")).encode()
    filename = f"hard-e-{tenant_id}.json"
    if len(data) > EXPORT_INLINE_BYTES:  # too large for a Lambda's answer: a link to it
        key = offboarding.store_export(tenant_id, data)
        url = svc.blobs.presigned_download(
            key,
            filename=filename,
            content_type=content_types.APPLICATION_JSON,
            expires_in=EXPORT_LINK_SECONDS,
        )
        body = {
            "format": body["format"],
            "exported_at": body["exported_at"],
            "company": body["company"],
            "download_url": url,
            "expires_at": svc.table.now() + EXPORT_LINK_SECONDS,
            "size_bytes": len(data),
        }
    return Response(
        200,
        content_types.APPLICATION_JSON,
        body,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
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

"""GET /health and GET /api/v1/openapi.json."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.models import Health
from hard_e.api.security import SECURITY_SCHEMES

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]


@router.get("/health", summary="Liveness check", tags=["meta"])
def health() -> Health:
    return Health(status="ok")


@cache
def _openapi() -> dict[str, Any]:
    """The whole API's document: every function's routers on one resolver."""
    from hard_e.api.catalog import ROUTERS, routers_of

    everything = APIGatewayHttpResolver(enable_validation=True)
    for function_name in ROUTERS:
        for router_ in routers_of(function_name):
            everything.include_router(router_)
    text = everything.get_openapi_json_schema(
        title="Hard-E API",
        version="1.0.0",
        description="Voice-first AI sales director for contracting companies.",
        security_schemes=SECURITY_SCHEMES,
    )
    schema: dict[str, Any] = json.loads(text)
    return schema


@router.get("/api/v1/openapi.json", summary="This API's OpenAPI document", tags=["meta"])
def openapi() -> dict[str, Any]:
    return _openapi()

"""GET /health and GET /api/v1/openapi.json."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e.api.models import Health
from hard_e.api.security import security_schemes

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
        security_schemes=security_schemes(),
    )
    schema: dict[str, Any] = json.loads(text)
    _with_tool_inputs(schema)
    return schema


def _with_tool_inputs(schema: dict[str, Any]) -> None:
    """Every tool's input schema (the pydantic model the gate validates with) as a
    component, and a tool call documented as one of the tools with its own input: the
    contract the tools routes hold (ToolCall's fields, then the tool's model)."""
    from hard_e.api.models import ToolCall
    from hard_e.tools.catalogue import build_registry

    components = schema.setdefault("components", {}).setdefault("schemas", {})
    generic = components.get("ToolCall") or ToolCall.model_json_schema()
    key_field = generic["properties"]["idempotency_key"]
    variants = []
    for tool in build_registry().all():
        name = f"ToolInput_{tool.name}"
        components[name] = {**tool.input_schema(), "title": name}
        variants.append(
            {
                "type": "object",
                "title": f"Call {tool.name} ({tool.tier.value})",
                "properties": {
                    "tool": {"const": tool.name},
                    "input": {"$ref": f"#/components/schemas/{name}"},
                    "idempotency_key": key_field,
                },
                "required": ["tool"],
                "additionalProperties": False,
            }
        )
    components["ToolCall"] = {
        "title": "ToolCall",
        "description": generic.get("description", "One tool call"),
        "oneOf": variants,
    }


@router.get("/api/v1/openapi.json", summary="This API's OpenAPI document", tags=["meta"])
def openapi() -> dict[str, Any]:
    return _openapi()

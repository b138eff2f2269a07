"""Lambda entry point for /mcp: Hard-E's tools as an MCP server (see hard_e.mcp_server)."""

from __future__ import annotations

from typing import Any

from hard_e.api.app import logger
from hard_e.mcp_server import handle_event


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle_event(event, context)

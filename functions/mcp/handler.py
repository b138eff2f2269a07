"""Lambda entry point for /mcp: Hard-E's tools as an MCP server (see hard_e.mcp_server)."""

from __future__ import annotations

from typing import Any

from hard_e.mcp_server import handle_event
from hard_e.observability import entrypoint


@entrypoint
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return handle_event(event, context)

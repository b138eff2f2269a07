"""Hard-E's tools as an MCP server (official ``mcp`` SDK), over streamable HTTP at /mcp."""

from hard_e.mcp_server.http import handle_event
from hard_e.mcp_server.server import build_server

__all__ = ["build_server", "handle_event"]

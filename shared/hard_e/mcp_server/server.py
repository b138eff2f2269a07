"""The MCP server: the same tools, tiers, scopes, approvals and audit as the REST tools
API, because every call goes through :func:`hard_e.api.tool_calls.run_call`.

Built with the SDK's low-level ``Server``: tool schemas come from our own registry (the
pydantic models the gate validates with), so the high-level decorator API, which derives
schemas from Python signatures, would only get in the way.
"""

from __future__ import annotations

import json
from typing import Any

import mcp.types as types
from mcp.server.context import ServerRequestContext
from mcp.server.lowlevel.server import Server

from hard_e import deadline
from hard_e.api.security import current_principal
from hard_e.api.tool_calls import CallAnswer, run_call, visible_tools
from hard_e.bootstrap import services
from hard_e.tools.registry import Tier, Tool

INSTRUCTIONS = (
    "Hard-E runs a contracting company's sales tools against its Leap CRM. Green tools "
    "run; yellow tools run and are audited; red tools (create customer or job, send email) "
    "never run from an agent: they come back as an approval a person decides in Hard-E. "
    "Follow an approval with the REST route GET /api/v1/approvals/{id}."
)


def _tool(tool: Tool[Any]) -> types.Tool:
    green = tool.tier is Tier.GREEN
    return types.Tool.model_validate(
        {
            "name": tool.name,
            "description": f"[{tool.tier.value}] {tool.description}",
            "inputSchema": tool.input_schema(),
            "annotations": {
                "readOnlyHint": green,
                "destructiveHint": not green,
                "openWorldHint": tool.skill == "messaging",
            },
            "_meta": {"tier": tool.tier.value, "skill": tool.skill},
        }
    )


async def list_tools(
    ctx: ServerRequestContext[Any], params: types.PaginatedRequestParams | None
) -> types.ListToolsResult:
    return types.ListToolsResult(tools=[_tool(t) for t in visible_tools(current_principal())])


def _result(answer: CallAnswer) -> types.CallToolResult:
    text = json.dumps(answer.body, default=str)
    if answer.status == 202:
        approval = answer.body["approval"]
        text = (
            f"Not done yet: waiting for a person's approval ({approval['id']}). "
            f"What will happen: {approval['preview']}"
        )
    return types.CallToolResult(
        content=[types.TextContent(type="text", text=text)],
        structured_content={"http_status": answer.status, **answer.body},
        is_error=answer.is_error,
    )


async def call_tool(
    ctx: ServerRequestContext[Any], params: types.CallToolRequestParams
) -> types.CallToolResult:
    principal = current_principal()
    key = _idempotency_key(params.meta)
    tools = services().tools.context(principal, channel="mcp", deadline=deadline.current())
    try:
        answer = await run_call(tools, principal, params.name, dict(params.arguments or {}), key)
    finally:
        await tools.aclose()
    return _result(answer)


def _idempotency_key(meta: Any) -> str | None:
    """``_meta.idempotency_key`` of a call, if the agent sent one (same rule as REST)."""
    if meta is None:
        return None
    fields = meta if isinstance(meta, dict) else meta.model_dump(by_alias=True)
    key = fields.get("idempotency_key")
    return key if isinstance(key, str) and 0 < len(key) <= 100 else None


def build_server() -> Server[Any]:
    return Server(
        "hard-e",
        version="1.0.0",
        title="Hard-E",
        instructions=INSTRUCTIONS,
        on_list_tools=list_tools,
        on_call_tool=call_tool,
    )

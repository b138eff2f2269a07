"""The tools API (direct tool calls for agents and integrations), approvals and audit."""

from __future__ import annotations

import asyncio
import re
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Depends, Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e import deadline
from hard_e.api import concurrency
from hard_e.api.errors import ApiError, BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from hard_e.api.models import MAX_BATCH, ToolBatch, ToolCall, ToolList, ToolOut
from hard_e.api.security import BEARER, current_principal
from hard_e.auth import Principal
from hard_e.bootstrap import services
from hard_e.messaging.outbox import LocalOutbox
from hard_e.tools import (
    ApprovalClosedError,
    ApprovalNotFoundError,
    GateResult,
    NotAllowedError,
    ToolInputError,
    UnknownToolError,
)
from hard_e.tools.approvals import STATUSES
from hard_e.tools.context import ToolContext

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
Caller = Annotated[Principal, Depends(current_principal)]

# How a tool's reported failure maps to HTTP. A CRM that is down or refuses our
# credentials is a failed dependency (424), not a server bug.
_FAILURE_STATUS = {
    "CrmNotFoundError": (404, "crm_not_found"),
    "CrmValidationError": (422, "crm_rejected"),
    "CrmAuthError": (424, "crm_unavailable"),
    "CrmUnavailableError": (424, "crm_unavailable"),
    "CrmRateLimitedError": (424, "crm_busy"),
    "MessagingError": (424, "messaging_failed"),
    "ToolRefusedError": (422, "tool_refused"),
    "NeedsChoiceError": (409, "needs_choice"),
}


def _tool_error(exc: Exception) -> ApiError:
    if isinstance(exc, UnknownToolError):
        return NotFound(str(exc), code="unknown_tool")
    if isinstance(exc, ToolInputError):
        return ValidationFailed(str(exc), code="invalid_tool_input")
    raise exc


async def _run(ctx: ToolContext, call: ToolCall) -> GateResult:
    return await services().tools.gate.run(ctx, call.tool, call.input)


def _call_body(result: GateResult) -> tuple[int, dict[str, Any]]:
    if result.status == "pending_approval" and result.approval is not None:
        return 202, {
            "tool": result.tool,
            "status": "pending_approval",
            "approval": result.approval.public(),
        }
    if result.status == "error":
        status, code = _FAILURE_STATUS.get(result.error_kind or "", (422, "tool_failed"))
        return status, {
            "tool": result.tool,
            "status": "error",
            "error": {"code": code, "message": result.error or "the tool failed"},
        }
    return 200, {"tool": result.tool, "status": "ok", "result": result.result}


@router.get(
    "/api/v1/tools",
    summary="Every tool, with its tier and input schema",
    tags=["tools"],
    security=BEARER,
)
def list_tools(principal: Caller) -> ToolList:
    return ToolList(
        tools=[
            ToolOut(
                name=t.name,
                description=t.description,
                tier=t.tier.value,
                skill=t.skill,
                input_schema=t.input_schema(),
            )
            for t in services().tools.gate.registry.all()
        ]
    )


@router.post(
    "/api/v1/tools/execute",
    summary="Run one tool (red tools return 202 + approval)",
    tags=["tools"],
    security=BEARER,
)
def execute(body: ToolCall, principal: Caller) -> Response[Any]:
    until = deadline.current()  # read here: the coroutine runs on another thread

    async def go() -> GateResult:
        ctx = services().tools.context(principal, deadline=until)
        try:
            return await _run(ctx, body)
        finally:
            await ctx.aclose()

    try:
        result = concurrency.run(go())
    except (UnknownToolError, ToolInputError) as exc:
        raise _tool_error(exc) from None
    status, payload = _call_body(result)
    if result.status == "error":
        return Response(status, content_types.APPLICATION_JSON, {"error": payload["error"]})
    body_out = {"approval": payload["approval"]} if status == 202 else {"result": payload["result"]}
    return Response(status, content_types.APPLICATION_JSON, body_out)


@router.post(
    "/api/v1/tools/batch",
    summary=f"Run up to {MAX_BATCH} tools concurrently",
    tags=["tools"],
    security=BEARER,
)
def batch(body: ToolBatch, principal: Caller) -> dict[str, Any]:
    if len(body.calls) > MAX_BATCH:
        raise BadRequest(f"a batch holds at most {MAX_BATCH} calls", code="batch_too_large")

    async def one(ctx: ToolContext, call: ToolCall) -> dict[str, Any]:
        try:
            _, payload = _call_body(await _run(ctx, call))
        except (UnknownToolError, ToolInputError) as exc:
            err = _tool_error(exc)
            return {
                "tool": call.tool,
                "status": "error",
                "error": {"code": err.code, "message": err.message},
            }
        return payload

    until = deadline.current()  # read here: the coroutine runs on another thread

    async def go() -> list[dict[str, Any]]:
        ctx = services().tools.context(principal, deadline=until)
        try:
            return list(await asyncio.gather(*(one(ctx, c) for c in body.calls)))
        finally:
            await ctx.aclose()

    return {"results": concurrency.run(go())}


# --- approvals -----------------------------------------------------------------------

_APPROVAL_STATUSES = set(STATUSES)


@router.get(
    "/api/v1/approvals",
    summary="Approvals: admins see all, others their own",
    tags=["approvals"],
    security=BEARER,
)
def list_approvals(
    principal: Caller, status: Annotated[str | None, Query(max_length=20)] = None
) -> dict[str, Any]:
    if status is not None and status not in _APPROVAL_STATUSES:
        raise ValidationFailed(f"status must be one of {', '.join(sorted(_APPROVAL_STATUSES))}")
    approvals = services().approvals.list(principal.tenant_id, status=status, limit=100)
    visible = [a for a in approvals if principal.is_admin or a.requested_by == principal.user_id]
    return {"approvals": [a.public() for a in visible]}


def _decide(principal: Principal, approval_id: str, verdict: str) -> dict[str, Any]:
    until = deadline.current()  # read here: the coroutine runs on another thread

    async def go() -> dict[str, Any]:
        ctx = services().tools.context(principal, deadline=until)
        try:
            gate = services().tools.gate
            decided = await (
                gate.approve(ctx, approval_id)
                if verdict == "approve"
                else gate.deny(ctx, approval_id)
            )
            return decided.public()
        finally:
            await ctx.aclose()

    try:
        return {"approval": concurrency.run(go())}
    except ApprovalNotFoundError:
        raise NotFound("no such approval", code="approval_not_found") from None
    except ApprovalClosedError as exc:
        code = "approval_expired" if exc.status == "expired" else "approval_closed"
        raise Conflict(str(exc), code=code) from None
    except NotAllowedError as exc:
        raise Forbidden(str(exc)) from None


@router.get(
    "/api/v1/approvals/<approval_id>", summary="One approval", tags=["approvals"], security=BEARER
)
def get_approval(approval_id: str, principal: Caller) -> dict[str, Any]:
    try:
        approval = services().approvals.get(principal.tenant_id, approval_id)
    except ApprovalNotFoundError:
        raise NotFound("no such approval", code="approval_not_found") from None
    if not (principal.is_admin or approval.requested_by == principal.user_id):
        raise NotFound("no such approval", code="approval_not_found")
    return {"approval": approval.public()}


@router.post(
    "/api/v1/approvals/<approval_id>/approve",
    summary="Approve: the action runs once",
    tags=["approvals"],
    security=BEARER,
)
def approve(approval_id: str, principal: Caller) -> dict[str, Any]:
    return _decide(principal, approval_id, "approve")


@router.post(
    "/api/v1/approvals/<approval_id>/deny",
    summary="Deny: the action never runs",
    tags=["approvals"],
    security=BEARER,
)
def deny(approval_id: str, principal: Caller) -> dict[str, Any]:
    return _decide(principal, approval_id, "deny")


# --- audit and outbox ----------------------------------------------------------------

_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@router.get(
    "/api/v1/audit",
    summary="The audit trail, one month at a time (admins)",
    tags=["audit"],
    security=BEARER,
)
def audit(
    principal: Caller,
    month: Annotated[str | None, Query(max_length=7)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> dict[str, Any]:
    if not principal.is_admin:
        raise Forbidden("only admins can read the audit trail")
    if month is not None and not _MONTH.match(month):
        raise ValidationFailed("month must look like 2026-11")
    from hard_e.storage import InvalidCursorError

    try:
        events, next_cursor = services().audit.list(
            principal.tenant_id, month=month, limit=limit, cursor=cursor
        )
    except InvalidCursorError:
        raise BadRequest("that cursor is not valid here", code="invalid_cursor") from None
    return {"events": events, "cursor": next_cursor}


@router.get(
    "/api/v1/outbox",
    summary="Messages sent in local mode (nothing leaves the machine)",
    tags=["audit"],
    security=BEARER,
)
def outbox(principal: Caller) -> dict[str, Any]:
    messenger = services().messenger
    if not isinstance(messenger, LocalOutbox):
        raise NotFound("the outbox exists only in local mode", code="no_outbox")
    return {"messages": messenger.list(principal.tenant_id)}

"""The tools API (direct tool calls for people, agents and integrations), approvals and
the audit trail. People call with their login token, agents with an API key."""

from __future__ import annotations

import asyncio
import re
from datetime import datetime
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Depends, Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from hard_e import deadline
from hard_e.api import concurrency
from hard_e.api.errors import BadRequest, Conflict, Forbidden, NotFound, ValidationFailed
from hard_e.api.models import (
    MAX_BATCH,
    ApprovalList,
    ApprovalOut,
    AuditPage,
    BatchOut,
    ToolBatch,
    ToolCall,
    ToolList,
    ToolOut,
)
from hard_e.api.security import BEARER, BEARER_OR_KEY, current_principal
from hard_e.api.tool_calls import CallAnswer, run_call, visible_tools
from hard_e.auth import Principal
from hard_e.bootstrap import services
from hard_e.messaging.outbox import LocalOutbox
from hard_e.storage import InvalidCursorError
from hard_e.tools import ApprovalClosedError, ApprovalNotFoundError, NotAllowedError
from hard_e.tools.approvals import STATUSES
from hard_e.tools.audit import AuditQuery

router = APIGatewayHttpRouter()  # type: ignore[no-untyped-call]
Caller = Annotated[Principal, Depends(current_principal)]


@router.get(
    "/api/v1/tools",
    summary="The tools this caller may run, with tier and input schema",
    tags=["tools"],
    security=BEARER_OR_KEY,
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
            for t in visible_tools(principal)
        ]
    )


def _respond(answer: CallAnswer, body: dict[str, Any]) -> Response[Any]:
    return Response(answer.status, content_types.APPLICATION_JSON, body, headers=answer.headers)


@router.post(
    "/api/v1/tools/execute",
    summary="Run one tool (red tools answer 202 with the approval a person must decide)",
    tags=["tools"],
    security=BEARER_OR_KEY,
)
def execute(body: ToolCall, principal: Caller) -> Response[Any]:
    until = deadline.current()  # read here: the coroutine runs on another thread

    async def go() -> CallAnswer:
        ctx = services().tools.context(principal, channel="rest", deadline=until)
        try:
            return await run_call(ctx, principal, body.tool, body.input, body.idempotency_key)
        finally:
            await ctx.aclose()

    answer = concurrency.run(go())
    if answer.is_error:
        return _respond(answer, {"error": answer.body["error"]})
    if answer.status == 202:
        return _respond(answer, {"approval": answer.body["approval"]})
    return _respond(answer, {"result": answer.body["result"]})


@router.post(
    "/api/v1/tools/batch",
    summary=f"Run up to {MAX_BATCH} tools concurrently (each may carry an idempotency_key)",
    tags=["tools"],
    security=BEARER_OR_KEY,
)
def batch(body: ToolBatch, principal: Caller) -> BatchOut:
    until = deadline.current()  # read here: the coroutine runs on another thread

    async def go() -> list[dict[str, Any]]:
        ctx = services().tools.context(principal, channel="rest", deadline=until)
        try:
            answers = await asyncio.gather(
                *(run_call(ctx, principal, c.tool, c.input, c.idempotency_key) for c in body.calls)
            )
        finally:
            await ctx.aclose()
        return [{"tool": c.tool, **a.body} for c, a in zip(body.calls, answers, strict=True)]

    return BatchOut.model_validate({"results": concurrency.run(go())})


# --- approvals -----------------------------------------------------------------------

_APPROVAL_STATUSES = set(STATUSES)


@router.get(
    "/api/v1/approvals",
    summary="Approvals by status and requester (admins: anyone's; others and keys: their own)",
    tags=["approvals"],
    security=BEARER_OR_KEY,
)
def list_approvals(
    principal: Caller,
    status: Annotated[str | None, Query(max_length=20)] = None,
    requested_by: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> ApprovalList:
    if status is not None and status not in _APPROVAL_STATUSES:
        raise ValidationFailed(f"status must be one of {', '.join(sorted(_APPROVAL_STATUSES))}")
    mine = principal.key_id or principal.user_id
    if not principal.is_admin:
        if requested_by not in (None, mine):
            raise Forbidden("only admins can list other people's approvals")
        requested_by = mine
    try:
        approvals, next_cursor = services().approvals.list(
            principal.tenant_id,
            status=status,
            requested_by=requested_by,
            limit=limit,
            cursor=cursor,
        )
    except InvalidCursorError:
        raise BadRequest("that cursor is not valid here", code="invalid_cursor") from None
    return ApprovalList(approvals=[a.public() for a in approvals], cursor=next_cursor)


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
    "/api/v1/approvals/<approval_id>",
    summary="One approval: its status and, once approved and run, the result",
    tags=["approvals"],
    security=BEARER_OR_KEY,
)
def get_approval(approval_id: str, principal: Caller) -> ApprovalOut:
    try:
        approval = services().approvals.get(principal.tenant_id, approval_id)
    except ApprovalNotFoundError:
        raise NotFound("no such approval", code="approval_not_found") from None
    if not (principal.is_admin or approval.requested_by == principal.user_id):
        raise NotFound("no such approval", code="approval_not_found")
    return ApprovalOut(approval=approval.public())


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


def _instant(value: str | None, name: str) -> float | None:
    """Epoch seconds from ISO 8601 (``2026-11-02T14:00:00Z``) or plain epoch seconds."""
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationFailed(f"{name} must be ISO 8601 like 2026-11-02T14:00:00Z") from None
    if moment.tzinfo is None:
        raise ValidationFailed(f"{name} needs a time zone, like 2026-11-02T14:00:00Z")
    return moment.timestamp()


@router.get(
    "/api/v1/audit",
    summary="The audit trail, newest first: filter by API key (or user), tool and time (admins)",
    tags=["audit"],
    security=BEARER,
)
def audit(
    principal: Caller,
    key: Annotated[str | None, Query(max_length=64, description="An API key id")] = None,
    user: Annotated[str | None, Query(max_length=64, description="A user id")] = None,
    tool: Annotated[str | None, Query(max_length=100)] = None,
    since: Annotated[str | None, Query(max_length=40, description="ISO 8601 or epoch s")] = None,
    until: Annotated[str | None, Query(max_length=40, description="ISO 8601 or epoch s")] = None,
    month: Annotated[str | None, Query(max_length=7)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
) -> AuditPage:
    if not principal.is_admin:
        raise Forbidden("only admins can read the audit trail")
    if month is not None and not _MONTH.match(month):
        raise ValidationFailed("month must look like 2026-11")
    if key is not None and user is not None:
        raise ValidationFailed("filter by key or by user, not both")
    start, end = _instant(since, "since"), _instant(until, "until")
    if start is not None and end is not None and start > end:
        raise ValidationFailed("since must not be after until")
    query = AuditQuery(actor=key or user, tool=tool, since=start, until=end, month=month)
    try:
        events, next_cursor = services().audit.list(
            principal.tenant_id, limit=limit, cursor=cursor, query=query
        )
    except InvalidCursorError:
        raise BadRequest("that cursor is not valid here", code="invalid_cursor") from None
    return AuditPage(events=events, cursor=next_cursor)


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

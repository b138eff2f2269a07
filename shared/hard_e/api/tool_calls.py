"""One tools-API call, whatever the transport (REST execute or batch, MCP): scope,
idempotency, the safety gate, and the answer as an HTTP status plus a JSON body.

REST and MCP both come through here, so tiers, approvals, scopes and idempotency are
exactly the same on both.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import Any

from hard_e.auth import Principal
from hard_e.bootstrap import services
from hard_e.tenancy.exceptions import TrialEndedError
from hard_e.tools import GateResult, OutOfScopeError, ToolInputError, UnknownToolError
from hard_e.tools.context import ToolContext

# How a tool's reported failure maps to HTTP. A CRM that is down or refuses our
# credentials is a failed dependency (424), not a server bug; a busy CRM is a 429 with
# Retry-After, so an agent knows when to come back.
_FAILURE_STATUS = {
    "CrmNotFoundError": (404, "crm_not_found"),
    "CrmValidationError": (422, "crm_rejected"),
    "CrmAuthError": (424, "crm_unavailable"),
    "CrmUnavailableError": (424, "crm_unavailable"),
    "CrmOutcomeUnknownError": (424, "crm_outcome_unknown"),
    "CrmRateLimitedError": (429, "crm_busy"),
    "MessagingError": (424, "messaging_failed"),
    "ToolRefusedError": (422, "tool_refused"),
    "NeedsChoiceError": (409, "needs_choice"),
}
# Answers that must not be remembered for an idempotency key: trying again later should
# really try again.
_RETRYABLE = frozenset({424, 429})


@dataclass(frozen=True)
class CallAnswer:
    """What one call answers: HTTP status, the per-call JSON, extra headers."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.status >= 400


def _error(status: int, code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"status": "error", "error": {"code": code, "message": message, **extra}}


def _answer(result: GateResult) -> CallAnswer:
    if result.status == "pending_approval" and result.approval is not None:
        return CallAnswer(202, {"status": "pending_approval", "approval": result.approval.public()})
    if result.status == "error":
        status, code = _FAILURE_STATUS.get(result.error_kind or "", (422, "tool_failed"))
        body = _error(status, code, result.error or "the tool failed")
        if result.retry_after is not None:
            body["error"]["retry_after"] = result.retry_after
            return CallAnswer(status, body, {"Retry-After": str(result.retry_after)})
        return CallAnswer(status, body)
    return CallAnswer(200, {"status": "ok", "result": result.result})


async def _gate(ctx: ToolContext, tool: str, args: dict[str, Any]) -> CallAnswer:
    try:
        await asyncio.to_thread(services().trials.charge, ctx.tenant_id)
    except TrialEndedError as exc:
        return CallAnswer(402, _error(402, "trial_ended", str(exc), reason=exc.reason))
    try:
        result = await services().tools.gate.run(ctx, tool, args)
    except UnknownToolError as exc:
        return CallAnswer(404, _error(404, "unknown_tool", str(exc)))
    except ToolInputError as exc:
        return CallAnswer(422, _error(422, "invalid_tool_input", str(exc), details=exc.problems))
    except OutOfScopeError as exc:
        return CallAnswer(403, _error(403, "out_of_scope", str(exc)))
    return _answer(result)


def _stored(answer: CallAnswer) -> dict[str, Any]:
    return {"status": answer.status, "body": answer.body, "headers": answer.headers}


async def run_call(
    ctx: ToolContext,
    principal: Principal,
    tool: str,
    args: dict[str, Any],
    idempotency_key: str | None = None,
) -> CallAnswer:
    """Run (or hold, or replay) one call for ``principal``.

    With an ``idempotency_key`` the first answer is stored and every repeat with the
    same call gets it back without the tool running again; the same key with another
    call answers 409. Busy or unavailable CRM answers are not stored.
    """
    if idempotency_key is None:
        return await _gate(ctx, tool, args)
    # Powertools' idempotency package imports boto3 as it loads: only calls with a key
    # pay for it, not every cold start.
    from hard_e.tools.idempotency import (
        IdempotencyConflictError,
        IdempotencyInProgressError,
        NotStored,
        run_once,
    )

    # Powertools' wrapper is synchronous: it runs in a thread and hands the call back to
    # this loop, where the caller's CRM client lives.
    loop = asyncio.get_running_loop()

    def first_time() -> dict[str, Any]:
        answer = asyncio.run_coroutine_threadsafe(_gate(ctx, tool, args), loop).result()
        if answer.status in _RETRYABLE:
            raise NotStored(_stored(answer))
        return _stored(answer)

    try:
        stored = await asyncio.to_thread(
            run_once,
            services().table,
            principal.tenant_id,
            actor=principal.key_id or principal.user_id,
            idempotency_key=idempotency_key,
            call={"tool": tool, "input": args},
            run=first_time,
        )
    except IdempotencyConflictError as exc:
        return CallAnswer(409, _error(409, "idempotency_conflict", str(exc)))
    except IdempotencyInProgressError as exc:
        return CallAnswer(409, _error(409, "idempotency_in_progress", str(exc)))
    return CallAnswer(int(stored["status"]), stored["body"], dict(stored.get("headers") or {}))


def visible_tools(principal: Principal) -> list[Any]:
    """The tools this caller may run: every tool for a person, a key's scope for an agent."""
    tools = services().tools.gate.registry.all()
    if principal.scope is None:
        return tools
    return [t for t in tools if principal.scope.permits(t.name, t.tier.value)]

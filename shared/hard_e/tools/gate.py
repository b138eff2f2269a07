"""The safety gate: the only way any tool runs, whoever asked — the model, the tools API
or a person. Green runs; yellow runs and is audited; red becomes an approval and runs
once, when an authorised human approves it.

Before a red call is held, or a call that can be redirected runs, it is *prepared*:
every lookup is done (a customer id becomes the address the email will go to) and the
result is what the approval stores, shows and finally runs — never a fresh lookup. A
yellow call waits for a person too when preparing says so (a text to a number that is
not a contact), or when a model asked for a write the person did not ask for in their
own words this turn (``said``).
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any, Literal

from aws_lambda_powertools import Logger

from hard_e.crm import CrmError
from hard_e.crm.exceptions import CrmOutcomeUnknownError
from hard_e.messaging import MessagingError
from hard_e.observability import approval_decided, tool_called
from hard_e.tenancy.roles import may_decide
from hard_e.tools.approvals import Approval, ApprovalStore, args_hash
from hard_e.tools.audit import AuditEvent, AuditLog, redact
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import (
    ApprovalClosedError,
    NotAllowedError,
    OutOfScopeError,
    ToolInputError,
    ToolRefusedError,
    UnknownToolError,
)
from hard_e.tools.registry import Prepared, Registry, Tier, Tool
from hard_e.tools.requested import unrequested

logger = Logger(child=True)

# Failures a tool may report to its caller; anything else is a bug and propagates.
EXPECTED_FAILURES = (CrmError, MessagingError, ToolRefusedError)


@dataclass(frozen=True)
class GateResult:
    tool: str
    tier: Tier
    status: Literal["ok", "error", "pending_approval"]
    result: Any = None
    error: str | None = None
    error_kind: str | None = None  # exception class name, for status mapping
    approval: Approval | None = None
    choice: Any = None  # a Choice when the tool needs the caller to pick one option
    retry_after: int | None = None  # seconds, when the CRM is busy for now
    summary: str = ""  # what the call did or tried, in words


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


class SafetyGate:
    def __init__(self, registry: Registry, approvals: ApprovalStore, audit: AuditLog) -> None:
        self.registry = registry
        self.approvals = approvals
        self.audit = audit

    async def run(
        self, ctx: ToolContext, name: str, raw_args: dict[str, Any], *, said: str | None = None
    ) -> GateResult:
        """Run (or hold for a person) one call. Unknown tools and bad input raise.

        ``said`` is the person's own words this turn when a model made the call: a write
        they did not ask for there waits for their confirmation instead of running.
        """
        if name in self.registry:
            tool_called(self.registry.get(name).tier.value)
        if ctx.channel == "chat":
            return await self._run(ctx, name, raw_args, said)
        # The tools API (REST, MCP, agents): every call is audited once, whatever its tier
        # and outcome, with its latency and redacted arguments.
        started = time.perf_counter()
        tier = self.registry.get(name).tier.value if name in self.registry else ""
        try:
            result = await self._run(ctx, name, raw_args, said)
        except (UnknownToolError, ToolInputError, OutOfScopeError) as exc:
            outcome = {
                UnknownToolError: "unknown_tool",
                ToolInputError: "invalid_input",
                OutOfScopeError: "out_of_scope",
            }[type(exc)]
            await self._record_call(ctx, name, tier, outcome, raw_args, started, detail=str(exc))
            raise
        approval_id = result.approval.id if result.approval is not None else None
        await self._record_call(
            ctx, name, tier, result.status, raw_args, started, approval_id, result.error or ""
        )
        return result

    async def _record_call(
        self,
        ctx: ToolContext,
        tool: str,
        tier: str,
        outcome: str,
        raw_args: dict[str, Any],
        started: float,
        approval_id: str | None = None,
        detail: str = "",
    ) -> None:
        event = AuditEvent(
            tool=tool,
            tier=tier,
            outcome=outcome,
            user_id=ctx.actor,
            approval_id=approval_id,
            session_id=ctx.session_id,
            detail=detail,
            actor_kind="key" if ctx.key_id else "user",
            channel=ctx.channel,
            latency_ms=round((time.perf_counter() - started) * 1000, 2),
            args=redact(raw_args),
        )
        await asyncio.to_thread(self.audit.record, ctx.tenant_id, event)

    async def _run(
        self, ctx: ToolContext, name: str, raw_args: dict[str, Any], said: str | None
    ) -> GateResult:
        tool = self.registry.get(name)
        if ctx.scope is not None and not ctx.scope.permits(tool.name, tool.tier.value):
            raise OutOfScopeError(ctx.scope.refusal(tool.name, tool.tier.value))
        args = tool.parse(raw_args)
        chat = ctx.channel == "chat"  # the API records the whole call itself
        try:
            hold = None
            if tool.tier is not Tier.GREEN and said is not None:
                hold = unrequested(tool.name, args.model_dump(mode="json"), said)
            if tool.tier is Tier.RED or tool.prepare is not None or hold:
                prepared = await tool.prepared(ctx, args)
                args, hold = prepared.args, hold or prepared.hold
                if tool.tier is Tier.RED or hold:
                    return await self._hold(ctx, tool, prepared, hold)
            result = await tool.handler(ctx, args)
        except EXPECTED_FAILURES as exc:
            if tool.tier is not Tier.GREEN and chat:
                detail = str(exc)
                await self._audit_async(
                    ctx, name, tool.tier, "error", tool.describe(args), None, detail
                )
            return GateResult(
                name,
                tool.tier,
                "error",
                error=str(exc),
                error_kind=type(exc).__name__,
                choice=getattr(exc, "choice", None),
                retry_after=getattr(exc, "retry_after", None),
                summary=tool.describe(args),
            )
        if tool.tier is Tier.YELLOW and chat:
            await self._audit_async(ctx, name, tool.tier, "ok", tool.describe(args))
        return GateResult(
            name, tool.tier, "ok", result=_jsonable(result), summary=tool.describe(args)
        )

    async def _hold(
        self, ctx: ToolContext, tool: Tool[Any], prepared: Prepared[Any], reason: str | None
    ) -> GateResult:
        approval = await asyncio.to_thread(
            self.approvals.create,
            ctx.tenant_id,
            tool=tool.name,
            args=prepared.args.model_dump(mode="json"),
            summary=tool.describe(prepared.args),
            preview=prepared.preview,
            reason=reason,
            requested_by=ctx.actor,
            session_id=ctx.session_id,
        )
        if ctx.channel != "chat":
            return GateResult(tool.name, tool.tier, "pending_approval", approval=approval)
        await self._audit_async(
            ctx,
            tool.name,
            tool.tier,
            "pending_approval",
            approval.summary,
            approval.id,
            reason or "",
        )
        return GateResult(tool.name, tool.tier, "pending_approval", approval=approval)

    async def approve(self, ctx: ToolContext, approval_id: str) -> Approval:
        """Run a held call exactly once, with the arguments it was approved with.

        Admins may approve any; others only their own.
        """
        approval = await self._open(ctx, approval_id)
        tool = self.registry.get(approval.tool)
        args = tool.parse(approval.args)
        bound = args_hash(approval.tool, args.model_dump(mode="json"), approval.preview)
        if bound != approval.args_hash:
            raise ApprovalClosedError("this request was altered and cannot run", "failed")
        transition = self.approvals.transition
        claimed = await asyncio.to_thread(transition, approval, "approved", by=ctx.user_id)
        approval_decided("approved")
        await self._audit_async(
            ctx, tool.name, tool.tier, "approved", approval.summary, approval.id
        )
        try:
            result = await tool.handler(ctx, args)
        except CrmOutcomeUnknownError as exc:  # never run again by itself: check Leap first
            await self._audit_decision(ctx, tool.tier, "unconfirmed", approval, str(exc))
            return await asyncio.to_thread(transition, claimed, "unconfirmed", error=str(exc))
        except EXPECTED_FAILURES as exc:
            await self._audit_decision(ctx, tool.tier, "failed", approval, str(exc))
            return await asyncio.to_thread(transition, claimed, "failed", error=str(exc))
        except Exception:
            logger.exception("approved tool crashed", extra={"tool": tool.name})
            await asyncio.to_thread(
                transition, claimed, "failed", error="the action failed unexpectedly"
            )
            raise
        await self._audit_async(
            ctx, tool.name, tool.tier, "executed", approval.summary, approval.id
        )
        return await asyncio.to_thread(transition, claimed, "executed", result=_jsonable(result))

    async def deny(self, ctx: ToolContext, approval_id: str) -> Approval:
        approval = await self._open(ctx, approval_id)
        transition = self.approvals.transition
        denied = await asyncio.to_thread(transition, approval, "denied", by=ctx.user_id)
        approval_decided("denied")
        tier = self.registry.get(approval.tool).tier if approval.tool in self.registry else Tier.RED
        await self._audit_decision(ctx, tier, "denied", approval)
        return denied

    async def _open(self, ctx: ToolContext, approval_id: str) -> Approval:
        approval = await asyncio.to_thread(self.approvals.get, ctx.tenant_id, approval_id)
        if ctx.key_id is not None:
            raise NotAllowedError("an API key cannot decide approvals: a person must")
        if approval.status != "pending":
            raise ApprovalClosedError(f"this request is already {approval.status}", approval.status)
        if not may_decide(ctx.role, requester=approval.requested_by, decider=ctx.user_id):
            raise NotAllowedError("only an admin or the person who asked can decide this")
        return approval

    async def _audit_decision(
        self, ctx: ToolContext, tier: Tier, outcome: str, approval: Approval, detail: str = ""
    ) -> None:
        await self._audit_async(
            ctx, approval.tool, tier, outcome, approval.summary, approval.id, detail
        )

    async def _audit_async(
        self,
        ctx: ToolContext,
        tool: str,
        tier: Tier,
        outcome: str,
        summary: str,
        approval_id: str | None = None,
        detail: str = "",
    ) -> None:
        """One audit event, written off the event loop."""
        await asyncio.to_thread(
            self.audit.record,
            ctx.tenant_id,
            AuditEvent(
                tool=tool,
                tier=tier.value,
                outcome=outcome,
                user_id=ctx.user_id,
                summary=summary,
                approval_id=approval_id,
                session_id=ctx.session_id,
                detail=detail,
            ),
        )

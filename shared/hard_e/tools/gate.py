"""The safety gate: the only way any tool runs, whoever asked — the model, the tools API
or a person. Green runs; yellow runs and is audited; red becomes an approval and runs
once, when an authorised human approves it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Literal

from aws_lambda_powertools import Logger

from hard_e.crm import CrmError
from hard_e.messaging import MessagingError
from hard_e.tenancy.roles import may_decide
from hard_e.tools.approvals import Approval, ApprovalStore, args_hash
from hard_e.tools.audit import AuditEvent, AuditLog
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import ApprovalClosedError, NotAllowedError, ToolRefusedError
from hard_e.tools.registry import Registry, Tier

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


def _jsonable(value: Any) -> Any:
    return json.loads(json.dumps(value, default=str))


class SafetyGate:
    def __init__(self, registry: Registry, approvals: ApprovalStore, audit: AuditLog) -> None:
        self.registry = registry
        self.approvals = approvals
        self.audit = audit

    async def run(self, ctx: ToolContext, name: str, raw_args: dict[str, Any]) -> GateResult:
        """Run (or, for red tools, hold) one call. Unknown tools and bad input raise."""
        tool = self.registry.get(name)
        args = tool.parse(raw_args)
        if tool.tier is Tier.RED:
            approval = self.approvals.create(
                ctx.tenant_id,
                tool=name,
                args=args.model_dump(mode="json"),
                summary=tool.describe(args),
                requested_by=ctx.user_id,
                session_id=ctx.session_id,
            )
            self._audit(ctx, name, tool.tier, "pending_approval", approval.summary, approval.id)
            return GateResult(name, tool.tier, "pending_approval", approval=approval)
        try:
            result = await tool.handler(ctx, args)
        except EXPECTED_FAILURES as exc:
            if tool.tier is Tier.YELLOW:
                self._audit(ctx, name, tool.tier, "error", tool.describe(args), detail=str(exc))
            return GateResult(
                name,
                tool.tier,
                "error",
                error=str(exc),
                error_kind=type(exc).__name__,
                choice=getattr(exc, "choice", None),
            )
        if tool.tier is Tier.YELLOW:
            self._audit(ctx, name, tool.tier, "ok", tool.describe(args))
        return GateResult(name, tool.tier, "ok", result=_jsonable(result))

    async def approve(self, ctx: ToolContext, approval_id: str) -> Approval:
        """Run a held call exactly once. Admins may approve any; others only their own."""
        approval = self._open(ctx, approval_id)
        tool = self.registry.get(approval.tool)
        args = tool.parse(approval.args)
        if args_hash(approval.tool, args.model_dump(mode="json")) != approval.args_hash:
            raise ApprovalClosedError("this request was altered and cannot run", "failed")
        claimed = self.approvals.transition(approval, "approved", by=ctx.user_id)
        self._audit(ctx, tool.name, tool.tier, "approved", approval.summary, approval.id)
        try:
            result = await tool.handler(ctx, args)
        except EXPECTED_FAILURES as exc:
            self._audit(
                ctx, tool.name, tool.tier, "failed", approval.summary, approval.id, str(exc)
            )
            return self.approvals.transition(claimed, "failed", error=str(exc))
        except Exception:
            logger.exception("approved tool crashed", extra={"tool": tool.name})
            self.approvals.transition(claimed, "failed", error="the action failed unexpectedly")
            raise
        self._audit(ctx, tool.name, tool.tier, "executed", approval.summary, approval.id)
        return self.approvals.transition(claimed, "executed", result=_jsonable(result))

    async def deny(self, ctx: ToolContext, approval_id: str) -> Approval:
        approval = self._open(ctx, approval_id)
        denied = self.approvals.transition(approval, "denied", by=ctx.user_id)
        self._audit(ctx, approval.tool, Tier.RED, "denied", approval.summary, approval.id)
        return denied

    def _open(self, ctx: ToolContext, approval_id: str) -> Approval:
        approval = self.approvals.get(ctx.tenant_id, approval_id)
        if approval.status != "pending":
            raise ApprovalClosedError(f"this request is already {approval.status}", approval.status)
        if not may_decide(ctx.role, requester=approval.requested_by, decider=ctx.user_id):
            raise NotAllowedError("only an admin or the person who asked can decide this")
        return approval

    def _audit(
        self,
        ctx: ToolContext,
        tool: str,
        tier: Tier,
        outcome: str,
        summary: str,
        approval_id: str | None = None,
        detail: str = "",
    ) -> None:
        self.audit.record(
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

"""The brain's view of the tools: every call goes through the safety gate."""

from __future__ import annotations

from typing import Any

from hard_e.brain.port import ToolOutcome, ToolSpec
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import OutOfScopeError, ToolInputError, UnknownToolError
from hard_e.tools.gate import GateResult, SafetyGate


class GatedToolBelt:
    def __init__(self, gate: SafetyGate, ctx: ToolContext) -> None:
        self._gate = gate
        self._ctx = ctx
        self.ran: list[GateResult] = []  # every call that came back, so a cut-off turn can say

    def specs(self, skills: list[str] | None = None) -> list[ToolSpec]:
        return self._gate.registry.specs(skills)

    async def run(
        self, name: str, arguments: dict[str, Any], *, said: str | None = None
    ) -> ToolOutcome:
        try:
            result = await self._gate.run(self._ctx, name, arguments, said=said)
        except (UnknownToolError, ToolInputError, OutOfScopeError) as exc:
            return ToolOutcome(content=str(exc), is_error=True)
        self.ran.append(result)
        if result.status == "pending_approval" and result.approval is not None:
            approval = result.approval.public()
            return ToolOutcome(
                content={
                    "status": "waiting_for_approval",
                    "approval_id": approval["id"],
                    "what_will_happen": approval["preview"],
                    "why_it_waits": approval["reason"]
                    or "a person must approve this kind of action",
                    "note": "Not done yet: a person must approve it. Tell the rep exactly what "
                    "is waiting (recipient and content as shown) and that it needs their OK.",
                },
                approval=approval,
            )
        if result.status == "error":
            return ToolOutcome(
                content=result.error or "the tool failed", is_error=True, choice=result.choice
            )
        return ToolOutcome(content=result.result)

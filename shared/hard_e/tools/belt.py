"""The brain's view of the tools: a skill's tools, every call through the safety gate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hard_e.brain.port import ToolOutcome, ToolSpec
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import ToolInputError, UnknownToolError
from hard_e.tools.gate import SafetyGate


class GatedToolBelt:
    def __init__(
        self, gate: SafetyGate, ctx: ToolContext, skills: Iterable[str] | None = None
    ) -> None:
        self._gate = gate
        self._ctx = ctx
        self._skills = list(skills) if skills is not None else None
        self._offered = {s.name for s in self.specs()}

    def specs(self) -> list[ToolSpec]:
        return self._gate.registry.specs(self._skills)

    async def run(self, name: str, arguments: dict[str, Any]) -> ToolOutcome:
        if name not in self._offered:  # the model may only use what this turn offered
            return ToolOutcome(content=f"tool {name!r} is not available here", is_error=True)
        try:
            result = await self._gate.run(self._ctx, name, arguments)
        except (UnknownToolError, ToolInputError) as exc:
            return ToolOutcome(content=str(exc), is_error=True)
        if result.status == "pending_approval" and result.approval is not None:
            approval = result.approval.public()
            return ToolOutcome(
                content={
                    "status": "waiting_for_approval",
                    "approval_id": approval["id"],
                    "summary": approval["summary"],
                    "note": "Not done yet: a person must approve it. Tell the rep it is waiting.",
                },
                approval=approval,
            )
        if result.status == "error":
            return ToolOutcome(content=result.error or "the tool failed", is_error=True)
        return ToolOutcome(content=result.result)

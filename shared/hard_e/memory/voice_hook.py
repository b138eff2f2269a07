"""Called by the voice worker when a call ends: summarise and learn at once, no idle wait."""

from __future__ import annotations

from hard_e.bootstrap import Services
from hard_e.memory.learner import LearnReport


async def on_call_ended(services: Services, tenant_id: str, session_id: str) -> LearnReport:
    """Learn the call's turns now. Safe to call twice: the second call adds nothing."""
    return await services.learner.learn_session(tenant_id, session_id)

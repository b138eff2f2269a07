"""Every tool Hard-E has, in one registry."""

from __future__ import annotations

from hard_e.tools.catalogue import (
    company_tools,
    compound,
    crm_tools,
    director_tools,
    knowledge_tools,
    memory_tools,
    messaging_tools,
    schedule_tools,
)
from hard_e.tools.registry import Registry


def build_registry() -> Registry:
    return Registry(
        [
            *crm_tools.TOOLS,
            *schedule_tools.TOOLS,
            *company_tools.TOOLS,
            *compound.TOOLS,
            *director_tools.TOOLS,
            *messaging_tools.TOOLS,
            *knowledge_tools.TOOLS,
            *memory_tools.TOOLS,
        ]
    )

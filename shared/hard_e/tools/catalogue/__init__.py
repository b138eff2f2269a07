"""Every tool Hard-E has, in one registry.

The tool modules are imported by ``build_registry``, not with this package: importing
one helper module (``hard_e.tools.catalogue.resolve``, which the brain uses) must not
build every tool's input models at a cold start that never runs a tool.
"""

from __future__ import annotations

import importlib
from typing import Any

from hard_e.tools.registry import Registry, Tool

# In registry order (the order tools are listed to the model and in GET /api/v1/tools).
TOOL_MODULES = (
    "crm_tools",
    "schedule_tools",
    "calendar_changes",
    "company_tools",
    "compound",
    "director_tools",
    "messaging_tools",
    "knowledge_tools",
    "memory_tools",
)


def build_registry() -> Registry:
    tools: list[Tool[Any]] = []
    for name in TOOL_MODULES:
        tools.extend(importlib.import_module(f"{__name__}.{name}").TOOLS)
    return Registry(tools)

"""Searching the company's documents and the shared industry library."""

from __future__ import annotations

import asyncio
from typing import Any

from pydantic import Field

from hard_e.tools.catalogue.crm_tools import Input
from hard_e.tools.context import ToolContext
from hard_e.tools.exceptions import ToolRefusedError
from hard_e.tools.registry import Tier, Tool


class SearchKnowledge(Input):
    query: str = Field(min_length=2, max_length=500, description="The question, in plain words")
    k: int = Field(default=5, ge=1, le=10, description="How many passages")


async def search_knowledge(ctx: ToolContext, args: SearchKnowledge) -> dict[str, Any]:
    if ctx.knowledge is None:
        raise ToolRefusedError("The knowledge base is not available here.")
    store = ctx.knowledge
    from hard_e.knowledge.store import hit_dict  # numpy: loaded by the first search only

    hits = await asyncio.to_thread(store.search, ctx.tenant_id, args.query, args.k)
    return {"results": [hit_dict(h) for h in hits]}


TOOLS: list[Tool[Any]] = [
    Tool(
        "search_knowledge",
        "Search the company's product documents and the shared industry library "
        "(specifications, installation rules, warranties, colours, objection answers). "
        "Returns passages with their document, heading and page: cite them.",
        SearchKnowledge,
        Tier.GREEN,
        search_knowledge,
        "knowledge",
    ),
]

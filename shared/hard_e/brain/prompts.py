"""System prompts. Kept stable across turns so Claude's prompt cache can reuse them."""

from __future__ import annotations

from hard_e.brain.port import Turn

BASE_PROMPT = """You are Hard-E, an AI sales director for a contracting company (siding,
roofing, windows). You talk with the company's sales reps by voice and text.
Answer in plain sentences that sound natural when spoken aloud: no markdown tables,
no bullet walls, no emoji. Keep answers short unless asked for detail.
Only state facts you were given or found with a tool; if you don't know, say so.
Use the tools you are offered to look things up or act; never claim you did
something you did not do. Actions that need approval will say so in the tool result:
tell the rep it is waiting for approval."""


def system_blocks(turn: Turn) -> list[dict[str, object]]:
    """The system prompt as content blocks; the last carries the cache breakpoint.

    The company's soul document is long and changes rarely, so it sits in the cached
    block; the per-turn facts (who is talking) come after it, uncached.
    """
    company = (
        f"{BASE_PROMPT}\n\nYou work for {turn.tenant.name}. The company's own guidance "
        f"for you (its soul document) follows.\n\n<soul_document>\n"
        f"{turn.tenant.soul_document}\n</soul_document>"
    )
    speaker = (
        f"You are talking with {turn.speaker.name} ({turn.speaker.role}) of {turn.tenant.name}."
    )
    blocks: list[dict[str, object]] = [
        {"type": "text", "text": company, "cache_control": {"type": "ephemeral"}},
        {"type": "text", "text": speaker},
    ]
    if turn.summary:
        blocks.append({"type": "text", "text": f"Earlier in this conversation: {turn.summary}"})
    if turn.memories:
        blocks.append({"type": "text", "text": memory_block(turn.memories)})
    if turn.knowledge:
        blocks.append({"type": "text", "text": knowledge_block(turn.knowledge)})
    return blocks


def memory_block(memories: list[dict[str, object]]) -> str:
    """What was learned from this company's people in earlier conversations."""
    lines = [
        "What you have learned from this company's people in earlier conversations "
        "(facts they stated; newer entries replaced older ones). Use it; don't recite it:"
    ]
    lines += [f"- [{m['category']}] {m['text']}" for m in memories]
    return "\n".join(lines)


CITATION_RULES = """Passages from the company's documents and the shared industry library
that may answer the rep's question follow. Answer from them when they do, and cite each
fact you use as [Document › Heading] (add "p. N" when a page is given). If they don't
answer it, say so, or use the search_knowledge tool with better words. Never present a
number, price or warranty term that is not in a passage or a tool result."""


def knowledge_block(passages: list[dict[str, object]]) -> str:
    parts = [CITATION_RULES]
    for i, p in enumerate(passages, start=1):
        where = f"{p['document']} › {p['heading']}" if p.get("heading") else str(p["document"])
        page = f", p. {p['page']}" if p.get("page") else ""
        parts.append(f'<passage id="{i}" source="{where}{page}">\n{p["text"]}\n</passage>')
    return "\n\n".join(parts)


def possessive(name: str) -> str:
    """ "Summit Exteriors" → "Summit Exteriors'", "Acme" → "Acme's"."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"

"""A customer's name typed with a typo ("kellr", "zimerman", "albrihgts"): the CRM's
names that start the same way, and the one rapidfuzz finds close enough.

Asked only after the CRM found nothing for the name as said. The CRM is searched by the
name's first letters (a typo rarely hits them); a name is taken only when one of the
names found is clearly the closest, so "Delgadoo" stays unknown when nobody is close.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from rapidfuzz import fuzz, process

from hard_e.brain.port import ToolOutcome
from hard_e.text import STOP_WORDS
from hard_e.text.words import word_set

_PREFIX = 3
_CUTOFF = 75.0
_NOT_NAMES = STOP_WORDS | word_set(
    "job jobs project roof roofing siding window windows gutter gutters door doors family "
    "house home place one deal the customer homeowner replacement entry seamless"
)


class _Tools(Protocol):
    async def tool(self, name: str, args: dict[str, Any]) -> ToolOutcome: ...


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", text.lower()) if w not in _NOT_NAMES]


async def near_name(act: _Tools, said: str) -> str | None:
    """``said`` with its misspelt name replaced by the CRM name it is closest to, or None."""
    words = _words(re.sub(r"(?:'s|s')\b", "", said))
    if not words or len(words) > 3:
        return None
    fixed = []
    for word in words:
        if len(word) < 4:
            return None
        outcome = await act.tool("search_customers", {"query": word[:_PREFIX], "limit": 50})
        if outcome.is_error:
            return None
        known = {
            w
            for c in outcome.content["customers"]
            for w in re.findall(r"[a-z]+", str(c["name"]).lower())
            if w[:1] == word[:1]
        }
        if word in known:
            fixed.append(word)
            continue
        ranked = process.extract(word, known, scorer=fuzz.ratio, limit=2, score_cutoff=_CUTOFF)
        if not ranked or (len(ranked) > 1 and ranked[1][1] >= ranked[0][1] - 5):
            return None
        fixed.append(str(ranked[0][0]))
    return " ".join(fixed) if fixed != words else None

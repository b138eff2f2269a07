"""A rambling message in its parts: "I was out at the Keller place this morning, what
stage is that job in" is a remark, then the request. ``clauses`` splits where a new
part begins (a comma, a full stop, "and", "but", "so"), the last part first — a rep who
rambles usually says what they want at the end."""

from __future__ import annotations

import re

_BREAK = re.compile(r"\s*[,;.!?]+\s+|\s*[,;.!?]+$|\s+(?:and|but|so|anyway|then)\s+", re.I)


def clauses(message: str) -> list[str]:
    """The message's parts of at least two words, last first; [] when it has one part."""
    parts = [p.strip() for p in _BREAK.split(message) if p and p.strip()]
    parts = [p for p in parts if len(p.split()) >= 2]
    return list(reversed(parts)) if len(parts) > 1 else []

"""Search hits as the chat path hands them to the offline reader, for reader tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Passage = dict[str, Any]


def passages_of(document: str, title: str, chunk_id: str) -> Callable[[str, str], Passage]:
    """A maker of one document's hits: ``make(heading, text)`` → the hit of that section."""

    def make(heading: str, text: str) -> Passage:
        return {
            "document": document,
            "heading": f"{title} › {heading}",
            "text": text,
            "chunk_id": chunk_id,
        }

    return make

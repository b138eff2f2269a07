"""Contractor vocabulary as search terms: what a rep says ("tyvek", "felt", "pitch",
"veterans") and what the documents write for it ("house wrap", "underlayment",
"slope", "military"). The table is data, ``synonyms.txt`` beside this module, read
once; every word on both sides goes through the product tokeniser, so "nails" and
"nail" or "colors" and "colour" need no line of their own.

Shared by the knowledge search (query expansion) and the offline reader (a key term
counts as said when one of its equivalents is)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

from hard_e.text.search import tokenize

__all__ = ["TABLE", "equivalents", "synonym_table"]

TABLE = Path(__file__).resolve().parent / "synonyms.txt"


@lru_cache(maxsize=4)
def synonym_table(path: Path = TABLE) -> Mapping[str, frozenset[str]]:
    """Search term → the search terms the documents use for it (never itself)."""
    table: dict[str, set[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        said, sep, written = line.partition(":")
        if not sep:
            raise ValueError(f"{path.name}: no ':' in {raw!r}")
        others = {t for phrase in written.split(",") for t in tokenize(phrase)}
        for term in tokenize(said):
            table.setdefault(term, set()).update(others - {term})
    return {term: frozenset(found) for term, found in table.items() if found}


def equivalents(term: str) -> frozenset[str]:
    """The document words for one search term; empty when the table has none."""
    return synonym_table().get(term, frozenset())

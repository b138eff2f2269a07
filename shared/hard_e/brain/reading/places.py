"""A tier asked by its place in the document's table ("the top containment level", "the
biggest dumpster", "the basic tier", "the middle package"): the question is read with
that row's name, which the sentences and rows that answer say."""

from __future__ import annotations

import re
from typing import Any

from hard_e.brain.reading.passages import _Unit, _units
from hard_e.text.search import tokenize

_PLACE = re.compile(
    r"\bthe (?P<place>top|highest|biggest|largest|bottom|basic|entry[ -]level|lowest|"
    r"smallest|cheapest|middle)(?:[ -](?P<tier>level|tier))? (?P<thing>(?:[a-z-]+ ){0,2}[a-z-]+)",
    re.I,
)
_LAST = frozenset({"top", "highest", "biggest", "largest"})
_FIRST = frozenset({"bottom", "basic", "entry", "lowest", "smallest", "cheapest"})
_BY_SIZE = frozenset({"biggest", "largest", "smallest"})
_BY_PRICE = frozenset({"cheapest"})

TIERS = frozenset(tokenize("tier package plan option system level grade"))
"""Words for "one of the ranked choices": "the middle *package*" asks for a row of the
table of systems, plans or levels, whatever the document calls them."""

_MIN_ROWS = 3
_NAME_WORDS = 3


def placed(question: str, passages: list[dict[str, Any]]) -> str:
    """The question with a tier named by its place named by its row ("the top containment
    level" → "the 3 Full Containment containment level"); as asked when no table of the
    passages lists that thing, or a row is named by the place itself ("| Middle | …")."""
    match = _PLACE.search(question)
    if match is None:
        return question
    place = match.group("place").lower().split()[0].split("-")[0]
    thing = set(tokenize(f"{match.group('tier') or ''} {match.group('thing')}"))
    for passage in passages:
        heading = set(tokenize(str(passage.get("heading") or "").split(" › ")[-1]))
        for table in _tables(_units(str(passage["text"]))):
            names = set(tokenize(" ".join(u.cells[0] for u in table)))
            kind = set(tokenize(table[0].header[0])) if table[0].header else set()
            if place in names or not _of(thing, kind, heading):
                continue  # not a table of that thing, or its rows are named by the place
            row = _pick(table, place)
            if row is None:
                continue
            name = " ".join(c for c in row.cells[:2] if len(c.split()) <= _NAME_WORDS)
            start, end = match.span("place")
            return f"{question[:start]}{name}{question[end:]}"
    return question


def _of(thing: set[str], kind: set[str], heading: set[str]) -> bool:
    """Whether a table lists the thing asked: its first column is of that kind ("the top
    containment *level*": "| Level | …"), or both are words for ranked choices ("the
    basic *tier*" under "The three paint *systems*"); not a column of it ("the lowest
    *monthly payment*" is no plan's place)."""
    return bool(thing & kind or (thing & TIERS and (kind | heading) & TIERS))


def _tables(units: list[_Unit]) -> list[list[_Unit]]:
    tables: dict[tuple[str, ...], list[_Unit]] = {}
    for unit in units:
        if unit.row and unit.cells:
            tables.setdefault(unit.header, []).append(unit)
    return [rows for rows in tables.values() if len(rows) >= _MIN_ROWS]


def _pick(table: list[_Unit], place: str) -> _Unit | None:
    """The row in that place: by size or price when every row states one, else by order
    (a tier table lists its tiers from the least to the most)."""
    if place in _BY_SIZE | _BY_PRICE:
        priced = place in _BY_PRICE
        pattern = r"\$ ?\d[\d,]*(?:\.\d+)?" if priced else r"^\s*\d[\d,]*(?:\.\d+)?"
        values = [_value(pattern, u.text if priced else u.cells[0]) for u in table]
        if any(v is None for v in values):
            return None  # "the cheapest plan": a table that prices none of its rows
        pick = (max if place in _LAST else min)(range(len(table)), key=lambda n: values[n] or 0)
        return table[pick]
    if place in _LAST:
        return table[-1]
    if place in _FIRST:
        return table[0]
    return table[len(table) // 2] if len(table) % 2 else None


def _value(pattern: str, text: str) -> float | None:
    found = re.search(pattern, text, re.I)
    if found is None:
        return None
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", found.group(0))
    return float(digits.group(0).replace(",", "")) if digits else None

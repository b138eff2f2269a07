"""A table asked about: the column the question asks for, and whether it names a row."""

from __future__ import annotations

from hard_e.brain.reading.figures import _in_range
from hard_e.brain.reading.passages import _Unit
from hard_e.brain.reading.question import _figures
from hard_e.brain.reading.words import _MEASURES, _RELATIONS
from hard_e.text.search import tokenize


def _column(
    unit: _Unit, units: list[_Unit], asked: set[str], words: dict[str, frozenset[str]]
) -> int | None:
    """The one column of the row's table that the question asks for, when it names none
    of the table's rows; else None."""
    if not unit.row or len(unit.header) < _MIN_COLUMNS or len(unit.cells) != len(unit.header):
        return None
    table = [u for u in units if u.row and u.header == unit.header]
    said = set().union(*(words[t] for t in asked)) if asked else set()
    if any(set(tokenize(u.cells[0])) & said for u in table):
        return None  # "the wind rating on Ridgeback": that row
    scores = sorted(
        (
            (sum(1 for t in asked - _RELATIONS if words[t] & set(tokenize(name))), n)
            for n, name in enumerate(unit.header[1:], start=1)
        ),
        reverse=True,
    )
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    at = scores[0][1]
    figures = _figures(asked)
    holding = [u for u in table if len(u.cells) > at and _holds(u.cells[at], figures)]
    if holding and len(holding) < len(table):
        return None  # "fits rafters *16 in* on center", "a *650* score": that row answers
    heads = set(tokenize(" ".join(unit.header)))
    for t in asked - _MEASURES - _figures(asked):
        if words[t] & heads:
            continue
        rows = [u for u in table if words[t] & set(tokenize(" ".join(u.cells)))]
        if rows and len(rows) <= len(table) // 2:
            return None  # "the *kynar* paint": the row that says it answers
    return at


_MIN_COLUMNS = 3


def _names_row(
    unit: _Unit, asked: set[str], words: dict[str, frozenset[str]], title: str = ""
) -> bool | None:
    """Whether the question says the row's name (its first cell) whole (True) or only
    part of it (False: "the Beam 10" of the "Beam 22 Flex" row); None when it says none.
    The maker the document's title names goes without saying: "the shakes" of the
    Ardmore sheet name its row "Ardmore Shake", not "Ardmore Hip and Ridge, shake"."""
    name = set(tokenize(unit.cells[0])) if unit.cells else set()
    said = set().union(*(words[t] for t in asked)) if asked else set()
    if not name & said:
        return None
    return name <= said | set(tokenize(title))


def _holds(cell: str, figures: set[str]) -> bool:
    """Whether a cell states one of the figures, or a range or bound that holds it
    ("640 to 679" holds a 650 credit score, "Under 600" a 580)."""
    return bool(figures & set(tokenize(cell))) or any(_in_range(f, cell) for f in figures)

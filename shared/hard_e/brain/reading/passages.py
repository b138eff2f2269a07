"""A passage cut into what could be read out (sentences, list items, table rows), and
what a passage is about: its topic, its terms, whether it is the library's, its citation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hard_e.knowledge.shared_library import DOCUMENT_ID_PREFIX
from hard_e.text.search import tokenize

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])|\n\s*\n|\n(?=\s*[-*•#A-Z]|\s*\d+[.)])")


_RULER = re.compile(r"^\|?[\s:|-]+\|?$")


_CONDITION = re.compile(
    r"^(if|unless|only|provided|when|except|but|this applies|not |it must|must|requires?|"
    r"as long as|in that case|otherwise)\b",
    re.IGNORECASE,
)


_INTRO = re.compile(
    r"^(this (guide|document|section|sheet|page|booklet|handbook)|in this (guide|section)|"
    r"the following|below (you|are|is)|read this|use this|overview)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Unit:
    """One sentence, list item or table row of a passage, as it would be read out."""

    text: str
    terms: frozenset[str]
    labels: frozenset[str]  # a table row's column headings, or what "It …" refers to
    position: int
    follows: bool = False  # it starts "It …", "They …": read out after the one before
    row: bool = False
    cells: tuple[str, ...] = ()  # a table row's cells, and its table's header row
    header: tuple[str, ...] = ()

    @property
    def kind(self) -> frozenset[str]:
        """What a table row is, as its first column's heading says ("Board": "Lap 38 or
        Lap 716, 8 in" is a board) — said by the row, though never weighed as a label."""
        return frozenset(tokenize(self.header[0])) if self.row and self.header else frozenset()


def _units(text: str) -> list[_Unit]:
    units: list[_Unit] = []
    header: list[str] = []
    lines = text.splitlines()
    rows: dict[int, tuple[str, frozenset[str], tuple[str, ...], tuple[str, ...]]] = {}
    captions: set[int] = set()  # "Who signs what:" above a table labels its rows instead
    said = ""
    for i, line in enumerate(lines):  # tables first: a header row labels the rows below
        stripped = line.strip()
        if not stripped.startswith("|"):
            header, said = [], ""
            continue
        if _RULER.match(stripped):
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if not header and i + 1 < len(lines) and _RULER.match(lines[i + 1].strip()):
            header = cells
            caption = _caption(lines, i)
            if caption is not None:
                captions.add(caption)
            said = " ".join(header[1:]) + (" " + lines[caption] if caption is not None else "")
            rows[i] = ("", frozenset(), (), ())  # the header row itself is no answer
            continue
        rows[i] = (_row(cells), frozenset(tokenize(said)), tuple(cells), tuple(header))
    prose: list[str] = []
    for i, line in enumerate([*lines, ""]):
        if i in captions:
            continue
        if i in rows or i == len(lines) or _RULER.match(line.strip() or "x"):
            units += _prose_units("\n".join(prose), len(units))
            prose = []
            if i in rows and rows[i][0]:
                row_text, labels, row_cells, head = rows[i]
                units.append(
                    _Unit(
                        row_text,
                        frozenset(tokenize(row_text)),
                        labels,
                        len(units),
                        row=True,
                        cells=row_cells,
                        header=head,
                    )
                )
            continue
        prose.append(line)
    return units


def _caption(lines: list[str], header: int) -> int | None:
    """The line just above a table's header (blank lines between) when it ends with a
    colon and says no more than a caption does: "Who signs what:", "Lead times:"."""
    at = header - 1
    while at >= 0 and not lines[at].strip():
        at -= 1
    if at < 0:
        return None
    line = lines[at].strip()
    if line.endswith(":") and not line.startswith("|") and len(line.split()) <= 8:
        return at
    return None


def _prose_units(text: str, start: int) -> list[_Unit]:
    parts = [" ".join(p.split()).strip(" -*•\t#") for p in _SENTENCE.split(text)]
    kept = [p for p in parts if len(p) > 12]
    units: list[_Unit] = []
    for n, part in enumerate(kept):
        terms = frozenset(tokenize(part))
        if n and _PRONOUN.match(part):  # "It ships in 2 to 3 weeks": "it" is said before
            units.append(_Unit(part, terms, units[-1].terms | units[-1].labels, start + n, True))
        else:
            units.append(_Unit(part, terms, frozenset(), start + n))
    return units


_PRONOUN = re.compile(r"^(?:it|its|they|their|this|these|both|each|that)\b", re.IGNORECASE)


def _row(cells: list[str]) -> str:
    """A table row read as words: "| Heartland | 2 to 3 weeks |" → "Heartland: 2 to 3 weeks"."""
    cells = [c for c in cells if c]
    return cells[0] + ": " + ", ".join(cells[1:]) if len(cells) > 1 else "".join(cells)


def cite(passage: dict[str, Any]) -> str:
    where = (
        f"{passage['document']} › {passage['heading']}"
        if passage.get("heading")
        else str(passage["document"])
    )
    return where + (f", p. {passage['page']}" if passage.get("page") else "")


def _topic(passage: dict[str, Any]) -> set[str]:
    return set(tokenize(f"{passage['document']} {passage.get('heading') or ''}"))


def _library(passage: dict[str, Any]) -> bool:
    return str(passage.get("chunk_id", "")).startswith(DOCUMENT_ID_PREFIX)


def _text_terms(passage: dict[str, Any]) -> set[str]:
    return set(tokenize(passage["text"]))


def _terms_of(passage: dict[str, Any]) -> set[str]:
    return _topic(passage) | set(tokenize(passage["text"]))


_LISTED = re.compile(r"(?:[-*•]|\d+[.)])\s")

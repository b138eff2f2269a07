"""Whether a sentence is about the thing asked and not a neighbour: another kind of row,
the thing named apart, the company's own kind, a denial, the figure told next."""

from __future__ import annotations

import itertools
import re

from hard_e.brain.reading.figures import _FIGURE_FREE, _FIGURES
from hard_e.brain.reading.passages import _Unit
from hard_e.text.search import tokenize

FIGURE_NEXT = 2.0
"""What a sentence gains when the figure asked for is in the next one, about the same
thing, read out with it ("… bought as StoneCorner one-piece corners. StoneCorner has two
3.5 in faces …, is 10 ft long"): it makes up for the figure it lacks itself."""


def _told_next(
    unit: _Unit,
    units: list[_Unit],
    kinds: list[str],
    content: set[str],
    words: dict[str, frozenset[str]],
) -> bool:
    """Whether the unit lacks the figure asked for and the next sentence, about one of
    the same key terms, states it."""
    if not kinds or kinds[0] in _FIGURE_FREE or re.search(_FIGURES[kinds[0]], unit.text, re.I):
        return False
    if unit.row or unit.position + 1 >= len(units):
        return False
    after = units[unit.position + 1]
    return (
        not after.row
        and bool(re.search(_FIGURES[kinds[0]], after.text, re.I))
        and any(words[t] & after.terms & unit.terms for t in content)
    )


_NAME_SAID = re.compile(r"(?<=\S )[A-Z][\w-]*")


def _names_one(text: str, asked: set[str]) -> bool:
    """Whether a sentence names something the question doesn't (a name after its first
    word, or a figure): what a "which" question asks for."""
    named = any(set(tokenize(m)) - asked for m in _NAME_SAID.findall(text))
    return named or bool(re.search(r"\d", text))


_DENIED = re.compile(r"\b(?:not|never|no) (?:for|on|in|near|with|within|by)? ?([\w-]+)", re.I)


def _denies(text: str, asked: set[str], words: dict[str, frozenset[str]]) -> set[str]:
    """What of the question the unit says only to rule it out ("not for coastal
    homes"): for a question that asks which to use, that is the wrong choice."""
    ruled_out = set(tokenize(" ".join(_DENIED.findall(text))))
    return {t for t in asked if words[t] & ruled_out}


def _company_kind(
    pairs: list[tuple[str, str]],
    own: frozenset[str],
    document: set[str],
    words: dict[str, frozenset[str]],
    company: set[str],
) -> bool:
    """Whether the unit says the first word of a thing named in two ("a casement
    *flanker*") whose kind only the company's own documents say: the library's casements
    are not the company's bay flankers."""
    return any(words[a] & own and not words[b] & document and words[b] & company for a, b in pairs)


def _other_kind(
    unit: _Unit,
    head: str | None,
    words: dict[str, frozenset[str]],
    topic: set[str],
    section: set[str],
) -> bool:
    """Whether a table row is of another kind than the thing asked about, both kinds the
    document's title names: a "Wrap" row of a "House Wrap and Flashing Tape" guide is no
    answer about "the Rainscreen *tape*", though it names Rainscreen."""
    if head is None or not unit.row or not unit.kind & topic:
        return False
    own = unit.terms | unit.labels | unit.kind | section
    return not words[head] & own and bool(words[head] & topic)


_LEAD = 4  # a sentence's first words: what it is about ("Skylights are flashed …")


def _about(
    unit: _Unit,
    section: set[str],
    thing: set[str],
    words: dict[str, frozenset[str]],
    topic: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Whether the unit is about the thing, not merely naming it among others: the
    document's title, the section's heading, a table row's own kind or first cell, or
    the sentence's first words say every word of it."""
    lead = set(tokenize(unit.text)[:_LEAD])
    if unit.row and unit.cells:
        lead |= set(tokenize(unit.cells[0]))
    about = set(topic) | section | unit.kind | lead
    return all(words[t] & about for t in thing)


def _names_thing(
    unit: _Unit,
    section: set[str],
    thing: set[str],
    words: dict[str, frozenset[str]],
    topic: frozenset[str] | set[str] = frozenset(),
) -> bool:
    """Whether the unit (or its section's heading) names the thing: every word of it,
    and a thing of several words said as one ("metal shingles", not "a metal roof costs
    more than shingles"). One word of several may be the kind the document's title
    names, the unit the rest ("the *drain* wrap" → "WeatherVeil Drain, … roll: $214"
    in a house wrap guide)."""
    says = unit.terms | unit.labels | unit.kind | section  # a row is of its table's kind
    kind = {t for t in thing if not words[t] & says}
    names = set(tokenize(" ".join(re.findall(r"\b[A-Z][\w-]*", unit.text))))
    if len(kind) == 1 and words[next(iter(kind))] & topic and thing - kind <= names:
        thing = thing - kind  # the rest is the name the unit gives it ("Drain")
    if any(not words[t] & says for t in thing):
        return False
    # what only the row's kind says is said of the whole row ("| Dumpster |": "30 yd: …")
    thing = {t for t in thing if not words[t] & unit.kind or words[t] & unit.terms}
    if len(thing) < 2 or all(words[t] & section for t in thing):
        return True
    said = tokenize(unit.text)
    spots: dict[str, list[int]] = {}
    for t in thing:  # the word itself where the unit says it, else a word meaning it
        own = [i for i, w in enumerate(said) if w == t]
        spots[t] = own or [i for i, w in enumerate(said) if w in words[t]]
    return any(
        abs(i - j) <= _PHRASE
        for a, b in itertools.combinations(sorted(spots), 2)
        for i in spots[a]
        for j in spots[b]
    )


_PHRASE = 2

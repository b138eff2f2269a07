"""Consolidation: decide how new candidates change what is already known.

A candidate either repeats something known (merge: the item is confirmed again), or
contradicts it (supersede: the new fact replaces the old one, which is kept with
``valid_to``), or is new (add). Nothing is ever deleted, and planning is pure: the
caller applies the plan to storage.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from hard_e.memory.items import (
    Candidate,
    Category,
    Memory,
    is_negative,
    jaccard,
    normalise,
    numbers,
    owner,
    subject_key,
    terms,
    values,
    word_set,
)

NEAR_DUPLICATE = 0.8
"""Token Jaccard (stemmed, no stop words) at which two wordings are the same item."""
RELATED = 0.5
"""Jaccard of the non-number words at which two items are about the same thing."""
RELATED_SAME_SUBJECT = 0.25
"""The same, when both items also carry the same subject."""
_FACTS: frozenset[Category] = frozenset({"company_fact", "decision"})
_PREPOSITIONS = word_set(
    "at by for from in into of off on out over per through to under until up with within without"
)
_COPULA = re.compile(r"^(?:our|the|my)\s+(?P<what>.+?)\s+(?:is|are)\s+(?:now\s+)?(?P<value>.+)$")


@dataclass(frozen=True)
class Plan:
    """What to do with a batch of candidates; each candidate appears at most once."""

    add: list[Candidate] = field(default_factory=list)
    merge: list[tuple[str, Candidate]] = field(default_factory=list)
    """(existing id, candidate): bump mentions, confidence and updated_at; keep the text."""
    supersede: list[tuple[str, Candidate]] = field(default_factory=list)
    """(existing id, candidate): store the candidate; the existing item ends (valid_to)."""

    @property
    def empty(self) -> bool:
        return not (self.add or self.merge or self.supersede)


@dataclass(frozen=True)
class _Shape:
    """What comparison needs to know about one text."""

    normal: str
    terms: frozenset[str]
    words: frozenset[str]  # terms without numbers
    numbers: frozenset[str]
    values: tuple[tuple[str, frozenset[str]], ...]
    negative: bool
    copula: tuple[frozenset[str], frozenset[str]] | None


@lru_cache(maxsize=4096)
def _shape(text: str) -> _Shape:
    all_terms = frozenset(terms(text))
    copula = _COPULA.match(normalise(text))
    return _Shape(
        normal=normalise(text),
        terms=all_terms,
        words=frozenset(t for t in all_terms if not t[0].isdigit()),
        numbers=numbers(text),
        values=tuple(sorted(values(text).items())),
        negative=is_negative(text),
        copula=(
            (frozenset(terms(copula["what"])), frozenset(terms(copula["value"])))
            if copula and _is_name(copula["value"])
            else None
        ),
    )


def _is_name(value: str) -> bool:
    """Whether "our X is <value>" names one thing ("GAF", "Owens Corning"), rather than
    describing X ("closed on Sundays", "in Denver", "30 percent")."""
    words = value.split()
    return (
        0 < len(terms(value)) <= 3
        and not numbers(value)
        and not set(words) & _PREPOSITIONS
        and not words[0].endswith(("ed", "ing"))  # "booked solid", "selling windows"
    )


@dataclass(frozen=True)
class _Item:
    """A candidate or a stored memory, as consolidation compares them."""

    category: Category
    text: str
    subject: str
    owner: str | None

    @property
    def shape(self) -> _Shape:
        return _shape(self.text)


_Scorer = Callable[[_Item, _Item], float]


def _of(thing: Candidate | Memory) -> _Item:
    return _Item(thing.category, thing.text, thing.subject, owner(thing.category, thing.user_id))


def duplicate_score(new: _Item, old: _Item) -> float:
    """How surely ``new`` says the same as ``old`` (0 when it does not)."""
    if new.category != old.category or new.owner != old.owner:
        return 0.0
    a, b = new.shape, old.shape
    if a.normal == b.normal:
        return 2.0
    if a.numbers != b.numbers or a.negative != b.negative:
        return 0.0
    score = jaccard(a.terms, b.terms)
    return score if score >= NEAR_DUPLICATE else 0.0


def same_thing(new: Candidate | Memory, old: Candidate | Memory) -> bool:
    """Whether two items say the same (as consolidation would merge them)."""
    return duplicate_score(_of(new), _of(old)) > 0


def contradiction_score(new: _Item, old: _Item) -> float:
    """How surely ``new`` replaces ``old`` (0 when both can be true).

    "Our X is A" against "our X is B" conflicts when A and B are names. Otherwise both
    must be about the same thing (similar words, or the same subject and some words in
    common), one's words must include the other's ("for roofs" vs "for siding" can both
    hold), and they must differ in polarity ("we offer" vs "we no longer offer") or in a
    number of the same unit ("6-month" vs "12-month")."""
    same_kind = new.category == old.category or {new.category, old.category} <= _FACTS
    if not same_kind or new.owner != old.owner:
        return 0.0
    a, b = new.shape, old.shape
    overlap = jaccard(a.words, b.words)
    if a.copula and b.copula and a.copula[0] == b.copula[0] and a.copula[1] != b.copula[1]:
        return 1.0 + overlap
    same_subject = bool(subject_key(new.subject)) and subject_key(new.subject) == subject_key(
        old.subject
    )
    related = overlap >= RELATED or (same_subject and overlap >= RELATED_SAME_SUBJECT)
    if not related or _different_qualifiers(a, b):
        return 0.0
    if a.negative != b.negative or _numbers_disagree(a, b):
        return 1.0 + overlap
    return 0.0


def _numbers_disagree(a: _Shape, b: _Shape) -> bool:
    units = dict(b.values)
    return any(unit in units and units[unit] != nums for unit, nums in a.values)


def _different_qualifiers(a: _Shape, b: _Shape) -> bool:
    """Each side has words the other lacks, so the numbers may count different things
    ("$450 a square for tear-off" vs "$300 a square for installation")."""
    return bool(a.words - b.words) and bool(b.words - a.words)


def plan(
    candidates: list[Candidate], existing: list[Memory], *, session_id: str | None = None
) -> Plan:
    """Plan how ``candidates`` change ``existing`` (the tenant's active items, and the
    user's own for PER_USER categories; inactive ones are ignored).

    Candidates that repeat each other are merged first (the most confident wording
    wins); when two in one batch contradict each other, the later one wins. With
    ``session_id``, a candidate repeating an item that this same session created is
    skipped, so a retried learning job does not count its own items twice.
    """
    result = Plan()
    active = [m for m in existing if m.active]
    merged: set[str] = set()
    ended: set[str] = set()
    for candidate in _collapse(candidates):
        item = _of(candidate)
        same = _best(item, [m for m in active if m.id not in ended], duplicate_score)
        if same is not None:
            repeat = same.id in merged or (
                session_id is not None and same.source_session == session_id
            )
            if not repeat:
                merged.add(same.id)
                result.merge.append((same.id, candidate))
            continue
        pool = [m for m in active if m.id not in ended and m.id not in merged]
        rival = _best(item, pool, contradiction_score)
        if rival is not None:
            ended.add(rival.id)
            result.supersede.append((rival.id, candidate))
            continue
        result.add.append(candidate)
    return result


def _best(item: _Item, pool: list[Memory], score: _Scorer) -> Memory | None:
    scored = [(score(item, _of(m)), m.updated_at, m.id, m) for m in pool]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: s[:3])[3] if scored else None


def _collapse(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per thing said in the batch."""
    kept: list[Candidate] = []
    for candidate in candidates:
        item = _of(candidate)
        twin = next((k for k in kept if duplicate_score(item, _of(k)) > 0), None)
        if twin is not None:
            if candidate.confidence > twin.confidence:
                kept[kept.index(twin)] = candidate
            continue
        kept = [k for k in kept if contradiction_score(item, _of(k)) == 0]
        kept.append(candidate)
    return kept

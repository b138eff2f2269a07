"""Contractor vocabulary as search terms: what a rep says ("tyvek", "felt", "pitch",
"veterans") and what the documents write for it ("house wrap", "underlayment",
"slope", "military"). The table is data, ``synonyms.txt`` beside this module, read
once; every word on both sides goes through the product tokeniser, so "nails" and
"nail" or "colors" and "colour" need no line of their own. A phrase written on the right
("handle set") is one equivalent, its search terms joined by a space: its words are not
synonyms one by one ("set" is no "handle"); ``phrase_words`` says which of them a
search may weigh.

Shared by the knowledge search (query expansion) and the offline reader (a key term
counts as said when one of its equivalents is)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from hard_e.text.search import tokenize

__all__ = [
    "TABLE",
    "equivalents",
    "phrase_table",
    "phrase_words",
    "synonym_table",
    "term_equivalents",
]

TABLE = Path(__file__).resolve().parent / "synonyms.txt"


Table = Mapping[tuple[str, ...], frozenset[str]]


@lru_cache(maxsize=4)
def _read(path: Path) -> Table:
    """Said (as search terms: one, or a phrase of several) → the documents' terms."""
    table: dict[tuple[str, ...], set[str]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        said, sep, written = line.partition(":")
        if not sep:
            raise ValueError(f"{path.name}: no ':' in {raw!r}")
        key = tuple(tokenize(said))
        shared = set(key) if len(key) > 1 else set()
        others = {t for phrase in written.split(",") for t in _terms(phrase, shared)}
        if key:
            table.setdefault(key, set()).update(others - set(key))
    return {key: frozenset(found) for key, found in table.items() if found}


def _terms(phrase: str, said: set[str] | None = None) -> set[str]:
    """A written word's search terms, a unit word also as the tokeniser writes it after
    a figure ("degrees" alone is a stem, "40 degrees" the unit "degrees"); a written
    phrase of several words is one term, its words joined by a space. Written for a phrase
    ``said``, the words both share are left out: they are not the difference ("front door:
    entry door" is "entry" said as "front")."""
    words = [w for w in tokenize(phrase) if w not in (said or set())]
    if len(words) > 1:
        return {" ".join(words)}
    if said and not words:
        return set()
    after_figure = {t for t in tokenize("1 " + phrase) if not t[0].isdigit()}
    return set(words) | (after_figure - (said or set()))


def phrase_words(found: frozenset[str], asked: set[str]) -> set[str]:
    """The single search terms of equivalents ``found`` for a search that can only weigh
    words: each one-word equivalent, and the words of a written phrase that shares no
    word with what was ``asked`` ("house wrap" for "tyvek"). A phrase that holds the
    word asked ("handle set" for "handle") only narrows it, and adds nothing."""
    out: set[str] = set()
    for other in found:
        words = other.split(" ")
        if len(words) == 1:
            out.add(other)
        elif not set(words) & asked:
            out.update(words)
    return out


@lru_cache(maxsize=4)
def synonym_table(path: Path = TABLE) -> Mapping[str, frozenset[str]]:
    """One search term → the search terms the documents use for it (never itself); built
    once per table, not on every look-up (a product question looks up dozens of words)."""
    return MappingProxyType({key[0]: found for key, found in _read(path).items() if len(key) == 1})


@lru_cache(maxsize=4)
def phrase_table(path: Path = TABLE) -> Table:
    """A phrase said ("back out", "show up") → the documents' terms ("cancel", "arrive")."""
    return MappingProxyType({key: found for key, found in _read(path).items() if len(key) > 1})


def term_equivalents(terms: list[str], path: Path = TABLE) -> dict[str, frozenset[str]]:
    """Each term of a text (its search terms in order) with the documents' words for
    it: its own line of the table, and those of any phrase it is part of here ("back"
    and "out" of "back out" both stand for "cancel")."""
    single = synonym_table(path)
    out = {t: set(single.get(t, frozenset())) for t in terms}
    for key, found in phrase_table(path).items():
        n = len(key)
        for i in range(len(terms) - n + 1):
            if tuple(terms[i : i + n]) == key:
                for t in key:
                    out[t] |= found
    return {t: frozenset(found - {t}) for t, found in out.items()}


def equivalents(term: str) -> frozenset[str]:
    """The document words for one search term; empty when the table has none."""
    return synonym_table().get(term, frozenset())

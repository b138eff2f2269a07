"""The abbreviations a document defines, "Certified Renovator (CR)": the rep asks by
either name ("the CR", "the renovator"), the document may say the other."""

from __future__ import annotations

import re

__all__ = ["definitions"]

_DEFINED = re.compile(r"\(([A-Z][A-Za-z0-9]{1,6})\)")
_WORD = re.compile(r"[A-Za-z]+")
_JOINING = frozenset({"and", "of", "the", "for", "&"})
_LOOK_BACK = 120


def definitions(text: str) -> dict[str, str]:
    """Each abbreviation the text defines in brackets after the words whose initials it
    spells ("Pre-Renovation Acknowledgment (PRA)", "Renovation, Repair and Painting
    (RRP)", "Silicone-modified polyester (SMP)"), a model's code too ("SelfReg 5 (SR5)":
    a word's capitals and the number) → those words; anything else in brackets is no
    definition."""
    out: dict[str, str] = {}
    for match in _DEFINED.finditer(text):
        short = match.group(1)
        letters = [c.lower() for c in short if c.isalpha() and c.isupper()]
        before = list(_WORD.finditer(text[max(0, match.start() - _LOOK_BACK) : match.start()]))
        need = list(letters)
        start = None
        for word in reversed(before):
            if not need:
                break
            w = word.group(0)
            if w.lower() in _JOINING and start is not None:
                continue
            spelt = _initials(w)
            if need[-len(spelt) :] != spelt:
                break
            del need[-len(spelt) :]
            start = word.start()
        if not need and start is not None and len(letters) >= 2:
            offset = max(0, match.start() - _LOOK_BACK)
            long = text[offset + start : match.start()].strip(" ,")
            if all(d in long for d in re.findall(r"\d+", short)):  # "SelfReg 5 (SR5)"
                out.setdefault(short, long)
    return out


def _initials(word: str) -> list[str]:
    """The letters a word gives an abbreviation: its capitals when it has several
    ("SelfReg" → S, R), else its first letter."""
    capitals = [c.lower() for c in word if c.isupper()]
    return capitals if len(capitals) > 1 else [word[0].lower()]

"""The abbreviations a document defines: the rep asks by either name ("the CR", "the
renovator"), the document may say the other. A document defines one in brackets after
the words ("Certified Renovator (CR)"), in brackets before them ("RCV (replacement cost
value)"), by naming it ("the Tallwater Workmanship warranty, which we call TW"), or in a
glossary table, the words in one cell and the abbreviation in the next ("| Actual Cash
Value | ACV | … |"). Only words whose initials spell the abbreviation define it."""

from __future__ import annotations

import itertools
import re

__all__ = ["definitions"]

_SHORT = r"[A-Z][A-Za-z0-9&]{1,6}"
_AFTER = re.compile(rf"\(({_SHORT})\)")
_BEFORE = re.compile(rf"\b({_SHORT}) \(([A-Za-z][^()]{{3,60}})\)")
_CALLED = re.compile(
    rf"(?:,? which we call|,? called|,? known as|,? or) (?:the |an? )?({_SHORT})\b"
)
_WORD = re.compile(r"[A-Za-z]+")
_JOINING = frozenset({"and", "of", "the", "for", "&", "or", "to", "in", "on", "a"})
_LOOK_BACK = 120


def definitions(text: str) -> dict[str, str]:
    """Each abbreviation the text defines → the words whose initials it spells ("Pre-
    Renovation Acknowledgment (PRA)", "Renovation, Repair and Painting (RRP)",
    "Certificate of Completion (COC)", "Ordinance or Law | O&L"); anything else in
    brackets, or named near words that spell something else, defines nothing."""
    out: dict[str, str] = {}
    for match in _AFTER.finditer(text):
        _define(out, match.group(1), text[max(0, match.start() - _LOOK_BACK) : match.start()])
    for match in _CALLED.finditer(text):
        before = text[max(0, match.start() - _LOOK_BACK) : match.start()]
        _define(out, match.group(1), _before_noun(before))
    for match in _BEFORE.finditer(text):
        words = match.group(2).strip()
        if _spells(match.group(1), words) == 0:
            out.setdefault(match.group(1), words)
    for line in text.splitlines():
        if line.lstrip().startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            for left, right in itertools.pairwise(cells):
                if re.fullmatch(_SHORT, right) and _spells(right, _before_noun(left)) == 0:
                    out.setdefault(right, _before_noun(left))
                elif re.fullmatch(_SHORT, left) and _spells(left, _before_noun(right)) == 0:
                    out.setdefault(left, _before_noun(right))
    return out


def _define(out: dict[str, str], short: str, before: str) -> None:
    """The abbreviation defined by the words that end ``before``, if their initials spell it."""
    start = _spells(short, before)
    long = before[start:].strip(" ,") if start is not None else ""
    if long and all(d in long for d in re.findall(r"\d+", short)):  # "SelfReg 5 (SR5)"
        out.setdefault(short, long)


def _before_noun(before: str) -> str:
    """ "the Tallwater Workmanship warranty": the name without the kind of thing after it."""
    words = before.rstrip(" ,").rsplit(" ", 1)
    return words[0] if len(words) == 2 and words[1].islower() else before


def _spells(short: str, before: str) -> int | None:
    """Where in ``before`` the words start whose initials spell ``short`` and end it (joining
    words such as "of", "or" may spell a letter or be skipped; the first is never one);
    None when no such words end it."""
    letters = [c.lower() for c in short if c.isalpha() and c.isupper()]
    if len(letters) < 2:
        return None
    words = list(_WORD.finditer(before))
    if not words or before[words[-1].end() :].strip(" ,0123456789"):
        return None  # the words end it, or a model's number after them ("SelfReg 5")

    def back(i: int, need: int) -> int | None:
        """The start of the words up to words[i] that spell letters[: need + 1]."""
        if i < 0 or need < 0:
            return None
        word = words[i].group(0)
        low = word.lower()
        joining = low in _JOINING
        # a word gives its first letter, or each of its capitals ("FineMesh" → F, M)
        for said in {low[0], "".join(c for c in word if c.isupper()).lower()} - {""}:
            if "".join(letters[need - len(said) + 1 : need + 1]) != said or len(said) > need + 1:
                continue
            if need + 1 == len(said):
                if not joining:
                    return words[i].start()
                continue
            found = back(i - 1, need - len(said))
            if found is not None:
                return found
        if joining and need < len(letters) - 1:
            return back(i - 1, need)
        return None

    return back(len(words) - 1, len(letters) - 1)

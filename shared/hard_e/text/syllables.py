"""A surname speech-to-text wrote as syllables ("the o cho a roof", "the kel ler job"):
the syllables written as one word again, so the job's name can be looked up.

Joined only where a job is named — after "the", "his", "her" or "their" and before a
trade word or "job" — and only when the run is short pieces (three letters or fewer)
of which at least one is no English word: "the big red roof" stays as said."""

from __future__ import annotations

import re

from hard_e.text.english import is_english

_RUN = re.compile(
    r"\b(?P<before>the|his|her|their|that|this) (?P<run>(?:[a-z]{1,3} ){2,4})"
    r"(?=(?:roof(?:ing)?|siding|windows?|gutters?|doors?|job|project|house|place)\b)",
    re.IGNORECASE,
)


def syllables_joined(message: str) -> str:
    """``message`` with a name heard as syllables before a trade word written as one."""

    def join(m: re.Match[str]) -> str:
        pieces = m["run"].split()
        if all(is_english(p.lower()) for p in pieces):
            return m.group()
        return f"{m['before']} {''.join(pieces)} "

    return _RUN.sub(join, message)

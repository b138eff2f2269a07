"""Where a job's name ends in "put a note on the Keller window job gutters need replacing":
the longest run of leading words that one of the CRM's jobs is called by."""

from __future__ import annotations

import re
from collections.abc import Iterable

LEADING = frozenset({"the", "a", "an"})
TRAILING = frozenset({"job", "project"})


def _word(word: str) -> str:
    """ "Keller's" is keller, "windows" window: a name's word, however it was said."""
    base = re.sub(r"['\u2019]s$", "", word.lower()).strip(".,:;!?")
    return base[:-1] if len(base) > 3 and base.endswith("s") and not base.endswith("ss") else base


def name_words(*names: str) -> frozenset[str]:
    """Every word a job may be called by, from its name, customer and trades."""
    return frozenset(_word(w) for name in names for w in name.split() if w)


def name_ends(said: list[str], jobs: Iterable[frozenset[str]]) -> int:
    """How many of the leading ``said`` words name one job (0: none does). A leading "the"
    and a trailing "job" or "project" belong to the name; at least one word is left over."""
    best = 0
    for called in jobs:
        at = 1 if said and said[0].lower() in LEADING else 0
        named = 0
        while at < len(said) - 1 and _word(said[at]) in called:
            at, named = at + 1, named + 1
        while named and at < len(said) - 1 and said[at].lower() in TRAILING:
            at += 1
        best = max(best, at if named else 0)
    return best

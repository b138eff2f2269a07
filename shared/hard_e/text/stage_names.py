"""A stage as people say it, scored against a company's own stage names.

"install sched", "estmate sent", "contrct signed", "appt set", "punchlist": each said word is
lined up with the stage name's words — the same word, a shortening of it ("sched", "appt",
"insp"), another form of it ("ordered", "installation") or a typo of it (rapidfuzz's
Damerau-Levenshtein, the first letter kept) — and a stage scores by how much of what was said
it explains. A said word that fits none of a stage's words counts against it, so "estimate
sent" is never "Final Invoice Sent" just for sharing "sent".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz import fuzz
from rapidfuzz.distance import DamerauLevenshtein

from hard_e.text.fuzzy import allowed_edits

FILLER = frozenset(
    {"the", "a", "an", "to", "stage", "stages", "step", "phase", "column", "job", "s", "and"}
    | {"&", "-", "—", "into", "onto", "over", "status"}
)
MINOR = frozenset({"in", "on", "of", "for", "at", "as", "is", "by"})  # weigh little
MINOR_WEIGHT = 0.25
SAME, SHORTENED, FORM, JOINED = 1.0, 0.9, 0.85, 0.95
TYPO_COST = 0.1  # a word per typo below SAME
NAME_SHARE = 0.2  # how much of the score is the share of the stage name that was said
SURE = 0.7  # a stage this well explained is the one meant, unless another is as close
LIKELY = 0.5  # from here to SURE: a candidate to ask about, never one to move a job to
CLOSE = 0.1  # two stages this close are both asked about


def words(text: str) -> list[str]:
    """The words of a stage as said or named, without "the", "stage" and the like."""
    return [w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in FILLER]


def _abbreviates(short: str, word: str) -> bool:
    """ "sched" is scheduled, "appt" appointment, "mtls" materials, "presntd" presented:
    the first letter and the rest in order, much shorter than the word or ending as it
    does (letters left out, none added)."""
    if len(short) < 3 or short[0] != word[0] or len(short) >= len(word):
        return False
    if len(short) > 0.7 * len(word) and (short[-1] != word[-1] or len(short) < 5):
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


def _same_stem(said: str, word: str) -> bool:
    """ "ordered" is order, "installation" install, "invoiced" invoice."""
    shared = 0
    for a, b in zip(said, word, strict=False):
        if a != b:
            break
        shared += 1
    return shared >= 4 and shared >= 0.6 * min(len(said), len(word))


def word_fit(said: str, word: str, named: frozenset[str] = frozenset()) -> float:
    """How surely the said word is the stage name's word (0 when it is not). A word that
    is itself in some stage's name (``named``) is that word, never a typo of another."""
    if said == word:
        return SAME
    if len(said) >= 3 and word.startswith(said):
        return SHORTENED
    if _same_stem(said, word):
        return FORM
    if said in named:
        return 0.0  # a word of one stage's name is that word, never a typo of another's
    if _abbreviates(said, word):
        return SHORTENED
    limit = max(allowed_edits(said), allowed_edits(word))
    if limit and said[0] == word[0]:
        typos = DamerauLevenshtein.distance(said, word, score_cutoff=limit)
        if typos <= limit:
            return SAME - TYPO_COST * typos
    return 0.0


def _weight(word: str) -> float:
    return MINOR_WEIGHT if word in MINOR else 1.0


def fit(spoken: str, name: str, vocabulary: frozenset[str] = frozenset()) -> float:
    """How well ``spoken`` explains the stage ``name``, 0 to 1 (``vocabulary``: every
    word of the company's stage names)."""
    said, named = words(spoken), words(name)
    if not said or not named:
        return 0.0
    if "".join(said) == "".join(named):
        return SAME  # "punchlist", "lead in take"
    left = list(named)
    explained = 0.0
    used: list[str] = []
    for w in said:
        best = max(left, key=lambda n: word_fit(w, n, vocabulary), default="")
        score = word_fit(w, best, vocabulary) if best else 0.0
        if score:
            left.remove(best)
            used.append(best)
        elif w in MINOR:
            continue  # an unmatched "in" or "on" neither helps nor hurts
        explained += score * _weight(w)
    said_weight = sum(_weight(w) for w in said if w not in MINOR or w in used)
    share = explained / said_weight if said_weight else 0.0
    named_share = sum(_weight(n) for n in used) / sum(_weight(n) for n in named)
    joined = fuzz.ratio("".join(said), "".join(named)) / 100
    glued = JOINED * joined if joined >= 0.9 and len(said) != len(named) else 0.0
    return max(share * (1 - NAME_SHARE + NAME_SHARE * named_share), glued)


def ranked(spoken: str, names: Iterable[str]) -> list[tuple[str, float]]:
    """Each stage name with its fit to ``spoken``, best first (zero fits left out)."""
    names = list(names)
    vocabulary = frozenset(w for name in names for w in words(name))
    scored = [(name, fit(spoken, name, vocabulary)) for name in names]
    return sorted((s for s in scored if s[1] > 0), key=lambda s: -s[1])


def pick(spoken: str, names: Iterable[str]) -> tuple[str | None, list[str]]:
    """The stage meant, or none and the candidates to ask about (empty: no stage fits).

    A stage is picked only when it is explained well (``SURE``) and no other stage comes
    close; otherwise every stage near the best is a candidate to name back."""
    scored = ranked(spoken, names)
    if not scored or scored[0][1] < LIKELY:
        return None, []
    best = scored[0][1]
    close = [name for name, score in scored if score >= best - CLOSE]
    if best >= SURE and len(close) == 1:
        return close[0], close
    return None, close[:4]

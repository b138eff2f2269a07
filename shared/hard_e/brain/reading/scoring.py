"""A unit's score as an answer: the question's weight it says, the figure kind it
holds, and None when it can't be the answer."""

from __future__ import annotations

import re

from hard_e.brain.reading.figures import _FIGURE_FREE, _FIGURES, _STRICT, _between, _in_range
from hard_e.brain.reading.passages import _Unit
from hard_e.brain.reading.question import _figures
from hard_e.brain.reading.words import _MEASURES
from hard_e.text.search import tokenize

ROW = 1.0
"""A table row reads badly aloud: a sentence that says as much wins by this."""


CONTEXT = 0.85
"""What a key term is worth when the heading (or a table's column) says it, not the
sentence: nearly as much — the heading says what the sentences under it are about."""


BETWEEN = 2.0
"""What a unit gains when both ends of a range it states hold a figure asked ("16 to 30
squares" for "22 squares"): the tier the figure picks, which a table row often is, over
a sentence whose bound merely holds it too ("more than 10 squares of aluminum")."""


HEADED = 0.6
"""A heading saying this share of the question is the question ("I need to think
about it"): the sentences under it answer it, even those that don't repeat it."""


def _score(
    unit: _Unit,
    asked: set[str],
    words: dict[str, frozenset[str]],
    weight: dict[str, float],
    topic: set[str],
    kinds: list[str],
    yes_no: bool = False,
    lasting: bool = False,
    apart: dict[str, frozenset[str]] | None = None,
) -> tuple[float, float] | None:
    """(weight of the question said by the unit with its heading, the unit's score);
    None when the unit can't be the answer. The heading says a term by itself or its
    equivalents less the question's other terms (``apart``)."""
    own = {t for t in asked if words[t] & unit.terms}
    own |= {t for t in _figures(asked) - own if _in_range(t, unit.text)}
    labelled = {t for t in asked - own if words[t] & (unit.labels | unit.kind)}
    heading = {t for t in asked - own - labelled if (apart or words)[t] & topic}
    if not yes_no and _figures(asked) - own - labelled - heading:
        return None  # "a box of *triple 4*": the figure picks the thing; not said here
    measured: set[str] = set()  # "what *sizes*": a length stated says it, weighing nothing
    if kinds and kinds[0] not in _FIGURE_FREE and re.search(_FIGURES[kinds[0]], unit.text, re.I):
        measured = asked & _MEASURES - own - labelled - heading
    if len(own | labelled | heading | measured) < min(2, len(asked)):
        return None
    if not own | labelled and sum(weight[t] for t in heading) < HEADED * sum(weight.values()):
        return None  # says nothing asked, under a heading that isn't the question
    said = sum(weight[t] for t in own | labelled | heading | measured)
    score = sum(weight[t] for t in own) + CONTEXT * sum(weight[t] for t in labelled | heading)
    if kinds:
        wanted = kinds[0]
        if wanted == "price" and not re.search(_FIGURES["price"], unit.text, re.I):
            return None  # a price asked for and not stated here
        needed = [k for k in kinds if k not in _FIGURE_FREE]
        if needed and not yes_no:  # a figure asked for and none stated here: no answer
            # a time or a price must be one ("how many days"); a size may be said in
            # the trade's own units ("two stud bays apart", "stack two high")
            if needed[0] in _STRICT:
                stated = re.search(_FIGURES[needed[0]], unit.text, re.I)
                if not stated:
                    return None
                deadline = rf"\bwithin (?:about )?(?:{_FIGURES['duration']})"
                if lasting and not re.search(
                    _FIGURES["duration"], re.sub(deadline, " ", unit.text, flags=re.I), re.I
                ):
                    return None  # "how long does an inspection take": not "within 48 hours"
            else:  # a number, and not one that is a time or a price ("in 2 days")
                other = "|".join(_FIGURES[k] for k in _STRICT if k not in kinds)
                rest = re.sub(other, " ", unit.text, flags=re.I) if other else unit.text
                counted = _SIZE_SAID if needed[0] == "length" else _FIGURES["count"]
                if not re.search(counted, rest, re.I):
                    return None
        if re.search(_FIGURES[wanted], unit.text, re.I):
            score += 3.0
        elif any(re.search(_FIGURES[k], unit.text, re.I) for k in kinds[1:]):
            score += 1.5
        elif wanted == "count" and re.search(r"\d", unit.text):
            score += 0.5
        else:
            score -= 2.0
    if unit.row:
        score -= ROW
    if any(_between(t, unit.text) for t in _figures(asked)):
        score += BETWEEN
    label = unit.text.partition(":")[0]
    if label != unit.text and len(label) < 40 and asked & set(tokenize(label)):
        score += 1.0  # "Thickness: 0.044 in" — a label, then its value
    return said, score


_SIZE_SAID = (
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|half|third|"
    r"quarter|dozen)\b"
)
"""A size said with a number or a number word ("two stud bays apart"); "every" and "each"
count things but measure nothing ("excluded from *every* Palisade warranty" is no size)."""

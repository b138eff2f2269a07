"""One text toolkit for speech, knowledge, memory and the offline brain."""

from hard_e.text.fuzzy import Corrected, closest, correct
from hard_e.text.words import (
    NEGATIONS,
    STOP_WORDS,
    family_singular,
    normalise,
    numbers,
    stem,
    terms,
    tokens,
)

__all__ = [
    "NEGATIONS",
    "STOP_WORDS",
    "Corrected",
    "closest",
    "correct",
    "family_singular",
    "normalise",
    "numbers",
    "stem",
    "terms",
    "tokens",
]

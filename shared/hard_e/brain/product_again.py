"""A product follow-up asked as the question before about another product: after
"whats the wind rating on tempist", "and the estate one" asks the wind rating of Estate;
after "what's the exposure on the stonelap plank", "and on stonebatten?" asks its
exposure. Only a short follow-up that names a product and nothing else is read so."""

from __future__ import annotations

import re
from typing import Any

from hard_e.brain.reading.products import _brands, _proper, _titled
from hard_e.brain.rules import TRADES, VOCABULARY
from hard_e.text.english import is_english
from hard_e.text.follow_up import FOLLOW_UP
from hard_e.text.search import tokenize

_I = re.IGNORECASE
# What a follow-up's thing is wrapped in: "(about) the estate *one*", "for our stonelap *line*"
_WRAP_BEFORE = re.compile(r"^(?:(?:about|in|for|on|with)\s+)?(?:the|a|an|our)\s+", _I)
_WRAP_AFTER = re.compile(r"\s+(?:ones?|line|kind|version|model)$", _I)
# where a question's thing ends: "the wind rating on *tempist* for a coastal house"
_AFTER = re.compile(
    r"\s+(?:for|on|in|at|with|if|when|over|under|near|by|to|have|has|come|comes|need|needs|"
    r"get|gets|cost|costs|weigh|weighs|last|lasts|is|are|do|does|run|runs)\b|[?.!,]",
    _I,
)
_BEFORE = re.compile(r"\b(?:on|for|of|with|about)\s+(?:the\s+|a\s+|an\s+|our\s+)?", _I)
# The CRM's words the rules are written in ("job", "balance", "tomorrow"): no product's
# name, though a document may use one — the trades excepted ("and the stonelap siding").
_NOT_A_PRODUCT = VOCABULARY - TRADES


def _product_at(question: str, names: frozenset[str]) -> tuple[int, int] | None:
    """Where the previous question names its product: from its first word the documents
    use as a name (``names``, tokens) or no dictionary has ("tempist", "stonelap") to the
    end of that noun phrase."""
    for word in re.finditer(r"[A-Za-z][\w-]*", question):
        said = word.group().lower()
        named = bool(set(tokenize(said)) & names) and said not in _NOT_A_PRODUCT
        if named or (len(said) > 3 and not is_english(said)):
            end = _AFTER.search(question, word.end())
            return word.start(), end.start() if end else len(question.rstrip(" ?.!"))
    return None


def product_names(passages: list[dict[str, Any]]) -> set[str]:
    """The names (tokens) the passages give products, lines and makers."""
    return _brands(passages) | _proper(passages) | _titled(passages)


def names_a_product(said: str, names: frozenset[str]) -> bool:
    """Whether every word of ``said`` is a name the documents use, or no dictionary has."""
    words = said.lower().split()
    return bool(words) and all(
        set(tokenize(w)) <= names or (len(w) > 3 and not is_english(w)) for w in words
    )


def named_again(message: str) -> str | None:
    """The product a short follow-up names ("and the *estate* one"), or None."""
    m = FOLLOW_UP.match(message)
    if m is None:
        return None
    said = _WRAP_AFTER.sub("", _WRAP_BEFORE.sub("", m["ref"].strip(" ,.")))
    if not said or len(said.split()) > 3 or set(said.lower().split()) & _NOT_A_PRODUCT:
        return None
    return said


def ask_of(previous: str, said: str, names: frozenset[str]) -> str | None:
    """``previous`` asked again of the product ``said``, or None when the previous
    question names no product."""
    where = _product_at(previous, names)
    if where is None:
        before = list(_BEFORE.finditer(previous))
        if not before:
            return None
        start = before[-1].end()
        end_at = _AFTER.search(previous, start)
        where = (start, end_at.start() if end_at else len(previous.rstrip(" ?.!")))
    start, end = where
    return f"{previous[:start]}{said}{previous[end:]}"

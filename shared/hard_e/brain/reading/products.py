"""The product and maker names the passages give: run-together brands, capitalised
names never written in lower case, makers named in titles."""

from __future__ import annotations

import re
from typing import Any

from hard_e.text.english import is_english
from hard_e.text.search import tokenize


def _brands(passages: list[dict[str, Any]]) -> set[str]:
    """The product names the passages use, run together the way brands are
    ("StoneShake", "HailGuard", "TrueDeck"): a question that says one, even in lower
    case, is about that product."""
    text = " ".join(str(p["text"]) for p in passages)
    return set(tokenize(" ".join(re.findall(r"\b[A-Z][a-z]+[A-Z]\w*", text))))


_CAPITAL = re.compile(r"(?<=[a-z0-9,)] )[A-Z][a-z]+\b")


_LOWER = re.compile(r"\b[a-z][a-z]+\b")


def _proper(passages: list[dict[str, Any]]) -> set[str]:
    """Names the passages give things: a capitalised word inside a sentence that they
    never write in lower case ("the Beam 10", "Palisade panels"); a question that says
    one, even in lower case, is about that thing."""
    text = "\n\n".join(str(p["text"]) for p in passages)
    lower = set(tokenize(" ".join(_LOWER.findall(text))))
    return set(tokenize(" ".join(_CAPITAL.findall(text)))) - lower


_ABBREVIATION = re.compile(r"\b(?=[A-Z0-9]*[A-Z][A-Z0-9]*[A-Z])[A-Z][A-Z0-9]{1,5}\b")


def _abbreviated(passages: list[dict[str, Any]]) -> set[str]:
    """The abbreviations the passages write in capitals ("the CR", "the PRA", "RRP",
    "SR5"): the documents' own names for a role, a form or a product, so a question that
    says one, even in lower case ("the rrp paperwork"), is about that thing."""
    text = " ".join(str(p["text"]) for p in passages)
    return {t for t in tokenize(" ".join(_ABBREVIATION.findall(text))) if t.isalpha()}


def _titled(passages: list[dict[str, Any]]) -> set[str]:
    """The makers and lines the passages' titles and headings name ("Timberforge", "Lakeshore"):
    a capitalised word no English dictionary has, which no passage writes in lower case. A
    question that says one is about that maker's products, not another's."""
    titles = " ".join(f"{p['document']} {p.get('heading') or ''}" for p in passages)
    text = "\n\n".join(str(p["text"]) for p in passages)
    lower = set(tokenize(" ".join(_LOWER.findall(text))))
    found = {w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", titles) if not is_english(w.lower())}
    return set(tokenize(" ".join(found))) - lower

"""Issue 9: "does the fascia go on before or after the gutters" asks which comes first;
a sentence that names only the fascia ("if the fascia is rotted the crew lead calls the
office before hanging anything") or names both but no order ("fascia is not rated to
carry a gutter") is a confident wrong answer. The other thing must be named by the unit
or its headings (not the title), and an order said. Invented text; the order is still
answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import order_unsaid
from hard_e.brain.reading import extractive_answer
from hard_e.text.search import tokenize


def upload(section: str, text: str, chunk: str) -> dict[str, Any]:
    return {
        "document": "acme-gutters.md",
        "heading": f"Acme Gutter Guide › {section}",
        "text": text,
        "chunk_id": chunk,
    }


ROTTED = upload(
    "Fascia",
    "If the fascia is soft or rotted, the crew lead calls the office before hanging anything.",
    "doc-a:0003",
)
RATED = upload("Fascia", "Fascia is not rated to carry a gutter by itself.", "doc-a:0004")
FIRST = upload(
    "Order of Work", "Fascia covers go on first; the gutters are hung after them.", "doc-a:0005"
)


@pytest.mark.parametrize(
    ("question", "text", "unsaid"),
    [
        ("does the fascia go on before or after the gutters", ROTTED["text"], True),
        ("does the fascia go on before or after the gutters", RATED["text"], True),
        ("do we wrap before or after the windows", "Wrap the walls with one layer", True),
        ("does the fascia go on before or after the gutters", FIRST["text"], False),
        ("do we wrap before or after the windows", "Wrap goes on before the windows", False),
        ("does the fascia go on before the gutters", ROTTED["text"], False),  # no choice asked
    ],
)
def test_an_order_asked_names_the_other_thing_and_an_order(
    question: str, text: str, unsaid: bool
) -> None:
    words = {t: frozenset({t}) for t in tokenize(question)}
    assert order_unsaid(question, text, set(tokenize(text)), words) is unsaid


@pytest.mark.parametrize(
    "question",
    [
        "does the fascia go on before or after the gutters",
        "is the fascia done before or after the gutters",
        "do we put fascia on before or after gutters",
    ],
)
def test_no_order_is_no_answer(question: str) -> None:
    # Given fascia sentences that order nothing against the gutters
    # When the rep asks which goes first
    # Then the reader admits
    assert extractive_answer(question, [ROTTED, RATED]) is None


def test_the_order_is_answered() -> None:
    answer = extractive_answer(
        "does the fascia go on before or after the gutters", [ROTTED, RATED, FIRST]
    )

    assert answer is not None and "go on first" in answer

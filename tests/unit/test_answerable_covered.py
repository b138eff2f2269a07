"""Issue 9: "does our workmanship guarantee cover *storm damage*" asks whether one thing
is covered; a sentence about the warranty that never says that thing ("our gutters carry
a 20-year workmanship warranty against leaks and sagging") answers neither yes nor no,
and read out it is a confident wrong answer. The thing must be said by the unit or the
headings over it — not by the document's title or file name. Invented text; near-twins
that say the thing (covered or excluded) are still answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import covered_unsaid
from hard_e.brain.reading import extractive_answer
from hard_e.text.search import tokenize


def upload(section: str, text: str, chunk: str) -> dict[str, Any]:
    return {
        "document": "acme-storm-damage-guide.md",
        "heading": f"Acme Gutters — Crew Guide › {section}",
        "text": text,
        "chunk_id": chunk,
    }


LEAKS = upload(
    "Warranty",
    "Our seamless gutters carry a 20-year workmanship warranty against leaks at the corners "
    "and against sagging.",
    "doc-acme:0003",
)
EXCLUDED = upload(
    "Warranty Exclusions",
    "The workmanship warranty does not cover storm damage, falling limbs or ladders leaned "
    "on the gutter.",
    "doc-acme:0004",
)
LABOUR = upload(
    "Warranty", "The gutter warranty pays for labour in the first 5 years.", "doc-acme:0005"
)


@pytest.mark.parametrize(
    ("question", "says", "unsaid"),
    [
        ("does our workmanship guarantee cover storm damage", "warranty leak sag", True),
        ("does the gutter warranty cover ice dams", "gutter ice north side", True),  # no dams
        ("does the warranty pay for labor", "warranty 20 year leak", True),
        ("does our workmanship guarantee cover storm damage", "storm damage limb", False),
        ("does the warranty pay for labor", "warranty labor 5 year", False),
        ("what does the warranty cover", "warranty leak", False),  # nothing named
        ("how many squares does a pallet cover", "pallet 3 squar", False),
    ],
)
def test_the_thing_asked_covered_must_be_said(question: str, says: str, unsaid: bool) -> None:
    terms = set(tokenize(says))
    words = {t: frozenset({t}) for t in tokenize(question)} | {"labor": frozenset({"labour"})}
    assert covered_unsaid(question, terms, words) is unsaid


@pytest.mark.parametrize(
    "question",
    [
        "does our workmanship guarantee cover storm damage",  # the file's name says it
        "does our workmanship guarantee cover hail",
        "does our workmanship guarantee cover rust",
        "does our gutter guarantee cover clogs",
        "does the gutter warranty cover hail damage",
    ],
)
def test_a_warranty_that_never_says_the_thing_is_no_answer(question: str) -> None:
    # Given a warranty sentence about leaks and sagging only
    # When the rep asks whether it covers something else
    # Then the reader admits instead of reading the warranty out
    assert extractive_answer(question, [LEAKS]) is None


@pytest.mark.parametrize(
    ("question", "passages", "fact"),
    [
        ("does our workmanship guarantee cover storm damage", [LEAKS, EXCLUDED], "storm damage"),
        ("does the workmanship warranty cover falling limbs", [LEAKS, EXCLUDED], "falling limbs"),
        ("does the gutter warranty pay for labour", [LABOUR], "pays for labour"),
    ],
)
def test_the_thing_said_is_answered(
    question: str, passages: list[dict[str, Any]], fact: str
) -> None:
    answer = extractive_answer(question, passages)

    assert answer is not None and fact in answer

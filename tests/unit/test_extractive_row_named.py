"""Issue 9, tables: a row answers only when it names the product or tier asked and says
the thing asked. "How thick is the Plus awning in mil" is not the "Guard" row's 10 mil
(another row of the table is the one named); "what r value does the Premium shade give"
is not the Premium row when no column is an R-value: the documents don't say it."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer
from hard_e.brain.reading.question import asked_attribute
from tests.support.passages import passages_of

passage = passages_of("sunguard-awnings.md", "SunGuard Awnings — Packages", "doc-sun:0001")

PACKAGES = passage(
    "The packages",
    "| Package | Fabric | Shade | Wind rating | Price per ft |\n|---|---|---|---|---|\n"
    "| SunGuard Basic | Acrylic canvas | 60% | 25 mph | $40 |\n"
    "| SunGuard Plus | Solution-dyed acrylic | 75% | 35 mph | $55 |\n"
    "| SunGuard Premium | PVC-coated polyester | 90% | 45 mph | $70 |\n"
    "| SunGuard Guard | Vinyl 10 mil storm fabric | 95% | 60 mph | $85 |\n",
)


@pytest.mark.parametrize(
    "question",
    [
        "how thick is the plus awning fabric in mil",
        "what thickness is the basic fabric in mil",
        "what r value does the premium awning give",
        "what u factor do the windows get with the premium awning",
    ],
)
def test_a_row_without_the_named_tier_or_the_asked_figure_is_no_answer(question: str) -> None:
    assert extractive_answer(question, [PACKAGES]) is None


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("what is the wind rating of sunguard premium", "45 mph"),
        ("how thick is the guard fabric in mil", "10 mil"),
        ("what does the plus package cost per ft", "$55"),
    ],
)
def test_the_named_row_still_answers_what_it_says(question: str, fact: str) -> None:
    said = extractive_answer(question, [PACKAGES])

    assert said is not None and fact in said


def test_a_rating_asked_by_its_letter_is_the_rating() -> None:
    assert asked_attribute("what r value do the windows get with the max film") == {"valu"}


@pytest.mark.parametrize(
    ("question", "answers"),
    [
        ("how thick is the guard fabric in mil", True),
        ("how thick is the guard fabric in mm", False),
        ("what's the guard wind rating in mph", True),
    ],
)
def test_a_figure_asked_in_a_unit_is_stated_in_it(question: str, answers: bool) -> None:
    assert (extractive_answer(question, [PACKAGES]) is not None) is answers

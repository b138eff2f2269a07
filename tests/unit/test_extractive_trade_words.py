"""Issue 9: a rep names a thing in the trade's everyday words and the sheet in its own —
"the dirt" is finished grade, "the basic warranty" the Standard tier, "how much extra"
the waste factor, "freezing" a temperature and "more money" a price. The reader
finds the sentence or row either way."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer


def passage(
    heading: str, text: str, document: str = "pinecrest-exteriors-guide.md"
) -> dict[str, Any]:
    return {
        "document": document,
        "heading": f"Pinecrest Exteriors Guide › {heading}",
        "text": text,
        "chunk_id": "doc-pine:0004",
    }


CLEARANCES = passage(
    "Clearances",
    "| Location | Minimum clearance | Notes |\n|---|---|---|\n"
    "| Finished grade (soil, mulch, stone) | 6 in | Measured to the bottom edge of the first "
    "course |\n"
    "| Roof line, where a wall meets shingles | 1 in | Kickout flashing at every roof edge |\n"
    "| Deck surface | 2 in | Flash the ledger behind the siding |\n",
    document="pinecrest-wood-siding-guide.md",
)
WARRANTY = passage(
    "Limited Warranty",
    "| Tier | Term | Labour covered | Who may install |\n|---|---|---|---|\n"
    "| Standard | 50 years | First 10 years | Any installer |\n"
    "| Shield | 50 years | First 15 years | Certified installer |\n"
    "| Shield Plus | Lifetime | First 25 years | Master installer |\n",
)
ESTIMATING = passage(
    "Estimating",
    "Add 10% waste on a simple gable roof. Add 15% waste for hip roofs or roofs with more "
    "than two valleys.",
)
WEATHER = passage(
    "Weather Limits",
    "Minimum installation temperature: 20°F outside. Below that the sealant will not "
    "bond; reschedule the install.",
)
COLOURS = passage(
    "Colours",
    "White, almond and clay are standard. Black and bronze exteriors cost 12% more and add "
    "2 weeks to the lead time.",
)


@pytest.mark.parametrize(
    "question",
    [
        "how high off the dirt does the first course have to sit",
        "how far above the dirt does the bottom edge of the siding go",
    ],
)
def test_the_dirt_is_finished_grade(question: str) -> None:
    answer = extractive_answer(question, [CLEARANCES])

    assert answer is not None
    assert answer.startswith("Finished grade (soil, mulch, stone): 6 in")


@pytest.mark.parametrize(
    "question",
    [
        "does the basic warranty pay for labor",
        "on the basic warranty how many years of labour",
    ],
)
def test_the_basic_warranty_is_the_standard_tier(question: str) -> None:
    answer = extractive_answer(question, [WARRANTY])

    assert answer is not None
    assert answer.startswith("Standard: 50 years, First 10 years")


@pytest.mark.parametrize(
    "question",
    ["how much extra do i order on a hip roof", "what extra should we add for a hip roof"],
)
def test_extra_to_order_is_the_waste_factor(question: str) -> None:
    answer = extractive_answer(question, [ESTIMATING])

    assert answer is not None
    assert "15% waste for hip roofs" in answer


@pytest.mark.parametrize(
    "question",
    ["can we still install when it's freezing", "is it ok to install if it is freezing"],
)
def test_freezing_asks_for_the_installation_temperature(question: str) -> None:
    answer = extractive_answer(question, [WEATHER])

    assert answer is not None
    assert "20°F" in answer


def test_more_money_asks_for_the_price() -> None:
    answer = extractive_answer("is a black exterior more money", [COLOURS])

    assert answer is not None
    assert "cost 12% more" in answer


DRAINS = passage(
    "Drains and Ponding",
    "Internal drains: a retrofit drain with a clamping ring, at least one drain per 1,000 sq "
    "ft of low-slope roof. Scuppers go at the low edge.",
    document="bayline-low-slope-membrane-guide.md",
)
INSPECTION = passage(
    "Inspection and Maintenance",
    "A low-slope roof should be inspected twice a year, in spring and in autumn, and after "
    "every major storm.",
    document="bayline-low-slope-membrane-guide.md",
)


def test_a_flat_roof_is_a_low_slope_roof_for_drains() -> None:
    answer = extractive_answer("how many drains do i need on a flat roof", [DRAINS])

    assert answer is not None
    assert "at least one drain per 1,000 sq ft" in answer


def test_a_flat_roof_is_a_low_slope_roof_for_inspections() -> None:
    answer = extractive_answer("how often should a flat roof get inspected", [INSPECTION])

    assert answer is not None
    assert "twice a year" in answer

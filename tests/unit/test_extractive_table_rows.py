"""Issue 9, tables: a row is the thing its first column's heading names — under
"| Board | Exposure | Pieces per square |" the row "Lap 38 or Lap 716, 8 in" is a board —
so a question about "the 8 inch boards" finds that row, not a sentence about other pieces."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer
from tests.support.passages import passages_of

passage = passages_of("oakridge-wood-siding-guide.md", "Oakridge Wood Siding Guide", "doc-oak:0007")


COVERAGE = passage(
    "Coverage",
    "| Board | Exposure | Pieces per square (100 sq ft) |\n|---|---|---|\n"
    "| Lap 38, 6 in | 5 in | 15 |\n"
    "| Lap 38 or Lap 716, 8 in | 7 in | 11 |\n"
    "| Lap 716, 12 in | 11 in | 8 |\n",
)
ROLLS = passage(
    "Underlayment",
    "| Membrane | Coverage per roll | Use |\n|---|---|---|\n"
    "| Standard felt 15 | 4 squares | Walls and low-wind roofs |\n"
    "| Synthetic 30 | 10 squares | Every roof above 4:12 |\n",
)


@pytest.mark.parametrize(
    ("question", "row"),
    [
        ("how many 8 inch boards make a square", "Lap 38 or Lap 716, 8 in: 7 in, 11"),
        ("how many 12 inch boards in a square", "Lap 716, 12 in: 11 in, 8"),
    ],
)
def test_a_row_is_the_thing_its_first_column_names(question: str, row: str) -> None:
    answer = extractive_answer(question, [COVERAGE])

    assert answer is not None
    assert answer.startswith(row)


def test_a_membrane_row_answers_for_the_membrane() -> None:
    answer = extractive_answer(
        "how many squares does a roll of synthetic 30 membrane cover", [ROLLS]
    )

    assert answer is not None
    assert answer.startswith("Synthetic 30: 10 squares")


SIZES = passage(
    "The Basics",
    "A bow is four, five or six units of the same width set in a gentle curve.\n\n"
    "| Unit | Panels | Width range | Projection |\n|---|---|---|---|\n"
    "| Bow 4-lite | 4 | 72 in to 120 in | 14 in to 18 in |\n"
    "| Bow 6-lite | 6 | 108 in to 168 in | 18 in to 24 in |\n",
)


@pytest.mark.parametrize(
    ("question", "row"),
    [
        ("widest bow i can sell with six units in it", "Bow 6-lite: 6, 108 in to 168 in"),
        ("what's the narrowest 4-lite bow", "Bow 4-lite: 4, 72 in to 120 in"),
    ],
)
def test_the_widest_asks_for_a_width_and_the_row_that_states_it(question: str, row: str) -> None:
    answer = extractive_answer(question, [SIZES])

    assert answer is not None
    assert answer.startswith(row)

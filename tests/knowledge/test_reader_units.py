"""A unit the rep says in full that the sheet writes short, or the other way round
("what horsepower" / "1/2 HP", "how many pounds" / "lb", "how many feet" / "ft")
is the same word to the offline reader (issue 9)."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.reading import extractive_answer


def passage(heading: str, text: str) -> dict[str, Any]:
    return {"document": "opener-sheet.md", "heading": heading, "text": text, "chunk_id": "d-9:0002"}


OPENERS = passage(
    "Opener Sheet › Openers",
    "| Opener | Drive | Motor | Price |\n|---|---|---|---|\n"
    "| Quietline Q40 | Belt | 3/4 HP DC | $540 |\n"
    "| Torqueline T20 | Chain | 1/2 HP AC | $360 |",
)
RAILS = passage(
    "Opener Sheet › Rails",
    "The standard rail fits doors up to 7 ft tall; an 8 ft door needs the extension rail. A"
    " boxed opener weighs 38 lb.",
)


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("what horsepower is the belt drive opener", "3/4 HP"),
        ("how much horsepower does the torqueline have", "1/2 HP"),
        ("how many pounds does a boxed opener weigh", "38 lb"),
        ("how many feet tall a door fits the standard rail", "7 ft"),
    ],
)
def test_a_unit_said_in_full_finds_the_sheet_writing_it_short(question: str, says: str) -> None:
    said = extractive_answer(question, [OPENERS, RAILS])

    assert said is not None and says in said, question


SHUTTERS = passage(
    "Opener Sheet › Options",
    "| Option | Rating | Added cost |\n|---|---|---|\n"
    "| StormBar 120 | 120 mph | $310 |\n| StormBar 150 | 150 mph | $690 |",
)


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("whats the 150 mph upgrade cost", "$690"),
        ("how much is the upcharge for stormbar 120", "$310"),
    ],
)
def test_an_upgrade_is_what_a_sheet_calls_an_added_cost(question: str, says: str) -> None:
    said = extractive_answer(question, [SHUTTERS, OPENERS])

    assert said is not None and says in said, question


STYLES = passage(
    "Opener Sheet › Door styles",
    "The Harlow carriage house door has decorative handles that are glued on and do not turn."
    " The Vista full-view door is aluminum and glass and comes up to 18 ft wide.",
)


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("do the handles on the barn style door turn", "do not turn"),
        ("do the handles on a barn style door work", "do not turn"),
    ],
)
def test_a_door_style_in_the_reps_words_is_the_sheets_style(question: str, says: str) -> None:
    said = extractive_answer(question, [STYLES, OPENERS])

    assert said is not None and says in said, question

"""Issue 9, answer or admit: a table row is of the kind its first column names; when the
document's title names two kinds ("House Wrap and Flashing Tape"), a question about one
("the Coastal *tape*") is never answered with a row of the other (the Coastal *wrap*)."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

WRAPS = {
    "document": "acme-house-wrap-guide.md",
    "heading": "Acme House Wrap and Flashing Tape — Crew Guide › The Wraps",
    "text": "| Wrap | Weight | Perm rating | UV exposure limit |\n"
    "|---|---|---|---|\n"
    "| Acme Classic | 1.8 oz per sq yd | 54 perms | 120 days |\n"
    "| Acme Coastal | 4.5 oz per sq yd | 30 perms | 180 days |\n",
    "chunk_id": "doc-wrap:0002",
}


@pytest.mark.parametrize(
    "question",
    [
        "what's the perm rating on the coastal tape",
        "what's the weight of the coastal tape",
        "what's the uv exposure limit for the classic tape",
    ],
)
def test_a_row_of_the_wraps_is_no_answer_about_a_tape(question: str) -> None:
    assert extractive_answer(question, [WRAPS]) is None


def test_a_row_of_the_kind_asked_answers() -> None:
    answer = extractive_answer("what's the perm rating on the coastal wrap", [WRAPS])

    assert answer is not None
    assert "30 perms" in answer


LINES = {
    "document": "Acme Vinyl Siding Lines — Product Specification Sheet",
    "heading": "Line Overview",
    "text": "| Line | Panel thickness | Panel length | Wind rating |\n"
    "|---|---|---|---|\n"
    "| Acme Classic | 0.040 in | 12 ft | 110 mph |\n"
    "| Acme Board and Batten | 0.050 in | 10 ft | 150 mph |\n",
    "chunk_id": "lib-acme-vinyl:0002",
}


def test_a_material_the_title_names_is_no_other_kind() -> None:
    answer = extractive_answer("what's the wind rating on the vinyl board and batten", [LINES])

    assert answer is not None
    assert "150 mph" in answer


WINDOWS = {
    "document": "Acmeview Vinyl Windows — Series 300 and 500 Specification Guide",
    "heading": "Series Overview",
    "text": "| Series | Use | Frame depth | Design pressure |\n"
    "|---|---|---|---|\n"
    "| Series 300 | New construction | 3 in | DP 35 |\n"
    "| Series 500 | Replacement | 3.25 in | DP 50 |\n",
    "chunk_id": "lib-acmeview:0002",
}


@pytest.mark.parametrize(
    ("question", "passages", "said"),
    [
        ("whats the like wind rating on the board and batten vinyl", [LINES], "150 mph"),
        ("what's the wind rating on the acme classic vinyl", [LINES], "110 mph"),
        ("whats the design pressure on the acmeview 500", [WINDOWS], "DP 50"),
    ],
)
def test_a_maker_or_a_material_asked_last_is_no_other_kind(
    question: str, passages: list[dict[str, str]], said: str
) -> None:
    answer = extractive_answer(question, passages)

    assert answer is not None
    assert said in answer

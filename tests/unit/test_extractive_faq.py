"""Issue 9: in an FAQ the question lines ("**Do they come with screens?**") ask; the
sentence after one tells. The reader reads out the telling sentence, never the question."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

FAQ = {
    "document": "northbay-window-faq.md",
    "heading": "Northbay Bay and Bow Windows — Dealer FAQ › Which Units Open",
    "text": "**Can all the windows in a bay open?**\n\n"
    "On a bay, the centre unit is always a fixed picture window. The two flankers can be "
    "casements or double-hungs.\n\n"
    "**Do they come with screens?**\n\n"
    "Every operating unit ships with a full screen. Fixed units don't get one.",
    "chunk_id": "doc-northbay:0004",
}


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("do the bay windows come with screens", "Every operating unit ships with a full screen"),
        ("do they come with screens", "Every operating unit ships with a full screen"),
        ("can all the windows in a bay open", "the centre unit is always a fixed picture window"),
    ],
)
def test_the_faq_answer_is_read_out_not_its_question(question: str, said: str) -> None:
    answer = extractive_answer(question, [FAQ])

    assert answer is not None
    assert said in answer
    assert "?" not in answer.split(" (Source:")[0]

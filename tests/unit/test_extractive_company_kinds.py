"""Issue 9, answer or admit: a thing named in two words whose kind only the company's own
documents say ("a casement *flanker*" of its bay windows) is not what the industry
library's sentence on the first word ("casements usually meet egress …") is about."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

LIBRARY = {
    "document": "Acme Vinyl Windows — Specification Guide",
    "heading": "Hardware and Safety",
    "text": "- Cam-action sash locks on every operating sash\n"
    "- Egress: bedroom windows must meet local egress codes; casements usually meet egress "
    "at a smaller size than double-hungs",
    "chunk_id": "lib-acme-windows:0006",
}
COMPANY = {
    "document": "lakeview-bay-window-faq.md",
    "heading": "Lakeview Bay Windows — Dealer FAQ › Which Units Open",
    "text": "On a bay, the centre unit is always a fixed picture window. The two flankers can "
    "be casements or double-hungs, and both open.",
    "chunk_id": "doc-bay:0003",
}


@pytest.mark.parametrize(
    "question",
    [
        "is a casement flanker big enough to count as an egress window",
        "does a casement flanker meet egress in a bedroom",
        "will a double-hung flanker pass egress code",
    ],
)
def test_the_librarys_casements_are_not_the_companys_flankers(question: str) -> None:
    assert extractive_answer(question, [LIBRARY, COMPANY]) is None


def test_the_library_still_answers_about_its_own_casements() -> None:
    answer = extractive_answer(
        "do casements meet egress at a smaller size than double hungs", [LIBRARY, COMPANY]
    )

    assert answer is not None
    assert "casements usually meet egress" in answer

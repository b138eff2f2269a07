"""Issue 9, answer or admit: a yes/no question is about its subject ("can we use *the
wrap* as …", "can *the house wrap* go over …"); a passage that never says it — or says
it only by a heading's look-alike ("Ice Barrier" for a wrap) — is about something else."""

from __future__ import annotations

import pytest

from hard_e.brain.reading import extractive_answer

ICE = {
    "document": "Acme Asphalt Roofing Shingles — Product and Installation Summary",
    "heading": "Installation Rules › Underlayment and Ice Barrier",
    "text": "In climates with ice dams, AcmeShield must run from the eave edge up the roof to at "
    "least 24 in inside the interior wall line. AcmeShield is also required in every valley.",
    "chunk_id": "lib-acme-roof:0007",
}
SHEATHING = {
    "document": "Acme Vinyl Siding Installation Guide",
    "heading": "Wall Preparation › Sheathing and Framing",
    "text": "- Install over a flat nailable surface: wood structural sheathing or solid framing\n"
    "- Acme Insulated may be installed over studs at up to 24 in on center because the foam "
    "board backer stiffens the panel",
    "chunk_id": "lib-acme-vinyl:0004",
}
WRAP = {
    "document": "acme-house-wrap-guide.md",
    "heading": "Acme House Wrap — Crew Guide › Over Foam",
    "text": "The wrap may go over foam board insulation when every foam seam is taped first.",
    "chunk_id": "doc-wrap:0006",
}


@pytest.mark.parametrize(
    "question",
    [
        "can we use the wrap as a roof underlayment",
        "could we use the house wrap as underlayment on the roof",
        "can the house wrap go on over foam board insulation",
        "can the wrap go over foam board",
    ],
)
def test_a_passage_that_never_says_the_subject_is_no_answer(question: str) -> None:
    assert extractive_answer(question, [ICE, SHEATHING]) is None


def test_the_passage_about_the_subject_answers() -> None:
    answer = extractive_answer(
        "can the house wrap go on over foam board insulation", [ICE, SHEATHING, WRAP]
    )

    assert answer is not None
    assert "every foam seam is taped" in answer

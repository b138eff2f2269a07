"""With Claude, another rep goes on an appointment at once only when the rep asked for
that change in their own words; otherwise the change waits for their OK."""

from __future__ import annotations

import pytest

from hard_e.tools.requested import unrequested

ARGS = {"appointment_id": 7030, "user_id": 12}


@pytest.mark.parametrize(
    "said",
    [
        "put Marcus on the Keller site visit instead",
        "put Marcus on the Keller site visit",
        "swap the rep on my 3 o'clock",
        "give the Keller site visit to Tasha",
        "have Luis take my 2pm",
        "can Marcus cover the Keller visit",
        "Marcus is taking the Baxter visit",
        "send Luis to my 3pm",
        "switch the keller visit over to priya",
        "reassign the Novak walkthrough",
    ],
)
def test_asked_for_in_the_reps_words(said: str) -> None:
    assert unrequested("reassign_appointment", ARGS, said) is None


@pytest.mark.parametrize(
    "said",
    [
        "what's on the calendar this week?",
        "do I have anything on friday",
        "take me to the keller job",
        "move the Keller site visit to Friday at 10",
        "who is on the Keller site visit?",
    ],
)
def test_not_asked_for_waits(said: str) -> None:
    assert unrequested("reassign_appointment", ARGS, said) is not None

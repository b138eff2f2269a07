"""A change asked of the message just drafted, read from the rep's words."""

from __future__ import annotations

import pytest

from hard_e.brain.rewording import Rewording, letter, rewording


@pytest.mark.parametrize(
    ("said", "tone"),
    [
        ("Could you make it a little friendlier? She's a long-time customer.", "friendly"),
        ("can you warm that up a bit", "friendly"),
        ("That's kind of long for a text, shorten it?", "short"),
        ("make the email more professional", "formal"),
    ],
)
def test_a_tone_asked_of_the_draft_is_read(said: str, tone: str) -> None:
    assert rewording(said) == Rewording(tone=tone)


def test_words_to_add_are_the_reps_own() -> None:
    assert rewording("Please add that the crew arrives at 8 in the morning.") == Rewording(
        more="the crew arrives at 8 in the morning"
    )
    assert rewording("also mention that we'll bring samples") == Rewording(
        more="we'll bring samples"
    )


@pytest.mark.parametrize(
    "said",
    [
        "add a note that she paid the deposit",  # a note on a job, not the draft
        "add Luis to the Keller site visit",
        "which siding is friendlier to paint, vinyl or fiber cement?",  # no draft named
        "is the Keller bid too long to let sit?",
        "sorry, say that again?",  # no words to add
        "add that to the Keller notes",  # "that" put somewhere else
    ],
)
def test_other_requests_change_no_draft(said: str) -> None:
    assert rewording(said) is None


def test_a_friendly_letter_keeps_the_words_and_warms_the_ends() -> None:
    words = letter("Donna", "Your roof is booked.", "Dana", "Summit", "friendly")
    assert words.startswith("Hi Donna,\n\nI hope you're doing well! Your roof is booked.")
    assert "Warm regards,\nDana\nSummit" in words


def test_a_yes_with_cancel_is_a_yes_only_to_a_cancellation() -> None:
    from hard_e.tools.decisions import yes_to_a_cancellation

    assert yes_to_a_cancellation("Yes, go ahead and cancel it.", ["cancel_appointment"])
    assert not yes_to_a_cancellation("Yes, go ahead and cancel it.", ["send_email"])
    assert not yes_to_a_cancellation("no, cancel it", ["cancel_appointment"])

"""A body dictated about the customer is sent to them in the second person."""

from __future__ import annotations

import pytest

from hard_e.text.recipient import addressed


@pytest.mark.parametrize(
    ("message", "body", "sent"),
    [
        (
            "email Steven Keller and tell him his bid is ready",
            "his bid is ready",
            "your bid is ready",
        ),
        (
            "text Karen that her windows came in and she needs to be home",
            "her windows came in and she needs to be home",
            "your windows came in and you need to be home",
        ),
        (
            "x",
            "she doesn't need to be home, we'll call her tomorrow",
            "you don't need to be home, we'll call you tomorrow",
        ),
        (
            "x",
            "he's been approved and the permit is his.",
            "you've been approved and the permit is yours.",
        ),
        ("let them know their permit is in", "their permit is in", "your permit is in"),
        (
            "x",
            "her own dumpster is coming, give her a call",
            "your own dumpster is coming, give you a call",
        ),
    ],
)
def test_the_customer_is_spoken_to(message: str, body: str, sent: str) -> None:
    assert addressed(message, body) == sent


@pytest.mark.parametrize(
    "body",
    [
        "Mike said he'd be late",  # someone else's "he"
        "they are delivering monday",  # "they" only when the lead-in said "them"
        "we're running 15 minutes late",
    ],
)
def test_someone_elses_pronouns_are_left_alone(body: str) -> None:
    assert addressed("text Linda Albright that " + body, body) == body

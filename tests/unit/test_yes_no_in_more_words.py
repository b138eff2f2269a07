"""A yes or a no to "say yes to send it" said with thanks, a reason run on without a
comma, or in a learner's English — and nothing that only sounds pleased is a yes."""

from __future__ import annotations

import pytest

from hard_e.brain.confirm import decision


@pytest.mark.parametrize(
    ("reply", "verdict"),
    [
        ("Is good, please send it", "approve"),
        ("is fine, send it", "approve"),
        ("That's perfect, thank you, go ahead and send it", "approve"),
        ("great, thanks, send it", "approve"),
        ("Thank you but no, please do not send, she knows already", "deny"),
        ("nah hold", "deny"),
        ("hold", "deny"),
        ("hang on leave it I'll just call her", "deny"),
        ("no I'd rather call him", "deny"),
        ("No, wait, not send. I call her myself", "deny"),
        ("not send it", "deny"),
    ],
)
def test_a_yes_or_a_no_in_more_words(reply: str, verdict: str) -> None:
    assert decision(reply) == verdict


@pytest.mark.parametrize(
    "reply",
    [
        "thank you",
        "great thanks",
        "you good?",
        "ok I'm sending it myself",
        "sure I'll send it myself",
        "yes I'll change the time instead",
        "good morning",
        "not good",
    ],
)
def test_a_thanks_or_a_plan_of_ones_own_is_no_yes(reply: str) -> None:
    assert decision(reply) is None

"""A yes or a no said with its reason, or in a draft's own words ("save her")."""

import pytest

from hard_e.brain.confirm import decision


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("actually no, don't send that, I'd rather call him", "deny"),
        ("nah, I'll call her myself", "deny"),
        ("nope - she already knows", "deny"),
        ("no, don't send it, he changed his mind", "deny"),
        ("eh nvm leave it", "deny"),
        ("yep, that's all correct, save her", "approve"),
        ("yeah thats good send it", "approve"),
        ("yes please, she's expecting it", "approve"),
        ("looks good, he asked for it this morning", "approve"),
        ("all correct, add him", "approve"),
        ("it's fine, book them", "approve"),
    ],
)
def test_a_decision_with_its_reason_still_decides(text: str, verdict: str) -> None:
    assert decision(text) == verdict


@pytest.mark.parametrize(
    "text",
    [
        "no, text her instead",  # a new request, not a reason
        "yes, but change the time",
        "yes, it's the wrong time",  # a yes that doubts itself is no yes
        "no, send it to Karen instead",
        "yes, and text her too",
        "no problem",
        "save the Keller note",
    ],
)
def test_a_yes_or_no_that_asks_for_more_decides_nothing(text: str) -> None:
    assert decision(text) is None


@pytest.mark.parametrize(
    "said",
    [
        "no kill that Bri already sent her one",
        "nah Marcus just called her",
        "no, scrap that, Luis already emailed him",
    ],
)
def test_a_no_with_a_teammate_who_already_did_it_is_a_no(said: str) -> None:
    assert decision(said) == "deny"

"""How long before a bid or a lead counts as cold is a question about the company's rule
(``follow_up_rules``), not a request for the stale list; a new rule may be said in weeks
or in words ("after two weeks")."""

from __future__ import annotations

import pytest

from hard_e.brain.answers import _days
from hard_e.brain.rules import read


@pytest.mark.parametrize(
    "message",
    [
        "how many days before we chase a bid that hasnt signed",
        "How long do we usually give a bid before it counts as going cold?",
        "After how many days one estimate is old for our company?",
        "how many days til a lead goes cold",
    ],
)
def test_how_long_before_cold_asks_the_rule(message: str) -> None:
    said = read(message)
    assert said is not None and said.name == "follow_up_rules" and not said.get("days")


@pytest.mark.parametrize(
    ("message", "days"),
    [
        ("I'd like bids to count as stale after two weeks, could you set that up", 14),
        ("treat bids as stale after 10 days", 10),
        ("estimates go stale after a week", 7),
    ],
)
def test_a_new_rule_said_in_weeks_or_words(message: str, days: int) -> None:
    said = read(message)
    assert said is not None and said.name == "follow_up_rules"
    assert _days(said.get("days")) == days


@pytest.mark.parametrize(
    "message",
    [
        "which bids are stale",
        "how long has the Keller bid been sitting",
        "how many bids are going stale",
    ],
)
def test_the_stale_list_is_still_the_list(message: str) -> None:
    said = read(message)
    assert said is not None and said.name == "stale_estimates"

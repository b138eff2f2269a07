"""A bare "save" is a yes; a draft dropped with a reason said after it is dropped, but a
new request after the drop is not swallowed by it."""

from __future__ import annotations

import pytest

from hard_e.brain.confirm import decision
from hard_e.brain.rules import cancels


@pytest.mark.parametrize(
    "said", ["ok save", "Yes, save", "save", "save him", "that's all right, save him"]
)
def test_save_is_a_yes(said: str) -> None:
    assert decision(said) == "approve"


def test_do_not_save_is_a_no() -> None:
    assert decision("don't save it") == "deny"


@pytest.mark.parametrize(
    "said",
    [
        "never mind I'll have Carla do it",
        "sorry, cancel this, he's already a customer",
        "cancel that, I'll text her myself",
        "forget it we'll call him instead",
    ],
)
def test_a_reason_after_the_drop_is_still_a_drop(said: str) -> None:
    assert cancels(said)


@pytest.mark.parametrize(
    "said",
    ["cancel, what stage is the keller job", "cancel it she already called, text her the balance"],
)
def test_a_new_request_after_the_drop_is_not_swallowed(said: str) -> None:
    assert not cancels(said)

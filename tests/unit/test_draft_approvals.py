"""A draft waiting for approval (a new customer, an email, a text) is approved or refused
in the rep's own words; a correction or a goodbye is neither."""

from __future__ import annotations

import pytest

from hard_e.brain.confirm import decision


@pytest.mark.parametrize(
    "said",
    [
        "yep that's all correct, save her",
        "looks right, go ahead and add him",
        "perfect, do it",
        "perfect",
        "yup add her",
        "yeah create him",
        "correct, add them",
        "everything is correct, add her",
        "that's it, save him",
        "details look right, save them",
        "go ahead and set her up",
        "add him on file",
        "put him in",
        "spot on, send it",
        "great, go ahead",
    ],
)
def test_an_approval_said_many_ways(said: str) -> None:
    assert decision(said) == "approve"


@pytest.mark.parametrize(
    "said",
    [
        "nah hold off",
        "scrap it",
        "ditch it",
        "hold on",
        "nope dont add him",
        "no, don't save her",
        "don't save them yet",
        "toss that",
    ],
)
def test_a_refusal_said_many_ways(said: str) -> None:
    assert decision(said) == "deny"


@pytest.mark.parametrize(
    "said",
    [
        "yes but change the phone",  # a correction, not a yes
        "save her under Sarah",
        "yes and text her",  # a second request rides along: no decision
        "looks right but hold off",  # a yes and a no together
        "perfect but don't send it",
        "thanks, that's all",
        "great, bye",
    ],
)
def test_neither_a_yes_nor_a_no(said: str) -> None:
    assert decision(said) is None

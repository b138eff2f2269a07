"""A "1" typed for the word "one" ("whos rep on that 1") is read as the word; a time,
an amount or an id with a 1 in it never is."""

from __future__ import annotations

import pytest

from hard_e.text.shorthand import for_spelled, one_spelled, to_spelled


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("whos rep on that 1", "whos rep on that one"),
        ("and the other 1?", "and the other one?"),
        ("balance on this 1", "balance on this one"),
        ("same 1 as before", "same one as before"),
    ],
)
def test_a_1_after_that_or_the_other_is_one(typed: str, read: str) -> None:
    assert one_spelled(typed) == read


@pytest.mark.parametrize(
    "typed", ["book that 1 pm slot", "move it to the other 1:30", "job #1", "that 1.5 squares"]
)
def test_a_time_an_id_or_an_amount_keeps_its_1(typed: str) -> None:
    assert one_spelled(typed) == typed


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("make a roof job 4 him", "make a roof job for him"),
        ("wat else u good 4", "wat else u good for"),
        ("can u look 4 me", "can u look for me"),
    ],
)
def test_a_4_before_whom_it_is_for_is_for(typed: str, read: str) -> None:
    assert for_spelled(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "book keller at 4 the crew can wait",
        "move it to 4 tomorrow",
        "make it 4",
        "i need 4 the porch",
    ],
)
def test_a_time_or_a_count_keeps_its_4(typed: str) -> None:
    assert for_spelled(typed) == typed


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("remind me tmrw 2 call sandra", "remind me tmrw to call sandra"),
        ("i have 2 check the flashing", "i have to check the flashing"),
    ],
)
def test_a_2_before_its_verb_is_to(typed: str, read: str) -> None:
    assert to_spelled(typed) == read


@pytest.mark.parametrize("typed", ["book 2 visits", "at 2 call him", "the 2 call backs"])
def test_a_count_or_a_time_keeps_its_2(typed: str) -> None:
    assert to_spelled(typed) == typed

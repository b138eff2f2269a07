""" "that one" is kept whole as the job pointed at; "which stage" asks like "what stage";
the team's calls are the day's calls; the weather on a booked day is not the calendar."""

from __future__ import annotations

import pytest

from hard_e.brain.rules import read


@pytest.mark.parametrize(
    ("said", "job"),
    [
        ("wait what stage is that one in", "that one"),
        ("which stage is this one in", "this one"),
        ("which stage is the keller job in", "keller"),
    ],
)
def test_the_job_pointed_at_is_read_whole(said: str, job: str) -> None:
    found = read(said)
    assert found is not None and found.name == "job_stage"
    assert found.get("job") == job


@pytest.mark.parametrize(
    "said", ["okay so who should the guys be calling today", "who should my reps be phoning"]
)
def test_the_teams_calls_are_the_days_calls(said: str) -> None:
    found = read(said)
    assert found is not None and found.name == "call_today"


@pytest.mark.parametrize(
    "said",
    [
        "add me as 2nd rep on sullivan siding",
        "make Tasha the co-rep on the Keller job",
        "add Marcus as a rep on the keller job",
    ],
)
def test_a_second_rep_asked_for_is_no_lookup_of_the_rep(said: str) -> None:
    found = read(said)
    assert found is not None and found.name == "unsupported"


@pytest.mark.parametrize(
    "said",
    [
        "Please write me script for first call to new customer from internet",
        "write me a script for the first call with a new customer",
    ],
)
def test_a_script_for_a_new_customer_is_a_script(said: str) -> None:
    found = read(said)
    assert found is not None and found.name == "sales_script"

"""Which stage a job is at asked with "which", a job's open to-dos, a booking said without
its kind, and a question word that is nobody's name — read by the rules."""

from __future__ import annotations

import pytest

from hard_e.brain.rules import Intent, read


@pytest.mark.parametrize(
    ("said", "job"),
    [
        ("which phase is the Gallagher window job in", "Gallagher window"),
        ("which step is it at?", "it"),
        ("which stage is the Duffy roof at", "Duffy roof"),
    ],
)
def test_which_stage_is_a_stage_lookup(said: str, job: str) -> None:
    assert read(said) == Intent("job_stage", {"job": job})


@pytest.mark.parametrize(
    "said",
    [
        "do I have anything open on the Crowley job",
        "have we got anything pending for the Crowley job",
    ],
)
def test_anything_open_on_a_job_is_its_tasks_not_the_calendar(said: str) -> None:
    assert read(said) == Intent("tasks", {"job": "Crowley"})


def test_anything_outstanding_on_a_job_is_not_read_as_its_tasks() -> None:
    """ "Outstanding" may be money: no rule reads it as to-dos."""
    said = read("do we have anything outstanding for the Keller roof")

    assert said is None or said.name != "tasks"


@pytest.mark.parametrize(
    "said",
    [
        "I need to get something on the calendar for the Mercer job",
        "can we line up a slot with Linda Albright",
        "book smth for the mercer job",
    ],
)
def test_something_put_on_the_calendar_for_someone_is_a_booking(said: str) -> None:
    found = read(said)

    assert found is not None and found.name == "book_appointment"


def test_something_on_the_calendar_asked_about_is_the_calendar() -> None:
    found = read("do I have something on the calendar for Friday")

    assert found is not None and found.name == "appointments"


def test_a_question_word_is_nobodys_name() -> None:
    assert read("what's her email") == Intent("customer_email", {"who": "her"})

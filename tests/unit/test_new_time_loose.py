"""A new time said loosely, the way reps say it, read to one start (the company's "today"
is given; the appointment's old start fills what is not said)."""

from __future__ import annotations

from datetime import date

import pytest

from hard_e.brain.new_time import new_start

SUNDAY = date(2026, 12, 6)  # the company's today in these cases
BOOKED = "2026-12-12 09:30"  # a Saturday at 9:30


@pytest.mark.parametrize(
    ("said", "start"),
    [
        ("first thing tomorrow", "2026-12-07 08:00"),
        ("tomorrow first thing", "2026-12-07 08:00"),
        ("first thing in the morning on thursday", "2026-12-10 08:00"),
        ("end of day Thursday", "2026-12-10 16:00"),
        ("by end of day friday", "2026-12-11 16:00"),
        ("eod wednesday", "2026-12-09 16:00"),
        ("after lunch", "2026-12-12 13:00"),  # a time alone keeps the day
        ("tuesday after lunch", "2026-12-08 13:00"),
        ("before lunch friday", "2026-12-11 11:00"),
        ("around lunch tomorrow", "2026-12-07 12:00"),
        ("tomorrow morning", "2026-12-07 09:00"),
        ("thursday afternoon", "2026-12-10 14:00"),
        ("the 15th at 2", "2026-12-15 14:00"),
        ("the 15th at 2:30pm", "2026-12-15 14:30"),
        ("the 22nd", "2026-12-22 09:30"),  # a day alone keeps the time
        ("the 3rd", "2027-01-03 09:30"),  # already past this month: next month's
        ("a week from Tuesday", "2026-12-15 09:30"),
        ("a week from tomorrow at 10", "2026-12-14 10:00"),
        ("two weeks from friday", "2026-12-25 09:30"),
        ("friday at 10", "2026-12-11 10:00"),  # the plain ways still read
        ("eleven", "2026-12-12 11:00"),
    ],
)
def test_a_loose_time_reads_to_one_start(said: str, start: str) -> None:
    assert new_start(SUNDAY, BOOKED, said) == start


@pytest.mark.parametrize("said", ["sometime", "whenever works", "next week", "the 45th"])
def test_what_names_no_single_day_or_time_is_not_guessed(said: str) -> None:
    assert new_start(SUNDAY, BOOKED, said) is None


@pytest.mark.parametrize(
    ("said", "start"),
    [
        ("monday the 14th", "2026-12-14 08:00"),  # the weekday said with its date: that date
        ("on friday, the 11th at 2", "2026-12-11 14:00"),
    ],
)
def test_a_weekday_said_with_its_date_is_that_date_not_the_coming_weekday(
    said: str, start: str
) -> None:
    assert new_start(date(2026, 12, 7), "2026-12-08 08:00", said) == start

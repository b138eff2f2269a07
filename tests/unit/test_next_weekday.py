""" "next Tuesday" is unclear only a day or two before a Tuesday: then it may be the
coming one or the one a week on."""

from __future__ import annotations

from datetime import date

import pytest

from hard_e.text.dates import day_span, find_day, find_time, next_day_unclear

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("said", "both"),
    [
        ("next Tuesday", (date(2026, 12, 8), date(2026, 12, 15))),
        ("on next tues", (date(2026, 12, 8), date(2026, 12, 15))),
        ("next wed", (date(2026, 12, 9), date(2026, 12, 16))),
    ],
)
def test_next_day_a_day_or_two_off_may_mean_either(said: str, both: tuple[date, date]) -> None:
    assert next_day_unclear(said, MONDAY) == both


@pytest.mark.parametrize("said", ["next friday", "next monday", "tuesday", "this tuesday"])
def test_other_days_are_clear(said: str) -> None:
    assert next_day_unclear(said, MONDAY) is None


@pytest.mark.parametrize("said", ["the day after tomorrow", "book it for day after tomorrow at 9"])
def test_the_day_after_tomorrow_is_two_days_on_never_tomorrow(said: str) -> None:
    found = find_day(said)
    span = day_span(found, MONDAY) if found else None
    assert span is not None and span.first == date(2026, 12, 9)


@pytest.mark.parametrize(
    ("said", "at"),
    [("930 in the morning", "9:30 am"), ("1045 pm", "10:45 pm"), ("730 at night", "7:30 pm")],
)
def test_a_time_run_together_by_speech_is_read(said: str, at: str) -> None:
    assert find_time(said) == at


def test_a_house_number_is_no_time() -> None:
    assert find_time("930 Elm st") is None

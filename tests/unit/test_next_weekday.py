""" "next Tuesday" is unclear only a day or two before a Tuesday: then it may be the
coming one or the one a week on."""

from __future__ import annotations

from datetime import date

import pytest

from hard_e.text.dates import next_day_unclear

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

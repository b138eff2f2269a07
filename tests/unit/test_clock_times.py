"""Clock times as reps say them to "what time?": the spoken forms the offline reader
must turn into the hour a booking is made at."""

from __future__ import annotations

import pytest

from hard_e.text.dates import asked_clock, clock_time, find_day, find_time, rewhen


@pytest.mark.parametrize(
    ("said", "hour", "minute"),
    [
        ("half past two", 14, 30),
        ("quarter to ten", 9, 45),
        ("a quarter past nine", 9, 15),
        ("quarter of one", 12, 45),
        ("quarter to ten in the morning", 9, 45),
        ("half past eleven", 11, 30),
        ("9:30 in the evening", 21, 30),  # the speech reader's digits, then the day's part
        ("1:30 in the afternoon", 13, 30),
        ("8:15 tonight", 20, 15),
        ("2:30", 14, 30),  # typed without am/pm on a sales calendar: the afternoon
        ("10:30", 10, 30),
        ("at 3", 15, 0),
        ("tues 10a", 10, 0),  # am / pm typed as one letter
        ("thurs 2p", 14, 0),
        ("10:30a tmrw", 10, 30),
        ("12p", 12, 0),
    ],
)
def test_spoken_and_typed_times_are_the_hour_a_rep_means(said: str, hour: int, minute: int) -> None:
    found = find_time(said)
    assert found is not None and clock_time(found) == (hour, minute)


@pytest.mark.parametrize("said", ["half to three", "a quarter of the roof", "two windows"])
def test_words_that_name_no_time_are_no_time(said: str) -> None:
    assert find_time(said) is None


@pytest.mark.parametrize(
    ("answer", "clock"),
    [("130", "1:30"), ("930 in the morning", "9:30 in the morning"), ("at 1045", "at 10:45")],
)
def test_an_answer_to_what_time_written_as_digits_is_a_clock_time(answer: str, clock: str) -> None:
    assert asked_clock(answer) == clock


@pytest.mark.parametrize("answer", ["1299", "175", "130 and 5", "the Keller job"])
def test_digits_that_cannot_be_a_time_are_left(answer: str) -> None:
    assert asked_clock(answer) == answer


@pytest.mark.parametrize(
    ("sent", "change", "fixed"),
    [
        (
            "The crew starts your roof monday at 7.",
            "tuesday at 8",
            "The crew starts your roof tuesday at 8.",
        ),
        (
            "The crew starts your roof monday at 7.",
            "wednesday",
            "The crew starts your roof wednesday at 7.",
        ),
        ("We'll be there at 2:30.", "3", "We'll be there at 3."),
        ("See you Friday.", "thursday", "See you thursday."),
        # the hour as the rep said it, in words (voice)
        ("Crew is coming thursday at nine.", "friday at ten", "Crew is coming friday at 10."),
        ("We'll be there at two thirty.", "three", "We'll be there at 3."),
    ],
)
def test_a_sent_text_takes_the_day_and_time_a_correction_says(
    sent: str, change: str, fixed: str
) -> None:
    assert rewhen(sent, change) == fixed


@pytest.mark.parametrize(
    ("sent", "change"),
    [("Your windows came in.", "friday"), ("See you Friday.", "sorry"), ("At 9 sharp.", "monday")],
)
def test_a_correction_with_nothing_to_swap_is_no_rewrite(sent: str, change: str) -> None:
    assert rewhen(sent, change) is None


@pytest.mark.parametrize(("typed", "day"), [("10a tmrw", "tomorrow"), ("tmr at 9", "tomorrow")])
def test_tomorrow_typed_as_chat_is_tomorrow(typed: str, day: str) -> None:
    assert find_day(typed) == day


def test_a_letter_after_a_number_that_is_no_time_is_left() -> None:
    assert find_time("2 a day") is None and find_time("10 apples") is None

"""The new start a rep gives a booked appointment: "Thursday at 10", "3pm", "friday",
"eleven", and the loose ways a day is said: "first thing tomorrow", "end of day Thursday",
"after lunch", "the 15th at 2", "a week from Tuesday". A day alone keeps the appointment's
time; a time alone keeps its day. Days and times are read the way a booking reads them
(``hard_e.text.dates``), in the company's time zone (``today`` is the company's).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from hard_e.text.dates import WEEKDAYS, clock_time, day_span, find_day, find_time

# "to eleven", "to 3", "make that 9:30": an hour said alone.
_BARE_HOUR = re.compile(
    r"^(?:at )?(\d{1,2}(?::\d{2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)(?: (?:o'?clock|thirty|fifteen|forty[- ]five))?(?: ?(?:am|pm|a\.m\.|p\.m\.))?$",
    re.I,
)
# The parts of a working day a rep names instead of a clock time, and the time each is
# read as (the read-back says the time, so the rep hears it and can correct it).
_PARTS_OF_DAY = (
    (r"first thing(?: in the morning)?|early in the morning|start of (?:the )?day", "8am"),
    (r"before lunch|late morning", "11am"),
    (r"after lunch|early afternoon", "1pm"),
    (r"lunch ?time|(?:over )?lunch", "noon"),
    (r"end of (?:the )?day|eod|close of business|cob|late afternoon|end of business", "4pm"),
    (r"(?:in the )?morning", "9am"),
    (r"(?:in the )?afternoon", "2pm"),
    (r"(?:in the )?evening", "6pm"),
)
# "the 15th", "monday the 14th": the weekday said with it is the same day, not another
_NTH = re.compile(
    r"\b(?:on )?(?:(?P<weekday>"
    + "|".join(WEEKDAYS)
    + r"),? )?(?:on )?the (\d{1,2})(?:st|nd|rd|th)\b",
    re.I,
)
_WEEKS_FROM = re.compile(
    r"\b(a|one|two|three|\d) weeks? (?:from|after) (today|tomorrow|(?:this |next )?(?:"
    + "|".join(WEEKDAYS)
    + r"))\b",
    re.I,
)
_WEEKS = {"a": 1, "one": 1, "two": 2, "three": 3}


def _nth_of_month(today: date, nth: int) -> date | None:
    """ "the 15th": this month's when it is still ahead (today included), else next month's."""
    year, month = today.year, today.month
    for _ in range(2):
        try:
            day = date(year, month, nth)
        except ValueError:
            day = None
        if day is not None and day >= today:
            return day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def loosened(today: date, said: str) -> str:
    """What was said with its loose words put the way the day and time readers know:
    "first thing tomorrow" → "tomorrow at 8am", "the 15th at 2" → "2026-12-15 at 2",
    "a week from Tuesday" → "2026-12-15"."""
    text = said
    if m := _WEEKS_FROM.search(text):
        span = day_span(m[2], today)
        if span is not None:
            weeks = _WEEKS.get(m[1].lower()) or int(m[1])
            text = text.replace(m[0], (span.first + timedelta(weeks=weeks)).isoformat())
    if m := _NTH.search(text):
        day = _nth_of_month(today, int(m[2]))
        said_weekday = (m["weekday"] or "").lower()
        if day is not None and said_weekday in ("", WEEKDAYS[day.weekday()]):
            text = text.replace(m[0], day.isoformat())  # a weekday that is not that day: as said
    if find_time(text) is None:
        for words, at in _PARTS_OF_DAY:
            part = re.search(rf"\b(?:(?:at|by|around) )?(?:{words})\b", text, re.I)
            if part is not None:
                text = f"{text[: part.start()]} {text[part.end() :]} at {at}"
                break
    return " ".join(text.replace(" ,", ",").split()).strip(" ,")


def new_start(today: date, old_start: str, said: str) -> str | None:
    """ "YYYY-MM-DD HH:MM" for what was said, from the appointment's ``old_start``; None
    when it names no single day or no time that reads."""
    said = re.sub(r"\s+instead$", "", said.strip(" ?.!,"), flags=re.I)
    if _BARE_HOUR.match(said) and not said.lower().startswith("at "):
        said = f"at {said}"
    said = loosened(today, said)
    day_said, time_said = find_day(said), find_time(said)
    if not (day_said or time_said):
        return None
    old = datetime.strptime(old_start[:16], "%Y-%m-%d %H:%M")
    day = old.date()
    if day_said:
        span = day_span(day_said, today)
        if span is None or span.days != 1:
            return None
        day = span.first
    hour, minute = old.hour, old.minute
    if time_said:
        at = clock_time(time_said)
        if at is None:
            return None
        hour, minute = at
    return f"{day.isoformat()} {hour:02d}:{minute:02d}"

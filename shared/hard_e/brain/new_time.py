"""The new start a rep gives a booked appointment: "Thursday at 10", "3pm", "friday",
"eleven". A day alone keeps the appointment's time; a time alone keeps its day. Days and
times are read the way a booking reads them (``hard_e.text.dates``)."""

from __future__ import annotations

import re
from datetime import date, datetime

from hard_e.text.dates import clock_time, day_span, find_day, find_time

# "to eleven", "to 3", "make that 9:30": an hour said alone.
_BARE_HOUR = re.compile(
    r"^(?:at )?(\d{1,2}(?::\d{2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve)(?: (?:o'?clock|thirty|fifteen|forty[- ]five))?(?: ?(?:am|pm|a\.m\.|p\.m\.))?$",
    re.I,
)


def new_start(today: date, old_start: str, said: str) -> str | None:
    """ "YYYY-MM-DD HH:MM" for what was said, from the appointment's ``old_start``; None
    when it names no single day or no time that reads."""
    said = re.sub(r"\s+instead$", "", said.strip(" ?.!,"), flags=re.I)
    if _BARE_HOUR.match(said) and not said.lower().startswith("at "):
        said = f"at {said}"
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

"""Days and times as reps say them, in the company's own time zone.

"today", "tomorrow", "this week", "next week", "Tuesday" (the next one, today included),
"next Tuesday" (the first one after today; ``next_day_unclear`` says when that may
mean the week after), "Sep 28", "2026-09-28", "in 3 days"; times
"10am", "2:30 pm", "14:00", "noon". Calendar arithmetic is the standard library's;
zoneinfo (with the tzdata wheel where the system has none) knows the zones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from hard_e.text.shorthand import CHAT

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
DEFAULT_ZONE = "America/New_York"
# Weekdays as typed short ("fri", "tues", "thurs"); "mon", "wed", "sat" and "sun" are
# ordinary words too, so they count as days only after "next", "this" or "on".
SHORT_DAYS = {
    "mon": "monday",
    "tue": "tuesday",
    "tues": "tuesday",
    "wed": "wednesday",
    "weds": "wednesday",
    "thu": "thursday",
    "thur": "thursday",
    "thurs": "thursday",
    "fri": "friday",
    "sat": "saturday",
    "sun": "sunday",
}
_SHORT = r"(?:tues?|thu(?:rs?)?|fri)\.?|(?:(?<=next )|(?<=this )|(?<=on ))(?:mon|weds?|sat|sun)\.?"
# "tmrw", "2day": a day typed as chat shorthand (``hard_e.text.shorthand``), read as the day
_CHAT_DAYS = {k: v for k, v in CHAT.items() if v in ("today", "tomorrow")}
_CHAT_DAY = re.compile(r"\b(" + "|".join(map(re.escape, _CHAT_DAYS)) + r")\b", re.I)


# A day as typed short, for readers that stop a name before it ("with keller tues 10a")
CHAT_DAY = r"(?:tues?|thu(?:rs?)?|fri|weds?|" + "|".join(map(re.escape, _CHAT_DAYS)) + r")\b"


def _chat_days(text: str) -> str:
    return _CHAT_DAY.sub(lambda m: _CHAT_DAYS[m[1].lower()], text)


@dataclass(frozen=True)
class Span:
    """Whole days from ``first`` for ``days`` days, and how to say them."""

    first: date
    days: int
    said: str


def local_now(epoch: float, zone: str) -> datetime:
    """The company's wall-clock time (naive, like the CRM's own times)."""
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo(DEFAULT_ZONE)
    return datetime.fromtimestamp(epoch, tz).replace(tzinfo=None, microsecond=0)


def day_span(phrase: str, today: date) -> Span | None:
    """The days a phrase means, or None when it names none."""
    said = " ".join(_chat_days(phrase).lower().replace(",", " ").split())
    said = re.sub(r"^(on|for|by) ", "", said)
    said = re.sub(r"\b(" + "|".join(SHORT_DAYS) + r")\.?$", lambda m: SHORT_DAYS[m[1]], said)
    if not said:
        return None
    if said in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return Span(today, 1, "today")
    if said in ("day after tomorrow", "the day after tomorrow"):
        return _one(today + timedelta(days=2))
    if said == "tomorrow":
        return Span(today + timedelta(days=1), 1, "tomorrow")
    if said == "yesterday":
        return Span(today - timedelta(days=1), 1, "yesterday")
    if said == "this week":
        return Span(today, 7 - today.weekday(), "this week")
    if said == "next week":
        monday = today + timedelta(days=7 - today.weekday())
        return Span(monday, 7, "next week")
    if said == "this weekend":
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        return Span(saturday, 2, "this weekend")
    if m := re.fullmatch(r"in (\d{1,2}) days?", said):
        return _one(today + timedelta(days=int(m[1])))
    if m := re.fullmatch(r"(next |this )?(" + "|".join(WEEKDAYS) + ")", said):
        wanted = WEEKDAYS.index(m[2])
        ahead = (wanted - today.weekday()) % 7
        if m[1] == "next " and ahead == 0:
            ahead = 7
        return _one(today + timedelta(days=ahead))
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", said):
        try:
            return _one(date(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            return None
    if m := re.fullmatch(r"([a-z]{3})[a-z]*\.? (\d{1,2})(?:st|nd|rd|th)?", said):
        if m[1] not in _MONTHS:
            return None
        try:
            day = date(today.year, _MONTHS.index(m[1]) + 1, int(m[2]))
        except ValueError:
            return None
        return _one(day if day >= today - timedelta(days=31) else day.replace(year=day.year + 1))
    return None


def next_day_unclear(phrase: str, today: date) -> tuple[date, date] | None:
    """The two days "next Tuesday" may mean when it is said a day or two before a
    Tuesday (US usage is split: the coming one, or the one a week on), else None."""
    said = re.sub(r"^(on|for|by) ", "", " ".join(phrase.lower().replace(",", " ").split()))
    said = re.sub(r"\b(" + "|".join(SHORT_DAYS) + r")\.?$", lambda m: SHORT_DAYS[m[1]], said)
    m = re.fullmatch(r"next (" + "|".join(WEEKDAYS) + ")", said)
    if m is None:
        return None
    ahead = (WEEKDAYS.index(m[1]) - today.weekday()) % 7
    if ahead not in (1, 2):
        return None
    coming = today + timedelta(days=ahead)
    return coming, coming + timedelta(days=7)


def _one(day: date) -> Span:
    return Span(day, 1, say_day(day))


def say_day(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()].title()} {day:%b} {day.day}"


_TIME = re.compile(
    r"^(?:at |@ ?)?(?:(?P<noon>noon|midday)|(?P<h>\d{1,2})(?::(?P<m>\d{2}))? ?"
    r"(?P<ampm>a\.?m\.?|p\.?m\.?)?)$"
)


def clock_time(phrase: str) -> tuple[int, int] | None:
    """(hour, minute) of "10am", "2:30 pm", "14:00", "noon"; 1-6 without am/pm is afternoon."""
    m = _TIME.match(phrase.strip().lower())
    if m is None:
        return None
    if m["noon"]:
        return 12, 0
    hour, minute = int(m["h"]), int(m["m"] or 0)
    ampm = (m["ampm"] or "").replace(".", "")
    if minute > 59 or hour > 23 or (ampm and not 1 <= hour <= 12):
        return None
    if ampm == "pm" and hour != 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    elif not ampm and 1 <= hour <= 6:
        hour += 12  # "at 3" or "2:30" on a sales calendar is the afternoon
    return hour, minute


def say_time(hour: int, minute: int) -> str:
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown}:{minute:02d} {suffix}" if minute else f"{shown} {suffix}"


DAY_WORDS = re.compile(
    r"\b(today|tonight|(?:the )?day after tomorrow|tomorrow|yesterday|this week|next week|"
    r"this weekend|in \d{1,2} days?|"
    r"this (?:morning|afternoon|evening)|"
    r"(?:next |this )?(?:" + "|".join(WEEKDAYS) + r"|" + _SHORT + r")|\d{4}-\d{2}-\d{2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
TIME_WORDS = re.compile(
    r"\b(?:at |@ ?)?(noon|midday|\d{1,2}:\d{2} ?(?:[ap]\.?m\.?)?|\d{1,2} ?[ap]\.?m\.?|"
    r"(?<=at )\d{1,2})(?![\w:])",
    re.IGNORECASE,
)


def find_day(text: str) -> str | None:
    m = DAY_WORDS.search(_chat_days(text))
    return m.group(1) if m else None


def find_time(text: str) -> str | None:
    m = TIME_WORDS.search(spoken_time(text))
    return m.group(1) if m else None


HOUR_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_MINUTES = {
    "o'clock": 0,
    "oclock": 0,
    "fifteen": 15,
    "thirty": 30,
    "forty five": 45,
    "forty-five": 45,
    "oh five": 5,
}
_PART = (
    r"(?: (?P<part>in the morning|in the afternoon|in the evening|at night|tonight|am|pm|"
    r"a\.m\.|p\.m\.))?"
)
_SPOKEN_TIME = re.compile(
    r"\b(?:(?P<at>at )(?P<h>"
    + "|".join(HOUR_WORDS)
    + r"|\d{1,2})|(?P<h2>"
    + "|".join(HOUR_WORDS)
    + r"|\d{1,2})(?= (?:o'?clock|thirty|fifteen|forty[- ]five|in the|am\b|pm\b|a\.m|p\.m)))"
    r"(?: (?P<m>o'?clock|fifteen|thirty|forty[- ]five))?" + _PART + r"(?![\w:])",
    re.IGNORECASE,
)


_QUARTERS = re.compile(
    r"\b(?P<at>at )?(?P<n>half|(?:a )?quarter) (?P<dir>past|after|to|till?|of) (?P<h>"
    + "|".join(HOUR_WORDS)
    + r"|\d{1,2})"
    + _PART
    + r"(?![\w:])",
    re.IGNORECASE,
)
_CLOCK_DIGITS = re.compile(
    r"^\W*(?P<at>at )?(?P<h>1[0-2]|[1-9])(?P<m>[0-5]\d)\b(?P<rest>.*)$", re.IGNORECASE
)


def _quarters(m: re.Match[str]) -> str:
    """ "half past two" → "2:30", "quarter to ten in the morning" → "9:45 am"."""
    word = m["h"].lower()
    hour = HOUR_WORDS.index(word) + 1 if word in HOUR_WORDS else int(word)
    if not 1 <= hour <= 12:
        return m.group()
    minute = 30 if m["n"].lower() == "half" else 15
    if m["dir"].lower() in ("to", "til", "till", "of"):
        if minute == 30:  # "half to" is no English time
            return m.group()
        hour, minute = (hour - 2) % 12 + 1, 45
    part = (m["part"] or "").lower()
    ampm = " am" if part in ("in the morning", "am", "a.m.") else " pm" if part else ""
    return f"{m['at'] or ''}{hour}:{minute:02d}{ampm}"


def asked_clock(answer: str) -> str:
    """An answer to "what time?" spoken as "one thirty", which the speech reader wrote
    as "130" (out of context it could be a price), read as the clock time "1:30"."""
    m = _CLOCK_DIGITS.match(answer)
    if m is None or any(ch.isdigit() for ch in m["rest"]):
        return answer
    return f"{m['at'] or ''}{m['h']}:{m['m']}{m['rest']}"


def spoken_time(text: str) -> str:
    """ "at ten in the morning" → "at 10:00 am", "two thirty pm" → "2:30 pm" (digits
    the time readers know); a number that names no time ("two windows") is left."""

    def said(m: re.Match[str]) -> str:
        word = (m["h"] or m["h2"]).lower()
        hour = HOUR_WORDS.index(word) + 1 if word in HOUR_WORDS else int(word)
        minute = _MINUTES.get((m["m"] or "o'clock").lower().replace("oclock", "o'clock"), 0)
        part = (m["part"] or "").lower()
        ampm = "am" if part in ("in the morning", "am", "a.m.") else "pm" if part else ""
        if not (m["m"] or part):  # "at 3", "at five": the time readers' own convention
            return f"{m['at'] or ''}{hour}"
        if not 1 <= hour <= 12:
            return m.group()
        if not ampm and m["m"]:  # "two thirty" on a sales calendar is 2:30 pm
            ampm = "pm" if hour <= 6 or hour == 12 else "am"
        clock = f"{hour}:{minute:02d}" + (f" {ampm}" if ampm else "")
        return f"{m['at'] or ''}{clock}"

    def apart(m: re.Match[str]) -> str:
        ampm = "am" if m[3].lower() in ("in the morning", "am", "a.m.", "a.m") else "pm"
        return f"{m[1]}:{m[2]} {ampm}"

    text = _QUARTERS.sub(_quarters, _RUN_TOGETHER.sub(apart, _HALF_LETTER.sub(r"\1 \2m", text)))
    return _SPOKEN_TIME.sub(said, _DIGITS_THEN_PART.sub(_digits_then_part, text))


# "10a", "2p", "10:30a": a time typed with half its am / pm, the hour one to twelve
_HALF_LETTER = re.compile(r"\b((?:1[0-2]|0?[1-9])(?::[0-5]\d)?)([ap])\b(?![.'\u2019]?\w)", re.I)


# "930 in the morning", "1045 pm": speech normalising runs the hour and minutes together;
# only before a part of the day, so a house number ("930 Elm") stays one.
_RUN_TOGETHER = re.compile(
    r"\b([1-9]|1[0-2])([0-5]\d) ?(in the (?:morning|afternoon|evening)|at night|a\.m\.|p\.m\.|"
    r"a\.m|p\.m|am|pm)(?![\w])",
    re.IGNORECASE,
)


_DIGITS_THEN_PART = re.compile(
    r"\b(?P<clock>\d{1,2}:\d{2}) (?P<part>in the morning|in the afternoon|in the evening|tonight|"
    r"at night)\b",
    re.IGNORECASE,
)


def _digits_then_part(m: re.Match[str]) -> str:
    """ "9:30 in the evening" (the speech reader's digits) → "9:30 pm"."""
    return f"{m['clock']} {'am' if m['part'].lower() == 'in the morning' else 'pm'}"


def rewhen(sentence: str, change: str) -> str | None:
    """``sentence`` with its day and time replaced by those ``change`` says ("the crew
    starts Monday at 7" + "tuesday at 8" → "the crew starts tuesday at 8"); None when the
    change names no day or time, or one the sentence has no place for."""
    new_day, new_time = find_day(change), find_time(change) or find_time(f"at {change}")
    if not (new_day or new_time):
        return None
    out = sentence
    for new, old in ((new_day, find_day(sentence)), (new_time, _time_said(sentence))):
        if new is None:
            continue
        if old is None:
            return None
        out = re.sub(rf"\b{re.escape(old)}(?![\w:])", new, out, count=1, flags=re.IGNORECASE)
    return out


# An hour said in words after "at" ("starts tuesday at seven", "at two thirty").
_HOUR_SAID = re.compile(
    r"(?<=\bat )((?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?: (?:o'?clock|fifteen|thirty|forty[ -]five))?(?: ?[ap]\.?m\.?| in the (?:morning|"
    r"afternoon|evening))?)(?![\w:])",
    re.IGNORECASE,
)


def _time_said(sentence: str) -> str | None:
    """The time as the sentence itself writes it ("7", "2:30 pm", "seven"), if any."""
    m = TIME_WORDS.search(sentence) or _HOUR_SAID.search(sentence)
    return m.group(1) if m else None

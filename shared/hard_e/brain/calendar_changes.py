"""Moving or cancelling a booked appointment, said in a rep's words, without a model.

"move my 2pm with Keller to Thursday at 10", "cancel tomorrow's appointment with the
Becketts", "reschedule the Beckett inspection to Friday at 9". The appointment is found
on the calendar from what the rep said of it — its time, its day, its kind, the
customer's name — and when several fit, the rep is asked which. The new time is read in
the company's own time zone, the way a booking reads it (a day alone keeps the time, a
time alone keeps the day). A move is read back for a "yes" before it runs; a
cancellation is held for approval by its tool's tier, which is the same "yes".
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Any

from hard_e.brain.answers import (
    CONFIRM,
    LAST,
    TALKED_ABOUT,
    Act,
    book_appointment,
    crm_me,
    done_now,
    move_stage,
    names_a_stage,
    teammate,
    took_to_mean,
    which_next,
)
from hard_e.brain.names import sounds_like
from hard_e.brain.new_time import loosened, new_start
from hard_e.brain.rules import Intent, trade_off_stage
from hard_e.text import family_singular
from hard_e.text.dates import (
    HOUR_WORDS,
    clock_time,
    day_span,
    find_day,
    find_time,
    next_day_unclear,
    say_day,
    say_time,
)
from hard_e.text.fuzzy import spelled_out

WINDOW_DAYS = 60  # how far ahead a booked appointment is looked for
_SHOWN = 6  # how many a "which one?" lists

# What the rep may call a kind of appointment, and the words its title would carry.
_KIND_WORDS = {
    "inspection": ("inspection",),
    "site visit": ("site visit", "visit"),
    "visit": ("visit",),
    "measure": ("measure",),
    "measurement": ("measure",),
    "walkthrough": ("walkthrough",),
    "walk-through": ("walkthrough",),
    "bid review": ("bid review", "review"),
    "install": ("install",),
    "installation": ("install",),
    "estimate": ("estimate",),
    "consultation": ("consult",),
    "consult": ("consult",),
    "huddle": ("huddle",),
}
_KIND = re.compile(
    r"\b(site visit|bid review|walk-through|"
    + "|".join(k for k in _KIND_WORDS if " " not in k and "-" not in k)
    + r")s?\b",
    re.I,
)
_DAY_POSSESSIVE = re.compile(
    r"\b(today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)'s\b", re.I
)
# Words of the phrase that name no one ("my 2pm appointment with the ..."): what is left
# is the customer's (or the title's) name.
_NOT_A_NAME = frozenset(
    [
        "my",
        "our",
        "the",
        "a",
        "an",
        "his",
        "her",
        "their",
        "this",
        "that",
        "it",
        "them",
        "upcoming",
        "booking",
        "rep",
        "person",
        "guy",
        "attendee",
        "salesperson",
        "next",
        "with",
        "for",
        "at",
        "on",
        "in",
        "of",
        "and",
        "appointment",
        "appointments",
        "appt",
        "appts",
        "meeting",
        "meetings",
        "visit",
        "visits",
        "site",
        "inspection",
        "inspections",
        "measure",
        "measures",
        "measurement",
        "install",
        "installs",
        "installation",
        "walkthrough",
        "walk",
        "through",
        "estimate",
        "estimates",
        "bid",
        "review",
        "consult",
        "consultation",
        "huddle",
        "am",
        "pm",
        "noon",
        "today",
        "tomorrow",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "o'clock",
        "oclock",
        "one",
        "job",
        "family",
        "house",
        "place",
        "customer",
        "homeowners",
        "homeowner",
        *HOUR_WORDS,
        *["thirty", "fifteen", "forty"],
    ]
)
# An appointment named by its id, as a list or an agent shows it ("appointment #7030").
_BY_ID = re.compile(r"(?:#|\b(?:appointment|appt|id|number)\s+#?)(\d{3,})\b", re.I)


def say_at(stamp: str) -> str:
    """ "2026-06-16 14:00:00" → "Tuesday Jun 16 at 2 pm"."""
    moment = datetime.strptime(stamp[:16], "%Y-%m-%d %H:%M")
    return f"{say_day(moment.date())} at {say_time(moment.hour, moment.minute)}"


def _label(a: dict[str, Any]) -> str:
    who = f" ({a['customer']})" if a.get("customer") else ""
    return f"{a['title']}{who}, {say_at(a['start'])}"


def _name_words(what: str) -> list[str]:
    said = _DAY_POSSESSIVE.sub(" ", what.lower())
    said = re.sub(r"\d{1,2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?", " ", said)
    words = re.findall(r"[a-z][a-z'-]*", said)
    words = [re.sub(r"'s$|s'$", "", w) for w in words]
    return [w for w in words if w not in _NOT_A_NAME and len(w) > 1]


def _matches_name(a: dict[str, Any], word: str) -> bool:
    """Whether ``word`` names the appointment: its customer, title or place, or the rep it
    is with ("Tasha's Duffy site visit", "Brianna's visit with Ashley")."""
    said = (a["title"], a.get("customer"), a.get("location"), a.get("with"))
    haystack = " ".join(str(p) for p in said if p).lower()
    forms = [word, *(f.lower() for f in family_singular(word))]
    return any(re.search(rf"\b{re.escape(f)}\b", haystack) for f in forms)


def _failure(content: Any) -> str:
    """A failed tool's message as one sentence to say."""
    return str(content).rstrip(".") + "."


async def _calendar(act: Act) -> list[dict[str, Any]] | str:
    """The booked appointments from today on, or what to say when the CRM failed."""
    args = {"start_date": act.today.isoformat(), "days_ahead": WINDOW_DAYS}
    outcome = await act.tool("list_appointments", args)
    if outcome.is_error:
        return _failure(outcome.content)
    now = act.now.strftime("%Y-%m-%d %H:%M")
    return [a for a in outcome.content["appointments"] if a["start"][:16] >= now]


async def _narrowed(act: Act, what: str, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The appointments that fit what the rep said of one: each clue that is said must
    fit; a kind or "my" narrows only when something of that kind (or theirs) is there."""
    day_said = find_day(_DAY_POSSESSIVE.sub(r"\1", what))
    span = day_span(day_said, act.today) if day_said else None
    if span is not None:
        last = span.first + timedelta(days=span.days)
        found = [a for a in found if span.first <= date.fromisoformat(a["start"][:10]) < last]
    time_said = find_time(what)
    at = clock_time(time_said) if time_said else None
    if at is not None:
        found = [a for a in found if (int(a["start"][11:13]), int(a["start"][14:16])) == at]
    words = _name_words(what)
    named = found
    for word in words:
        named = [a for a in named if _matches_name(a, word)]
    if words and not named:  # "the lind quist site visit": a surname heard as words
        names = {str(a["customer"]).lower(): str(a["customer"]) for a in found if a.get("customer")}
        meant = sounds_like(words, names)
        surname = meant.split()[-1] if meant else ""
        named = [a for a in found if surname and _matches_name(a, surname.lower())]
        if named:
            act.took.append(took_to_mean(" ".join(words), surname))
    found = named
    kind = _KIND.search(what)
    if kind is not None:
        stems = _KIND_WORDS.get(kind[1].lower(), (kind[1].lower(),))
        of_kind = [a for a in found if any(s in a["title"].lower() for s in stems)]
        found = of_kind or found
    if re.search(r"\bmy\b", what, re.I) and found:  # the rep's own first, when they have one
        me = await crm_me(act)
        mine = [a for a in found if me is not None and a.get("with") == me["name"]]
        found = mine or found
    if at is not None and span is None and found:  # "my 2pm": the next 2pm that fits
        first = min(a["start"][:10] for a in found)
        found = [a for a in found if a["start"][:10] == first]
    return found


def _names_none(what: str) -> bool:
    """ "it", "that one", "my appointment": no day, time, kind or name to find one by."""
    said = _DAY_POSSESSIVE.sub(r"\1", what)
    return not (find_day(said) or find_time(said) or _KIND.search(said) or _name_words(said))


async def _the_one_meant(
    act: Act, intent: Intent, verb: str, listed: list[dict[str, Any]]
) -> dict[str, Any] | str:
    """An appointment the rep did not name: the one last talked about; else, when the
    rep has exactly one booked from now on, that one; else which one (never a guess)."""
    talked = act.state.get(LAST, {}).get(TALKED_ABOUT) or []
    found = [a for a in listed if a["id"] in talked]
    if not found:
        me = await crm_me(act)
        found = [a for a in listed if me is not None and a.get("with") == me["name"]]
        if me is not None and not found:
            return (
                f"You have nothing booked in the next {WINDOW_DAYS} days, so nothing was "
                "changed. Say which appointment you mean, with its customer and day."
            )
        if me is None:  # the rep is no CRM user: the company's calendar, always asked
            found = listed
            if not found:
                return f"Nothing is booked in the next {WINDOW_DAYS} days, so nothing was changed."
            return _which(act, intent, verb, found)
    if len(found) == 1:
        return found[0]
    return _which(act, intent, verb, found)


def _which(act: Act, intent: Intent, verb: str, found: list[dict[str, Any]]) -> str:
    shown = sorted(found, key=lambda a: a["start"])[:_SHOWN]
    act.remember_appointments([a["id"] for a in shown])
    return act.choose(
        intent,
        "id",
        f"Which one should I {verb}?",
        [_label(a) for a in shown],
        [f"#{a['id']}" for a in shown],
    )


async def _the_appointment(act: Act, intent: Intent, verb: str) -> dict[str, Any] | str:
    """The one appointment meant, or what to say instead (none, or which one)."""
    found = await _one_appointment(act, intent, verb)
    if not isinstance(found, str):
        act.remember_appointments([found["id"]])
    return found


async def _one_appointment(act: Act, intent: Intent, verb: str) -> dict[str, Any] | str:
    listed = await _calendar(act)
    if isinstance(listed, str):
        return listed
    by_id = _BY_ID.search(intent.get("what"))
    picked = intent.get("id").lstrip("#") or (by_id[1] if by_id else "")
    if picked.isdigit():
        chosen = [a for a in listed if a["id"] == int(picked)]
        if chosen:
            return chosen[0]
        return f"Appointment #{picked} isn't on the calendar from today on, so nothing was changed."
    what = spelled_out(intent.get("what"))  # "the dawson site visit tmrw": tomorrow's
    if _names_none(what):
        return await _the_one_meant(act, intent, verb, listed)
    found = await _narrowed(act, what, listed)
    if not found:
        said = re.sub(r"^my\b", "your", what.strip(), flags=re.I)
        return (
            f"I couldn't find {said} on the calendar in the next {WINDOW_DAYS} days, so "
            'nothing was changed. Say "what\'s on my calendar this week?" to see what is booked.'
        )
    if len(found) == 1:
        return found[0]
    return _which(act, intent, verb, found)


_SHIFT = re.compile(
    r"(?P<n>an?|one|two|three|half an?|\d{1,3}) ?(?P<unit>hours?|hrs?|minutes?|mins?)", re.I
)
# "1 hour later", "30 minutes earlier": a new time said from the old one
_RELATIVE = re.compile(
    r"^\W*(?:an?|one|two|three|half an?|\d{1,3}) ?(?:hours?|hrs?|minutes?|mins?) "
    r"(?:later|earlier|sooner|back|up|forward)\W*$",
    re.I,
)
_EARLIER = re.compile(r"\b(?:up|forward|earlier)\b", re.I)
_COUNT = {"a": 1.0, "an": 1.0, "one": 1.0, "two": 2.0, "three": 3.0, "half a": 0.5, "half an": 0.5}


def _shifted(start: str, said: str) -> datetime | None:
    """The start moved by "back an hour", "up 30 minutes", "two hours later"."""
    m = _SHIFT.search(said)
    if m is None:
        return None
    n = m["n"].lower()
    count = float(n) if n.isdigit() else _COUNT.get(n, 1.0)
    minutes = count * (60 if m["unit"].lower().startswith("h") else 1)
    sign = -1 if _EARLIER.search(said) else 1
    old = datetime.strptime(start[:16], "%Y-%m-%d %H:%M")
    return old + timedelta(minutes=sign * minutes)


async def reschedule_appointment(act: Act, intent: Intent, *, sure: bool = False) -> str:
    """Find the appointment, read the new time, say the move back for a "yes"; with
    ``sure`` (the "yes"), move it."""
    if sure:
        return await _move(act, intent)
    found = await _the_appointment(act, intent, "move")
    if isinstance(found, str):
        return found
    to = intent.get("to") or intent.get("day")
    slots = dict(intent.slots) | {"id": f"#{found['id']}"}
    shift = intent.get("shift") or (to if to and _RELATIVE.match(to) else "")
    if shift and (not to or to == shift):  # "back an hour", "to one hour later": from now's
        shifted = _shifted(found["start"], shift)
        to = shifted.strftime("%Y-%m-%d at %H:%M") if shifted else ""
    if not to:
        ask = Intent(intent.name, slots)
        return act.ask(ask, "day", f"When should {found['title']} move to? Say a day and a time.")
    day_said = find_day(loosened(act.today, to)) or ""
    both = next_day_unclear(day_said, act.today)
    if both is not None:  # "next Tuesday" said on a Sunday or Monday: which Tuesday?
        asked = Intent(intent.name, {k: v for k, v in slots.items() if k != "day"})
        picks = [loosened(act.today, to).replace(day_said, d.isoformat()) for d in both]
        return which_next(act, asked, both, "to", picks)
    start = new_start(act.today, found["start"], to)
    if start is None:
        ask = Intent(intent.name, {k: v for k, v in slots.items() if k not in ("to", "day")})
        return act.ask(
            ask, "day", f'I didn\'t catch the new time in "{to}". What day and time should it be?'
        )
    if start < act.now.strftime("%Y-%m-%d %H:%M"):
        return f"{say_at(start)} is already past, so I left {found['title']} where it is."
    if start == found["start"][:16]:
        return f"{_label(found)} is already at that time, so nothing changed."
    act.state[CONFIRM] = {
        "intent": intent.name,
        "slots": {"id": str(found["id"]), "start": start, "title": found["title"]},
    }
    return (
        f"Move {found['title']}{' (' + found['customer'] + ')' if found.get('customer') else ''} "
        f"from {say_at(found['start'])} to {say_at(start)}? Say yes to move it, or no."
    )


async def _changed(act: Act, tool: str, args: dict[str, Any]) -> dict[str, Any] | str:
    """What a change tool answered, or what to say when it failed."""
    outcome = await act.tool(tool, args)
    if outcome.is_error:
        return _failure(outcome.content)
    answered: dict[str, Any] = outcome.content
    return answered


async def _move(act: Act, intent: Intent) -> str:
    args = {"appointment_id": int(intent.get("id")), "start": intent.get("start")}
    outcome = await _changed(act, "reschedule_appointment", args)
    if isinstance(outcome, str):
        return outcome
    moved = outcome["appointment"]
    if not outcome["changed"]:
        return f"{_label(moved)} is already at that time, so nothing changed."
    where = f" at {moved['location']}" if moved.get("location") else ""
    said = f"Done: {moved['title']} moved to {say_at(moved['start'])}{where}."
    return done_now(act, "reschedule_appointment", said)


async def cancel_appointment(act: Act, intent: Intent) -> str:
    """Find the appointment and raise its cancellation for approval (the rep's "yes")."""
    found = await _the_appointment(act, intent, "cancel")
    if isinstance(found, str):
        return found
    outcome = await act.tool("cancel_appointment", {"appointment_id": found["id"]})
    if outcome.is_error:
        return _failure(outcome.content)
    if outcome.approval is None:  # a tier that runs at once (never red's default)
        return f"Cancelled: {_label(found)}."
    return f"Ready to cancel {_label(found)}. Say yes to cancel it, or no to keep it."


async def reassign_appointment(act: Act, intent: Intent, *, sure: bool = False) -> str:
    """Find the appointment and the teammate who goes instead, say the change back for a
    "yes"; with ``sure`` (the "yes"), change who attends."""
    if sure:
        return await _reassign(act, intent)
    said = intent.get("mate")
    mate = await teammate(act, said) if said else None
    if mate is None and said:  # "move Hendricks to install sched": a job, not a teammate
        what = intent.get("what")
        for job, stage, unsure in ((said, what, False), (what, said, True)):
            if await names_a_stage(act, stage, unsure=unsure):  # or "the Pratt job to instal"
                act.intent = "move_stage"  # "… on the gutters": that job, moved to the stage
                moved = trade_off_stage({"job": job, "stage": stage})
                return await move_stage(act, Intent("move_stage", moved))
    verb = f"put {mate['name'].split()[0]} on" if mate else "change the rep on"
    found = await _the_appointment(act, intent, verb)
    if isinstance(found, str):
        return found
    slots = dict(intent.slots) | {"id": f"#{found['id']}"}
    now_with = f" instead of {found['with']}" if found.get("with") else ""
    if not said:
        ask = Intent(intent.name, slots)
        return act.ask(ask, "mate", f"Who should go to {_label(found)}{now_with}?")
    if mate is None or "id" not in mate:
        team = await act.users()
        names = [] if team.is_error else [u["name"] for u in team.content["users"]]
        ask = Intent(intent.name, {k: v for k, v in slots.items() if k != "mate"})
        listed = f" Your team: {', '.join(names)}." if names else ""
        return act.ask(ask, "mate", f'I don\'t know a "{said}" on your team.{listed} Who goes?')
    if mate["name"] == found.get("with"):
        return f"{mate['name']} is already on {_label(found)}, so nothing changed."
    act.state[CONFIRM] = {
        "intent": intent.name,
        "slots": {"id": str(found["id"]), "user": str(mate["id"]), "title": found["title"]},
    }
    return f"Put {mate['name']} on {_label(found)}{now_with}? Say yes to change it, or no."


async def _reassign(act: Act, intent: Intent) -> str:
    args = {"appointment_id": int(intent.get("id")), "user_id": int(intent.get("user"))}
    outcome = await _changed(act, "reassign_appointment", args)
    if isinstance(outcome, str):
        return outcome
    now = outcome["appointment"]
    if not outcome["changed"]:
        return f"{now['with']} is already on {_label(now)}, so nothing changed."
    was = f" (was {outcome['from']})" if outcome.get("from") else ""
    return done_now(
        act, "reassign_appointment", f"Done: {now['with']} is on {_label(now)} now{was}."
    )


async def booking_or_reassign(act: Act, intent: Intent) -> str:
    """ "put it on Luis's calendar" just after a booking is made: that booking changes
    hands (read back first); any other booking words are a booking."""
    booked = act.state.get(LAST, {}).get("booked")
    if set(intent.slots) == {"assign"} and isinstance(booked, dict):
        slots = {"mate": intent.get("assign"), "id": f"#{booked['id']}", "what": "it"}
        act.intent = "reassign_appointment"
        return await reassign_appointment(act, Intent("reassign_appointment", slots))
    return await book_appointment(act, intent)


def corrected_move(slots: dict[str, str], said: str) -> Intent:
    """The move just read back, corrected ("no, make it 11"): a time alone stays on the
    day that was said for it."""
    before = slots.get("to") or slots.get("day") or ""
    day = find_day(before) if not find_day(said) else None
    kept = {k: v for k, v in slots.items() if k not in ("to", "day", "shift")}
    return Intent("reschedule_appointment", kept | {"to": f"{day} at {said}" if day else said})


CHANGE_HANDLERS = {
    "reschedule_appointment": reschedule_appointment,
    "reassign_appointment": reassign_appointment,
    "cancel_appointment": cancel_appointment,
    "book_appointment": booking_or_reassign,
}
# A change read back and said "yes" to: what runs it.
CONFIRMED = {
    "reschedule_appointment": reschedule_appointment,
    "reassign_appointment": reassign_appointment,
}

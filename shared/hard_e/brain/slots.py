"""The values an intent needs, read from a message the rules did not know.

When the scored reader (``reader``) names an intent, this reads what that intent needs
— whose job, which customer, what the text says, which stage — from the message: a name
is what the reader did not recognise as a word (or wrote with a capital), a text's or a
note's words are what follows "saying", "that", ":" (``reader.split_body``). What it
cannot find is asked for ("Which job?"), never guessed: ``needs`` says which value and
how to ask.
"""

from __future__ import annotations

import re

from hard_e.brain.reader import names, reading, split_body
from hard_e.brain.rules import PROTECTED, VOCABULARY, Intent, read
from hard_e.text.clauses import clauses
from hard_e.text.dates import find_day, find_time
from hard_e.text.fuzzy import correct, spelled_out
from hard_e.text.polite import unwrap
from hard_e.text.words import word_set

_JOB_INTENTS = frozenset({"job_stage", "job_money", "job_overview", "job_rep", "list_notes"})
_WHO_INTENTS = frozenset(
    {"customer_phone", "customer_email", "find_customer", "find_job", "create_job"}
)
_PRONOUN = re.compile(
    r"\b(?P<it>it|that one|this one|him|her|them|his|hers|their|theirs|she|he|they)\b", re.I
)
# A trade word said right after a name belongs to the job's name ("the Keller roof").
_TRADE = re.compile(
    r"^\s*(?:'s\s+)?(?P<trade>roof(?:ing)?|siding|windows?|gutters?|doors?|soffit)\b", re.I
)
_STAGE_AFTER = re.compile(
    r"\b(?:to|into|in|as|over to|on to|onto)\s+(?:the\s+)?(?P<stage>[a-z][\w' &/-]+?)"
    r"(?:\s+(?:stage|column|status))?\W*$",
    re.I,
)
# "the Gallagher windows signed, contract signed stage": the stage named last, with "stage"
_STAGE_LAST = re.compile(
    r"[,;:.-]\s*(?:(?:to|into|in|now in) )?(?:the )?(?P<stage>[a-z][\w' &/-]+?)\s+(?:stage|column)"
    r"(?:\s+(?:now|then|please|pls))?\W*$",
    re.I,
)
_FOR_WHOM = re.compile(r"\b(?:for|on|to|give|assign|remind|have)\s+(?P<who>[A-Z]?[a-z]+)\b")
_KIND = re.compile(
    r"\b(?P<kind>site visit|inspection|measure|estimate|walkthrough|bid review|consultation|"
    r"meeting|appointment|follow[- ]?up visit|install|site walk)\b",
    re.I,
)
# Words that open a sentence with a capital and name no one ("Hold on, …", "Sorry, …").
_SAID = word_set(
    """hold wait sorry hey hi hello ok okay so well oh yes yeah no nope thanks thank please
    actually anyway alright listen look quick hmm um uh also one just hang ah er erm right"""
)
_HONORIFIC = re.compile(r"\b(?:mr|mrs|ms|miss|dr)\.?\s+", re.I)
# What may reuse the last job or customer when it names none: a lookup, never an action.
_LOOKUPS = _JOB_INTENTS | {"customer_phone", "customer_email", "find_customer"}
_QUESTIONS = {
    "job": "Which job?",
    "who": "Which customer?",
    "stage": "Which stage should it go to?",
}


def _named(message: str) -> list[tuple[str, int]]:
    """The names a message says, one written with a capital first ("so I met Linda …")."""
    found = names(message)
    return [n for n in found if n[0][:1].isupper()] + [n for n in found if not n[0][:1].isupper()]


def _job(message: str) -> str:
    """The job a message names: its first name, and a trade word said after it."""
    found = _named(message)
    if not found:
        pronoun = _PRONOUN.search(message)
        return pronoun["it"].lower() if pronoun else ""
    name, end = found[0]
    trade = _TRADE.match(message[end:])
    return f"{name} {trade['trade']}" if trade else name


def booked_kind(message: str) -> str:
    """The kind of appointment a message names ("site visit", "inspection"), or ""."""
    kind = _KIND.search(message)
    return kind["kind"] if kind else ""


def first_named(message: str) -> str:
    """The first name a message says (one written with a capital first), or "": "Mrs.
    Beckett called …" says Beckett."""
    found = [n for n in _named(_HONORIFIC.sub("", message)) if n[0].split()[0].lower() not in _SAID]
    if not found:  # "Hold on, what's …": a word of speech, no one's name
        return ""
    words = found[0][0].split()
    if words[0][:1].isupper():  # "Linda Albright emailed me": not "emailed"
        words = [w for i, w in enumerate(words) if all(x[:1].isupper() for x in words[: i + 1])]
    return " ".join(words)


def _who(message: str) -> str:
    found = _named(message)
    if found:
        return found[0][0]
    pronoun = _PRONOUN.search(message)
    return pronoun["it"].lower() if pronoun else ""


def fill(name: str, message: str) -> Intent:
    """``name`` with the values ``message`` gives it (some may be missing: see ``needs``)."""
    head, body = split_body(message)
    if name in _JOB_INTENTS:
        return Intent(name, {"job": _job(head)})
    if name in _WHO_INTENTS:
        return Intent(name, {"who": _who(head)})
    if name in ("send_text", "send_email"):
        slots = {"who": _who(head)} | ({"body": body} if body else {})
        about = re.search(r"\babout (?P<about>.+)$", head, re.I)
        if name == "send_email" and about and not body:
            slots["about"] = about["about"].strip(" .!?")
        return Intent(name, slots)
    if name == "add_note":
        return Intent(name, {"job": _job(head), "note": body})
    if name == "move_stage":
        stage = _STAGE_AFTER.search(head)
        job_part = head[: stage.start()] if stage else head
        said = stage["stage"] if stage else ""
        fixed = correct(head, VOCABULARY, PROTECTED)  # "…, contract signed stag"
        last = None if stage else _STAGE_LAST.search(fixed.text)
        if last is not None:
            job_part, said = fixed.restore(0, last.start()), last["stage"]
        return Intent(name, {"job": _job(job_part), "stage": said})
    if name == "create_task":
        whom = _FOR_WHOM.search(head)
        mate = whom["who"] if whom and whom["who"].lower() not in ("me", "myself", "my") else ""
        day = find_day(body or message) or ""
        return Intent(name, {"title": body, "for": mate} | ({"day": day} if day else {}))
    if name == "book_appointment":
        kind = _KIND.search(correct(message, VOCABULARY, PROTECTED).text)  # "bid reveiw"
        slots = {"who": _who(message), "rest": message}
        slots |= {"kind": kind["kind"]} if kind else {}
        slots |= {"day": find_day(message) or "", "time": find_time(message) or ""}
        return Intent(name, {k: v for k, v in slots.items() if v})
    if name == "appointments":
        when = find_day(message)
        return Intent(name, {"day": when} if when else {})
    return Intent(name, {})


def needs(intent: Intent, last: dict[str, object]) -> tuple[str, str] | None:
    """The one value ``intent`` cannot go without and doesn't have, and how to ask for
    it — None when it has what it needs. A pronoun ("it", "her") counts only when there
    is a last job or customer it can mean."""
    for slot in ("job", "who"):
        if slot not in intent.slots:
            continue
        said = intent.get(slot)
        if not said and intent.name in _LOOKUPS and (last.get(slot) or last.get("family")):
            continue  # "email?" after her cell: hers — a lookup only, an action asks
        if not said or (_PRONOUN.fullmatch(said) and not last.get(slot)):
            return slot, _QUESTIONS[slot]
    if intent.name == "move_stage" and not intent.get("stage"):
        return "stage", _QUESTIONS["stage"]
    return None


def scored_intent(message: str) -> Intent | None:
    """The reader's intent for a message no rule knew, with the values it gives, or None
    when the reader leaves it alone (see ``reader.reading``)."""
    said = reading(spelled_out(message))  # "what'd i tell u": the reader's own words
    return fill(said.intent, unwrap(message)) if said.intent is not None else None


# What a part of a ramble may not stand for: a remark's "thanks" or "hey" is no request.
_NOT_FROM_A_PART = frozenset(
    {"greeting", "thanks", "goodbye", "wellbeing", "identity", "capabilities", "remember", "forget"}
)
_JUST_THE_JOB = re.compile(r"^(?:the |that |this )?(?:job|project|one|house|place)$", re.I)


def from_parts(message: str) -> Intent | None:
    """A rambling message read by its parts, last first ("I think there's a job for the
    Mercer family, which step is it at?" asks the Mercer job's stage): the first part a
    rule reads as a request, its "it" or "the job" the name another part says."""
    for part in clauses(message):
        found = read(part)
        if found is None or found.name in _NOT_FROM_A_PART:
            continue
        rest = message.replace(part, " ")
        for slot in ("job", "who"):
            said = found.get(slot)
            if slot in found.slots and (_PRONOUN.fullmatch(said) or _JUST_THE_JOB.match(said)):
                named = _job(rest) if slot == "job" else _who(rest)
                if named and not _PRONOUN.fullmatch(named):
                    found = Intent(found.name, found.slots | {slot: named})
        return found
    return None

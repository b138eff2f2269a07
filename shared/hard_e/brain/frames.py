"""The last reading before "I can't": a question that names a job and what it is about.

The intent rules (``rules``) know whole phrasings. A rep also says things no rule was
written for — "Keller job money?", "what's the Keller job at", "anything new on the Ochoa
project" — where a job is named ("the Keller job") and one word says the topic. A frame
reads just those two: the job, and the first topic whose synonyms appear around it. It
only reads questions and fragments, never an order ("close the Keller job" is not a
lookup), so nothing is done that was not asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from hard_e.text import STOP_WORDS
from hard_e.text.words import word_set

_I = re.IGNORECASE

# A named job: one or two words before "job" / "project" (and a possessive).
_NAMED_JOB = (
    r"\b(?:the |that |this )?(?P<job>[a-z][\w'&.-]*(?: [a-z][\w'&.-]*)?)(?:'s)? (?:job|project)\b"
)
# Or one word and its trade after "the": "has the Thornton roof deposit come in?"
_NAMED_TRADE = (
    r"\b(?:the|that|this) (?P<job>[a-z][\w'&.-]*(?:'s)? (?:roof|siding|windows?|gutters?|"
    r"(?:entry )?doors?))\b"
)
# Words that come before "job" without naming one.
_NOT_A_NAME = STOP_WORDS | word_set(
    """new next last first big small same other another which whose any every each my
    roof roofing siding window windows gutter gutters door doors trim soffit fascia
    install repair storm insurance retail open closed current old this that best worst
    biggest smallest cheapest largest latest newest oldest good bad great typical average
    usual normal whole entire full partial small medium large"""
)
# Topics, most specific first: (intent, synonyms).
_TOPICS: list[tuple[str, str]] = [
    (
        "job_money",
        r"\b(?:owe[sd]?|owing|balance|paid|pay(?:ment)?s?|collect(?:ed|ion)?|deposit|"
        r"invoiced?|money|dollars?|bucks|outstanding|financials?|contract (?:amount|value|"
        r"price|total)|how much|price|cost|worth|numbers)\b|\$",
    ),
    ("list_notes", r"\b(?:notes?|comments?|remarks?|written|wrote|jotted)\b"),
    (
        "job_rep",
        r"\b(?:salesperson|sales ?rep|rep|salesman|saleswoman|assigned|in charge)\b",
    ),
    ("tasks", r"\b(?:tasks?|to[- ]?dos?|reminders?|to do)\b"),
    (
        "job_stage",
        r"\b(?:stages?|status|phase|steps?|column|where|sitting|stand(?:s|ing)?|how far along|"
        r"progress(?:ing)?|along)\b|\bat\W*$",
    ),
]
# A question or a fragment, not an order.
_ASKING = (
    r"\b(?:what|what's|whats|how|how's|hows|where|where's|wheres|when|which|who|any|anything|"
    r"tell me|give me|show me|update)\b|^\W*(?:(?:and|so|ok|okay|hey|yo|um|uh|also)\W+)*"
    r"(?:is|are|has|have|did|does|do|can|could)\b|\?\s*$"
)
_ORDER = (
    r"^\W*(?:please |go ahead and )?(?:close|delete|remove|archive|assign|reassign|give|"
    r"transfer|send|call|text|email|move|push|mark|set|change|cancel|book|schedule|add|create|"
    r"start|open|make|finish|complete|bill|charge|refund|write|draft)\b"
)
_FRAGMENT_WORDS = 5
# What may be said around a job with no topic and still mean "tell me about it".
_OVERVIEW_WORDS = word_set(
    """what's whats how's hows where's anything new latest update updates news happening
    left open remaining everything details info story deal situation scoop lowdown tell
    give show me us look looking doing going status"""
)


def _a_name(words: list[str]) -> bool:
    """A job's name: a surname, maybe with its trade ("the Lindqvist roof job")."""
    return words[0] not in _NOT_A_NAME and not set(words[1:]) & STOP_WORDS


# A terse fragment about a customer's job with no "job" in it: "mercer where at",
# "whitaker windows owed?", "notes beckett", "albright #". The name is a word that is no
# ordinary word (and may carry its trade); the topic must be said, in few words.
_TRADE = r"(?: (?:roof(?:ing)?|siding|windows?|gutters?|(?:entry |storm )?doors?|trim))"
_BARE_NAME = r"(?P<job>[a-z][\w'&.-]*" + _TRADE + r"?)"
_BARE_TOPICS: list[tuple[str, str]] = [
    ("customer_phone", r"#|\b(?:cell|phone|number|mobile)\b"),
    ("customer_email", r"\be-?mail\b"),
    (
        "job_money",
        r"\b(?:owe[sd]?|owing|balance|paid|deposit|invoiced?|money|outstanding|"
        r"financials?|collected)\b|\$",
    ),
    ("list_notes", r"\bnotes?\b"),
    ("job_stage", r"\b(?:stage|status|phase|where at|where(?:'s| is) it)\b"),
    ("job_rep", r"\b(?:rep|salesperson)\b"),
    ("job_overview", r"\b(?:overview|rundown|summary|details|update)\b"),
]
_BARE_WORDS = 5
# Words a fragment may open with that are no one's name.
_NOT_BARE = _NOT_A_NAME | word_set(
    """cell phone number mobile email e-mail notes note stage status phase overview rundown
    summary details update balance deposit money rep salesperson pipeline team stale
    tasks task appointments appts calendar schedule approvals day week today tomorrow
    weather stock price cost directions order run play set book call text find
    no nope nah yes yeah yep yup skip none"""
)


def bare_topic(text: str) -> Frame | None:
    """A terse "NAME TOPIC" or "TOPIC NAME" fragment (``text`` lower-cased)."""
    found = _first_topic(text)
    if found is not None:
        intent, topic = found
        before = text[: topic.start()].strip(" ?.!,:;-\u2013\u2014")
        after = text[topic.end() :].strip(" ?.!,:;-\u2013\u2014")
        for part, offset in ((before, text.find(before)), (after, text.rfind(after))):
            named = _compiled(r"^" + _BARE_NAME + r"$").match(part) if part else None
            if named is None:
                continue
            first = named["job"].split()[0]
            if first in _NOT_BARE or first in STOP_WORDS:
                continue
            return Frame(intent, (offset, offset + len(named["job"])))
    return None


def _first_topic(text: str) -> tuple[str, re.Match[str]] | None:
    """The first bare topic a short fragment says (intent, where), or None for a long
    message or an order ("move", "send")."""
    words = re.findall(r"[a-z#$][\w'&.-]*|[#$]", text)
    if not words or len(words) > _TOPIC_WORDS or _compiled(_ORDER).search(text):
        return None
    for intent, said in _BARE_TOPICS:
        topic = _compiled(said).search(text)
        if topic is not None:
            return intent, topic
    return None


@dataclass(frozen=True)
class Frame:
    """A job's topic read from a question: the intent and where the job's name is."""

    intent: str
    job: tuple[int, int]


@cache
def _compiled(source: str) -> re.Pattern[str]:
    """A pattern compiled on first use, not at import (cold starts)."""
    return re.compile(source, _I)


def job_topic(text: str) -> Frame | None:
    """The topic asked about a named job in ``text`` (lower-cased), if it reads as one."""
    if _compiled(_ORDER).search(text):
        return None
    if not (_compiled(_ASKING).search(text) or len(text.split()) <= _FRAGMENT_WORDS):
        return None
    named = next(
        (
            m
            for pattern in (_NAMED_JOB, _NAMED_TRADE)
            for m in _compiled(pattern).finditer(text)
            if _a_name(m["job"].lower().split())
        ),
        None,
    )
    if named is None:
        return None
    around = text[: named.start()] + " " + text[named.end() :]
    intent = next((name for name, said in _TOPICS if _compiled(said).search(around)), None)
    if intent is None:  # no topic: an overview, unless it asks about something else
        others = set(re.findall(r"[a-z']+", around.lower())) - STOP_WORDS - _OVERVIEW_WORDS
        if others:
            return None
        intent = "job_overview"
    return Frame(intent, named.span("job"))


# What a terse follow-up may say around its topic and still be about the job just asked
# about: "$ on it", "deposit in yet?", "rep?", "wait what's his roof bal again".
_ABOUT_THE_LAST = STOP_WORDS | word_set(
    """yet again still now so far wait ok okay hey pls please plz thanks full whole quick
    current latest what's whats how's hows what how where's the on it its it's that one
    this job project for him her his hers them their theirs in came come gone"""
)
_TOPIC_WORDS = 7
_TRADE_WORD = r"\b(?P<trade>roof(?:ing)?|siding|windows?|gutters?|doors?)\b"


def topic_only(text: str) -> tuple[str, str] | None:
    """(intent, trade) of a terse follow-up that names its topic and no one ("$ on it",
    "rep?", "bal on roof"): the trade ("roof") when it says one, else ""; None when any
    other word is said (a name, a new request)."""
    found = _first_topic(text)
    if found is not None:
        intent, topic = found
        rest = text[: topic.start()] + " " + text[topic.end() :]
        trade = _compiled(_TRADE_WORD).search(rest)
        if trade is not None:
            rest = rest[: trade.start()] + " " + rest[trade.end() :]
        left = set(re.findall(r"[a-z#$][\w'&.-]*", rest.lower())) - _ABOUT_THE_LAST
        return (intent, trade["trade"] if trade else "") if not left else None
    return None

"""How chat spells words: texting and office shorthand, read as the words meant.

One table for every reader of typed text: the intent rules' typo reading
(``fuzzy.correct``), the reader's example words (``brain.reader``) and ``spelled_out``.
A key is a whole word as typed (lower case); a value may be several words ("rn" →
"right now"). "#" said alone ("keller's #", "ph#") is a number; "#1042" is an id.
"""

from __future__ import annotations

import re

CHAT: dict[str, str] = {
    "wat": "what",
    "wut": "what",
    "wht": "what",
    "whts": "whats",
    "wats": "whats",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "tmrw": "tomorrow",
    "tmrrw": "tomorrow",
    "tmw": "tomorrow",
    "2day": "today",
    "2morrow": "tomorrow",
    "thx": "thanks",
    "stag": "stage",  # a real word, but in a rep's chat always the job's stage
    "l8r": "later",
    "l8ter": "later",
    "gr8": "great",
    "ppl": "people",
    "bc": "because",
    "abt": "about",
    "msg": "message",
    "r": "are",
    "rn": "right now",
    "im": "i'm",
    "whats": "what's",
    "whos": "who's",
    "wheres": "where's",
    "hows": "how's",
    "thats": "that's",
    "whens": "when's",
    "havent": "haven't",
    "hasnt": "hasn't",
    "didnt": "didn't",
    "doesnt": "doesn't",
    "dont": "don't",
    "cant": "can't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "nite": "night",
    "b4": "before",
    "thru": "through",
    "cuz": "because",
    "bout": "about",
    "ad": "add",
    "ys": "yes",
    "nxt": "next",
    "appt": "appointment",
    "appts": "appointments",
    "cust": "customer",
    "re": "about",
    "tues": "tuesday",
    "tue": "tuesday",
    "thurs": "thursday",
    "thu": "thursday",
    "wed": "wednesday",
    "weds": "wednesday",
    "fri": "friday",
    "mon": "monday",
    "smth": "something",
    "sth": "something",
    "smthg": "something",
    "somethin": "something",
    "nothin": "nothing",
    "anythin": "anything",
    "chk": "check",
    "pic": "picture",
    "pics": "pictures",
    "nvm": "never mind",
    "atm": "at the moment",
    "asap": "as soon as possible",
    "ya": "you",
    "yr": "your",
    "what'd": "what did",
    "where'd": "where did",
    "how'd": "how did",
    "cya": "see ya",
    "ttyl": "talk to you later",
    "gm": "good morning",
    # a contractor's own shorthand
    "bal": "balance",
    "wk": "week",
    "mv": "move",
    "cxl": "cancel",
    "canx": "cancel",
    "stg": "stage",
    "rcvd": "received",
    "wndw": "window",
    "wndws": "windows",
    # what the reader's examples were written against ("hw much does duffy owe")
    "hw": "how",
    "shud": "should",
    "cud": "could",
    "wud": "would",
    "ty": "thanks",
    "tmr": "tomorrow",
    "gimme": "give me",
    "lemme": "let me",
    "n": "and",
    "txt": "text",
    "num": "number",
    "#": "number",
    # more of the office's own
    "ph": "phone",
    "walkthru": "walkthrough",
    "walkthrus": "walkthroughs",
    "k": "ok",
    "kk": "ok",
    "addr": "address",
    "est": "estimate",
    "ests": "estimates",
    "inv": "invoice",
    "commish": "commission",
    "w": "with",
    "hr": "hour",
    "hrs": "hours",
    "yrs": "years",
    "mins": "minutes",
}


# "whos rep on that 1", "the other 1": the digit typed for the word "one" (never a time,
# an amount or an id: "that 1 pm", "the 1:30", "#1").
_ONE = re.compile(
    r"\b(that|this|the other|other|which|the first|the same|same|the last|the new) 1\b"
    r"(?![:.,]?\s*(?:\d|am\b|pm\b|a\.m|p\.m|o'?clock))",
    re.IGNORECASE,
)


def one_spelled(message: str) -> str:
    """``message`` with a "1" typed for "one" after "that", "the other" … written out."""
    return _ONE.sub(r"\1 one", message)


# "a roof job 4 him", "wat else u good 4": the digit typed for the word "for", before whom
# or what it is for, or ending "good 4" (never a time or a count: "at 4 the crew", "to 4").
_FOUR = re.compile(
    r"(?<![\w:$#@.,-])(?P<before>[a-z']+) 4"
    r"(?=(?: (?:me|him|her|them|us|you|u|ya|the|a|an|my|his|their|our|this|that|it|now|"
    r"today|tomorrow|tmrw|tonight)\b)(?![:.,]?\s*\d)|(?<=good 4)\W*$)",
    re.IGNORECASE,
)
_NOT_FOR = frozenset(
    {
        "at",
        "to",
        "by",
        "til",
        "till",
        "until",
        "from",
        "and",
        "or",
        "about",
        "around",
        "after",
        "before",
        "b4",
        "like",
        "is",
        "it's",
        "its",
        "make",
        "past",
        "of",
        "@",
        "than",
        "only",
        "just",
        "have",
        "need",
        "got",
        "want",
        "get",
    }
)


def for_spelled(message: str) -> str:
    """``message`` with a "4" typed for "for" written out ("make a roof job 4 him")."""

    def spell(m: re.Match[str]) -> str:
        before = m["before"]
        return m.group() if before.lower() in _NOT_FOR else f"{before} for"

    return _FOUR.sub(spell, message)


# "remind me tmrw 2 call sandra", "how far off the dirt does it need 2 b": the digit typed
# for "to" before the verb it goes with (never a count, a time or a day: "2 visits", "at 2").
_TWO = re.compile(
    r"(?<![\w:$#@.,-])(?P<before>[a-z']+) 2 (?=(?:call|text|txt|email|see|go|get|be|b|do|check|"
    r"pick|drop|meet|follow|send|ask|tell|look|measure|book|fix|let|say|bring|show|start|finish|"
    r"come|talk|sign|pay|remind)\b)",
    re.IGNORECASE,
)
_NOT_TO = (_NOT_FOR - {"have", "need", "got", "want", "get"}) | frozenset(
    {"the", "a", "my", "those", "these", "all", "last", "next"}
)


# "remind me 2 collect the deposit", "need 2 call her": the digit typed for "to" after a
# verb that takes one, before any verb (never a count or a time: "need 2 more", "have 2
# jobs", "remind me 2 pm")
_TO_AFTER = re.compile(
    r"\b(remind (?:me|\w+)|need|needs|have|has|want|wants|got|going|gotta|ready|time|able|"
    r"tell (?:me|him|her|them|\w+)|ask (?:me|him|her|them|\w+)) 2 "
    r"(?=(?!(?:am|pm|hours?|hrs?|days?|weeks?|months?|mins?|minutes?|jobs?|of|more|or|and|"
    r"bids?|leads?|texts|calls|appts?|appointments?|windows?|doors?|people|guys)\b)[a-z]{2,})",
    re.IGNORECASE,
)


def to_spelled(message: str) -> str:
    """``message`` with a "2" typed for "to" before its verb written out ("2 call" → "to call")."""

    def spell(m: re.Match[str]) -> str:
        before = m["before"]
        return m.group() if before.lower() in _NOT_TO else f"{before} to "

    return _TO_AFTER.sub(r"\1 to ", _TWO.sub(spell, message))

"""A message about a customer, turned into one to them: "tell him his bid is ready" is
sent as "Your bid is ready."

A rep dictates a text or an email in the third person ("let her know her windows came
in"). Who the pronouns mean is read from the lead-in ("tell him", "let her know") or,
failing that, from the body's first pronoun when nobody else is named before it; only
that person's pronouns become "you"/"your", so "text Linda that Mike said he'd be late"
keeps Mike's "he". "they"/"them" change only when the lead-in said "them" (a couple is
told; "they're delivering Monday" is usually the supplier).
"""

from __future__ import annotations

import re

from hard_e.text.words import STOP_WORDS, word_set

_PERSON = {
    "he": "he",
    "him": "he",
    "his": "he",
    "himself": "he",
    "he's": "he",
    "he'll": "he",
    "he'd": "he",
    "she": "she",
    "her": "she",
    "hers": "she",
    "herself": "she",
    "she's": "she",
    "she'll": "she",
    "she'd": "she",
    "they": "they",
    "them": "they",
    "their": "they",
    "theirs": "they",
    "themselves": "they",
    "they're": "they",
    "they'll": "they",
    "they'd": "they",
    "they've": "they",
}
_SUBJECT = {"he": "he", "she": "she", "they": "they"}
_LEAD = re.compile(
    r"\b(?:tell|telling|let|letting|ask|asking|remind|reminding|inform|informing|update|"
    r"updating|notify|notifying|warn|warning)\s+(?P<who>him|her|them)\b",
    re.IGNORECASE,
)
# Someone else one person's pronoun may mean, named before it ("Mike said he…"); a crew
# or a supplier is "they", so "the crew will call her" still means the customer.
_OTHER = re.compile(
    r"\b(?:guy|installer|foreman|driver|inspector|husband|wife|son|daughter|tech|technician|"
    r"manager|estimator|rep|neighbor|neighbour|contractor|plumber|electrician|boss|owner)\b|"
    r"^[A-Z][a-z]+(?= (?:said|says|called|told|asked|thinks|wants|will|is|was|can|'s)\b)|"
    r"(?<=[a-z,] )(?!(?:Mon|Tues|Wednes|Thurs|"
    r"Fri|Satur|Sun)day|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|I\b)[A-Z][a-z]+",
)
_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)?")
# Verbs whose third-person form is not the base plus "s".
_IRREGULAR = {
    "is": "are",
    "was": "were",
    "has": "have",
    "does": "do",
    "isn't": "aren't",
    "wasn't": "weren't",
    "hasn't": "haven't",
    "doesn't": "don't",
    "goes": "go",
}
_ADVERBS = word_set(
    "always still just also already really only never probably usually definitely now actually"
)
# After "her", a word that shows it is the object ("call her back", "give her a call").
_AFTER_OBJECT = (
    STOP_WORDS
    | word_set(
        "know tomorrow today tonight monday tuesday wednesday thursday friday saturday sunday "
        "soon later asap again not never"
    )
) - frozenset(["own", "other"])
_NOT_VERBS = word_set("is was has does this thus us yes bus gas glass less miss news")


def lead_pronoun(message: str, body: str) -> str | None:
    """Whom a "tell him"/"let her know" before the body points at: he, she or they."""
    at = message.find(body) if body else -1
    before = message[:at] if at > 0 else message
    found = _LEAD.findall(before)
    return _PERSON[found[-1].lower()] if found else None


def _first_pronoun(body: str) -> str | None:
    """The person the body's first third-person pronoun means, unless someone else is
    named before it (then it is probably about them)."""
    for m in _WORD.finditer(body):
        person = _PERSON.get(m.group().lower().replace("\u2019", "'"))
        if person is None:
            continue
        if person == "they" or _OTHER.search(body[: m.start()]):
            return None
        return person
    return None


def _base(verb: str) -> str:
    """ "needs" → "need", "watches" → "watch", "tries" → "try" (after "you")."""
    low = verb.lower()
    if low in _IRREGULAR:
        return _IRREGULAR[low]
    if low.endswith("ies") and len(low) > 4:
        return verb[:-3] + "y"
    if re.search(r"(?:ch|sh|ss|x|z|o)es$", low):
        return verb[:-2]
    if low.endswith("s") and not low.endswith("ss") and low not in _NOT_VERBS:
        return verb[:-1]
    return verb


def _cased(word: str, like: str) -> str:
    return word[0].upper() + word[1:] if like[:1].isupper() else word


def to_recipient(body: str, person: str | None) -> str:
    """``body`` with ``person``'s (he, she or they) pronouns turned to the second person."""
    if person is None:
        return body
    words = list(_WORD.finditer(body))
    out: list[str] = []
    pos = 0
    skip_verb = False
    for i, m in enumerate(words):
        word = m.group()
        low = word.lower().replace("\u2019", "'")
        nxt = words[i + 1].group().lower() if i + 1 < len(words) else ""
        gap = body[m.end() : words[i + 1].start()] if i + 1 < len(words) else ""
        new: str | None = None
        if skip_verb:
            skip_verb = False
            if low in _ADVERBS:
                skip_verb = True
            elif low not in STOP_WORDS or low in _IRREGULAR or _base(low) in STOP_WORDS - {low}:
                new = _base(word)  # "she gets" → "you get" ("get" is a stop word too)
        elif _PERSON.get(low) == person:
            new, skip_verb = _pronoun(low, nxt, gap)
        if new is not None:
            out.append(body[pos : m.start()])
            out.append(_cased(new, word))
            pos = m.end()
    out.append(body[pos:])
    return "".join(out)


def _pronoun(low: str, nxt: str, gap: str) -> tuple[str, bool]:
    """The second-person word for ``low``, and whether the next word is its verb."""
    ends = not nxt or bool(re.search(r"[.,;:!?]", gap))
    if low in _SUBJECT.values():
        return "you", True  # "he needs" → "you need"
    if low.endswith("'s"):
        return ("you've" if nxt in ("been", "got", "gotten", "had") else "you're"), False
    if low.endswith("'ll"):
        return "you'll", False
    if low.endswith("'d"):
        return "you'd", False
    if low.endswith("'re"):
        return "you're", False
    if low.endswith("'ve"):
        return "you've", False
    if low in ("himself", "herself"):
        return "yourself", False
    if low == "themselves":
        return "yourselves", False
    if low in ("hers", "theirs"):
        return "yours", False
    if low in ("him", "them"):
        return "you", False
    if low == "his":
        return ("yours" if ends else "your"), False
    if low == "their":
        return "your", False
    # "her": "her windows" is theirs, "call her back" is them
    return ("you" if ends or nxt in _AFTER_OBJECT else "your"), False


# A body that opens by telling Hard-E what to pass on ("please tell her not to …", "let
# him know that …", "remind her that her …"): the request, not words for the customer.
_ASKED_TO = re.compile(
    r"^\W*(?:(?:please|pls|plz|can you|could you|would you|just|and|also)\s+)*"
    r"(?P<verb>tell|let|remind|ask|inform|warn|notify)\s+(?P<who>him|her|them)\b"
    r"(?:\s+know\b)?(?:\s+that\b)?\s*(?P<rest>.*)$",
    re.IGNORECASE | re.DOTALL,
)


def _passed_on(body: str) -> tuple[str, str | None]:
    """A body that opens with a request to pass something on, as the words themselves
    ("tell her not to send the check" → "please don't send the check"), and whom it is
    for; any other body as it is, and None."""
    m = _ASKED_TO.match(body)
    if m is None or not m["rest"].strip():
        return body, None
    verb, rest = m["verb"].lower(), m["rest"].strip()
    person = _PERSON[m["who"].lower()]
    if verb == "remind":
        lead = "just a reminder" + ("" if re.match(r"(?:not )?to |about |of ", rest) else " that")
        return f"{lead} {re.sub(r'^of ', 'about ', rest)}", person
    if re.match(r"not to ", rest, re.I):
        return f"please don't {rest[7:]}", person
    if re.match(r"to ", rest, re.I):
        return f"please {rest[3:]}", person
    if verb == "ask" and re.match(r"(?:if|whether) ", rest, re.I):
        return f"could you let us know {rest.rstrip('.?!')}?", person
    return rest, person


def addressed(message: str, body: str) -> str:
    """The body of a text or email as sent to the customer ``message`` dictated it for."""
    body, asked_for = _passed_on(body)
    person = asked_for or lead_pronoun(message, body) or _first_pronoun(body)
    return to_recipient(body, person)

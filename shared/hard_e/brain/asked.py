"""The product question inside a rep's report of it: "Mr. Keller wants to know how long
the glass seal is covered, could you find that?" asks how long the glass seal is covered.

Reps pass on what a homeowner asked, from the kitchen table. Who asked ("Mr. Keller",
"the Jensens", "the lady"), an aside ("I'm a little embarrassed to ask, but") and the
request to look ("could you find that?") say nothing about the product, nor does the
other half of a yes or no ("… or is that automatic?"); left in, a customer's name reads
as a brand the documents never name and the reader admits. Only the asked question is
kept, in the rep's own words ("gotta" read as "have to").
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

_QUESTION = r"(?:how|what|what's|whats|which|when|where|why|who|whether|if|is|are|can|does|do)\b"
_REPORTED = re.compile(
    rf"^.{{0,120}}?\b(?:wants?|wanted|would like|'d like|needs?|needed) to know\b,?\s*"
    rf"(?={_QUESTION})"
    rf"|^.{{0,120}}?\b(?:asked|asks|is asking|was asking|keeps asking|kept asking|"
    rf"wondered|wonders|is wondering|was wondering)(?: me| us| you)?,?\s+(?={_QUESTION})",
    _I,
)
# "I'm a little embarrassed to ask, but what's …": an aside before the question.
_ASIDE = re.compile(rf"^[^?]{{0,80}}?,? but (?={_QUESTION})", _I)
_LOOK_IT_UP = re.compile(
    r",?\s*(?:(?:and )?(?:could|can|would|will) (?:you|u)|(?:please|pls))"
    r"(?: please| quickly| maybe)? (?:find|check|look|pull|dig|tell)(?: me)?"
    r"(?: that| it| this| those| them)?(?: up| out| for me| real quick)*\s*[?.!]*$",
    _I,
)


# "do I have to register it *or is that automatic*": the other half of a yes or no asks
# the same thing again, in a word the answer need not say
_OTHERWISE = re.compile(
    r",? or (?:(?:is|does|do|will|would|can|are) (?:it|that|this|they|there|he|she)\b[^,?]{0,40}"
    r"|not)\s*\??$",
    _I,
)
# how reps say "have to", "going to" and "want to" when they talk
_SPOKEN = {"gotta": "have to", "gonna": "going to", "wanna": "want to", "hafta": "have to"}
_SPOKEN_WORD = re.compile(r"\b(?:" + "|".join(_SPOKEN) + r")\b", _I)


def asked_question(message: str) -> str:
    """The question a rep passes on, without who asked it or the request to look it up;
    the message itself when it reports no one's question. (Its other manners stay: the
    reader weighs "can I get …" as the yes/no question it is.)"""
    text = message.strip()
    closing = _LOOK_IT_UP.search(text)
    if closing and text[: closing.start()].strip():
        text = text[: closing.start()].strip()
    aside = _ASIDE.match(text)
    if aside and len(text[aside.end() :].split()) >= 3:
        text = text[aside.end() :].strip()
    reported = _REPORTED.match(text)
    if reported and len(text[reported.end() :].split()) >= 3:
        text = text[reported.end() :].strip()
    otherwise = _OTHERWISE.search(text)
    if otherwise and len(text[: otherwise.start()].split()) >= 4:
        text = text[: otherwise.start()].strip()
    return _SPOKEN_WORD.sub(lambda m: _SPOKEN[m.group().lower()], text)

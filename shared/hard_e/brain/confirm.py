"""Deterministic yes/no for a pending approval: the user's own words, matched exactly.

Only short, unambiguous replies count; anything else is an ordinary message and the
pending approval stays open for the buttons or the API.
"""

from __future__ import annotations

import re
from typing import Literal

from hard_e.text.emoji import as_words
from hard_e.text.fuzzy import closest

Decision = Literal["approve", "deny"]

_YES = re.compile(
    r"^(yes|yeah|yep|yup|sure|ok|okay|confirm(ed)?|approve(d)?|go ahead|do it|send it|"
    r"create it|make it so|sounds good|correct|that'?s right|please do|go for it|looks good|"
    r"(?:that|this|it)(?: all)? (?:looks|sounds|seems|is|reads) (?:right|good|fine|great|correct|"
    r"perfect|ok|okay)|(?:please )?(?:send|book|save|create) it)"
    r"( (please|it|that|thanks|now|go ahead|do it|approve it|send it|confirm|and|send|send that|"
    r"do that|it's good|looks good|perfect|go for it|ship it|that works|works|works for me|"
    r"sounds good|sounds great|that's fine|fine|great|book it|book that|schedule it|save it|"
    r"create it|add it|make it|do that one))*$",
    re.IGNORECASE,
)
# "leave it at four after all": the time or day it had, kept
_AS_IT_WAS = (
    r" (?:at|on|for) (?:\d{1,2}(?::\d{2})?(?: ?[ap]\.?m\.?)?|one|two|three|four|five|six|seven|"
    r"eight|nine|ten|eleven|twelve|noon|monday|tuesday|wednesday|thursday|friday|saturday|"
    r"sunday|the (?:original|old|same) (?:time|day))(?: o'?clock)?"
)
_NO_PHRASE = (
    r"(no|nope|nah|cancel( it| that| this| the)?( email| text| message| one| draft| request| job|"
    r" customer| booking)?|deny|denied|reject( it| that)?|"
    r"(please )?don'?t( do it| send( it| that| this| that one| this one| anything)?)?|stop|"
    r"never ?mind|scratch that|hold off|not now|forget it|leave it( where it is| as it is| as is|"
    r" alone| there| be|"
    + _AS_IT_WAS
    + r")?( after all| then| instead)?|let'?s not( send it| do it| do that)?|don'?t bother|"
    r"i('d| would) rather (not|you didn'?t)( send| do| book| move)?( it| that| this)?( one)?"
    r"( after all| anymore| now)?)"
)
_NO = re.compile(
    r"^((actually|oh|eh|ah|wait|hmm|sorry|um|uh|er|ok|okay|no wait|on (second thought|reflection)|"
    r"come to think of it|you know what)( |, ?))*(please )?"
    + _NO_PHRASE
    + r"(,? (please |and )?"
    + _NO_PHRASE
    + r")*"
    # "no, keep it": after a no, what to keep is the thing as it is ("keep it" alone is open)
    + r"(,? (and |just )?keep it( as is| as it is| the way it is| on the calendar| there)?)?"
    + r"( (please|thanks|it))*$",
    re.IGNORECASE,
)
# Typos of the words a yes or a no is said in ("yse", "ys send", "nope dnot").
_WORDS = frozenset(
    {"yes", "yeah", "nope", "cancel", "send", "approve", "approval", "deny", "confirm", "request"}
)
_TYPED = {
    "ys": "yes",
    "y": "yes",
    "n": "no",
    "yea": "yeah",
    "ya": "yes",
    "dont": "don't",
    "nvm": "nevermind",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
}
_EXPLICIT = re.compile(
    r"^(?P<verb>approve|deny|reject|cancel|decline) (the |that |this )?(pending )?"
    r"((first|second|third|next|last|top|1st|2nd|3rd) )?(approval|request|action|one)$",
    re.IGNORECASE,
)


# A reply said in other words ("looks good fire it off", "nah hold off", "yeah that works,
# go"): read phrase by phrase. Every word must be a yes, a no, or a word that carries
# neither (a filler, "it", "the email"); a yes and a no together, or any other word
# ("send the keller one"), and it is no decision.
_SAYS_NO = re.compile(
    r"\b(?:(?:let'?s not|lets not|don'?t|dont|do not|no need to|better not|rather not)"
    r"(?: (?:send|do|move|book|create|email|text|go with|go ahead with|add|save|make|enter|put)"
    r"(?: (?:her|him|them))?)?|"
    r"hold off|hold it|hold on|hold up|hold|hang on|not (?:just )?yet|"
    r"not (?:send|do|book|move|create|save)(?: (?:it|that|this|her|him|them))?|"
    r"not (?:right )?now|not today|"
    r"keep it (?:as it is|as is|the way it is|where it is|like it is)|no way|no thanks|never ?mind|"
    r"nevermind|"
    r"scratch (?:it|that)|scrap (?:it|that)|kill (?:it|that)|ditch (?:it|that)|toss (?:it|that)|"
    r"forget (?:it|that|about it)|skip (?:it|that)|"
    r"leave it(?: (?:where it is|as it is|as is|alone|there|be|like it is|the way it is))?|"
    r"drop (?:it|that)|pass on (?:it|that)|i'?ll pass|not (?:so )?fast|"
    r"cancel|stop|wait|nope|nah|naw|no|deny|denied|reject|decline|negative)\b"
)
_SAYS_YES = re.compile(
    # "yes, put it on his calendar": the calendar the booking is for, no other one named
    r"\b(?:(?:put|add|book|pop|stick) (?:it|that|this)(?: in| on) (?:his|her|their|the) "
    r"(?:calendar|schedule|diary)|"
    r"go ahead|go for it|go on|fire (?:it |that |this )?(?:off|away)|fire away|"
    r"send (?:it|that|this)(?: off| out| over| now| along| through)?|send away|ship it|do it|"
    r"hit send|make it happen|let'?s do (?:it|this)|let'?s go|lets go|"
    r"(?:looks|sounds|seems|reads) (?:(?:much |a lot |so )?(?:good|great|right|fine|perfect|ok|"
    r"okay|solid|about right|well|nice|nicely|lovely|better))|"
    r"(?:that|this|it) works|works for me|good to go|all good|lgtm|"
    r"yes+|yeah|yea|yep|yup|ya|yah|sure(?: thing)?|ok|okay|k|alright|all right|absolutely|"
    r"definitely|"
    r"of course|approved?|confirm(?:ed)?|correct|right on|go|send|book it|move it|create it|"
    r"(?:looks?|sounds?|seems?|reads?) (?:right|correct|great|perfect)|perfect|great|excellent|"
    r"awesome|exactly|spot on|bang on|nailed it|that'?s it|you bet|checks? out|good|fine|"
    r"(?:that'?s|thats|that is|it'?s|its|all)(?: all)? (?:good|fine|great|perfect|"
    r"correct|right|ok|okay)|"
    r"(?:save|add|create|enter|put|book|schedule|approve|send) "
    r"(?:(?:her|him|them|it) (?:in|on file|up)|it|that|this|her|him|them)|"
    r"set (?:her|him|them|it) up|save)\b"
)
_NEITHER = frozenset(
    [
        "um",
        "uh",
        "er",
        "oh",
        "well",
        "actually",
        "hmm",
        "so",
        "please",
        "man",
        "buddy",
        "boss",
        "then",
        "now",
        "just",
        "that",
        "it",
        "this",
        "the",
        "email",
        "text",
        "message",
        "one",
        "draft",
        "all",
        "i",
        "think",
        "guess",
        "and",
        "yet",
        "for",
        "me",
        "sorry",
        "hey",
        "on",
        "second",
        "thought",
        "right",
        "ahead",
        "really",
        "it's",
        "that's",
        "there",
        "is",
        "everything's",
        "everything",
        "info",
        "details",
        "ah",
        "eh",
        "i'm",
        "im",
        "am",
        "let's",
        "lets",
        "but",
    ]
)


def _said_otherwise(text: str) -> Decision | None:
    if _ACTED_ON.search(text):  # "perfect, thank you, send it"; "great thanks" decides nothing
        text = re.sub(r"\b(?:thank you|thanks)\b", " ", text)
    words = text.split()
    if not words or len(words) > 12:
        return None
    no = _SAYS_NO.sub(" ", text)  # "let's not send that": the "send" is part of the no
    yes = _SAYS_YES.sub(" ", no)
    said_no, said_yes = no != text, yes != no
    if said_no == said_yes or any(w not in _NEITHER for w in yes.split()):
        return None
    return "deny" if said_no else "approve"


# A yes or a no followed by why, in its own clause ("no, I'd rather call him", "yep, she's
# expecting it"): the reason says who does what, it asks for nothing.
_CLAUSE = re.compile(r"\s*(?:[,;.!?]+|\s-+\s|\s(?=but\b|cause\b|because\b))\s*")
# A no and why with nothing between ("leave it I'll just call her"): read only as a no —
# "sure I'll send it myself" is no yes.
_I_WILL = re.compile(
    r"\s(?=i'?ll\b|i will\b|i'?d\b|i'?m\b|i can\b|[a-z]+ (?:already|just) (?:sent|did|called|"
    r"texted|emailed|handled|took|mailed|told)\b)",  # "no kill that Bri already sent her one"
    re.IGNORECASE,
)
# What a thanks said beside a yes or a no does to the thing asked about.
_ACTED_ON = re.compile(r"\b(?:go ahead|send|save|book|create|do it|don'?t|do not|not|no)\b")
_REASON = re.compile(
    r"^(?:but |cause |because )?(?:i|i'?d|i'?ll|i'?m|im|ill|id|i will|i would|we|we'?ll|we'?d|"
    r"he|he'?s|she|she'?s|they|they'?re|it'?s|its|that'?s|thats|"
    r"[a-z]+ (?:already|just) (?:sent|did|called|texted|emailed|handled|took|mailed|told)|"
    # "no, Wes would rather call her himself": who does it instead
    r"[a-z]+ (?:would|will|wants?|prefers?|is going to|is gonna|can)\b(?! you\b))\b",
    re.IGNORECASE,
)
_DOUBT = re.compile(r"\b(?:not|no|don'?t|dont|wrong|mistake|instead|change|fix|but|wait)\b", re.I)


def decision(message: str) -> Decision | None:
    """ "yes", "nah hold off", "yep, that's all correct, save her": approve or deny, or
    None when the message is no plain yes or no."""
    plain = _decision(message)
    if plain is not None:
        return plain
    clauses = [c for c in _CLAUSE.split(message.strip()) if c.strip()]
    for cut in range(len(clauses) - 1, 0, -1):  # the longest yes or no, then its reasons
        said, rest = _decision(", ".join(clauses[:cut])), clauses[cut:]
        if said is None:
            continue
        if not all(_REASON.match(c) for c in rest):
            return None
        if said == "approve" and any(_DOUBT.search(c) for c in rest):
            return None  # "yes, it's the wrong time though" is no yes
        return said
    parts = _I_WILL.split(message.strip(), maxsplit=1)
    if len(parts) == 2 and _decision(parts[0]) == "deny" and _REASON.match(parts[1]):
        return "deny"
    return None


def _decision(message: str) -> Decision | None:
    text = re.sub(r"[^\w' ]+", " ", as_words(message)).strip().lower()
    words = [
        _TYPED.get(w) or (closest(w, _WORDS) if w not in _WORDS else w) or w for w in text.split()
    ]
    text = " ".join(words)
    if not text:
        return None
    if _YES.match(text):
        return "approve"
    if _NO.match(text):
        return "deny"
    explicit = _EXPLICIT.match(text)
    if explicit:
        return "approve" if explicit["verb"] == "approve" else "deny"
    return _said_otherwise(text)

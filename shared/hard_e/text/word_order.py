"""English as a second language, in the order the rules read: "the job of Keller is in
which stage?" asks the Keller job's stage; "phone of Linda Albright" is Linda Albright's
phone; "I want make an appointment" wants to make one.

``plain_order`` rewrites only these few shapes (a possessive said with "of", a "to"
left out after want / need / like), never a name or the words of a text, so every
reader downstream sees the order it was written for.
"""

from __future__ import annotations

import re

from hard_e.text.words import STOP_WORDS, word_set

_I = re.IGNORECASE
_NOT_A_NAME = word_set("still owe owes owed paid pay has have had please pls now again")
_NAME = (
    r"(?!(?:the|a|an|my|your|our|his|her|their|this|that|it|them|us|me|job|project)\b)"
    r"[A-Za-z][\w'-]*"
)
# "the job of Keller", "the roof of the Ochoa": "the Keller job"
_THING_OF = re.compile(
    r"\b(?P<the>the|that) (?P<thing>job|project|roof|siding|windows?|gutters?|doors?) of "
    r"(?:the |mr\.? |mrs\.? |ms\.? )?(?P<name>" + _NAME + r"(?: " + _NAME + r")?)",
    _I,
)
# "phone of Linda Albright", "balance of Mercer": "Linda Albright's phone"
_FIELD_OF = re.compile(
    r"\b(?:the )?(?P<field>phone(?: number)?|number|cell|e-?mail(?: address)?|address|balance)"
    r" of (?:the |mr\.? |mrs\.? |ms\.? )?(?P<name>" + _NAME + r"(?: " + _NAME + r")?)",
    _I,
)
# "I want make", "we need send": the "to" left out
_WANT_VERB = re.compile(
    r"\b(?P<want>want|need|would like|'d like|like|have) (?P<verb>make|book|send|text|email|"
    r"know|see|check|move|add|schedule|cancel|change|call|find|get|put)\b",
    _I,
)


def _name_and_rest(said: str) -> tuple[str, str]:
    """A name of one or two words; a second word that is an ordinary one ("Keller *is*")
    is not part of it."""
    words = said.split(" ")
    if len(words) == 2 and words[1].lower() in STOP_WORDS | _NOT_A_NAME:
        return words[0], f" {words[1]}"
    return said, ""


def _thing(m: re.Match[str]) -> str:
    name, rest = _name_and_rest(m["name"])
    return f"{m['the']} {name} {m['thing']}{rest}"


def _field(m: re.Match[str]) -> str:
    name, rest = _name_and_rest(m["name"])
    return f"{name}'s {m['field']}{rest}"


def plain_order(message: str) -> str:
    """``message`` with a non-native possessive or a dropped "to" put the usual way."""
    text = _THING_OF.sub(_thing, message)
    text = _FIELD_OF.sub(_field, text)
    return _WANT_VERB.sub(lambda m: f"{m['want']} to {m['verb']}", text)

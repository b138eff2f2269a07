"""A change asked of the message just drafted: "could you make it a little friendlier?",
"that's a bit long for a text, can you shorten it?", "please add that the crew arrives
at 8". While an email waits for its OK these change that email — never a new task, note
or message; a text went at once, so a change to it is a follow-up.

``rewording`` reads the change; ``letter`` writes an email's words in the tone asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hard_e.text.polite import unwrap

_I = re.IGNORECASE

# The tone asked of the draft, by the words it is asked in.
_TONES = (
    (
        "friendly",
        r"friendlier|warmer|nicer|kinder|softer|more (?:friendly|personal|warm|casual|upbeat|"
        r"polite|cheerful)|less (?:formal|stiff|blunt|cold|curt|abrupt)|"
        r"(?:warm|soften|lighten) (?:it|that|this) up|soften (?:it|that|this)",
    ),
    (
        "short",
        r"shorter|briefer|shorten (?:it|that|this)|(?:too|a bit|a little|kind of|kinda|pretty|"
        r"really|rather|quite|very) (?:long|wordy)|"
        r"(?:trim|cut|pare) (?:it|that|this) (?:down|back)|tighten (?:it|that|this)(?: up)?|"
        r"more (?:brief|concise|to the point)",
    ),
    ("formal", r"more (?:formal|professional|businesslike)|less (?:casual|chatty|informal)"),
)
_TONE = [(tone, re.compile(rf"\b(?:{words})\b", _I)) for tone, words in _TONES]
# A tone is asked of the draft itself ("make it …", "that's a bit long"), not of anything.
_OF_THE_DRAFT = re.compile(
    r"\b(?:it|that|this|the (?:email|e-mail|text|message|wording|letter|draft|note))\b|"
    r"^\W*(?:make|keep|write|word)\b",
    _I,
)
# Words to add to the draft: "add that …", "mention that …", "also say …".
_MORE = re.compile(
    r"^\W*(?:(?:and|also|oh|ok|okay)[\s,]+)*(?:(?:add|mention|include|put in|work in|note)"
    r"(?: in| to (?:it|that|the (?:email|e-mail|message|letter)))?(?: (?:also|too))?"
    r"(?: (?:her|him|them))? that|(?:also|and) (?:say|mention|add|tell (?:her|him|them))"
    r"(?: that)?|say (?:also )?that|tell (?:her|him|them) (?:also|too) that|"
    r"let (?:her|him|them) (?:also )?know (?:also |too )?that)\s+(?P<more>\S.*?)\W*$",
    _I,
)
# "say that again", "add that to the notes": no words for the draft, a place for "that"
_NOT_WORDS = re.compile(r"^(?:again|to|in|on|into|onto|for|as|under|please)\b", _I)
_MOST_WORDS = 24  # a change is asked in a sentence or two, not dictated at length


@dataclass(frozen=True)
class Rewording:
    """What to do to the draft: its ``tone`` ("friendly", "short", "formal" or ""), and
    ``more`` words to add (the rep's own, "" for none)."""

    tone: str = ""
    more: str = ""


def rewording(message: str) -> Rewording | None:
    """The change ``message`` asks of the message just drafted, or None when it asks none."""
    said = unwrap(message.strip())
    if len(said.split()) > _MOST_WORDS:
        return None
    more = _MORE.match(said)
    words = more["more"].strip() if more is not None else ""
    if len(words.split()) >= 2 and not _NOT_WORDS.match(words):
        return Rewording(more=words)
    if not _OF_THE_DRAFT.search(said):
        return None
    for tone, pattern in _TONE:
        if pattern.search(said):
            return Rewording(tone=tone)
    return None


def as_sentence(text: str) -> str:
    """``text`` as a sentence: a capital first, a full stop last (unless it has one)."""
    text = text.strip()
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text[-1] in ".!?" else ".")


def letter(first: str, said: str, rep: str, company: str, tone: str = "") -> str:
    """An email's words to ``first``: what is ``said``, in the ``tone`` asked."""
    if tone == "friendly":
        return (
            f"Hi {first},\n\nI hope you're doing well! {said}\n\nThank you so much, and please "
            f"don't hesitate to reach out if you have any questions.\n\nWarm regards,\n{rep}\n"
            f"{company}"
        )
    if tone == "short":
        return f"Hi {first},\n\n{said}\n\nThanks,\n{rep}"
    if tone == "formal":
        return (
            f"Dear {first},\n\n{said}\n\nPlease let us know if you have any questions.\n\n"
            f"Kind regards,\n{rep}\n{company}"
        )
    return f"Hi {first},\n\n{said}\n\nBest regards,\n{rep}\n{company}"

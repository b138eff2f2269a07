"""Whether an answer to "what should the text (or email) say?" is the message's words,
or something the rep said to Hard-E instead.

A text goes out at once, so a question for Hard-E ("hang on, which number do you have
for her", "who's that?", "what time is it") must never become its body. A question
about the recipient in the third person, or one with no "you" or "we" in it, is for
Hard-E; one that talks to someone ("are we still on for Thursday?", "do you need
anything else from me") may be the customer's — that is asked about, never sent blind.
"""

from __future__ import annotations

import re
from typing import Literal

Addressed = Literal["me", "maybe_them", "them"]

# Spoken lead-ins before the real words: "hang on,", "wait", "sorry quick question".
_LEAD_IN = re.compile(
    r"^\W*(?:(?:hang on|hold on|hold up|wait(?: a (?:sec|second|minute))?|sorry|um+|uh+|hmm+|"
    r"oh|ok|okay|k|so|but|and|actually|quick question|one sec|real quick|before that|first|1st|"
    r"no|nah)\b[\s,.:;!-]*)+",
    re.I,
)
_QUESTION_WORD = re.compile(
    r"^(?:what|what's|whats|how|how's|hows|who|who's|whos|whose|when|when's|where|where's|"
    r"wheres|why|which|is|isn't|are|aren't|was|were|can|could|do|does|did|should|will|would|"
    r"have|has|any)\b",
    re.I,
)
# Talking to someone: the words a customer would be told or asked.
_TO_SOMEONE = re.compile(r"\b(?:you|your|yours|you're|ya|u|ur|we|we're|we'll|us|our)\b", re.I)
# The recipient spoken of, not spoken to: a question about her is a question for Hard-E.
_ABOUT_THEM = re.compile(
    r"\b(?:she|she's|he|he's|her|hers|him|his|they|they're|them|their)\b", re.I
)
# "Hi Linda, …", "Hey Karen -": said to the customer, whatever follows.
_GREETING = re.compile(r"^\W*(?:hi|hey|hello|dear|good (?:morning|afternoon|evening))\b", re.I)
# "actually call her instead", "no, email him instead": another action, not the words.
_INSTEAD = re.compile(
    r"^(?:call|phone|ring|email|e-mail|text|txt|book|schedule|remind)\b.*\binstead\W*$", re.I
)


def without_lead_in(message: str) -> str:
    """``message`` without its spoken lead-in ("hang on, which number …" → "which number …")."""
    return _LEAD_IN.sub("", message.strip()).strip() or message


def spoken_to(message: str, recipient: str = "") -> Addressed | None:
    """Who an answer to "what should it say?" talks to: "me" (Hard-E — answer it, never
    send it), "maybe_them" (a question that may be the customer's: ask before sending),
    "them" (it greets the customer: the message's words, whatever it asks), or None when
    it reads as the message's own words. ``recipient`` is the name the
    waiting message is for; a question naming them is about them, so for Hard-E."""
    said = _LEAD_IN.sub("", message.strip()).strip()
    if _GREETING.match(said):
        return "them"
    if not said or _INSTEAD.match(said):
        return "me" if said else None
    first = recipient.split()[0] if recipient.split() else ""
    asks = bool(_QUESTION_WORD.match(said)) or said.rstrip().endswith("?")
    if not asks:
        return None
    names_them = bool(first) and re.search(rf"\b{re.escape(first)}\b", said, re.I) is not None
    if _ABOUT_THEM.search(said) or names_them or not _TO_SOMEONE.search(said):
        return "me"
    return "maybe_them"

"""The words of a text, an email or a note, said in answer to "what should it say?".

A rep answering that question often labels the answer or steers back to it first ("ok
msg: …", "back to the email, tell her …", "back to underwood, tell him …", "note: …",
"say that …"); what follows is the
body, whatever it talks about (a day, a balance, a walkthrough). ``dictated`` finds it.
"""

from __future__ import annotations

import re

_DICTATED = re.compile(
    r"^\W*(?:(?:ok|okay|k|so|and|alright|all right|right|sorry|oh|um|uh|yeah|yes)\W+)*"
    r"(?:(?:back to|ok back to|now for|for) (?:the|that|my) (?:e-?mail|text|txt|message|msg|note)"
    r"\W+|back to (?:the )?[a-z'’-]+(?: [a-z'’-]+){0,2}?(?:'s)?(?: (?:e-?mail|text|txt|message|"
    r"msg))?\W+(?=(?:tell|let|say|have it|just say|write)\b))?"
    r"(?:please |pls |just |can you |could you )?"
    r"(?:(?:(?:the )?(?:msg|message|txt|text|e-?mail|note|body)(?: should say| says)?\s*:|"
    r"(?:it|the (?:text|email|message|note)) (?:should|can|will) say|(?:have it |just )?say"
    r"(?: that)?|write)\s*[:,-]?\s*(?P<body>\S.*)|"
    r"(?:tell (?:her|him|them)|let (?:her|him|them) know)(?: that)?[\s,:-]+(?P<told>\S.*))$",
    re.I | re.DOTALL,
)


def dictated(message: str) -> str | None:
    """The body a labelled or steered answer dictates ("ok msg: see you at 9" → "see you
    at 9"; "tell her the crew comes at 8" → "the crew comes at 8", the sender turning
    "her" into "you" from the lead), or None when it has no such lead."""
    m = _DICTATED.match(message.strip())
    if m is None:
        return None
    return (m["body"] or m["told"]).strip()


_STEERED = re.compile(
    r"^\W*(?:(?:ok|okay|k|so|and|alright)\W+)*back to (?:the )?(?P<who>[a-z'’-]+"
    r"(?: [a-z'’-]+){0,2}?)(?:'s)?\W+(?:tell|let|say|have it|just say|write)\b",
    re.I,
)


_MESSAGE_WORDS = frozenset({"email", "e-mail", "text", "txt", "message", "msg", "note"})


def steered_to(message: str) -> str | None:
    """Who a "back to underwood, tell him …" steers back to (None for "back to the email")."""
    m = _STEERED.match(message.strip())
    if m is None or m["who"].lower().split()[-1] in _MESSAGE_WORDS:
        return None
    return m["who"]

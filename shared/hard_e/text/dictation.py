"""The words of a text, an email or a note, said in answer to "what should it say?".

A rep answering that question often labels the answer or steers back to it first ("ok
msg: …", "back to the email, tell her …", "note: …", "say that …"); what follows is the
body, whatever it talks about (a day, a balance, a walkthrough). ``dictated`` finds it.
"""

from __future__ import annotations

import re

_DICTATED = re.compile(
    r"^\W*(?:(?:ok|okay|k|so|and|alright|all right|right|sorry|oh|um|uh|yeah|yes)\W+)*"
    r"(?:(?:back to|ok back to|now for|for) (?:the|that|my) (?:e-?mail|text|txt|message|msg|note)"
    r"\W+)?(?:(?:(?:the )?(?:msg|message|txt|text|e-?mail|note|body)(?: should say| says)?\s*:|"
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

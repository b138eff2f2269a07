"""A rep correcting themselves mid-sentence: "text Linda — no wait, Karen Beckett that
we're late" asks to text Karen Beckett; "the Keller — no, the Ochoa job" is the Ochoa job.

``corrected`` drops the words the correction takes back, so no reader ever acts on
them: the new words replace the phrase of the same kind just before the marker (from
its "the" when the new words open with "the", else the name-like words before it), or
the whole start when they open a request of their own ("book a — no wait, move the …"). Only
a short head is corrected (a correction comes early, before a text's words); a marker
it cannot place leaves the message as said.
"""

from __future__ import annotations

import re

from hard_e.text.words import STOP_WORDS, word_set

_I = re.IGNORECASE

# "— no,", ", sorry,", "no wait", "I mean": said between the wrong words and the right.
_MARKER = re.compile(
    r"(?:\s*[,;]\s*|\s*[\u2014\u2013-]+\s*|\s+)"
    r"(?:no,? wait|wait,? no|no no|no sorry|sorry,? no|no,? i mean|sorry,? i mean|i mean|"
    r"i meant|or rather|scratch that|(?<=[,\u2014\u2013-] )no|(?<=[,\u2014\u2013-])no|"
    r"(?<=, )sorry|(?<=[\u2014\u2013-] )sorry|(?<=,)sorry|"
    r"(?:uh+|um+|er+m?)(?=\s+(?:the|his|her|their)\s))"  # "the Sully uh the Mike Sullivan siding"
    r"(?:\s*[,;:\u2014\u2013-]\s*|\s+)",
    _I,
)
# A sound ("uh", "um") marks a correction only before a name said again, and never in
# a message being dictated, whose words may go on after one.
_SOUND = re.compile(r"^\W*(?:uh+|um+|er+m?)\W*$", _I)
_DICTATES = re.compile(r"^(?:text|txt|email|e-mail|message|tell|let|remind|note|ask)$", _I)
_HEAD_WORDS = 6  # the words a correction may follow
_RESTART_WORDS = 4  # the words of a request given up for another
_MESSAGE_WORDS = re.compile(r"^(?:that|saying|say)$", _I)  # a text's own words follow them
_DETERMINER = re.compile(r"^(?:the|a|an|my|his|her|their)$", _I)
# A verb or a question word that opens a whole request: the words after the marker are
# the request said again, and nothing before it stands.
_OPENS_A_REQUEST = re.compile(
    r"^(?:text|txt|email|e-mail|message|call|phone|book|schedule|reschedule|move|push|cancel|"
    r"add|put|note|remind|show|pull|find|look|what|what's|whats|who|who's|whos|how|how's|hows|"
    r"when|when's|where|where's|wheres|which|is|does|did|has)$",
    _I,
)
# Words that are a request's, not a name's: the phrase taken back stops at them.
_REQUEST_WORDS = STOP_WORDS | word_set(
    """text txt email e-mail message call phone number cell stage status balance owe owes
    move book schedule cancel note notes add what what's whats how who who's when where
    rep job project appointment appt tell send remind"""
)


def corrected(message: str) -> str:
    """``message`` with the words a mid-sentence correction takes back left out."""
    m = _MARKER.search(message)
    if m is None:
        return message
    before, after = message[: m.start()], message[m.end() :]
    head = before.split()
    new = after.split()
    if not head or not new or len(head) > _HEAD_WORDS:
        return message
    if any(_MESSAGE_WORDS.match(w) for w in head):  # "… that we're late, sorry, …": its words
        return message
    if _SOUND.match(m.group()) and _DICTATES.match(head[0]):  # "text the Kellers uh the crew …"
        return message
    if _restarted(head, new):  # "book a — no wait, move the Ellison walkthrough": asked anew
        return " ".join(new)
    if _DETERMINER.match(new[0]):
        at = max((i for i, w in enumerate(head) if w.lower() == new[0].lower()), default=-1)
    else:
        at = len(head)
        while at > 0 and _name_like(head[at - 1]):
            at -= 1
        if at == len(head) and len(new) <= 2:  # "Keller phone, no wait, Ochoa": the name
            return _renamed(head, new) or message
        at = at if at < len(head) else -1
    if at < 0 or (at == 0 and not _DETERMINER.match(new[0])):
        return message
    return " ".join(head[:at] + new)


def _restarted(head: list[str], new: list[str]) -> bool:
    """Whether the words after the marker are a whole request said again: a short start
    given up ("book a", "text Linda"), never a message's words ("… that we're late")."""
    return (
        len(head) <= _RESTART_WORDS
        and _OPENS_A_REQUEST.match(new[0]) is not None
        and _OPENS_A_REQUEST.match(head[-1]) is None
    )


def _name_like(word: str) -> bool:
    return word.lower().strip(",.?!'") not in _REQUEST_WORDS


def _renamed(head: list[str], new: list[str]) -> str | None:
    """The head with its one run of name-like words replaced by ``new``; None when it
    has none, or more than one (which one was wrong is unclear)."""
    runs = [
        i for i, w in enumerate(head) if _name_like(w) and (i == 0 or not _name_like(head[i - 1]))
    ]
    if len(runs) != 1:
        return None
    end = runs[0]
    while end < len(head) and _name_like(head[end]):
        end += 1
    tail = head[end - 1][len(head[end - 1].rstrip("'s")) :] if head[end - 1].endswith("'s") else ""
    return " ".join(head[: runs[0]] + new[:-1] + [new[-1] + tail] + head[end:])

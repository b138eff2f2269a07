"""A rambling message in its parts: "I was out at the Keller place this morning, what
stage is that job in" is a remark, then the request. ``clauses`` splits where a new
part begins (a comma, a full stop, "and", "but", "so"), the last part first — a rep who
rambles usually says what they want at the end."""

from __future__ import annotations

import re

from hard_e.text.words import word_set

_BREAK = re.compile(r"\s*[,;.!?]+\s+|\s*[,;.!?]+$|\s+(?:and|but|so|anyway|then)\s+", re.I)
# Spoken, a request often follows a remark with nothing between ("the Jensens signed last
# night move Steven's siding to contract signed"): a command verb after three words or
# more opens a part — unless the word before makes it no command ("we'll move", "to text").
_COMMAND = re.compile(
    r"(?<=\w)\s+(?=(?:move|push|bump|text|txt|email|e-mail|book|schedule|mark|remind|send|"
    r"put|add|note)\s)",
    re.I,
)
_NO_COMMAND_AFTER = word_set(
    """to i we you he she they it will would can could should shall must might may gonna
    wanna gotta please not don't dont didn't did do does let's and or i'll we'll she'll he'll
    they'll you'll i'd we'd just also then me us them him her who that which never already
    still the a an my your our his their its this these those for of in on at with about by
    from into last next first same company whole"""
)
# ... nor when what follows makes the verb a noun ("my last text to Mrs Ochoa").
_NO_COMMAND_BEFORE = word_set("to into for about from of on in with account address list")


def clauses(message: str) -> list[str]:
    """The message's parts of at least two words, last first; [] when it has one part."""
    parts = [p.strip() for p in _BREAK.split(message) if p and p.strip()]
    parts = [q for p in parts for q in _said_on(p)]
    parts = [p for p in parts if len(p.split()) >= 2]
    return list(reversed(parts)) if len(parts) > 1 else []


def _said_on(part: str) -> list[str]:
    """``part``, or the remark and the command said on from it without a pause."""
    m = next((m for m in _COMMAND.finditer(part) if _opens_a_command(part, m.start())), None)
    return [part] if m is None else [part[: m.start()], part[m.end() :]]


def _opens_a_command(part: str, at: int) -> bool:
    """Whether the verb at ``at`` begins a command: a remark of three words before it,
    three words of request after, and no word on either side that makes it none."""
    before, after = part[:at].split(), part[at:].split()
    return (
        len(before) >= 3
        and len(after) >= 3
        and before[-1].lower() not in _NO_COMMAND_AFTER
        and after[0].islower()  # "… for Mark Duffy": a name, not "mark"
        and after[1].lower() not in _NO_COMMAND_BEFORE
    )

"""Did the person ask for this write, in their own words, this turn?

A model can be talked into anything by text it reads (a document, a CRM note, a tool
result). So a write a *model* proposes runs only when the person's own message this
turn asks for that kind of change — and, for anything that decides where messages go
(an email address, a phone number), when they said that very value. Otherwise the
call waits for their confirmation as an approval. Deterministic: no model is asked.

Tools not listed here (new ones) always wait for confirmation when a model calls them:
the safe default until someone says which words ask for them.
"""

from __future__ import annotations

import re
from typing import Any

_I = re.IGNORECASE

ASKS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, _I)
    for name, pattern in {
        "update_customer": r"\b(update|chang\w*|correct\w*|fix\w*|edit\w*|set|new|replac\w*|"
        r"switch\w*|wrong|different|now (is|has))\b",
        "update_job": r"\b(update|chang\w*|renam\w*|edit\w*|set|fix\w*|descri\w*|call it)\b",
        "add_job_note": r"\b(notes?|log|write|jot|record|add)\b",
        "move_job_stage": r"\b(move|advance|stage|mark\w*|push|put|set|bump|promote|"
        r"send (it|the job) (to|back))\b",
        "send_sms": r"\b(text\w*|sms|message|msg|tell|let \w+(?: \w+)? know|send)\b",
        "send_email": r"\b(e-?mail\w*|send|write to|message)\b",
        "create_appointment": r"\b(book\w*|schedul\w*|appointments?|calendar|set up|meet\w*|"
        r"visit|inspection)\b",
        "create_task": r"\b(tasks?|remind\w*|to-?dos?|follow[- ]?up|assign\w*)\b",
        "remember": r"\b(remember|note that|keep in mind|from now on|don'?t forget|"
        r"make a note|going forward)\b",
        "forget": r"\b(forget|stop using|delete|remove|no longer|not true|wrong)\b",
        "create_customer": r"\b(new|creat\w*|add|set up|lead|customer|client)\b",
        "create_job": r"\b(new|creat\w*|add|set up|open|start)\b.{0,40}\bjob\b",
    }.items()
}
# Argument names whose value decides where something goes; the person must have said it.
_CONTACT_FIELDS = frozenset({"to", "email", "phone"})
_DIGITS = re.compile(r"\d")


def unrequested(tool: str, args: dict[str, Any], said: str) -> str | None:
    """Why this write needs the person's confirmation, or None when they asked for it."""
    pattern = ASKS.get(tool)
    if pattern is None or not pattern.search(said):
        return "you didn't ask for this in your message, so it waits for your OK"
    for field in sorted(_CONTACT_FIELDS & set(args)):
        value = args[field]
        if isinstance(value, str) and value.strip() and not _said_value(value, said):
            return f"you didn't say {value} yourself, so it waits for your OK"
    return None


def _said_value(value: str, said: str) -> bool:
    """An email is said when it appears in the words; a number when its digits do
    (ignoring a leading country code 1)."""
    if "@" in value:
        return value.strip().lower() in said.lower()
    digits = "".join(_DIGITS.findall(value))
    spoken = "".join(_DIGITS.findall(said))
    if not digits:
        return value.strip().lower() in said.lower()
    return digits in spoken or (len(digits) == 11 and digits[0] == "1" and digits[1:] in spoken)

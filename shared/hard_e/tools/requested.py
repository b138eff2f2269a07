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

# A request names the action with a verb ("add a note", "book an inspection"); a
# question about the same topic ("when is the inspection?") does not ask for a write.
ASKS: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern, _I)
    for name, pattern in {
        "update_customer": r"\b(updat\w*(?! on\b| about\b| me\b)|chang\w*|correct\w*|fix\w*|"
        r"edit\w*|set|replac\w*|switch\w*)\b|\b(new|different) (e-?mail|phone|number|address|"
        r"cell|name)\b|\b(e-?mail|phone|number|cell|address)\b.{0,20}\b(is now|now is|changed)\b",
        "update_job": r"\b(updat\w*(?! on\b| about\b| me\b)|chang\w*|renam\w*|edit\w*|"
        r"set|fix\w*|call it)\b",
        "add_job_note": r"\b(add|put|leave|write|jot|log|record|make|drop)\b.{0,30}\bnotes?\b|"
        r"\bnote (that|down|on|it)\b|\blog (that|it|this)\b",
        "move_job_stage": r"\b(move|advance|push|bump|put|set|mark|change|send|promote)\b"
        r".{0,40}\b(to|as|into|back|forward)\b",
        "send_sms": r"\b(text|sms|msg)\b|\bsend\b.{0,30}\b(text|message|sms)\b|"
        r"\blet \w+(?: \w+)? know\b|\btell (?!me\b)\w+\b|\bmessage (?!is\b)\w+",
        "send_email": r"\b(e-?mail|send|write to|message)\b",
        "create_appointment": r"\b(book|schedul\w*|arrange|set up|put|add|make)\b.{0,40}"
        r"\b(appointments?|meetings?|visits?|inspections?|calls?|estimates?|measures?|"
        r"calendar)\b|\b(book|schedule)\b",
        "reschedule_appointment": r"\b(move|moving|resched\w*|push|bump|shift|chang\w*|switch"
        r"\w*|postpone\w*|pull (?:it |that )?(?:in|forward|up))\b",
        "reassign_appointment": r"\b(put|swap\w*|switch\w*|chang\w*|reassign\w*|assign\w*|"
        r"give|hand|send|have|let)\b.{0,60}\b(instead|rep|on|to|take|takes|cover|covers|go)\b",
        "cancel_appointment": r"\b(cancel\w*|call (?:it |that )?off|scrap|scratch|drop|delet"
        r"\w*|remove|take (?:it |that )?off)\b",
        "create_task": r"\b(creat\w*|add|make|set up|put|give me|assign\w*)\b.{0,30}"
        r"\b(tasks?|to-?dos?|reminders?|follow[- ]?ups?)\b|\bremind (me|\w+) to\b",
        "remember": r"\b(remember|note that|keep in mind|from now on|don'?t forget|"
        r"make a note|going forward)\b",
        "forget": r"\b(forget|stop using|delete|remove)\b",
        "create_customer": r"\b(new|creat\w*|add|set up|enter)\b.{0,30}"
        r"\b(customers?|clients?|leads?|homeowners?)\b",
        "create_job": r"\b(new|creat\w*|add|set up|open|start)\b.{0,40}\bjob\b",
        "set_follow_up_rules": r"\b(stale|cold|follow[- ]?up|stuck|threshold|rules?)\b.{0,60}"
        r"\b(after|at|to|is|are|be)\b.{0,20}\b\d+\s*(days?|d)\b",
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

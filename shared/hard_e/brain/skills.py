"""Skill routing: which tool groups a turn offers Claude, from the words of the message.

Offering only the relevant group keeps prompts small and choices sharp; CRM is the
default because most of what reps ask is about customers and jobs.
"""

from __future__ import annotations

import re

_SKILL_WORDS: dict[str, re.Pattern[str]] = {
    "customers": re.compile(
        r"\b(new|create|add|set up|open)\b.{0,30}\b(customer|client|homeowner|lead|job)\b",
        re.IGNORECASE,
    ),
    "messaging": re.compile(
        r"\b(text|sms|email|e-mail|send|message|write to|reach out)\b", re.IGNORECASE
    ),
    "scripting": re.compile(r"\b(script|pitch|primer|talk track|what do i say)\b", re.IGNORECASE),
    "knowledge": re.compile(
        r"\b(warrant\w*|spec\w*|exposure|reveal|colou?rs?|install\w*|nail\w*|fasten\w*|"
        r"clearance|trim|soffit|fascia|flashing|caulk\w*|house ?wrap|objection|cheaper|"
        r"too (high|expensive)|think about it|three quotes|fiber[- ]?cement|vinyl|plank|lap|"
        r"shingle|panel|texture|fade|fire|wind|hail|r-?value|thickness|weight|square|"
        r"product|brochure|documents?|how (do|should) i (answer|respond|handle)|"
        r"what do i say|roof\w*|window\w*|siding|u-?factor|glass)\b",
        re.IGNORECASE,
    ),
    "memory": re.compile(
        r"\b(remember|forget|recall|what do you know|what did i (tell|say)|"
        r"do we (offer|have|do))\b",
        re.IGNORECASE,
    ),
    "crm": re.compile(
        r"\b(job|customer|client|stage|note|appointment|calendar|schedule|task|pipeline|move|"
        r"crm|lead|inspection|install|measure|proposal|contract|balance|paid|invoice|rep)\b",
        re.IGNORECASE,
    ),
}


ALWAYS = ("knowledge", "crm")  # lookups and a document search stay possible every turn


def route(message: str, *, active_drafts: list[str] | None = None) -> list[str]:
    """The skills this message needs, plus document search and CRM lookups."""
    skills = [name for name, pattern in _SKILL_WORDS.items() if pattern.search(message)]
    if active_drafts and "new_customer" in active_drafts and "customers" not in skills:
        skills.append("customers")
    skills += [s for s in ALWAYS if s not in skills]
    return skills


def is_product_question(message: str) -> bool:
    """Worth fetching passages up front (so one model round trip can answer)."""
    return bool(_SKILL_WORDS["knowledge"].search(message))

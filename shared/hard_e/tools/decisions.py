"""Which waiting approvals a person's reply decides — one "yes" decides one approval.

When several actions wait, the prompt lists them all, numbered, in words written here
(never by a model), and a plain "yes" does not pick among them: the person says "yes
to all", "yes to 2", "the first one", or "no". Deterministic, like the yes/no itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from hard_e.brain.confirm import decision

Verdict = Literal["approve", "deny"]

_ALL = re.compile(r"\b(all|both|everything|every one|each)\b", re.IGNORECASE)
_NO = re.compile(r"^\s*(no|nope|nah|deny|reject|cancel|don'?t|skip|drop)\b", re.IGNORECASE)
_YES = re.compile(
    r"^\s*(yes|yeah|yep|sure|ok(ay)?|approve|confirm|go ahead|do|send|just|only|number|#)\b",
    re.IGNORECASE,
)
# A "no" that says cancel ("actually cancel", "Cancel that email.") is a cancel, not a deny.
_CANCEL = re.compile(
    r"\b(?:canc[ae]l\w*|cancle|cxl|never ?mind|nvm|forget (?:it|that|about it)|"
    r"call it off)\b",
    re.IGNORECASE,
)
# "Yes, go ahead and cancel it": a yes to a waiting cancellation, said with its verb.
_YES_CANCEL = re.compile(
    r"^\W*(?:(?:yes|yeah|yep|yup|ya|sure|ok|okay|right)\b[\s,.!]*)+(?:(?:please|go ahead and|"
    r"do|just)\s+)*canc[ae]l (?:it|that|this|them|the (?:visit|appointment|booking|site visit|"
    r"walkthrough|measure|inspection))(?: please| then| for me| for her| for him)?\W*$",
    re.IGNORECASE,
)
# What a resumed approval was for, said as the intent that asked for it ("back to the email").
_ASKED_AS = {"create_customer": "new_customer"}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
_PICK = re.compile(r"\b(\d{1,2}|" + "|".join(_ORDINALS) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class Decided:
    verdict: Verdict
    which: list[int]  # 0-based positions in the list that was shown


@dataclass(frozen=True)
class AskWhich:
    """A plain yes/no while several actions wait: ask which."""

    verdict: Verdict


def read_reply(message: str, waiting: int) -> Decided | AskWhich | None:
    """What the reply decides among ``waiting`` listed approvals, or None when it is not
    a decision at all (an ordinary message)."""
    plain = decision(message)
    if waiting == 1:
        return Decided(plain, [0]) if plain else None
    words = message.strip()
    verdict: Verdict | None = plain
    if verdict is None:
        if _NO.match(words):
            verdict = "deny"
        elif _YES.match(words) or _only_picks(words):
            verdict = "approve"
    if verdict is None:
        return None
    if _ALL.search(words):
        return Decided(verdict, list(range(waiting)))
    picked = []
    for token in _PICK.findall(words):
        number = _ORDINALS.get(token.lower())
        position = (int(token) if number is None else number) - 1
        position = waiting - 1 if number == -1 else position
        if 0 <= position < waiting and position not in picked:
            picked.append(position)
    if picked:
        return Decided(verdict, picked)
    return AskWhich(verdict) if plain else None


_FILLER = frozenset({"the", "one", "number", "#", "please", "just", "only", "and", "&"})


def yes_to_a_cancellation(message: str, tools: Sequence[str]) -> bool:
    """ "yes, go ahead and cancel it" when the one action waiting is a cancellation: its
    yes (to anything else, "cancel" is a no, so it decides nothing)."""
    return list(tools) == ["cancel_appointment"] and bool(_YES_CANCEL.match(message))


def _only_picks(words: str) -> bool:
    """ "2", "the second one", "1 and 3": nothing but a choice from the list."""
    left = [w for w in re.findall(r"[\w#&']+", words.lower()) if w not in _FILLER]
    return bool(left) and all(_PICK.fullmatch(w) for w in left)


def decision_intent(verdict: Verdict, message: str) -> str:
    """The intent a person's decision counts as: "approve", "deny", or "cancel" when the
    no was said as a cancel — the same approval is denied either way."""
    return "cancel" if verdict == "deny" and _CANCEL.search(message) else verdict


def resumed_intent(approvals: Sequence[dict[str, Any]]) -> str:
    """ "back to the email" with the email waiting: the intent of the held action itself
    (``send_email``), or ``approval`` when what waits is of several kinds."""
    tools = {str(a.get("tool", "")) for a in approvals}
    if len(tools) != 1:
        return "approval"
    tool = tools.pop()
    return _ASKED_AS.get(tool, tool) or "approval"


def prompt(approvals: Sequence[dict[str, Any]]) -> str:
    """The deterministic line that lists what waits for the person's OK."""
    if not approvals:
        return ""
    if len(approvals) == 1:
        return f"Waiting for your OK: {_line(approvals[0])}. Say yes to go ahead, or no."
    listed = " ".join(f"{n}) {_line(a)}." for n, a in enumerate(approvals, start=1))
    return (
        f"{len(approvals)} actions are waiting for your OK: {listed} "
        "Say 'yes to all', 'yes to' a number, or 'no'."
    )


def _line(approval: dict[str, Any]) -> str:
    """The preview on one line: recipient and content as they will be sent."""
    text = str(approval.get("preview") or approval.get("summary") or approval.get("tool"))
    return " ".join(text.split()).rstrip(".")

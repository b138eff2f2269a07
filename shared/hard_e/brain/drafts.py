"""Multi-turn drafts kept in session state: a new customer, a sales script.

Each draft knows its slots, reads what it can from every message, and asks for the
next missing one. Its data is plain JSON in the session state, so a draft survives
between turns and Lambda invocations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from hard_e.brain.confirm import decision
from hard_e.brain.rules import without_hesitation
from hard_e.text.words import word_set

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)
_PHONE = re.compile(r"(?<![\w@.])\+?1?[\s.-]?\(?(\d{3})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})(?!\d)")
_SKIP = re.compile(r"^\W*(skip|none|no|nope|n/?a|don'?t have (one|it)|not sure|pass|later)\b", re.I)
# A missing value told in a sentence ("she didn't give me an email, just skip that").
_SKIP_SAID = re.compile(
    r"\b(?:skip(?: it| that| this)?|leave it (?:off|out|blank)|(?:don'?t|doesn'?t|didn'?t) (?:have|"
    r"give(?: me)?|want to give)(?: one| it| an? \w+)?|no (?:email|e-mail|address|street address)|"
    r"(?:none|nothing) on file)\b",
    re.I,
)
# An answer that gives nothing ("skip", "none", "pass for now", "n/a"): the words only,
# so "Skip Johnson" is still a name.
_NOTHING = re.compile(
    r"^\W*(?:(?:just|uh|um|oh|ok|okay|er)\W+)*(?:skip|none|no|nope|nah|n/?a|pass|not sure|later|"
    r"dunno|no idea|i don'?t know|nothing)(?:\W+(?:it|that|this|one|for now|please|pls|thanks))*"
    r"\W*$",
    re.I,
)
# The words an answer to "what's the name?" wraps a name in ("her name is", "it's").
_NAME_WRAP = word_set("his her their name names name's is it its it's s called she's he's that's")
_NAME_AFTER = re.compile(
    r"\b(?:named|called|for|is)\s+(?P<name>[A-Z][a-zA-Z'’-]+(?:\s+[A-Z][a-zA-Z'’-]+){0,2})"
)
# "new cust pls": a please, a thanks or a "now" typed short is nobody's name.
_POLITE = r"(?:please|pls|plz|thx|thanks|asap|rn|real quick|quick)"
# "new customer Sarah Novak 614…", "new lead: tom harris": the name right after the word.
_NAME_OPENING = re.compile(
    r"\b(?:customer|cust|client|homeowner|lead|contact)\b\s*[:,-]?\s*(?:(?:uh|um|er),? )?"
    r"(?:for (?:you|me|us|him|her|them)\s*[:,-]?\s*)?"  # "new customer for you: Harold …"
    r"(?:(?:her|his|their) name(?:'s|’s| is) |named |called |is |for )?"
    r"(?P<name>(?!" + _POLITE + r"\b|(?:now|today|here|with|at|and|to|for|in|on|a|an|the|you|"
    r"me|us|him|her|them|it|(?:record|profile|file|entry|card|account)s?)\b)"
    r"[A-Za-z][a-zA-Z'’-]+(?:\s+(?!(?:at|phone|cell|number|email|e-mail|with|and|from|in|on|"
    r"who|lives)\b|" + _POLITE + r"\b)[A-Za-z][a-zA-Z'’-]+){0,2})",
    re.IGNORECASE,
)
_ADDRESS = re.compile(
    r"(?P<street>\d+[\w .'-]*?)(?:,\s*(?P<city>[A-Za-z .'-]+?))?"
    r"(?:,?\s*(?P<state>[A-Z]{2}))?(?:\s*(?P<zip>\d{5}))?\s*$"
)


def _gives_nothing(message: str) -> bool:
    """Whether an answer gives no value: "skip", "none", "she didn't give me one"."""
    told = [m.group(0).lower() for m in _SKIP_SAID.finditer(message)]
    return bool(_NOTHING.match(message)) or any(t != "skip" for t in told)


def _clean_name(text: str) -> list[str]:
    words = re.findall(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*", text)  # "Wiśniewski"
    return [w[0].upper() + w[1:] for w in words]


@dataclass
class NewCustomerDraft:
    """Slots: name and phone (required by Leap), then email and address (optional)."""

    data: dict[str, Any]
    kind = "new_customer"

    @classmethod
    def start(cls, message: str) -> NewCustomerDraft:
        draft = cls({"asked": None})
        draft.absorb(message, opening=True)
        return draft

    def absorb(self, message: str, *, opening: bool = False) -> str | None:
        """Take what this message offers; returns a complaint when the answer didn't fit."""
        d = self.data
        if email := _EMAIL.search(message):
            d["email"] = email.group(0).lower()
        if phone := _PHONE.search(message):
            d["phone"] = "-".join(phone.groups())
        asked = d.get("asked")
        if opening:
            name = _NAME_AFTER.search(message) or _NAME_OPENING.search(message)
            if name:
                self._set_name(name.group("name"))
            return None
        if asked in ("name", "last_name") and _gives_nothing(message):
            # "skip" to the name: Leap needs one, and "Skip" is nobody's name here
            whose = "a last name too" if asked == "last_name" else "a name"
            return f"A new customer needs {whose}, so that one can't be skipped."
        if asked in ("name", "last_name") and decision(message) is not None:
            return "I didn't catch a name."  # a "y" or an "ok" is nobody's name
        if asked == "address" and decision(message) == "approve":
            d["address"] = {}  # "save it" to the question that showed the customer: as shown
            d["saved_as_shown"] = self.tool_input()
            return None
        if asked == "email" and decision(message) == "approve":
            message = "skip"  # "yep that's everything" to an optional question: leave it off
        if asked == "name":
            said = without_hesitation(_EMAIL.sub("", _PHONE.sub("", message)))
            words = [w for w in _clean_name(said) if w.lower().replace("’", "'") not in _NAME_WRAP]
            if not words:
                return "I didn't catch a name."
            if len(words) > 4:  # "wait, she's already in there under her husband's name"
                return "That didn't sound like a name."
            self._set_name(" ".join(words))
        elif asked == "last_name":
            words = _clean_name(message)
            if not words:
                return "I didn't catch the last name."
            d["last_name"] = words[-1]
        elif asked == "phone" and "phone" not in d:
            return "That didn't sound like a phone number; I need ten digits."
        elif asked == "email" and "email" not in d:
            if _SKIP.match(message) or _SKIP_SAID.search(message):
                d["email"] = ""
            else:
                return "That didn't sound like an email address (or say skip)."
        elif asked == "address":
            match = None if _SKIP.match(message) else _ADDRESS.search(message.strip().rstrip("."))
            if match is not None and match.group("street"):
                d["address"] = {k: (v or "").strip() for k, v in match.groupdict().items()}
            elif _SKIP.match(message) or _SKIP_SAID.search(message):
                d["address"] = {}
            else:
                return "I need at least a street number and name (or say skip)."
        return None

    def _set_name(self, name: str) -> None:
        words = _clean_name(name)
        if words:
            self.data["first_name"] = words[0]
            if len(words) > 1:
                self.data["last_name"] = " ".join(words[1:])

    def next_question(self) -> str | None:
        d = self.data
        if "first_name" not in d:
            d["asked"] = "name"
            return "What's the customer's first and last name?"
        if "last_name" not in d:
            d["asked"] = "last_name"
            return f"And {d['first_name']}'s last name?"
        if "phone" not in d:
            d["asked"] = "phone"
            return f"What's the best phone number for {d['first_name']}?"
        if "email" not in d:
            d["asked"] = "email"
            return "Email address? (say skip if you don't have it)"
        if "address" not in d:
            d["asked"] = "address"
            return f"Street address? Or say 'save it' to create {self.summary()} with no address."
        d["asked"] = None
        return None

    def summary(self) -> str:
        """The customer as the address question shows them: 'Jo Smith (cell 614-…, no email)'."""
        d = self.data
        email = d.get("email") or "no email"
        return f"{d['first_name']} {d['last_name']} (cell {d['phone']}, {email})"

    def tool_input(self) -> dict[str, Any]:
        d = self.data
        address = d.get("address") or {}
        return {
            "first_name": d["first_name"],
            "last_name": d["last_name"],
            "phone": d["phone"],
            "phone_label": "cell",
            "email": d.get("email", ""),
            "street": address.get("street", ""),
            "city": address.get("city", ""),
            "state": address.get("state", ""),
            "zip": address.get("zip", ""),
        }


# "back to the script", "ok where were we": the rep returning to the draft, not an answer.
_BACK_TO_IT = re.compile(
    r"^\W*(?:(?:ok|okay|so|alright|right|anyway)\W+)*(?:(?:let'?s )?(?:get |go )?back to (?:the|"
    r"my|that|our) (?:script|pitch)|where were we)\b",
    re.I,
)
# A homeowner's concern the rep reports: "they're worried about price", "she's concerned
# the install takes too long", "objection is the monthly payment".
_CONCERN = re.compile(
    r"\b(?:(?:they|he|she|the homeowners?|the customer|the wife|the husband)(?:'re|'s| are| is|"
    r" were| was|re|s) (?:worried|concerned|nervous|hung up|stuck|hesitant|unsure|scared|"
    r"skeptical|sceptical)|(?:the |their |his |her |main |big )?(?:objection|concern|worry|"
    r"pushback|hang-?up) (?:is|was|'s))\b.*$",
    re.I,
)


@dataclass
class SalesScriptDraft:
    """Slots: customer, product, key points; the variant comes from the opening words."""

    data: dict[str, Any]
    kind = "sales_script"

    @classmethod
    def start(cls, message: str) -> SalesScriptDraft:
        primer = bool(re.search(r"\b(primer|video)\b", message, re.IGNORECASE))
        draft = cls({"variant": "primer_video" if primer else "standard", "asked": None})
        if name := re.search(
            r"\bfor\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)", message
        ):
            draft.data["customer"] = name.group("name")
        if product := re.search(
            r"\b(?:about|on|selling|pitching)\s+(?P<product>[^,.?]+)", message, re.I
        ):
            draft.data["product"] = product.group("product").strip()
        return draft

    def absorb(self, message: str, *, opening: bool = False) -> str | None:
        asked, text = self.data.get("asked"), message.strip().rstrip(".")
        if opening or not asked:
            return None
        if not text:
            return "I didn't catch that."
        concern = _CONCERN.search(text)
        if asked in ("customer", "product") and (concern or _BACK_TO_IT.match(text)):
            # "ok back to the script, they're worried about price": not a product's name —
            # the rep answering another step (a concern for the script to handle) or
            # returning to the draft; the question asked stays open
            if concern is None:
                return None
            point = f"handle the concern: {concern.group().strip(' ,.')}"
            self.data.setdefault("key_points", [])
            self.data["key_points"] = [*self.data["key_points"], point]
            self.data["points_told"] = True
            return f"Noted for the script: {concern.group().strip(' ,.')}."
        if asked == "key_points":  # after any concern told earlier
            self.data["key_points"] = [*self.data.get("key_points", [])] + (
                []
                if _SKIP.match(text)
                else [p for p in re.split(r"[;,]|\band\b", text) if p.strip()]
            )
        else:
            self.data[asked] = text
        return None

    def next_question(self) -> str | None:
        for slot, question in (
            ("customer", "Who is the script for? (the customer's name)"),
            ("product", "Which product are you pitching?"),
            ("key_points", "What key points should it hit? (or say none)"),
        ):
            if slot == "key_points" and self.data.pop("points_told", False):
                self.data["asked"] = slot  # a concern told already: more, or say none
                return "Any other key points it should hit? (or say none)"
            if slot not in self.data:
                self.data["asked"] = slot
                return question
        self.data["asked"] = None
        return None


DRAFTS: dict[str, type[NewCustomerDraft] | type[SalesScriptDraft]] = {
    NewCustomerDraft.kind: NewCustomerDraft,
    SalesScriptDraft.kind: SalesScriptDraft,
}


def open_draft(state: dict[str, Any]) -> NewCustomerDraft | SalesScriptDraft | None:
    current = state.get("draft")
    if not current:
        return None
    return DRAFTS[current["kind"]](current["data"])


def keep_draft(state: dict[str, Any], draft: NewCustomerDraft | SalesScriptDraft | None) -> None:
    if draft is None:
        state.pop("draft", None)
    else:
        state["draft"] = {"kind": draft.kind, "data": draft.data}

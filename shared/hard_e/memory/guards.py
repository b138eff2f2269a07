"""What memory refuses to keep, and what waits for an admin before anyone may use it.

Memory is shared by a whole company, so one person (or a document a model read aloud)
must not be able to plant something everyone else is told. Two checks, both
deterministic:

- :func:`secret_in`: passwords, API keys and tokens, card numbers, social security and
  bank numbers, door and lockbox codes are never stored, from anyone.
- :func:`needs_confirmation`: a company-wide price, discount, rule or instruction to act
  (anything that tells Hard-E to send, text or give something, or names an address to
  send to) learned from a rep is kept as *pending* until an admin confirms it; pending
  items are not recalled, answered from or shown to the model.
"""

from __future__ import annotations

import re

from hard_e.memory.items import PER_USER, Category

_I = re.IGNORECASE

_SPOKEN_DIGIT = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_DIGITS = rf"(?:[#(-]?\d|{_SPOKEN_DIGIT}\W+{_SPOKEN_DIGIT}\b)"  # "7781", "four four one one"
_SECRETS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, _I))
    for kind, pattern in (
        (
            "a password",
            r"\b(pass ?words?|passcodes?|pass phrases?|pw|pwd|credentials?)\b"
            r"\s*(?:is|are|was|=|:|-|for\b)",
        ),
        ("a PIN", r"\bpin\s*(?:number|code)?\s*(?:is|=|:)\s*\d"),
        (
            "an access code",
            # the code named, then digits soon after, however said: "is 7781", "is now
            # 9034", "changed to 4411", "code: 12-34", "code 2210"; or "the code for the
            # gate is…", "the lockbox combo is…"
            r"\b(lock ?box|gate|door|garage|alarm|key ?pad|security|access|entry|building)"
            r"\s+(codes?|combos?|combinations?|pins?)\b\W{0,3}(?:[a-z']+\W{1,3}){0,5}?"
            + _DIGITS
            + r"|\b(codes?|combos?|combinations?|pins?)\s+(?:for|to|on|at)\s+(?:the\s+|their\s+|"
            r"his\s+|her\s+)?(?:[a-z']+\s+){0,3}?(lock ?box|gate|door|garage|alarm|key ?pad)s?"
            r"\b\W{0,3}(?:[a-z']+\W{1,3}){0,5}?"
            + _DIGITS
            # a lockbox, key safe or keypad's number is its code, whether "code" is said
            # or not: "the lockbox at the Duffy house is 4771"
            + r"|\b(lock ?box|key ?safe|key ?pad|combination lock|combo lock)e?s?\b"
            r"(?:\W{1,3}[a-z']+){0,6}?\W{1,3}(?:is|are|=|:|opens with|reads)\W{1,3}(?:now\W+)?"
            + _DIGITS
            # a gate, garage, door or alarm "is" a 3–8 digit number (not a size: "16 ft")
            + r"|\b(gate|garage|door|alarm)s?\b(?:\W{1,3}[a-z']+){0,6}?\W{1,3}(?:is|=|:)\W{1,3}"
            r"(?:now\W+)?\#?\d{3,8}\b(?!\s*(?:in\b|inch|ft\b|feet|foot|mm\b|cm\b|\"|'|x\b|by\b|wide|tall|model|series|style))",
        ),
        (
            "a key or token",
            r"\b(api|secret|access|private|auth\w*)[ _-]?(keys?|tokens?)\b\s*(?:is|=|:|-)"
            r"|\b(sk|pk|rk)-[a-z0-9_-]{8,}|\bAKIA[0-9A-Z]{16}\b|\bgh[pousr]_[A-Za-z0-9]{20,}"
            r"|\bxox[abpr]-[A-Za-z0-9-]{10,}|\beyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}",
        ),
        ("a social security number", r"\b\d{3}-\d{2}-\d{4}\b|\b(ssn|social security)\b"),
        ("a bank account number", r"\b(routing|account|acct|iban|swift)\s*(number|no\.?|#)"),
    )
)
# 13-19 digits in a row, 4-4-4-x groups, or Amex's 4-6-5 (not job numbers like 2606-8734090-01)
_CARD = re.compile(
    r"(?<!\d)(?:\d{13,19}|\d{4}(?:[ -]\d{4}){2}[ -]\d{1,7}|\d{4}[ -]\d{6}[ -]\d{5})(?!\d)"
)
_OPAQUE = re.compile(  # a long token of letters and digits: a key, whatever its prefix
    r"(?<![\w@./-])(?=[A-Za-z0-9_\-]*\d)(?=[A-Za-z0-9_\-]*[A-Za-z])[A-Za-z0-9_\-]{28,}"
)


def secret_in(text: str) -> str | None:
    """What kind of secret ``text`` carries ("a password", "a card number"…), or None."""
    for kind, pattern in _SECRETS:
        if pattern.search(text):
            return kind
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and _luhn(digits):
            return "a card number"
    if _OPAQUE.search(text):
        return "a key or token"
    return None


def _luhn(digits: str) -> bool:
    total = 0
    for i, char in enumerate(reversed(digits)):
        n = int(char)
        if i % 2:
            n = n * 2 - 9 if n > 4 else n * 2
        total += n
    return total % 10 == 0


def redact_secrets(text: str) -> str:
    """``text`` with every sentence that carries a secret replaced (for summaries)."""
    sentences = re.split(r"(?<=[.!?;])\s+|\n+", text)
    return " ".join("[secret left out]" if secret_in(s) else s for s in sentences if s)


_CONFIRM: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, _I))
    for kind, pattern in (
        (
            "a discount",
            r"\b(discount\w*|\d+\s*(%|percent|pct)\s*off|off (the|any|every)|rebate|coupon|"
            r"promo\w*|waive\w*|free of charge|for free|no charge|price match\w*|match any)\b",
        ),
        (
            "an instruction to act",
            r"\b(send|e-?mail|text|sms|call|forward|share|give|cc|bcc|post|upload|wire|pay|"
            r"refund|transfer|approve|sign up|subscribe)\w*\b.{0,80}\b(after|whenever|every|"
            r"each|when|before|automatically|always|anyone|everyone|all)\b"
            r"|\b(always|automatically|whenever|after every|every time)\b.{0,60}\b(send|e-?mail|"
            r"text|call|forward|share|give|cc|bcc|approve|pay|refund)\w*\b",
        ),
        (
            "an address to send to",
            r"[^@\s]+@[^@\s]+\.[a-z]{2,}|https?://|www\.|\b\d{3}[ .-]\d{3}[ .-]\d{4}\b",
        ),
        (
            "a price",
            r"\$\s?\d|\b\d[\d,.]*\s*(dollars|bucks|k)\b|\b(per|a|each|every)\s+(square|sq|"
            r"foot|ft|window|door|hour)\b|\b(price[sd]?|pricing|cost[s]?|charge[sd]?|fees?|"
            r"rates?|deposit|down payment|apr|interest)\b",
        ),
        (
            "a rule",
            r"\b(always|never|must|mandatory|required|requires?|policy|rules?|from now on|"
            r"going forward|no exceptions|not allowed|forbidden|only ever)\b",
        ),
    )
)
_COMPANY_WIDE: frozenset[Category] = frozenset(
    {"company_fact", "decision", "learned_pattern", "tool_knowledge"}
)


def needs_confirmation(category: Category, text: str) -> str | None:
    """Why a company-wide item must wait for an admin (None: usable at once).

    Personal items (a rep's own preferences and to-dos) never wait. A team decision is a
    rule by nature.
    """
    if category in PER_USER or category not in _COMPANY_WIDE:
        return None
    for kind, pattern in _CONFIRM:
        if pattern.search(text):
            return f"it sets {kind} for the whole company"
    if category == "decision":
        return "it sets a rule for the whole company"
    return None

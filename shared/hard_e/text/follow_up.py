"""A follow-up said as just the new thing: "and Beckett?", "what about the estate one",
"same for Brianna", "n stonecrest". One pattern for every reader of such a turn — the
reflex brain's "the last question again, of another job or day" and the product
reader's "the last product question again, of another product" — so the two never
disagree on what a follow-up is."""

from __future__ import annotations

import re

# ``ref`` is the new thing, without "the", a "'s" or a trailing "job" / "one".
FOLLOW_UP = re.compile(
    r"^\W*(?:(?:ok|okay|so|alright|right|oh|hmm|no|sorry|actually)[, ]+)*(?:(?:and|an|n|&) )?"
    r"(?:(?:what|wat|wht|how)"
    r"(?: a| a?bout| abt)|also|plus|same (?:for|4)|same with|same (?:thing|question|q) (?:for|4)|"
    r"now|then|"
    r"ditto for|ditto on|same on|same to|"
    r"and|an|n|&|i meant|i mean|meant|not that one,? i meant)\s+(?:for |with |on )?(?:the )?"
    r"(?P<ref>[\w'#&., -]+?)(?:'s)?(?: job| project| one)?"
    r"(?:\W+(?:please|pls|plz|then|too|as well|thanks|real quick))*\W*$",
    re.IGNORECASE,
)

"""What an abbreviation the documents define stands for ("what does RCV stand for",
"whats an aob", "what is the CR"): the glossary row or the sentence that defines it,
read out as it is written. Any other question is not this module's."""

from __future__ import annotations

import re
from typing import Any

from hard_e.brain.reading.passages import _units, cite
from hard_e.text.abbreviations import definitions

_ASKS = re.compile(
    r"^(?:so |and |um |uh |hey |ok(?:ay)? )*(?:what(?:'s| is| are|s)?|wat(?:'s|s)?|define)"
    r"(?: does| do| is)? (?:an? |the )?(?P<short>[a-z][a-z0-9&]{1,6})"
    r"(?: stand for| stands for| mean| means| short for)?"
    r"(?: on (?:the |this |our |a )?(?:[a-z]+ )?"
    r"(?:contract|sheet|form|policy|paperwork|document|doc|spec|invoice|estimate|bid))?[?.! ]*$",
    re.IGNORECASE,
)


def defined_answer(question: str, passages: list[dict[str, Any]]) -> str | None:
    """The passage unit that defines the abbreviation asked about, with its source; None
    when the question asks something else or no passage defines it."""
    asked = _ASKS.match(question.strip())
    if asked is None:
        return None
    short = asked["short"].lower()
    texts = " \n".join(str(p["text"]) for p in passages)
    found = next(((s, w) for s, w in definitions(texts).items() if s.lower() == short), None)
    if found is None:
        return None
    abbreviation, words = found
    says = re.compile(
        rf"^(?:(?:the|a|an) )?(?:{re.escape(words)} \()?{re.escape(abbreviation)}\)? "
        r"(?:(?:is|are) (?:a|an|the|our|what|who|when|how)|means|stands for)\b",
        re.IGNORECASE,
    )
    defining = []
    for rank, passage in enumerate(passages):
        units = _units(str(passage["text"]))
        for unit in units:
            if says.match(unit.text):  # "The PRA is the one-page form …"
                defining.append((0, rank, unit.position, unit.text, passage))
            elif _defines(unit.text, abbreviation, words):
                # a glossary's row says most; a sentence naming it, what it is next
                after = units[unit.position + 1].text if unit.position + 1 < len(units) else ""
                text = f"{unit.text} {after}" if says.match(after) else unit.text
                defining.append((1 if unit.row else 2, rank, unit.position, text, passage))
    if not defining:
        return None
    *_, text, passage = min(defining, key=lambda d: d[:3])
    return f"{text} (Source: {cite(passage)})"


def _defines(text: str, abbreviation: str, words: str) -> bool:
    """A unit that says both names side by side: a glossary row, "Words (ABBR)",
    "ABBR (words)", "words, which we call ABBR"."""
    low = text.lower()
    start = low.find(words.lower())
    if start < 0 or not re.search(rf"(?<![\w&]){re.escape(abbreviation)}(?![\w&])", text):
        return False
    near = text[max(0, start - 40) : start + len(words) + 40]
    return abbreviation in near

"""The reflex brain: answers without a language model, from rules it is sure about.

It serves when no Claude key is set or Claude fails, and says plainly what it can't
do offline. Each rule is a small intent matcher plus a reply; the first that matches
answers. Later issues add CRM, knowledge and approval rules to the same list.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from hard_e.brain.port import Brain, BrainReply, TextSink, Turn
from hard_e.brain.prompts import possessive


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    answer: Callable[[Turn], str]


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"^\W*(?:" + "|".join(alternatives) + r")\b", re.IGNORECASE)


def _first_name(turn: Turn) -> str:
    return turn.speaker.name.split()[0] if turn.speaker.name.strip() else "there"


def _greeting(turn: Turn) -> str:
    again = " again" if any(m.role == "assistant" for m in turn.history) else ""
    return (
        f"Hey {_first_name(turn)}, good to hear from you{again}. I'm Hard-E, "
        f"{possessive(turn.tenant.name)} sales director. What are you working on?"
    )


def _capabilities(turn: Turn) -> str:
    return (
        f"I'm Hard-E, {possessive(turn.tenant.name)} AI sales director. I can talk through a deal "
        "with you, look up customers and jobs in the CRM, move jobs through your "
        "workflow, add notes, answer product questions from the company's documents, "
        "and draft emails and texts for a human to approve. Right now I'm running "
        "without my language model, so I stick to simple, clear requests."
    )


def _identity(turn: Turn) -> str:
    return (
        f"I'm Hard-E, the AI sales director for {turn.tenant.name}. Reps talk or type to "
        "me to look things up, act in the CRM and sharpen their pitch."
    )


def _wellbeing(turn: Turn) -> str:
    return f"Doing well and ready to sell, {_first_name(turn)}. What can I help you close?"


def _thanks(turn: Turn) -> str:
    return f"Anytime, {_first_name(turn)}. Go get that signature."


def _goodbye(turn: Turn) -> str:
    return f"Talk soon, {_first_name(turn)}. Good luck out there."


RULES: list[Rule] = [
    Rule(
        "capabilities",
        re.compile(
            r"\b(what (can|do) you do|what are you able|how can you help|help me out|"
            r"^\W*help\W*$|your (skills|features|capabilities))",
            re.IGNORECASE,
        ),
        _capabilities,
    ),
    Rule("identity", re.compile(r"\b(who|what) are you\b", re.IGNORECASE), _identity),
    Rule(
        "wellbeing",
        re.compile(r"\bhow('?s| is| are)? (it going|you|things|your day)\b", re.IGNORECASE),
        _wellbeing,
    ),
    Rule(
        "greeting",
        _words("hi", "hello", "hey", "howdy", "yo", "good (morning|afternoon|evening)", "hiya"),
        _greeting,
    ),
    Rule("thanks", re.compile(r"\b(thanks|thank you|thx|appreciate it)\b", re.IGNORECASE), _thanks),
    Rule(
        "goodbye",
        _words("bye", "goodbye", "see you", "see ya", "later", "talk (soon|later)", "that'?s all"),
        _goodbye,
    ),
]


def _not_understood(turn: Turn) -> str:
    return (
        f"Sorry {_first_name(turn)}, I can't handle that one yet: I'm running without my "
        "language model, so I only understand simple, clear requests. Ask me what I can do "
        "to see the options."
    )


class ReflexBrain(Brain):
    name = "reflex"

    def __init__(self, rules: list[Rule] | None = None) -> None:
        self._rules = rules if rules is not None else RULES

    def match(self, message: str) -> Rule | None:
        return next((r for r in self._rules if r.pattern.search(message)), None)

    async def reply(self, turn: Turn, *, on_text: TextSink | None = None) -> BrainReply:
        rule = self.match(turn.message)
        text = rule.answer(turn) if rule else _not_understood(turn)
        if on_text is not None:
            await on_text(text)
        return BrainReply(text=text, brain=self.name)

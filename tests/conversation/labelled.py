"""The labelled conversation set: what reps say, and what Hard-E should do with it.

``set.txt`` holds conversations, each opened by a ``## title`` line and played in its
own session, one utterance a line: ``what the rep says  => intent``. A turn is handled
correctly when the offline brain understood that intent, no tool it ran failed, and —
unless the intent is ``product`` — no document passage was read out. ``admit`` means
"say plainly it can't": every out-of-scope request is labelled so. ``refuse`` means
"understood, and plainly refused": a gate code or password to remember is never stored.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from hard_e.auth import Principal
from hard_e.chat import ChatResult, ChatService

SET = Path(__file__).with_name("set.txt")
FRESH = "fresh_*.txt"  # held-out batches written by someone else, scored on their own
PASSAGE = "(Source: "
REFUSED = "I don't keep"  # how Hard-E says it won't store a code, password or card number
# When the sets are played: a fixed Monday morning in the company's time zone, so that
# "next Tuesday", "tomorrow" and "this week" read the same on every run, whatever the day.
PLAYED_AT = datetime(2026, 12, 7, 9, 0, tzinfo=ZoneInfo("America/New_York"))


@dataclass(frozen=True)
class Said:
    text: str
    intent: str
    line: int


@dataclass(frozen=True)
class Conversation:
    title: str
    turns: list[Said]


@dataclass(frozen=True)
class Outcome:
    conversation: str
    said: Said
    intent: str
    reply: str
    failed_tools: list[str]

    @property
    def passage(self) -> bool:
        return PASSAGE in self.reply

    @property
    def ok(self) -> bool:
        if self.said.intent != "product" and self.passage:
            return False
        if self.said.intent == "admit":  # a lookup that found nothing may lead to "can't"
            return self.intent == "admit"
        if self.said.intent == "refuse":  # a secret to keep: understood, and plainly refused
            return self.intent not in ("admit", "") and REFUSED in self.reply
        return self.intent == self.said.intent and not self.failed_tools


def fresh_sets() -> list[Path]:
    """The held-out batches beside the labelled set, in name order."""
    return sorted(SET.parent.glob(FRESH))


def load(path: Path = SET) -> list[Conversation]:
    conversations: list[Conversation] = []
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        line = raw.strip()
        if line.startswith("## "):
            conversations.append(Conversation(line[3:].strip(), []))
            continue
        if not line or line.startswith("#"):
            continue
        text, _, intent = line.rpartition("=>")
        if not text.strip() or not intent.strip() or not conversations:
            raise ValueError(f"{path.name}:{number}: expected 'utterance => intent'")
        conversations[-1].turns.append(Said(text.strip(), intent.strip(), number))
    return conversations


async def play(
    chat: ChatService, principal: Principal, conversations: list[Conversation]
) -> list[Outcome]:
    """Every conversation in its own session, turn by turn, offline."""
    outcomes: list[Outcome] = []
    for conversation in conversations:
        session: str | None = None
        for said in conversation.turns:
            result: ChatResult = await chat.take_turn(principal, said.text, session_id=session)
            session = result.session_id
            failed = [c["name"] for c in result.tool_calls if c.get("status") == "error"]
            outcomes.append(Outcome(conversation.title, said, result.intent, result.reply, failed))
    return outcomes


def play_all(chat: ChatService, principal: Principal) -> list[Outcome]:
    return asyncio.run(play(chat, principal, load()))


def per_intent(outcomes: list[Outcome]) -> dict[str, tuple[int, int]]:
    """intent → (handled correctly, total)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for outcome in outcomes:
        row = counts[outcome.said.intent]
        row[0] += outcome.ok
        row[1] += 1
    return {intent: (ok, total) for intent, (ok, total) in sorted(counts.items())}


def report(outcomes: list[Outcome]) -> str:
    lines = [f"  {'intent':<18} {'ok':>4} / {'all':<4}"]
    for intent, (ok, total) in per_intent(outcomes).items():
        lines.append(f"  {intent:<18} {ok:>4} / {total:<4} {100 * ok / total:5.1f} %")
    misses = [o for o in outcomes if not o.ok]
    for o in misses[:40]:
        lines.append(
            f"  MISS line {o.said.line} {o.said.text!r} want {o.said.intent} got "
            f"{o.intent or '-'}{' (passage)' if o.passage else ''}"
            f"{' failed ' + ','.join(o.failed_tools) if o.failed_tools else ''}: "
            f"{o.reply[:90]!r}"
        )
    return "\n".join(lines)

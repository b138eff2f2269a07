"""The offline reflex brain's conversation rules."""

from __future__ import annotations

import pytest

from hard_e.brain import Speaker, Turn
from hard_e.brain.reflex import ReflexBrain
from hard_e.tenancy import Tenant

TURN = dict(
    tenant=Tenant("0123456789abcdef", "Summit Exteriors", "soul"),
    speaker=Speaker("usr_1", "Dana Brooks", "rep"),
    session_id="ses_1",
)


@pytest.mark.parametrize(
    ("message", "rule"),
    [
        ("hi", "greeting"),
        ("Hey Hard-E!", "greeting"),
        ("good morning", "greeting"),
        ("what can you do?", "capabilities"),
        ("How can you help me", "capabilities"),
        ("help", "capabilities"),
        ("who are you", "identity"),
        ("how's it going?", "wellbeing"),
        ("thanks a lot", "thanks"),
        ("bye for now", "goodbye"),
        ("what's the R-value of foam-backed vinyl?", None),
        ("history of the hill", None),
        ("they're highly interested", None),
    ],
)
def test_intents(message: str, rule: str | None) -> None:
    matched = ReflexBrain().match(message)
    assert (matched.name if matched else None) == rule


async def test_unknown_requests_get_a_plain_offline_explanation() -> None:
    reply = await ReflexBrain().reply(Turn(message="price a 30 square roof", **TURN))  # type: ignore[arg-type]
    assert reply.brain == "reflex"
    assert "without my language model" in reply.text and "Dana" in reply.text


async def test_greeting_uses_the_company_and_first_name() -> None:
    reply = await ReflexBrain().reply(Turn(message="hello", **TURN))  # type: ignore[arg-type]
    assert reply.text.startswith("Hey Dana")
    assert "Summit Exteriors' sales director" in reply.text

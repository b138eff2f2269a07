"""A request said politely, hedged or spoken is the same request; a yes or a no said in
other words is still a yes or a no — and anything more than that is neither."""

import pytest

from hard_e.brain.confirm import decision
from hard_e.brain.rules import read
from hard_e.text.polite import unwrap


@pytest.mark.parametrize(
    ("said", "inside"),
    [
        ("Could you send Linda a text saying we're late", "send Linda a text saying we're late"),
        (
            "would you mind emailing John Peterson about the bid",
            "email John Peterson about the bid",
        ),
        ("I need you to move the Keller job to install", "move the Keller job to install"),
        ("so yeah um can you please check the Ochoa roof", "the Ochoa roof"),
        ("do me a favor and text Karen that we're here", "text Karen that we're here"),
        ("I'm gonna need Karen Beckett's cell, thanks", "Karen Beckett's cell"),
        ("what stage is the Keller job in", "what stage is the Keller job in"),
        ("could you?", "could you?"),
    ],
)
def test_the_wrapper_comes_off_and_the_request_keeps_its_words(said: str, inside: str) -> None:
    assert unwrap(said) == inside


@pytest.mark.parametrize(
    ("said", "intent", "slot", "value"),
    [
        (
            "would you mind emailing John Peterson about the revised bid",
            "send_email",
            "who",
            "John Peterson",
        ),
        ("I'm gonna need Karen Beckett's cell", "customer_phone", "who", "Karen Beckett"),
        ("do me a favor and check the stage on Albright", "job_stage", "job", "Albright"),
    ],
)
def test_a_wrapped_request_is_read_like_the_plain_one(
    said: str, intent: str, slot: str, value: str
) -> None:
    found = read(said)
    assert found is not None and found.name == intent
    assert found.get(slot) == value


@pytest.mark.parametrize(
    ("said", "verdict"),
    [
        ("looks good fire it off", "approve"),
        ("yep send it", "approve"),
        ("yeah that works, go", "approve"),
        ("nah hold off", "deny"),
        ("actually let's not send that yet", "deny"),
        ("no need to send that", "deny"),
        ("no wait yes send it", None),  # a yes and a no: neither
        ("send the keller one", None),  # names something: not a plain yes
        ("sure, what's the balance on keller", None),
        ("great thanks", None),  # thanks, not an approval
    ],
)
def test_a_yes_or_no_in_other_words(said: str, verdict: str | None) -> None:
    assert decision(said) == verdict


@pytest.mark.parametrize(
    ("message", "wanted"),
    [
        ("I might be wrong, but has the Ochoa job been paid?", "has the Ochoa job been paid?"),
        (
            "I'm not sure I'm saying this right, but is the Keller bid signed?",
            "is the Keller bid signed?",
        ),
        ("I'm a little embarrassed to ask, but what's a square?", "what's a square?"),
        ("I'm about to head out, can you text Linda that I'm late", "text Linda that I'm late"),
        ("sorry, one more, what's Karen's email", "what's Karen's email"),
    ],
)
def test_a_hedge_or_purpose_said_first_is_not_the_request(message: str, wanted: str) -> None:
    assert unwrap(message) == wanted


def test_a_but_inside_the_request_stays() -> None:
    assert unwrap("I want to text her but not today") == "I want to text her but not today"

"""Codes are refused however they are said; a yes or a no said as a full sentence counts."""

import pytest

from hard_e.brain.confirm import decision
from hard_e.memory.guards import secret_in


@pytest.mark.parametrize(
    "text",
    [
        "the zimmerman gate code is 7781",
        "the zimmerman gate code is now 9034",
        "keller gate code is four four one one",
        "the code for the Keller gate is 1234",
        "lockbox combo: 55-21",
        "remember the lockbox at the duffy house is 4771",
        "the key safe by the back door is 0 4 1 2",
        "keypad on the side garage is now 8812",
        "the gate at the Pruitt place is 2258",
        "their alarm is 1984",
    ],
)
def test_a_gate_or_lockbox_code_is_a_secret_however_said(text: str) -> None:
    assert secret_in(text) == "an access code"


@pytest.mark.parametrize(
    "text",
    [
        "forget the zimmerman gate code",
        "dog out back, gate on left",
        "garage door is 16 ft",
        "the front door is 36 in wide",
        "the garage door is 2024 model year stuff, leave it",
        "the lockbox is on the back porch",
        "the Keller door is 3068 in the spec sheet",
    ],
)
def test_talk_about_gates_and_doors_without_a_code_is_not(text: str) -> None:
    assert secret_in(text) is None


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("That looks right; please send it.", "approve"),
        ("I would rather not send that one after all.", "deny"),
        ("uh no scratch that dont send it", "deny"),
        ("On reflection, please leave it where it is.", "deny"),
        ("send the keller one", None),
    ],
)
def test_a_yes_or_no_in_a_sentence(text: str, verdict: str | None) -> None:
    assert decision(text) == verdict

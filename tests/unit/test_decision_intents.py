"""A "no" to a waiting approval said with "cancel" counts as a cancel, and "back to the
email" while the email waits is that email again — the approval itself is decided or
shown the same way either way."""

from __future__ import annotations

import pytest

from hard_e.chat import _decision_line
from hard_e.tools.decisions import decision_intent, read_reply, resumed_intent


@pytest.mark.parametrize(
    "said",
    ["actually cancel", "Cancel that email.", "no cancle that", "um never mind", "nah forget it"],
)
def test_a_no_said_as_cancel_is_a_cancel(said: str) -> None:
    choice = read_reply(said, 1)

    assert choice is not None and choice.verdict == "deny"  # the approval is denied
    assert decision_intent(choice.verdict, said) == "cancel"


@pytest.mark.parametrize("said", ["no scratch that dont send", "nope", "scrap it"])
def test_a_plain_no_stays_a_deny(said: str) -> None:
    assert decision_intent("deny", said) == "deny"


def test_a_yes_is_never_a_cancel() -> None:
    assert decision_intent("approve", "yes, and cancel my 3pm after") == "approve"


def test_going_back_to_what_waits_is_its_own_request() -> None:
    assert resumed_intent([{"tool": "send_email"}]) == "send_email"
    assert resumed_intent([{"tool": "create_customer"}]) == "new_customer"
    assert resumed_intent([{"tool": "send_email"}, {"tool": "create_job"}]) == "approval"


def test_a_decided_summary_ending_in_a_full_stop_is_said_with_one() -> None:
    said = {"status": "denied", "summary": "Create a Roofing job: Roofing for Steven Keller."}

    assert _decision_line(said) == (
        "Not done, as you said: Create a Roofing job: Roofing for Steven Keller. Nothing changed."
    )

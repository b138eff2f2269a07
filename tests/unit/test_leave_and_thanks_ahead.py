"""Manners around a request are no part of it: thanks said ahead ("I'd be grateful if
you could email …") unwrap to the request, and leave asked ("…, if that's alright") is
no email's words; "please tell her …" dictates what follows."""

from __future__ import annotations

import pytest

from hard_e.brain.rules import read
from hard_e.text.dictation import dictated
from hard_e.text.polite import only_leave, unwrap


@pytest.mark.parametrize(
    ("said", "asked"),
    [
        ("I'd be grateful if you could email John the permit is in", "email John the permit is in"),
        ("it would be great if you could text Linda", "text Linda"),
        ("I'm really thankful if you can move it", "move it"),
    ],
)
def test_thanks_said_ahead_unwraps_to_the_request(said: str, asked: str) -> None:
    assert unwrap(said) == asked


def test_an_email_asked_with_thanks_ahead_stays_an_email() -> None:
    found = read(
        "I'd be grateful if you could email Steven Jensen and let him know the quote holds"
    )
    assert found is not None and found.name == "send_email"


@pytest.mark.parametrize(
    "said", ["if that's alright", "if that's ok with you", "when you get a chance", "if possible"]
)
def test_leave_asked_is_no_message(said: str) -> None:
    assert only_leave(said)


@pytest.mark.parametrize("said", ["thanks", "the crew is late, if that's ok", "ok"])
def test_words_for_the_customer_are_not_leave(said: str) -> None:
    assert not only_leave(said)


@pytest.mark.parametrize(
    ("said", "body"),
    [
        ("Sorry, back to the email: please tell her the quote holds", "the quote holds"),
        ("could you let him know the bid is ready", "the bid is ready"),
    ],
)
def test_please_tell_her_dictates_what_follows(said: str, body: str) -> None:
    assert dictated(said) == body


@pytest.mark.parametrize("said", ["whats on tashas cal mon", "whats on my cal tmrw"])
def test_a_calendar_typed_short_is_read(said: str) -> None:
    found = read(said)
    assert found is not None and found.name == "appointments"

"""An answer to "what should the text say?" that talks to Hard-E is never the text; one
that may be the customer's question is checked; the customer's own words are the text."""

from __future__ import annotations

import pytest

from hard_e.text.said_to_me import spoken_to, without_lead_in


@pytest.mark.parametrize(
    "said",
    [
        "hang on, which number do you have for her",
        "who's that?",
        "wait which Maria",
        "what time is it",
        "actually call her instead",
        "is she the one on Elm street?",
        "does Linda still owe anything",
        "how long does vinyl siding last",
    ],
)
def test_a_question_or_request_for_hard_e_is_no_message(said: str) -> None:
    assert spoken_to(said, "Linda Albright") == "me"


@pytest.mark.parametrize(
    "said",
    [
        "are we still on for thursday?",
        "do you need anything else from me before we start",
        "did you get my voicemail?",
    ],
)
def test_a_question_that_may_be_the_customers_is_checked(said: str) -> None:
    assert spoken_to(said, "Linda Albright") == "maybe_them"


@pytest.mark.parametrize(
    ("said", "to"),
    [
        ("running late sorry", None),
        ("tell her we're 10 min out", None),
        ("sorry running behind, be there by 9", None),
        ("Hi Linda, did you pick a color yet?", "them"),
    ],
)
def test_the_customers_own_words_are_the_message(said: str, to: str | None) -> None:
    assert spoken_to(said, "Linda Albright") == to


def test_the_lead_in_is_dropped_before_the_question_is_read() -> None:
    assert without_lead_in("hold on, what's her address") == "what's her address"

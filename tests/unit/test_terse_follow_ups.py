"""Terse office follow-ups: a topic said alone is about the job just asked about, a
labelled answer to "what should it say?" is the body, and a trade typed in a hurry is
the trade the CRM knows."""

from __future__ import annotations

import pytest

from hard_e.brain.frames import topic_only
from hard_e.brain.reflex import ReflexBrain
from hard_e.brain.rules import trade_as_meant
from hard_e.text.dictation import dictated


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("$ on it", ("job_money", "")),
        ("deposit in yet?", ("job_money", "")),
        ("rep?", ("job_rep", "")),
        ("notes pls", ("list_notes", "")),
        ("her cell", ("customer_phone", "")),
        ("wait what's his roof balance again", ("job_money", "roof")),
        ("full rundown pls", ("job_overview", "")),
    ],
)
def test_a_topic_said_alone_is_read_with_its_trade(said: str, meant: tuple[str, str]) -> None:
    assert topic_only(said) == meant


@pytest.mark.parametrize("said", ["keller balance", "text her the balance", "what's the weather"])
def test_a_name_or_an_order_is_no_bare_topic(said: str) -> None:
    """Given a name ("keller") or an order ("text her …"), it is not the last job's topic."""
    assert topic_only(said) is None


@pytest.mark.parametrize(
    ("said", "body"),
    [
        ("ok msg: final invoice attached", "final invoice attached"),
        ("txt: crew is on the way", "crew is on the way"),
        ("back to the email, tell her the walkthrough is fri at 9", "the walkthrough is fri at 9"),
        ("say that the balance is due on receipt", "the balance is due on receipt"),
        ("let him know that his windows shipped", "his windows shipped"),
    ],
)
def test_a_labelled_or_steered_answer_is_the_body(said: str, body: str) -> None:
    assert dictated(said) == body


@pytest.mark.parametrize("said", ["what stage is the keller job in", "the crew is late", "yes"])
def test_an_answer_with_no_lead_is_left_to_the_draft(said: str) -> None:
    assert dictated(said) is None


def test_a_hurried_trade_is_read_as_meant_and_the_name_as_typed() -> None:
    assert trade_as_meant("Whitaker wndw", "whitaker window") == "Whitaker window"
    assert trade_as_meant("Pratt", "prat") == "Pratt"


@pytest.mark.parametrize(
    ("message", "note"),
    [
        ("add: HOA approval letter rcvd 12/4", "HOA approval letter rcvd 12/4"),
        ("note - gate is on the left", "gate is on the left"),
        ("and add: dumpster by the garage", "dumpster by the garage"),
    ],
)
def test_one_more_note_right_after_the_notes_is_on_that_job(message: str, note: str) -> None:
    last = {"intent": "list_notes", "slots": {"job": "Lindqvist roof"}}
    said = ReflexBrain()._follow_up(message, {"last": last})
    assert said is not None and said.name == "add_note"
    assert (said.get("job"), said.get("note")) == ("Lindqvist roof", note)

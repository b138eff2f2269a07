"""A booking's kind is the company's word, kept as the typo reading meant it (it becomes
the CRM title); what the rep dictates — a text, a note, a task — stays as typed."""

from __future__ import annotations

import pytest

from hard_e.brain.rules import read
from hard_e.brain.slots import fill


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("book a bid reveiw for the mercer job thursday at 10", "bid review"),
        ("schedule an inspeciton for the Keller job friday at 2", "inspection"),
        ("set up a site vist for the ochoa job friday at 3", "site visit"),
        ("book a walkthru for the Ochoa job friday at 1", "walkthrough"),
    ],
)
def test_a_mistyped_kind_is_read_as_meant(said: str, kind: str) -> None:
    found = read(said)
    assert found is not None and found.name == "book_appointment"
    assert found.get("kind") == kind


def test_the_scored_reader_takes_the_kind_as_meant_too() -> None:
    assert (
        fill("book_appointment", "get a bid reveiw going with mercer").get("kind") == "bid review"
    )


@pytest.mark.parametrize(
    ("said", "slot", "typed"),
    [
        ("add a note to the keller job: homeowner wants the colr samples", "note", "colr"),
        ("text karen beckett that the crew is comming at 8", "body", "comming"),
    ],
)
def test_dictated_words_stay_as_typed(said: str, slot: str, typed: str) -> None:
    found = read(said)
    assert found is not None and typed in found.get(slot)

"""A visit nudged "a little earlier, say noon" moves to the time said last; "shoot her a
text" takes the words right after it as the text; a site walk is a kind of visit."""

from __future__ import annotations

import pytest

from hard_e.brain.rules import read


@pytest.mark.parametrize(
    ("said", "what", "to"),
    [
        (
            "could we maybe shift the Keller site visit a little earlier that day, say noon?",
            "the Keller site visit",
            "noon",
        ),
        ("push the beckett inspection a bit later, like 3", "the beckett inspection", "3"),
        ("bump my 2pm a little later, say 3:30", "my 2pm", "3:30"),
    ],
)
def test_a_nudge_moves_to_the_time_said_last(said: str, what: str, to: str) -> None:
    found = read(said)
    assert found is not None and found.name == "reschedule_appointment"
    assert (found.get("what"), found.get("to")) == (what, to)


@pytest.mark.parametrize(
    ("said", "body"),
    [
        (
            "shoot Karen Beckett a text the last two windows go in tomorrow morning",
            "the last two windows go in tomorrow morning",
        ),
        ("drop linda a quick text we are 10 out", "we are 10 out"),
        ("shoot Karen Beckett a text", ""),
    ],
)
def test_the_words_after_a_text_are_its_body(said: str, body: str) -> None:
    found = read(said)
    assert found is not None and found.name == "send_text"
    assert found.get("body") == body


def test_a_site_walk_is_booked_as_one() -> None:
    found = read("book me a site walk with Steven Keller Wednesday at two")
    assert found is not None and found.name == "book_appointment"
    assert found.get("kind") == "site walk"


@pytest.mark.parametrize(
    "said",
    [
        "I want write SMS to Karen Beckett: window is arrive, we install Monday",
        "write a text to Karen Beckett: window is arrive",
    ],
)
def test_a_text_written_to_someone_is_a_text(said: str) -> None:
    found = read(said)
    assert found is not None and found.name == "send_text"
    assert found.get("who") == "Karen Beckett"

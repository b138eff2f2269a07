"""Issue 9, cross-document: "what *screws* do we use on the hangers" asks for a fastener;
a sentence where hangers "must *screw* through the fascia" says how to fasten, not which
screw. A thing asked for that a sentence says only as a verb (after a modal, "to" or a
person, or as an order opening it) is not stated there, and reading it out is a confident
wrong answer. Invented text; near-twins that say the thing as a thing are still answered."""

from __future__ import annotations

from typing import Any

import pytest

from hard_e.brain.answerable import done_as_verb, said_as_verb
from hard_e.brain.reading import extractive_answer
from hard_e.text.search import tokenize


def sheet(heading: str, text: str) -> dict[str, Any]:
    return {
        "document": "Acme Trim Sheet",
        "heading": heading,
        "text": text,
        "chunk_id": "lib-a:0003",
    }


SCREW_THROUGH = sheet(
    "Fascia", "Gutter hangers must screw through the fascia into the rafter tails or a sub-fascia."
)
NAIL_EVERY = sheet("Corner Boards", "Nail every 12 in along both edges of each corner board.")
TAPE_SEAMS = sheet("Wrap Seams", "We tape the seams of the wrap before the siding goes on.")
SCREWS = sheet("Hangers", "Fasten hangers with 2.5 in stainless screws into the rafter tails.")
NAILS = sheet("Corner Boards", "Use 2 in stainless siding nails on each corner board.")


@pytest.mark.parametrize(
    ("thing", "text", "verb"),
    [
        ("screws", "hangers must screw through the fascia", True),  # after a modal
        ("nails", "Nail every 12 in along both edges", True),  # an order
        ("tape", "We tape the seams before siding", True),  # a person does it
        ("caulk", "Never caulk the bottom lap of a plank", True),
        ("screws", "Fasten hangers with 2.5 in stainless screws", False),
        ("screws", "Screws must be stainless", False),  # a thing opening the sentence
        ("tape", "Tape the seams with Acme Seam Tape", False),  # a thing as well
    ],
)
def test_a_thing_said_only_as_a_verb_is_not_said(thing: str, text: str, verb: bool) -> None:
    ways = frozenset(tokenize(thing))
    assert said_as_verb(ways, text, frozenset(tokenize(text))) is verb


def test_a_heading_that_says_the_thing_vouches_for_it() -> None:
    says = frozenset(tokenize("corner board nails: nail every 12 in")) | {"nailer"}
    assert not said_as_verb(frozenset({"nail", "nailer"}), "Nail every 12 in", says)


@pytest.mark.parametrize(
    ("question", "passages"),
    [
        ("what screws do we use on the hangers", [SCREW_THROUGH]),
        ("what nails go in the corner boards", [NAIL_EVERY]),
        ("what tape goes on the wrap seams", [TAPE_SEAMS]),
    ],
)
def test_a_verb_is_no_answer_about_the_thing(question: str, passages: list[dict[str, Any]]) -> None:
    # Given a sentence that says the thing asked for only as what the crew does
    # When the rep asks which of that thing to use
    # Then the reader admits instead of reading the method out as the product
    assert extractive_answer(question, passages) is None


@pytest.mark.parametrize(
    ("question", "passages", "fact"),
    [
        ("what screws do we use on the hangers", [SCREW_THROUGH, SCREWS], "stainless screws"),
        ("what nails go in the corner boards", [NAIL_EVERY, NAILS], "siding nails"),
        ("what screws do we use on the hangers", [SCREWS], "2.5 in stainless"),
    ],
)
def test_the_thing_said_as_a_thing_is_answered(
    question: str, passages: list[dict[str, Any]], fact: str
) -> None:
    answer = extractive_answer(question, passages)

    assert answer is not None and fact in answer


STORM_WALLS = sheet(
    "Open Walls", "Inspect any wall left uncovered more than 30 days after a wind storm."
)
STORM_VISITS = sheet("Storm Calls", "A storm inspection is done within 48 hours of the call.")


@pytest.mark.parametrize(
    ("question", "text", "verb"),
    [
        ("how quick do we do a storm inspection", STORM_WALLS["text"], True),
        ("how soon do we schedule the final inspection", "Inspect every room before paying", True),
        ("how quick do we do a storm inspection", STORM_VISITS["text"], False),
        ("how far down the downspout does the cable run", "Run the cable down", False),  # asks
    ],
)
def test_a_thing_done_said_only_as_an_order_is_not_said(
    question: str, text: str, verb: bool
) -> None:
    words = {t: frozenset({t}) for t in tokenize(question)}
    assert done_as_verb(question, text, frozenset(tokenize(text)), words) is verb


@pytest.mark.parametrize(
    "question",
    [
        "how quick do we do a storm inspection",
        "how fast do we get a storm inspection",
        "how soon do we do the storm inspection",
    ],
)
def test_an_order_to_the_crew_is_no_answer_about_the_service(question: str) -> None:
    # Given a sentence that tells the crew to inspect walls after a storm
    # When the rep asks how quickly a storm inspection is done
    # Then the reader does not read the crew's order out as the service's time
    assert extractive_answer(question, [STORM_WALLS]) is None


def test_the_service_said_as_a_thing_is_answered() -> None:
    answer = extractive_answer("how quick do we do a storm inspection", [STORM_WALLS, STORM_VISITS])

    assert answer is not None and "within 48 hours" in answer

"""Coaching questions as reps really word them (issue 9): "how do I handle that", "how
should I have answered?", "any idea how I should handle that" ask for the handbook; the
handbook is searched for the objection as its headings say it ("three quotes" for "shop
it around"), not drowned by "customer says … what do I tell her"."""

from __future__ import annotations

import pytest

from hard_e.brain.coaching import coaching_answer, coaching_query, is_coaching
from hard_e.knowledge.index import KnowledgeIndex, search_all
from hard_e.knowledge.shared_library import library_chunks
from hard_e.knowledge.store import hit_dict

LIBRARY = KnowledgeIndex.build(library_chunks())


def _coached(question: str) -> str | None:
    """The chat path's coaching answer: the question's passages plus the objection's."""
    found = [hit_dict(h) for h in search_all([LIBRARY], question, k=5)]
    query = coaching_query(question)
    more = [hit_dict(h) for h in search_all([LIBRARY], query, k=5)] if query != question else []
    return coaching_answer(question, more + found)


@pytest.mark.parametrize(
    "message",
    [
        "the guy says he's gonna shop it around to a couple other roofers how do i handle that",
        "A lady told me vinyl always looks cheap to her and I froze, how should I have answered?",
        "she'd rather wait until spring, any idea how I should handle that",
        "he wants three bids, how do we respond to that",
    ],
)
def test_a_rep_asking_how_to_answer_a_homeowner_is_coaching(message: str) -> None:
    assert is_coaching(message)


@pytest.mark.parametrize(
    "message", ["how do i handle the keller job", "how should i have priced the keller job"]
)
def test_a_request_about_a_job_is_still_no_coaching(message: str) -> None:
    assert not is_coaching(message)


@pytest.mark.parametrize(
    ("question", "advice"),
    [
        ("customer says she wants three quotes what do i tell her", "Welcome it"),
        (
            "the guy says he's gonna shop it around to a couple other roofers how do i handle that",
            "Welcome it",
        ),
        ("my customer says she'll get 3 bids, what should i tell her", "Welcome it"),
        (
            "A lady told me vinyl looks cheap to her and I froze, how should I have answered?",
            "Agree that some vinyl does",
        ),
    ],
)
def test_the_handbook_section_on_the_objection_answers(question: str, advice: str) -> None:
    said = _coached(question)

    assert said is not None and advice in said


def test_the_objection_is_searched_as_the_handbook_heads_it() -> None:
    assert coaching_query("he's gonna shop it around, what do i tell him") == "three quotes"
    assert coaching_query("how do i answer a customer") == "how do i answer a customer"

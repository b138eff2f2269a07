"""A short product follow-up ("and the estate one") asks the question just answered of
another product; anything else is not read as one."""

from __future__ import annotations

import pytest

from hard_e.brain.product_again import ask_of, named_again, names_a_product
from hard_e.text.search import tokenize

NAMES = frozenset(tokenize("Tempest Estate Ridgeback StoneLap StoneBatten Ridgeline Stonecrest"))


@pytest.mark.parametrize(
    ("previous", "message", "asked"),
    [
        (
            "whats the wind rating on tempist",
            "and the estate one",
            "whats the wind rating on estate",
        ),
        (
            "what wind rating does the tempest have",
            "what about ridgeback",
            "what wind rating does the ridgeback have",
        ),
        (
            "how many bundles per square for estate",
            "and for the tempest?",
            "how many bundles per square for tempest",
        ),
        (
            "what's the warranty on ridgeline vinyl siding",
            "n stonecrest",
            "what's the warranty on stonecrest",
        ),
        (
            "how long is the warranty on vinyl siding",
            "and fiber cement?",
            "how long is the warranty on fiber cement",
        ),
        # said the way a job's follow-up is: one reading of a follow-up for both
        (
            "how many bundles per square for estate",
            "ditto on ridgeback",
            "how many bundles per square for ridgeback",
        ),
        (
            "whats the wind rating on tempist",
            "same question for the stonecrest line",
            "whats the wind rating on stonecrest",
        ),
    ],
)
def test_the_question_is_asked_again_of_the_product_named(
    previous: str, message: str, asked: str
) -> None:
    said = named_again(message)
    assert said is not None
    assert ask_of(previous, said, NAMES) == asked


@pytest.mark.parametrize(
    "message",
    [
        "ok",
        "and the baxter job",
        "and tomorrow",
        "thanks",
        "and his phone number",
        "and the estate balance",  # a CRM word the rules know: no product's
        "what about the stonecrest appointment",
    ],
)
def test_a_message_that_names_no_product_is_no_follow_up(message: str) -> None:
    said = named_again(message)
    assert said is None or not names_a_product(said, NAMES)


def test_a_product_is_a_name_the_documents_use_or_no_dictionary_word() -> None:
    assert names_a_product("estate", NAMES)
    assert names_a_product("hailguard", NAMES)  # no English word: a brand
    assert not names_a_product("price", NAMES)
    assert not names_a_product("fiber cement", NAMES)

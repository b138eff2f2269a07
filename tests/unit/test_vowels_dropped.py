"""A word typed without its vowels ("shld", "rmbr") is the one known word written so."""

import pytest

from hard_e.brain.rules import PROTECTED, VOCABULARY
from hard_e.text import closest, correct


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("who shld i call", "should"),
        ("rmbr the gate sticks", "remember"),
        ("cld you check", "could"),
        ("any nts on keller", "notes"),
    ],
)
def test_a_word_without_its_vowels_reads_as_the_word(said: str, meant: str) -> None:
    assert meant in correct(said, VOCABULARY, PROTECTED).text.split()


def test_a_skeleton_two_words_share_or_a_capitalised_name_stays_as_typed() -> None:
    # "bd" could be bid or bad; "Mrks" with a capital is a name
    assert correct("the bd", VOCABULARY, PROTECTED).text == "the bd"
    assert "Mrks" in correct("text Mrks", VOCABULARY, PROTECTED).restore(5, 9)


def test_two_words_equally_close_to_a_typo_are_decided_the_same_way_every_time() -> None:
    # Given "contrct", one letter from "contract" (left out) and from "contact" (added)
    # Then the word with the letter left out wins, whatever order the words come in
    assert closest("contrct", ["contact", "contract"]) == "contract"
    assert closest("contrct", ["contract", "contact"]) == "contract"


@pytest.mark.parametrize(
    ("said", "meant"),
    [("push it back 2 hrs", "hours"), ("a 30 yrs warranty", "years"), ("back 1 hr", "hour")],
)
def test_hours_and_years_typed_short_are_never_hers_or_yours(said: str, meant: str) -> None:
    assert meant in correct(said, VOCABULARY, PROTECTED).text.split()

"""One table of chat spelling: the intent rules and the scored reader read a rep's
shorthand the same way."""

from __future__ import annotations

from hard_e.brain import reader
from hard_e.brain.rules import PROTECTED, VOCABULARY
from hard_e.text.fuzzy import correct, spelled_out
from hard_e.text.shorthand import CHAT


def test_the_rules_and_the_reader_spell_chat_alike() -> None:
    """Given "n" (and) and a lone "#" (number), both readers see the same words."""
    for typed, meant in (("n", "and"), ("#", "number"), ("shud", "should"), ("gimme", "give me")):
        assert CHAT[typed] == meant
        assert correct(f"duffy {typed} x", VOCABULARY, PROTECTED).text == f"duffy {meant} x"
        assert reader._typo_of(typed) == meant


def test_a_lone_hash_is_a_number_and_an_id_keeps_its_hash() -> None:
    assert correct("whats keller's # again", VOCABULARY, PROTECTED).text == (
        "what's keller's number again"
    )
    assert correct("ph# for duffy", VOCABULARY, PROTECTED).text == "phone number for duffy"
    assert correct("stage of job #1042", VOCABULARY, PROTECTED).text == "stage of job #1042"
    assert spelled_out("Pratt ph#") == "Pratt phone number"


def test_a_name_and_a_text_body_come_back_as_typed() -> None:
    fixed = correct("txt Linda n tell her we're l8", VOCABULARY, PROTECTED)

    at = fixed.text.index("linda")
    assert fixed.restore(at, at + 5) == "Linda"
    assert fixed.text.startswith("text linda and tell her")


def test_the_reader_reads_a_two_word_spelling_as_two_words() -> None:
    assert [w for w, _ in reader._shaped("gimme duffy's cell")][:2] == ["give", "me"]

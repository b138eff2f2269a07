"""A rep correcting themselves mid-sentence is read as corrected (the first name is never
acted on), and English as a second language is read in the order the rules know."""

from __future__ import annotations

import pytest

from hard_e.text.corrections import corrected
from hard_e.text.word_order import plain_order


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("text Linda no wait Karen Beckett that we're late", "text Karen Beckett that we're late"),
        ("what stage is the Patel — no, the Pratt job in", "what stage is the Pratt job in"),
        ("what does the Mercer, sorry, the Zimmerman job owe", "what does the Zimmerman job owe"),
        ("Keller phone, no wait, Ochoa", "Ochoa phone"),
        ("what's Mercer's balance — no, Albright", "what's Albright's balance"),
        ("move Keller to install, no, punch list", "move Keller to punch list"),
        # a start given up for another request: only the request said again stands
        ("book a no wait move the Eckert walkthrough", "move the Eckert walkthrough"),
        ("text Linda, I mean, what's her balance", "what's her balance"),
        ("call the scratch that move Novak to bid presented", "move Novak to bid presented"),
    ],
)
def test_the_words_taken_back_are_left_out(said: str, meant: str) -> None:
    assert corrected(said) == meant


@pytest.mark.parametrize(
    "said",
    [
        "text Linda that no one is coming",
        "call me, no rush",
        "no, leave it",
        "tell her no, we can't",
        "sorry, what was that",
        "what's the balance on the Keller job and the Ochoa job, no wait",
        "text Karen that we're late, sorry, what's a good time",  # a message's words
    ],
)
def test_a_no_that_corrects_nothing_leaves_the_message_as_said(said: str) -> None:
    assert corrected(said) == said


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("the job of Keller is in which stage?", "the Keller job is in which stage?"),
        ("please you tell me phone of Linda Albright", "please you tell me Linda Albright's phone"),
        ("what is balance of Mercer", "what is Mercer's balance"),
        ("I want make appointment tomorrow 3", "I want to make appointment tomorrow 3"),
    ],
)
def test_a_second_language_order_is_put_the_usual_way(said: str, meant: str) -> None:
    assert plain_order(said) == meant


@pytest.mark.parametrize(
    "said", ["the job of her dreams", "what stage is the Keller job in", "I want to book it"]
)
def test_the_usual_order_is_left_alone(said: str) -> None:
    assert plain_order(said) == said

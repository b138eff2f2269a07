"""A customer's name that speech recognition wrote as other words is the CRM's name it
sounds like — and only when one name is clearly the nearest."""

import pytest

from hard_e.brain.names import sounds_like

_CRM = [
    "Patricia Ochoa",
    "Karen Beckett",
    "Linda Albright",
    "Steven Keller",
    "Michelle Mercer",
    "Ashley Zimmerman",
    "John Peterson",
    "Jon Petersen",
    "Rosa Delgado",
    "Luis Ortega",
]
NAMES = {n.lower(): n for n in _CRM}


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("patricia oh show", "Patricia Ochoa"),
        ("karen bucket", "Karen Beckett"),
        ("linda all brights", "Linda Albright"),
        ("steven colors", "Steven Keller"),
        ("michelle mercy her", "Michelle Mercer"),
        ("color", "Keller"),
        ("bucket", "Beckett"),
        ("ohshow", "Ochoa"),
        ("zimmer man", "Zimmerman"),
        ("or tega", "Ortega"),
    ],
)
def test_a_name_heard_as_other_words_is_the_crm_name_it_sounds_like(heard: str, meant: str) -> None:
    assert sounds_like(heard.split(), NAMES) == meant


@pytest.mark.parametrize(
    "heard", ["maria gonzalez", "brad kowalczyk", "stone", "peters", "kellog", "window"]
)
def test_a_name_that_sounds_like_no_one_or_like_two_is_not_guessed(heard: str) -> None:
    assert sounds_like(heard.split(), NAMES) is None

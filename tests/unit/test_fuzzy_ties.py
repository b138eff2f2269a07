"""A typo as near to two known words is read the same way every time (issue 9): the
known words may come as a set, whose order changes from one process to the next, and a
rep's "contrct" must not be "contract" in one run and "contact" in the next."""

from __future__ import annotations

import itertools

import pytest

from hard_e.text.fuzzy import closest


@pytest.mark.parametrize(
    ("typed", "known", "meant"),
    [
        ("contrct", ["contact", "contract", "contrast"], "contract"),  # a letter left out
        ("stge", ["stage", "stake", "stoge"], "stage"),
        ("baxtr", ["baxter", "bakery"], "baxter"),
        ("hands", ["hand", "handy"], "hand"),  # one letter too many
        ("phonne", ["phone", "phoned"], "phone"),
    ],
)
def test_a_typo_near_two_words_is_read_the_same_in_any_order(
    typed: str, known: list[str], meant: str
) -> None:
    read = {closest(typed, order) for order in itertools.permutations(known)}

    assert read == {meant}

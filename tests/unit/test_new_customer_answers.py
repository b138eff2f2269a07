"""A new customer's draft: a one-line "new cust: …" is read whole, a "y" is nobody's
name, and a yes to an optional question leaves that value off (the read-back still
waits for its own yes)."""

from __future__ import annotations

from hard_e.brain.drafts import NewCustomerDraft
from hard_e.brain.reflex import _NO_VALUE


def test_a_one_line_new_cust_is_read_whole() -> None:
    draft = NewCustomerDraft.start("new cust: omar haddad 380 555 0129 omar.haddad@gmail.com")

    assert draft.data["first_name"] == "Omar" and draft.data["last_name"] == "Haddad"
    assert draft.data["phone"] == "380-555-0129"
    assert draft.next_question() == "Street address? (say skip to leave it off)"


def test_a_yes_is_no_name() -> None:
    draft = NewCustomerDraft.start("add a customer")
    draft.next_question()

    assert draft.absorb("y") == "I didn't catch a name."
    assert "first_name" not in draft.data


def test_a_yes_to_an_optional_question_leaves_it_off_and_asks_nothing_more() -> None:
    draft = NewCustomerDraft.start("new customer Rosa Delgado 740 555 0163")
    assert draft.next_question() == "Email address? (say skip if you don't have it)"
    draft.absorb("no email")
    assert draft.next_question() == "Street address? (say skip to leave it off)"

    draft.absorb("yep that's everything")

    assert draft.data["address"] == {} and draft.next_question() is None


def test_no_value_is_an_answer_not_a_lookup() -> None:
    assert _NO_VALUE.match("no email") and _NO_VALUE.match("none")
    assert not _NO_VALUE.match("no, what stage is the Keller job in")

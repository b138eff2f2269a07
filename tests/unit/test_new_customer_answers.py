"""A new customer's draft: a one-line "new cust: …" is read whole, a "y" is nobody's
name, a yes to the email question leaves it off, and the address question shows the
whole customer so that one "save it" both leaves the address off and approves what was
shown (a "skip" only leaves it off: the read-back still waits for its own yes)."""

from __future__ import annotations

from hard_e.brain.drafts import NewCustomerDraft
from hard_e.brain.reflex import _NO_VALUE


def test_a_one_line_new_cust_is_read_whole() -> None:
    draft = NewCustomerDraft.start("new cust: omar haddad 380 555 0129 omar.haddad@gmail.com")

    assert draft.data["first_name"] == "Omar" and draft.data["last_name"] == "Haddad"
    assert draft.data["phone"] == "380-555-0129"
    assert draft.next_question() == (
        "Street address? Or say 'save it' to create Omar Haddad (cell 380-555-0129, "
        "omar.haddad@gmail.com) with no address."
    )


def test_a_yes_is_no_name() -> None:
    draft = NewCustomerDraft.start("add a customer")
    draft.next_question()

    assert draft.absorb("y") == "I didn't catch a name."
    assert "first_name" not in draft.data


def test_a_yes_to_an_optional_question_leaves_it_off_and_asks_nothing_more() -> None:
    draft = NewCustomerDraft.start("new customer Rosa Delgado 740 555 0163")
    assert draft.next_question() == "Email address? (say skip if you don't have it)"
    draft.absorb("no email")
    assert draft.next_question() == (
        "Street address? Or say 'save it' to create Rosa Delgado (cell 740-555-0163, "
        "no email) with no address."
    )

    draft.absorb("yep that's everything")

    assert draft.data["address"] == {} and draft.next_question() is None
    assert draft.data["saved_as_shown"] == draft.tool_input()  # approved as it was shown


def test_a_skip_to_the_address_leaves_it_off_but_approves_nothing() -> None:
    draft = NewCustomerDraft.start("new customer Rosa Delgado 740 555 0163 rosa@demo.com")
    draft.next_question()

    draft.absorb("skip")

    assert draft.data["address"] == {} and "saved_as_shown" not in draft.data


def test_a_filler_and_her_name_is_are_no_part_of_the_name() -> None:
    draft = NewCustomerDraft.start("new customer uh her name's rosalind pike")

    assert (draft.data["first_name"], draft.data["last_name"]) == ("Rosalind", "Pike")


def test_a_name_keeps_its_accented_letters() -> None:
    draft = NewCustomerDraft.start("add a customer")
    draft.next_question()

    draft.absorb("Tomasz Wiśniewski")

    assert (draft.data["first_name"], draft.data["last_name"]) == ("Tomasz", "Wiśniewski")


def test_no_value_is_an_answer_not_a_lookup() -> None:
    assert _NO_VALUE.match("no email") and _NO_VALUE.match("none")
    assert not _NO_VALUE.match("no, what stage is the Keller job in")


def test_who_the_customer_is_for_is_not_their_name() -> None:
    for opening in (
        "New customer for you: Harold Brennan, 614-555-0123",
        "new lead for me - harold brennan 614 555 0123",
        "got a new customer for you, Harold Brennan, 614-555-0123",
    ):
        draft = NewCustomerDraft.start(opening)

        assert (draft.data.get("first_name"), draft.data.get("last_name")) == (
            "Harold",
            "Brennan",
        ), opening

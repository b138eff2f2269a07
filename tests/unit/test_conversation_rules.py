"""Deterministic conversation pieces: stage matching, yes/no, drafts, skill routing."""

from __future__ import annotations

import pytest

from hard_e.brain.confirm import decision
from hard_e.brain.drafts import NewCustomerDraft, SalesScriptDraft
from hard_e.brain.skills import route
from hard_e.crm.models import Stage
from hard_e.tools.catalogue.resolve import Choice, match_stage

STAGES = [
    Stage(str(i), name, i)
    for i, name in enumerate(
        [
            "Lead Intake",
            "Site Visit Booked",
            "Bid Being Built",
            "Bid Presented",
            "Contract Signed",
            "Materials on Order",
            "Install Scheduled",
            "Install Underway",
            "Punch List",
            "Final Invoice Sent",
            "Paid in Full",
        ]
    )
]


@pytest.mark.parametrize(
    ("said", "stage"),
    [
        ("punch list", "Punch List"),
        ("the punch list stage", "Punch List"),
        ("paid", "Paid in Full"),
        ("paid in full", "Paid in Full"),
        ("materials ordered", "Materials on Order"),
        ("contract signed", "Contract Signed"),
        ("signed", "Contract Signed"),
        ("site visit", "Site Visit Booked"),
        ("install underway", "Install Underway"),
        ("installation scheduled", "Install Scheduled"),
        ("final invoice", "Final Invoice Sent"),
        ("lead", "Lead Intake"),
    ],
)
def test_stages_are_matched_the_way_people_say_them(said: str, stage: str) -> None:
    found = match_stage(said, STAGES)
    assert isinstance(found, Stage) and found.name == stage


@pytest.mark.parametrize(
    ("said", "options"),
    [
        ("install", {"Install Scheduled", "Install Underway"}),
        ("bid", {"Bid Being Built", "Bid Presented"}),
    ],
)
def test_ambiguous_stage_names_ask_back(said: str, options: set[str]) -> None:
    found = match_stage(said, STAGES)
    assert isinstance(found, Choice) and set(found.options) == options


@pytest.mark.parametrize("said", ["banana", "", "the"])
def test_unknown_stage_is_none(said: str) -> None:
    assert match_stage(said, STAGES) is None


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("yes", "approve"),
        ("Yes.", "approve"),
        ("yeah do it", "approve"),
        ("go ahead", "approve"),
        ("ok send it", "approve"),
        ("approve the pending request", "approve"),
        ("confirm", "approve"),
        ("no", "deny"),
        ("nope", "deny"),
        ("cancel that", "deny"),
        ("don't send it", "deny"),
        ("deny the request", "deny"),
        ("yes but change the phone number first", None),
        ("what stage is it in", None),
        ("no idea, what do you think?", None),
        ("", None),
        ("yesterday was rough", None),
    ],
)
def test_only_plain_yes_or_no_decides_an_approval(message: str, expected: str | None) -> None:
    assert decision(message) == expected


def test_customer_draft_reads_everything_it_can_from_the_opening() -> None:
    draft = NewCustomerDraft.start(
        "add a customer named Emily Johnson, 614-555-0199, emily@demo.com"
    )
    assert draft.next_question() == (
        "Street address? Or say 'save it' to create Emily Johnson (cell 614-555-0199, "
        "emily@demo.com) with no address."
    )
    assert draft.absorb("1420 Oak Street, Columbus, OH 43215") is None
    assert draft.next_question() is None
    assert draft.tool_input() == {
        "first_name": "Emily",
        "last_name": "Johnson",
        "phone": "614-555-0199",
        "phone_label": "cell",
        "email": "emily@demo.com",
        "street": "1420 Oak Street",
        "city": "Columbus",
        "state": "OH",
        "zip": "43215",
    }


def test_customer_draft_asks_again_when_an_answer_does_not_fit() -> None:
    draft = NewCustomerDraft.start("new customer")
    assert "name" in (draft.next_question() or "")
    draft.absorb("Emily")
    assert draft.next_question() == "And Emily's last name?"
    draft.absorb("Johnson")
    assert "phone" in (draft.next_question() or "")
    assert draft.absorb("tomorrow maybe") is not None
    assert "phone" in (draft.next_question() or "")
    draft.absorb("614 555 0199")
    assert "Email" in (draft.next_question() or "")
    assert draft.absorb("not sure") is None  # counts as skip
    assert draft.data["email"] == ""


def test_script_draft_knows_primer_variant_and_reads_customer_and_product() -> None:
    draft = SalesScriptDraft.start(
        "write a primer video script for the Hendersons about fiber cement siding"
    )
    assert draft.data["variant"] == "primer_video"
    assert draft.data["customer"] == "Hendersons" and draft.data["product"] == "fiber cement siding"
    assert "key points" in (draft.next_question() or "")
    draft.absorb("none")
    assert draft.next_question() is None and draft.data["key_points"] == []


@pytest.mark.parametrize(
    ("message", "skills"),
    [
        ("what stage is the Peterson job in", ["crm", "knowledge"]),
        ("email the Hendersons their quote", ["messaging", "knowledge", "crm"]),
        ("create a new customer for me", ["customers", "crm", "knowledge"]),
        ("write a pitch for vinyl", ["scripting", "knowledge", "crm"]),
        ("whats the exposure on the 8.25 plank", ["knowledge", "crm"]),
        ("remember that we never quote over the phone", ["memory", "knowledge", "crm"]),
        ("hello", ["knowledge", "crm"]),
    ],
)
def test_skill_routing(message: str, skills: list[str]) -> None:
    assert route(message) == skills


@pytest.mark.parametrize(
    ("message", "expected"),
    [("whats the exposure on the 8.25 plank", True), ("what stage is the Peterson job in", False)],
)
def test_passages_are_fetched_up_front_only_for_product_questions(
    message: str, expected: bool
) -> None:
    from hard_e.brain.skills import is_product_question

    assert is_product_question(message) is expected

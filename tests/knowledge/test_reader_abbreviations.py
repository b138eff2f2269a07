"""The offline reader and the abbreviations a document uses (issue 9): a rep asks by the
document's own short name ("what's the PRA", "the rrp paperwork", "the QA lead") and gets
the sentence that says it; an everyday word alone still gets no answer; and "allowed to",
"paperwork" are said the documents' way ("may", "record")."""

from __future__ import annotations

from typing import Any

from hard_e.brain.reading import extractive_answer
from hard_e.text.abbreviations import definitions


def passage(heading: str, text: str, document: str = "crew-policy.md") -> dict[str, Any]:
    return {"document": document, "heading": heading, "text": text, "chunk_id": "doc-7:0003"}


SIGNING = passage(
    "Crew Policy › Before Signing",
    "Hand over the moisture pamphlet before the walkthrough. Get the Site Access Waiver (SAW)"
    " signed. The SAW is the one-page form that lets the crew park on the lawn.",
)
RECORDS = passage(
    "Crew Policy › Records",
    "The lead installer signs the QC record at the end of every job. We keep every QC record"
    " and SAW for 4 years after the job is finished.",
)
ROLES = passage(
    "Crew Policy › Who Does What",
    "The Job Site Supervisor (JSS) checks the ladders every morning. A JSS may stop work when"
    " the wind is over 25 mph.",
)


def test_a_form_asked_by_its_abbreviation_alone_is_answered() -> None:
    for question in ("whats the SAW", "what is a SAW", "what's the saw form"):
        said = extractive_answer(question, [SIGNING])

        assert said is not None and "one-page form" in said, question


def test_a_record_asked_by_its_abbreviation_in_lower_case_is_answered() -> None:
    for question in (
        "how long do we keep the qc paperwork",
        "how long do we keep the QC records",
        "how many years do we keep the saw paperwork",
    ):
        said = extractive_answer(question, [RECORDS])

        assert said is not None and "4 years" in said, question


def test_what_a_role_is_allowed_to_do_is_what_it_may_do() -> None:
    for question in ("is the JSS allowed to stop work", "when is a jss permitted to stop work"):
        said = extractive_answer(question, [ROLES])

        assert said is not None and "may stop work" in said, question


def test_one_everyday_word_is_still_no_product_question() -> None:
    assert extractive_answer("whats the weather", [SIGNING, RECORDS]) is None
    assert extractive_answer("whats the ABC", [SIGNING, RECORDS]) is None


BADGES = passage(
    "Crew Policy › Badges",
    "Every lift is run by a Licensed Lift Operator (LLO). An LLO badge lasts 3 years from the"
    " test date.",
)
WAIVER = passage(
    "Crew Policy › Refusals",
    "Every homeowner signs the Lawn Parking Consent (LPC). If the homeowner refuses to sign"
    " the LPC, the crew parks on the street.",
)


def test_the_thing_an_abbreviation_stands_for_is_said_by_it() -> None:
    for question in (
        "how long is an operator badge good for",
        "how long does the operator badge last",
        "how many years does an LLO badge last",
    ):
        said = extractive_answer(question, [BADGES])

        assert said is not None and "3 years" in said, question


def test_a_rep_who_says_wont_means_refuses() -> None:
    for question in (
        "homeowner wont sign the consent what now",
        "what if they wont sign the LPC",
    ):
        said = extractive_answer(question, [WAIVER])

        assert said is not None and "parks on the street" in said, question


def test_brackets_that_spell_no_initials_define_nothing() -> None:
    assert definitions("Send the photos (JPG) and the test kit (EPA-recognized)") == {}
    assert definitions(
        "the Certified Renovator (CR) and Renovation, Repair and Painting (RRP)"
    ) == {
        "CR": "Certified Renovator",
        "RRP": "Renovation, Repair and Painting",
    }


MODELS = passage(
    "Crew Policy › Fans and prices",
    "We sell the AirMax 12 (AM12) and the QuietFlow 8 (QF8) bath fans.\n\n"
    "| Fan | Unit | Price |\n|---|---|---|\n"
    "| AirMax 12 | Each | $189 |\n"
    "| QuietFlow 8 | Each | $142 |\n"
    "| Duct kit | Each | $38 |\n",
)


def test_a_model_asked_by_its_code_is_the_model_its_name_says() -> None:
    assert definitions("the SelfReg 5 (SR5) cable and the GutterPro Max (GPM) guard") == {
        "SR5": "SelfReg 5",
        "GPM": "GutterPro Max",
    }
    for question, fact in (
        ("price on the am12", "$189"),
        ("how much is a qf8", "$142"),
        ("whats the QF8 cost", "$142"),
    ):
        said = extractive_answer(question, [MODELS])

        assert said is not None and fact in said, question


def test_a_code_whose_number_the_name_never_says_defines_nothing() -> None:
    assert definitions("the SelfReg cable (SR5) and the AirMax fan (AM12)") == {}

"""A stage said shortened or misspelt is matched against the company's own stage names; a
stage that is not confidently one of them is asked about, never guessed."""

from __future__ import annotations

import pytest

from hard_e.crm.models import Stage
from hard_e.text.stage_names import pick
from hard_e.tools.catalogue.resolve import Choice, match_stage


def _stages(*names: str) -> list[Stage]:
    return [Stage(f"s{i}", name, i) for i, name in enumerate(names)]


SUMMIT = _stages(  # the demo company's workflow
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
)
ROOFER = _stages(  # another company's, with an estimate and an inspection
    "New Lead",
    "Appointment Set",
    "Inspection Scheduled",
    "Estimate Sent",
    "Contract Signed",
    "Install Scheduled",
    "Installed",
    "Invoiced",
    "Paid",
)


@pytest.mark.parametrize(
    ("stages", "said", "meant"),
    [
        (ROOFER, "install sched", "Install Scheduled"),  # not "Installed"
        (SUMMIT, "install sched", "Install Scheduled"),
        (ROOFER, "estmate sent", "Estimate Sent"),
        (ROOFER, "est sent", "Estimate Sent"),
        (ROOFER, "appt set", "Appointment Set"),
        (ROOFER, "apointment set", "Appointment Set"),
        (ROOFER, "insp sched", "Inspection Scheduled"),
        (ROOFER, "inspection", "Inspection Scheduled"),
        (ROOFER, "contrct signed", "Contract Signed"),
        (SUMMIT, "contrct signed", "Contract Signed"),
        (SUMMIT, "matrials on ordr", "Materials on Order"),
        (SUMMIT, "mats ordered", "Materials on Order"),
        (SUMMIT, "punchlist", "Punch List"),
        (SUMMIT, "bid pres", "Bid Presented"),
        (SUMMIT, "site vist", "Site Visit Booked"),
        (SUMMIT, "instal underway", "Install Underway"),
        (SUMMIT, "final invoce", "Final Invoice Sent"),
        (SUMMIT, "paid in ful", "Paid in Full"),
        (SUMMIT, "lead in take", "Lead Intake"),
        (ROOFER, "scheduled install", "Install Scheduled"),
        (SUMMIT, "bid presntd", "Bid Presented"),  # typed fast, vowels left out
        (SUMMIT, "instll schduled", "Install Scheduled"),
        (SUMMIT, "pnch lst", "Punch List"),
        (ROOFER, "contrct sgnd", "Contract Signed"),
        (ROOFER, "sent", "Estimate Sent"),  # a word of one stage is not a typo of another
        (ROOFER, "set", "Appointment Set"),
    ],
)
def test_shortened_and_misspelt_stages_are_the_companys_own(
    stages: list[Stage], said: str, meant: str
) -> None:
    found = match_stage(said, stages)
    assert isinstance(found, Stage) and found.name == meant


@pytest.mark.parametrize(
    ("stages", "said"),
    [
        (SUMMIT, "estmate sent"),  # sharing "sent" does not make it Final Invoice Sent
        (SUMMIT, "est sent"),
        (SUMMIT, "insp sched"),  # no inspection stage: not Install Scheduled
        (SUMMIT, "appt set"),
        (ROOFER, "site vist"),  # not Estimate Sent
        (ROOFER, "punchlist"),
        (ROOFER, "bid pres"),
        (SUMMIT, "banana"),
    ],
)
def test_a_stage_the_company_does_not_have_is_never_guessed(stages: list[Stage], said: str) -> None:
    assert not isinstance(match_stage(said, stages), Stage)


@pytest.mark.parametrize(
    ("stages", "said", "candidates"),
    [
        (ROOFER, "sched", {"Inspection Scheduled", "Install Scheduled"}),
        (ROOFER, "install", {"Install Scheduled", "Installed"}),
        (SUMMIT, "install", {"Install Scheduled", "Install Underway"}),
        (SUMMIT, "instal", {"Install Scheduled", "Install Underway"}),
        (SUMMIT, "bid", {"Bid Being Built", "Bid Presented"}),
        (ROOFER, "paid in ful", {"Paid"}),  # half of it fits: asked, not moved
    ],
)
def test_close_or_unsure_stages_are_asked_about_by_name(
    stages: list[Stage], said: str, candidates: set[str]
) -> None:
    found = match_stage(said, stages)
    assert isinstance(found, Choice) and set(found.options) == candidates


def test_a_stage_renamed_by_the_company_is_matched_by_its_new_name() -> None:
    renamed = [s.name for s in ROOFER if s.name != "Estimate Sent"] + ["Proposal Out"]
    assert pick("proposl out", renamed) == ("Proposal Out", ["Proposal Out"])
    assert pick("estimate sent", renamed)[0] is None

"""What fresh batches of reps' phrasing showed the offline brain missing, end to end
through the chat API against the demo company (tests/conversation/set.txt has the rest)."""

from __future__ import annotations

from hard_e.crm.simulator.server import LeapSimulator
from tests.conftest import Gateway
from tests.conversation.test_sanity import say


def test_a_coaching_question_with_crm_words_gets_the_handbook_not_a_lookup(
    gateway: Gateway, demo_token: str
) -> None:
    reply = say(gateway, demo_token, "how do i handle a customer who thinks the job costs too much")

    assert "(Source: Sales Objection Handbook" in reply["reply"]
    assert "price is too high" in reply["reply"].lower()
    assert {c["name"] for c in reply["tool_calls"]} <= {"search_knowledge"}


def test_the_rep_on_a_job_is_read_from_the_job(gateway: Gateway, demo_token: str) -> None:
    reply = say(gateway, demo_token, "who's the rep on the Keller job")["reply"]
    assert "is the rep on the Keller Window Replacement job" in reply


def test_a_teammates_calendar_lists_only_their_appointments(
    gateway: Gateway, demo_token: str
) -> None:
    reply = say(gateway, demo_token, "show me marcus's appointments")["reply"]
    assert "on Marcus Bell's calendar" in reply
    listed = reply.split(": ", 1)[1].split("; ")
    assert listed and all("(Marcus Bell)" in a for a in listed)


def test_the_team_calendar_is_not_the_team_list(gateway: Gateway, demo_token: str) -> None:
    reply = say(gateway, demo_token, "any appointments tomorrow for the team?")["reply"]
    assert "tomorrow" in reply and "people:" not in reply


def test_money_sitting_in_a_stage_is_that_stage_not_the_stale_bids(
    gateway: Gateway, demo_token: str
) -> None:
    reply = say(gateway, demo_token, "how much money is sitting in bid presented")["reply"]
    assert reply.startswith("Bid Presented: ") and "jobs" in reply


def test_an_open_which_job_question_does_not_swallow_a_new_question(
    gateway: Gateway, demo_token: str
) -> None:
    asked = say(gateway, demo_token, "what's the balance on the Fairbanks job")
    assert asked["reply"].startswith("Which job do you mean?")

    other = say(
        gateway, demo_token, "what stage is the Keller job in right now", asked["session_id"]
    )

    assert other["reply"].startswith("The Keller Window Replacement job")


def test_when_am_i_seeing_a_family_lists_their_jobs_visits(
    gateway: Gateway, demo_token: str
) -> None:
    reply = say(gateway, demo_token, "when am i seeing the Zimmermans")["reply"]
    assert "Site visit — Zimmerman" in reply


def test_a_lookup_of_someone_who_is_no_customer_is_admitted(
    gateway: Gateway, demo_token: str
) -> None:
    said = say(gateway, demo_token, "whats the phone number for the building department")
    assert said["reply"].startswith("I couldn't find building department among your customers")


def test_an_email_to_an_address_said_outright_is_drafted_for_approval(
    gateway: Gateway, demo_token: str
) -> None:
    """The README's own voice example: an address, not a customer on file."""
    asked = say(gateway, demo_token, "email pat@example.com the quote")
    assert asked["reply"] == "What should the email to pat@example.com say?"

    drafted = say(
        gateway, demo_token, "the quote is attached, call me with questions", asked["session_id"]
    )

    assert drafted["reply"].startswith("Here's the email, ready to go:")
    assert "pat@example.com" in drafted["reply"]
    assert "The quote is attached, call me with questions." in drafted["reply"]
    assert [a["tool"] for a in drafted["approvals"]] == ["send_email"]

    straight = say(gateway, demo_token, "email pat@example.com that the crew is coming monday")
    assert (
        "pat@example.com" in straight["reply"] and "The crew is coming monday" in straight["reply"]
    )


def test_one_stages_money_costs_no_leap_call_per_job(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    """Each job's money used to be a Leap call and Leap allows 60 a minute: the money in
    one stage must not cost a call per job (66 in the demo) and leave the next question
    "Leap is busy". The job list carries the money."""
    leap_sim.clear_requests()
    reply = say(gateway, demo_token, "how much money is sitting in bid presented")["reply"]

    calls = leap_sim.requests()
    assert reply.startswith("Bid Presented: 8 jobs"), reply
    assert "too busy" not in reply
    assert not [r for r in calls if "financial" in r["path"]]
    assert len(calls) <= 3
    assert (
        "is in Site Visit Booked"
        in say(gateway, demo_token, "what stage is the Keller job in")["reply"]
    )

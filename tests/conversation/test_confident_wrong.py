"""Issue 9: a wrong answer said with confidence is the worst outcome — the trade a rep
names, a different first name and a pronoun in a dictated message are checked first."""

from __future__ import annotations

import pytest

from tests.conftest import Gateway
from tests.conversation.test_sanity import say


@pytest.mark.parametrize(
    "message",
    [
        "what stage is the Keller roof in",
        "whats the balance on the keller roofing job",
        "any notes on the Keller siding",
        "move the keller roof to contract signed",
    ],
)
def test_a_trade_the_customer_has_no_job_of_is_said_not_answered_with_another(
    gateway: Gateway, demo_token: str, message: str
) -> None:
    reply = say(gateway, demo_token, message)["reply"]
    assert reply.startswith("Keller has no ")
    assert "Keller Window Replacement" in reply and "Site Visit Booked" in reply


def test_a_trade_the_customer_has_a_job_of_picks_that_job(
    gateway: Gateway, demo_token: str
) -> None:
    siding = say(gateway, demo_token, "what stage is the crowley siding in")["reply"]
    assert "Crowley Siding Replacement" in siding and "Lead Intake" in siding
    roof = say(gateway, demo_token, "stage of the Crowley roof")["reply"]
    assert "Crowley Roof Replacement" in roof and "Install Underway" in roof


@pytest.mark.parametrize(
    "message",
    [
        "what does Keller still owe on the gutters",
        "how much has keller paid on the roof",
        "what stage is Keller in on the siding",
        "add a note to Keller on the roof: check the flashing",
        "push Keller to contract signed on the gutters",
        "move keller to install scheduled on the gutters",  # "move <name> to …" is no reassign
        "where does keller stand with the gutters",
    ],
)
def test_a_trade_said_apart_from_the_name_is_the_job_asked_about(
    gateway: Gateway, demo_token: str, message: str
) -> None:
    reply = say(gateway, demo_token, message)["reply"]
    assert reply.startswith("Keller has no ")
    assert "Keller Window Replacement" in reply


@pytest.mark.parametrize(
    ("message", "job"),
    [
        ("what stage is Crowley in on the roof", "Crowley Roof Replacement"),
        ("what's the balance for crowley on the siding", "Crowley Siding Replacement"),
        ("add a note for Crowley about the siding: samples dropped off", "Crowley Siding"),
        ("move caldwell to install scheduled on the windows", "Caldwell Window Replacement"),
        ("push beckett to punch list on the windows please", "Beckett Window Replacement"),
        ("where's Beckett at on the windows", "Beckett Window Replacement"),  # the trade said last
        ("how's crowley coming along on the siding", "Crowley Siding Replacement"),
        ("where are we at with crowley on the roof", "Crowley Roof Replacement"),
    ],
)
def test_a_trade_said_apart_that_the_customer_has_picks_that_job(
    gateway: Gateway, demo_token: str, message: str, job: str
) -> None:
    reply = say(gateway, demo_token, message)["reply"]
    assert job in reply and "Which job" not in reply


def test_an_email_to_a_different_first_name_asks_before_drafting(
    gateway: Gateway, demo_token: str
) -> None:
    asked = say(gateway, demo_token, "email Jason Crowley that the crew is coming monday")
    assert asked["reply"].startswith("I don't have a customer called Jason Crowley.")
    assert "Did you mean Kimberly Crowley?" in asked["reply"] and not asked["approvals"]

    drafted = say(gateway, demo_token, "yes", asked["session_id"])["reply"]
    assert "Hi Kimberly,\n\nThe crew is coming monday." in drafted


@pytest.mark.parametrize(
    "message",
    [
        "book a site visit with Jason Crowley",
        "set up a measure for jason crowley on friday at 10",
        "put an appointment with Jason Crowley on my calendar thursday at 2",
    ],
)
def test_a_booking_for_a_different_first_name_asks_before_booking(
    gateway: Gateway, demo_token: str, message: str
) -> None:
    asked = say(gateway, demo_token, message)
    assert "Did you mean Kimberly Crowley?" in asked["reply"]
    assert not any(c["name"] == "create_appointment" for c in asked.get("tool_calls", []))

    taken = say(gateway, demo_token, "yes", asked["session_id"])["reply"]
    assert "Jason" not in taken  # Kimberly's job asked about, or the day still to say
    assert "Crowley" in taken or taken.startswith("What day should I book")


@pytest.mark.parametrize(
    "message",
    [
        "move the Caldwell site visit to next tuesday at 10",
        "push the caldwell visit to next tues",
        "can you move caldwell's site visit to next wednesday at 3",
    ],
)
def test_a_move_to_next_weekday_said_a_day_or_two_before_asks_which(
    gateway: Gateway, demo_token: str, message: str
) -> None:
    # the tests' clock is a Monday: "next Tuesday" may be tomorrow or the week after
    asked = say(gateway, demo_token, message)
    assert asked["reply"].startswith("Next T") or asked["reply"].startswith("Next W")
    assert "(next week)?" in asked["reply"] and not asked["approvals"]

    picked = say(gateway, demo_token, "next week", asked["session_id"])["reply"]
    assert picked.startswith("Move Site visit — Caldwell") and "Say yes to move it" in picked


@pytest.mark.parametrize(
    ("answer", "day"),
    [("the later one", "15"), ("the earlier one", "8"), ("uh the latter please", "15")],
)
def test_the_later_or_earlier_of_two_days_is_a_pick_not_a_goodbye(
    gateway: Gateway, demo_token: str, answer: str, day: str
) -> None:
    # Given "next Tuesday" said on a Monday: asked which of two Tuesdays
    asked = say(gateway, demo_token, "move the Caldwell site visit to next tuesday at 10")
    # When the rep answers by the order of the two
    picked = say(gateway, demo_token, answer, asked["session_id"])["reply"]
    # Then that day is the one offered, never a "talk soon" or a customer search
    assert picked.startswith("Move Site visit — Caldwell")
    assert f"to Tuesday Dec {day} at 10 am?" in picked


def test_the_earlier_of_two_days_books_that_day(gateway: Gateway, demo_token: str) -> None:
    asked = say(gateway, demo_token, "book a measure with the keller homeowner next tuesday at 1")
    booked = say(gateway, demo_token, "the earlier", asked["session_id"])["reply"]
    assert booked.startswith("Booked: Measure — Keller, Tuesday Dec 8 at 1 pm"), booked


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("set up a measure for ashley zimmer man friday at 10", "Measure — Zimmerman"),
        ("book a site visit with the zimmer man family thursday at 1", "Site Visit — Zimmerman"),
        ("schedule a bid review for the whitaker door thursday at 3", "Bid Review — Whitaker"),
    ],
)
def test_a_booking_is_titled_with_the_family_the_crm_has(
    gateway: Gateway, demo_token: str, message: str, title: str
) -> None:
    assert say(gateway, demo_token, message)["reply"].startswith(f"Booked: {title},")


def test_a_booking_for_a_misheard_name_is_titled_as_the_crm_spells_it_once_picked(
    gateway: Gateway, demo_token: str
) -> None:
    asked = say(gateway, demo_token, "book a measure for the kellr job friday at 11")
    assert "Did you mean the Keller Window Replacement job?" in asked["reply"]
    booked = say(gateway, demo_token, "yes", asked["session_id"])["reply"]
    assert booked.startswith("Booked: Measure — Keller,")


@pytest.mark.parametrize(
    "aside",
    [
        "ok back to the script, they're worried about price",
        "the homeowner is concerned the install takes too long",
        "so back to the script, her main objection is the monthly payment",
    ],
)
def test_a_concern_told_to_a_scripts_product_question_is_not_taken_as_the_product(
    gateway: Gateway, demo_token: str, aside: str
) -> None:
    sid = say(gateway, demo_token, "write a sales script for Karen Beckett")["session_id"]
    told = say(gateway, demo_token, aside, sid)["reply"]
    assert told.startswith("Noted for the script:") and told.endswith(
        "Which product are you pitching?"
    )

    say(gateway, demo_token, "Northlight 500 windows", sid)
    script = say(gateway, demo_token, "none", sid)["reply"]
    assert script.startswith("Sales script — Northlight 500 windows for Karen Beckett")
    assert "handle the concern:" in script


def test_back_to_the_script_alone_asks_the_open_question_again(
    gateway: Gateway, demo_token: str
) -> None:
    sid = say(gateway, demo_token, "write a sales script for Karen Beckett")["session_id"]
    again = say(gateway, demo_token, "ok back to the script", sid)["reply"]
    assert again == "Which product are you pitching?"


def test_a_request_to_tell_her_something_is_texted_as_the_thing_itself(
    gateway: Gateway, demo_token: str
) -> None:
    sent = say(gateway, demo_token, "text Karen Beckett please tell her not to send the check yet")
    assert sent["reply"].endswith('"Please don\'t send the check yet."')
    reminded = say(gateway, demo_token, "text Karen Beckett remind her that her deposit is due")
    assert reminded["reply"].endswith('"Just a reminder that your deposit is due."')


@pytest.mark.parametrize(
    ("message", "to"),
    [
        ("bump the caldwell site visit out to thursday", "Thursday Dec 10 at 8 am"),
        ("push the caldwell site visit out till friday", "Friday Dec 11 at 8 am"),
        ("move the caldwell site visit up to 7", "Tuesday Dec 8 at 7 am"),
    ],
)
def test_a_visit_bumped_out_or_moved_up_to_a_day_is_found_and_keeps_its_time(
    gateway: Gateway, demo_token: str, message: str, to: str
) -> None:
    # "out", "up" are how the move is said, not part of the visit's name
    reply = say(gateway, demo_token, message)["reply"]
    assert reply.startswith("Move Site visit — Caldwell (Michelle Caldwell) from Tuesday Dec 8")
    assert f"to {to}?" in reply


@pytest.mark.parametrize(
    "message",
    [
        "text karen beckett the estimate is sitting in her inbox",
        "text steven keller your bid is waiting whenever you're ready",
    ],
)
def test_a_text_about_a_waiting_bid_is_sent_not_answered_with_the_stale_bids(
    gateway: Gateway, demo_token: str, message: str
) -> None:
    reply = say(gateway, demo_token, message)["reply"]
    assert reply.startswith("Texted ") and "no decision" not in reply


def test_a_too_or_as_well_after_the_customer_is_no_part_of_their_name(
    gateway: Gateway, demo_token: str
) -> None:
    asked = say(gateway, demo_token, "open a siding job for karen beckett as well")["reply"]
    assert asked.startswith("Ready: Create a Siding job for Karen Beckett (customer #")
    sid = say(gateway, demo_token, "what's linda albright's email")["session_id"]
    again = say(gateway, demo_token, "create a gutters job for her too", sid)["reply"]
    assert again.startswith("Ready: Create a Gutters job for Linda Albright (customer #")

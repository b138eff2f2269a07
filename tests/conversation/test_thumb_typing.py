"""What a new rep thumb-typing between doors (held-out batch Z) showed the offline brain
missing, end to end through the chat API against the demo company."""

from __future__ import annotations

from tests.conftest import Gateway
from tests.conversation.test_sanity import say


def test_emoji_say_nothing_to_the_reading_and_a_thumbs_up_is_a_yes(
    gateway: Gateway, demo_token: str
) -> None:
    # Given messages with emoji beside the words
    hello = say(gateway, demo_token, "gm 👋")
    thanks = say(gateway, demo_token, "thx ur the best 🙏", hello["session_id"])
    # Then they are read as the words alone
    assert hello["reply"].startswith("Hey Dana") and "documents" not in thanks["reply"]

    # And a thumbs-up to an email waiting for an OK sends it
    drafted = say(gateway, demo_token, "email Karen Beckett that the crew is back thursday")
    sent = say(gateway, demo_token, "👍", drafted["session_id"])
    assert sent["approvals"][0]["status"] == "executed"

    # And an emoji typed into a text's body goes out with it
    texted = say(gateway, demo_token, "txt ashley zimmerman im 10 min out 🚗")
    assert texted["reply"].endswith('"Im 10 min out 🚗."')


def test_a_word_typed_without_its_vowels_is_the_word(gateway: Gateway, demo_token: str) -> None:
    # Given "shld" for should and "rmbr" for remember
    call = say(gateway, demo_token, "ok who shld i call 1st")["reply"]
    kept = say(gateway, demo_token, "rmbr the crowley gate sticks u gotta lift it")["reply"]
    code = say(gateway, demo_token, "rmbr the gate code at keller is 4411")["reply"]
    # Then each is read as the word meant, and a code is still refused
    assert "Call these first" in call
    assert kept.startswith("Got it. I'll remember: The crowley gate sticks")
    assert code.startswith("I don't keep passwords, keys, codes")


def test_a_4_typed_for_for_makes_the_job_and_asks_what_else(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a customer just looked up, and "4" typed for "for"
    sid = say(gateway, demo_token, "whats karen beckett's number")["session_id"]
    job = say(gateway, demo_token, "make a roof job 4 her", sid)
    # Then the job is offered for her, waiting for an OK
    assert job["approvals"] and job["approvals"][0]["tool"] == "create_job"
    assert "Beckett" in job["reply"]
    assert "I can look up" in say(gateway, demo_token, "wat else u good 4")["reply"]


def test_a_money_change_a_day_off_or_a_commission_is_admitted_not_looked_up(
    gateway: Gateway, demo_token: str
) -> None:
    # Given asks the CRM can't do, typed short
    for message in (
        "lower the lindqvist balance by 500 pls",
        "can i take fri off",
        "whats my commish on the eckert siding",
    ):
        reply = say(gateway, demo_token, message)
        # Then each is said plainly to be out of reach: no job looked up, no day read out
        assert reply["reply"].startswith("Sorry Dana, I can't"), (message, reply["reply"])
        assert not any(c["name"] == "job_financial_summary" for c in reply["tool_calls"])


def test_an_oops_before_a_move_back_asks_first_and_a_yes_moves_it(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a job moved on, then "oops" and a move back
    sid = say(gateway, demo_token, "move the mercer windows to bid presented")["session_id"]
    back = say(gateway, demo_token, "oops put the mercer windows back to bid being built", sid)
    # Then the move back asks first, and a "ya" makes it
    assert "Bid Being Built" in back["reply"] and "yes" in back["reply"].lower()
    moved = say(gateway, demo_token, "ya", sid)["reply"]
    assert moved.startswith("Done: the Mercer Window Replacement job moved from Bid Presented")


def test_a_visit_named_with_tmrw_is_found_handed_over_and_a_ya_does_it(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a hand-over of tomorrow's visit, "tomorrow" typed "tmrw"
    asked = say(gateway, demo_token, "give the dawson site visit tmrw to marcus")
    # Then the visit is found and the change asked about; a "ya" makes it
    assert asked["reply"].startswith("Put Marcus Bell on Site visit — Dawson")
    done = say(gateway, demo_token, "ya", asked["session_id"])["reply"]
    assert done.startswith("Done: Marcus Bell is on Site visit — Dawson")


def test_a_time_typed_as_digits_after_a_text_went_offers_the_correction_and_k_sends_it(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a text that went, then its time changed as "830"
    sid = say(gateway, demo_token, "txt karen beckett the crew is there at 8 tmrw")["session_id"]
    offered = say(gateway, demo_token, "nah make it 930", sid)["reply"]
    # Then the correction is shown whole, and "k send" sends it
    assert 'Send Karen a correction: "Correction: the crew is there at 9:30 tmrw"?' in offered
    sent = say(gateway, demo_token, "k send", sid)["reply"]
    assert sent.endswith('"Correction: the crew is there at 9:30 tmrw."')


def test_a_yes_or_a_no_right_after_a_move_made_at_once_hears_it_is_done(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a job moved forward at once
    sid = say(gateway, demo_token, "move the mercer windows to bid presented")["session_id"]
    # When the rep says "ya" to it
    yes = say(gateway, demo_token, "ya", sid)["reply"]
    # Then it is done already, with no puzzle about a yes
    assert yes.startswith("That's done already, no OK needed — the Mercer Window Replacement")

    sid = say(gateway, demo_token, "move the albright gutters to contract signed")["session_id"]
    no = say(gateway, demo_token, "nah wait", sid)["reply"]
    assert no.startswith("That's done already — the Albright") and "move it back" in no


def test_a_new_time_while_a_booking_waits_for_its_job_is_kept_and_the_pick_books_it(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a booking waiting for "which job?" (the Underwoods have two)
    sid = say(gateway, demo_token, "book a measure for underwood friday at 10am")["session_id"]
    # When the time is changed before the job is picked
    retimed = say(gateway, demo_token, "nah make it 11", sid)["reply"]
    # Then the new time is kept, the question asked again, and the pick books it at 11
    assert retimed.startswith("Okay, Friday Dec 11 at 11 am. Which job do you mean?")
    booked = say(gateway, demo_token, "the siding one", sid)["reply"]
    assert booked.startswith("Booked: Measure") and "at 11 am" in booked


def test_a_booking_typed_with_w_and_a_short_day_books_that_day(
    gateway: Gateway, demo_token: str
) -> None:
    # Given "w" for with and "fri" for Friday inside the booking
    booked = say(gateway, demo_token, "book a measure w michelle mercer fri at 10am")["reply"]
    # Then the customer and the day are read, not asked for again
    assert booked.startswith("Booked: Measure — Mercer, Friday Dec")


def test_a_new_customer_asked_for_with_pls_asks_the_name_and_pls_is_nobodys(
    gateway: Gateway, demo_token: str
) -> None:
    # Given "new cust pls"
    asked = say(gateway, demo_token, "new cust pls")
    # Then the name is asked for, not "Pls's last name"
    assert asked["reply"] == "What's the customer's first and last name?"
    named = say(gateway, demo_token, "tom ashby", asked["session_id"])["reply"]
    assert named == "What's the best phone number for Tom?"


def test_what_was_said_about_one_thing_is_that_alone(gateway: Gateway, demo_token: str) -> None:
    # Given a fact about Crowley's gate and a preference of the rep's own
    sid = say(gateway, demo_token, "rmbr the crowley gate sticks u gotta lift it")["session_id"]
    say(gateway, demo_token, "rmbr i cant do appts b4 10 on fri", sid)
    # When the rep asks what they said about Crowley
    recalled = say(gateway, demo_token, "wat did i say abt crowley", sid)["reply"]
    # Then only the Crowley fact comes back
    assert recalled == "Here's what I know: The crowley gate sticks u gotta lift it."


def test_a_2_typed_for_to_leaves_the_task_its_own_words(gateway: Gateway, demo_token: str) -> None:
    # Given a reminder with "2" typed for "to"
    added = say(gateway, demo_token, "remind me fri 2 email karen beckett the final bill")["reply"]
    # Then the task is what to do, not "2 email …"
    assert added.startswith("Task added: Email karen beckett the final bill, due Friday")


def test_his_number_after_a_job_is_that_jobs_customer_not_any_of_the_family(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a rundown of a job whose surname two customers share
    sid = say(gateway, demo_token, "rundown on gallagher windows")["session_id"]
    # When the rep asks "his #?"
    phone = say(gateway, demo_token, "his #?", sid)["reply"]
    # Then it is the job's own customer's, with no "which one?"
    assert phone.startswith("Kevin Gallagher: cell")

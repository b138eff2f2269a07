"""Offline (no API key), through POST /api/v1/chat with the demo data: the reflex brain
looks up, moves and notes jobs, and creates a customer over several turns."""

from __future__ import annotations

from hard_e.crm.simulator.server import LeapSimulator
from tests.conftest import Gateway


def say(gateway: Gateway, token: str, message: str, session_id: str | None = None) -> dict:  # type: ignore[type-arg]
    result = gateway.chat(message, token, session_id)
    assert result.status == 200, result.body
    body: dict = result.json()  # type: ignore[type-arg]
    return body


def test_what_stage_is_a_job_in(gateway: Gateway, demo_token: str, leap_sim: LeapSimulator) -> None:
    job = next(j for j in leap_sim.store.jobs.values() if j.name.startswith("Peterson"))
    stage = leap_sim.store.stage(job.stage_code).name

    reply = say(gateway, demo_token, "what stage is the Peterson job in?")

    assert reply["brain"] == "reflex"
    assert f"is in {stage}" in reply["reply"] and job.number in reply["reply"]


def test_move_a_job_to_a_stage_said_loosely(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    asked = say(gateway, demo_token, "move the Peterson job to punch list")  # it is paid in full
    assert "Are you sure?" in asked["reply"]
    assert not [r for r in leap_sim.requests() if r["path"].endswith("/jobs/stage")]

    reply = say(gateway, demo_token, "yes", asked["session_id"])

    assert "moved from" in reply["reply"] and "Punch List" in reply["reply"]
    job = next(j for j in leap_sim.store.jobs.values() if j.name.startswith("Peterson"))
    assert leap_sim.store.stage(job.stage_code).name == "Punch List"
    moves = [r for r in leap_sim.requests() if r["path"].endswith("/jobs/stage")]
    assert len(moves) == 1


def test_ambiguous_stage_is_asked_back_and_nothing_moves(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    reply = say(gateway, demo_token, "move the Peterson job to install")
    assert "Which stage do you mean?" in reply["reply"]
    assert "Install Scheduled" in reply["reply"] and "Install Underway" in reply["reply"]
    assert not [r for r in leap_sim.requests() if r["path"].endswith("/jobs/stage")]


def test_add_a_note_to_someones_job(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    reply = say(gateway, demo_token, "add a note to Peterson's job: wants a call before 9am")

    assert "wants a call before 9am" in reply["reply"]
    job = next(j for j in leap_sim.store.jobs.values() if j.name.startswith("Peterson"))
    assert any(
        n.job_id == job.id and n.note == "wants a call before 9am"
        for n in leap_sim.store.notes.values()
    )


def test_spoken_customer_creation_across_turns_ends_in_an_approval(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    first = say(gateway, demo_token, "add a new customer")
    sid = first["session_id"]
    assert "name" in first["reply"]
    assert "phone" in say(gateway, demo_token, "emily johnson", sid)["reply"]
    assert (
        "Email"
        in say(gateway, demo_token, "six one four five five five zero one nine nine", sid)["reply"]
    )
    assert "address" in say(gateway, demo_token, "emily at demo dot com", sid)["reply"]
    ready = say(gateway, demo_token, "skip", sid)

    assert "needs approval" in ready["reply"]
    assert ready["approvals"][0]["args"] == {
        "first_name": "Emily",
        "last_name": "Johnson",
        "phone": "614-555-0199",
        "phone_label": "cell",
        "email": "emily@demo.com",
        "street": "",
        "city": "",
        "state": "",
        "zip": "",
        "note": "",
    }
    assert not [r for r in leap_sim.requests() if r["method"] == "POST"]

    done = say(gateway, demo_token, "yes", sid)

    assert done["reply"].startswith("Done: Create customer Emily Johnson")
    posts = [r for r in leap_sim.requests() if r["method"] == "POST"]
    assert len(posts) == 1 and posts[0]["form"]["email"] == ["emily@demo.com"]
    again = say(gateway, demo_token, "yes", sid)  # a second yes has nothing to approve
    assert len([r for r in leap_sim.requests() if r["method"] == "POST"]) == 1
    assert again["approvals"] == []


def test_save_it_to_the_address_question_creates_the_customer_it_showed(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    sid = say(gateway, demo_token, "new customer Jo Smith 614 555 0101")["session_id"]
    shown = say(gateway, demo_token, "no email", sid)["reply"]
    assert shown == (
        "Street address? Or say 'save it' to create Jo Smith (cell 614-555-0101, no email) "
        "with no address."
    )
    assert not [r for r in leap_sim.requests() if r["method"] == "POST"]

    done = say(gateway, demo_token, "save it", sid)

    assert done["reply"].startswith("Done: Create customer Jo Smith (cell 614-555-0101)")
    assert [a["status"] for a in done["approvals"]] == ["executed"]
    posts = [r for r in leap_sim.requests() if r["method"] == "POST"]
    assert len(posts) == 1
    made = max(leap_sim.store.customers.values(), key=lambda c: c.id)
    assert (made.first_name, made.last_name, made.email) == ("Jo", "Smith", "")
    again = say(gateway, demo_token, "yes", sid)  # nothing left to approve
    assert again["approvals"] == []
    assert len([r for r in leap_sim.requests() if r["method"] == "POST"]) == 1


def test_a_yes_right_after_a_booking_hears_it_is_booked_and_books_nothing_more(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    before = len(leap_sim.store.appointments)
    booked = say(gateway, demo_token, "book a site visit for the Zimmerman job thursday at 2pm")
    assert booked["reply"].startswith("Booked: Site Visit — Zimmerman")
    assert len(leap_sim.store.appointments) == before + 1  # a booking needs no OK

    yes = say(gateway, demo_token, "yes", booked["session_id"])

    assert yes["reply"].startswith("That's done already, no OK needed — Booked: Site Visit")
    assert len(leap_sim.store.appointments) == before + 1
    later = say(gateway, demo_token, "yes", booked["session_id"])  # not right after: nothing
    assert later["reply"].startswith("There's nothing waiting for a yes right now")


def test_a_text_to_a_first_name_not_on_file_is_asked_never_sent(
    gateway: Gateway, demo_token: str
) -> None:
    asked = say(gateway, demo_token, "text Jason Crowley the crew is running late")

    assert asked["reply"].startswith("I don't have a customer called Jason Crowley. Did you mean")
    outbox = gateway.request("GET", "/api/v1/outbox", function="tools", token=demo_token).json()
    assert outbox["messages"] == []


def test_dont_send_it_right_after_a_text_says_it_has_gone(
    gateway: Gateway, demo_token: str
) -> None:
    sent = say(gateway, demo_token, "text Patricia Ochoa the dumpster comes friday")
    assert sent["reply"].startswith("Texted Patricia Ochoa")

    held = say(gateway, demo_token, "wait no don't send that", sent["session_id"])

    assert held["reply"].startswith("Too late to stop it, sorry — texts go at once: Texted")
    outbox = gateway.request("GET", "/api/v1/outbox", function="tools", token=demo_token).json()
    assert len(outbox["messages"]) == 1  # the one text, sent before the "no"


def test_back_to_another_name_while_a_text_waits_sends_nothing(
    gateway: Gateway, demo_token: str
) -> None:
    sid = say(gateway, demo_token, "txt jason underwood")["session_id"]

    wrong = say(gateway, demo_token, "back to keller tell him the crew is late", sid)

    assert wrong["reply"].startswith("The text waiting is for Jason Underwood, not Keller")
    outbox = gateway.request("GET", "/api/v1/outbox", function="tools", token=demo_token).json()
    assert outbox["messages"] == []


def test_a_question_for_hard_e_while_a_text_waits_is_answered_never_sent(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a text waiting for its words
    sid = say(gateway, demo_token, "text Karen Beckett")["session_id"]

    # When the rep asks about her instead of dictating
    asked = say(gateway, demo_token, "hang on, which number do you have for her", sid)

    # Then her number is said, the question asked again, and nothing sent
    assert asked["reply"].startswith("Karen Beckett: cell")
    assert "What should the text to Karen say?" in asked["reply"]
    outbox = gateway.request("GET", "/api/v1/outbox", function="tools", token=demo_token).json()
    assert outbox["messages"] == []
    sent = say(gateway, demo_token, "running about ten minutes late, sorry", sid)
    assert sent["reply"].startswith("Texted Karen Beckett")


def test_a_question_that_may_be_the_customers_is_checked_before_it_is_sent(
    gateway: Gateway, demo_token: str
) -> None:
    sid = say(gateway, demo_token, "text Karen Beckett")["session_id"]

    checked = say(gateway, demo_token, "are we still on for thursday?", sid)

    assert checked["reply"].startswith(
        'Is this the text for Karen: "are we still on for thursday?"'
    )
    outbox = gateway.request("GET", "/api/v1/outbox", function="tools", token=demo_token).json()
    assert outbox["messages"] == []
    sent = say(gateway, demo_token, "yes", sid)
    assert sent["reply"] == 'Texted Karen Beckett at +16145550104: "Are we still on for thursday?"'


def test_no_after_the_prompt_cancels(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    sid = say(gateway, demo_token, "create a customer named Sam Ortiz, phone 614 555 0123")[
        "session_id"
    ]
    say(gateway, demo_token, "skip", sid)
    say(gateway, demo_token, "skip", sid)
    cancelled = say(gateway, demo_token, "no", sid)
    assert cancelled["reply"].startswith("Not done, as you said")
    assert not [r for r in leap_sim.requests() if r["method"] == "POST"]


def test_a_yes_that_is_not_right_after_the_prompt_does_nothing(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    sid = say(gateway, demo_token, "create a customer named Sam Ortiz, phone 614 555 0123")[
        "session_id"
    ]
    say(gateway, demo_token, "skip", sid)
    say(gateway, demo_token, "skip", sid)  # → approval prompt
    say(gateway, demo_token, "what stage is the Peterson job in?", sid)
    say(gateway, demo_token, "yes", sid)
    assert not [r for r in leap_sim.requests() if r["method"] == "POST"]


def test_pipeline_and_overview_and_appointments(gateway: Gateway, demo_token: str) -> None:
    pipeline = say(gateway, demo_token, "how's the pipeline?")["reply"]
    overview = say(gateway, demo_token, "give me an overview of the Peterson job")["reply"]
    upcoming = say(gateway, demo_token, "what appointments are coming up?")["reply"]
    mine = say(gateway, demo_token, "what are my upcoming appointments?")["reply"]
    assert "jobs in the pipeline" in pipeline and "Lead Intake" in pipeline
    assert "Customer: John Peterson" in overview and "balance due" in overview
    assert "appointments in the next seven days" in upcoming
    assert "your calendar" in mine  # the demo login is a CRM user: her own calendar


def test_sales_script_is_drafted_over_turns(gateway: Gateway, demo_token: str) -> None:
    first = say(gateway, demo_token, "write me a primer video script for the Hendersons")
    sid = first["session_id"]
    assert "product" in first["reply"].lower()
    assert "key points" in say(gateway, demo_token, "fiber cement siding", sid)["reply"]
    script = say(gateway, demo_token, "30 year warranty; no repainting for 15 years", sid)["reply"]
    assert script.startswith("Primer video script — fiber cement siding for Hendersons")
    assert "30 year warranty" in script and "[0:00" in script


def test_the_answer_to_which_stage_finishes_the_move(
    gateway: Gateway, demo_token: str, leap_sim: LeapSimulator
) -> None:
    asked = say(gateway, demo_token, "move the Peterson job to install")
    sure = say(gateway, demo_token, "install underway", asked["session_id"])
    assert "Are you sure?" in sure["reply"]  # Peterson is paid in full: that is backwards
    done = say(gateway, demo_token, "yes", asked["session_id"])

    assert "moved from" in done["reply"] and "Install Underway" in done["reply"]
    assert len([r for r in leap_sim.requests() if r["path"].endswith("/jobs/stage")]) == 1


def test_the_answer_to_which_job_picks_it(gateway: Gateway, demo_token: str) -> None:
    asked = say(gateway, demo_token, "what stage is the Caldwell job in?")
    assert asked["reply"].startswith("Which job do you mean?")

    picked = say(gateway, demo_token, "the roof one", asked["session_id"])

    assert picked["reply"].startswith("The Caldwell Roof Replacement job")


def test_changing_the_subject_drops_the_question(gateway: Gateway, demo_token: str) -> None:
    asked = say(gateway, demo_token, "move the Peterson job to install")
    other = say(gateway, demo_token, "how's the pipeline?", asked["session_id"])
    again = say(gateway, demo_token, "install underway", asked["session_id"])
    assert "jobs in the pipeline" in other["reply"]
    assert "moved" not in again["reply"]


def test_the_weather_for_a_booked_day_is_not_read_from_the_calendar(
    gateway: Gateway, demo_token: str
) -> None:
    said = say(gateway, demo_token, "whats the weather look like for the install fri")

    assert "that's outside what I know" in said["reply"]
    assert "appointments for" not in said["reply"]


def test_that_one_while_a_script_is_drafted_is_the_scripts_customers_job(
    gateway: Gateway, demo_token: str
) -> None:
    sid = say(gateway, demo_token, "write me a script for the Jensen siding bid")["session_id"]

    asked = say(gateway, demo_token, "hold on, which stage is that one in", sid)

    assert asked["reply"].startswith("Which job do you mean? Jensen Roof Replacement")
    assert "Back to the sales script:" in asked["reply"]


def test_a_change_to_a_text_already_sent_offers_a_follow_up_to_the_same_customer(
    gateway: Gateway, demo_token: str
) -> None:
    sid = say(gateway, demo_token, "text Karen Beckett the crew comes at 8")["session_id"]

    changed = say(gateway, demo_token, "no wait make it 9", sid)

    assert changed["reply"].startswith("That text has gone already — Texted Karen Beckett")
    assert 'Send Karen a correction: "Correction: the crew comes at 9"?' in changed["reply"]
    followed = say(gateway, demo_token, "yes", sid)
    assert followed["reply"].startswith("Texted Karen Beckett")
    assert followed["reply"].endswith('"Correction: the crew comes at 9."')
    outbox = gateway.request("GET", "/api/v1/outbox", function="tools", token=demo_token).json()
    assert len(outbox["messages"]) == 2

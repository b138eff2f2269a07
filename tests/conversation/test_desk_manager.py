"""What held-out batch Y (an office manager typing full, polite sentences) showed the
offline brain missing, end to end through the chat API against the demo company."""

from __future__ import annotations

from tests.conftest import Gateway
from tests.conversation.test_sanity import say


def test_a_yes_said_as_how_the_draft_reads_sends_it(gateway: Gateway, demo_token: str) -> None:
    # Given an email waiting for its OK
    drafted = say(gateway, demo_token, "email Steven Keller that his bid is ready")
    assert drafted["approvals"][0]["status"] == "pending"

    # When the manager says it reads well now and to go ahead
    sent = say(
        gateway, demo_token, "That reads nicely now, go ahead and send it.", drafted["session_id"]
    )

    # Then the email is approved and sent
    assert sent["approvals"][0]["status"] == "executed"


def test_a_no_with_who_does_it_instead_is_a_no(gateway: Gateway, demo_token: str) -> None:
    texted = say(gateway, demo_token, "text Karen Beckett that the crew comes Monday")
    assert texted["reply"].startswith("Texted Karen Beckett")

    refused = say(
        gateway,
        demo_token,
        "On reflection, don't send that. Marcus would rather ring her himself.",
        texted["session_id"],
    )

    assert refused["reply"].startswith("Too late to stop it")


def _approval(gateway: Gateway, token: str, approval_id: str) -> dict[str, object]:
    path = f"/api/v1/approvals/{approval_id}"
    found = gateway.request("GET", path, function="tools", token=token)
    assert found.status == 200, found.body
    approval: dict[str, object] = found.json()["approval"]
    return approval


def test_a_change_to_the_email_waiting_redrafts_it_and_never_makes_a_task(
    gateway: Gateway, demo_token: str
) -> None:
    # Given an email to Karen Beckett waiting for its OK
    drafted = say(gateway, demo_token, "email Karen Beckett that the dumpster comes Monday")
    sid, first = drafted["session_id"], drafted["approvals"][0]["id"]

    # When the manager asks for it warmer, then for one more sentence in it
    warmer = say(gateway, demo_token, "Would you make it a touch warmer, please?", sid)
    more = say(gateway, demo_token, "Please mention that the driveway needs to be clear.", sid)

    # Then each change is a new draft of that email, the one before withdrawn, no task made
    assert "I hope you're doing well!" in warmer["reply"]
    assert "The dumpster comes Monday. The driveway needs to be clear." in more["reply"]
    assert "Task added" not in more["reply"]
    assert _approval(gateway, demo_token, first)["status"] == "denied"
    assert _approval(gateway, demo_token, warmer["approvals"][0]["id"])["status"] == "denied"
    sent = say(gateway, demo_token, "yes, send it", sid)
    assert [a["status"] for a in sent["approvals"]] == ["executed"]
    tasks = say(gateway, demo_token, "what tasks are open for me this week")["reply"]
    assert "driveway" not in tasks


def test_a_change_asked_of_a_text_that_went_offers_a_follow_up(
    gateway: Gateway, demo_token: str
) -> None:
    texted = say(gateway, demo_token, "text Linda Albright that her gutters ship Friday")
    sid = texted["session_id"]

    shorter = say(
        gateway, demo_token, "Hmm, that's rather wordy for a text, could you trim it down?", sid
    )
    assert shorter["reply"].startswith("That text has gone already")
    assert "What should the follow-up text to Linda say?" in shorter["reply"]


def test_a_courtesy_followed_by_a_remark_is_answered_as_the_courtesy(
    gateway: Gateway, demo_token: str
) -> None:
    for said in (
        "Morning, Hard-E! I'm only just back from the dentist.",
        "Thanks so much, you've saved me a whole afternoon.",
    ):
        reply = say(gateway, demo_token, said)["reply"]
        assert not reply.startswith("Sorry"), (said, reply)


def test_a_scene_set_before_the_question_does_not_hide_it(
    gateway: Gateway, demo_token: str
) -> None:
    day = say(
        gateway, demo_token, "Since the site visits are all done, what does my own day look like?"
    )
    assert day["reply"].startswith("Here's your day")
    calls = say(
        gateway, demo_token, "With all of that in mind, who would you want me to ring first?"
    )
    assert "Call these first" in calls["reply"]
    queue = say(gateway, demo_token, "One quick thing: is something waiting for me to approve?")
    assert queue["reply"] == "Nothing is waiting for approval."


def test_notes_and_memories_asked_in_full_sentences_are_read(
    gateway: Gateway, demo_token: str
) -> None:
    notes = say(gateway, demo_token, "What's been logged against the Crowley roof to date?")
    assert notes["reply"].startswith("Notes on the Crowley")
    sid = say(gateway, demo_token, "Please remember that permits in Dublin take three weeks.")[
        "session_id"
    ]
    recalled = say(gateway, demo_token, "What did we ask you to keep in mind about permits?", sid)
    assert "Dublin take 3 weeks" in recalled["reply"]
    plate = say(gateway, demo_token, "What sorts of work could you take off our hands?")
    assert plate["reply"].startswith("I'm Hard-E")


def test_changes_to_money_the_workflow_or_the_books_are_admitted_not_looked_up(
    gateway: Gateway, demo_token: str
) -> None:
    for said in (
        "Would you update the contract price on the Keller windows to 14,500?",
        "Please add another workflow stage for jobs waiting on financing.",
        "Could you have the Ochoa estimate re-issued to her new address?",
        "What have we spent on Facebook advertising this quarter?",
    ):
        reply = say(gateway, demo_token, said)
        assert "can't" in reply["reply"], (said, reply["reply"])
        assert not [c for c in reply["tool_calls"] if c["name"] != "search_knowledge"], said


def test_another_reps_calendar_asked_again_keeps_the_day(gateway: Gateway, demo_token: str) -> None:
    first = say(gateway, demo_token, "What has Tasha Greene got on her calendar tomorrow?")
    again = say(gateway, demo_token, "And Marcus Bell, the same day?", first["session_id"])
    assert again["reply"].startswith("Nothing on Marcus Bell's calendar tomorrow") or (
        "tomorrow on Marcus Bell's calendar" in again["reply"]
    )


def test_a_reps_stale_bids_asked_politely_are_only_theirs(
    gateway: Gateway, demo_token: str
) -> None:
    luis = say(gateway, demo_token, "I'd like to see which quotes have gone cold for Luis, please.")
    assert luis["reply"].startswith("2 of Luis Ortega's bids")
    tasha = say(gateway, demo_token, "And the same for Tasha's, if you could.", luis["session_id"])
    assert tasha["reply"].startswith("1 of Tasha Greene's bids")


def test_the_person_who_reported_it_is_not_the_job_the_story_moves(
    gateway: Gateway, demo_token: str
) -> None:
    moved = say(
        gateway,
        demo_token,
        "Marcus tells me the Duffy family signed last night, so please move their roof to "
        "contract signed.",
    )["reply"]
    assert "Marcus" not in moved and "Duffy Roof Replacement" in moved
    finished = say(
        gateway,
        demo_token,
        "Glen says the crew wrapped up Mike Sullivan's siding, so please move it to punch list.",
    )["reply"]
    assert "Glen" not in finished and "Sullivan Siding Replacement" in finished


def test_where_a_job_belongs_said_with_who_works_it_is_a_move(
    gateway: Gateway, demo_token: str
) -> None:
    reply = say(
        gateway, demo_token, "The Mercer windows that Luis is measuring belong in bid being built."
    )["reply"]
    assert "Mercer Window Replacement" in reply and "Bid Being Built" in reply


def test_an_ok_to_a_booking_just_made_says_it_is_done_and_books_nothing_more(
    gateway: Gateway, demo_token: str
) -> None:
    booked = say(
        gateway,
        demo_token,
        "Please book a measure for Marcus with Steven Keller on Friday at 9 am.",
    )
    sid = booked["session_id"]
    assert "on Marcus Bell's calendar" in booked["reply"]

    ok = say(gateway, demo_token, "yep, pop it on his calendar", sid)
    assert ok["reply"].startswith("That's done already")
    moved = say(gateway, demo_token, "Actually, make that 11 o'clock instead.", sid)
    assert "at 11 am" in moved["reply"]
    thanked = say(gateway, demo_token, "Lovely, thanks so much.", sid)
    assert "that's all set" in thanked["reply"] and "at 11 am" in thanked["reply"]


def test_a_reps_visit_named_by_whose_it_is_is_found_to_move_or_cancel(
    gateway: Gateway, demo_token: str
) -> None:
    moved = say(gateway, demo_token, "And would you move Luis's Dawson site visit to 3 pm?")
    assert moved["reply"].startswith("Move Site visit — Dawson")
    cancelled = say(
        gateway, demo_token, "Please cancel Brianna's site visit with the Zimmermans on Saturday."
    )
    assert cancelled["reply"].startswith("Ready to cancel Site visit — Zimmerman")


def test_a_no_that_keeps_the_time_it_had_leaves_the_visit_where_it_is(
    gateway: Gateway, demo_token: str
) -> None:
    asked = say(gateway, demo_token, "would you move Luis's Dawson site visit to 3 pm?")
    assert asked["reply"].startswith("Move Site visit — Dawson")
    kept = say(gateway, demo_token, "Hmm, no, leave it at eight after all.", asked["session_id"])
    assert kept["reply"] == "Okay, I left it where it is."


def test_a_yes_said_with_cancel_cancels_only_a_waiting_cancellation(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a visit's cancellation waiting for its OK
    asked = say(gateway, demo_token, "Could you cancel Brianna's Zimmerman visit on Saturday?")
    assert asked["reply"].startswith("Ready to cancel Site visit — Zimmerman")

    # When the manager says yes with the verb
    done = say(gateway, demo_token, "Yeah, please cancel it.", asked["session_id"])

    # Then it is cancelled; the same words to an email waiting send nothing
    assert [a["status"] for a in done["approvals"]] == ["executed"]
    drafted = say(gateway, demo_token, "email Steven Keller that his bid is ready")
    said = say(gateway, demo_token, "Yes, go ahead and cancel it.", drafted["session_id"])
    assert "executed" not in [a["status"] for a in said["approvals"]]
    assert _approval(gateway, demo_token, drafted["approvals"][0]["id"])["status"] != "executed"

"""A rep in a truck on voice (batch X): "hold on" before a no or a question, a restart
("book a no wait move the …"), and a request it cannot do that must never come back as a
sentence with an empty name."""

from __future__ import annotations

from tests.conftest import Gateway
from tests.conversation.test_sanity import say


def test_hold_on_before_leave_it_keeps_the_appointment_where_it_is(
    gateway: Gateway, demo_token: str
) -> None:
    # Given a move of an appointment waiting for a yes
    asked = say(gateway, demo_token, "move the keller site visit to friday at ten")
    assert asked["reply"].startswith("Move Site visit — Keller")
    # When the rep says "hold on, leave it where it is"
    kept = say(gateway, demo_token, "hold on leave it where it is", asked["session_id"])
    # Then nothing moves, and it says so
    assert kept["reply"] == "Okay, I left it where it is."


def test_hold_on_before_a_question_in_a_booking_answers_the_question(
    gateway: Gateway, demo_token: str
) -> None:
    asked = say(gateway, demo_token, "book a bid review with jason underwood")
    between = say(
        gateway, demo_token, "uh hold on whats the stage on his windows", asked["session_id"]
    )["reply"]
    assert "Underwood Window Replacement" in between and "is in" in between


def test_a_restart_asks_only_what_was_said_after_no_wait(gateway: Gateway, demo_token: str) -> None:
    reply = say(
        gateway,
        demo_token,
        "book a no wait move the ellison walkthrough to thursday at nine thirty",
    )["reply"]
    assert reply.startswith("Move Final walkthrough — Ellison") and "9:30 am" in reply


def test_a_pipeline_sent_as_a_spreadsheet_is_admitted_never_an_empty_name(
    gateway: Gateway, demo_token: str
) -> None:
    for asked in (
        "email the whole pipeline to dana as a spreadsheet",
        "can you put every open bid into a spreadsheet for me",
    ):
        reply = say(gateway, demo_token, asked)["reply"]
        assert reply.startswith("Sorry Dana") and "for ." not in reply


def test_the_pipeline_of_a_teammate_with_no_jobs_says_so(gateway: Gateway, demo_token: str) -> None:
    reply = say(gateway, demo_token, "how does carla's pipeline look")["reply"]
    assert reply == "Carla Jimenez has no jobs in the pipeline."


def test_a_nah_change_to_a_text_that_went_offers_the_correction_with_the_new_time(
    gateway: Gateway, demo_token: str
) -> None:
    sent = say(gateway, demo_token, "text karen beckett the crew is coming thursday at nine")
    assert sent["reply"].endswith('"The crew is coming thursday at nine."')
    fix = say(gateway, demo_token, "nah change it to friday at ten", sent["session_id"])["reply"]
    assert fix.startswith("That text has gone already")
    assert 'Send Karen a correction: "Correction: the crew is coming friday at 10"?' in fix

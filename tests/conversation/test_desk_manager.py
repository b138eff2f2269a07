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

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
